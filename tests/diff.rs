//! `okrbook diff`: the Markdown summary of what changed between two
//! handbooks, given as folders or as git revisions.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-21";

/// Words that only the private objectives use: none may ever be printed.
const SECRETS: [&str; 7] = [
    "Globex",
    "Initech",
    "secret",
    "diligence",
    "stealth",
    "lawyers",
    "margin",
];

fn diff(args: &[&str], dir: Option<&Path>) -> Output {
    let mut command = okrbook();
    command.arg("diff").args(args).args(["--as-of", AS_OF]);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command.output().expect("run okrbook diff")
}

fn diff_ok(args: &[&str], dir: Option<&Path>) -> String {
    let output = diff(args, dir);
    assert_eq!(
        output.status.code(),
        Some(0),
        "okrbook diff {args:?} failed:\n{}",
        stderr(&output)
    );
    stdout(&output)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// The summary without its second line, which names the two sides.
fn without_labels(markdown: &str) -> String {
    markdown
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, line)| format!("{line}\n"))
        .collect()
}

#[track_caller]
fn assert_no_secrets(text: &str) {
    for secret in SECRETS {
        assert!(
            !text.to_lowercase().contains(&secret.to_lowercase()),
            "`{secret}` of a private objective is printed:\n{text}"
        );
    }
}

/// What the base → head fixtures' summary says, line by line.
#[track_caller]
fn assert_fixture_summary(text: &str) {
    let expected_lines = [
        "## Changes to the goals",
        "1 objective added, 1 removed, 1 retitled; 1 key result added, 1 removed, 1 changed; \
         2 new check-ins; 1 check-in edited; 1 grade given; 1 private objective added, 1 changed.",
        "### Objectives added",
        "- **Shoppers find what they look for** (`web/2026-Q4/search`): 2026-Q4, Web, 2 key results",
        "### Objectives removed",
        "- **Visitors of the old marketing site find the new one** (`web/2026-Q4/old-site`): \
         2026-Q4, Web, 2 key results",
        "### Objectives retitled",
        "- `web/2026-Q4/accessible` (2026-Q4, Web): Everyone can use the shop → \
         **Everyone can shop with a screen reader**",
        "### Key results",
        "- Checkout steps usable by keyboard alone, out of 8 (`web/2026-Q4/accessible` › `keyboard`): \
         added, target 8",
        "- Accessibility complaints per month (`web/2026-Q4/accessible` › `complaints`): removed",
        "- Share of mobile visits that buy (`web/2026-Q4/fast-pages` › `conversion`): \
         **changed after the period started**: target 3% → 3.5%; owner Tom Okafor → Ana Lima \
         (score 0.20 → 0.13 (-0.07); objective 0.20 → 0.32 (+0.12))",
        "### New check-ins",
        "| Key result | Date | Value | Key result score | Objective score |",
        "| Checkout steps usable by keyboard alone, out of 8 (`web/2026-Q4/accessible` › `keyboard`) \
         | 2026-11-18 | 5 (first check-in) | 0.50 (new) | 0.29 → 0.43 (+0.14) |",
        "| Largest contentful paint on a mid-range phone (`web/2026-Q4/fast-pages` › `lcp`) \
         | 2026-11-15 | 3.6 s → 3 s (-0.6) | 0.20 → 0.50 (+0.30) | 0.20 → 0.32 (+0.12) |",
        "### Check-ins edited or removed",
        "- Screen-reader test tasks completed, out of 100 (`web/2026-Q4/accessible` › `tasks`), \
         2026-10-20: 40 → 45",
        "### Grades",
        "- **Checkout takes one minute** (`web/2026-Q3/checkout`, 2026-Q3): graded 0.60, next: continue",
        "### Private objectives",
        "1 private objective added, 1 changed; they are not shown here.",
    ];
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0;
    for expected in expected_lines {
        match lines[at..].iter().position(|line| *line == expected) {
            Some(found) => at += found + 1,
            None => panic!("missing, or out of order: {expected}\n--- in:\n{text}"),
        }
    }
    assert!(text.ends_with(".\n"), "ends with one newline: {text:?}");
    assert_no_secrets(text);
}

