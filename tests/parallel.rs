//! okrbook parses, renders and writes in parallel (rayon). The output must not
//! depend on it: a build on one thread and a build on several threads write
//! the same files with the same bytes.

mod common;

use std::collections::BTreeMap;
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
    let objectives = common::generate::tree(&root);
    assert_eq!(objectives, 200);
    let files = assert_same_output(&root, &[]);
    assert!(
        files > objectives,
        "only {files} files were written for {objectives} objectives"
    );
}
