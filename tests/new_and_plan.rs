//! `okrbook new objective` and `okrbook new team`, run on copies of the demo
//! handbook: the file written byte for byte, the handbook still checks, and
//! every refusal (and `--dry-run`) writes nothing.

mod common;

use common::{copy_dir, okrbook, repo_root, snapshot, stderr, stdout, temp};
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

/// The demo handbook (book.toml and content/) in a temporary folder.
fn demo() -> (TempDir, PathBuf) {
    let tmp = temp();
    let root = tmp.path().join("handbook");
    copy_dir(&repo_root().join("content"), &root.join("content"));
    // The demo's data-fed key result reads data/.
    copy_dir(&repo_root().join("data"), &root.join("data"));
    std::fs::copy(repo_root().join("book.toml"), root.join("book.toml")).expect("copy book.toml");
    (tmp, root)
}

fn new(root: &Path, args: &[&str]) -> Output {
    okrbook()
        .arg("new")
        .args(args)
        .arg("--dir")
        .arg(root)
        .output()
        .expect("run okrbook new")
}

fn check_passes(root: &Path) {
    let output = okrbook()
        .args(["check", "--as-of", "2026-12-01"])
        .arg(root)
        .output()
        .expect("run okrbook check");
    assert!(output.status.success(), "{}", stderr(&output));
}

/// Runs `okrbook new …`, which must fail, and checks that it wrote nothing; returns its stderr.
fn refused(root: &Path, args: &[&str]) -> String {
    let before = snapshot(root);
    let output = new(root, args);
    assert!(!output.status.success(), "{}", stdout(&output));
    assert_eq!(snapshot(root), before, "a refusal wrote something");
    let message = stderr(&output);
    assert!(message.ends_with("Nothing was written.\n"), "{message}");
    message
}

const OBJECTIVE: &str = r#"---
title: "Deploys are boring: no incident from a release"
period: 2027-Q1
team: platform
owner: Dalia Haddad
parent: company/2026-Q4/peak-season
key_results:
  # Two to four key results: outcomes you can measure, not tasks. These two
  # start as milestones (done or not done); turn each into a metric, as in:
  #   - id: p95-latency
  #     title: p95 checkout latency under 300 ms
  #     unit: ms
  #     baseline: 450      # where it stands today
  #     target: 300        # where it should be at the end of the period
  #     measured_by: the dashboard or query the number comes from
  - id: kr1
    title: First key result, to be written
    kind: milestone
    owner: Dalia Haddad
  - id: kr2
    title: Second key result, to be written
    kind: milestone
    owner: Dalia Haddad
---
Why this objective matters now, in Markdown.
"#;

const OBJECTIVE_PATH: &str =
    "content/platform/2027-Q1/deploys-are-boring-no-incident-from-a-release.md";

fn new_objective_args() -> Vec<&'static str> {
    vec![
        "objective",
        "platform",
        "2027-Q1",
        "Deploys are boring: no incident from a release",
        "--owner",
        "Dalia Haddad",
        "--parent",
        "company/2026-Q4/peak-season",
    ]
}

#[test]
fn new_objective_writes_the_expected_file_and_the_handbook_still_checks() {
    let (_tmp, root) = demo();
    let before = snapshot(&root);
    let output = new(&root, &new_objective_args());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), format!("created {OBJECTIVE_PATH}\n"));
    let after = snapshot(&root);
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(added, [OBJECTIVE_PATH], "exactly one new file");
    assert!(
        before.iter().all(|(k, v)| after.get(k) == Some(v)),
        "other files unchanged"
    );
    assert_eq!(String::from_utf8_lossy(&after[OBJECTIVE_PATH]), OBJECTIVE);
    check_passes(&root);
}

