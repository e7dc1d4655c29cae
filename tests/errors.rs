//! Bad input: every finding in every file in one run, each at its file, line
//! and column; exit status 1; the build folder untouched; odd files handled
//! without a panic.
//!
//! tests/fixtures/broken has one file per kind of problem (and one file with
//! several); the expected line and column of each finding are written next to
//! it below. Line numbers count the opening `---` as line 1.

mod common;

use common::handbook::Handbook;
use common::*;
use std::path::Path;
use std::process::Output;

/// `headlines` without the coaching warnings of the lint stage, for tests
/// about other findings in fixtures that also have coaching to give.
fn headlines_without_lints(stderr: &str) -> Vec<String> {
    headlines(stderr)
        .into_iter()
        .filter(|headline| {
            !okrbook::codes::lint_names()
                .iter()
                .any(|code| headline.ends_with(&format!("warning[{code}]")))
        })
        .collect()
}

/// The block printed for the finding that starts with `headline`: its first
/// line, the excerpt and caret, and the help.
fn block<'a>(stderr: &'a str, headline: &str) -> &'a str {
    let start = stderr
        .find(headline)
        .unwrap_or_else(|| panic!("no finding {headline} in:\n{stderr}"));
    let rest = &stderr[start..];
    let end = rest.find("\n\n").unwrap_or(rest.len());
    &rest[..end]
}

#[track_caller]
fn assert_no_panic(output: &Output) {
    assert_ne!(
        output.status.code(),
        Some(101),
        "okrbook panicked:\n{}",
        stderr(output)
    );
    assert!(
        !stderr(output).contains("panicked"),
        "okrbook panicked:\n{}",
        stderr(output)
    );
}

const EXPECTED_FINDINGS: [&str; 28] = [
    // a 2026-Q3 objective with `carried_from:` a 2026-Q4 one
    "content/eng/2026-Q3/backwards.md:5:15: error[carried-from-not-earlier]",
    // `date: 2026-11-31` (November has 30 days), the value on line 11 at column 15
    "content/eng/2026-Q4/bad-date.md:11:15: error[bad-date]",
    // `period: 2026-Q5`, the value
    "content/eng/2026-Q4/bad-period.md:3:9: error[bad-period]",
    // `parent:` after a list written without indentation (`key_results:\n- title: …`)
    "content/eng/2026-Q4/compact.md:10:9: error[unknown-parent]",
    // cycle-a → cycle-b → cycle-a, reported once, at cycle-a's `parent` value
    "content/eng/2026-Q4/cycle-a.md:5:9: error[parent-cycle]",
    // the second file with `id: eng/2026-Q4/same`, at its `id` value (line 5 there)
    "content/eng/2026-Q4/duplicate-b.md:5:5: error[duplicate-id]",
    // `tags: [reliability, peak` never closes; YAML notices at the next line's colon
    "content/eng/2026-Q4/malformed-flow.md:6:12: error[yaml-syntax]",
    // `title: Malformed: a colon…`, at the second `: `
    "content/eng/2026-Q4/malformed.md:2:17: error[yaml-syntax]",
    // many-problems.md: every problem of one file, in one run
    "content/eng/2026-Q4/many-problems.md:2:1: error[unknown-field]", // titel
    "content/eng/2026-Q4/many-problems.md:3:9: error[bad-period]",    // 2026-Q5
    "content/eng/2026-Q4/many-problems.md:4:7: error[unknown-team]",  // enginering
    "content/eng/2026-Q4/many-problems.md:7:13: error[wrong-type]",   // target: lots
    "content/eng/2026-Q4/many-problems.md:8:5: error[unknown-field]", // measured_bi
    "content/eng/2026-Q4/many-problems.md:10:15: error[bad-date]",    // 2026-10-32
    "content/eng/2026-Q4/many-problems.md:12:3: error[missing-target]", // guardrail `Cost`
    // the metric and the guardrail without `target`, at their `- ` items; the milestone is fine
    "content/eng/2026-Q4/no-target.md:6:3: error[missing-target]",
    "content/eng/2026-Q4/no-target.md:9:3: error[missing-target]",
    // key result `score: 1.5`, check-in `confidence: 1.2` and grade `score: -0.2`
    "content/eng/2026-Q4/score-range.md:8:12: error[score-out-of-range]",
    "content/eng/2026-Q4/score-range.md:12:21: error[score-out-of-range]",
    "content/eng/2026-Q4/score-range.md:14:10: error[score-out-of-range]",
    // `carried_from: eng/2026-Q3/gone`, the value
    "content/eng/2026-Q4/unknown-carried-from.md:5:15: error[unknown-carried-from]",
    // `titel:`, the key
    "content/eng/2026-Q4/unknown-field.md:2:1: error[unknown-field]",
    // `parent: eng/2026-Q4/valdi`, the value
    "content/eng/2026-Q4/unknown-parent.md:5:9: error[unknown-parent]",
    // `team: enginering`, the value
    "content/eng/2026-Q4/unknown-team.md:4:7: error[unknown-team]",
    // `target: lots`, the value
    "content/eng/2026-Q4/wrong-type.md:8:13: error[wrong-type]",
    // teams loop-a ↔ loop-b
    "content/teams/loop-a.md:4:9: error[parent-cycle]",
    // team `parent: nobody-here`
    "content/teams/orphan.md:4:9: error[unknown-parent]",
    // a second team with `id: engineering`
    "content/teams/twin.md:3:5: error[duplicate-id]",
];

