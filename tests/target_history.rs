//! Target history on objective pages: a key result's target or baseline
//! changed after its period started shows on its objective's page, read from
//! the committed git history of the objective's file.

mod common;

use common::private::assert_no_leaks;
use common::{build_ok, copy_dir, copy_fixture, repo_root, snapshot, temp, write};
use std::path::Path;
use std::process::Command;

const PAGE: &str = "web/2026-Q4/fast-pages.html";
const FILE: &str = "content/web/2026-Q4/fast-pages.md";
const SECRET_FILE: &str = "content/web/2026-Q4/quokka-census.md";

/// A private objective whose title and unit appear nowhere else.
const SECRET: &str = "---
title: Count every Quokka on the island
period: 2026-Q4
team: web
owner: Ana Lima
visibility: private
key_results:
  - title: Quokkas counted
    unit: quokkas
    target: 70
---
";

/// Runs `git` in `dir`, committing (when asked) as of `date`; returns its output.
fn git(dir: &Path, args: &[&str], date: Option<&str>) -> String {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir).args([
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@e",
        "-c",
        "commit.gpgsign=false",
    ]);
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let output = command.args(args).output().expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Replaces `from` with `to` in the file `rel` under `root`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read the file");
    assert!(text.contains(from), "{rel} holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write the file");
}

/// Commits everything in `repo` as of `date`; returns the commit's short id.
fn commit(repo: &Path, message: &str, date: &str) -> String {
    git(repo, &["add", "-A"], None);
    git(repo, &["commit", "-q", "-m", message], Some(date));
    git(repo, &["rev-parse", "--short=7", "HEAD"], None)
}

/// The linked fixture in a git repository (at `<repo>/handbook`, so the
/// handbook is a subfolder), with this history: planned on 20 September,
/// the target moved on 25 September (planning, before the quarter), then on
/// 12 November the target and baseline changed, and on 13 November the
/// private objective's target. Returns the folder, the handbook's root and
/// the short ids of the last two commits.
struct History {
    tmp: tempfile::TempDir,
    root: std::path::PathBuf,
    public_commit: String,
    private_commit: String,
}

fn history() -> History {
    let (tmp, root) = copy_fixture("linked");
    let repo = tmp.path();
    write(&root, SECRET_FILE, SECRET);
    git(repo, &["init", "-q"], None);
    commit(repo, "plan", "2026-09-20T10:00:00+00:00");
    edit(&root, FILE, "target: 1.5", "target: 1.4");
    commit(
        repo,
        "planning, before the quarter",
        "2026-09-25T10:00:00+00:00",
    );
    edit(&root, FILE, "target: 1.4", "target: 1.2");
    edit(&root, FILE, "baseline: 3\n", "baseline: 3.2\n");
    let public_commit = commit(repo, "harder", "2026-11-12T10:00:00+00:00");
    edit(&root, SECRET_FILE, "target: 70", "target: 55");
    let private_commit = commit(repo, "fewer quokkas", "2026-11-13T10:00:00+00:00");
    History {
        tmp,
        root,
        public_commit,
        private_commit,
    }
}

fn page(dest: &Path, rel: &str) -> String {
    std::fs::read_to_string(dest.join(rel)).expect("read the page")
}

#[test]
fn a_change_after_the_period_started_shows_with_its_date_and_commit() {
    let h = history();
    // An edit not committed yet is not a change.
    edit(&h.root, FILE, "target: 1.2", "target: 1");
    let dest = h.tmp.path().join("site");
    build_ok(&h.root, &dest, "2026-11-20", &[]);
    let html = page(&dest, PAGE);
    assert!(
        html.contains(&format!(
            "<li>Target 1.4 s → 1.2 s on <time datetime=\"2026-11-12\">2026-11-12</time> <span class=\"meta\">(commit <code>{}</code>)</span></li>",
            h.public_commit
        )),
        "{html}"
    );
    assert!(html.contains("Changed after the period started"));
    assert!(html.contains("<li>Baseline 3 s → 3.2 s on"), "{html}");
    // Planning before the quarter is not shown, nor the uncommitted edit.
    assert!(!html.contains("1.5 s →"), "{html}");
    assert!(!html.contains("→ 1 s"), "{html}");
    assert_eq!(html.matches("<li>Target ").count(), 1);

    // The same commit gives the same bytes.
    let again = h.tmp.path().join("again");
    build_ok(&h.root, &again, "2026-11-20", &[]);
    assert_eq!(snapshot(&dest), snapshot(&again));
}

#[test]
fn a_private_objectives_changes_stay_with_it() {
    let h = history();
    let dest = h.tmp.path().join("site");
    build_ok(&h.root, &dest, "2026-11-20", &[]);
    let files = snapshot(&dest);
    assert_no_leaks(
        &files,
        &["Quokka", "quokka", &h.private_commit, "70 quokkas"],
    );

    let with_private = h.tmp.path().join("with-private");
    build_ok(&h.root, &with_private, "2026-11-20", &["--include-private"]);
    let html = page(&with_private, "web/2026-Q4/quokka-census.html");
    assert!(
        html.contains(&format!(
            "<li>Target 70 quokkas → 55 quokkas on <time datetime=\"2026-11-13\">2026-11-13</time> <span class=\"meta\">(commit <code>{}</code>)</span></li>",
            h.private_commit
        )),
        "{html}"
    );
}