#[test]
fn new_objective_without_owner_or_parent_leaves_them_as_comments() {
    let (_tmp, root) = demo();
    let output = new(
        &root,
        &[
            "objective",
            "mobile",
            "2027-H1",
            "Riders trust the app offline",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(
        root.join("content/mobile/2027-H1/riders-trust-the-app-offline.md"),
    )
    .expect("the new file");
    assert!(
        text.starts_with(
            "---\ntitle: Riders trust the app offline\nperiod: 2027-H1\nteam: mobile\n\
         # owner: the one person who answers for this objective\n\
         # parent: the id of the objective this one supports\nkey_results:\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "    kind: milestone\n    # owner: who measures it and reports it at each check-in\n"
        ),
        "{text}"
    );
    check_passes(&root);
}

#[test]
fn new_objective_never_replaces_a_file() {
    let (_tmp, root) = demo();
    assert!(new(&root, &new_objective_args()).status.success());
    std::fs::write(root.join(OBJECTIVE_PATH), "edited by hand\n").expect("edit");
    let message = refused(&root, &new_objective_args());
    assert!(
        message.contains(&format!("{OBJECTIVE_PATH} already exists")),
        "{message}"
    );
}

#[test]
fn new_objective_refuses_an_unknown_team_with_the_closest_id() {
    let (_tmp, root) = demo();
    let message = refused(&root, &["objective", "platfrom", "2027-Q1", "Anything"]);
    assert_eq!(
        message,
        "error: team platfrom: no team has this id; did you mean platform?\nNothing was written.\n"
    );
}

#[test]
fn new_objective_refuses_a_period_that_does_not_parse() {
    let (_tmp, root) = demo();
    let message = refused(&root, &["objective", "platform", "2027-Q5", "Anything"]);
    assert!(
        message.starts_with("error: 2027-Q5 is not a period; write YYYY-Qn, YYYY-Hn or YYYY"),
        "{message}"
    );
}

#[test]
fn new_objective_refuses_an_unknown_parent_with_the_closest_id() {
    let (_tmp, root) = demo();
    let message = refused(
        &root,
        &[
            "objective",
            "platform",
            "2027-Q1",
            "Anything",
            "--parent",
            "company/2026-Q4/peak-seasons",
        ],
    );
    assert!(
        message.contains("--parent company/2026-Q4/peak-seasons: no objective has this id; did you mean company/2026-Q4/peak-season?"),
        "{message}"
    );
}

#[test]
fn dry_run_prints_the_file_and_writes_nothing() {
    let (_tmp, root) = demo();
    let before = snapshot(&root);
    let mut args = new_objective_args();
    args.push("--dry-run");
    let output = new(&root, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!("would create {OBJECTIVE_PATH} (--dry-run: nothing written):\n\n{OBJECTIVE}")
    );
    assert_eq!(snapshot(&root), before);
}

#[test]
fn new_team_writes_the_expected_file_and_the_handbook_still_checks() {
    let (_tmp, root) = demo();
    let output = new(
        &root,
        &[
            "team",
            "billing",
            "Billing & Invoices",
            "--parent",
            "engineering",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "created content/teams/billing.md\n");
    assert_eq!(
        std::fs::read_to_string(root.join("content/teams/billing.md")).expect("the new team"),
        "---\ntype: team\nname: Billing & Invoices\nparent: engineering\n\
         # lead: who leads the team\n# members: [First Person, Second Person]\n---\n\
         What the team does and how it knows it is succeeding, in Markdown.\n"
    );
    check_passes(&root);
    // The new team takes objectives at once.
    let output = new(
        &root,
        &[
            "objective",
            "billing",
            "2027-Q1",
            "Invoices are right the first time",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    check_passes(&root);
}

#[test]
fn new_team_refusals_write_nothing() {
    let (_tmp, root) = demo();
    let message = refused(&root, &["team", "platform", "Platform again"]);
    assert!(
        message.contains("a team with the id platform already exists"),
        "{message}"
    );
    let message = refused(
        &root,
        &["team", "billing", "Billing", "--parent", "enginering"],
    );
    assert!(
        message.contains("--parent enginering: no team has this id; did you mean engineering?"),
        "{message}"
    );
    let message = refused(&root, &["team", "Billing Team", "Billing"]);
    assert!(message.contains("is not a team id"), "{message}");
    // An id that is another team's former id: the handbook would gain an error.
    let message = refused(
        &root,
        &["team", "dev-productivity", "Developer Productivity"],
    );
    assert!(
        message.contains("content/teams/dev-productivity.md would give the handbook new errors"),
        "{message}"
    );
    assert!(message.contains("duplicate-id"), "{message}");
}
