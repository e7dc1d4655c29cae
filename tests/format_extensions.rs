//! Issue 12, "the format holds real OKRs": what real organizations write
//! and okrbook could not say before: priorities, several owners and teams
//! as owners, status updates without a value, key results carried into the
//! next period, the authors' order and a team's former names. Each shape
//! is built into a site and read back from its pages and `okrs.json`.

mod common;

use common::handbook::Handbook;
use common::okrs::{close, key_result, objective};

const BOOK: &str = "[book]\ntitle = \"Formats\"\n";

const ORG: &str = "---\ntype: team\nname: Lanternfish\n---\n";
const CODECS: &str =
    "---\ntype: team\nname: Codecs WG\nparent: lanternfish\nlead: Ines Varga\n---\n";

/// Priorities as IPLD writes them (lowercase), two owners, a team owner.
const STABLE: &str = "---
title: Codecs are stable enough to pin
period: 2026-Q1
team: codecs
owner: [Ines Varga, Tomasz Reyes]
key_results:
  - id: fuzzed
    title: The CBOR codec survives 30 days of fuzzing
    priority: p1
    owner: [Ines Varga, Tomasz Reyes]
    kind: milestone
    checkins:
      - date: 2026-02-14
        value: false
  - id: pinned
    title: 3 downstream projects pin a 1.x release
    priority: P0
    owner: codecs
    baseline: 0
    target: 3
    checkins:
      - date: 2026-02-14
        value: 1
  - id: docs
    title: Every codec has a worked example
    kind: milestone
---
";

fn handbook() -> Handbook {
    Handbook::new()
        .config(BOOK)
        .file("content/teams/lanternfish.md", ORG)
        .file("content/teams/codecs.md", CODECS)
        .file("content/codecs/2026-Q1/stable.md", STABLE)
}

#[test]
fn priorities_are_shown_in_the_authors_order_and_exported() {
    let built = handbook().build_as_of("2026-02-20");
    built.assert_success();
    let page = built.main_of("codecs/2026-Q1/stable.html");
    // Written p1 then P0: the page keeps that order and spells both as configured.
    let p1 = page.find(">P1<").expect("the p1 badge");
    let p0 = page.find(">P0<").expect("the P0 badge");
    assert!(p1 < p0, "authors' order kept: {page}");
    assert!(page.contains("data-priority=\"0\""), "{page}");
    assert!(page.contains("data-sort=\"priority\""), "{page}");
    let json = built.json("okrs.json");
    let stable = objective(&json, "codecs/2026-Q1/stable");
    assert_eq!(key_result(stable, "fuzzed")["priority"], "P1");
    assert_eq!(key_result(stable, "pinned")["priority"], "P0");
    assert!(key_result(stable, "docs")["priority"].is_null());
}

#[test]
fn priority_labels_come_from_book_toml_and_unknown_ones_are_errors() {
    let custom = handbook()
        .config("[book]\ntitle = \"F\"\n[okr]\npriorities = [\"must\", \"should\", \"could\"]\n")
        .file(
            "content/codecs/2026-Q1/stable.md",
            STABLE.replace("p1", "Should").replace("P0", "must"),
        );
    let built = custom.build_as_of("2026-02-20");
    built.assert_success();
    let page = built.main_of("codecs/2026-Q1/stable.html");
    assert!(
        page.contains(">should<") && page.contains(">must<"),
        "{page}"
    );

    let checked = handbook().check_as_of("2026-02-20", &[]);
    checked.assert_success();
    let wrong = handbook()
        .file(
            "content/codecs/2026-Q1/stable.md",
            STABLE.replace("priority: p1", "priority: P9"),
        )
        .check_as_of("2026-02-20", &[]);
    wrong.assert_error("unknown-value");
    let stderr = wrong.stderr();
    assert!(
        stderr.contains("stable.md:9:15"),
        "points at the value: {stderr}"
    );
    assert!(stderr.contains("`priority: P9`"), "{stderr}");
    assert!(stderr.contains("P0, P1, P2, P3, P4"), "{stderr}");
}

