//! Issue 13, "names instead of ids": readers see key results and teams by
//! their names (initiatives, coaching on the site and in `check`, `diff`),
//! code in a finding renders as code, never as raw backticks; the latest
//! check-in of each key result shows without expanding anything; and
//! confidence reads the same everywhere, on one documented scale.
//!
//! The handbook is built as of 2026-06-10: 2026-Q2 is running.

mod common;

use common::handbook::{Handbook, Run};
use common::*;

const AS_OF: &str = "2026-06-10";

const PAGE: &str = "plat/2026-Q2/reliable.html";

/// A team whose name is not its id, an objective whose initiative drives
/// two key results, a key result written as a task and owned by nobody, and
/// check-ins with each way of writing confidence.
fn handbook() -> Handbook {
    Handbook::new()
        .config("[book]\ntitle = \"Names\"\n")
        .file(
            "content/teams/plat.md",
            "---\ntype: team\nname: Platform Reliability\nlead: Ana Silva\n---\n",
        )
        .file(
            "content/plat/2026-Q2/reliable.md",
            "---
title: Checkout stays up through peak
period: 2026-Q2
team: plat
owner: Ana Silva
key_results:
  - id: availability
    title: Checkout available 99.95% of minutes
    owner: Ana Silva
    unit: \"%\"
    baseline: 99.5
    target: 99.95
    checkins:
      - date: 2026-04-20
        value: 99.6
        confidence: 0.3
        note: Two outages in April.
      - date: 2026-05-20
        value: 99.7
        confidence: high
      - date: 2026-06-01
        value: 99.8
        confidence: 0.7
        blockers: Waiting on the *new* load balancer.
  - id: sev1
    title: Sev-1 incidents per quarter from 6 to 2
    owner: Ana Silva
    baseline: 6
    target: 2
    checkins:
      - date: 2026-05-01
        value: 4
      - date: 2026-06-05
        note: Quiet month; the pager rotation is rested.
  - id: ledger
    title: Migrate the ledger to Postgres
    kind: milestone
    checkins:
      - date: 2026-06-02
        value: false
initiatives:
  - title: Multi-region failover
    owner: Ana Silva
    status: in_progress
    key_results: [availability, sev1]
---
Why it matters.
",
        )
}

fn built() -> Run {
    let run = handbook().build_as_of(AS_OF);
    run.assert_success();
    run
}

/// The part of `html` from `start` on, up to the next `end`.
#[track_caller]
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in:\n{html}"));
    let rest = &html[from..];
    let to = rest.find(end).map_or(rest.len(), |i| i + end.len());
    &rest[..to]
}

#[test]
fn initiatives_name_the_key_results_they_drive() {
    let run = built();
    let page = run.main_of(PAGE);
    let initiatives = between(&page, "id=\"initiatives\"", "</section>");
    assert!(
        initiatives.contains(
            "drives <a href=\"#kr-availability\">Checkout available 99.95% of minutes</a>"
        ),
        "{initiatives}"
    );
    assert!(
        initiatives.contains("<a href=\"#kr-sev1\">Sev-1 incidents per quarter from 6 to 2</a>"),
        "{initiatives}"
    );
    assert!(!initiatives.contains(">availability<"), "{initiatives}");
    assert!(!initiatives.contains(">sev1<"), "{initiatives}");
}

#[test]
fn check_names_key_results_by_title() {
    let run = handbook().check_as_of(AS_OF, &[]);
    run.assert_stderr_contains(
        "warning[activity-not-outcome]: key result \"Migrate the ledger to Postgres\" is a task",
    )
    .assert_stderr_contains(
        "warning[no-owner]: key result \"Migrate the ledger to Postgres\" has no `owner`",
    );
    let stderr = run.stderr();
    assert!(!stderr.contains("key result `ledger`"), "{stderr}");
}

