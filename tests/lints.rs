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
//! Line numbers count the opening `---` as line 1.

mod common;

use common::*;
use okrbook::date::Date;
use okrbook::diagnostic::{Diagnostic, Severity};
use std::path::Path;

const AS_OF: &str = "2026-06-10";
const ALPHA: &str = "content/alpha/2026-Q2";

/// Every finding in tests/fixtures/lints/objectives: code, file, line.
const OBJECTIVE_FINDINGS: [(&str, &str, usize); 18] = [
    // "Migrate the billing jobs…" and "Set up alerting…", at their titles.
    (
        "activity-not-outcome",
        "content/alpha/2026-Q2/activity.md",
        9,
    ),
    (
        "activity-not-outcome",
        "content/alpha/2026-Q2/activity.md",
        15,
    ),
    // `allow: [activity-not-outcome, vanity-metrics]`: the second is a typo.
    ("unknown-lint", "content/alpha/2026-Q2/allow.md", 8),
    (
        "maintenance-objective",
        "content/alpha/2026-Q2/maintenance.md",
        2,
    ),
    (
        "unmeasurable",
        "content/alpha/2026-Q2/milestones-only.md",
        2,
    ),
    ("no-baseline", "content/alpha/2026-Q2/no-baseline.md", 9),
    // The objective (at its title) and its second key result.
    ("no-owner", "content/alpha/2026-Q2/no-owner.md", 2),
    ("no-owner", "content/alpha/2026-Q2/no-owner.md", 16),
    ("not-aligned", "content/alpha/2026-Q2/not-aligned.md", 2),
    // Checked in 51 days ago; never checked in, 70 days into the period.
    ("stale-check-in", "content/alpha/2026-Q2/stale.md", 9),
    ("stale-check-in", "content/alpha/2026-Q2/stale.md", 19),
    // At `key_results:`.
    (
        "too-few-key-results",
        "content/alpha/2026-Q2/too-few-krs.md",
        8,
    ),
    (
        "too-many-key-results",
        "content/alpha/2026-Q2/too-many-krs.md",
        8,
    ),
    (
        "unmeasurable",
        "content/alpha/2026-Q2/unmeasurable-kr.md",
        9,
    ),
    // A private objective is coached too: coverage and story points.
    ("vanity-metric", "content/alpha/2026-Q2/vanity.md", 10),
    ("vanity-metric", "content/alpha/2026-Q2/vanity.md", 18),
    // A guide page's `allow: [no-owners]`.
    ("unknown-lint", "content/guides/how-we-work.md", 3),
    (
        "not-aligned",
        "content/people/sam-lee/2026-Q2/not-aligned.md",
        2,
    ),
];

/// Every finding in tests/fixtures/lints/teams.
const TEAM_FINDINGS: [(&str, &str, usize); 5] = [
    // `domains = [...]`: 2025-Q3 has only `tags: [ai]`.
    ("missing-domain", "book.toml", 7),
    // Team findings point at the team file's `name`.
    ("too-many-objectives", "content/teams/busy.md", 3),
    ("too-many-objectives", "content/teams/company.md", 3),
    ("sandbagging", "content/teams/gappy.md", 3),
    ("sandbagging", "content/teams/steady.md", 3),
];

/// The findings the demo handbook shows on purpose as of 2026-11-21, in order.
const DEMO_HEADLINES: [&str; 10] = [
    "content/company/2026-Q1/stop-firefighting.md:7:1: warning[too-many-key-results]",
    "content/company/2026-Q4/sustainable-pace.md:26:12: warning[no-owner]",
    "content/developer-experience/2026-Q4/first-deploy.md:10:12: warning[no-baseline]",
    "content/mobile/2026-Q1/proof-of-delivery.md:8:1: warning[too-few-key-results]",
    "content/mobile/2026-Q4/offline-tracking.md:32:12: warning[stale-check-in]",
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

/// (file, line) of the expected findings with `code`.
fn expected(table: &[(&str, &str, usize)], code: &str) -> Vec<(String, usize)> {
    table
        .iter()
        .filter(|(c, _, _)| *c == code)
        .map(|(_, file, line)| (file.to_string(), *line))
        .collect()
}

/// Asserts that `file` has no finding with `code`.
#[track_caller]
fn assert_quiet(findings: &[Diagnostic], file: &str, code: &str) {
    let noisy: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| d.file == file && d.code == code)
        .collect();
    assert!(noisy.is_empty(), "{file} should have no {code}: {noisy:#?}");
}

/// The one finding with `code` at `file:line`.
#[track_caller]
fn the<'a>(findings: &'a [Diagnostic], code: &str, file: &str, line: usize) -> &'a Diagnostic {
    let matching: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| d.code == code && d.file == file && d.line == line)
        .collect();
    assert_eq!(matching.len(), 1, "{code} at {file}:{line}: {findings:#?}");
    matching[0]
}

