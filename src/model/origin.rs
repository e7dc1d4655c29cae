//! Where a record came from: its file and front matter, to point findings
//! at the line and column of a field.

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::load::{FrontMatter, SourceFile};
use crate::locate::{Locator, Step};

/// Where a record came from, to point findings at it.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Path relative to the source folder, `/`-separated.
    pub rel_path: String,
    /// Path relative to the handbook root, for messages.
    pub display_path: String,
    /// Shared: records are cloned (by `ParseCache`), the front matter need not be.
    source: std::sync::Arc<FrontMatterIndex>,
}

/// A file's front matter and where its fields are. The index of positions is
/// built only when a finding needs one: most files never do.
#[derive(Debug)]
struct FrontMatterIndex {
    yaml: String,
    first_line: usize,
    locator: std::sync::OnceLock<Locator>,
    /// Byte offset of each line's start, built with the first excerpt, so
    /// that many findings in a long front matter take linear time.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl FrontMatterIndex {
    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(&self.yaml))
    }

    /// The YAML's `index`-th line (0-based), as `str::lines` gives it.
    fn line(&self, index: usize) -> Option<&str> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.yaml.match_indices('\n').map(|(at, _)| at + 1))
                .filter(|&start| start < self.yaml.len())
                .collect()
        });
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).copied().unwrap_or(self.yaml.len());
        let text = self.yaml.get(start..end)?;
        let text = text.strip_suffix('\n').unwrap_or(text);
        Some(text.strip_suffix('\r').unwrap_or(text))
    }
}

impl Origin {
    pub(super) fn new(file: &SourceFile, front: Option<&FrontMatter>) -> Origin {
        let (yaml, first_line) = front
            .map(|f| (f.yaml.clone(), f.first_line))
            .unwrap_or_default();
        Origin {
            rel_path: file.rel_path.clone(),
            display_path: file.display_path.clone(),
            source: std::sync::Arc::new(FrontMatterIndex {
                locator: std::sync::OnceLock::new(),
                line_starts: std::sync::OnceLock::new(),
                yaml,
                first_line,
            }),
        }
    }

    /// The 1-based line and column in the file of the field `path` (of its value when `at_value`).
    pub fn position(&self, path: &[Step<'_>], at_value: bool) -> (usize, usize) {
        let place = self.source.locator().place(path);
        let line = if self.source.yaml.is_empty() {
            1
        } else {
            place.line + self.source.first_line - 1
        };
        let column = if at_value {
            place.value_column
        } else {
            place.column
        };
        (line, column)
    }

    /// A finding at the field `path` (at its value when `at_value`).
    pub fn finding(
        &self,
        code: Code,
        path: &[Step<'_>],
        at_value: bool,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.position(path, at_value);
        Diagnostic::error(code, &self.display_path, line, column, message).with_excerpt(
            self.source
                .line(line.saturating_sub(self.source.first_line))
                .filter(|_| !self.source.yaml.is_empty()),
        )
    }

    /// Whether the front matter writes the top-level field `key`.
    pub fn has_field(&self, key: &str) -> bool {
        // Top-level keys start a line; no need to index every position for that.
        self.source.yaml.lines().any(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    }

    /// The front matter's text.
    pub fn yaml(&self) -> &str {
        &self.source.yaml
    }

    /// The path without `.md`.
    pub fn stem_path(&self) -> &str {
        self.rel_path.strip_suffix(".md").unwrap_or(&self.rel_path)
    }
}
