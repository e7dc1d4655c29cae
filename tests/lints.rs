//! Coaching, the lint stage: every lint on a file that triggers it and on one
//! that does not, the settings that change them (`[okr.lints]`, thresholds,
//! `allow:` in a file), and `okrbook check --as-of/--strict` on the demo.
//!
//! Two fixture handbooks, both checked as of 2026-06-10 (2026-Q2 is running,
//! 70 days in):
//! - tests/fixtures/lints/objectives: one file per objective or key result
//!   rule, named after it, beside clean counterparts (`good.md`, `four-krs.md`,
//!   `keep-in-middle.md`, …);
//! - tests/fixtures/lints/teams: teams and periods, for too-many-objectives,
//!   sandbagging and missing-domain.
//!
//! What each lint finds is a table: [`FINDINGS`] (every finding, in report
//! order, with its column and what its message, help and excerpt say),
//! [`QUIET`] (files a lint must leave alone) and [`SILENT`] (lines of a
//! flagged file where nothing may be found). [`table_failures`] walks the
//! tables and reports every row that does not hold, not just the first;
//! each lint's test runs the rows of its code, and
//! `every_row_of_the_tables_holds` runs them all.
//!
//! Line numbers count the opening `---` as line 1.

mod common;

use common::*;
use okrbook::date::Date;
use okrbook::diagnostic::{Diagnostic, Severity};
use std::path::Path;

const AS_OF: &str = "2026-06-10";
const ALPHA: &str = "content/alpha/2026-Q2";

/// The two fixtures, as named in the tables: `lints/<name>`.
const OBJECTIVES: &str = "objectives";
const TEAMS: &str = "teams";