fn objectives() -> Vec<Diagnostic> {
    findings(&lints_fixture("objectives"))
}

fn teams() -> Vec<Diagnostic> {
    findings(&lints_fixture("teams"))
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
fn every_finding_is_an_expected_warning_with_a_reason_and_a_hint() {
    for (name, table) in [
        ("objectives", &OBJECTIVE_FINDINGS[..]),
        ("teams", &TEAM_FINDINGS[..]),
    ] {
        let found = findings(&lints_fixture(name));
        let got: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|d| (d.code.as_str(), d.file.as_str(), d.line))
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
    let checked = check(&lints_fixture("objectives"));
    let handbook = checked.handbook.expect("a handbook");
    let first = okrbook::lint::lint(&handbook, date(AS_OF));
    let second = okrbook::lint::lint(&handbook, date(AS_OF));
    assert_eq!(first, second);
    assert_eq!(
        first, checked.diagnostics,
        "check reports exactly the lints"
    );
    // Another date gives other stale findings and nothing else changes.
    let later = okrbook::lint::lint(&handbook, date("2026-06-20"));
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
    let found = objectives();
    assert_eq!(
        at(&found, "too-many-key-results"),
        expected(&OBJECTIVE_FINDINGS, "too-many-key-results")
    );
    let finding = the(&found, "too-many-key-results", &file("too-many-krs.md"), 8);
    assert_eq!(finding.column, 1);
    assert_eq!(finding.excerpt.as_deref(), Some("key_results:"));
    assert!(finding.message.contains("5 key results, more than 4"));
    // Four is the most that is fine.
    assert_quiet(&found, &file("four-krs.md"), "too-many-key-results");
}

#[test]
fn too_few_key_results() {
    let found = objectives();
    assert_eq!(
        at(&found, "too-few-key-results"),
        expected(&OBJECTIVE_FINDINGS, "too-few-key-results")
    );
    let finding = the(&found, "too-few-key-results", &file("too-few-krs.md"), 8);
    assert!(finding.message.contains("1 key result, fewer than 2"));
    // Two is the fewest that is fine.
    assert_quiet(&found, &file("good.md"), "too-few-key-results");
}

#[test]
fn too_many_objectives() {
    let found = teams();
    assert_eq!(
        at(&found, "too-many-objectives"),
        expected(&TEAM_FINDINGS, "too-many-objectives")
    );
    let busy = the(&found, "too-many-objectives", "content/teams/busy.md", 3);
    assert_eq!(busy.column, 7, "at the value of `name`");
    assert_eq!(busy.excerpt.as_deref(), Some("name: Busy"));
    assert!(busy
        .message
        .contains("6 objectives in 2026-Q2, more than the 5"));
    // The organization's limit is 3: four in 2026-Q1 is one too many, three in 2026-Q2 fit.
    let company = the(&found, "too-many-objectives", "content/teams/company.md", 3);
    assert!(company
        .message
        .contains("4 objectives in 2026-Q1, more than the 3"));
    assert!(!company.message.contains("2026-Q2"));
    // Five for a team fit.
    assert_quiet(&found, "content/teams/calm.md", "too-many-objectives");
}

#[test]
fn activity_not_outcome() {
    let found = objectives();
    assert_eq!(
        at(&found, "activity-not-outcome"),
        expected(&OBJECTIVE_FINDINGS, "activity-not-outcome")
    );
    let migrate = the(&found, "activity-not-outcome", &file("activity.md"), 9);
    assert_eq!(migrate.column, 12, "at the key result's title");
    assert!(migrate.message.contains("\"Migrate\""), "{migrate:#?}");
    let set_up = the(&found, "activity-not-outcome", &file("activity.md"), 15);
    assert!(set_up.message.contains("\"Set up\""), "{set_up:#?}");
    // "Build time of the billing service" (line 21) names a measure, not a task.
    assert!(found
        .iter()
        .all(|d| !(d.file == file("activity.md") && d.line == 21)));
    assert_quiet(&found, &file("good.md"), "activity-not-outcome");
}

#[test]
fn unmeasurable() {
    let found = objectives();
    assert_eq!(
        at(&found, "unmeasurable"),
        expected(&OBJECTIVE_FINDINGS, "unmeasurable")
    );
    // "Improve code quality": a metric with no number and no unit.
    let kr = the(&found, "unmeasurable", &file("unmeasurable-kr.md"), 9);
    assert!(kr.message.contains("`kr1`"));
    // "Flaky test reruns per day" (no unit, but a rate in words) is fine.
    assert!(found
        .iter()
        .all(|d| !(d.file == file("unmeasurable-kr.md") && d.line > 9)));
    // An objective of milestones only, at its title.
    let objective = the(&found, "unmeasurable", &file("milestones-only.md"), 2);
    assert!(objective.message.contains("no metric or guardrail"));
    assert_quiet(&found, &file("good.md"), "unmeasurable");
    // Milestones beside a metric are fine.
    assert_quiet(&found, &file("activity.md"), "unmeasurable");
}

#[test]
fn vanity_metric() {
    let found = objectives();
    assert_eq!(
        at(&found, "vanity-metric"),
        expected(&OBJECTIVE_FINDINGS, "vanity-metric")
    );
    let coverage = the(&found, "vanity-metric", &file("vanity.md"), 10);
    assert!(coverage.message.contains("test coverage"));
    assert!(
        coverage
            .help
            .as_deref()
            .unwrap()
            .contains("escaped defects"),
        "the help names the outcome: {coverage:#?}"
    );
    let points = the(&found, "vanity-metric", &file("vanity.md"), 18);
    assert!(points.help.as_deref().unwrap().contains("lead time"));
    // "Production bugs traced to billing code" is the outcome itself.
    assert!(found
        .iter()
        .all(|d| !(d.file == file("vanity.md") && d.line > 18)));
    assert_quiet(&found, &file("good.md"), "vanity-metric");
}

#[test]
fn maintenance_objective() {
    let found = objectives();
    assert_eq!(
        at(&found, "maintenance-objective"),
        expected(&OBJECTIVE_FINDINGS, "maintenance-objective")
    );
    let finding = the(&found, "maintenance-objective", &file("maintenance.md"), 2);
    assert_eq!(finding.column, 8, "at the title's text");
    assert!(finding.message.contains("\"Keep\""));
    // "Payouts keep flowing at three times today's volume" is growth.
    assert_quiet(&found, &file("keep-in-middle.md"), "maintenance-objective");
}

#[test]
fn no_owner() {
    let found = objectives();
    assert_eq!(
        at(&found, "no-owner"),
        expected(&OBJECTIVE_FINDINGS, "no-owner")
    );
    let objective = the(&found, "no-owner", &file("no-owner.md"), 2);
    assert!(objective.message.starts_with("this objective"));
    let kr = the(&found, "no-owner", &file("no-owner.md"), 16);
    assert!(kr.message.contains("`kr2`"));
    assert_quiet(&found, &file("good.md"), "no-owner");
}

#[test]
fn no_baseline() {
    let found = objectives();
    assert_eq!(
        at(&found, "no-baseline"),
        expected(&OBJECTIVE_FINDINGS, "no-baseline")
    );
    the(&found, "no-baseline", &file("no-baseline.md"), 9);
    // The guardrail without a baseline (line 18) is not a metric.
    assert!(found
        .iter()
        .all(|d| !(d.file == file("no-baseline.md") && d.line == 18)));
    assert_quiet(&found, &file("good.md"), "no-baseline");
}

#[test]
fn not_aligned() {
    let found = objectives();
    assert_eq!(
        at(&found, "not-aligned"),
        expected(&OBJECTIVE_FINDINGS, "not-aligned")
    );
    let team = the(&found, "not-aligned", &file("not-aligned.md"), 2);
    assert!(team.message.contains("team objective"));
    let individual = the(
        &found,
        "not-aligned",
        "content/people/sam-lee/2026-Q2/not-aligned.md",
        2,
    );
    assert!(individual.message.contains("individual objective"));
    // With a parent; and at the organization level, where nothing is above.
    assert_quiet(
        &found,
        "content/people/sam-lee/2026-Q2/aligned.md",
        "not-aligned",
    );
    assert_quiet(&found, &file("good.md"), "not-aligned");
    assert_quiet(&found, "content/org/2026-Q2/north-star.md", "not-aligned");
}

#[test]
fn stale_check_in() {
    let found = objectives();
    assert_eq!(
        at(&found, "stale-check-in"),
        expected(&OBJECTIVE_FINDINGS, "stale-check-in")
    );
    // The check-in of 2026-06-20 is after the as-of date and does not count.
    let old = the(&found, "stale-check-in", &file("stale.md"), 9);
    assert!(old.message.contains("2026-04-20, 51 days"), "{old:#?}");
    let never = the(&found, "stale-check-in", &file("stale.md"), 19);
    assert!(never.message.contains("no check-in"), "{never:#?}");
    // 45 days old (line 24) is not more than 45; a milestone done (line 32) needs no more.
    assert!(found
        .iter()
        .all(|d| !(d.file == file("stale.md") && d.line > 19)));
    // Periods that are not running: not started yet, and over.
    assert_quiet(&found, "content/alpha/2026-Q3/future.md", "stale-check-in");
    assert_quiet(&found, "content/alpha/2026-Q1/past.md", "stale-check-in");
    assert_quiet(&found, &file("good.md"), "stale-check-in");

    // A key result without check-ins turns stale once the period has run
    // more than 45 days: not on 2026-05-16 (45 days), on 2026-05-17. (The
    // other files' check-ins of 2026-06-01 are in the future on those days.)
    let handbook = check(&lints_fixture("objectives")).handbook.unwrap();
    let stale_on = |day: &str| -> Vec<usize> {
        okrbook::lint::lint(&handbook, date(day))
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
    let found = teams();
    assert_eq!(
        at(&found, "sandbagging"),
        expected(&TEAM_FINDINGS, "sandbagging")
    );
    // Graded 1.0 in 2025-Q4, computed 1.0 in 2026-Q1 (the aspirational
    // objective beside it does not count); 2026-Q2 is still running.
    let steady = the(&found, "sandbagging", "content/teams/steady.md", 3);
    assert!(
        steady.message.contains("(2025-Q4 and 2026-Q1)"),
        "{steady:#?}"
    );
    // 2025-Q3 and 2026-Q1 follow each other in Gappy's own periods.
    let gappy = the(&found, "sandbagging", "content/teams/gappy.md", 3);
    assert!(
        gappy.message.contains("(2025-Q3 and 2026-Q1)"),
        "{gappy:#?}"
    );
    // 1.0 then 0.7; and aspirational objectives that reached 1.0 twice.
    assert_quiet(&found, "content/teams/honest.md", "sandbagging");
    assert_quiet(&found, "content/teams/dreamers.md", "sandbagging");
}

#[test]
fn missing_domain() {
    let found = teams();
    assert_eq!(
        at(&found, "missing-domain"),
        expected(&TEAM_FINDINGS, "missing-domain")
    );
    let finding = the(&found, "missing-domain", "book.toml", 7);
    assert_eq!(finding.column, 1);
    assert!(finding.message.contains("2025-Q3"));
    assert!(finding
        .message
        .contains("delivery, technical-health, team-health"));
    assert!(finding
        .excerpt
        .as_deref()
        .unwrap()
        .starts_with("domains = "));
    // Without `domains` in book.toml the rule is off.
    assert!(at(&objectives(), "missing-domain").is_empty());
}

#[test]
fn unknown_codes_in_allow_are_warned_with_a_suggestion() {
    let found = objectives();
    assert_eq!(
        at(&found, "unknown-lint"),
        expected(&OBJECTIVE_FINDINGS, "unknown-lint")
    );
    let objective = the(&found, "unknown-lint", &file("allow.md"), 8);
    assert!(objective.message.contains("`vanity-metrics`"));
    assert_eq!(
        objective.help.as_deref(),
        Some("did you mean `vanity-metric`?")
    );
    let page = the(&found, "unknown-lint", "content/guides/how-we-work.md", 3);
    assert_eq!(page.help.as_deref(), Some("did you mean `no-owner`?"));
}

#[test]
fn allow_in_a_file_silences_that_file_only() {
    let found = objectives();
    // allow.md starts its first key result with "Migrate" and allows it.
    assert_quiet(&found, &file("allow.md"), "activity-not-outcome");
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
    assert_eq!(found.len(), TEAM_FINDINGS.len() - 1);
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
    assert_eq!(found.len(), OBJECTIVE_FINDINGS.len() - 2);
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
    assert_eq!(errors, expected(&OBJECTIVE_FINDINGS, "vanity-metric"));

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
    assert!(text.contains("2 error(s), 16 warning(s)"), "{text}");

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
    // 51 days is not stale under 60; the key result never checked in (70 days) still is.
    assert_eq!(at(&found, "stale-check-in"), [(file("stale.md"), 19)]);

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
    let root = lints_fixture("objectives");
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
            "content/alpha/2026-Q2/activity.md:9:12: warning[activity-not-outcome]: key result `kr1` is a task"
        ),
        "{text}"
    );
    assert!(text.contains("  = help: "), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "The handbook is valid: 20 objectives checked as of 2026-06-10, 18 warning(s)."
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
            okrbook::lint::LINTS
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
    let output = build_ok(&lints_fixture("objectives"), &dest, AS_OF, &[]);
    let text = stderr(&output);
    assert!(
        text.contains("content/alpha/2026-Q2/maintenance.md:2:8: warning[maintenance-objective]: "),
        "{text}"
    );
    assert!(text.contains("18 warning(s)"), "{text}");
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
        "content/payments/2026-Q3/peak-payouts.md:25:12: warning[activity-not-outcome]: key result `kr2` is a task (it starts with \"Migrate\"), not the outcome the task is for",
        "content/mobile/2026-Q4/offline-tracking.md:32:12: warning[stale-check-in]: key result `battery` was last checked in on 2026-10-05, 47 days before 2026-11-21 (more than 45)",
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