fn check_broken() -> (Output, String) {
    let (_tmp, root) = copy_fixture("broken");
    let output = okrbook().arg("check").arg(&root).output().unwrap();
    let text = stderr(&output);
    (output, text)
}

#[test]
fn every_finding_in_every_file_is_reported_in_one_run() {
    let (output, stderr) = check_broken();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        headlines(&stderr),
        EXPECTED_FINDINGS,
        "full report:\n{stderr}"
    );
    assert!(
        stderr.contains("28 error(s), 0 warning(s)"),
        "a total: {stderr}"
    );
    // An objective with a bad period is still known by its id: the objective
    // that names it as parent and carried_from gets no finding of its own.
    assert!(!stderr.contains("continues-bad-period.md"), "{stderr}");
    // The valid files are not mentioned, except as the first owner of a duplicated id.
    assert!(!stderr.contains("valid.md:"), "{stderr}");
    assert!(!stderr.contains("engineering.md:"), "{stderr}");
    let twin = block(&stderr, "content/teams/twin.md:3:5: error[duplicate-id]");
    assert!(
        twin.contains("the team id `engineering` is also used by content/teams/engineering.md"),
        "{twin}"
    );
}

#[test]
fn build_reports_the_same_findings_and_writes_nothing() {
    let (tmp, root) = copy_fixture("broken");
    let dest = tmp.path().join("site");
    let output = okrbook()
        .arg("build")
        .arg(&root)
        .arg("--dest-dir")
        .arg(&dest)
        .arg("--as-of")
        .arg("2026-11-15")
        .output()
        .unwrap();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert_eq!(headlines(&text), EXPECTED_FINDINGS, "full report:\n{text}");
    assert!(text.contains("Nothing was written"), "{text}");
    assert!(!dest.exists(), "no build folder was created");
    assert!(
        !root.join("book").exists(),
        "no default build folder either"
    );
    assert_eq!(
        names_in(tmp.path()),
        ["handbook"],
        "no staging folder left behind"
    );
}