/// What a finding's help says.
#[derive(Debug, Clone, Copy)]
enum Help {
    /// Not checked here (every finding has some help: see
    /// `every_finding_is_an_expected_warning_with_a_reason_and_a_hint`).
    Any,
    /// Holds this text.
    Has(&'static str),
    /// Is exactly this text.
    Is(&'static str),
}

/// What a finding's excerpt (the source line shown) is.
#[derive(Debug, Clone, Copy)]
enum Excerpt {
    Any,
    Is(&'static str),
    StartsWith(&'static str),
}

/// One expected finding: in fixture `fixture`, `code` at `file:line:column`.
#[derive(Debug, Clone, Copy)]
struct Row {
    fixture: &'static str,
    code: &'static str,
    file: &'static str,
    line: usize,
    column: usize,
    /// Fragments the message holds.
    message: &'static [&'static str],
    /// How the message starts ("" for any start).
    starts: &'static str,
    /// Fragments the message must not hold.
    lacks: &'static [&'static str],
    help: Help,
    excerpt: Excerpt,
}

const ROW: Row = Row {
    fixture: OBJECTIVES,
    code: "",
    file: "",
    line: 0,
    column: 0,
    message: &[],
    starts: "",
    lacks: &[],
    help: Help::Any,
    excerpt: Excerpt::Any,
};

/// Every finding of both fixtures, each fixture's in report order.
const FINDINGS: [Row; 25] = [
    // "Migrate the billing jobs…" and "Set up alerting…", at their titles.
    Row {
        code: "activity-not-outcome",
        file: "content/alpha/2026-Q2/activity.md",
        line: 9,
        column: 12,
        message: &["\"Migrate\""],
        ..ROW
    },
    Row {
        code: "activity-not-outcome",
        file: "content/alpha/2026-Q2/activity.md",
        line: 15,
        column: 12,
        message: &["\"Set up\""],
        ..ROW
    },
    // `allow: [activity-not-outcome, vanity-metrics]`: the second is a typo.
    Row {
        code: "unknown-lint",
        file: "content/alpha/2026-Q2/allow.md",
        line: 8,
        column: 8,
        message: &["`vanity-metrics`"],
        help: Help::Is("did you mean `vanity-metric`?"),
        ..ROW
    },
    Row {
        code: "maintenance-objective",
        file: "content/alpha/2026-Q2/maintenance.md",
        line: 2,
        column: 8, // at the title's text
        message: &["\"Keep\""],
        ..ROW
    },
    // An objective of milestones only, none with a check-in or a score,
    // at its title; and its milestones, never checked in.
    Row {
        code: "unmeasurable",
        file: "content/alpha/2026-Q2/milestones-only.md",
        line: 2,
        column: 8,
        message: &[
            "no metric or guardrail",
            "no milestone with a check-in or a score",
        ],
        ..ROW
    },
    Row {
        code: "stale-check-in",
        file: "content/alpha/2026-Q2/milestones-only.md",
        line: 9,
        column: 12,
        message: &["key result \"Checkout runs on the new payment provider\" has no check-in"],
        ..ROW
    },
    Row {
        code: "stale-check-in",
        file: "content/alpha/2026-Q2/milestones-only.md",
        line: 12,
        column: 12,
        message: &["key result \"The old provider's contract has ended\" has no check-in"],
        ..ROW
    },
    Row {
        code: "no-baseline",
        file: "content/alpha/2026-Q2/no-baseline.md",
        line: 9,
        column: 12,
        ..ROW
    },
    // The objective (at its title) and its second key result.
    Row {
        code: "no-owner",
        file: "content/alpha/2026-Q2/no-owner.md",
        line: 2,
        column: 8,
        starts: "this objective",
        ..ROW
    },
    Row {
        code: "no-owner",
        file: "content/alpha/2026-Q2/no-owner.md",
        line: 16,
        column: 12,
        message: &["key result \"Invoices that need a manual correction\" has no `owner`"],
        ..ROW
    },
    Row {
        code: "not-aligned",
        file: "content/alpha/2026-Q2/not-aligned.md",
        line: 2,
        column: 8,
        message: &["team objective"],
        ..ROW
    },
    // Checked in 51 days ago (the check-in of 2026-06-20 is after the as-of
    // date and does not count); never checked in, 70 days into the period.
    Row {
        code: "stale-check-in",
        file: "content/alpha/2026-Q2/stale.md",
        line: 9,
        column: 12,
        message: &["2026-04-20, 51 days"],
        ..ROW
    },
    Row {
        code: "stale-check-in",
        file: "content/alpha/2026-Q2/stale.md",
        line: 19,
        column: 12,
        message: &["no check-in"],
        ..ROW
    },
    // At `key_results:`.
    Row {
        code: "too-few-key-results",
        file: "content/alpha/2026-Q2/too-few-krs.md",
        line: 8,
        column: 1,
        message: &["1 key result, fewer than 2"],
        ..ROW
    },
    Row {
        code: "too-many-key-results",
        file: "content/alpha/2026-Q2/too-many-krs.md",
        line: 8,
        column: 1,
        message: &["5 key results, more than 4"],
        excerpt: Excerpt::Is("key_results:"),
        ..ROW
    },
    // "Improve code quality": a metric with no number and no unit.
    Row {
        code: "unmeasurable",
        file: "content/alpha/2026-Q2/unmeasurable-kr.md",
        line: 9,
        column: 12,
        message: &["the metric key result \"Improve code quality\" has no number"],
        ..ROW
    },
    // A private objective is coached too: coverage and story points; the
    // help names the outcome.
    Row {
        code: "vanity-metric",
        file: "content/alpha/2026-Q2/vanity.md",
        line: 10,
        column: 12,
        message: &["test coverage"],
        help: Help::Has("escaped defects"),
        ..ROW
    },
    Row {
        code: "vanity-metric",
        file: "content/alpha/2026-Q2/vanity.md",
        line: 18,
        column: 12,
        help: Help::Has("lead time"),
        ..ROW
    },
    // A guide page's `allow: [no-owners]`.
    Row {
        code: "unknown-lint",
        file: "content/guides/how-we-work.md",
        line: 3,
        column: 8,
        help: Help::Is("did you mean `no-owner`?"),
        ..ROW
    },
    Row {
        code: "not-aligned",
        file: "content/people/sam-lee/2026-Q2/not-aligned.md",
        line: 2,
        column: 8,
        message: &["individual objective"],
        ..ROW
    },
    // `domains = [...]`: 2025-Q3 has only `tags: [ai]`.
    Row {
        fixture: TEAMS,
        code: "missing-domain",
        file: "book.toml",
        line: 7,
        column: 1,
        message: &["2025-Q3", "delivery, technical-health, team-health"],
        excerpt: Excerpt::StartsWith("domains = "),
        ..ROW
    },
    // Team findings point at the value of the team file's `name`.
    Row {
        fixture: TEAMS,
        code: "too-many-objectives",
        file: "content/teams/busy.md",
        line: 3,
        column: 7,
        message: &["6 objectives in 2026-Q2, more than the 5"],
        excerpt: Excerpt::Is("name: Busy"),
        ..ROW
    },
    // The organization's limit is 2: four in 2026-Q1 are too many, two in 2026-Q2 fit.
    Row {
        fixture: TEAMS,
        code: "too-many-objectives",
        file: "content/teams/company.md",
        line: 3,
        column: 7,
        message: &["4 objectives in 2026-Q1, more than the 2"],
        lacks: &["2026-Q2"],
        ..ROW
    },
    // 2025-Q3 and 2026-Q1 follow each other in Gappy's own periods.
    Row {
        fixture: TEAMS,
        code: "sandbagging",
        file: "content/teams/gappy.md",
        line: 3,
        column: 7,
        message: &["(2025-Q3 and 2026-Q1)"],
        ..ROW
    },
    // Graded 1.0 in 2025-Q4, computed 1.0 in 2026-Q1 (the aspirational
    // objective beside it does not count); 2026-Q2 is still running.
    Row {
        fixture: TEAMS,
        code: "sandbagging",
        file: "content/teams/steady.md",
        line: 3,
        column: 7,
        message: &["(2025-Q4 and 2026-Q1)"],
        ..ROW
    },
];

/// Files a lint leaves alone: (fixture, code, file).
const QUIET: [(&str, &str, &str); 22] = [
    // Four is the most that is fine.
    (
        OBJECTIVES,
        "too-many-key-results",
        "content/alpha/2026-Q2/four-krs.md",
    ),
    // Two is the fewest that is fine.
    (
        OBJECTIVES,
        "too-few-key-results",
        "content/alpha/2026-Q2/good.md",
    ),
    // Five for a team fit.
    (TEAMS, "too-many-objectives", "content/teams/calm.md"),
    (
        OBJECTIVES,
        "activity-not-outcome",
        "content/alpha/2026-Q2/good.md",
    ),
    // allow.md starts its first key result with "Migrate" and allows it.
    (
        OBJECTIVES,
        "activity-not-outcome",
        "content/alpha/2026-Q2/allow.md",
    ),
    (OBJECTIVES, "unmeasurable", "content/alpha/2026-Q2/good.md"),
    // Milestones that carry results (check-ins) measure their objective.
    (
        OBJECTIVES,
        "unmeasurable",
        "content/alpha/2026-Q2/milestones-checked-in.md",
    ),
    // Milestones beside a metric are fine.
    (
        OBJECTIVES,
        "unmeasurable",
        "content/alpha/2026-Q2/activity.md",
    ),
    (OBJECTIVES, "vanity-metric", "content/alpha/2026-Q2/good.md"),
    // "Payouts keep flowing at three times today's volume" is growth.
    (
        OBJECTIVES,
        "maintenance-objective",
        "content/alpha/2026-Q2/keep-in-middle.md",
    ),
    (OBJECTIVES, "no-owner", "content/alpha/2026-Q2/good.md"),
    (OBJECTIVES, "no-baseline", "content/alpha/2026-Q2/good.md"),
    // With a parent; and at the organization level, where nothing is above.
    (
        OBJECTIVES,
        "not-aligned",
        "content/people/sam-lee/2026-Q2/aligned.md",
    ),
    (OBJECTIVES, "not-aligned", "content/alpha/2026-Q2/good.md"),
    (
        OBJECTIVES,
        "not-aligned",
        "content/org/2026-Q2/north-star.md",
    ),
    // Periods that are not running: not started yet, and over.
    (
        OBJECTIVES,
        "stale-check-in",
        "content/alpha/2026-Q3/future.md",
    ),
    (
        OBJECTIVES,
        "stale-check-in",
        "content/alpha/2026-Q1/past.md",
    ),
    (
        OBJECTIVES,
        "stale-check-in",
        "content/alpha/2026-Q2/good.md",
    ),
    // 1.0 then 0.7; and aspirational objectives that reached 1.0 twice.
    (TEAMS, "sandbagging", "content/teams/honest.md"),
    (TEAMS, "sandbagging", "content/teams/dreamers.md"),
    // Without `domains` in book.toml the rule is off.
    (OBJECTIVES, "missing-domain", "book.toml"),
    (
        OBJECTIVES,
        "missing-domain",
        "content/alpha/2026-Q2/good.md",
    ),
];

/// Lines of a flagged file where no finding of any code may be.
#[derive(Debug, Clone, Copy)]
enum Lines {
    At(usize),
    After(usize),
}

/// (fixture, the lint the row belongs to, file, lines).
const SILENT: [(&str, &str, &str, Lines); 5] = [
    // "Build time of the billing service" names a measure, not a task.
    (
        OBJECTIVES,
        "activity-not-outcome",
        "content/alpha/2026-Q2/activity.md",
        Lines::At(21),
    ),
    // "Flaky test reruns per day" (no unit, but a rate in words) is fine.
    (
        OBJECTIVES,
        "unmeasurable",
        "content/alpha/2026-Q2/unmeasurable-kr.md",
        Lines::After(9),
    ),
    // "Invoices corrected by hand after a billing run" is no input. (It was
    // "Production bugs traced to billing code", which now gives the coverage
    // key result its reason: see tests/coaching_guides.rs.)
    (
        OBJECTIVES,
        "vanity-metric",
        "content/alpha/2026-Q2/vanity.md",
        Lines::After(18),
    ),
    // The guardrail without a baseline is not a metric.
    (
        OBJECTIVES,
        "no-baseline",
        "content/alpha/2026-Q2/no-baseline.md",
        Lines::At(18),
    ),
    // 45 days old (line 24) is not more than 45; a milestone done (line 32) needs no more.
    (
        OBJECTIVES,
        "stale-check-in",
        "content/alpha/2026-Q2/stale.md",
        Lines::After(19),
    ),
];

/// Every row of the three tables whose lint `wanted` accepts that does not
/// hold, one line each.
fn table_failures(wanted: impl Fn(&str) -> bool) -> Vec<String> {
    let mut failures = Vec::new();
    for name in [OBJECTIVES, TEAMS] {
        let found = findings(&lints_fixture(name));
        let mut codes: Vec<&str> = FINDINGS
            .iter()
            .map(|row| row.code)
            .chain(QUIET.iter().map(|(_, code, _)| *code))
            .filter(|code| wanted(code))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        // The findings of each code are exactly the table's, in order.
        for code in &codes {
            let got = at(&found, code);
            let want = expected(name, code);
            if got != want {
                failures.push(format!(
                    "lints/{name} {code}: found {got:?}, expected {want:?}"
                ));
            }
        }
        for row in FINDINGS
            .iter()
            .filter(|row| row.fixture == name && wanted(row.code))
        {
            failures.extend(row_failures(row, &found));
        }
        for (_, code, file) in QUIET
            .iter()
            .filter(|(fixture, code, _)| *fixture == name && wanted(code))
        {
            for noisy in found.iter().filter(|d| d.file == *file && d.code == *code) {
                failures.push(format!(
                    "lints/{name}: {file} should have no {code}, found at line {}",
                    noisy.line
                ));
            }
        }
        for (_, _, file, lines) in SILENT
            .iter()
            .filter(|(fixture, code, _, _)| *fixture == name && wanted(code))
        {
            for d in found.iter().filter(|d| d.file == *file) {
                let inside = match lines {
                    Lines::At(line) => d.line == *line,
                    Lines::After(line) => d.line > *line,
                };
                if inside {
                    failures.push(format!(
                        "lints/{name}: nothing may be found at {file}:{} ({lines:?}), found {}",
                        d.line, d.code
                    ));
                }
            }
        }
    }
    failures
}

/// What does not hold of one row.
fn row_failures(row: &Row, found: &[Diagnostic]) -> Vec<String> {
    let at = format!(
        "lints/{} {} at {}:{}",
        row.fixture, row.code, row.file, row.line
    );
    let matching: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.code == row.code && d.file == row.file && d.line == row.line)
        .collect();
    let [finding] = matching[..] else {
        return vec![format!("{at}: {} findings, not one", matching.len())];
    };
    let mut failures = Vec::new();
    if finding.column != row.column {
        failures.push(format!(
            "{at}: column {}, expected {}",
            finding.column, row.column
        ));
    }
    for fragment in row.message {
        if !finding.message.contains(fragment) {
            failures.push(format!(
                "{at}: message {:?} lacks {fragment:?}",
                finding.message
            ));
        }
    }
    if !finding.message.starts_with(row.starts) {
        failures.push(format!(
            "{at}: message {:?} does not start with {:?}",
            finding.message, row.starts
        ));
    }
    for fragment in row.lacks {
        if finding.message.contains(fragment) {
            failures.push(format!(
                "{at}: message {:?} holds {fragment:?}",
                finding.message
            ));
        }
    }
    let help = finding.help.as_deref().unwrap_or_default();
    match row.help {
        Help::Any => {}
        Help::Has(text) if help.contains(text) => {}
        Help::Is(text) if finding.help.as_deref() == Some(text) => {}
        expected => failures.push(format!("{at}: help {help:?}, expected {expected:?}")),
    }
    let excerpt = finding.excerpt.as_deref();
    match row.excerpt {
        Excerpt::Any => {}
        Excerpt::Is(text) if excerpt == Some(text) => {}
        Excerpt::StartsWith(text) if excerpt.is_some_and(|e| e.starts_with(text)) => {}
        expected => failures.push(format!("{at}: excerpt {excerpt:?}, expected {expected:?}")),
    }
    failures
}

/// Asserts every row of the tables for `code` holds, listing each that does not.
#[track_caller]
fn assert_rows(code: &str) {
    let failures = table_failures(|c| c == code);
    assert!(
        failures.is_empty(),
        "{} rows do not hold:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The findings the demo handbook shows on purpose as of 2026-11-21, in order.
const DEMO_HEADLINES: [&str; 10] = [
    "content/company/2026-Q1/stop-firefighting.md:7:1: warning[too-many-key-results]",
    "content/company/2026-Q4/sustainable-pace.md:26:12: warning[no-owner]",
    "content/developer-experience/2026-Q4/first-deploy.md:10:12: warning[no-baseline]",
    "content/mobile/2026-Q1/proof-of-delivery.md:8:1: warning[too-few-key-results]",
    "content/mobile/2026-Q4/offline-tracking.md:34:12: warning[stale-check-in]",
    "content/payments/2026-Q1/payout-accuracy.md:26:12: warning[vanity-metric]",
    "content/payments/2026-Q3/peak-payouts.md:25:12: warning[activity-not-outcome]",
    "content/payments/2026-Q4/peak-invoicing.md:2:8: warning[no-owner]",
    "content/platform/2026-Q1/on-call-rotation.md:2:8: warning[maintenance-objective]",
    "content/teams/mobile.md:3:7: warning[sandbagging]",
];

fn date(text: &str) -> Date {
    Date::parse(text).expect("a test date")
}

/// `okrbook::check` as of 2026-06-10.
fn check(root: &Path) -> okrbook::Checked {
    okrbook::check(root, date(AS_OF))
}

fn lints_fixture(name: &str) -> std::path::PathBuf {
    fixture(&format!("lints/{name}"))
}

/// The findings of a fixture handbook that must have no errors.
fn findings(root: &Path) -> Vec<Diagnostic> {
    let checked = check(root);
    assert!(
        !checked.has_errors(),
        "{} has errors: {:#?}",
        root.display(),
        checked.diagnostics
    );
    checked.diagnostics
}

/// (file, line) of every finding with `code`, in report order.
fn at(findings: &[Diagnostic], code: &str) -> Vec<(String, usize)> {
    findings
        .iter()
        .filter(|d| d.code == code)
        .map(|d| (d.file.clone(), d.line))
        .collect()
}

/// (file, line) of the expected findings of fixture `name` with `code`.
fn expected(name: &str, code: &str) -> Vec<(String, usize)> {
    FINDINGS
        .iter()
        .filter(|row| row.fixture == name && row.code == code)
        .map(|row| (row.file.to_string(), row.line))
        .collect()
}

/// How many findings fixture `name` has.
fn count(name: &str) -> usize {
    FINDINGS.iter().filter(|row| row.fixture == name).count()
}

fn objectives() -> Vec<Diagnostic> {
    findings(&lints_fixture(OBJECTIVES))
}

/// Appends `text` to a file of a handbook copy.
fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let mut current = std::fs::read_to_string(&path).expect("read the file");
    current.push_str(text);
    std::fs::write(&path, current).expect("write the file");
}

/// Replaces `from` (which must occur) by `to` in a file of a handbook copy.
fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read the file");
    assert!(text.contains(from), "{rel} contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write the file");
}

fn file(name: &str) -> String {
    format!("{ALPHA}/{name}")
}

#[test]
fn every_row_of_the_tables_holds() {
    let failures = table_failures(|_| true);
    assert!(
        failures.is_empty(),
        "{} rows do not hold:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_finding_is_an_expected_warning_with_a_reason_and_a_hint() {
    for name in [OBJECTIVES, TEAMS] {
        let found = findings(&lints_fixture(name));
        let got: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|d| (d.code.as_str(), d.file.as_str(), d.line))
            .collect();
        let table: Vec<(&str, &str, usize)> = FINDINGS
            .iter()
            .filter(|row| row.fixture == name)
            .map(|row| (row.code, row.file, row.line))
            .collect();
        assert_eq!(got, table, "lints/{name}:\n{found:#?}");
        for finding in &found {
            assert_eq!(finding.severity, Severity::Warning, "{finding:#?}");
            assert!(!finding.message.is_empty() && !finding.message.contains('\n'));
            assert!(finding.help.as_deref().is_some_and(|h| h.len() > 20));
            assert!(finding.excerpt.is_some(), "{finding:#?}");
        }
    }
}

#[test]
fn lint_is_pure_and_deterministic() {
    let checked = check(&lints_fixture(OBJECTIVES));
    let handbook = checked.handbook.expect("a handbook");
    let first = okrbook::internals::lint(&handbook, date(AS_OF));
    let second = okrbook::internals::lint(&handbook, date(AS_OF));
    assert_eq!(first, second);
    assert_eq!(
        first, checked.diagnostics,
        "check reports exactly the lints"
    );
    // Another date gives other stale findings and nothing else changes.
    let later = okrbook::internals::lint(&handbook, date("2026-06-20"));
    let without_stale = |list: &[Diagnostic]| -> Vec<Diagnostic> {
        list.iter()
            .filter(|d| d.code != "stale-check-in")
            .cloned()
            .collect()
    };
    assert_eq!(without_stale(&first), without_stale(&later));
}

#[test]
fn too_many_key_results() {
    assert_rows("too-many-key-results");
}

#[test]
fn too_few_key_results() {
    assert_rows("too-few-key-results");
}

#[test]
fn too_many_objectives() {
    assert_rows("too-many-objectives");
}

#[test]
fn activity_not_outcome() {
    assert_rows("activity-not-outcome");
}

#[test]
fn unmeasurable() {
    assert_rows("unmeasurable");
}

#[test]
fn vanity_metric() {
    assert_rows("vanity-metric");
}

#[test]
fn maintenance_objective() {
    assert_rows("maintenance-objective");
}

#[test]
fn no_owner() {
    assert_rows("no-owner");
}

#[test]
fn no_baseline() {
    assert_rows("no-baseline");
}

#[test]
fn not_aligned() {
    assert_rows("not-aligned");
}

#[test]
fn stale_check_in() {
    assert_rows("stale-check-in");

    // A key result without check-ins turns stale once the period has run
    // more than 45 days: not on 2026-05-16 (45 days), on 2026-05-17. (The
    // other files' check-ins of 2026-06-01 are in the future on those days.)
    let handbook = check(&lints_fixture(OBJECTIVES)).handbook.unwrap();
    let stale_on = |day: &str| -> Vec<usize> {
        okrbook::internals::lint(&handbook, date(day))
            .iter()
            .filter(|d| d.code == "stale-check-in" && d.file == file("stale.md"))
            .map(|d| d.line)
            .collect()
    };
    assert_eq!(stale_on("2026-05-16"), Vec::<usize>::new());
    assert_eq!(stale_on("2026-05-17"), [19]);
}

#[test]
fn sandbagging() {
    assert_rows("sandbagging");
}

#[test]
fn missing_domain() {
    assert_rows("missing-domain");
    // Without `domains` in book.toml the rule is off.
    assert!(at(&objectives(), "missing-domain").is_empty());
}

#[test]
fn unknown_codes_in_allow_are_warned_with_a_suggestion() {
    assert_rows("unknown-lint");
}

#[test]
fn allow_in_a_file_silences_that_file_only() {
    let found = objectives();
    // allow.md starts its first key result with "Migrate" and allows it.
    assert!(!found
        .iter()
        .any(|d| d.file == file("allow.md") && d.code == "activity-not-outcome"));
    assert_eq!(at(&found, "activity-not-outcome").len(), 2);

    // For a team finding: the team's file.
    let (_tmp, root) = copy_fixture("lints/teams");
    replace(
        &root,
        "content/teams/steady.md",
        "lead: Ana Silva\n",
        "lead: Ana Silva\nallow: [sandbagging]\n",
    );
    let found = findings(&root);
    assert_eq!(
        at(&found, "sandbagging"),
        [("content/teams/gappy.md".to_string(), 3)]
    );
    assert_eq!(found.len(), count(TEAMS) - 1);
}

#[test]
fn allow_in_book_toml_silences_a_lint_everywhere() {
    let (_tmp, root) = copy_fixture("lints/objectives");
    append(
        &root,
        "book.toml",
        "\n[okr.lints]\nvanity-metric = \"allow\"\nno-owner = \"warn\"\n",
    );
    let found = findings(&root);
    assert!(at(&found, "vanity-metric").is_empty());
    assert_eq!(at(&found, "no-owner").len(), 2);
    assert_eq!(found.len(), count(OBJECTIVES) - 2);
}

#[test]
fn deny_in_book_toml_makes_a_lint_an_error() {
    let (tmp, root) = copy_fixture("lints/objectives");
    append(
        &root,
        "book.toml",
        "\n[okr.lints]\nvanity-metric = \"deny\"\n",
    );
    let checked = check(&root);
    assert!(checked.has_errors());
    let errors: Vec<(String, usize)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.file.clone(), d.line))
        .collect();
    assert_eq!(errors, expected(OBJECTIVES, "vanity-metric"));

    let output = okrbook()
        .arg("check")
        .arg(&root)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains("content/alpha/2026-Q2/vanity.md:10:12: error[vanity-metric]: "),
        "{text}"
    );
    assert!(text.contains("2 error(s), 18 warning(s)"), "{text}");

    // build fails too, and writes nothing.
    let dest = tmp.path().join("site");
    let output = okrbook()
        .arg("build")
        .arg(&root)
        .arg("--dest-dir")
        .arg(&dest)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!dest.exists());
}

