//! Issue 13: the home page's "needs attention" list: what needs a person
//! now in the current period. Key results off track or at risk, key results
//! whose latest check-in is older than `stale-after-days` (or that have none
//! while the period has run longer than that), and objectives without an
//! owner; each named by title with a link and a reason. Private objectives
//! stay out of it unless the build includes them.
//!
//! Built as of 2026-06-10: 2026-Q2 (April to June) is running, 77% through.

mod common;

use common::handbook::{Handbook, Run};

const AS_OF: &str = "2026-06-10";

fn team() -> Handbook {
    Handbook::new()
        .config("[book]\ntitle = \"Attention\"\n")
        .file(
            "content/teams/plat.md",
            "---\ntype: team\nname: Platform\nlead: Ana Silva\n---\n",
        )
}

/// An objective of plat in 2026-Q2 with front matter lines `head` and the
/// key results `krs` (YAML list items).
fn objective(head: &str, krs: &str) -> String {
    format!("---\nperiod: 2026-Q2\nteam: plat\n{head}key_results:\n{krs}---\nWhy.\n")
}

/// A metric from 0 to 10 owned by Ana, checked in at `value` on `date`.
fn kr(id: &str, title: &str, date: &str, value: u32) -> String {
    format!(
        "  - id: {id}\n    title: {title}\n    owner: Ana Silva\n    baseline: 0\n    target: 10\n    unit: deploys\n    checkins:\n      - date: {date}\n        value: {value}\n"
    )
}

/// On track, checked in recently, owned; and a milestone not done yet,
/// whose score of 0 says nothing about its pace.
fn healthy(book: Handbook) -> Handbook {
    book.file(
        "content/plat/2026-Q2/healthy.md",
        objective(
            "title: Deploys are boring\nowner: Ana Silva\n",
            &format!(
                "{}{}",
                kr("deploys", "Deploys without a page", "2026-06-01", 9),
                "  - id: canary\n    title: Canary stage guards every deploy\n    owner: Ana Silva\n    kind: milestone\n    checkins:\n      - date: 2026-06-03\n        value: false\n",
            ),
        ),
    )
}

fn troubled() -> Handbook {
    healthy(team())
        .file(
            "content/plat/2026-Q2/payouts.md",
            objective(
                "title: Payouts arrive *on time*\nowner: Ana Silva\n",
                &format!(
                    "{}{}",
                    kr("late", "Late payouts per week", "2026-06-01", 1),
                    kr("quiet", "Payout retries per day", "2026-04-10", 9),
                ),
            ),
        )
        .file(
            "content/plat/2026-Q2/orphan.md",
            objective(
                "title: Nobody owns this\n",
                &kr("fine", "Alerts with a runbook", "2026-06-05", 9),
            ),
        )
        .file(
            "content/plat/2026-Q2/secret.md",
            objective(
                "title: Acquire Initech\nowner: Ana Silva\nvisibility: private\n",
                &kr("deal", "Initech diligence items", "2026-06-01", 0),
            ),
        )
        // Off track, but in the period before: not now.
        .file(
            "content/plat/2026-Q1/old.md",
            objective(
                "title: Last quarter's goal\nowner: Ana Silva\n",
                &kr("old", "Old numbers", "2026-03-01", 0),
            )
            .replace("2026-Q2", "2026-Q1"),
        )
}

/// The home page's attention section.
#[track_caller]
fn attention(run: &Run) -> String {
    run.assert_success();
    let main = run.main_of("index.html");
    let start = main
        .find("<section class=\"attention\"")
        .unwrap_or_else(|| panic!("no attention section:\n{main}"));
    let rest = &main[start..];
    rest[..rest.find("</section>").expect("closed") + "</section>".len()].to_string()
}

/// The list items of the attention section.
fn items(section: &str) -> Vec<&str> {
    section
        .split("<li")
        .skip(1)
        .map(|item| &item[..item.find("</li>").expect("a closed item")])
        .collect()
}

#[test]
fn lists_what_needs_a_person_now() {
    let run = troubled().build_as_of(AS_OF);
    let section = attention(&run);
    assert!(section.contains("Needs attention"), "{section}");
    let items = items(&section);
    assert_eq!(items.len(), 3, "{section}");

    let late = items
        .iter()
        .find(|i| i.contains("Late payouts per week"))
        .expect("the off-track key result");
    assert!(
        late.contains("href=\"plat/2026-Q2/payouts.html#kr-late\""),
        "{late}"
    );
    assert!(
        late.contains("Payouts arrive <em>on time</em>"),
        "names its objective: {late}"
    );
    assert!(
        late.contains("href=\"plat/2026-Q2/payouts.html\""),
        "{late}"
    );
    assert!(late.contains("Off track"), "{late}");

    let quiet = items
        .iter()
        .find(|i| i.contains("Payout retries per day"))
        .expect("the stale key result");
    assert!(
        quiet.contains("href=\"plat/2026-Q2/payouts.html#kr-quiet\""),
        "{quiet}"
    );
    assert!(
        quiet.contains("last check-in on 2026-04-10, 61 days ago (more than 45)"),
        "{quiet}"
    );
    assert!(!quiet.contains("Off track"), "{quiet}");

    let orphan = items
        .iter()
        .find(|i| i.contains("Nobody owns this"))
        .expect("the objective without an owner");
    assert!(
        orphan.contains("href=\"plat/2026-Q2/orphan.html\""),
        "{orphan}"
    );
    assert!(orphan.contains("No owner"), "{orphan}");
    assert!(orphan.contains("nobody is named to answer"), "{orphan}");

    for absent in [
        "Deploys",
        "Canary",
        "Initech",
        "Old numbers",
        "Last quarter",
    ] {
        assert!(!section.contains(absent), "{absent} in {section}");
    }
}

#[test]
fn a_private_objective_shows_only_in_a_private_build() {
    let run = troubled().build_with(AS_OF, &["--include-private"]);
    let section = attention(&run);
    assert!(section.contains("Initech diligence items"), "{section}");
    assert_eq!(items(&section).len(), 4, "{section}");
}

#[test]
fn a_stale_threshold_from_book_toml_counts() {
    let run = troubled()
        .config("[book]\ntitle = \"Attention\"\n[okr]\nstale-after-days = 90\n")
        .build_as_of(AS_OF);
    let section = attention(&run);
    assert!(!section.contains("Payout retries per day"), "{section}");
    assert_eq!(items(&section).len(), 2, "{section}");
}

#[test]
fn a_key_result_never_checked_in_counts_once_the_period_has_run_long_enough() {
    let run = healthy(team())
        .file(
            "content/plat/2026-Q2/silent.md",
            objective(
                "title: Quiet goal\nowner: Ana Silva\n",
                "  - id: never\n    title: Never measured\n    owner: Ana Silva\n    baseline: 0\n    target: 10\n    unit: things\n",
            ),
        )
        .build_as_of(AS_OF);
    let section = attention(&run);
    let items = items(&section);
    assert_eq!(items.len(), 1, "{section}");
    assert!(items[0].contains("Never measured"), "{section}");
    assert!(
        items[0].contains("no check-in yet, and 2026-Q2 started 70 days ago (more than 45)"),
        "{section}"
    );
}

#[test]
fn nothing_needs_attention_in_a_healthy_handbook() {
    let run = healthy(team()).build_as_of(AS_OF);
    let section = attention(&run);
    assert!(section.contains("Nothing needs attention"), "{section}");
    assert!(items(&section).is_empty(), "{section}");
}
