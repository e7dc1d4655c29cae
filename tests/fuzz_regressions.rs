//! Every input that made a fuzz target crash, hang or crawl, replayed through
//! the same code the fuzzers run (`fuzz/harness.rs`), so that a fixed bug
//! stays fixed without a nightly toolchain.
//!
//! `tests/fixtures/fuzz/<target>/` holds the inputs, one file each, named
//! after what they exercise (see `tests/fixtures/fuzz/README.md`). Each must
//! run without a panic, with every finding at a file, line and column, and
//! finish within a generous deadline: a regression to quadratic time on one
//! of them takes minutes, not the few milliseconds they take now.

mod common;

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// Far above what any input takes (well under a second in a debug build),
/// far below what the bugs they found took (minutes).
const DEADLINE: Duration = Duration::from_secs(60);

fn inputs(target: &str) -> Vec<PathBuf> {
    let folder = common::fixture("fuzz").join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("read {}: {e}", folder.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no inputs in {}", folder.display());
    paths
}

/// Runs `run` on every input of `target` and reports every one that panicked
/// or missed the deadline.
fn replay(target: &str, run: fn(&[u8])) {
    let mut failures = Vec::new();
    for path in inputs(target) {
        let data = std::fs::read(&path).expect("read an input");
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| run(&data));
            let _ = done.send(outcome.is_ok());
        });
        match finished.recv_timeout(DEADLINE) {
            Ok(true) => {}
            Ok(false) => failures.push(format!("{name:?} panicked")),
            Err(_) => failures.push(format!("{name:?} took more than {DEADLINE:?}")),
        }
    }
    assert!(failures.is_empty(), "{target}: {}", failures.join("; "));
}

#[test]
fn load_file_inputs_that_broke_it_stay_fixed() {
    replay("load_file", harness::load_file);
}

#[test]
fn build_small_inputs_that_broke_it_stay_fixed() {
    replay("build_small", harness::build_small);
}

#[test]
fn the_build_small_form_is_read_as_documented() {
    // book.toml, then a file `t/2026-Q4/o.md`, then one whose path climbs
    // out (read as `x.md`) and one at an absolute path (read as `abs/y.md`).
    let input = "[book]\ntitle = \"T\"\n\0t/2026-Q4/o.md\n---\ntitle: A\nperiod: 2026-Q4\nkey_results:\n  - title: k\n    target: 1\n---\n\0../../x\n# X\n\0/abs/y.md\nY\n";
    harness::build_small(input.as_bytes());
}
