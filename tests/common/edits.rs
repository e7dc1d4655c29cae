//! For the commands that edit a handbook's files (`checkin`, `grade`):
//! running one on a folder, and the text a file should have afterwards.

use super::okrbook;
use std::path::Path;
use std::process::Output;

/// Runs `okrbook <command> <args…> --dir <root>`.
pub fn run_edit(command: &str, root: &Path, args: &[&str]) -> Output {
    okrbook()
        .arg(command)
        .args(args)
        .arg("--dir")
        .arg(root)
        .output()
        .unwrap_or_else(|error| panic!("run okrbook {command}: {error}"))
}

/// The text of `rel` under `root`.
pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).expect("read the file")
}

/// `before` with `added` inserted after its line `after` (1-based).
pub fn with_lines(before: &str, after: usize, added: &str) -> String {
    let mut lines: Vec<&str> = before.split_inclusive('\n').collect();
    lines.insert(after, added);
    lines.concat()
}
