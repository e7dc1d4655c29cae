//! `okrbook check --format human|github|json`: GitHub workflow commands with
//! paths inside the repository, and a JSON document for other tools.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

const AS_OF: &str = "2026-11-21";

/// The two findings of `tests/fixtures/diff/findings`, as workflow commands, with `prefix`.
fn expected_github(prefix: &str) -> String {
    format!(
        "::error file={prefix}content/acme/2026-Q4/grow.md,line=17,col=12,title=okrbook no-baseline::\
         the metric key result \"Active customers in Europe\" has no `baseline`, so where it started is a guess%0A\
         add `baseline:` with the value of \"Active customers in Europe\" on 2026-10-01, when 2026-Q4 \
         started; until then the first check-in (320 customers on 2026-11-10) stands in, and progress \
         before it is lost%0APractice: SMART: measurable\n\
         ::warning file={prefix}content/acme/2026-Q4/grow.md,line=17,col=12,title=okrbook no-owner::\
         key result \"Active customers in Europe\" has no `owner`, so nobody is named to measure it%0A\
         add `owner:` with the person who measures \"Active customers in Europe\" and reports it at \
         each check-in, for example `owner: Rosa Diaz` if the objective's owner does%0A\
         Practice: FAST: transparent\n"
    )
}

fn check(root: &Path, extra: &[&str]) -> std::process::Output {
    okrbook()
        .arg("check")
        .arg(root)
        .args(["--as-of", AS_OF])
        .args(extra)
        .output()
        .expect("run okrbook check")
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn github_format_prints_one_workflow_command_per_finding() {
    let (_tmp, root) = copy_fixture("diff/findings");
    let output = check(&root, &["--format", "github"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output), expected_github(""));
    // The summary still goes to stderr, the findings only to stdout.
    let err = stderr(&output);
    assert!(err.contains("1 error(s), 1 warning(s)"), "{err}");
    assert!(!err.contains("::error"), "{err}");
}

#[test]
fn github_format_paths_start_at_the_repository_root() {
    let tmp = temp();
    let repo = tmp.path().join("repo");
    let root = repo.join("docs").join("okrs");
    copy_dir(&fixture("diff/findings"), &root);
    git(&repo, &["init", "-q"]);

    let output = check(&root, &["--format", "github"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output), expected_github("docs/okrs/"));

    // Run from inside the handbook, with the default folder.
    let output = okrbook()
        .current_dir(&root)
        .args(["check", "--as-of", AS_OF, "--format", "github"])
        .output()
        .expect("run okrbook check");
    assert_eq!(stdout(&output), expected_github("docs/okrs/"));
}

#[test]
fn github_format_exit_status_follows_strict() {
    let (_tmp, root) = copy_fixture("diff/findings");
    // Without the `deny`, both findings are warnings.
    write(
        &root,
        "book.toml",
        "[book]\ntitle = \"Findings\"\n\n[okr]\nquarter-start-month = 1\n",
    );
    let output = check(&root, &["--format", "github"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.lines().all(|line| line.starts_with(
        "::warning file=content/acme/2026-Q4/grow.md,line=17,col=12,title=okrbook no-"
    )));

    let output = check(&root, &["--format", "github", "--strict"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));

    // A valid handbook without findings prints nothing on stdout.
    let output = check(&fixture("diff/base"), &["--format", "github"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn json_format_is_one_document_with_counts() {
    let (_tmp, root) = copy_fixture("diff/findings");
    let output = check(&root, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&output)).expect("stdout is one JSON document");
    assert_eq!(json["as_of"], AS_OF);
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 1);
    let findings = json["findings"].as_array().expect("findings is a list");
    assert_eq!(findings.len(), 2, "{json}");
    let first = &findings[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "no-baseline");
    assert_eq!(first["file"], "content/acme/2026-Q4/grow.md");
    assert_eq!(first["line"], 17);
    assert_eq!(first["column"], 12);
    assert!(first["message"]
        .as_str()
        .is_some_and(|m| m.contains("\"Active customers in Europe\" has no `baseline`")));
    assert!(first["help"]
        .as_str()
        .is_some_and(|h| h.starts_with("add `baseline:`")));
    assert_eq!(findings[1]["severity"], "warning");
    assert_eq!(findings[1]["code"], "no-owner");
    // Nothing but the document: no human report on either stream.
    assert!(!stderr(&output).contains("error["), "{}", stderr(&output));

    let output = check(&fixture("diff/base"), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 0);
    assert_eq!(json["findings"], serde_json::json!([]));
}

#[test]
fn json_format_reports_an_unreadable_handbook() {
    let tmp = temp();
    let output = check(&tmp.path().join("nothing-here"), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(json["errors"], 1);
    assert_eq!(json["findings"][0]["code"], "no-config");
}

#[test]
fn human_format_is_the_default() {
    let (_tmp, root) = copy_fixture("diff/findings");
    let default = check(&root, &[]);
    let human = check(&root, &["--format", "human"]);
    assert_eq!(default.status.code(), Some(1));
    assert_eq!(stdout(&default), "");
    assert_eq!(stderr(&default), stderr(&human));
    assert_eq!(
        headlines(&stderr(&default)),
        [
            "content/acme/2026-Q4/grow.md:17:12: error[no-baseline]",
            "content/acme/2026-Q4/grow.md:17:12: warning[no-owner]",
        ]
    );
}

#[test]
fn unknown_format_is_a_usage_error() {
    let output = run(&["check", "--format", "xml"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("github"), "{}", stderr(&output));
}
