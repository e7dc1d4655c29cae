//! One verdict: `okrbook check` rejects exactly the handbooks `okrbook build`
//! rejects, with the same findings, and accepts every handbook `build`
//! accepts. A green check on a pull request must mean a publish that works.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-15";

/// Every fixture handbook of the test suite (each folder under
/// `tests/fixtures` that holds a `book.toml`, fuzz inputs aside) and the demo.
fn every_fixture() -> Vec<PathBuf> {
    let mut found = vec![repo_root()];
    let mut stack = vec![fixture("")];
    while let Some(folder) = stack.pop() {
        if folder.join("book.toml").is_file() {
            found.push(folder);
            continue;
        }
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && path.file_name().is_some_and(|n| n != "fuzz") {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A copy of `source`'s handbook (book.toml, content/, themes/) in a fresh folder.
fn copy_handbook(source: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = temp();
    let root = tmp.path().join("handbook");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(source.join("book.toml"), root.join("book.toml")).unwrap();
    for folder in ["content", "themes", "data"] {
        if source.join(folder).is_dir() {
            copy_dir(&source.join(folder), &root.join(folder));
        }
    }
    (tmp, root)
}

/// Builds (into the handbook's own `build-dir`, as CI does) and checks, and
/// says whether they agree: same exit status, same findings.
#[track_caller]
fn assert_one_verdict(root: &Path) -> (i32, BTreeSet<String>) {
    let check = okrbook()
        .arg("check")
        .arg(root)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    let build = okrbook()
        .arg("build")
        .arg(root)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    let check_code = check.status.code().unwrap();
    let build_code = build.status.code().unwrap();
    let check_findings: BTreeSet<String> = headlines(&stderr(&check)).into_iter().collect();
    let build_findings: BTreeSet<String> = headlines(&stderr(&build)).into_iter().collect();
    assert_eq!(
        check_code,
        build_code,
        "{}: check exits {check_code}, build {build_code}\n-- check:\n{}\n-- build:\n{}",
        root.display(),
        stderr(&check),
        stderr(&build)
    );
    assert_eq!(
        check_findings,
        build_findings,
        "{}: check and build report different findings",
        root.display()
    );
    (build_code, build_findings)
}

#[test]
fn check_and_build_agree_on_every_fixture_handbook() {
    let mut accepted = 0;
    let mut rejected = 0;
    for source in every_fixture() {
        let (_tmp, root) = copy_handbook(&source);
        match assert_one_verdict(&root).0 {
            0 => accepted += 1,
            _ => rejected += 1,
        }
    }
    assert!(accepted >= 5, "{accepted} fixtures build");
    assert!(rejected >= 2, "{rejected} fixtures are rejected");
}

/// Writes `files` into a copy of the cascade fixture and asserts that check
/// and build both reject it, each with `expected` among its findings.
#[track_caller]
fn rejected_alike(files: &[(&str, &str)], expected: &[&str]) -> String {
    let (_tmp, root) = copy_handbook(&fixture("cascade"));
    for (path, text) in files {
        write(&root, path, text);
    }
    let (code, findings) = assert_one_verdict(&root);
    assert_eq!(code, 1, "{findings:?}");
    for wanted in expected {
        assert!(
            findings.iter().any(|f| f.contains(wanted)),
            "{wanted} not in {findings:?}"
        );
    }
    let check = okrbook()
        .arg("check")
        .arg(&root)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    assert!(
        !root.join("book/index.html").exists(),
        "nothing was written"
    );
    stderr(&check)
}

const GOAL: &str = "---
title: Ship the billing API
period: 2026-Q4
owner: Sam Ito
key_results:
  - title: Partners live on the API
    baseline: 0
    target: 3
---
";

#[test]
fn an_individual_goal_where_okrbook_writes_the_persons_page_fails_check_with_a_hint() {
    // Sam Ito owns the goal, so okrbook writes people/sam-ito.html.
    let text = rejected_alike(
        &[("content/people/sam-ito.md", GOAL)],
        &["content/people/sam-ito.md:1:1: error[path-conflict]"],
    );
    assert!(
        text.contains("help: an individual goal belongs in a folder of its person and period, such as content/people/sam-ito/<period>/<goal>.md"),
        "{text}"
    );
    // The place is kept for a person's page even before that person exists.
    let text = rejected_alike(
        &[("content/people/jo-doe.md", GOAL)],
        &["content/people/jo-doe.md:1:1: error[reserved-path]"],
    );
    assert!(
        text.contains("content/people/jo-doe/<period>/<goal>.md"),
        "{text}"
    );
    // Where the hint says, it builds.
    let (_tmp, root) = copy_handbook(&fixture("cascade"));
    write(&root, "content/people/sam-ito/2026-Q4/billing-api.md", GOAL);
    let (code, _) = assert_one_verdict(&root);
    assert_eq!(code, 0);
    assert!(root.join("book/people/sam-ito.html").is_file());
    assert!(root
        .join("book/people/sam-ito/2026-Q4/billing-api.html")
        .is_file());
}

#[test]
fn pages_that_collide_with_okrbooks_own_files_fail_check() {
    rejected_alike(
        &[
            ("content/health.md", "# Our health\n"),
            ("content/grading.md", "# How we grade\n"),
            ("content/okrs.json/readme.md", "# Data\n"),
            ("content/periods/notes.md", "# Notes\n"),
            ("content/assets/logo.md", "# Logo\n"),
            // Equal to okrbook's own names on macOS and Windows.
            ("content/Teams.md", "# Our teams\n"),
            ("content/Cascade/notes.md", "# Notes\n"),
        ],
        &[
            "content/health.md:1:1: error[path-conflict]",
            "content/grading.md:1:1: error[path-conflict]",
            "content/okrs.json/readme.md:1:1: error[path-conflict]",
            "content/periods/notes.md:1:1: error[reserved-path]",
            "content/assets/logo.md:1:1: error[reserved-path]",
            "content/Teams.md:1:1: error[path-conflict]",
            "content/Cascade/notes.md:1:1: error[reserved-path]",
        ],
    );
}

#[test]
fn every_name_okrbook_keeps_for_itself_fails_check() {
    // One of each of the page table's own pages and data files, and of the
    // folders it keeps (render/pages.rs): written as a source, each is refused
    // by check as build refuses it.
    rejected_alike(
        &[
            ("content/teams.md", "# Teams\n"),
            ("content/people.md", "# People\n"),
            ("content/404.md", "# Lost\n"),
            ("content/feed.xml/notes.md", "# Feed\n"),
            ("content/search-index.js/notes.md", "# Search\n"),
            ("content/sitemap.xml/notes.md", "# Map\n"),
            ("content/cascade/notes.md", "# Cascade\n"),
            ("content/people/sam-ito.md", "# Sam\n"),
        ],
        &[
            "content/teams.md:1:1: error[path-conflict]",
            "content/people.md:1:1: error[path-conflict]",
            "content/404.md:1:1: error[path-conflict]",
            "content/feed.xml/notes.md:1:1: error[path-conflict]",
            "content/search-index.js/notes.md:1:1: error[path-conflict]",
            "content/sitemap.xml/notes.md:1:1: error[path-conflict]",
            "content/cascade/notes.md:1:1: error[reserved-path]",
            "content/people/sam-ito.md:1:1: error[reserved-path]",
        ],
    );
}

#[test]
fn template_mistakes_fail_check_as_they_fail_build() {
    let text = rejected_alike(
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\n[output.html]\ntheme = \"acme\"\n",
            ),
            (
                "themes/acme/templates/team.html",
                "<p>{{ no_such_value.name }}</p>",
            ),
        ],
        &["themes/acme/templates:1:1: error[template]"],
    );
    assert!(text.contains("no_such_value"), "{text}");
}

#[test]
fn a_build_folder_build_would_refuse_fails_check() {
    rejected_alike(
        &[(
            "book.toml",
            "[book]\ntitle = \"T\"\n[build]\nbuild-dir = \".git\"\n",
        )],
        &["book.toml:4:1: error[unsafe-destination]"],
    );
    rejected_alike(
        &[("book/notes.txt", "someone's notes")],
        &["book.toml:7:1: error[unsafe-destination]"],
    );
}

#[test]
fn people_whose_names_make_the_same_slug_get_pages_of_their_own() {
    let (_tmp, root) = copy_handbook(&fixture("cascade"));
    for (file, owner) in [("one", "A"), ("two", "a"), ("three", "A 2")] {
        write(
            &root,
            &format!("content/people/{file}/2026-Q4/goal.md"),
            GOAL.replace("Sam Ito", owner),
        );
    }
    let (code, _) = assert_one_verdict(&root);
    assert_eq!(code, 0);
    let people = std::fs::read_to_string(root.join("book/people.html")).unwrap();
    // `A` sorts before `a` and gets the bare slug; `a` gets a suffix of its
    // own name's hash; `A 2`'s own slug is `a-2` (tests/slugs.rs).
    let mut pages: Vec<String> = std::fs::read_dir(root.join("book/people"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name == "a.html" || name.starts_with("a-"))
        .map(|name| format!("people/{name}"))
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages.contains(&"people/a.html".to_string()), "{pages:?}");
    assert!(pages.contains(&"people/a-2.html".to_string()), "{pages:?}");
    for page in &pages {
        assert!(
            people.contains(&format!("href=\"{page}\"")),
            "{page} is linked"
        );
    }
}

#[test]
fn check_takes_builds_flags_and_judges_the_build_they_describe() {
    let (tmp, root) = copy_handbook(&fixture("cascade"));
    // Someone's folder where book.toml builds: build and check refuse it…
    write(&root, "book/notes.txt", "someone's notes");
    let (code, _) = assert_one_verdict(&root);
    assert_eq!(code, 1);
    // …and accept another folder, given the same way to both.
    let elsewhere = tmp.path().join("site");
    let flags = ["--dest-dir", elsewhere.to_str().unwrap()];
    let check = okrbook()
        .arg("check")
        .arg(&root)
        .args(["--as-of", AS_OF])
        .args(flags)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(!elsewhere.exists(), "check writes nothing");
    build_ok(&root, &elsewhere, AS_OF, &[]);
    // A bad --site-url fails both.
    for command in ["check", "build"] {
        let output = okrbook()
            .arg(command)
            .arg(&root)
            .args(["--as-of", AS_OF, "--site-url", "javascript:alert(1)"])
            .args(flags)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{command}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("--site-url:1:1: error[unsafe-url]"));
    }
}