#[test]
fn several_owners_each_get_a_page_and_a_team_owner_links_to_its_team() {
    let built = handbook().build_as_of("2026-02-20");
    built.assert_success();
    let page = built.main_of("codecs/2026-Q1/stable.html");
    assert!(page.contains("<dt>Owners</dt>"), "{page}");
    assert!(
        page.contains("href=\"../../people/ines-varga.html\">Ines Varga</a>, <a href=\"../../people/tomasz-reyes.html\">Tomasz Reyes</a>"),
        "{page}"
    );
    // The team owner is a link to the team's page, not a person's.
    assert!(
        page.contains("href=\"../../teams/codecs.html\">Codecs WG</a>"),
        "{page}"
    );
    let files = built.file_list();
    assert!(
        !files.iter().any(|f| f == "people/codecs.html"),
        "{files:?}"
    );
    // Both people list the key result they share.
    for person in ["people/ines-varga.html", "people/tomasz-reyes.html"] {
        let html = built.main_of(person);
        assert!(
            html.contains("The CBOR codec survives 30 days of fuzzing"),
            "{person}: {html}"
        );
        assert!(html.contains("Codecs are stable enough to pin"), "{html}");
    }
    // The team lists the key result it owns.
    let team = built.main_of("teams/codecs.html");
    assert!(team.contains("Key results Codecs WG owns"), "{team}");
    assert!(
        team.contains("3 downstream projects pin a 1.x release"),
        "{team}"
    );
    let json = built.json("okrs.json");
    let stable = objective(&json, "codecs/2026-Q1/stable");
    assert_eq!(
        stable["owners"],
        serde_json::json!(["Ines Varga", "Tomasz Reyes"])
    );
    assert_eq!(stable["owner"], "Ines Varga");
    assert_eq!(
        key_result(stable, "pinned")["owners"],
        serde_json::json!(["codecs"])
    );
}

/// A milestone with one value and later status updates in words only.
const UPDATES: &str = "---
title: Users find the advanced search
period: 2026-Q1
team: codecs
owner: Ola Brandt
key_results:
  - id: default-on
    title: Interactive search is on by default
    owner: Ola Brandt
    kind: milestone
    checkins:
      - date: 2026-01-10
        value: false
      - date: 2026-03-18
        note: Behind a flag for two customers.
  - id: visits
    title: Weekly visits to /search
    owner: Ola Brandt
    baseline: 100
    target: 200
    checkins:
      - date: 2026-01-10
        value: 150
      - date: 2026-03-18
        note: Flat since February.
        blockers: Nobody owns the dashboard.
---
";

#[test]
fn status_updates_count_for_staleness_not_for_the_score() {
    let book = "[book]\ntitle = \"F\"\n[okr]\nstale-after-days = 30\n";
    let with_updates = handbook()
        .config(book)
        .file("content/codecs/2026-Q1/search.md", UPDATES);
    let built = with_updates.build_as_of("2026-03-25");
    built.assert_success();
    let json = built.json("okrs.json");
    let search = objective(&json, "codecs/2026-Q1/search");
    // The update has no value: the score stays where the last value put it.
    close(&key_result(search, "visits")["score"], 0.5);
    close(&key_result(search, "visits")["current"], 150.0);
    close(&key_result(search, "default-on")["score"], 0.0);
    let page = built.main_of("codecs/2026-Q1/search.html");
    assert!(page.contains("Flat since February."), "{page}");
    assert!(page.contains("Nobody owns the dashboard."), "{page}");
    assert!(
        page.contains("<span class=\"meta\">update</span>"),
        "{page}"
    );
    // The update on 18 March is recent: no stale-check-in for either key result.
    let stale_in_search = |stderr: &str| {
        stderr
            .lines()
            .filter(|l| l.contains("search.md") && l.contains("stale-check-in"))
            .count()
    };
    let checked = with_updates.check_as_of("2026-03-25", &[]);
    assert_eq!(
        stale_in_search(&checked.stderr()),
        0,
        "{}",
        checked.stderr()
    );
    // Without the updates, the last check-in is 74 days old: stale.
    let without = handbook().config(book).file(
        "content/codecs/2026-Q1/search.md",
        UPDATES
            .replace(
                "      - date: 2026-03-18\n        note: Behind a flag for two customers.\n",
                "",
            )
            .replace(
                "      - date: 2026-03-18\n        note: Flat since February.\n        blockers: Nobody owns the dashboard.\n",
                "",
            ),
    );
    let stale = without.check_as_of("2026-03-25", &[]);
    assert_eq!(stale_in_search(&stale.stderr()), 2, "{}", stale.stderr());
}

