//! Issue 12, real organizations' OKRs: fiscal years named after the year
//! they end in. GitLab's FY2027 runs from 1 February 2026 to 31 January 2027
//! (`quarter-start-month = 2`, `fiscal-year-named-by = "end"`); the same
//! days written the default way, named after the start year, are FY2026.
//! Both handbooks below hold the same objectives over the same days, one
//! under each naming: what a reader sees about those days must not differ.

mod common;

use common::handbook::{Handbook, Run};
use common::okrs::{close, objective};

const TEAM: &str = "---\ntype: team\nname: Web\n---\nWe build the website.\n";

/// Halfway to its target on 2026-11-10; runs in the quarter that holds the as-of date.
fn running(quarter: &str) -> String {
    format!(
        "---
title: Checkout is fast
period: {quarter}
team: web
key_results:
  - title: Pages under a second
    baseline: 0
    target: 10
    checkins:
      - date: 2026-11-10
        value: 5
  - title: Checkout under two seconds
    baseline: 0
    target: 10
    checkins:
      - date: 2026-11-10
        value: 5
---
"
    )
}

/// Checked in at 0.4, then graded 0.9 with no date: the grade counts from
/// the last day of the quarter, 31 October 2026.
fn ended(quarter: &str) -> String {
    format!(
        "---
title: Search finds things
period: {quarter}
team: web
key_results:
  - title: Searches ending in a product view
    baseline: 0
    target: 10
    checkins:
      - date: 2026-09-10
        value: 4
  - title: Clicks on the first result
    baseline: 0
    target: 10
    checkins:
      - date: 2026-09-10
        value: 4
grade:
  score: 0.9
  learned: Ranking mattered more than recall.
---
"
    )
}

/// An objective over `period` with nothing checked in.
fn plain(period: &str, title: &str) -> String {
    format!(
        "---
title: {title}
period: {period}
team: web
key_results:
  - title: Something measured
    target: 10
  - title: Something else measured
    target: 10
---
"
    )
}

/// The handbook as of 2026-11-20 under `named_by`, with its fiscal year
/// named `year` (2027 for "end", 2026 for "start").
fn build(named_by: &str, year: u32) -> Run {
    let config = format!(
        "[book]\ntitle = \"Fiscal\"\n\n[okr]\nquarter-start-month = 2\nfiscal-year-named-by = \"{named_by}\"\n"
    );
    let built = Handbook::new()
        .config(&config)
        .file("content/teams/web.md", TEAM)
        .file(
            &format!("content/web/{year}-Q4/fast.md"),
            running(&format!("{year}-Q4")),
        )
        .file(
            &format!("content/web/{year}-Q3/search.md"),
            ended(&format!("{year}-Q3")),
        )
        .file(
            &format!("content/web/{year}-H2/mobile.md"),
            plain(&format!("{year}-H2"), "The shop works on phones"),
        )
        .file(
            &format!("content/web/{year}/grow.md"),
            plain(&format!("{year}"), "The shop grows"),
        )
        .build_as_of("2026-11-20");
    built.assert_success();
    built
}

