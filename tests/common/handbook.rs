//! A handbook written for one test, in the spirit of mdBook's `BookTest`:
//!
//! ```ignore
//! let built = Handbook::new()
//!     .config("[book]\ntitle = \"T\"\n")
//!     .file("content/web/2026-Q4/x.md", "---\ntitle: …\n---\n")
//!     .build_as_of("2026-11-21");
//! built.assert_success().assert_file_contains("web/2026-Q4/x.html", "…");
//! ```
//!
//! A handbook starts empty ([`Handbook::new`]) or as a copy of a fixture
//! ([`Handbook::fixture`]); files are written into a fresh temporary folder
//! when it is checked or built, so fixtures are never written to.

use super::{copy_dir, copy_fixture, fixture, okrbook, snapshot, temp, write};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

/// A handbook to write: an optional fixture to start from, then files.
#[derive(Debug, Default, Clone)]
pub struct Handbook {
    fixture: Option<String>,
    overlays: Vec<String>,
    files: Vec<(String, Vec<u8>)>,
}

/// A handbook written to disk, alive as long as this value.
pub struct Written {
    pub tmp: TempDir,
    pub root: PathBuf,
}

/// What `okrbook check` or `okrbook build` said and, for a build, wrote.
pub struct Run {
    pub written: Written,
    /// The build folder (`<tmp>/site`); absent after `check` or a failed build.
    pub dest: PathBuf,
    pub output: Output,
}

impl Handbook {
    /// An empty handbook: no book.toml, no content.
    pub fn new() -> Handbook {
        Handbook::default()
    }

    /// A copy of `tests/fixtures/<name>`, to add files to or overwrite them.
    pub fn fixture(name: &str) -> Handbook {
        Handbook {
            fixture: Some(name.to_string()),
            ..Handbook::default()
        }
    }

    /// The files of `tests/fixtures/<name>` laid over the handbook (an
    /// overlay fixture holds only the files it adds or replaces).
    pub fn overlay(mut self, name: &str) -> Handbook {
        self.overlays.push(name.to_string());
        self
    }

    /// `book.toml`.
    pub fn config(self, toml: &str) -> Handbook {
        self.file("book.toml", toml)
    }

    /// A file at `rel` (from the handbook's root), replacing any earlier one.
    pub fn file(mut self, rel: &str, text: impl AsRef<[u8]>) -> Handbook {
        self.files.retain(|(path, _)| path != rel);
        self.files.push((rel.to_string(), text.as_ref().to_vec()));
        self
    }

    /// Writes the handbook into a fresh temporary folder, at `<tmp>/handbook`.
    pub fn write(&self) -> Written {
        let (tmp, root) = match &self.fixture {
            Some(name) => copy_fixture(name),
            None => {
                let tmp = temp();
                let root = tmp.path().join("handbook");
                std::fs::create_dir_all(&root).expect("create the handbook folder");
                (tmp, root)
            }
        };
        for overlay in &self.overlays {
            copy_dir(&fixture(overlay), &root);
        }
        for (rel, bytes) in &self.files {
            write(&root, rel, bytes);
        }
        Written { tmp, root }
    }

    /// `okrbook check <root> --as-of <as_of> [extra…]`, whatever its exit code.
    pub fn check_as_of(&self, as_of: &str, extra: &[&str]) -> Run {
        let written = self.write();
        let output = okrbook()
            .arg("check")
            .arg(&written.root)
            .args(["--as-of", as_of])
            .args(extra)
            .output()
            .expect("run okrbook check");
        let dest = written.tmp.path().join("site");
        Run {
            written,
            dest,
            output,
        }
    }

    /// `okrbook build <root> --dest-dir <tmp>/site --as-of <as_of>`, whatever its exit code.
    pub fn build_as_of(&self, as_of: &str) -> Run {
        self.build_with(as_of, &[])
    }

    /// `build_as_of` with more arguments.
    pub fn build_with(&self, as_of: &str, extra: &[&str]) -> Run {
        let written = self.write();
        let dest = written.tmp.path().join("site");
        let output = okrbook()
            .arg("build")
            .arg(&written.root)
            .arg("--dest-dir")
            .arg(&dest)
            .args(["--as-of", as_of])
            .args(extra)
            .output()
            .expect("run okrbook build");
        Run {
            written,
            dest,
            output,
        }
    }
}