#[test]
fn a_check_in_with_neither_value_nor_note_is_an_error() {
    let empty = handbook()
        .file(
            "content/codecs/2026-Q1/search.md",
            UPDATES.replace("        note: Flat since February.\n", ""),
        )
        .check_as_of("2026-03-25", &[]);
    empty.assert_error("missing-field");
    let stderr = empty.stderr();
    assert!(stderr.contains("no `value` and no `note`"), "{stderr}");
    assert!(stderr.contains("search.md:24:"), "{stderr}");
}

const NEXT: &str = "---
title: Codecs are pinned everywhere
period: 2026-Q2
team: codecs
owner: Ines Varga
key_results:
  - id: fuzzed
    title: The CBOR codec survives 30 days of fuzzing
    carried_from: codecs/2026-Q1/stable#fuzzed
    owner: Ines Varga
    kind: milestone
---
";

#[test]
fn a_key_result_carried_from_an_earlier_period_links_to_it() {
    let built = handbook()
        .file("content/codecs/2026-Q2/pinned.md", NEXT)
        .build_as_of("2026-04-20");
    built.assert_success();
    let page = built.main_of("codecs/2026-Q2/pinned.html");
    assert!(page.contains("<dt>Carried from</dt>"), "{page}");
    assert!(
        page.contains("href=\"../../codecs/2026-Q1/stable.html#kr-fuzzed\">The CBOR codec survives 30 days of fuzzing (2026-Q1)</a>"),
        "{page}"
    );
    let json = built.json("okrs.json");
    let pinned = objective(&json, "codecs/2026-Q2/pinned");
    assert_eq!(
        key_result(pinned, "fuzzed")["carried_from"],
        "codecs/2026-Q1/stable#fuzzed"
    );
}

#[test]
fn a_carried_key_result_that_names_nothing_or_no_earlier_period_is_an_error() {
    for (reference, code, says) in [
        (
            "codecs/2026-Q1/stabel#fuzzed",
            "unknown-carried-from",
            "did you mean `codecs/2026-Q1/stable#fuzzed`?",
        ),
        (
            "codecs/2026-Q1/stable#fuzzd",
            "unknown-key-result",
            "did you mean `codecs/2026-Q1/stable#fuzzed`?",
        ),
        (
            "codecs/2026-Q1/stable",
            "unknown-key-result",
            "does not say which key result",
        ),
    ] {
        let run = handbook()
            .file(
                "content/codecs/2026-Q2/pinned.md",
                NEXT.replace("codecs/2026-Q1/stable#fuzzed", reference),
            )
            .check_as_of("2026-04-20", &[]);
        run.assert_error(code);
        let stderr = run.stderr();
        assert!(stderr.contains(says), "{reference}: {stderr}");
        assert!(stderr.contains("pinned.md:9:19"), "{reference}: {stderr}");
    }
    // Carried "from" a later period.
    let backwards = handbook()
        .file(
            "content/codecs/2025-Q4/old.md",
            NEXT.replace("2026-Q2", "2025-Q4"),
        )
        .check_as_of("2026-04-20", &[]);
    backwards.assert_error("carried-from-not-earlier");
}

