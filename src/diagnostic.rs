//! Diagnostics are data: every stage appends to a list, and the command line
//! reports the whole list at once.

use crate::codes::Code;
use serde::Serialize;
use std::fmt::Write as _;

pub use crate::suggest::closest;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; fails `okrbook check` only under `--strict`, and never a build.
    Warning,
    /// Fails `okrbook check` and `okrbook build`.
    Error,
}

impl Severity {
    /// The severity in lowercase: `warning` or `error`.
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
    /// Whether the finding fails the check or the build.
    pub severity: Severity,
    /// The kind of finding; printed as its stable kebab-case name, such as `unknown-field`.
    pub code: Code,
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
    /// The record the finding is about, when it is about one: how the site
    /// places it on that record's page (a file can hold more than one).
    #[serde(skip)]
    pub subject: Option<Subject>,
}

/// What a finding is about, by id, so that it can be joined back to the
/// record whichever handbook (whole or public) is rendered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// An objective, by id.
    Objective(String),
    /// A key result, by its objective's id and its own.
    KeyResult {
        /// The objective's id.
        objective: String,
        /// The key result's id within the objective.
        key_result: String,
    },
    /// A team, by id.
    Team(String),
}

impl Subject {
    /// The objective the finding is shown on, for objectives and their key results.
    pub fn objective(&self) -> Option<&str> {
        match self {
            Subject::Objective(id) => Some(id),
            Subject::KeyResult { objective, .. } => Some(objective),
            Subject::Team(_) => None,
        }
    }
}

impl Diagnostic {
    /// An error at `file`, `line`, `column` (each raised to 1 when 0), without help or excerpt.
    pub fn error(
        code: Code,
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            help: None,
            excerpt: None,
            subject: None,
        }
    }

    /// A warning at `file`, `line`, `column` (each raised to 1 when 0), without help or excerpt.
    pub fn warning(
        code: Code,
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

    /// Adds what would be right.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the source line the position points into, trailing whitespace removed.
    pub fn with_excerpt(mut self, excerpt: Option<&str>) -> Self {
        self.excerpt = excerpt.map(|line| line.trim_end().to_string());
        self
    }

    /// Says what record the finding is about, unless that was said already.
    pub fn about(mut self, subject: Subject) -> Self {
        self.subject.get_or_insert(subject);
        self
    }

    /// Whether the severity is `Error`.
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
        if let Some(practice) = self.code.practice() {
            let _ = writeln!(out, "  = practice: {}", practice.name());
        }
        out
    }
}

impl Diagnostic {
    /// The finding as a GitHub Actions workflow command, such as
    /// `::error file=docs/okrs/content/a.md,line=3,col=1,title=okrbook unknown-field::unknown field`,
    /// so that it shows on that line of a pull request's diff. `prefix` is the
    /// handbook root's path inside the repository (`git rev-parse
    /// --show-prefix`), empty when the handbook is the repository's root. The
    /// help follows the message on a line of its own. Properties and message
    /// are escaped as GitHub's own toolkit escapes them.
    pub fn render_github(&self, prefix: &str) -> String {
        let command = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut file = prefix.to_string();
        if !file.is_empty() && !file.ends_with('/') {
            file.push('/');
        }
        file.push_str(&self.file);
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            message.push('\n');
            message.push_str(help);
        }
        if let Some(practice) = self.code.practice() {
            message.push_str("\nPractice: ");
            message.push_str(practice.name());
        }
        format!(
            "::{command} file={},line={},col={},title={}::{}",
            escape_property(&file),
            self.line,
            self.column,
            escape_property(&format!("okrbook {}", self.code)),
            escape_data(&message)
        )
    }
}

/// Escapes the message of a workflow command: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a workflow command: as [`escape_data`], and `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The findings of `okrbook check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// The as-of date, `YYYY-MM-DD`.
    pub as_of: String,
    /// How many findings are errors.
    pub errors: usize,
    /// How many findings are warnings.
    pub warnings: usize,
    /// Every finding, in the order given.
    pub findings: Vec<JsonFinding<'a>>,
}

