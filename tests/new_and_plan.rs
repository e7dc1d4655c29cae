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

// ---- okrbook plan ----

fn plan(root: &Path, args: &[&str]) -> Output {
    okrbook()
        .arg("plan")
        .args(args)
        .arg("--dir")
        .arg(root)
        .output()
        .expect("run okrbook plan")
}

/// Runs `okrbook plan …`, which must fail, and checks that it wrote nothing; returns its stderr.
fn plan_refused(root: &Path, args: &[&str]) -> String {
    let before = snapshot(root);
    let output = plan(root, args);
    assert!(!output.status.success(), "{}", stdout(&output));
    assert_eq!(snapshot(root), before, "a refusal wrote something");
    let message = stderr(&output);
    assert!(message.ends_with("Nothing was written.\n"), "{message}");
    message
}

/// The files a run added, by path, as text; asserts it changed no other file.
fn added_files(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    root: &Path,
) -> std::collections::BTreeMap<String, String> {
    let after = snapshot(root);
    assert!(
        before.iter().all(|(k, v)| after.get(k) == Some(v)),
        "a file that existed was changed"
    );
    after
        .into_iter()
        .filter(|(k, _)| !before.contains_key(k))
        .map(|(k, v)| (k, String::from_utf8(v).expect("UTF-8")))
        .collect()
}

const DEMO_DRAFTS: [&str; 9] = [
    "content/company/2027-Q1/peak-season.md",
    "content/company/2027-Q1/portline-integration.md",
    "content/company/2027-Q1/sustainable-pace.md",
    "content/developer-experience/2027-Q1/first-deploy.md",
    "content/mobile/2027-Q1/offline-tracking.md",
    "content/payments/2027-Q1/peak-invoicing.md",
    "content/people/mei-lin-chen/2027-Q1/reconciliation.md",
    "content/platform/2027-Q1/customs-services-onboarding.md",
    "content/platform/2027-Q1/reliability.md",
];

const RELIABILITY_2027_Q1: &str = r#"---
title: The booking API stays up through peak
period: 2027-Q1
team: platform
owner: Dalia Haddad
parent: company/2027-Q1/peak-season
tags: [technical-health, peak-season]
carried_from: platform/2026-Q4/reliability
key_results:
  - id: availability
    title: Booking API availability
    owner: Chidi Okonkwo
    carried_from: "platform/2026-Q4/reliability#availability"
    unit: "%"
    baseline: 99.9
    target: 99.95
    direction: increase
    weight: 2
    measured_by: Synthetic checks every minute from three regions
  - id: p95-latency
    title: p95 latency of booking search
    owner: Hannah Lindqvist
    carried_from: "platform/2026-Q4/reliability#p95-latency"
    unit: ms
    baseline: 330
    target: 300
    direction: decrease
    source: data/p95-booking-search.csv
  - id: pages
    title: Pages per on-call week
    owner: Mateo Rojas
    carried_from: "platform/2026-Q4/reliability#pages"
    kind: guardrail
    baseline: 12
    target: 12
    direction: at_most
initiatives:
  - title: Multi-region read path for the tracking API
    owner: Tomasz Wiśniewski
    status: in_progress
    link: "https://github.com/quayside-freight/rfcs/pull/52"
    key_results: [availability]
  - title: Automated certificate rotation with overlap
    owner: Chidi Okonkwo
    status: in_progress
    key_results: [availability, pages]
  - title: Query budget per endpoint in the API gateway
    owner: Hannah Lindqvist
    key_results: [p95-latency]
---
Third quarter of the same objective ([Q3](../2026-Q3/reliability.md), [Q2](../2026-Q2/reliability.md)). The event bus is multi-zone now; the remaining risks are the gateway's certificate handling and the tracking API, which still reads from a single region.
"#;