#[test]
fn findings_show_the_line_a_caret_and_a_short_help() {
    let (_output, stderr) = check_broken();

    // An unknown field names the field and suggests the closest known one.
    let titel = block(
        &stderr,
        "content/eng/2026-Q4/unknown-field.md:2:1: error[unknown-field]",
    );
    assert!(titel.contains("unknown field `titel`"), "{titel}");
    assert!(
        titel.contains(" 2 | titel: A typo in a field name\n"),
        "{titel}"
    );
    assert!(titel.contains("   | ^\n"), "caret under column 1: {titel}");
    assert!(titel.contains("help: did you mean `title`?"), "{titel}");

    // Nested: the key result's field, suggested within key results.
    let measured = block(
        &stderr,
        "content/eng/2026-Q4/many-problems.md:8:5: error[unknown-field]",
    );
    assert!(
        measured.contains("unknown field `measured_bi`"),
        "{measured}"
    );
    assert!(
        measured.contains("did you mean `measured_by`?"),
        "{measured}"
    );
    assert!(
        measured.contains(" 8 |     measured_bi: Finance dashboard\n"),
        "{measured}"
    );
    assert!(
        measured.contains("   |     ^\n"),
        "caret under column 5: {measured}"
    );

    // A wrong type says what was expected and what was found.
    let lots = block(
        &stderr,
        "content/eng/2026-Q4/wrong-type.md:8:13: error[wrong-type]",
    );
    assert!(
        lots.contains("`key_results[0].target` should be a number"),
        "{lots}"
    );
    assert!(lots.contains("\"lots\""), "{lots}");
    assert!(lots.contains(" 8 |     target: lots\n"), "{lots}");
    assert!(
        lots.contains("   |             ^\n"),
        "caret under column 13: {lots}"
    );

    let period = block(
        &stderr,
        "content/eng/2026-Q4/bad-period.md:3:9: error[bad-period]",
    );
    assert!(period.contains("\"2026-Q5\" is not a period"), "{period}");
    assert!(
        period.contains("2026-Q4"),
        "the help shows the format: {period}"
    );

    let team = block(
        &stderr,
        "content/eng/2026-Q4/unknown-team.md:4:7: error[unknown-team]",
    );
    assert!(team.contains("`team: enginering` names no team"), "{team}");
    assert!(team.contains("did you mean `engineering`?"), "{team}");

    let parent = block(
        &stderr,
        "content/eng/2026-Q4/unknown-parent.md:5:9: error[unknown-parent]",
    );
    assert!(
        parent.contains("`parent: eng/2026-Q4/valdi` names no objective"),
        "{parent}"
    );
    assert!(
        parent.contains("did you mean `eng/2026-Q4/valid`?"),
        "{parent}"
    );

    let carried = block(
        &stderr,
        "content/eng/2026-Q4/unknown-carried-from.md:5:15: error[unknown-carried-from]",
    );
    assert!(
        carried.contains("`carried_from: eng/2026-Q3/gone` names no objective"),
        "{carried}"
    );

    let duplicate = block(
        &stderr,
        "content/eng/2026-Q4/duplicate-b.md:5:5: error[duplicate-id]",
    );
    assert!(duplicate.contains("`eng/2026-Q4/same`"), "{duplicate}");
    assert!(
        duplicate.contains("content/eng/2026-Q4/duplicate-a.md"),
        "names the other file: {duplicate}"
    );

    let cycle = block(
        &stderr,
        "content/eng/2026-Q4/cycle-a.md:5:9: error[parent-cycle]",
    );
    assert!(
        cycle.contains("content/eng/2026-Q4/cycle-a.md → content/eng/2026-Q4/cycle-b.md"),
        "{cycle}"
    );

    let date = block(
        &stderr,
        "content/eng/2026-Q4/bad-date.md:11:15: error[bad-date]",
    );
    assert!(date.contains("\"2026-11-31\" is not a date"), "{date}");
    assert!(date.contains(" 11 |       - date: 2026-11-31\n"), "{date}");
    assert!(
        date.contains("    |               ^\n"),
        "caret under column 15: {date}"
    );

    let score = block(
        &stderr,
        "content/eng/2026-Q4/score-range.md:8:12: error[score-out-of-range]",
    );
    assert!(score.contains("1.5, outside 0..1"), "{score}");
    let confidence = block(
        &stderr,
        "content/eng/2026-Q4/score-range.md:12:21: error[score-out-of-range]",
    );
    assert!(
        confidence.contains("confidence is 1.2, outside 0..1"),
        "{confidence}"
    );
    let grade = block(
        &stderr,
        "content/eng/2026-Q4/score-range.md:14:10: error[score-out-of-range]",
    );
    assert!(grade.contains("grade"), "{grade}");
    assert!(grade.contains("-0.2, outside 0..1"), "{grade}");

    let metric = block(
        &stderr,
        "content/eng/2026-Q4/no-target.md:6:3: error[missing-target]",
    );
    assert!(
        metric.contains("metric key result `metric` has no numeric `target`"),
        "{metric}"
    );
    let guardrail = block(
        &stderr,
        "content/eng/2026-Q4/no-target.md:9:3: error[missing-target]",
    );
    assert!(
        guardrail.contains("guardrail key result `guardrail` has no numeric `target`"),
        "{guardrail}"
    );

    // YAML syntax: positions in the message are the file's lines, not the YAML's.
    let flow = block(
        &stderr,
        "content/eng/2026-Q4/malformed-flow.md:6:12: error[yaml-syntax]",
    );
    assert!(
        flow.contains("line 5 column 7"),
        "where the list opened: {flow}"
    );
    let colon = block(
        &stderr,
        "content/eng/2026-Q4/malformed.md:2:17: error[yaml-syntax]",
    );
    assert!(colon.contains(" 2 | title: Malformed: a colon"), "{colon}");
}