/// What both namings must show for the same days.
fn assert_the_days(built: &Run, year: u32) {
    let q3 = format!("{year}-Q3");
    let q4 = format!("{year}-Q4");

    // The default current period is the quarter holding 2026-11-20.
    let home = built.main_of("index.html");
    assert!(home.contains(&format!("{q4} at a glance")), "{home}");
    // 20 of its 92 days have passed: 22%.
    assert!(
        home.contains("22% of the period has passed (2026-11-01 to 2027-01-31)"),
        "{home}"
    );

    // The period's page says which days it is.
    let period = built.main_of(&format!("periods/{q4}.html"));
    assert!(
        period.contains(&format!(
            "<h1>{q4}</h1>\n<p class=\"period-dates\">1 Nov 2026 – 31 Jan 2027</p>"
        )),
        "{period}"
    );
    assert!(
        period.contains("22% of the period has passed (2026-11-01 to 2027-01-31)"),
        "{period}"
    );
    let period = built.main_of(&format!("periods/{q3}.html"));
    assert!(period.contains("1 Aug – 31 Oct 2026"), "{period}");
    assert!(
        period.contains("Ended on 2026-10-31; scores are final."),
        "{period}"
    );
    let period = built.main_of(&format!("periods/{year}-H2.html"));
    assert!(period.contains("1 Aug 2026 – 31 Jan 2027"), "{period}");
    let period = built.main_of(&format!("periods/{year}.html"));
    assert!(period.contains("1 Feb 2026 – 31 Jan 2027"), "{period}");

    // So does an objective's header, next to the period's name.
    let page = built.main_of(&format!("web/{q4}/fast.html"));
    assert!(
        page.contains(&format!(
            "<dt>Period</dt><dd><a href=\"../../periods/{q4}.html\">{q4}</a> <span class=\"meta period-dates\">1 Nov 2026 – 31 Jan 2027</span></dd>"
        )),
        "{page}"
    );
    assert!(page.contains("22% of the period passed"), "{page}");
    let page = built.main_of(&format!("web/{q3}/search.html"));
    assert!(page.contains("1 Aug – 31 Oct 2026"), "{page}");
    // The quarter has ended, so its undated grade counts.
    assert!(
        page.contains("Ranking mattered more than recall."),
        "{page}"
    );
    assert!(page.contains("0.90"), "{page}");

    let json = built.json("okrs.json");
    let fast = objective(&json, &format!("web/{q4}/fast"));
    assert_eq!(fast["period"], q4.as_str());
    close(&fast["score"], 0.5);
    // 0.5 against 20/92 expected: on track.
    assert_eq!(fast["status"], "on-track");
    let search = objective(&json, &format!("web/{q3}/search"));
    assert_eq!(search["period"], q3.as_str());
    close(&search["score"], 0.9);
    assert_eq!(search["status"], "final");
    // The half and the year are running; nothing is checked in.
    for id in [format!("web/{year}-H2/mobile"), format!("web/{year}/grow")] {
        assert_eq!(objective(&json, &id)["status"], "no-data", "{id}");
    }

    // The ended quarter is in the grading history; the running ones are not.
    let grading = built.main_of("grading.html");
    assert!(grading.contains(&format!(">{q3}</a>")), "{grading}");
    assert!(!grading.contains(&format!(">{q4}</a>")), "{grading}");

    // The feed dates the grade on the quarter's last day.
    let feed = built.file("feed.xml");
    let grade = feed
        .split("<entry>")
        .find(|e| e.contains(&format!("web/{q3}/search.html#grade\"")))
        .unwrap_or_else(|| panic!("the grade is in the feed:\n{feed}"));
    assert!(grade.contains("2026-10-31"), "{grade}");
}

#[test]
fn a_fiscal_year_named_after_its_end_runs_the_year_before() {
    let built = build("end", 2027);
    assert_the_days(&built, 2027);
}

#[test]
fn the_same_days_named_after_the_start_year() {
    let built = build("start", 2026);
    assert_the_days(&built, 2026);
}

#[test]
fn both_namings_say_the_same_about_the_same_days() {
    let end = build("end", 2027);
    let start = build("start", 2026);
    let end_json = end.file("okrs.json").replace("2027", "YEAR");
    let start_json = start
        .file("okrs.json")
        .replace("2026-Q", "YEAR-Q")
        .replace("2026-H", "YEAR-H")
        .replace("/2026/", "/YEAR/")
        .replace("\"2026\"", "\"YEAR\"");
    assert_eq!(end_json, start_json);
}

#[test]
fn a_calendar_year_has_one_naming_and_no_date_line() {
    // With quarter-start-month = 1 the two namings are the same year, and
    // a period's name already says its days.
    for named_by in ["start", "end"] {
        let config = format!(
            "[book]\ntitle = \"Calendar\"\n\n[okr]\nfiscal-year-named-by = \"{named_by}\"\n"
        );
        let built = Handbook::new()
            .config(&config)
            .file("content/teams/web.md", TEAM)
            .file("content/web/2026-Q4/fast.md", running("2026-Q4"))
            .build_as_of("2026-11-20");
        built.assert_success();
        let period = built.main_of("periods/2026-Q4.html");
        assert!(period.contains("<h1>2026-Q4</h1>"), "{period}");
        assert!(!period.contains("period-dates"), "{period}");
        assert!(
            period.contains("(2026-10-01 to 2026-12-31)"),
            "{named_by}: {period}"
        );
        let page = built.main_of("web/2026-Q4/fast.html");
        assert!(!page.contains("period-dates"), "{page}");
    }
}

