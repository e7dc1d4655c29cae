//! Helpers shared by the integration tests: fixture handbooks copied into
//! temporary folders, the `okrbook` binary, and whole-folder snapshots.
//!
//! - [`handbook`]: a handbook written for one test (`Handbook::new().config(…)
//!   .file(…).build_as_of(…)`) and assertions on what it wrote or said;
//! - [`edits`]: running `checkin` or `grade` and the text a file should have after;
//! - [`generate`]: the synthetic handbooks of many objectives;
//! - [`serve`]: `okrbook serve` in process (`Session`) and over HTTP (`Served`);
//! - [`html`]: the markup tokenizer and the HTML and XML checks;
//! - [`private`]: the scanner for private text in a built site.
//!
//! Fixtures under `tests/fixtures` are never written to: every test that
//! builds or mutates a handbook works on a copy in a temporary folder.

#![allow(dead_code)]

pub mod edits;
pub mod generate;
pub mod handbook;
pub mod html;
pub mod okrs;
pub mod private;
pub mod serve;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

/// The folder of a fixture handbook, `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// The repository's root: its own demo handbook.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh temporary folder.
pub fn temp() -> TempDir {
    tempfile::Builder::new()
        .prefix("okrbook-test-")
        .tempdir()
        .expect("create a temporary folder")
}

/// Copies the fixture `name` into a new temporary folder, at `<tmp>/handbook`.
/// Returns the temporary folder (keep it alive) and the handbook's path.
pub fn copy_fixture(name: &str) -> (TempDir, PathBuf) {
    let tmp = temp();
    let root = tmp.path().join("handbook");
    copy_dir(&fixture(name), &root);
    (tmp, root)
}

/// Recursively copies a folder of regular files.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy's folder");
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .unwrap_or_else(|e| panic!("read {}: {e}", from.display()))
        .map(|e| e.expect("read a folder entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// Writes `text` to `root/rel`, creating folders.
pub fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// The `okrbook` binary, with `SOURCE_DATE_EPOCH` cleared so that the
/// caller's environment cannot change the as-of date.
pub fn okrbook() -> Command {
    let mut command = Command::cargo_bin("okrbook").expect("the okrbook binary is built");
    command.env_remove("SOURCE_DATE_EPOCH");
    command
}

/// Runs `okrbook` with `args` and returns its output, whatever the exit code.
pub fn run(args: &[&str]) -> Output {
    okrbook().args(args).output().expect("run okrbook")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `okrbook build <root> --dest-dir <dest> --as-of <as_of> [extra…]`, which must succeed.
pub fn build_ok(root: &Path, dest: &Path, as_of: &str, extra: &[&str]) -> Output {
    let output = okrbook()
        .arg("build")
        .arg(root)
        .arg("--dest-dir")
        .arg(dest)
        .arg("--as-of")
        .arg(as_of)
        .args(extra)
        .output()
        .expect("run okrbook build");
    assert_eq!(
        output.status.code(),
        Some(0),
        "okrbook build failed:\n{}",
        stderr(&output)
    );
    output
}

/// Every file under `dir` (dot files too), by `/`-separated relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("read a folder entry");
        let path = entry.path();
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            collect(base, &path, files);
        } else {
            let rel = path
                .strip_prefix(base)
                .expect("inside the base")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let bytes =
                std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            files.insert(rel, bytes);
        }
    }
}

/// The names in a folder, sorted (to spot leftover staging folders).
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Parses `okrs.json` in a build folder.
pub fn okrs_json(dest: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dest.join("okrs.json")).expect("okrs.json is written");
    serde_json::from_str(&text).expect("okrs.json is valid JSON")
}

/// Asserts two floating-point numbers agree to well within four decimals.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

/// Builds a fixture into a fresh folder and returns every file as text, by relative path.
pub fn build_site(
    fixture_name: &str,
    as_of: &str,
    extra: &[&str],
) -> (TempDir, BTreeMap<String, String>) {
    let out = temp();
    let dest = out.path().join("site");
    build_ok(&fixture(fixture_name), &dest, as_of, extra);
    let files = snapshot(&dest)
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    (out, files)
}

/// A page of a site built by `build_site`.
pub fn page<'a>(files: &'a BTreeMap<String, String>, path: &str) -> &'a str {
    files.get(path).unwrap_or_else(|| {
        panic!(
            "{path} was not written; files: {:?}",
            files.keys().collect::<Vec<_>>()
        )
    })
}

/// Whether the HTML has a link with exactly this `href`.
pub fn links_to(html: &str, href: &str) -> bool {
    html.contains(&format!("href=\"{href}\""))
}

/// The `file:line:col: severity[code]` part of each finding's first line.
pub fn headlines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|line| {
            let at = line.find(": error[").or_else(|| line.find(": warning["))?;
            let close = line[at..].find(']')? + at;
            Some(line[..=close].to_string())
        })
        .collect()
}