#[test]
fn plan_drafts_the_demo_s_next_quarter_and_the_handbook_still_checks() {
    let (_tmp, root) = demo();
    let before = snapshot(&root);
    let output = plan(&root, &["2027-Q1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let added = added_files(&before, &root);
    assert_eq!(added.keys().collect::<Vec<_>>(), DEMO_DRAFTS);
    assert_eq!(
        added["content/platform/2027-Q1/reliability.md"],
        RELIABILITY_2027_Q1
    );
    for (path, text) in &added {
        assert!(!text.contains("checkins"), "{path} has check-ins:\n{text}");
        assert!(!text.contains("grade:"), "{path} has a grade:\n{text}");
        assert!(text.contains("period: 2027-Q1\n"), "{path}:\n{text}");
    }
    let peak = &added["content/company/2027-Q1/peak-season.md"];
    assert!(
        peak.contains("carried_from: company/2026-Q4/peak-season\n"),
        "{peak}"
    );
    assert!(
        peak.contains(
            "    carried_from: \"company/2026-Q4/peak-season#availability\"\n    unit: \"%\"\n    baseline: 99.9\n"
        ),
        "{peak}"
    );
    assert!(
        peak.contains("  - id: sev1\n    title: Sev-1 incidents from 1 November to 31 December\n    owner: Yusuf Demir\n    carried_from: \"company/2026-Q4/peak-season#sev1\"\n    kind: guardrail\n    baseline: 0\n    target: 1\n    direction: at_most\n"),
        "{peak}"
    );
    // A planned initiative loses its status (planned is the default); one in progress keeps it.
    assert!(
        peak.contains("  - title: Change freeze for customer-facing services from 23 November to 4 January\n    owner: Yusuf Demir\n    key_results: [availability, sev1]\n"),
        "{peak}"
    );
    // Private stays private; the milestone done in 2026-Q4 is left out.
    let portline = &added["content/company/2027-Q1/portline-integration.md"];
    assert!(portline.contains("visibility: private\n"), "{portline}");
    assert!(!portline.contains("id: kr2"), "{portline}");
    assert!(portline.contains("  - id: kr3\n"), "{portline}");
    // Done and dropped initiatives are not carried.
    let first_deploy = &added["content/developer-experience/2027-Q1/first-deploy.md"];
    assert!(
        first_deploy.contains("parent: platform/2027-Q1/customs-services-onboarding\n"),
        "{first_deploy}"
    );
    assert!(
        !first_deploy.contains("Onboarding buddies"),
        "{first_deploy}"
    );
    assert!(
        !first_deploy.contains("Recorded walkthroughs"),
        "{first_deploy}"
    );
    assert!(
        first_deploy.contains("    baseline: 15\n    target: 10\n    direction: decrease\n"),
        "{first_deploy}"
    );
    // An individual goal keeps its person's folder; its parent is the carried one.
    let goal = &added["content/people/mei-lin-chen/2027-Q1/reconciliation.md"];
    assert!(
        goal.contains("parent: payments/2027-Q1/peak-invoicing\n"),
        "{goal}"
    );
    assert!(!goal.contains("team:"), "{goal}");
    let out = stdout(&output);
    assert!(
        out.starts_with("Planning 2027-Q1 from 2026-Q4: 9 objectives drafted, 0 left behind.\n"),
        "{out}"
    );
    for line in [
        "created content/platform/2027-Q1/reliability.md: The booking API stays up through peak\n  carried from platform/2026-Q4/reliability (0.70 at the end of 2026-Q4)\n  availability: baseline 99.84 → 99.9 (last check-in 2026-11-18)\n  p95-latency: baseline 400 → 330 (last check-in 2026-11-18)\n  pages: baseline 13 → 12 (last check-in 2026-11-18)\n",
        "  kr2: left out, the milestone was done (2026-11-13)\n",
        "  days-to-first-deploy: baseline none → 15 (last check-in 2026-11-18)\n",
        "  kr4: baseline 55 kept (no check-in with a value)\n",
    ] {
        assert!(out.contains(line), "{line:?} not in:\n{out}");
    }
    check_passes(&root);
    // The drafts are read as carried: the new objective names the old one.
    let output = okrbook()
        .args(["check", "--as-of", "2027-01-15"])
        .arg(&root)
        .output()
        .expect("run okrbook check");
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn plan_dry_run_prints_the_files_and_writes_nothing() {
    let (_tmp, root) = demo();
    let before = snapshot(&root);
    let output = plan(&root, &["2027-Q1", "--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(snapshot(&root), before);
    let out = stdout(&output);
    assert!(
        out.contains("would create content/platform/2027-Q1/reliability.md: The booking API"),
        "{out}"
    );
    // The files follow the summary, the last one before the closing line.
    assert!(
        out.ends_with(&format!(
            "\n--- content/platform/2027-Q1/reliability.md ---\n{RELIABILITY_2027_Q1}\nDry run: nothing was written.\n"
        )),
        "{out}"
    );
    // The same text as a real run writes.
    let real = plan(&root, &["2027-Q1"]);
    assert!(real.status.success(), "{}", stderr(&real));
    assert_eq!(
        stdout(&real).replace("created ", "would create "),
        out[..out.find("\n--- ").expect("the files")]
    );
}

#[test]
fn plan_never_overwrites_and_points_to_the_existing_draft() {
    let (_tmp, root) = demo();
    let first = plan(&root, &["2027-Q1", "--team", "platform"]);
    assert!(first.status.success(), "{}", stderr(&first));
    // Edited by hand after the first run; the second run must leave it be.
    let edited = root.join("content/platform/2027-Q1/customs-services-onboarding.md");
    let mut text = std::fs::read_to_string(&edited).expect("the first draft");
    text.push_str("\nEdited by hand.\n");
    std::fs::write(&edited, &text).expect("edit");
    let before = snapshot(&root);
    let output = plan(&root, &["2027-Q1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let added = added_files(&before, &root);
    assert_eq!(added.len(), 7, "{:?}", added.keys());
    assert_eq!(std::fs::read_to_string(&edited).expect("kept"), text);
    let out = stdout(&output);
    assert!(
        out.contains("\nLeft behind:\n  platform/2026-Q4/customs-services-onboarding (Customs document services run on the Quayside platform): content/platform/2027-Q1/customs-services-onboarding.md already exists, not overwritten\n  platform/2026-Q4/reliability (The booking API stays up through peak): content/platform/2027-Q1/reliability.md already exists, not overwritten\n"),
        "{out}"
    );
    // The parent was not carried in this run, but its draft exists: the child points to it.
    assert!(
        added["content/developer-experience/2027-Q1/first-deploy.md"]
            .contains("parent: platform/2027-Q1/customs-services-onboarding\n")
    );
    check_passes(&root);
    // A third run finds nothing left to draft, and says so.
    let before = snapshot(&root);
    let output = plan(&root, &["2027-Q1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(snapshot(&root), before);
    assert!(
        stdout(&output).ends_with("\nNothing to draft: nothing was written.\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn plan_for_one_team_leaves_parents_it_does_not_carry_as_comments() {
    let (_tmp, root) = demo();
    let before = snapshot(&root);
    let output = plan(&root, &["2027-Q1", "--team", "platform"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let added = added_files(&before, &root);
    assert_eq!(
        added.keys().collect::<Vec<_>>(),
        [
            "content/platform/2027-Q1/customs-services-onboarding.md",
            "content/platform/2027-Q1/reliability.md"
        ]
    );
    let reliability = &added["content/platform/2027-Q1/reliability.md"];
    assert_eq!(
        reliability,
        &RELIABILITY_2027_Q1.replace(
            "parent: company/2027-Q1/peak-season\n",
            "# parent: company/2026-Q4/peak-season was not carried into 2027-Q1; name the objective this one supports now\n"
        )
    );
    let out = stdout(&output);
    assert!(
        out.contains("  parent company/2026-Q4/peak-season left out: it is of 2026-Q4, and not carried into 2027-Q1\n"),
        "{out}"
    );
    check_passes(&root);
}

#[test]
fn plan_refusals_write_nothing() {
    let (_tmp, root) = demo();
    let message = plan_refused(&root, &["2027-Q5"]);
    assert_eq!(
        message,
        "error: 2027-Q5 is not a period; write YYYY-Qn, YYYY-Hn or YYYY, for example 2027-Q1\nNothing was written.\n"
    );
    let message = plan_refused(&root, &["2027-Q1", "--from", "2027-Q1"]);
    assert!(
        message.starts_with("error: --from 2027-Q1 is not earlier than 2027-Q1"),
        "{message}"
    );
    let message = plan_refused(&root, &["2026-Q1"]);
    assert_eq!(
        message,
        "error: the handbook has no objectives in 2025-Q4, so there is nothing to carry; objectives are in 2026-Q1, 2026-Q2, 2026-Q3, 2026-Q4, 2027-Q1: name one with --from\nNothing was written.\n"
    );
    let message = plan_refused(&root, &["2027-Q1", "--team", "platfrom"]);
    assert!(
        message.contains("--team platfrom: no team has this id; did you mean platform?"),
        "{message}"
    );
    let message = plan_refused(&root, &["2027-Q1", "--from", "2027-H1"]);
    assert!(
        message.contains("--from 2027-H1 is not earlier"),
        "{message}"
    );
}

#[test]
fn plan_refuses_a_handbook_with_errors() {
    let (_tmp, root) = demo();
    common::write(
        &root,
        "content/web/2026-Q4/broken.md",
        "---\ntitle: Broken\nperiod: 2026-Q9\nkey_results: []\n---\n",
    );
    let message = plan_refused(&root, &["2027-Q1"]);
    assert!(
        message.starts_with("error: the handbook has 1 error(s); fix them first (`okrbook check`):\n\ncontent/web/2026-Q4/broken.md:3:"),
        "{message}"
    );
}

#[test]
fn plan_writes_nothing_when_a_draft_would_add_an_error() {
    let (_tmp, root) = demo();
    // An objective that already uses the id the reliability draft would get.
    common::write(
        &root,
        "content/platform/2027-Q1/booking-api.md",
        "---\nid: platform/2027-Q1/reliability\ntitle: The booking API is fast\nperiod: 2027-Q1\nteam: platform\nowner: Dalia Haddad\nkey_results:\n  - title: Booking API p95\n    baseline: 400\n    target: 300\n---\n",
    );
    check_passes(&root);
    let message = plan_refused(&root, &["2027-Q1"]);
    assert!(
        message.starts_with(
            "error: the drafts would give the handbook new errors, so nothing was written:\n\n"
        ),
        "{message}"
    );
    assert!(message.contains("duplicate-id"), "{message}");
}

/// A small handbook whose 2026-Q4 has one objective of each kind the plan
/// tells apart, in block and flow YAML.
fn small() -> (TempDir, PathBuf) {
    let tmp = temp();
    let root = tmp.path().join("handbook");
    let files: &[(&str, &str)] = &[
        ("book.toml", "[book]\ntitle = \"Small\"\n"),
        ("content/teams/org.md", "---\ntype: team\nname: Org\n---\n"),
        (
            "content/teams/web.md",
            "---\ntype: team\nname: Web\nparent: org\nformerly: [site]\n---\n",
        ),
        (
            "content/org/2027/vision.md",
            "---\ntitle: Twice the customers\nperiod: 2027\nteam: org\nowner: Ada Obi\nkey_results:\n  - title: Customers\n    baseline: 100\n    target: 200\n---\n",
        ),
        (
            "content/org/2026-Q4/grow.md",
            "---\ntitle: Revenue grows\nperiod: 2026-Q4\nteam: org\nowner: Ada Obi\nparent: org/2027/vision\nkey_results:\n  - id: revenue\n    title: Monthly revenue\n    unit: k€\n    baseline: 100\n    target: 150\n    checkins:\n      - { date: 2026-10-10, value: 110 }\n      - { date: 2026-11-10, value: 120, note: steady }\n      - date: 2026-11-20\n        note: Waiting for the November close.\n---\nWhy.\n",
        ),
        (
            "content/site/2026-Q4/signups.md",
            "---\ntitle: Signups grow every week\nperiod: 2026-Q4\nteam: site\nowner: Ana Lima\nparent: org/2026-Q4/grow\nkey_results: [{id: signups, title: Weekly signups, target: 10, checkins: [{date: 2026-10-05, value: 4}, {date: 2026-11-02, value: 6}]}, {title: \"Churn, monthly\", kind: guardrail, direction: at_most, baseline: 3, target: 2, checkins: [{date: 2026-11-02, value: 2.5}]}]\n---\nSignups are the whole game.\n",
        ),
        (
            "content/web/2026-Q4/latency.md",
            "---\ntitle: Pages load fast\nperiod: 2026-Q4\nteam: web\nowner: Ana Lima\nkey_results:\n  - id: p95\n    title: p95 page load\n    unit: ms\n    baseline: 900\n    target: 500\n    source: data/p95.csv\n    checkins:\n      - date: 2026-10-01\n        value: 850\n  - id: errors\n    title: JavaScript errors per thousand views\n    baseline: 10\n    target: 2\n    checkins:\n      - date: 2026-11-01\n        value: 1.5\n---\n",
        ),
        ("data/p95.csv", "date,value\n2026-10-15,800\n2026-11-20,640\n"),
        (
            "content/web/2026-Q4/shipped.md",
            "---\ntitle: The new checkout ships\nperiod: 2026-Q4\nteam: web\nowner: Ana Lima\nkey_results:\n  - title: Checkout conversion\n    baseline: 2\n    target: 3\n    checkins:\n      - date: 2026-11-01\n        value: 2.5\ngrade: {score: 0.5, next: done}\n---\n",
        ),
        (
            "content/web/2026-Q4/abandoned.md",
            "---\ntitle: A native app\nperiod: 2026-Q4\nteam: web\nowner: Ana Lima\nkey_results:\n  - title: App installs\n    baseline: 0\n    target: 1000\ngrade:\n  score: 0.1\n  next: drop\n---\n",
        ),
        (
            "content/web/2026-Q4/all-done.md",
            "---\ntitle: The site is accessible\nperiod: 2026-Q4\nteam: web\nowner: Ana Lima\nkey_results:\n  - id: audit\n    title: Accessibility audit passed\n    kind: milestone\n    checkins:\n      - {date: 2026-11-01, value: true}\n---\n",
        ),
        (
            "content/web/2026-Q4/again.md",
            "---\ntitle: Docs people can follow\nperiod: 2026-Q4\nteam: web\nowner: Ana Lima\nkey_results:\n  - id: rewrite\n    title: Docs rewritten\n    kind: milestone\n    checkins:\n      - {date: 2026-11-01, value: true}\ngrade:\n  score: 0.8\n  next: continue\n---\n",
        ),
    ];
    for (path, text) in files {
        common::write(&root, path, text);
    }
    (tmp, root)
}

const SIGNUPS_2027_Q1: &str = r#"---
title: Signups grow every week
period: 2027-Q1
team: web
owner: Ana Lima
parent: org/2027-Q1/grow
carried_from: site/2026-Q4/signups
key_results:
  - id: signups
    title: Weekly signups
    carried_from: "site/2026-Q4/signups#signups"
    baseline: 6
    target: 10
    direction: increase
  - id: kr2
    title: Churn, monthly
    carried_from: "site/2026-Q4/signups#kr2"
    kind: guardrail
    baseline: 2.5
    target: 2
    direction: at_most
---
Signups are the whole game.
"#;

#[test]
fn plan_carries_block_and_flow_yaml_and_leaves_done_and_dropped_behind() {
    let (_tmp, root) = small();
    check_passes(&root);
    let before = snapshot(&root);
    let output = plan(&root, &["2027-Q1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let added = added_files(&before, &root);
    assert_eq!(
        added.keys().collect::<Vec<_>>(),
        [
            "content/org/2027-Q1/grow.md",
            "content/web/2027-Q1/again.md",
            "content/web/2027-Q1/latency.md",
            "content/web/2027-Q1/signups.md",
        ]
    );
    // Flow-style key results and check-ins; the team's former name and
    // folder become its id; the parent carried in this run is the new one.
    assert_eq!(added["content/web/2027-Q1/signups.md"], SIGNUPS_2027_Q1);
    // Flow check-in lines, a status update without a value skipped; the
    // parent of a period that runs over 2027-Q1 is kept.
    assert_eq!(
        added["content/org/2027-Q1/grow.md"],
        "---\ntitle: Revenue grows\nperiod: 2027-Q1\nteam: org\nowner: Ada Obi\nparent: org/2027/vision\ncarried_from: org/2026-Q4/grow\nkey_results:\n  - id: revenue\n    title: Monthly revenue\n    carried_from: \"org/2026-Q4/grow#revenue\"\n    unit: \"k€\"\n    baseline: 120\n    target: 150\n    direction: increase\n---\nWhy.\n"
    );
    // The data file's last row is the baseline; the source is kept; a
    // metric that reached its target is left out.
    let latency = &added["content/web/2027-Q1/latency.md"];
    assert!(
        latency.contains("    unit: ms\n    baseline: 640\n    target: 500\n    direction: decrease\n    source: data/p95.csv\n"),
        "{latency}"
    );
    assert!(!latency.contains("errors"), "{latency}");
    // Graded `next: continue`, every key result done: carried, to be rewritten.
    assert_eq!(
        added["content/web/2027-Q1/again.md"],
        "---\ntitle: Docs people can follow\nperiod: 2027-Q1\nteam: web\nowner: Ana Lima\ncarried_from: web/2026-Q4/again\n# Every key result of web/2026-Q4/again was done in 2026-Q4: write this period's.\nkey_results: []\n---\n"
    );
    let out = stdout(&output);
    for line in [
        "Planning 2027-Q1 from 2026-Q4: 4 objectives drafted, 3 left behind.\n",
        "  p95: baseline 900 → 640 (last check-in 2026-11-20)\n",
        "  errors: left out, it reached its target 2 (1.5 on 2026-11-01)\n",
        "  revenue: baseline 100 → 120 (last check-in 2026-11-10)\n",
        "  signups: baseline none → 6 (last check-in 2026-11-02)\n",
        "  rewrite: left out, the milestone was done (2026-11-01)\n  every key result was left out: write 2027-Q1's key results\n",
        "\nLeft behind:\n  web/2026-Q4/abandoned (A native app): dropped (graded `next: drop`)\n  web/2026-Q4/all-done (The site is accessible): done (scored 1.00 at the end of 2026-Q4, and no `next` says to continue)\n  web/2026-Q4/shipped (The new checkout ships): done (graded `next: done`)\n",
    ] {
        assert!(out.contains(line), "{line:?} not in:\n{out}");
    }
    check_passes(&root);
}

#[test]
fn plan_for_a_team_by_its_former_name() {
    let (_tmp, root) = small();
    let before = snapshot(&root);
    let output = plan(&root, &["2027-Q1", "--team", "site", "--from", "2026-Q4"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let added = added_files(&before, &root);
    assert_eq!(
        added.keys().collect::<Vec<_>>(),
        [
            "content/web/2027-Q1/again.md",
            "content/web/2027-Q1/latency.md",
            "content/web/2027-Q1/signups.md",
        ]
    );
    // The parent's team was not planned: the parent is left as a comment.
    assert_eq!(
        added["content/web/2027-Q1/signups.md"],
        SIGNUPS_2027_Q1.replace(
            "parent: org/2027-Q1/grow\n",
            "# parent: org/2026-Q4/grow was not carried into 2027-Q1; name the objective this one supports now\n"
        )
    );
    check_passes(&root);
    let message = plan_refused(&root, &["2026-Q3", "--team", "org"]);
    assert_eq!(
        message,
        "error: team org has no objectives in 2026-Q2, so there is nothing to carry; objectives are in 2026-Q4, 2027: name one with --from\nNothing was written.\n"
    );
}

#[test]
fn plan_removes_what_it_wrote_when_a_later_write_fails() {
    let (_tmp, root) = small();
    // A file where the web team's new folder must go: the grow draft is
    // written first (drafts go in the order of their paths), and then the
    // web team's cannot be.
    common::write(&root, "content/web/2027-Q1", "not a folder\n");
    let message = plan_refused(&root, &["2027-Q1"]);
    assert!(
        message.starts_with("error: cannot write content/web/2027-Q1/again.md: "),
        "{message}"
    );
    assert!(
        message.contains("the drafts written before it were removed"),
        "{message}"
    );
    assert!(!root.join("content/org/2027-Q1").exists());
}

#[test]
fn plan_scores_the_earlier_period_to_its_last_day_in_the_fiscal_year() {
    let (_tmp, root) = small();
    common::write(
        &root,
        "content/web/2026-Q4/search.md",
        "---\ntitle: Search works\nperiod: 2026-Q4\nteam: web\nowner: Ana Lima\nkey_results:\n  - id: search\n    title: Search launched\n    kind: milestone\n    checkins:\n      - {date: 2027-01-15, value: true}\n---\n",
    );
    // Calendar quarters: 2026-Q4 ended on 31 December, before the launch.
    let output = plan(&root, &["2027-Q1", "--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains("would create content/web/2027-Q1/search.md: Search works\n  carried from web/2026-Q4/search (not scored at the end of 2026-Q4)\n  search: left out, the milestone was done (2027-01-15)\n"),
        "{out}"
    );
    // Fiscal years from February: 2026-Q4 runs to 31 January 2027, and the
    // launch makes it done. The default --from is still the quarter before.
    common::write(
        &root,
        "book.toml",
        "[book]\ntitle = \"Small\"\n\n[okr]\nquarter-start-month = 2\n",
    );
    let before = snapshot(&root);
    let output = plan(&root, &["2027-Q1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains("  web/2026-Q4/search (Search works): done (scored 1.00 at the end of 2026-Q4, and no `next` says to continue)\n"),
        "{out}"
    );
    assert!(!added_files(&before, &root).contains_key("content/web/2027-Q1/search.md"));
    check_passes(&root);
}