#[test]
fn coaching_on_the_site_names_key_results_and_renders_code() {
    let run = built();
    let health = run.main_of("health.html");
    let findings = between(&health, "<ul class=\"findings\">", "</ul>");
    assert!(
        findings.contains("Migrate the ledger to Postgres"),
        "the finding names the key result by its title: {findings}"
    );
    assert!(
        findings.contains("<code>owner</code>"),
        "code spans render as code: {findings}"
    );
    assert!(!findings.contains('`'), "no raw backtick: {findings}");
    assert!(!findings.contains("ledger`"), "{findings}");

    let page = run.main_of(PAGE);
    let coaching = between(&page, "<aside class=\"coaching\"", "</aside>");
    assert!(
        coaching.contains("Migrate the ledger to Postgres"),
        "{coaching}"
    );
    assert!(coaching.contains("<code>owner</code>"), "{coaching}");
    assert!(!coaching.contains('`'), "no raw backtick: {coaching}");
}

#[test]
fn the_latest_check_in_shows_without_expanding_anything() {
    let run = built();
    let page = run.main_of(PAGE);
    let kr = between(&page, "id=\"kr-availability\"", "</section>");
    let before_table = &kr[..kr.find("<details").expect("the check-in table")];
    let latest = between(before_table, "class=\"latest-checkin\"", "</div>");
    assert!(latest.contains("2026-06-01"), "{latest}");
    assert!(latest.contains("99.8%"), "{latest}");
    assert!(latest.contains("medium (0.7)"), "{latest}");
    let blockers = between(before_table, "class=\"blockers\"", "</p>");
    assert!(
        blockers.contains("Waiting on the <em>new</em> load balancer."),
        "blockers stand out, outside the table: {blockers}"
    );

    // A status update is the latest check-in for its note.
    let kr = between(&page, "id=\"kr-sev1\"", "</section>");
    let before_table = &kr[..kr.find("<details").expect("the check-in table")];
    assert!(
        before_table.contains("Quiet month; the pager rotation is rested."),
        "{before_table}"
    );
    assert!(before_table.contains("2026-06-05"), "{before_table}");

    // No note: the table's note cell does not open with a line break.
    let table = between(&page, "id=\"kr-availability\"", "</table>");
    assert!(
        !table.contains("<td><br>"),
        "a blocker without a note starts its cell: {table}"
    );
}

#[test]
fn confidence_reads_the_same_everywhere() {
    let run = built();
    let page = run.main_of(PAGE);
    let kr = between(&page, "id=\"kr-availability\"", "</section>");
    let table = between(kr, "<table", "</table>");
    for shown in ["medium (0.7)", "high (0.9)", "low (0.3)"] {
        assert!(table.contains(shown), "{shown} not in {table}");
    }
    assert!(!kr.contains("high (0.7)"), "0.7 is medium: {kr}");
    assert!(!table.contains("<td>0.3</td>"), "{table}");
}

#[test]
fn an_unknown_confidence_word_is_told_the_numbers_too() {
    let run = handbook()
        .file(
            "content/plat/2026-Q2/reliable.md",
            "---
title: Checkout stays up through peak
period: 2026-Q2
team: plat
owner: Ana Silva
key_results:
  - title: Sev-1 incidents per quarter from 6 to 2
    owner: Ana Silva
    baseline: 6
    target: 2
    checkins:
      - date: 2026-05-01
        value: 4
        confidence: 5/10
---
",
        )
        .check_as_of(AS_OF, &[]);
    run.assert_error("unknown-value")
        .assert_stderr_contains("a number from 0 to 1");
}

#[test]
fn diff_names_teams_by_their_names() {
    let rename = |handbook: Handbook| {
        handbook.file(
            "content/teams/web.md",
            "---\ntype: team\nname: Storefront Web\nparent: acme\nlead: Ana Lima\nmembers: [Ana Lima, Tom Okafor]\n---\n",
        )
    };
    let base = rename(Handbook::fixture("diff/base")).write();
    let head = rename(Handbook::fixture("diff/head")).write();
    let output = okrbook()
        .arg("diff")
        .arg(&base.root)
        .arg(&head.root)
        .args(["--as-of", "2026-11-21"])
        .output()
        .expect("run okrbook diff");
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        text.contains("(`web/2026-Q4/search`): 2026-Q4, Storefront Web, 2 key results"),
        "{text}"
    );
    assert!(
        text.contains("- `web/2026-Q4/accessible` (2026-Q4, Storefront Web): "),
        "{text}"
    );
    assert!(!text.contains("team web"), "{text}");
}