#[test]
fn no_history_without_git_or_when_switched_off() {
    // Outside a git repository.
    let (tmp, root) = copy_fixture("linked");
    let dest = tmp.path().join("site");
    build_ok(&root, &dest, "2026-11-20", &[]);
    assert!(!page(&dest, PAGE).contains("kr-changes"));

    // In a repository without commits.
    git(tmp.path(), &["init", "-q"], None);
    let empty = tmp.path().join("empty");
    build_ok(&root, &empty, "2026-11-20", &[]);
    assert_eq!(snapshot(&dest), snapshot(&empty));

    // Switched off in book.toml.
    let h = history();
    let config = std::fs::read_to_string(h.root.join("book.toml")).expect("read book.toml");
    std::fs::write(
        h.root.join("book.toml"),
        config.replace("[output.html]\n", "[output.html]\ntarget-history = false\n"),
    )
    .expect("write book.toml");
    let off = h.tmp.path().join("off");
    build_ok(&h.root, &off, "2026-11-20", &[]);
    assert!(!page(&off, PAGE).contains("kr-changes"));
}

#[test]
fn the_demo_shows_a_target_changed_after_its_quarter_started() {
    let tmp = temp();
    let root = tmp.path().join("demo");
    for part in ["content", "data"] {
        copy_dir(&repo_root().join(part), &root.join(part));
    }
    std::fs::copy(repo_root().join("book.toml"), root.join("book.toml")).expect("copy book.toml");
    git(&root, &["init", "-q"], None);
    commit(&root, "planned", "2026-09-20T10:00:00+00:00");
    let file = "content/platform/2026-Q4/reliability.md";
    edit(&root, file, "    target: 300\n", "    target: 250\n");
    let id = commit(&root, "p95 target tightened", "2026-11-12T10:00:00+00:00");
    let dest = tmp.path().join("site");
    build_ok(&root, &dest, "2026-11-20", &[]);
    let html = page(&dest, "platform/2026-Q4/reliability.html");
    assert!(
        html.contains(&format!(
            "<li>Target 300 ms → 250 ms on <time datetime=\"2026-11-12\">2026-11-12</time> <span class=\"meta\">(commit <code>{id}</code>)</span></li>"
        )),
        "{html}"
    );
    assert_eq!(html.matches("class=\"kr-changes\"").count(), 1);
}

#[test]
fn okrs_json_lists_the_changes_of_each_key_result() {
    let h = history();
    let dest = h.tmp.path().join("site");
    build_ok(&h.root, &dest, "2026-11-20", &[]);
    let json = common::okrs_json(&dest);
    let objective = json["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .find(|o| o["id"] == "web/2026-Q4/fast-pages")
        .expect("the objective");
    let changes = &objective["key_results"][0]["changes"];
    assert_eq!(
        changes,
        &serde_json::json!([
            {"field": "target", "from": 1.4, "to": 1.2, "date": "2026-11-12", "commit": h.public_commit},
            {"field": "baseline", "from": 3.0, "to": 3.2, "date": "2026-11-12", "commit": h.public_commit},
        ])
    );
    // Key results without changes have no `changes`.
    let others = json["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .flat_map(|o| o["key_results"].as_array().cloned().unwrap_or_default())
        .filter(|kr| kr.get("changes").is_some())
        .count();
    assert_eq!(others, 1);
}

#[test]
fn serve_shows_a_change_once_it_is_committed() {
    let (tmp, root) = copy_fixture("linked");
    let repo = tmp.path();
    git(repo, &["init", "-q"], None);
    commit(repo, "plan", "2026-09-20T10:00:00+00:00");
    let mut session = common::serve::Session::new(&root);
    assert!(!session.page(PAGE).contains("kr-changes"));

    // Edited but not committed: nothing yet.
    edit(&root, FILE, "target: 1.5", "target: 1.2");
    session.rebuild();
    assert!(!session.page(PAGE).contains("kr-changes"));

    // Committed: the next rebuild shows it, as a full build would.
    let id = commit(repo, "harder", "2026-11-12T10:00:00+00:00");
    let rebuilt = session.rebuild();
    assert!(
        !rebuilt.full,
        "only what the commit reaches is rendered again"
    );
    assert!(
        session
            .page(PAGE)
            .contains(&format!("<li>Target 1.5 s → 1.2 s on <time datetime=\"2026-11-12\">2026-11-12</time> <span class=\"meta\">(commit <code>{id}</code>)</span></li>")),
        "{}",
        session.page(PAGE)
    );
    session.assert_matches_full_build("after a commit");
}

#[test]
fn changes_are_listed_oldest_first_and_check_ins_are_not_changes() {
    let (tmp, root) = copy_fixture("linked");
    let repo = tmp.path();
    git(repo, &["init", "-q"], None);
    commit(repo, "plan", "2026-09-20T10:00:00+00:00");
    edit(&root, FILE, "target: 1.5", "target: 1.2");
    let first = commit(repo, "harder", "2026-11-05T10:00:00+00:00");
    edit(
        &root,
        FILE,
        "note: New image CDN is live.",
        "note: The new image CDN is live.",
    );
    commit(repo, "a check-in's note", "2026-11-08T10:00:00+00:00");
    edit(&root, FILE, "target: 1.2", "target: 1");
    let second = commit(repo, "harder still", "2026-11-12T10:00:00+00:00");
    let dest = tmp.path().join("site");
    build_ok(&root, &dest, "2026-11-20", &[]);
    let html = page(&dest, PAGE);
    let at = |text: &str| {
        html.find(text)
            .unwrap_or_else(|| panic!("{text} in {html}"))
    };
    assert!(at(&format!("<code>{first}</code>")) < at(&format!("<code>{second}</code>")));
    assert!(html.contains("<li>Target 1.5 s → 1.2 s on <time datetime=\"2026-11-05\">"));
    assert!(html.contains("<li>Target 1.2 s → 1 s on <time datetime=\"2026-11-12\">"));
    assert_eq!(html.matches("<li>Target ").count(), 2);
}