#[test]
fn a_bad_naming_is_a_config_error_with_the_closest_word() {
    let built = Handbook::new()
        .config("[book]\ntitle = \"Fiscal\"\n\n[okr]\nquarter-start-month = 2\nfiscal-year-named-by = \"ending\"\n")
        .file("content/teams/web.md", TEAM)
        .check_as_of("2026-11-20", &[]);
    built
        .assert_code(1)
        .assert_error("unknown-value")
        .assert_stderr_contains("book.toml:6:1")
        .assert_stderr_contains("`fiscal-year-named-by` is \"ending\"")
        .assert_stderr_contains("\"end\"");
    let built = Handbook::new()
        .config("[okr]\nfiscal-year-named-by = \"strat\"\n")
        .check_as_of("2026-11-20", &[]);
    built
        .assert_error("unknown-value")
        .assert_stderr_contains("did you mean \"start\"?");
}

#[test]
fn staleness_follows_the_naming() {
    // The year and the half have run since 1 February and 1 August 2026
    // under both namings, with no check-in: stale. The quarter checked in
    // ten days ago is not; the ended quarter is not running.
    for (named_by, year) in [("end", 2027), ("start", 2026)] {
        let config = format!(
            "[book]\ntitle = \"Fiscal\"\n\n[okr]\nquarter-start-month = 2\nfiscal-year-named-by = \"{named_by}\"\n"
        );
        let run = Handbook::new()
            .config(&config)
            .file("content/teams/web.md", TEAM)
            .file(
                &format!("content/web/{year}-Q4/fast.md"),
                running(&format!("{year}-Q4")),
            )
            .file(
                &format!("content/web/{year}-H2/mobile.md"),
                plain(&format!("{year}-H2"), "The shop works on phones"),
            )
            .file(
                &format!("content/web/{year}/grow.md"),
                plain(&format!("{year}"), "The shop grows"),
            )
            .check_as_of("2026-11-20", &[]);
        run.assert_success();
        let stderr = run.stderr();
        let stale: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains("has no check-in"))
            .collect();
        assert_eq!(stale.len(), 4, "{named_by}: {stderr}");
        assert!(
            stderr.contains(&format!("{year} started 292 days before 2026-11-20")),
            "{named_by}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("{year}-H2 started 111 days before 2026-11-20")),
            "{named_by}: {stderr}"
        );
        assert!(
            !stderr
                .lines()
                .any(|l| l.contains("fast.md") && l.contains("stale-check-in")),
            "{named_by}: {stderr}"
        );
    }
}

#[test]
fn diff_scores_by_the_naming() {
    // HEAD grades the ended quarter (no date: it counts from 31 October
    // 2026) and adds a late check-in; the objective's score is the grade.
    let config = "[book]\ntitle = \"Fiscal\"\n\n[okr]\nquarter-start-month = 2\nfiscal-year-named-by = \"end\"\n";
    let before = ended("2027-Q3").replace(
        "grade:\n  score: 0.9\n  learned: Ranking mattered more than recall.\n",
        "",
    );
    let after = before.replace(
        "      - date: 2026-09-10\n        value: 4\n---",
        "      - date: 2026-09-10\n        value: 4\n      - date: 2026-10-20\n        value: 6\ngrade:\n  score: 0.9\n---",
    );
    assert_ne!(before, after);
    let base = Handbook::new()
        .config(config)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2027-Q3/search.md", &before)
        .write();
    let head = Handbook::new()
        .config(config)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2027-Q3/search.md", &after)
        .write();
    let output = common::okrbook()
        .arg("diff")
        .arg(&base.root)
        .arg(&head.root)
        .args(["--as-of", "2026-11-20"])
        .output()
        .expect("run okrbook diff");
    let text = common::stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    assert!(
        text.contains("| 2026-10-20 | 4 → 6 (+2) | 0.40 → 0.60 (+0.20) | 0.40 → 0.90 (+0.50) |"),
        "{text}"
    );
}