#[test]
fn compares_two_folders() {
    let base = fixture("diff/base");
    let head = fixture("diff/head");
    let text = diff_ok(&[path(&base), path(&head)], None);
    assert_fixture_summary(&text);
    assert_eq!(
        text.lines().nth(2),
        Some(
            format!(
                "{} → {}, scored as of {AS_OF}.",
                base.display(),
                head.display()
            )
            .as_str()
        )
    );
    // The same input gives the same bytes.
    assert_eq!(diff_ok(&[path(&base), path(&head)], None), text);
}

#[test]
fn head_defaults_to_the_handbook_in_dir() {
    let base = fixture("diff/base");
    let head = fixture("diff/head");
    let explicit = diff_ok(&[path(&base), path(&head)], None);
    let with_dir = diff_ok(&[path(&base), "--dir", path(&head)], None);
    assert_eq!(without_labels(&with_dir), without_labels(&explicit));
    assert!(
        with_dir.contains("→ the working tree, scored as of"),
        "{with_dir}"
    );
    // `.` is the default folder.
    let in_head = diff_ok(&[path(&base)], Some(&head));
    assert_eq!(in_head, with_dir);
}

#[test]
fn no_changes() {
    let (_tmp, root) = copy_fixture("diff/base");
    // Prose is not a goal: a changed body alone is no change.
    write(
        &root,
        "content/teams/web.md",
        "---
type: team
name: Web
parent: acme
lead: Ana Lima
members: [Ana Lima, Tom Okafor]
---
New mission.
",
    );
    let text = diff_ok(&[path(&fixture("diff/base")), path(&root)], None);
    assert!(text.starts_with("## Changes to the goals\n"), "{text}");
    assert!(text.ends_with("\nNo changes to the goals.\n"), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with('#')).count(), 1);
}

#[test]
fn private_objectives_are_only_counted() {
    let (_tmp, root) = copy_fixture("diff/base");
    let private = root.join("content/web/2026-Q4/secret-acquisition.md");
    let text = std::fs::read_to_string(&private).expect("read the private objective");
    // A new check-in on a private key result, and nothing else.
    let changed = text.replace(
        "        value: 38\n",
        "        value: 38\n      - date: 2026-11-20\n        value: 33\n        note: Globex wobbles.\n",
    );
    assert_ne!(changed, text);
    std::fs::write(&private, changed).expect("write");
    let out = diff_ok(&[path(&fixture("diff/base")), path(&root)], None);
    assert!(
        out.contains("\n1 private objective changed.\n"),
        "headline counts it: {out}"
    );
    assert!(out.contains("1 private objective changed; they are not shown here."));
    assert!(!out.contains("### New check-ins"), "{out}");
    assert!(!out.contains("No changes to the goals."), "{out}");
    assert_no_secrets(&out);

    // An objective that turns private is no longer published, never named
    // (tests/diff_review.rs has more).
    let (_tmp2, root2) = copy_fixture("diff/base");
    let public = root2.join("content/web/2026-Q4/fast-pages.md");
    let text = std::fs::read_to_string(&public).expect("read");
    std::fs::write(
        &public,
        text.replace(
            "owner: Ana Lima\nkey_results:",
            "owner: Ana Lima\nvisibility: private\nkey_results:",
        ),
    )
    .expect("write");
    let out = diff_ok(&[path(&fixture("diff/base")), path(&root2)], None);
    assert!(out.contains("1 objective no longer published"), "{out}");
    assert!(!out.contains("fast-pages"), "{out}");
    assert!(!out.contains("Pages load fast"), "{out}");
}

#[test]
fn a_handbook_with_errors_is_reported_not_compared() {
    let (_tmp, root) = copy_fixture("diff/head");
    write(
        &root,
        "content/web/2026-Q4/search.md",
        "---
title: Broken
period: 2026-Q9
team: web
---
",
    );
    let output = diff(&[path(&fixture("diff/base")), path(&root)], None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert!(
        err.contains("has 1 error(s)") || err.contains("error(s):"),
        "{err}"
    );
    assert!(err.contains("content/web/2026-Q4/search.md:3:"), "{err}");
    assert!(err.contains("Nothing was compared"), "{err}");
}

// ---- git revisions ----

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@e",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A repository with the base fixture committed at `docs/okrs`, then the head
/// fixture committed over it. Returns the temporary folder, the repository
/// and the handbook's folder.
fn repository() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = temp();
    let repo = tmp.path().join("repo");
    let root = repo.join("docs").join("okrs");
    std::fs::create_dir_all(&repo).expect("create the repository");
    git(&repo, &["init", "-q"]);
    write(&repo, "README.md", "Not a handbook.\n");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "readme"]);
    copy_dir(&fixture("diff/base"), &root);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    std::fs::remove_dir_all(&root).expect("remove the base");
    copy_dir(&fixture("diff/head"), &root);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "head"]);
    (tmp, repo, root)
}

