//! `okrbook grade PERIOD`: every objective of an ended period without a
//! grade gets a `grade:` block (its computed score, the day, empty
//! `learned:` and `next:`) added after its front matter's last line; every
//! other byte stays; a period not over, or a handbook with errors, writes
//! nothing.

mod common;

use common::edits::{read, run_edit, with_lines};

use common::handbook::Handbook;
use common::{build_ok, copy_dir, okrbook, repo_root, snapshot, stderr, stdout, temp};
use std::path::Path;
use std::process::Output;

const BOOK: &str = "[book]\ntitle = \"Grades\"\n";
const TEAM: &str = "---\ntype: team\nname: Web\n---\nWe build the website.\n";

/// Flow-style key results, comments, and a comment after the last key.
const FLOW: &str = "---
# written by hand, flow style
title: Checkout is quick   # the headline
period: 2026-Q4
team: web
key_results: [{id: time, title: 'Checkout time in s', baseline: 60, target: 30, checkins: [{date: 2026-11-10, value: 45}]}]
# end of the front matter
---
Body text stays **as is**.
";

/// CRLF line endings and key results indented by four spaces.
const CRLF: &str = "---\r\ntitle: Search finds things\r\nperiod: 2026-Q4\r\nteam: web\r\nkey_results:\r\n    - id: zero\r\n      title: Searches with zero results, in %\r\n      baseline: 12\r\n      target: 6\r\n      checkins:\r\n        - date: 2026-12-20\r\n          value: 8\r\n---\r\nBody.\r\n";

/// Graded already: left as it is.
const GRADED: &str = "---
title: Pages load fast
period: 2026-Q4
team: web
key_results:
  - id: lcp
    title: Largest paint in ms
    baseline: 3000
    target: 2000
    checkins:
      - date: 2026-11-01
        value: 2500
grade:
  score: 0.3
  learned: Images were not the problem.
  next: drop
---
";

/// No key result has a check-in: not scored.
const UNSCORED: &str = "---
title: Forms are accessible
period: 2026-Q4
team: web
key_results:
  - id: audit
    title: Form fields that pass the audit, in %
    baseline: 40
    target: 100
---
";

/// A period that has not ended on 2027-01-05.
const LATER: &str = "---
title: Pages load faster still
period: 2027-Q1
team: web
key_results:
  - title: Largest paint in ms
    baseline: 2500
    target: 1800
---
";

fn styles() -> common::handbook::Written {
    Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q4/checkout.md", FLOW)
        .file("content/web/2026-Q4/search.md", CRLF)
        .file("content/web/2026-Q4/fast.md", GRADED)
        .file("content/web/2026-Q4/forms.md", UNSCORED)
        .file("content/web/2027-Q1/faster.md", LATER)
        .write()
}

fn grade(root: &Path, args: &[&str]) -> Output {
    run_edit("grade", root, args)
}