#[test]
fn a_field_left_out_is_not_reported_missing_as_well() {
    let (_output, stderr) = check_broken();
    // `target: lots` is one problem, not also "has no numeric target".
    assert!(
        !stderr.contains("key result `kr1` has no numeric `target`"),
        "{stderr}"
    );
    assert!(!stderr.contains("wrong-type.md:6:3"), "{stderr}");
    // `titel` meant `title`: no second finding about a missing title.
    assert!(!stderr.contains("has no `title`"), "{stderr}");
}

/// Builds the `cascade` fixture copy into `dest`, then breaks it with
/// `breakage`, builds again, and checks that nothing changed.
fn assert_broken_build_changes_nothing(
    root: &Path,
    dest_arg: Option<&Path>,
    dest: &Path,
    breakage: impl FnOnce(&Path),
) {
    let build = |expect: i32| {
        let mut command = okrbook();
        command
            .arg("build")
            .arg(root)
            .arg("--as-of")
            .arg("2026-11-15");
        if let Some(dest) = dest_arg {
            command.arg("--dest-dir").arg(dest);
        }
        let output = command.output().unwrap();
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(expect), "{}", stderr(&output));
        output
    };
    build(0);
    let before = snapshot(dest);
    assert!(before.contains_key("okrs.json"));
    let parent = dest.parent().unwrap();
    let names_before = names_in(parent);

    breakage(root);
    let output = build(1);
    assert!(stderr(&output).contains("Nothing was written"));

    let after = snapshot(dest);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &before {
        assert!(bytes == &after[path], "{path} changed");
    }
    assert_eq!(
        names_in(parent),
        names_before,
        "no staging folder left behind"
    );
}

#[test]
fn a_failed_build_leaves_the_dest_dir_byte_for_byte_untouched() {
    let (tmp, root) = copy_fixture("cascade");
    let dest = tmp.path().join("site");
    assert_broken_build_changes_nothing(&root, Some(&dest), &dest, |root| {
        let grow = root.join("content/company/2026-Q4/grow.md");
        let text = std::fs::read_to_string(&grow).unwrap();
        std::fs::write(&grow, text.replace("period: 2026-Q4", "period: 2026-Q5")).unwrap();
        write(
            root,
            "content/platform/2026-Q4/new.md",
            "---
title: New
period: 2026-Q4
team: platfrom
key_results:
  - title: X
---
",
        );
    });
}

#[test]
fn a_failed_build_leaves_the_default_build_dir_untouched() {
    let (_tmp, root) = copy_fixture("cascade");
    let dest = root.join("book");
    assert_broken_build_changes_nothing(&root, None, &dest, |root| {
        let oncall = root.join("content/sre/2026-Q4/oncall.md");
        let text = std::fs::read_to_string(&oncall).unwrap();
        std::fs::write(&oncall, text.replace("target: 20", "target: twenty")).unwrap();
    });
}

// ---------------------------------------------------------------- odd files

/// A copy of the `cascade` fixture with extra files.
fn handbook_with(files: &[(&str, &[u8])]) -> (tempfile::TempDir, std::path::PathBuf) {
    let written = files
        .iter()
        .fold(Handbook::fixture("cascade"), |handbook, (path, bytes)| {
            handbook.file(path, bytes)
        })
        .write();
    (written.tmp, written.root)
}

fn build_into(root: &Path, dest: &Path) -> Output {
    let output = okrbook()
        .arg("build")
        .arg(root)
        .arg("--dest-dir")
        .arg(dest)
        .arg("--as-of")
        .arg("2026-11-15")
        .output()
        .unwrap();
    assert_no_panic(&output);
    output
}

#[test]
fn a_file_that_is_not_utf8_is_reported_at_its_first_bad_byte() {
    // Latin-1 "café" on line 3: `title: caf` is 10 characters, the bad byte is column 11.
    let (tmp, root) = handbook_with(&[(
        "content/guides/latin1.md",
        b"---\norder: 2\ntitle: caf\xe9\n---\nbody\n",
    )]);
    let dest = tmp.path().join("site");
    let output = build_into(&root, &dest);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        headlines(&stderr(&output)),
        ["content/guides/latin1.md:3:11: error[not-utf8]"]
    );
    assert!(stderr(&output).contains("UTF-8"));
    assert!(!dest.exists());

    let output = okrbook().arg("check").arg(&root).output().unwrap();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn empty_files_and_files_without_front_matter_are_plain_pages() {
    let (tmp, root) = handbook_with(&[
        ("content/guides/empty.md", b""),
        (
            "content/guides/plain.md",
            b"# A plain page\n\nNo front matter here.\n",
        ),
        (
            "content/guides/blank-front-matter.md",
            b"---\n---\nOnly a body.\n",
        ),
        (
            "content/guides/crlf.md",
            b"---\r\ntitle: Windows line ends\r\n---\r\nBody.\r\n",
        ),
    ]);
    let output = okrbook().arg("check").arg(&root).output().unwrap();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let dest = tmp.path().join("site");
    let output = build_into(&root, &dest);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for page in [
        "guides/empty.html",
        "guides/plain.html",
        "guides/blank-front-matter.html",
        "guides/crlf.html",
    ] {
        assert!(dest.join(page).is_file(), "{page} is written");
    }
}

