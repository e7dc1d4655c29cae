//! `book.toml`: the handbook's settings, with mdBook-style kebab-case keys.

use crate::diagnostic::{closest, Diagnostic};
use crate::period::Period;
use serde::Deserialize;
use std::path::Path;

/// The name of the settings file at a handbook's root.
pub const CONFIG_FILE: &str = "book.toml";

/// Validated settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Source folder, relative to the handbook's root.
    pub src: String,
    /// Output folder, relative to the handbook's root.
    pub build_dir: String,
    /// Always ends with `/`.
    pub site_url: String,
    pub theme: String,
    pub edit_url_template: Option<String>,
    pub current_period: Option<Period>,
    /// First month of the fiscal year, 1-12.
    pub quarter_start_month: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "OKRs".to_string(),
            description: None,
            src: "content".to_string(),
            build_dir: "book".to_string(),
            site_url: "/".to_string(),
            theme: "default".to_string(),
            edit_url_template: None,
            current_period: None,
            quarter_start_month: 1,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    book: RawBook,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    output: RawOutput,
    #[serde(default)]
    okr: RawOkr,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBook {
    title: Option<String>,
    description: Option<String>,
    src: Option<String>,
    /// Accepted for mdBook compatibility; not used.
    #[serde(default)]
    #[allow(dead_code)]
    authors: Vec<String>,
    /// Accepted for mdBook compatibility; not used.
    #[allow(dead_code)]
    language: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBuild {
    build_dir: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOutput {
    #[serde(default)]
    html: RawHtml,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawHtml {
    site_url: Option<String>,
    theme: Option<String>,
    edit_url_template: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOkr {
    current_period: Option<String>,
    quarter_start_month: Option<i64>,
}

/// Every key `book.toml` knows, for suggestions.
const KNOWN_KEYS: &[&str] = &[
    "book",
    "build",
    "output",
    "okr",
    "title",
    "description",
    "src",
    "authors",
    "language",
    "build-dir",
    "html",
    "site-url",
    "theme",
    "edit-url-template",
    "current-period",
    "quarter-start-month",
];

impl Config {
    /// Reads `book.toml` from `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                return Err(vec![Diagnostic::error(
                    "no-config",
                    CONFIG_FILE,
                    1,
                    1,
                    format!("cannot read {}: {error}", path.display()),
                )
                .with_help("run `okrbook init` to start a handbook, or pass the folder that holds book.toml")]);
            }
        };
        Config::parse(&text)
    }

    /// Parses the text of a `book.toml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|error| vec![toml_diagnostic(text, &error)])?;
        let mut diagnostics = Vec::new();
        let mut config = Config::default();
        let position = |key: &str| locate_key(text, key);
        if let Some(title) = raw.book.title {
            config.title = title;
        }
        config.description = raw.book.description;
        if let Some(src) = raw.book.src {
            config.src = src.trim_end_matches('/').to_string();
        }
        if let Some(build_dir) = raw.build.build_dir {
            config.build_dir = build_dir.trim_end_matches('/').to_string();
        }
        for (key, value) in [("src", &config.src), ("build-dir", &config.build_dir)] {
            if value.is_empty() || value == "." {
                let (line, column) = position(key);
                diagnostics.push(
                    Diagnostic::error(
                        "bad-config",
                        CONFIG_FILE,
                        line,
                        column,
                        format!("`{key}` must name a folder"),
                    )
                    .with_excerpt(text.lines().nth(line - 1))
                    .with_help("for example \"content\" or \"book\""),
                );
            }
        }
        if let Some(site_url) = raw.output.html.site_url {
            let trimmed = site_url.trim();
            config.site_url = if trimmed.is_empty() {
                "/".to_string()
            } else if trimmed.ends_with('/') {
                trimmed.to_string()
            } else {
                format!("{trimmed}/")
            };
        }
        if let Some(theme) = raw.output.html.theme {
            config.theme = theme;
        }
        config.edit_url_template = raw.output.html.edit_url_template;
        if let Some(period) = raw.okr.current_period {
            match Period::parse(&period) {
                Some(period) => config.current_period = Some(period),
                None => {
                    let (line, column) = position("current-period");
                    diagnostics.push(
                        Diagnostic::error(
                            "bad-period",
                            CONFIG_FILE,
                            line,
                            column,
                            format!("`current-period` is \"{period}\", which is not a period"),
                        )
                        .with_excerpt(text.lines().nth(line - 1))
                        .with_help("write a quarter (2026-Q4), a half (2026-H2) or a year (2026)"),
                    );
                }
            }
        }
        if let Some(month) = raw.okr.quarter_start_month {
            if (1..=12).contains(&month) {
                config.quarter_start_month = month as u32;
            } else {
                let (line, column) = position("quarter-start-month");
                diagnostics.push(
                    Diagnostic::error(
                        "bad-config",
                        CONFIG_FILE,
                        line,
                        column,
                        format!("`quarter-start-month` is {month}, not a month"),
                    )
                    .with_excerpt(text.lines().nth(line - 1))
                    .with_help(
                        "write the number of the fiscal year's first month, 1 (January) to 12",
                    ),
                );
            }
        }
        if diagnostics.is_empty() {
            Ok(config)
        } else {
            Err(diagnostics)
        }
    }
}

/// The 1-based line and column of `key = …` in a TOML text, or 1:1.
fn locate_key(text: &str, key: &str) -> (usize, usize) {
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return (index + 1, line.len() - trimmed.len() + 1);
            }
        }
    }
    (1, 1)
}

fn toml_diagnostic(text: &str, error: &toml::de::Error) -> Diagnostic {
    let (line, column) = match error.span() {
        Some(span) => line_and_column(text, span.start),
        None => (1, 1),
    };
    let message = error.message().trim().to_string();
    let mut diagnostic =
        Diagnostic::error("bad-config", CONFIG_FILE, line, column, message.clone())
            .with_excerpt(text.lines().nth(line.saturating_sub(1)));
    if let Some(field) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        diagnostic.code = "unknown-field".to_string();
        diagnostic.message = format!("unknown key `{field}` in book.toml");
        let help = match closest(field, KNOWN_KEYS) {
            Some(known) => format!("did you mean `{known}`? keys are kebab-case, as in mdBook"),
            None => "see docs/format.md for the keys book.toml knows".to_string(),
        };
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_normalised_site_url() {
        let config =
            Config::parse("[book]\ntitle = \"T\"\n[output.html]\nsite-url = \"/okrs\"\n").unwrap();
        assert_eq!(config.title, "T");
        assert_eq!(config.src, "content");
        assert_eq!(config.build_dir, "book");
        assert_eq!(config.site_url, "/okrs/");
        assert_eq!(config.quarter_start_month, 1);
    }

    #[test]
    fn unknown_key_is_located_and_suggested() {
        let errors =
            Config::parse("[book]\ntitle = \"T\"\n\n[build]\nbuild_dir = \"out\"\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "unknown-field");
        assert_eq!((errors[0].line, errors[0].column), (5, 1));
        assert!(errors[0].help.as_deref().unwrap().contains("`build-dir`"));
    }

    #[test]
    fn bad_values_are_all_reported() {
        let errors =
            Config::parse("[okr]\ncurrent-period = \"2026-Q7\"\nquarter-start-month = 13\n")
                .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 2);
        assert_eq!(errors[1].line, 3);
    }
}
