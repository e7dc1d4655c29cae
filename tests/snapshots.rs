//! Snapshots (insta) of what a reader sees: the findings `okrbook check`
//! prints for the lint and broken fixtures, and one built file of each kind
//! from the small `linked` fixture as of 2026-11-15 (every kind of page, the
//! search index, okrs.json and the feed).
//!
//! The `.snap` files under tests/snapshots/ are code: review a change to one
//! as you would a change to the template or the message that made it. To
//! accept intended changes, run the tests with `INSTA_UPDATE=always` (or
//! `cargo insta review`) and read the diff before committing. Under CI
//! (`CI=true`) insta never writes snapshots: a difference fails.
//!
//! Nothing here depends on the day or the machine: every run is as of a
//! fixed date, and paths that would name the machine are redacted.

mod common;

use common::handbook::Handbook;
use common::{fixture, okrbook, repo_root, stderr};

/// `okrbook check <fixture> --as-of <as_of>`: its stderr, with the
/// repository's path redacted. `check` prints findings with paths relative
/// to the handbook, so there should be none.
fn check_output(name: &str, as_of: &str) -> String {
    let output = okrbook()
        .arg("check")
        .arg(fixture(name))
        .args(["--as-of", as_of])
        .output()
        .expect("run okrbook check");
    let repo = repo_root().to_string_lossy().into_owned();
    format!(
        "exit code: {:?}\n\n{}",
        output.status.code(),
        stderr(&output).replace(&repo, "[REPO]")
    )
}

#[test]
fn check_findings_on_the_lints_objectives_fixture() {
    insta::assert_snapshot!(
        "check_lints_objectives",
        check_output("lints/objectives", "2026-06-10")
    );
}

#[test]
fn check_findings_on_the_lints_teams_fixture() {
    insta::assert_snapshot!(
        "check_lints_teams",
        check_output("lints/teams", "2026-06-10")
    );
}

#[test]
fn check_findings_on_the_broken_fixture() {
    insta::assert_snapshot!("check_broken", check_output("broken", "2026-11-15"));
}

/// A file of the linked fixture built as of 2026-11-15, checked to hold no
/// temporary path.
fn built(rel: &str) -> String {
    let run = Handbook::fixture("linked").build_as_of("2026-11-15");
    run.assert_success();
    let text = run.file(rel);
    assert_eq!(
        run.redact(&text),
        text,
        "{rel} names the temporary folder it was built from"
    );
    text
}

macro_rules! page_snapshot {
    ($test:ident, $name:literal, $rel:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!($name, built($rel));
        }
    };
}

page_snapshot!(the_index_page, "page_index", "index.html");
page_snapshot!(a_team_page, "page_team_web", "teams/web.html");
page_snapshot!(
    an_objective_page,
    "page_objective_web_fast_pages",
    "web/2026-Q4/fast-pages.html"
);
page_snapshot!(
    a_person_page,
    "page_person_ana_lima",
    "people/ana-lima.html"
);
page_snapshot!(a_period_page, "page_period_2026_q4", "periods/2026-Q4.html");
page_snapshot!(
    the_cascade_page,
    "page_cascade_2026_q4",
    "cascade/2026-Q4.html"
);
page_snapshot!(the_grading_page, "page_grading", "grading.html");
page_snapshot!(the_health_page, "page_health", "health.html");
page_snapshot!(the_search_index, "search_index_js", "search-index.js");
page_snapshot!(the_okrs_json, "okrs_json", "okrs.json");
page_snapshot!(the_feed, "feed_xml", "feed.xml");
page_snapshot!(the_teams_page, "page_teams", "teams.html");
page_snapshot!(the_people_page, "page_people", "people.html");
page_snapshot!(a_guide_page, "page_guide_how", "guides/how.html");
page_snapshot!(the_not_found_page, "page_404", "404.html");
