//! `okrbook checkin`: a check-in is appended by adding lines to the front
//! matter, in the style of the check-ins around it; every other byte stays;
//! a check-in that would be wrong, or a file that already is, writes nothing.

mod common;

use common::edits::{read, run_edit, with_lines};

use common::handbook::Handbook;
use common::{copy_dir, okrbook, repo_root, stderr, stdout, temp};
use std::path::Path;
use std::process::Output;

const BOOK: &str = "[book]\ntitle = \"Styles\"\n";
const TEAM: &str = "---\ntype: team\nname: Web\n---\nWe build the website.\n";

/// Flow-style check-ins, comments, a milestone and a key result without check-ins.
const FLOW: &str = "---
title: Pages load fast   # the headline
period: 2026-Q4
team: web
key_results:
  # measured in the field, not in the lab
  - id: lcp
    title: 'LCP at p75'
    unit: ms
    baseline: 3200
    target: 2500
    checkins:
      - { date: 2026-10-15, value: 3000, confidence: 0.5 }   # first reading
      - { date: 2026-11-12, value: 2900 }
    # more to come
  - title: New image pipeline shipped
    kind: milestone

  - title: Bundle size in kB
    baseline: 400
    target: 300
---
Body text stays **as is**.
";

const SINGLE: &str = "---
title: Search finds things
period: 2026-Q4
team: web
key_results:
- id: zero-results
  title: Searches with zero results, in %
  baseline: 12
  target: 6
  checkins:
  - date: 2026-10-20
    value: 11
---
";

fn styles() -> common::handbook::Written {
    Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q4/fast.md", FLOW)
        .file("content/web/2026-Q4/search.md", SINGLE)
        .write()
}

fn checkin(root: &Path, args: &[&str]) -> Output {
    run_edit("checkin", root, args)
}