#[test]
fn thresholds_change_the_results() {
    let (_tmp, root) = copy_fixture("lints/objectives");
    replace(
        &root,
        "book.toml",
        "max-objectives-per-team = 50\n",
        "max-objectives-per-team = 50\nmax-key-results = 3\nmin-key-results = 1\nstale-after-days = 60\n",
    );
    let found = findings(&root);
    // Four key results are now too many as well; one is enough.
    assert_eq!(
        at(&found, "too-many-key-results"),
        [
            (file("activity.md"), 8),
            (file("four-krs.md"), 8),
            (file("stale.md"), 8),
            (file("too-many-krs.md"), 8),
        ]
    );
    assert!(at(&found, "too-few-key-results").is_empty());
    // 51 days is not stale under 60; key results never checked in (70 days) still are.
    assert_eq!(
        at(&found, "stale-check-in"),
        [
            (file("milestones-only.md"), 9),
            (file("milestones-only.md"), 12),
            (file("stale.md"), 19)
        ]
    );

    let (_tmp, root) = copy_fixture("lints/teams");
    append(
        &root,
        "book.toml",
        "max-objectives-per-team = 6\nmax-objectives-organization = 4\n",
    );
    assert!(at(&findings(&root), "too-many-objectives").is_empty());
}

#[test]
fn bad_lint_settings_are_errors_with_a_suggestion() {
    let (_tmp, root) = copy_fixture("lints/objectives");
    append(
        &root,
        "book.toml",
        "\n[okr.lints]\nvanity-metrics = \"allow\"\nno-owner = \"silence\"\n",
    );
    let checked = check(&root);
    assert!(checked.handbook.is_none());
    let found: Vec<(&str, &str, usize, usize)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str(), d.line, d.column))
        .collect();
    assert_eq!(
        found,
        [
            ("unknown-lint", "book.toml", 12, 1),
            ("unknown-value", "book.toml", 13, 12),
        ]
    );
    assert!(checked.diagnostics.iter().all(Diagnostic::is_error));
    assert_eq!(
        checked.diagnostics[0].help.as_deref(),
        Some("did you mean `vanity-metric`?")
    );
    assert!(checked.diagnostics[1]
        .help
        .as_deref()
        .unwrap()
        .contains("\"deny\""));

    let output = okrbook()
        .arg("check")
        .arg(&root)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("book.toml:12:1: error[unknown-lint]: "));
}