#[test]
fn compares_two_git_revisions_of_a_handbook_in_a_subfolder() {
    let (tmp, repo, root) = repository();
    let folders = diff_ok(
        &[path(&fixture("diff/base")), path(&fixture("diff/head"))],
        None,
    );

    // Temporary copies of revisions go into TMPDIR and are removed again.
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir_all(&scratch).expect("create scratch");
    let output = okrbook()
        .current_dir(&root)
        .env("TMPDIR", &scratch)
        .args(["diff", "HEAD~1", "HEAD", "--as-of", AS_OF])
        .output()
        .expect("run okrbook diff");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let revisions = stdout(&output);
    assert_fixture_summary(&revisions);
    assert_eq!(without_labels(&revisions), without_labels(&folders));
    let short = |rev: &str| {
        git(&repo, &["rev-parse", "--short=7", rev])
            .trim()
            .to_string()
    };
    assert_eq!(
        revisions.lines().nth(2),
        Some(
            format!(
                "HEAD\\~1 ({}) → HEAD ({}), scored as of {AS_OF}.",
                short("HEAD~1"),
                short("HEAD")
            )
            .as_str()
        ),
        "{revisions}"
    );
    assert_eq!(names_in(&scratch), Vec::<String>::new());

    // From the repository's root, naming the handbook's folder.
    let from_root = diff_ok(&["-C", "docs/okrs", "HEAD~1", "HEAD"], Some(&repo));
    assert_eq!(from_root, revisions);

    // The same revision on both sides.
    let same = diff_ok(&["HEAD", "HEAD"], Some(&root));
    assert!(same.ends_with("No changes to the goals.\n"), "{same}");
}

#[test]
fn compares_a_revision_with_the_working_tree() {
    let (_tmp, _repo, root) = repository();
    // Committed: no change yet.
    let text = diff_ok(&["HEAD"], Some(&root));
    let label = text.lines().nth(2).unwrap_or_default();
    assert!(
        label.starts_with("HEAD (") && label.contains(") → the working tree, scored as of"),
        "{text}"
    );
    assert!(text.ends_with("No changes to the goals.\n"), "{text}");

    // An uncommitted check-in shows.
    let search = root.join("content/web/2026-Q4/search.md");
    let source = std::fs::read_to_string(&search).expect("read");
    let edited = source.replace(
        "    target: 60\n",
        "    target: 60\n    checkins:\n      - date: 2026-11-19\n        value: 45\n",
    );
    assert_ne!(edited, source);
    std::fs::write(&search, edited).expect("write");
    let text = diff_ok(&["HEAD"], Some(&root));
    assert!(text.contains("\n1 new check-in.\n"), "{text}");
    assert!(
        text.contains(
            "| Share of searches that end in a product view (`web/2026-Q4/search` › `views`) \
             | 2026-11-19 | 45% (first check-in) | not scored → 0.40 | not scored → 0.40 |"
        ),
        "{text}"
    );

    // The older revision against the working tree: everything, and the new check-in.
    let text = diff_ok(&["HEAD~1"], Some(&root));
    assert!(text.contains("2 new check-ins"), "{text}");
    assert!(text.contains("### Objectives added"), "{text}");
    assert_no_secrets(&text);
}

