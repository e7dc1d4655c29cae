//! okrbook parses, renders and writes in parallel (rayon). The output must not
//! depend on it: a build on one thread and a build on several threads write
//! the same files with the same bytes.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const AS_OF: &str = "2026-11-21";

/// Builds `root` with `threads` rayon threads into a fresh folder and returns every file.
fn build_with_threads(root: &Path, threads: usize, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let out = common::temp();
    let dest = out.path().join("site");
    let output = common::okrbook()
        .env("RAYON_NUM_THREADS", threads.to_string())
        .arg("build")
        .arg(root)
        .arg("--dest-dir")
        .arg(&dest)
        .arg("--as-of")
        .arg(AS_OF)
        .args(extra)
        .output()
        .expect("run okrbook build");
    assert_eq!(
        output.status.code(),
        Some(0),
        "okrbook build on {threads} thread(s) failed:\n{}",
        common::stderr(&output)
    );
    common::snapshot(&dest)
}

/// Builds on one thread and on four and asserts both wrote the same files, byte for byte.
fn assert_same_output(root: &Path, extra: &[&str]) -> usize {
    let serial = build_with_threads(root, 1, extra);
    let parallel = build_with_threads(root, 4, extra);
    let serial_paths: Vec<&String> = serial.keys().collect();
    let parallel_paths: Vec<&String> = parallel.keys().collect();
    assert_eq!(
        serial_paths,
        parallel_paths,
        "{}: one thread and four threads wrote different files",
        root.display()
    );
    for (path, bytes) in &serial {
        assert!(
            parallel[path] == *bytes,
            "{}: {path} differs between one thread and four threads{}",
            root.display(),
            first_difference(bytes, &parallel[path])
        );
    }
    serial.len()
}

/// Where two files first differ, as a short excerpt of each.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let excerpt = |bytes: &[u8]| {
        let end = (at + 60).min(bytes.len());
        String::from_utf8_lossy(&bytes[at.saturating_sub(20).min(end)..end]).into_owned()
    };
    format!(
        " at byte {at} ({} and {} bytes):\n  one thread:   {:?}\n  four threads: {:?}",
        a.len(),
        b.len(),
        excerpt(a),
        excerpt(b)
    )
}

#[test]
fn fixtures_build_the_same_on_one_thread_and_on_four() {
    for name in ["cascade", "linked"] {
        let root = common::fixture(name);
        let files = assert_same_output(&root, &[]);
        assert!(files > 10, "{name}: only {files} files were written");
        assert_same_output(&root, &["--include-private"]);
    }
}

#[test]
fn a_larger_handbook_builds_the_same_on_one_thread_and_on_four() {
    let tmp = common::temp();
    let root = tmp.path().join("handbook");
    let objectives = write_handbook(&root);
    assert_eq!(objectives, 200);
    let files = assert_same_output(&root, &[]);
    assert!(
        files > objectives,
        "only {files} files were written for {objectives} objectives"
    );
}

/// Writes a deterministic handbook of 200 objectives: 10 teams in a tree, four
/// quarters, three key results with check-ins each, parents in the parent
/// team's objectives of the same quarter, individual goals, grades for the
/// ended quarters, some private objectives and links between bodies.
/// Returns the number of objectives.
fn write_handbook(root: &Path) -> usize {
    const TEAMS: usize = 10;
    const PER_PERIOD: usize = 50;
    const PEOPLE: [&str; 6] = [
        "Ada Berg",
        "Bola Costa",
        "Chen Diallo",
        "Dana Eriksen",
        "Emeka Fujita",
        "Farah Garcia",
    ];
    let team_parent = |team: usize| (team > 0).then(|| (team - 1) / 3);
    common::write(
        root,
        "book.toml",
        "[book]\ntitle = \"Parallel test handbook\"\n\n[okr]\ncurrent-period = \"2026-Q4\"\n",
    );
    common::write(
        root,
        "content/index.md",
        "---\ntitle: Welcome\n---\nA generated handbook.\n",
    );
    for team in 0..TEAMS {
        let mut text = format!(
            "---\ntype: team\nname: Team {team}\nlead: {}\nmembers: [{}, {}]\n",
            PEOPLE[team % 6],
            PEOPLE[team % 6],
            PEOPLE[(team + 1) % 6]
        );
        if let Some(parent) = team_parent(team) {
            let _ = writeln!(text, "parent: team-{parent:02}");
        }
        text.push_str("---\nWhat this team looks after.\n");
        common::write(root, &format!("content/teams/team-{team:02}.md"), text);
    }
    let mut written = 0;
    for (quarter, period) in ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        .iter()
        .enumerate()
    {
        let first_month = 1 + 3 * quarter;
        let mut ids: Vec<String> = Vec::new();
        for slot in 0..PER_PERIOD {
            // Slot s belongs to team s % TEAMS; the last five slots are individual goals.
            let individual = slot >= PER_PERIOD - 5;
            let team = slot % TEAMS;
            let (id, parent) = if individual {
                let parent = ids[(slot * 7) % ids.len()].clone();
                (format!("people/p{slot:02}/{period}/goal"), Some(parent))
            } else {
                let parent = team_parent(team).and_then(|p| {
                    // The latest earlier slot of the parent team in this period.
                    let back = team - p;
                    (slot >= back).then(|| ids[slot - back].clone())
                });
                (format!("team-{team:02}/{period}/o{slot:02}"), parent)
            };
            let mut text = format!(
                "---\ntitle: Objective {slot} of {period} gets better\nperiod: {period}\nowner: {}\n",
                PEOPLE[slot % 6]
            );
            if !individual {
                let _ = writeln!(text, "team: team-{team:02}");
            }
            if let Some(parent) = &parent {
                let _ = writeln!(text, "parent: {parent}");
            }
            if slot % 17 == 3 {
                text.push_str("visibility: private\n");
            }
            text.push_str("key_results:\n");
            for kr in 0..3 {
                let baseline = 10 + (slot * 7 + kr * 13) % 50;
                let target = baseline + 20 + kr * 5;
                let _ = write!(
                    text,
                    "  - title: Weekly count {kr} goes from {baseline} to {target}\n    owner: {}\n    unit: count\n    baseline: {baseline}\n    target: {target}\n    checkins:\n",
                    PEOPLE[(slot + kr) % 6]
                );
                for checkin in 0..2 {
                    let _ = write!(
                        text,
                        "      - date: 2026-{:02}-{:02}\n        value: {}\n        confidence: {}\n        note: Check-in {checkin}.\n",
                        first_month + checkin,
                        5 + (slot + kr) % 20,
                        baseline + (slot + kr + checkin * 9) % 25,
                        ["low", "medium", "high"][(slot + kr + checkin) % 3]
                    );
                }
            }
            if quarter < 3 {
                text.push_str("grade:\n  learned: What we learned.\n  next: continue\n");
            }
            let _ = write!(
                text,
                "---\n## Why\n\nObjective {slot} matters because *{period}* is when it counts.\n\n- first step\n- second step\n\n| Signal | Today |\n| --- | --- |\n| errors | {slot} |\n"
            );
            if let Some(parent) = &parent {
                let depth = id.matches('/').count();
                let _ = writeln!(
                    text,
                    "\nSee [the parent objective]({}{parent}.md).",
                    "../".repeat(depth)
                );
            }
            common::write(root, &format!("content/{id}.md"), text);
            if !individual {
                ids.push(id);
            }
            written += 1;
        }
    }
    written
}
