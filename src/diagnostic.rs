//! Diagnostics are data: every stage appends to a list, and the command line
//! reports the whole list at once.

use serde::Serialize;
use std::fmt::Write as _;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding about one place in one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the kind of finding, such as `unknown-field`.
    pub code: String,
    /// The file's path relative to the handbook's root, `/`-separated.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What would be right.
    pub help: Option<String>,
    /// The source line the position points into.
    pub excerpt: Option<String>,
}

impl Diagnostic {
    pub fn error(
        code: &str,
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: code.to_string(),
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            help: None,
            excerpt: None,
        }
    }

    pub fn warning(
        code: &str,
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, line, column, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_excerpt(mut self, excerpt: Option<&str>) -> Self {
        self.excerpt = excerpt.map(|line| line.trim_end().to_string());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `file:line:col: severity[code]: message` line, then the excerpt and the help.
    pub fn render_human(&self) -> String {
        let mut out = format!(
            "{}:{}:{}: {}[{}]: {}\n",
            self.file,
            self.line,
            self.column,
            self.severity.as_str(),
            self.code,
            self.message
        );
        if let Some(excerpt) = &self.excerpt {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let shown: String = excerpt.chars().take(160).collect();
            let caret_at: String = shown
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, " {number} | {shown}");
            let _ = writeln!(out, " {gutter} | {caret_at}^");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

/// Sorts findings by file, position, then severity, so that reports are stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, b.severity, &a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, a.severity, &b.code, &b.message))
    });
}

/// Counts errors and warnings.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .iter()
        .map(|candidate| (edit_distance(&word, candidate), *candidate))
        .filter(|(distance, candidate)| {
            *distance <= (candidate.len().max(word.len()) / 3).clamp(2, 3)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["title", "team", "owner", "key_results", "carried_from"];
        assert_eq!(closest("titel", &fields), Some("title"));
        assert_eq!(closest("keyresults", &fields), Some("key_results"));
        assert_eq!(closest("carried_form", &fields), Some("carried_from"));
        assert_eq!(closest("budget", &fields), None);
        assert_eq!(closest("eng/2026-Q3/gone", &["eng/2026-Q4/same"]), None);
    }

    #[test]
    fn renders_position_excerpt_and_help() {
        let text = Diagnostic::error(
            "unknown-field",
            "content/a.md",
            3,
            1,
            "unknown field `titel`",
        )
        .with_excerpt(Some("titel: Ship it"))
        .with_help("did you mean `title`?")
        .render_human();
        assert_eq!(
            text,
            "content/a.md:3:1: error[unknown-field]: unknown field `titel`\n 3 | titel: Ship it\n   | ^\n  = help: did you mean `title`?\n"
        );
    }
}