fn assert_checks(root: &Path, as_of: &str) {
    let output = okrbook()
        .args(["check", "--as-of", as_of])
        .arg(root)
        .output()
        .expect("run okrbook check");
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn flow_style_crlf_and_unscored_objectives_get_a_grade_block_and_nothing_else_changes() {
    let book = styles();
    let root = &book.root;
    let before = snapshot(root);
    let output = grade(root, &["2026-Q4", "--as-of", "2027-01-05"]);
    assert!(output.status.success(), "{}", stderr(&output));

    let checkout = "content/web/2026-Q4/checkout.md";
    assert_eq!(
        read(root, checkout),
        with_lines(
            FLOW,
            6,
            "grade:\n  score: 0.5\n  date: 2027-01-05\n  learned:\n  next: # continue, done or drop\n"
        )
    );
    let search = "content/web/2026-Q4/search.md";
    assert_eq!(
        read(root, search),
        with_lines(
            CRLF,
            12,
            "grade:\r\n    score: 0.67\r\n    date: 2027-01-05\r\n    learned:\r\n    next: # continue, done or drop\r\n"
        )
    );
    let forms = "content/web/2026-Q4/forms.md";
    assert_eq!(
        read(root, forms),
        with_lines(
            UNSCORED,
            9,
            "grade:\n  score: # not scored: write the final score, 0 to 1\n  date: 2027-01-05\n  learned:\n  next: # continue, done or drop\n"
        )
    );
    // Everything else, the graded objective and the later period included, is byte for byte the same.
    let after = snapshot(root);
    for (rel, bytes) in &before {
        if ![checkout, search, forms].contains(&rel.as_str()) {
            assert_eq!(after.get(rel), Some(bytes), "{rel} changed");
        }
    }
    assert_eq!(after.len(), before.len());

    let out = stdout(&output);
    assert!(
        out.contains("content/web/2026-Q4/checkout.md: added lines 7-11: \"Checkout is quick\""),
        "{out}"
    );
    assert!(out.contains("    7 + grade:\n"), "{out}");
    assert!(
        out.contains("  score 0.50 (was computed 0.50; now graded, final)"),
        "{out}"
    );
    assert!(
        out.contains("content/web/2026-Q4/search.md: added lines 13-17"),
        "{out}"
    );
    assert!(
        out.contains("  score 0.67 (was computed 0.67; now graded, final)"),
        "{out}"
    );
    assert!(
        out.contains("content/web/2026-Q4/forms.md: added lines 10-14"),
        "{out}"
    );
    assert!(
        out.contains("  not scored: no key result has a score"),
        "{out}"
    );
    assert!(
        out.contains("content/web/2026-Q4/fast.md: has a `grade:` already, left as it is"),
        "{out}"
    );
    assert!(
        out.contains(
            "Graded 3 objective(s) of 2026-Q4 as of 2027-01-05; 1 already graded; 1 without a score to fill in."
        ),
        "{out}"
    );
    assert_checks(root, "2027-01-05");

    // Run again: everything is graded, nothing changes.
    let graded = snapshot(root);
    let again = grade(root, &["2026-Q4", "--as-of", "2027-01-06"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again)
            .contains("Graded 0 objective(s) of 2026-Q4 as of 2027-01-06; 4 already graded."),
        "{}",
        stdout(&again)
    );
    assert_eq!(snapshot(root), graded);
}

#[test]
fn the_demo_handbook_grades_its_last_quarter_and_still_builds() {
    let tmp = temp();
    let root = tmp.path().join("handbook");
    std::fs::create_dir_all(&root).expect("create the copy");
    std::fs::copy(repo_root().join("book.toml"), root.join("book.toml")).expect("copy book.toml");
    copy_dir(&repo_root().join("content"), &root.join("content"));
    copy_dir(&repo_root().join("data"), &root.join("data"));
    let rel = "content/platform/2026-Q4/reliability.md";
    let original = read(&root, rel);
    let graded_before = read(&root, "content/platform/2026-Q3/reliability.md");
    let before = snapshot(&root);

    let output = grade(&root, &["2026-Q4", "--as-of", "2027-01-05"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains("Graded 9 objective(s) of 2026-Q4 as of 2027-01-05; 0 already graded."),
        "{out}"
    );
    assert!(
        out.contains("content/platform/2026-Q4/reliability.md: added lines 78-82: \"The booking API stays up through peak\""),
        "{out}"
    );
    // Comments and everything else stay; the block goes after the last
    // content line (line 77), before the closing `---`.
    assert_eq!(
        read(&root, rel),
        with_lines(
            &original,
            77,
            "grade:\n  score: 0.7\n  date: 2027-01-05\n  learned:\n  next: # continue, done or drop\n"
        )
    );
    let after = snapshot(&root);
    let changed: Vec<&String> = before
        .iter()
        .filter(|(rel, bytes)| after.get(*rel) != Some(*bytes))
        .map(|(rel, _)| rel)
        .collect();
    assert_eq!(changed.len(), 9, "{changed:?}");
    assert!(
        changed.iter().all(|rel| rel.contains("/2026-Q4/")),
        "{changed:?}"
    );
    assert_eq!(
        read(&root, "content/platform/2026-Q3/reliability.md"),
        graded_before
    );
    // Each file gained exactly five lines, the rest byte for byte the same.
    for rel in &changed {
        let old = String::from_utf8(before[*rel].clone()).expect("utf-8");
        let new = String::from_utf8(after[*rel].clone()).expect("utf-8");
        assert_eq!(new.lines().count(), old.lines().count() + 5, "{rel}");
        assert!(new.contains("\ngrade:\n  score: "), "{rel}");
    }

    assert_checks(&root, "2027-01-05");
    let dest = tmp.path().join("site");
    build_ok(&root, &dest, "2027-01-05", &[]);
    let page =
        std::fs::read_to_string(dest.join("platform/2026-Q4/reliability.html")).expect("the page");
    let section = page
        .split("<section class=\"grade\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("a grade section");
    assert!(section.contains("Final score 0.70"), "{section}");
    assert!(section.contains("<dd>2027-01-05</dd>"), "{section}");
    assert!(!section.contains("What we learned"), "{section}");
    assert!(!section.contains("<dt>Next</dt>"), "{section}");
}

#[test]
fn dry_run_prints_the_lines_and_writes_nothing() {
    let book = styles();
    let before = snapshot(&book.root);
    let output = grade(
        &book.root,
        &["2026-Q4", "--as-of", "2027-01-05", "--dry-run"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains("content/web/2026-Q4/checkout.md: would add lines 7-11"),
        "{out}"
    );
    assert!(out.contains("    8 +   score: 0.5\n"), "{out}");
    assert!(
        out.contains("Would grade 3 objective(s) of 2026-Q4"),
        "{out}"
    );
    assert!(out.contains("Dry run: nothing was written."), "{out}");
    assert_eq!(snapshot(&book.root), before);
}

#[test]
fn team_limits_the_grading_to_one_team() {
    let book = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/teams/app.md", "---\ntype: team\nname: App\n---\n")
        .file("content/web/2026-Q4/checkout.md", FLOW)
        .file(
            "content/app/2026-Q4/forms.md",
            UNSCORED.replace("team: web", "team: app"),
        )
        .write();
    let app = read(&book.root, "content/app/2026-Q4/forms.md");
    let output = grade(
        &book.root,
        &["2026-Q4", "--team", "web", "--as-of", "2027-01-05"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Graded 1 objective(s) of 2026-Q4"),
        "{}",
        stdout(&output)
    );
    assert!(read(&book.root, "content/web/2026-Q4/checkout.md").contains("\ngrade:\n"));
    assert_eq!(read(&book.root, "content/app/2026-Q4/forms.md"), app);
}

/// Runs a grade that must be refused: exit status 1, `message` on stderr,
/// and not a byte of the handbook changed.
fn assert_refused(root: &Path, args: &[&str], message: &str) {
    let before = snapshot(root);
    let output = grade(root, args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains(message), "{err}");
    assert!(err.contains("Nothing was written."), "{err}");
    assert_eq!(snapshot(root), before);
}

#[test]
fn refusals_write_nothing_and_say_why() {
    let book = styles();
    assert_refused(
        &book.root,
        &["2026-Q4", "--as-of", "2026-12-31"],
        "2026-Q4 ends on 2026-12-31; grade it after that day, or pass --as-of with a later date",
    );
    assert_refused(
        &book.root,
        &["2027-Q1", "--as-of", "2027-01-05"],
        "2027-Q1 ends on 2027-03-31",
    );
    assert_refused(
        &book.root,
        &["2026-Q3", "--as-of", "2027-01-05"],
        "no objective has period 2026-Q3",
    );
    assert_refused(
        &book.root,
        &["2026-Q5", "--as-of", "2027-01-05"],
        "`2026-Q5` is not a period; write YYYY-Qn, YYYY-Hn or YYYY",
    );
    assert_refused(
        &book.root,
        &["2026-Q4", "--team", "wbe", "--as-of", "2027-01-05"],
        "there is no team `wbe` (did you mean `web`?)",
    );
}

#[test]
fn a_handbook_with_an_error_is_not_touched() {
    let broken = CRLF.replace("target: 6", "target: six");
    let book = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q4/checkout.md", FLOW)
        .file("content/web/2026-Q4/search.md", broken)
        .write();
    assert_refused(
        &book.root,
        &["2026-Q4", "--as-of", "2027-01-05"],
        "the handbook has 1 error(s)",
    );
    let output = grade(&book.root, &["2026-Q4", "--as-of", "2027-01-05"]);
    assert!(
        stderr(&output).contains("content/web/2026-Q4/search.md"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_roll_up_objective_is_graded_with_its_roll_up_score() {
    let grow = "---\ntitle: Customers find what they came for\nperiod: 2026-Q4\nteam: web\nallow: [too-few-key-results]\n---\n";
    let supporting = |title: &str, value: u32| {
        format!(
            "---\ntitle: {title}\nperiod: 2026-Q4\nteam: web\nparent: web/2026-Q4/grow\nkey_results:\n  - title: A number\n    baseline: 0\n    target: 10\n    checkins:\n      - date: 2026-10-10\n        value: {value}\n---\n"
        )
    };
    let book = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q4/grow.md", grow)
        .file(
            "content/web/2026-Q4/search.md",
            supporting("Search works", 4),
        )
        .file(
            "content/web/2026-Q4/browse.md",
            supporting("Browsing works", 8),
        )
        .write();
    let output = grade(&book.root, &["2026-Q4", "--as-of", "2027-01-02"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        read(&book.root, "content/web/2026-Q4/grow.md"),
        with_lines(
            grow,
            5,
            "grade:\n  score: 0.6\n  date: 2027-01-02\n  learned:\n  next: # continue, done or drop\n"
        )
    );
    assert!(read(&book.root, "content/web/2026-Q4/search.md").contains("grade:\n  score: 0.4\n"));
    assert!(read(&book.root, "content/web/2026-Q4/browse.md").contains("grade:\n  score: 0.8\n"));
    assert!(
        stdout(&output)
            .contains("Graded 3 objective(s) of 2026-Q4 as of 2027-01-02; 0 already graded."),
        "{}",
        stdout(&output)
    );
    assert_checks(&book.root, "2027-01-02");
}

#[test]
fn a_file_that_cannot_be_written_leaves_every_file_as_it_was() {
    // A folder where checkout.md's temporary file would go: writing it
    // fails (for root too) after forms.md's temporary file is written.
    let book = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/teams/app.md", "---\ntype: team\nname: App\n---\n")
        .file(
            "content/app/2026-Q4/forms.md",
            UNSCORED.replace("team: web", "team: app"),
        )
        .file("content/web/2026-Q4/checkout.md", FLOW)
        .file("content/web/2026-Q4/.checkout.md.okrbook-edit/keep", "")
        .write();
    let before = snapshot(&book.root);
    let output = grade(&book.root, &["2026-Q4", "--as-of", "2027-01-05"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let err = stderr(&output);
    assert!(
        err.contains("cannot write beside content/web/2026-Q4/checkout.md"),
        "{err}"
    );
    assert!(err.contains("no file was changed"), "{err}");
    assert_eq!(snapshot(&book.root), before);
}

#[test]
fn a_grade_the_author_has_started_is_left_to_them() {
    let started = UNSCORED.replace("---\n", "").replace(
        "    target: 100\n",
        "    target: 100\n# the retrospective is on the 8th\ngrade:\n",
    );
    let started = format!("---\n{started}---\n");
    let book = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q4/forms.md", &started)
        .file("content/web/2026-Q4/fast.md", GRADED)
        .write();
    let output = grade(&book.root, &["2026-Q4", "--as-of", "2027-01-05"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(read(&book.root, "content/web/2026-Q4/forms.md"), started);
    let out = stdout(&output);
    assert!(
        out.contains("content/web/2026-Q4/forms.md: has a `grade:` already, left as it is"),
        "{out}"
    );
}
