//! Key results fed by data: `source: data/….csv` or `.json` in the
//! handbook's folder, whose rows are check-ins merged with the written ones.
//! tests/fixtures/data-sources has one CSV-fed and one JSON-fed key result.

#![cfg(unix)]

mod common;

use common::handbook::Handbook;
use common::okrs::{close, key_result, objective};
use common::*;
use std::os::unix::fs::symlink;

const AS_OF: &str = "2026-11-15";
const OBJECTIVE: &str = "content/web/2026-Q4/speed.md";

/// The fixture's objective with its first key result's `source:` replaced.
fn with_p95_source(source: &str) -> Handbook {
    let text = std::fs::read_to_string(fixture("data-sources").join(OBJECTIVE)).unwrap();
    Handbook::fixture("data-sources").file(
        OBJECTIVE,
        text.replace("source: data/p95-latency.csv", &format!("source: {source}")),
    )
}

#[test]
fn scores_and_okrs_json_come_from_the_rows() {
    let run = Handbook::fixture("data-sources").build_as_of(AS_OF);
    run.assert_success();
    let json = run.json("okrs.json");
    let speed = objective(&json, "web/2026-Q4/speed");
    let p95 = key_result(speed, "p95");
    // The CSV's last row (2026-11-01, 300) is later than the written 330.
    close(&p95["current"], 300.0);
    close(&p95["score"], 0.5);
    close(&p95["confidence"], 0.9);
    let conversion = key_result(speed, "conversion");
    close(&conversion["current"], 3.0);
    close(&conversion["score"], 0.5);
    close(&conversion["confidence"], 0.8);
    close(&speed["score"], 0.5);
}

#[test]
fn written_check_ins_and_data_rows_merge_by_date() {
    let run = Handbook::fixture("data-sources").build_as_of(AS_OF);
    run.assert_success();
    let html = run.file("web/2026-Q4/speed.html");
    let first = html.find("first week").expect("the CSV's first row");
    let by_hand = html.find("measured by hand").expect("the written check-in");
    let quoted = html
        .find("cache warmed, &quot;fast&quot; path")
        .expect("a quoted CSV field with a comma and doubled quotes");
    assert!(html.contains("new checkout"), "the JSON's note");
    // Oct 1 (CSV), Oct 20 (written), Nov 1 (CSV), in whichever order the page
    // lists them, the written one sits between the two rows.
    assert!(
        (first < by_hand && by_hand < quoted) || (quoted < by_hand && by_hand < first),
        "check-ins are sorted by date"
    );
}

#[test]
fn a_bad_csv_row_is_an_error_at_its_line_and_column() {
    let run = Handbook::fixture("data-sources")
        .file(
            "data/p95-latency.csv",
            "date,value,confidence,note\n\
             2026-10-01,fast,medium,first week\n\
             2026-13-01,300,high,bad month\n\
             2026-10-05,300\n\
             2026-10-06,300,high,\"unclosed\n",
        )
        .check_as_of(AS_OF, &[]);
    run.assert_code(1);
    let stderr = run.stderr();
    assert_eq!(
        headlines(&stderr),
        [
            "data/p95-latency.csv:2:12: error[bad-number]",
            "data/p95-latency.csv:3:1: error[bad-date]",
            "data/p95-latency.csv:4:15: error[wrong-type]",
            "data/p95-latency.csv:5:21: error[wrong-type]",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("\"fast\" is not a number"), "{stderr}");
    assert!(stderr.contains("\"2026-13-01\" is not a date"), "{stderr}");
    assert!(
        stderr.contains("this row has 2 fields, but the header row names 4 columns"),
        "{stderr}"
    );
    assert!(
        stderr.contains(" 2 | 2026-10-01,fast,medium,first week"),
        "{stderr}"
    );
}

#[test]
fn a_csv_without_a_value_column_is_an_error_at_its_header() {
    let run = Handbook::fixture("data-sources")
        .file("data/p95-latency.csv", "date,valeu\n2026-10-01,3\n")
        .check_as_of(AS_OF, &[]);
    run.assert_code(1);
    assert_eq!(
        headlines(&run.stderr()),
        [
            "data/p95-latency.csv:1:1: error[missing-field]",
            "data/p95-latency.csv:1:6: error[unknown-field]",
        ],
        "{}",
        run.stderr()
    );
}

#[test]
fn a_bad_json_element_is_an_error_at_the_element() {
    let run = Handbook::fixture("data-sources")
        .file(
            "data/conversion.json",
            "[\n  {\"date\": \"2026-10-01\", \"value\": 2.5},\n  {\"date\": \"2026-10-02\", \"value\": \"lots\"}\n]\n",
        )
        .check_as_of(AS_OF, &[]);
    run.assert_code(1);
    let stderr = run.stderr();
    assert_eq!(
        headlines(&stderr),
        ["data/conversion.json:3:3: error[bad-number]"],
        "{stderr}"
    );
    assert!(stderr.contains("\"lots\" is not a number"), "{stderr}");
}

#[test]
fn a_missing_data_file_is_an_error_at_the_source_field() {
    let run = with_p95_source("data/nothing.csv").check_as_of(AS_OF, &[]);
    run.assert_code(1);
    let stderr = run.stderr();
    assert_eq!(
        headlines(&stderr),
        ["content/web/2026-Q4/speed.md:12:13: error[unreadable]"],
        "{stderr}"
    );
    assert!(
        stderr.contains("the data file `data/nothing.csv` does not exist"),
        "{stderr}"
    );
}

#[test]
fn a_source_outside_the_handbook_is_refused() {
    for source in ["../outside.csv", "/etc/passwd"] {
        let run = with_p95_source(source).check_as_of(AS_OF, &[]);
        run.assert_code(1);
        let stderr = run.stderr();
        assert_eq!(
            headlines(&stderr),
            ["content/web/2026-Q4/speed.md:12:13: error[outside-handbook]"],
            "{source}: {stderr}"
        );
    }
}

#[test]
fn a_data_file_that_is_a_symbolic_link_is_refused() {
    let handbook = with_p95_source("data/link.csv");
    let written = handbook.write();
    let outside = written.tmp.path().join("outside.csv");
    std::fs::write(&outside, "date,value\n2026-10-01,1\n").unwrap();
    symlink(&outside, written.root.join("data/link.csv")).unwrap();
    symlink(
        written.root.join("data/p95-latency.csv"),
        written.root.join("data/inside-link.csv"),
    )
    .unwrap();
    let output = okrbook()
        .arg("check")
        .arg(&written.root)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        headlines(&stderr),
        ["content/web/2026-Q4/speed.md:12:13: error[outside-handbook]"],
        "{stderr}"
    );
    // A link that stays inside the handbook is refused too.
    let objective = written.root.join(OBJECTIVE);
    let text = std::fs::read_to_string(&objective).unwrap();
    std::fs::write(
        &objective,
        text.replace("data/link.csv", "data/inside-link.csv"),
    )
    .unwrap();
    let output = okrbook()
        .arg("check")
        .arg(&written.root)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
}

