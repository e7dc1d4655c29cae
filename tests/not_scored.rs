//! Issue 12, "not scored is not zero": a key result with no result as of
//! the as-of date (no check-in on or before it, no hand `score`), or one
//! marked `score: n/a`, has no score. It is left out of every average, an
//! objective with no scored key result has none, pages say "not scored"
//! (never a red 0.00), okrs.json says `null`, and a running objective with
//! no result is `no-data`, not off track.

mod common;

use common::okrs::{close, key_result, objective};

use common::handbook::Handbook;

const BOOK: &str = "[book]\ntitle = \"Honest\"\n";

const TEAM: &str = "---\ntype: team\nname: Web\n---\nWe build the website.\n";

/// One key result checked in at 0.6 of the way, one never checked in.
const HALF: &str = "---
title: Pages load fast
period: 2026-Q4
team: web
key_results:
  - id: lcp
    title: Largest paint in ms
    baseline: 0
    target: 10
    checkins:
      - date: 2026-10-10
        value: 6
  - id: cls
    title: Layout shift
    baseline: 0
    target: 10
---
";

/// Never checked in at all.
const NOTHING: &str = "---
title: The shop runs on one checkout
period: 2026-Q4
team: web
key_results:
  - id: share
    title: Share of orders through the shared checkout
    baseline: 0
    target: 100
---
";

/// A key result marked not scored, with check-ins that would score it 1.0.
const MARKED: &str = "---
title: Search finds things
period: 2026-Q4
team: web
key_results:
  - id: views
    title: Searches ending in a product view
    baseline: 0
    target: 10
    checkins:
      - date: 2026-10-10
        value: 2
  - id: survey
    title: Survey satisfaction (survey cancelled)
    baseline: 0
    target: 10
    score: n/a
    checkins:
      - date: 2026-10-10
        value: 10
---
";

fn handbook() -> Handbook {
    Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q4/fast.md", HALF)
        .file("content/web/2026-Q4/checkout.md", NOTHING)
        .file("content/web/2026-Q4/search.md", MARKED)
}

#[test]
fn unscored_key_results_are_null_in_okrs_json_and_left_out_of_averages() {
    let built = handbook().build_as_of("2026-11-15");
    built.assert_success();
    let json = built.json("okrs.json");

    // 0.6 and a key result never checked in: 0.6, not (0.6 + 0) / 2.
    let fast = objective(&json, "web/2026-Q4/fast");
    close(&key_result(fast, "lcp")["score"], 0.6);
    assert!(key_result(fast, "cls")["score"].is_null());
    close(&fast["score"], 0.6);
    assert_eq!(fast["status"], "on-track");

    // Nothing checked in: no score, and no-data rather than off-track.
    let checkout = objective(&json, "web/2026-Q4/checkout");
    assert!(key_result(checkout, "share")["score"].is_null());
    assert!(checkout["score"].is_null(), "{checkout}");
    assert_eq!(checkout["status"], "no-data");

    // `score: n/a` is never scored, whatever its check-ins say: 0.2 alone.
    let search = objective(&json, "web/2026-Q4/search");
    assert!(key_result(search, "survey")["score"].is_null());
    // Marked on purpose, which a key result with no result yet is not.
    assert_eq!(key_result(search, "survey")["not_scored"], true);
    assert!(key_result(fast, "cls").get("not_scored").is_none());
    close(&search["score"], 0.2);
}

#[test]
fn pages_say_not_scored_instead_of_a_red_zero() {
    let built = handbook().build_as_of("2026-11-15");
    built.assert_success();

    let page = built.main_of("web/2026-Q4/checkout.html");
    assert!(page.contains("not scored"), "{page}");
    assert!(page.contains("No results yet"), "{page}");
    assert!(!page.contains("0.00"), "{page}");
    assert!(!page.contains("band-red"), "{page}");
    assert!(!page.contains("Off track"), "{page}");

    // The team's average leaves the unscored objective out:
    // (0.6 + 0.2) / 2 = 0.40, not (0.6 + 0 + 0.2) / 3 = 0.27.
    let team = built.main_of("teams/web.html");
    assert!(team.contains("Average 0.40"), "{team}");
    assert!(!team.contains("0.27"), "{team}");
    let period = built.main_of("periods/2026-Q4.html");
    assert!(period.contains("Average 0.40"), "{period}");
    assert!(
        period.contains("<dt>No results yet</dt><dd>1</dd>"),
        "{period}"
    );
    assert!(period.contains("<dt>Off track</dt><dd>0</dd>"), "{period}");
}

#[test]
fn an_ended_period_with_nothing_scored_has_no_score() {
    let built = handbook().build_as_of("2027-01-10");
    built.assert_success();
    let json = built.json("okrs.json");
    let checkout = objective(&json, "web/2026-Q4/checkout");
    assert!(checkout["score"].is_null());
    assert_eq!(checkout["status"], "final");
    let grading = built.main_of("grading.html");
    assert!(grading.contains("not scored"), "{grading}");
    // Average final score of Web: (0.6 + 0.2) / 2.
    assert!(grading.contains("Average 0.40"), "{grading}");
}

#[test]
fn an_unknown_word_as_a_score_is_an_error() {
    let run = handbook()
        .file(
            "content/web/2026-Q4/search.md",
            MARKED.replace("score: n/a", "score: maybe"),
        )
        .check_as_of("2026-11-15", &[]);
    run.assert_error("unknown-value");
    run.assert_stderr_contains("n/a");
}

/// Two ended periods in which nothing was scored are not two periods of
/// committed objectives all at 1.0.
#[test]
fn periods_where_nothing_was_scored_are_not_sandbagging() {
    let quiet = |period: &str| {
        format!(
            "---\ntitle: Quiet in {period}\nperiod: {period}\nteam: web\nkey_results:\n  - title: Something\n    baseline: 0\n    target: 10\n---\n"
        )
    };
    let run = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q2/quiet.md", quiet("2026-Q2"))
        .file("content/web/2026-Q3/quiet.md", quiet("2026-Q3"))
        .check_as_of("2026-11-15", &[]);
    assert!(!run.stderr().contains("sandbagging"), "{}", run.stderr());
}