#[test]
fn unknown_revision_is_a_clear_error() {
    let (_tmp, _repo, root) = repository();
    let output = diff(&["no-such-branch"], Some(&root));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert!(
        err.contains("`no-such-branch` is not a revision of the git repository"),
        "{err}"
    );
    assert!(err.contains("no branch, tag or commit"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // A revision from before the handbook existed.
    let output = diff(&["HEAD~2", "HEAD"], Some(&root));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("the handbook's folder docs/okrs does not exist at revision `HEAD~2`"),
        "{}",
        stderr(&output)
    );

    // An option is not a revision.
    let output = okrbook()
        .current_dir(&root)
        .args(["diff", "--as-of", AS_OF, "--", "-x"])
        .output()
        .expect("run okrbook diff");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`-x` is not a git revision"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn revisions_need_a_repository_and_git() {
    let (_tmp, root) = copy_fixture("diff/head");
    let output = diff(&["HEAD"], Some(&root));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the current folder is not inside a git repository"),
        "{}",
        stderr(&output)
    );

    // No git on the PATH.
    let empty = temp();
    let output = okrbook()
        .current_dir(&root)
        .env("PATH", empty.path())
        .args(["diff", "HEAD", "--as-of", AS_OF])
        .output()
        .expect("run okrbook diff");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the `git` command was not found"),
        "{}",
        stderr(&output)
    );

    // Two folders need no git at all.
    let output = okrbook()
        .env("PATH", empty.path())
        .args([
            "diff",
            path(&fixture("diff/base")),
            path(&root),
            "--as-of",
            AS_OF,
        ])
        .output()
        .expect("run okrbook diff");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn help_shows_the_shape() {
    let output = run(&["diff", "--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for part in ["<BASE>", "[HEAD]", "--dir", "--as-of"] {
        assert!(text.contains(part), "diff --help shows {part}: {text}");
    }
    let output = run(&["diff"]);
    assert_eq!(output.status.code(), Some(2), "BASE is required");
}

#[test]
fn a_folder_named_like_a_revision_cannot_stand_in_for_it() {
    // A pull request adds a folder `HEAD` (a copy of the base handbook) so
    // that the workflow's `okrbook diff origin/main HEAD` would report no change.
    let (_tmp, _repo, root) = repository();
    copy_dir(&fixture("diff/base"), &root.join("HEAD"));
    let output = okrbook()
        .current_dir(&root)
        .args(["diff", "HEAD~1", "HEAD", "--as-of", AS_OF])
        .output()
        .expect("run okrbook diff");
    assert_ne!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stderr(&output);
    assert!(
        text.contains("`HEAD` names both a folder and a git revision"),
        "{text}"
    );
    // Written plainly as a folder, it is one.
    let output = okrbook()
        .current_dir(&root)
        .args(["diff", "HEAD~1", "./HEAD", "--as-of", AS_OF])
        .output()
        .expect("run okrbook diff");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_revision_that_makes_an_objective_private_only_says_it_is_no_longer_published() {
    let (_tmp, repo, root) = repository();
    let file = root.join("content/web/2026-Q4/fast-pages.md");
    let text = std::fs::read_to_string(&file).expect("read");
    let private = text.replace(
        "owner: Ana Lima\nkey_results:",
        "owner: Ana Lima\nvisibility: private\nkey_results:",
    );
    assert_ne!(private, text);
    std::fs::write(&file, private.replace("target: 2\n", "target: 1\n")).expect("write");
    git(&repo, &["commit", "-q", "-am", "make fast pages private"]);
    let out = diff_ok(&["HEAD~1", "HEAD"], Some(&root));
    assert!(
        out.contains("\n1 objective no longer published.\n\n### No longer published\n\n"),
        "{out}"
    );
    for content in [
        "fast-pages",
        "Pages load fast",
        "Largest contentful",
        "Ana Lima",
        "lcp",
    ] {
        assert!(!out.contains(content), "{content:?} leaked:\n{out}");
    }
    assert_no_secrets(&out);
}

#[test]
fn a_revision_that_publishes_a_private_objective_lists_it_as_newly_published() {
    let (_tmp, repo, root) = repository();
    let file = root.join("content/web/2026-Q4/secret-acquisition.md");
    let text = std::fs::read_to_string(&file).expect("read");
    let public = text.replace("visibility: private\n", "");
    assert_ne!(public, text);
    std::fs::write(&file, public).expect("write");
    git(&repo, &["commit", "-q", "-am", "announce the acquisition"]);
    let out = diff_ok(&["HEAD~1", "HEAD"], Some(&root));
    assert!(
        out.contains("\n1 objective newly published.\n\n### Newly published\n\n- **Acquire Globex and Initech quietly** (`web/2026-Q4/secret-acquisition`)"),
        "{out}"
    );
    assert!(!out.contains("Private objectives"), "{out}");
}