#[test]
fn a_changed_data_file_is_read_again_by_the_cache() {
    let written = Handbook::fixture("data-sources").write();
    let as_of = okrbook::date::Date::parse(AS_OF).unwrap();
    let mut caches = okrbook::Caches::default();
    let latest = |caches: &mut okrbook::Caches| {
        let checked = okrbook::check_cached(&written.root, as_of, caches);
        let handbook = checked.handbook.expect("the handbook loads");
        let speed = &handbook.objectives[0];
        let checkins = &speed.key_results[0].checkins;
        format!("{:?}", checkins.last().and_then(|c| c.value))
    };
    assert_eq!(latest(&mut caches), "Some(Number(300.0))");
    let csv = written.root.join("data/p95-latency.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, format!("{text}2026-11-10,250,high,later\n")).unwrap();
    // Only the data file changed: the objective's text is the same.
    assert_eq!(latest(&mut caches), "Some(Number(250.0))");
}

#[test]
fn serve_rebuilds_when_a_data_file_changes() {
    let served = common::serve::Served::fixture("data-sources");
    let page = "/web/2026-Q4/speed.html";
    assert!(served.get(page).body.contains("first week"));
    served.edit("data/p95-latency.csv", "first week", "second look");
    served.wait_for(page, |body| body.contains("second look"));
}

#[test]
fn the_demo_has_a_key_result_fed_by_data() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let as_of = okrbook::date::Date::parse(AS_OF).unwrap();
    let checked = okrbook::check(root, as_of);
    assert!(!checked.has_errors(), "the demo has no errors");
    let handbook = checked.handbook.expect("the demo loads");
    let reliability = handbook
        .objectives
        .iter()
        .find(|o| o.id == "platform/2026-Q4/reliability")
        .expect("the demo's reliability objective");
    let p95 = reliability
        .key_results
        .iter()
        .find(|kr| kr.id == "p95-latency")
        .expect("its p95 key result");
    let dates: Vec<String> = p95.checkins.iter().map(|c| c.date.to_string()).collect();
    // Two rows from data/p95-booking-search.csv, one check-in written in the file.
    assert_eq!(dates, ["2026-10-08", "2026-11-05", "2026-11-18"]);
}

#[test]
fn diff_reads_data_files_at_both_revisions() {
    let written = Handbook::fixture("data-sources").write();
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .arg("-C")
            .arg(&written.root)
            .args(["-c", "user.name=t", "-c", "user.email=t@e"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "base"]);
    let csv = written.root.join("data/p95-latency.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, format!("{text}2026-11-10,200,high,target reached\n")).unwrap();
    git(&["commit", "-q", "-am", "a metric row"]);
    let output = okrbook()
        .current_dir(&written.root)
        .args(["diff", "HEAD~1", "HEAD", "--as-of", AS_OF])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("p95 latency in ms"), "{stdout}");
}

#[test]
fn a_checkin_on_a_data_fed_key_result_is_written_beside_the_rows_and_says_so() {
    let book = Handbook::fixture("data-sources").write();
    let data_before = std::fs::read(book.root.join("data/p95-latency.csv")).unwrap();
    let output = okrbook()
        .args([
            "checkin",
            "web/2026-Q4/speed",
            "p95",
            "280",
            "--date",
            "2026-11-10",
            "--dir",
        ])
        .arg(&book.root)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains("also reads its check-ins from data/p95-latency.csv"),
        "{out}"
    );
    // The data file is the scheduled job's: untouched.
    assert_eq!(
        std::fs::read(book.root.join("data/p95-latency.csv")).unwrap(),
        data_before
    );
    let text = std::fs::read_to_string(book.root.join(OBJECTIVE)).unwrap();
    assert!(
        text.contains(
            "        note: measured by hand\n      - date: 2026-11-10\n        value: 280\n"
        ),
        "{text}"
    );
}