/// One finding in [`JsonReport`]; `file` is relative to the handbook's root.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    /// `warning` or `error`.
    pub severity: Severity,
    /// The code's kebab-case name, such as `unknown-field`.
    pub code: &'a str,
    /// The file's path relative to the handbook's root, `/`-separated.
    pub file: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: &'a str,
    /// What would be right; `None` when there is no help.
    pub help: Option<&'a str>,
    /// For coaching, the practice the lint comes from, such as `SMART: measurable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practice: Option<&'static str>,
}

impl<'a> JsonReport<'a> {
    /// The report of `diagnostics`, counted, as of `as_of`.
    pub fn new(diagnostics: &'a [Diagnostic], as_of: impl std::fmt::Display) -> Self {
        let (errors, warnings) = count(diagnostics);
        JsonReport {
            as_of: as_of.to_string(),
            errors,
            warnings,
            findings: diagnostics
                .iter()
                .map(|d| JsonFinding {
                    severity: d.severity,
                    code: d.code.name(),
                    file: &d.file,
                    line: d.line,
                    column: d.column,
                    message: &d.message,
                    help: d.help.as_deref(),
                    practice: d.code.practice().map(|p| p.name()),
                })
                .collect(),
        }
    }
}

/// The findings as one pretty-printed JSON document (see [`JsonReport`]).
pub fn render_json(
    diagnostics: &[Diagnostic],
    as_of: impl std::fmt::Display,
) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&JsonReport::new(diagnostics, as_of))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_workflow_commands_as_the_toolkit_does() {
        assert_eq!(
            escape_data("100% done\r\nnext: a, b"),
            "100%25 done%0D%0Anext: a, b"
        );
        assert_eq!(escape_property("a:b,c%d\ne\rf"), "a%3Ab%2Cc%25d%0Ae%0Df");
        // `%` is escaped first, so an escape sequence in the text stays literal.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_property("%3A"), "%253A");
    }

    #[test]
    fn renders_github_workflow_commands() {
        let error = Diagnostic::error(
            Code::UnknownField,
            "content/a,b.md",
            3,
            7,
            "unknown field `titel`: 100% wrong",
        )
        .with_excerpt(Some("titel: Ship it"))
        .with_help("did you mean `title`?\nor `team`?");
        assert_eq!(
            error.render_github("docs/okrs/"),
            "::error file=docs/okrs/content/a%2Cb.md,line=3,col=7,title=okrbook unknown-field::unknown field `titel`: 100%25 wrong%0Adid you mean `title`?%0Aor `team`?"
        );
        let warning = Diagnostic::warning(Code::NoOwner, "book.toml", 1, 1, "nobody owns it");
        assert_eq!(
            warning.render_github(""),
            "::warning file=book.toml,line=1,col=1,title=okrbook no-owner::nobody owns it%0APractice: FAST: transparent"
        );
        assert_eq!(
            warning.render_github("okrs"),
            "::warning file=okrs/book.toml,line=1,col=1,title=okrbook no-owner::nobody owns it%0APractice: FAST: transparent"
        );
    }

    #[test]
    fn renders_json_with_counts() {
        let findings = [
            Diagnostic::error(Code::WrongType, "x.md", 1, 2, "bad").with_help("fix it"),
            Diagnostic::warning(Code::NoOwner, "y.md", 3, 4, "meh"),
        ];
        let text = render_json(&findings, "2026-11-21").unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["as_of"], "2026-11-21");
        assert_eq!(value["errors"], 1);
        assert_eq!(value["warnings"], 1);
        assert_eq!(value["findings"][0]["severity"], "error");
        assert_eq!(value["findings"][0]["code"], "wrong-type");
        assert_eq!(value["findings"][1]["code"], "no-owner");
        assert_eq!(value["findings"][0]["help"], "fix it");
        assert_eq!(value["findings"][1]["column"], 4);
        assert!(value["findings"][1]["help"].is_null());
        assert!(value["findings"][0].get("excerpt").is_none());
        // Coaching says which practice it comes from; other findings do not.
        assert_eq!(value["findings"][1]["practice"], "FAST: transparent");
        assert!(value["findings"][0].get("practice").is_none());
    }

    #[test]
    fn renders_position_excerpt_and_help() {
        let text = Diagnostic::error(
            Code::UnknownField,
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
