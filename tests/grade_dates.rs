//! Issue 12, "grades have dates": an objective's `grade.score` and a key
//! result's hand `score` count only from their date (`grade.date`, the key
//! result's `scored_on`), else from the last day of the period. Before it
//! the pages show the running state; on and after it, the grade.

mod common;

use common::okrs::{close, key_result, objective};

use common::handbook::Handbook;

const BOOK: &str = "[book]\ntitle = \"Dated\"\n";

const TEAM: &str = "---\ntype: team\nname: Web\n---\nWe build the website.\n";

/// Checked in at 0.5; graded 0.9 on 2026-12-10, within the period.
const DATED: &str = "---
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
        value: 5
grade:
  score: 0.9
  date: 2026-12-10
  learned: Images were the bottleneck.
  next: done
---
";

/// Checked in at 0.4; graded 0.8 with no date; a key result scored by hand
/// (0.7) from 2026-11-20, and one scored by hand with no date.
const UNDATED: &str = "---
title: Search finds things
period: 2026-Q4
team: web
key_results:
  - id: views
    title: Searches ending in a product view
    baseline: 0
    target: 10
    score: 0.7
    scored_on: 2026-11-20
    checkins:
      - date: 2026-10-10
        value: 4
  - id: clicks
    title: Clicks on the first result
    baseline: 0
    target: 10
    score: 0.1
    checkins:
      - date: 2026-10-10
        value: 4
grade:
  score: 0.8
  learned: Ranking mattered more than recall.
---
";

fn build(as_of: &str) -> common::handbook::Run {
    let built = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q4/fast.md", DATED)
        .file("content/web/2026-Q4/search.md", UNDATED)
        .build_as_of(as_of);
    built.assert_success();
    built
}

#[test]
fn a_dated_grade_counts_from_its_date_and_not_the_day_before() {
    // The day before: the running state, computed 0.5 and a running status.
    let before = build("2026-12-09");
    let fast = objective(&before.json("okrs.json"), "web/2026-Q4/fast").clone();
    close(&fast["score"], 0.5);
    assert_ne!(fast["status"], "final");
    let page = before.main_of("web/2026-Q4/fast.html");
    assert!(page.contains("0.50"), "{page}");
    assert!(!page.contains("0.90"), "{page}");
    assert!(!page.contains("Images were the bottleneck."), "{page}");
    assert!(!page.contains("Final score"), "{page}");

    // On its date: the grade, final, with what was learned.
    let on = build("2026-12-10");
    let fast = objective(&on.json("okrs.json"), "web/2026-Q4/fast").clone();
    close(&fast["score"], 0.9);
    assert_eq!(fast["status"], "final");
    let page = on.main_of("web/2026-Q4/fast.html");
    assert!(page.contains("0.90"), "{page}");
    assert!(page.contains("Images were the bottleneck."), "{page}");
    // The day after, still the grade.
    let after = build("2026-12-11");
    close(
        &objective(&after.json("okrs.json"), "web/2026-Q4/fast").clone()["score"],
        0.9,
    );
}

#[test]
fn an_undated_grade_counts_from_the_last_day_of_its_period() {
    let before = build("2026-12-30");
    let search = objective(&before.json("okrs.json"), "web/2026-Q4/search").clone();
    // views: hand 0.7 (counts since 2026-11-20); clicks: its undated hand
    // score waits too, so its progress 0.4 stands: (0.7 + 0.4) / 2.
    close(&search["score"], 0.55);
    assert_ne!(search["status"], "final");
    let page = before.main_of("web/2026-Q4/search.html");
    assert!(
        !page.contains("Ranking mattered more than recall."),
        "{page}"
    );

    let last_day = build("2026-12-31");
    let search = objective(&last_day.json("okrs.json"), "web/2026-Q4/search").clone();
    close(&search["score"], 0.8);
    assert_eq!(search["status"], "final");
    close(&key_result(&search, "clicks")["score"], 0.1);
    let page = last_day.main_of("web/2026-Q4/search.html");
    assert!(
        page.contains("Ranking mattered more than recall."),
        "{page}"
    );
}

#[test]
fn a_hand_score_counts_from_scored_on() {
    // The day before scored_on: the check-ins decide, 0.4.
    let before = build("2026-11-19");
    let search = objective(&before.json("okrs.json"), "web/2026-Q4/search").clone();
    close(&key_result(&search, "views")["score"], 0.4);
    close(&search["score"], 0.4);
    let page = before.main_of("web/2026-Q4/search.html");
    assert!(!page.contains("0.70"), "{page}");
    assert!(!page.contains("by hand"), "{page}");

    // On it: the hand score, 0.7; the undated one still waits.
    let on = build("2026-11-20");
    let search = objective(&on.json("okrs.json"), "web/2026-Q4/search").clone();
    close(&key_result(&search, "views")["score"], 0.7);
    close(&key_result(&search, "clicks")["score"], 0.4);
    let page = on.main_of("web/2026-Q4/search.html");
    assert!(page.contains("0.70"), "{page}");
    // The key result's chart marks the hand score (0.7 of 0 → 10: 7), so
    // chart and header agree; the undated one is not drawn yet.
    assert!(page.contains("hand score 0.70"), "{page}");
    assert!(
        page.contains("Scored 0.70 by hand from 2026-11-20."),
        "{page}"
    );
    assert!(!page.contains("hand score 0.10"), "{page}");
    // The objective's progress chart ends where its header does: a point on
    // the day the hand score starts to count, (0.7 + 0.4) / 2.
    close(&search["score"], 0.55);
    assert!(
        page.contains("<th scope=\"row\">2026-11-20</th><td>0.55</td>"),
        "{page}"
    );
}

#[test]
fn a_bad_scored_on_is_an_error() {
    let run = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file(
            "content/web/2026-Q4/search.md",
            UNDATED.replace("scored_on: 2026-11-20", "scored_on: soon"),
        )
        .check_as_of("2026-11-15", &[]);
    run.assert_error("bad-date");
}