impl Run {
    pub fn root(&self) -> &Path {
        &self.written.root
    }

    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    pub fn stdout(&self) -> String {
        super::stdout(&self.output)
    }

    pub fn stderr(&self) -> String {
        super::stderr(&self.output)
    }

    /// The run ended with exit code 0.
    #[track_caller]
    pub fn assert_success(&self) -> &Run {
        assert_eq!(self.code(), Some(0), "failed:\n{}", self.stderr());
        self
    }

    /// The run ended with exit code `code`.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(self.code(), Some(code), "{}", self.stderr());
        self
    }

    /// Some finding on stderr is `error[code]`.
    #[track_caller]
    pub fn assert_error(&self, code: &str) -> &Run {
        let stderr = self.stderr();
        assert!(
            stderr.contains(&format!(": error[{code}]")),
            "no error[{code}] in:\n{stderr}"
        );
        self
    }

    /// stderr holds `fragment`.
    #[track_caller]
    pub fn assert_stderr_contains(&self, fragment: &str) -> &Run {
        let stderr = self.stderr();
        assert!(stderr.contains(fragment), "{fragment:?} not in:\n{stderr}");
        self
    }

    /// Every file written, by `/`-separated relative path, with its bytes.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        if self.dest.exists() {
            snapshot(&self.dest)
        } else {
            BTreeMap::new()
        }
    }

    /// A written file as text; panics with the list of files when absent.
    #[track_caller]
    pub fn file(&self, rel: &str) -> String {
        match std::fs::read(self.dest.join(rel)) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => panic!(
                "{rel} was not written; files: {:?}",
                self.files().keys().collect::<Vec<_>>()
            ),
        }
    }

    /// A written JSON file, parsed.
    #[track_caller]
    pub fn json(&self, rel: &str) -> serde_json::Value {
        serde_json::from_str(&self.file(rel)).unwrap_or_else(|e| panic!("{rel} is JSON: {e}"))
    }

    /// A written file holds `fragment`.
    #[track_caller]
    pub fn assert_file_contains(&self, rel: &str, fragment: &str) -> &Run {
        let text = self.file(rel);
        assert!(
            text.contains(fragment),
            "{fragment:?} not in {rel}:\n{text}"
        );
        self
    }

    /// A written file does not hold `fragment`. Fragile on its own (a
    /// renamed string passes too): pair it with a check that the page has
    /// what it should.
    #[track_caller]
    pub fn assert_file_lacks(&self, rel: &str, fragment: &str) -> &Run {
        let text = self.file(rel);
        assert!(!text.contains(fragment), "{fragment:?} in {rel}:\n{text}");
        self
    }

    /// The relative paths of every file written, sorted.
    pub fn file_list(&self) -> Vec<String> {
        self.files().into_keys().collect()
    }

    /// What a page has inside `<main …>…</main>`: the part a test usually
    /// cares about, without the header, sidebar and footer every page shares.
    #[track_caller]
    pub fn main_of(&self, rel: &str) -> String {
        let page = self.file(rel);
        let open = page
            .find("<main")
            .unwrap_or_else(|| panic!("no <main> in {rel}"));
        let start = open + page[open..].find('>').expect("<main> is closed") + 1;
        let end = page.rfind("</main>").expect("</main>");
        page[start..end].trim().to_string()
    }

    /// The markup of a written HTML or XML file has no problem [`super::html::markup_problems`] finds.
    #[track_caller]
    pub fn assert_markup_safe(&self, rel: &str) -> &Run {
        let problems = super::html::markup_problems(rel, &self.file(rel));
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        self
    }

    /// Text with the run's temporary folder written as `[TMP]`, for snapshots.
    pub fn redact(&self, text: &str) -> String {
        let tmp = self.written.tmp.path().to_string_lossy().into_owned();
        text.replace(&tmp, "[TMP]")
    }
}