fn assert_valid(root: &Path) {
    let output = okrbook()
        .args(["check", "--as-of", "2026-12-01"])
        .arg(root)
        .output()
        .expect("run okrbook check");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_flow_style_checkin_is_added_as_one_flow_line_after_the_last_and_nothing_else_changes() {
    let book = styles();
    let rel = "content/web/2026-Q4/fast.md";
    let before = read(&book.root, rel);
    let output = checkin(
        &book.root,
        &[
            "web/2026-Q4/fast",
            "lcp",
            "2700",
            "--confidence",
            "0.7",
            "--note",
            "CDN: images #resized",
            "--date",
            "2026-11-26",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = with_lines(
        &before,
        14,
        "      - { date: 2026-11-26, value: 2700, confidence: 0.7, note: \"CDN: images #resized\" }\n",
    );
    assert_eq!(read(&book.root, rel), expected);
    let out = stdout(&output);
    assert!(out.contains(&format!("{rel}: added line 15:")), "{out}");
    assert!(out.contains("Key result lcp:"), "{out}");
    assert_valid(&book.root);
}

#[test]
fn a_key_result_without_checkins_gets_a_checkins_list_and_a_milestone_takes_done() {
    let book = styles();
    let rel = "content/web/2026-Q4/fast.md";
    let before = read(&book.root, rel);
    let output = checkin(
        &book.root,
        &["web/2026-Q4/fast", "kr2", "done", "--date", "2026-11-20"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = with_lines(
        &before,
        17,
        "    checkins:\n      - date: 2026-11-20\n        value: true\n",
    );
    assert_eq!(read(&book.root, rel), expected);
    assert_valid(&book.root);

    // The third key result, found by position, after a blank line.
    let before = read(&book.root, rel);
    let output = checkin(
        &book.root,
        &["web/2026-Q4/fast", "kr3", "380", "--date", "2026-11-21"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = with_lines(
        &before,
        24,
        "    checkins:\n      - date: 2026-11-21\n        value: 380\n",
    );
    assert_eq!(read(&book.root, rel), expected);
    assert_valid(&book.root);
}

#[test]
fn the_key_result_may_be_left_out_when_there_is_one_and_compact_lists_keep_their_indent() {
    let book = styles();
    let rel = "content/web/2026-Q4/search.md";
    let before = read(&book.root, rel);
    let output = checkin(
        &book.root,
        &[
            "web/2026-Q4/search",
            "9.5",
            "--blockers=- none",
            "--date",
            "2026-11-24",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = with_lines(
        &before,
        12,
        "  - date: 2026-11-24\n    value: 9.5\n    blockers: \"- none\"\n",
    );
    assert_eq!(read(&book.root, rel), expected);
    assert_valid(&book.root);
}

#[test]
fn the_demo_handbook_takes_a_checkin_on_a_block_style_key_result() {
    let tmp = temp();
    let root = tmp.path().join("handbook");
    std::fs::create_dir_all(&root).expect("create the copy");
    std::fs::copy(repo_root().join("book.toml"), root.join("book.toml")).expect("copy book.toml");
    copy_dir(&repo_root().join("content"), &root.join("content"));
    // The demo's data-fed key result reads data/.
    copy_dir(&repo_root().join("data"), &root.join("data"));
    let rel = "content/platform/2026-Q3/reliability.md";
    let before = read(&root, rel);
    let output = checkin(
        &root,
        &[
            "platform/2026-Q3/reliability",
            "p95-latency",
            "380",
            "--confidence",
            "high",
            "--date",
            "2026-09-30",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = with_lines(
        &before,
        44,
        "      - date: 2026-09-30\n        value: 380\n        confidence: high\n",
    );
    assert_eq!(read(&root, rel), expected);
    let out = stdout(&output);
    assert!(
        out.contains("Key result p95-latency: 0.71 -> 0.82"),
        "{out}"
    );
    assert!(
        out.contains("Objective \"The booking API stays up when shippers need it\""),
        "{out}"
    );
    let check = okrbook()
        .args(["check", "--as-of", "2026-09-30"])
        .arg(&root)
        .output()
        .expect("run okrbook check");
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn dry_run_prints_the_lines_and_writes_nothing() {
    let book = styles();
    let rel = "content/web/2026-Q4/search.md";
    let before = read(&book.root, rel);
    let output = checkin(
        &book.root,
        &[
            "web/2026-Q4/search",
            "9",
            "--date",
            "2026-11-24",
            "--dry-run",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("would add lines 13-14"), "{out}");
    assert!(out.contains("Dry run: nothing was written."), "{out}");
    assert_eq!(read(&book.root, rel), before);
}

/// Runs a check-in that must be refused: non-zero exit, `message` on
/// stderr, and not a byte of the handbook changed.
fn assert_refused(root: &Path, args: &[&str], message: &str) {
    let files = |root: &Path| {
        let mut all = Vec::new();
        for rel in [
            "content/web/2026-Q4/fast.md",
            "content/web/2026-Q4/search.md",
        ] {
            all.push(std::fs::read(root.join(rel)).unwrap_or_default());
        }
        let names: Vec<_> = std::fs::read_dir(root.join("content/web/2026-Q4"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        (all, names.len())
    };
    let before = files(root);
    let output = checkin(root, args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains(message), "{err}");
    assert!(err.contains("Nothing was written."), "{err}");
    assert_eq!(files(root), before);
}

#[test]
fn refusals_write_nothing_and_say_why() {
    let book = styles();
    assert_refused(
        &book.root,
        &["web/2026-Q4/search", "lots", "--date", "2026-11-24"],
        "`lots` is not a number",
    );
    assert_refused(
        &book.root,
        &["web/2026-Q4/fast", "kr2", "0.5", "--date", "2026-11-24"],
        "is not a milestone's value",
    );
    assert_refused(
        &book.root,
        &["web/2026-Q4/serch", "9", "--date", "2026-11-24"],
        "there is no objective `web/2026-Q4/serch` (did you mean `web/2026-Q4/search`?)",
    );
    assert_refused(
        &book.root,
        &["web/2026-Q4/fast", "7", "--date", "2026-11-24"],
        "has 3 key results; name one after the objective: lcp, kr2, kr3",
    );
    assert_refused(
        &book.root,
        &[
            "web/2026-Q4/fast",
            "lcp",
            "2600",
            "--confidence",
            "2",
            "--date",
            "2026-11-24",
        ],
        "the check-in would leave content/web/2026-Q4/fast.md with an error",
    );
}

#[test]
fn a_file_that_already_has_an_error_is_not_touched() {
    let broken = SINGLE.replace("target: 6", "target: six");
    let book = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q4/fast.md", FLOW)
        .file("content/web/2026-Q4/search.md", broken)
        .write();
    assert_refused(
        &book.root,
        &["web/2026-Q4/search", "9", "--date", "2026-11-24"],
        "content/web/2026-Q4/search.md already has errors",
    );
}

#[test]
fn a_back_dated_checkin_goes_where_its_date_belongs_in_either_style() {
    let book = styles();
    // Flow style: between the two written check-ins.
    let rel = "content/web/2026-Q4/fast.md";
    let before = read(&book.root, rel);
    let output = checkin(
        &book.root,
        &["web/2026-Q4/fast", "lcp", "2950", "--date", "2026-11-01"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        read(&book.root, rel),
        with_lines(&before, 13, "      - { date: 2026-11-01, value: 2950 }\n")
    );
    assert!(stdout(&output).contains("line 14"), "{}", stdout(&output));
    // Block style: before the only check-in, after `checkins:`.
    let rel = "content/web/2026-Q4/search.md";
    let before = read(&book.root, rel);
    let output = checkin(
        &book.root,
        &["web/2026-Q4/search", "12", "--date", "2026-10-05"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        read(&book.root, rel),
        with_lines(&before, 10, "  - date: 2026-10-05\n    value: 12\n")
    );
    // On the same day as a written check-in: after it, as the later one.
    let output = checkin(
        &book.root,
        &["web/2026-Q4/search", "10", "--date", "2026-10-20"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        read(&book.root, rel).ends_with(
            "  - date: 2026-10-20\n    value: 11\n  - date: 2026-10-20\n    value: 10\n---\n"
        ),
        "{}",
        read(&book.root, rel)
    );
    assert_valid(&book.root);
}

#[test]
fn a_flow_checkin_written_over_several_lines_is_kept_and_followed() {
    let multi = "---
title: Pages load fast
period: 2026-Q4
team: web
key_results:
  - id: lcp
    title: LCP at p75
    baseline: 3200
    target: 2500
    checkins:
      - { date: 2026-10-15,
          value: 3000 }
---
";
    let book = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q4/fast.md", multi)
        .write();
    let rel = "content/web/2026-Q4/fast.md";
    let output = checkin(
        &book.root,
        &["web/2026-Q4/fast", "2800", "--date", "2026-11-02"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        read(&book.root, rel),
        with_lines(multi, 12, "      - { date: 2026-11-02, value: 2800 }\n")
    );
    // Back-dated: before the multi-line entry, not inside it.
    let output = checkin(
        &book.root,
        &["web/2026-Q4/fast", "3100", "--date", "2026-10-02"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        read(&book.root, rel).contains(
            "    checkins:\n      - { date: 2026-10-02, value: 3100 }\n      - { date: 2026-10-15,\n"
        ),
        "{}",
        read(&book.root, rel)
    );
    assert_valid(&book.root);
}