#[test]
fn no_lints_on_a_handbook_with_errors() {
    let (_tmp, root) = copy_fixture("lints/objectives");
    replace(
        &root,
        "content/alpha/2026-Q2/good.md",
        "team: alpha",
        "team: alpah",
    );
    let checked = check(&root);
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["unknown-team"]);
}

#[test]
fn check_prints_warnings_and_fails_on_them_only_under_strict() {
    let root = lints_fixture(OBJECTIVES);
    let output = okrbook()
        .arg("check")
        .arg(&root)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains(
            "content/alpha/2026-Q2/activity.md:9:12: warning[activity-not-outcome]: key result \"Migrate the billing jobs to the new queue\" is a task"
        ),
        "{text}"
    );
    assert!(text.contains("  = help: "), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "The handbook is valid: 21 objectives checked as of 2026-06-10, 20 warning(s)."
    );

    let output = okrbook()
        .arg("check")
        .arg(&root)
        .args(["--as-of", AS_OF, "--strict"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("under --strict"));

    // A handbook without findings passes --strict.
    let (_tmp, clean) = copy_fixture("lints/objectives");
    append(
        &clean,
        "book.toml",
        &format!(
            "\n[okr.lints]\n{}\n",
            okrbook::codes::lint_names()
                .iter()
                .map(|code| format!("{code} = \"allow\""))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    );
    for (file, typo) in [
        ("content/alpha/2026-Q2/allow.md", ", vanity-metrics]"),
        ("content/guides/how-we-work.md", "[no-owners]"),
    ] {
        replace(
            &clean,
            file,
            typo,
            if typo.starts_with(',') { "]" } else { "[]" },
        );
    }
    let output = okrbook()
        .arg("check")
        .arg(&clean)
        .args(["--as-of", AS_OF, "--strict"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no warnings"),
        "{}",
        stderr(&output)
    );

    let output = okrbook()
        .arg("check")
        .arg(&root)
        .args(["--as-of", "2026-06-31"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("YYYY-MM-DD"));

    let output = okrbook().args(["check", "--help"]).output().unwrap();
    for flag in ["--as-of", "--strict", "[DIR]"] {
        assert!(stdout(&output).contains(flag), "{}", stdout(&output));
    }
}

#[test]
fn build_prints_the_warnings_and_succeeds() {
    let tmp = temp();
    let dest = tmp.path().join("site");
    let output = build_ok(&lints_fixture(OBJECTIVES), &dest, AS_OF, &[]);
    let text = stderr(&output);
    assert!(
        text.contains("content/alpha/2026-Q2/maintenance.md:2:8: warning[maintenance-objective]: "),
        "{text}"
    );
    assert!(text.contains("20 warning(s)"), "{text}");
    assert!(dest.join("okrs.json").is_file());
}

#[test]
fn the_demo_shows_its_deliberate_mistakes() {
    let output = okrbook()
        .arg("check")
        .arg(repo_root())
        .args(["--as-of", "2026-11-21"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    assert_eq!(headlines(&text), DEMO_HEADLINES, "{text}");
    // The exact `file:line:col: warning[code]: message` form.
    for line in [
        "content/payments/2026-Q3/peak-payouts.md:25:12: warning[activity-not-outcome]: key result \"Migrate the billing jobs to the new queue\" is a task (it starts with \"Migrate\"), not the outcome the task is for",
        "content/mobile/2026-Q4/offline-tracking.md:34:12: warning[stale-check-in]: key result \"Battery used by the app over a 10-hour shift\" was last checked in on 2026-10-05, 47 days before 2026-11-21 (more than 45)",
        "content/teams/mobile.md:3:7: warning[sandbagging]: every committed objective of Mobile scored 1.0 in 2 graded periods in a row (2026-Q2 and 2026-Q3): the targets asked for too little",
    ] {
        assert!(text.lines().any(|l| l == line), "missing {line:?} in:\n{text}");
    }
    assert!(
        text.ends_with(
            "The handbook is valid: 37 objectives checked as of 2026-11-21, 10 warning(s).\n"
        ),
        "{text}"
    );

    let output = okrbook()
        .arg("check")
        .arg(repo_root())
        .args(["--as-of", "2026-11-21", "--strict"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(headlines(&stderr(&output)), DEMO_HEADLINES);
}
