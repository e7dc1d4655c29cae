//! Issue 12, roll-up: an objective without key results takes its score
//! from the objectives that support it (the mean of their scores, the
//! unscored left out), and its page says so.

mod common;

use common::okrs::objective;

use common::handbook::Handbook;

const BOOK: &str = "[book]\ntitle = \"Rolled\"\n";

const COMPANY: &str = "---\ntype: team\nname: Company\n---\nWe run the company.\n";
const WEB: &str = "---\ntype: team\nname: Web\nparent: company\n---\nWe build the website.\n";

/// No key results of its own: the mean of its supporters.
const GROW: &str = "---
title: Customers find and buy what they came for
period: 2026-Q4
team: company
allow: [too-few-key-results]
---
";

/// No key results, and nothing supports it.
const ALONE: &str = "---
title: A direction with nothing under it yet
period: 2026-Q4
team: company
allow: [too-few-key-results]
---
";

fn supporting(title: &str, value: Option<u32>) -> String {
    let checkins = match value {
        Some(v) => format!("    checkins:\n      - date: 2026-10-10\n        value: {v}\n"),
        None => String::new(),
    };
    format!(
        "---
title: {title}
period: 2026-Q4
team: web
parent: company/2026-Q4/grow
key_results:
  - title: A number
    baseline: 0
    target: 10
{checkins}---
"
    )
}

fn handbook() -> Handbook {
    Handbook::new()
        .config(BOOK)
        .file("content/teams/company.md", COMPANY)
        .file("content/teams/web.md", WEB)
        .file("content/company/2026-Q4/grow.md", GROW)
        .file("content/company/2026-Q4/alone.md", ALONE)
        .file(
            "content/web/2026-Q4/fast.md",
            supporting("Pages load fast", Some(6)),
        )
        .file(
            "content/web/2026-Q4/search.md",
            supporting("Search finds things", Some(2)),
        )
        .file(
            "content/web/2026-Q4/checkout.md",
            supporting("One checkout", None),
        )
}

#[test]
fn an_objective_without_key_results_scores_the_mean_of_its_supporters() {
    let built = handbook().build_as_of("2026-11-15");
    built.assert_success();
    let json = built.json("okrs.json");
    // (0.6 + 0.2) / 2; the unscored checkout is left out.
    let grow = objective(&json, "company/2026-Q4/grow");
    let score = grow["score"].as_f64().expect("a score");
    assert!((score - 0.4).abs() < 1e-9, "{grow}");
    // Expected 0.5 on 2026-11-15: 0.4 ≥ 0.35 → on-track.
    assert_eq!(grow["status"], "on-track");

    let page = built.main_of("company/2026-Q4/grow.html");
    assert!(page.contains("0.40"), "{page}");
    assert!(
        page.contains("score from 2 of 3 supporting objectives"),
        "{page}"
    );
    // The company's average counts the rolled-up score.
    let team = built.main_of("teams/company.html");
    assert!(team.contains("Average 0.40"), "{team}");
}

#[test]
fn nothing_to_roll_up_is_no_score() {
    let built = handbook().build_as_of("2026-11-15");
    built.assert_success();
    let json = built.json("okrs.json");
    let alone = objective(&json, "company/2026-Q4/alone");
    assert!(alone["score"].is_null(), "{alone}");
    assert_eq!(alone["status"], "no-data");
    let page = built.main_of("company/2026-Q4/alone.html");
    assert!(page.contains("not scored"), "{page}");
    assert!(!page.contains("supporting objective"), "{page}");
}

#[test]
fn a_private_supporter_changes_no_published_byte_of_a_roll_up() {
    // A private objective that supports the rolled-up one, scored 1.0: published,
    // it would lift the roll-up from 0.40 to 0.60.
    let private = supporting("Hush private push", Some(10)).replace(
        "parent: company/2026-Q4/grow\n",
        "parent: company/2026-Q4/grow\nvisibility: private\n",
    );
    let without = handbook().build_as_of("2026-11-15");
    let with = handbook()
        .file("content/web/2026-Q4/hush.md", private.clone())
        .build_as_of("2026-11-15");
    without.assert_success();
    with.assert_success();
    assert_eq!(
        without.files(),
        with.files(),
        "a private supporter changed the public site"
    );

    // The comparison can see it: with private objectives published, the
    // roll-up counts it.
    let shown = handbook()
        .file("content/web/2026-Q4/hush.md", private)
        .build_with("2026-11-15", &["--include-private"]);
    shown.assert_success();
    let json = shown.json("okrs.json");
    let grow = objective(&json, "company/2026-Q4/grow");
    let score = grow["score"].as_f64().expect("a score");
    assert!((score - 0.6).abs() < 1e-9, "{grow}");
}