#[test]
fn unclosed_front_matter_is_an_error_at_line_one() {
    let (tmp, root) = handbook_with(&[(
        "content/platform/2026-Q4/unclosed.md",
        b"---\ntitle: Never closed\nperiod: 2026-Q4\nteam: platform\n\nThe body starts here.\n",
    )]);
    let output = build_into(&root, &tmp.path().join("site"));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    assert_eq!(
        headlines(&text),
        ["content/platform/2026-Q4/unclosed.md:1:1: error[unclosed-front-matter]"]
    );
    assert!(text.contains("never closed"), "{text}");
}

#[test]
fn a_front_matter_that_is_not_a_mapping_is_an_error() {
    let (tmp, root) = handbook_with(&[
        ("content/guides/list.md", b"---\n- a\n- b\n---\n"),
        ("content/guides/scalar.md", b"---\njust some text\n---\n"),
    ]);
    let output = build_into(&root, &tmp.path().join("site"));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        headlines(&stderr(&output)),
        [
            "content/guides/list.md:2:1: error[wrong-type]",
            "content/guides/scalar.md:2:1: error[wrong-type]",
        ]
    );
}

#[test]
fn a_symlink_loop_under_the_source_folder_is_skipped_with_a_warning() {
    let (tmp, root) = copy_fixture("cascade");
    std::fs::create_dir_all(root.join("content/guides/more")).unwrap();
    // content/guides/more/loop → content/guides: a folder that contains the link.
    std::os::unix::fs::symlink("..", root.join("content/guides/more/loop")).unwrap();
    // And one to the handbook's root, which contains the source folder.
    std::os::unix::fs::symlink("../..", root.join("content/guides/root")).unwrap();

    let output = okrbook().arg("check").arg(&root).output().unwrap();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    assert_eq!(
        headlines_without_lints(&text),
        [
            "content/guides/more/loop:1:1: warning[symlink-loop]",
            "content/guides/root:1:1: warning[symlink-loop]",
        ],
        "each loop is reported once, and nothing is read twice:\n{text}"
    );

    let dest = tmp.path().join("site");
    let output = build_into(&root, &dest);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning[symlink-loop]"));
    assert!(dest.join("guides/how-we-work.html").is_file());
    // Each objective is read once: the loop does not duplicate ids.
    let json = okrs_json(&dest);
    assert_eq!(json["objectives"].as_array().unwrap().len(), 8);
}

#[test]
fn a_dangling_symlink_is_a_warning_not_a_panic() {
    let (tmp, root) = copy_fixture("cascade");
    std::os::unix::fs::symlink("nowhere.md", root.join("content/guides/dangling.md")).unwrap();
    let output = build_into(&root, &tmp.path().join("site"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        headlines_without_lints(&stderr(&output)),
        ["content/guides/dangling.md:1:1: warning[broken-link]"]
    );
    assert!(
        stderr(&output).contains("content/guides/dangling.md"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_missing_book_toml_or_source_folder_is_an_error() {
    let tmp = temp();
    let output = okrbook().arg("check").arg(tmp.path()).output().unwrap();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("book.toml"), "{}", stderr(&output));

    write(tmp.path(), "book.toml", "[book]\ntitle = \"No content\"\n");
    let output = okrbook().arg("check").arg(tmp.path()).output().unwrap();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("error[no-source]"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_bad_book_toml_is_located_and_suggested() {
    let (tmp, root) = copy_fixture("cascade");
    write(
        &root,
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[build]\nbuild_dir = \"out\"\n",
    );
    let output = build_into(&root, &tmp.path().join("site"));
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert_eq!(headlines(&text), ["book.toml:5:1: error[unknown-field]"]);
    assert!(text.contains("did you mean `build-dir`?"), "{text}");
}