#[test]
fn a_key_result_carried_from_a_private_objective_publishes_no_trace_of_it() {
    let private = STABLE.replace(
        "period: 2026-Q1\n",
        "period: 2026-Q1\nvisibility: private\n",
    );
    let built = handbook()
        .file("content/codecs/2026-Q1/stable.md", private)
        .file("content/codecs/2026-Q2/pinned.md", NEXT)
        .build_as_of("2026-04-20");
    built.assert_success();
    for (path, bytes) in built.files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("codecs/2026-Q1/stable"),
            "{path} names the private objective"
        );
    }
    let page = built.main_of("codecs/2026-Q2/pinned.html");
    assert!(!page.contains("Carried from"), "{page}");
}

#[test]
fn objectives_keep_the_authors_order_within_a_team_and_period() {
    let objective = |title: &str, order: &str| {
        format!("---\ntitle: {title}\nperiod: 2026-Q1\nteam: codecs\nowner: Ines Varga\n{order}key_results:\n  - title: A thing is done\n    kind: milestone\n---\n")
    };
    let built = handbook()
        .file(
            "content/codecs/2026-Q1/stable.md",
            objective("Zebra first", "order: 1\n"),
        )
        .file(
            "content/codecs/2026-Q1/alpha.md",
            objective("Alpha second", "order: 2\n"),
        )
        .file(
            "content/codecs/2026-Q1/middle.md",
            objective("Middle last, no order", ""),
        )
        .build_as_of("2026-04-20");
    built.assert_success();
    for page in [
        "teams/codecs.html",
        "periods/2026-Q1.html",
        "cascade/2026-Q1.html",
        "grading.html",
        "people/ines-varga.html",
    ] {
        let html = built.main_of(page);
        let at = |title: &str| {
            html.find(title)
                .unwrap_or_else(|| panic!("{title} on {page}: {html}"))
        };
        assert!(at("Zebra first") < at("Alpha second"), "{page}: {html}");
        assert!(at("Alpha second") < at("Middle last"), "{page}: {html}");
    }
}

#[test]
fn a_renamed_team_keeps_its_history_under_its_current_name() {
    let renamed = "---\ntype: team\nname: Persistence WG\nparent: lanternfish\nformerly: [storage-wg, Storage WG]\n---\n";
    let old = "---\ntitle: Blocks survive a restart\nperiod: 2026-Q1\nteam: storage-wg\nowner: Ada Park\nkey_results:\n  - title: No block is lost in 30 restarts\n    owner: storage-wg\n    kind: milestone\n---\n";
    let new = "---\ntitle: Sync works offline\nperiod: 2026-Q2\nteam: persistence-wg\nowner: Ada Park\nkey_results:\n  - title: Edits made offline merge cleanly\n    kind: milestone\n---\n";
    let built = handbook()
        .file("content/teams/persistence-wg.md", renamed)
        .file("content/storage-wg/2026-Q1/blocks.md", old)
        .file("content/persistence-wg/2026-Q2/sync.md", new)
        .build_as_of("2026-04-20");
    built.assert_success();
    let team = built.main_of("teams/persistence-wg.html");
    assert!(team.contains("Formerly storage-wg, Storage WG"), "{team}");
    assert!(team.contains("Blocks survive a restart"), "{team}");
    assert!(team.contains("Sync works offline"), "{team}");
    assert!(team.contains("No block is lost in 30 restarts"), "{team}");
    // The page of the old objective stays where its source is.
    assert!(built
        .file_list()
        .iter()
        .any(|f| f == "storage-wg/2026-Q1/blocks.html"));
    let json = built.json("okrs.json");
    assert_eq!(
        objective(&json, "storage-wg/2026-Q1/blocks")["team"],
        "persistence-wg"
    );

    // A former name may not be another team's id.
    let clash = handbook()
        .file(
            "content/teams/persistence-wg.md",
            renamed.replace("storage-wg", "codecs"),
        )
        .check_as_of("2026-04-20", &[]);
    clash.assert_error("duplicate-id");
    assert!(
        clash.stderr().contains("is already the team \"Codecs WG\""),
        "{}",
        clash.stderr()
    );
}
