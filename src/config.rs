//! `book.toml`: the handbook's settings, with mdBook-style kebab-case keys.

use crate::codes::{self, Code};
use crate::diagnostic::{closest, Diagnostic};
use crate::locate::line_and_column;
use crate::period::{FiscalYear, NamedBy, Period};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// The name of the settings file at a handbook's root.
pub const CONFIG_FILE: &str = "book.toml";

/// The largest source or theme file okrbook reads unless `max-file-size` says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The keys whose place in `book.toml` messages about paths point to.
const PATH_KEYS: &[&str] = &["src", "build-dir", "theme", "max-file-size"];

/// Validated settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The handbook's title (`[book] title`); "OKRs" when not set.
    pub title: String,
    /// A one-line summary of the handbook (`[book] description`); `None` when not set.
    pub description: Option<String>,
    /// A name for the handbook that never changes (`[book] id`), from which
    /// the feed's ids are made; `None` when not set (the title stands in).
    pub id: Option<String>,
    /// Source folder, relative to the handbook's root.
    pub src: String,
    /// Output folder, relative to the handbook's root.
    pub build_dir: String,
    /// Always ends with `/`.
    pub site_url: String,
    /// The theme's name (`[output.html] theme`): `default`, or a folder under `themes/`.
    pub theme: String,
    /// `edit-url-template`, with `{path}` standing for a page's source path; `None` when not set.
    pub edit_url_template: Option<String>,
    /// `allow-raw-html`: pass raw HTML in Markdown bodies through as written
    /// instead of sanitizing it (the default).
    pub allow_raw_html: bool,
    /// `current-period`; `None` when not set, and then the quarter holding the as-of date is current.
    pub current_period: Option<Period>,
    /// `max-file-size`: the largest source or theme file read, in bytes.
    pub max_file_size: u64,
    /// Where each key stands in `book.toml` (line, column), for messages.
    positions: BTreeMap<&'static str, (usize, usize)>,
    /// The fiscal year: `quarter-start-month` and `fiscal-year-named-by`.
    pub fiscal_year: FiscalYear,
    /// The priority labels key results may carry (`priorities`), highest
    /// first; `P0`…`P4` when not set.
    pub priorities: Vec<String>,
    /// The coaching rules' thresholds, levels and domains (`[okr]`, `[okr.lints]`).
    pub lints: LintConfig,
    /// `[output.html] coaching`: where the site shows coaching findings.
    pub coaching: Coaching,
    /// `[output.html] target-history`: whether objective pages show how key
    /// results' targets and baselines changed after their period started,
    /// read from the git history of their files (the default).
    pub target_history: bool,
}

/// How much coaching the published site shows: `[output.html] coaching`.
/// `okrbook check` reports every finding whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Coaching {
    /// A coaching box on each objective's page and the health page (the default).
    #[default]
    Pages,
    /// Only the health page; objective pages carry no coaching box.
    Health,
    /// No finding anywhere in the site, and no health page.
    Off,
}

impl Coaching {
    /// Every value as written in book.toml.
    pub const NAMES: [&'static str; 3] = ["pages", "health", "off"];

    /// The value written in book.toml (any case, spaces around ignored).
    pub fn parse(text: &str) -> Option<Coaching> {
        match text.trim().to_ascii_lowercase().as_str() {
            "pages" => Some(Coaching::Pages),
            "health" => Some(Coaching::Health),
            "off" => Some(Coaching::Off),
            _ => None,
        }
    }

    /// Whether objective pages carry a coaching box.
    pub fn on_pages(self) -> bool {
        self == Coaching::Pages
    }

    /// Whether the site has a health page with the findings.
    pub fn health_page(self) -> bool {
        self != Coaching::Off
    }
}

/// The priority labels used when `[okr] priorities` is not set.
pub const DEFAULT_PRIORITIES: [&str; 5] = ["P0", "P1", "P2", "P3", "P4"];

impl Config {
    /// The configured spelling and rank (0 = highest) of the priority
    /// `written`, matched without regard to case and surrounding blanks.
    pub fn priority(&self, written: &str) -> Option<(usize, &str)> {
        let written = written.trim();
        self.priorities
            .iter()
            .enumerate()
            .find(|(_, label)| label.eq_ignore_ascii_case(written))
            .map(|(rank, label)| (rank, label.as_str()))
    }
}

/// What a lint does when it finds something: `[okr.lints] code = "allow" | "warn" | "deny"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintLevel {
    /// Not reported.
    Allow,
    /// Reported as a warning (the default).
    Warn,
    /// Reported as an error: `check` and `build` fail.
    Deny,
}

impl LintLevel {
    /// The level as written in `[okr.lints]`: `allow`, `warn` or `deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            LintLevel::Allow => "allow",
            LintLevel::Warn => "warn",
            LintLevel::Deny => "deny",
        }
    }
}

/// Settings of the lint stage, from `[okr]` and `[okr.lints]`.
#[derive(Debug, Clone, PartialEq)]
pub struct LintConfig {
    /// Tags every period should cover (`domains`); empty turns `missing-domain` off.
    pub domains: Vec<String>,
    /// Line and column of the `domains` value in book.toml, for `missing-domain`.
    pub domains_at: (usize, usize),
    /// The text of that line, for the excerpt.
    pub domains_line: Option<String>,
    /// `stale-after-days`: how old a key result's latest check-in may get in a running period.
    pub stale_after_days: u32,
    /// `max-key-results` per objective.
    pub max_key_results: usize,
    /// `min-key-results` per objective.
    pub min_key_results: usize,
    /// `max-objectives-per-team` in one period.
    pub max_objectives_per_team: usize,
    /// `max-objectives-organization`: the same for a team without a parent team.
    pub max_objectives_organization: usize,
    /// `max-independent-objectives`: a team's objectives in one period that
    /// support no higher objective (no `parent`).
    pub max_independent_objectives: usize,
    /// Levels set in `[okr.lints]`, by lint code; codes not listed warn.
    pub levels: BTreeMap<String, LintLevel>,
    /// `[okr.lints] business-outcomes`: the business results a team's or a
    /// person's key result gets `business-outcome` for, as written
    /// (several words match as a phrase); [`BUSINESS_OUTCOMES`] by default.
    pub business_outcomes: Vec<String>,
}

/// The business results `business-outcome` looks for unless
/// `[okr.lints] business-outcomes` replaces them.
pub const BUSINESS_OUTCOMES: [&str; 15] = [
    "revenue",
    "sales",
    "bookings",
    "ARR",
    "MRR",
    "profit",
    "margin",
    "market share",
    "churn",
    "customer satisfaction",
    "CSAT",
    "NPS",
    "net promoter score",
    "customer retention",
    "customer lifetime value",
];

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            domains: Vec::new(),
            domains_at: (1, 1),
            domains_line: None,
            stale_after_days: 45,
            max_key_results: 4,
            min_key_results: 2,
            max_objectives_per_team: 5,
            max_objectives_organization: 2,
            max_independent_objectives: 2,
            levels: BTreeMap::new(),
            business_outcomes: BUSINESS_OUTCOMES.iter().map(|t| t.to_string()).collect(),
        }
    }
}

impl LintConfig {
    /// The level of the lint `code`: as set in `[okr.lints]`, else `warn`.
    pub fn level(&self, code: Code) -> LintLevel {
        self.levels
            .get(code.name())
            .copied()
            .unwrap_or(LintLevel::Warn)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "OKRs".to_string(),
            description: None,
            id: None,
            src: "content".to_string(),
            build_dir: "book".to_string(),
            site_url: "/".to_string(),
            theme: "default".to_string(),
            edit_url_template: None,
            allow_raw_html: false,
            current_period: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            positions: BTreeMap::new(),
            fiscal_year: FiscalYear::CALENDAR,
            priorities: DEFAULT_PRIORITIES.iter().map(|l| l.to_string()).collect(),
            lints: LintConfig::default(),
            coaching: Coaching::Pages,
            target_history: true,
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
    id: Option<String>,
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
    max_file_size: Option<RawSize>,
}

/// A size: a number of bytes, or text such as `"2 MiB"` or `"512 KiB"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawSize {
    Bytes(i64),
    Text(String),
}

impl RawSize {
    fn bytes(&self) -> Option<u64> {
        match self {
            RawSize::Bytes(n) => u64::try_from(*n).ok(),
            RawSize::Text(text) => {
                let text = text.trim();
                let digits = text
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(text.len());
                let number: u64 = text[..digits].parse().ok()?;
                let unit = match text[digits..].trim().to_ascii_lowercase().as_str() {
                    "" | "b" | "bytes" => 1,
                    "k" | "kb" | "kib" => 1024,
                    "m" | "mb" | "mib" => 1024 * 1024,
                    "g" | "gb" | "gib" => 1024 * 1024 * 1024,
                    _ => return None,
                };
                number.checked_mul(unit)
            }
        }
        .filter(|&n| n > 0)
    }
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
    allow_raw_html: Option<bool>,
    coaching: Option<String>,
    target_history: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOkr {
    current_period: Option<String>,
    quarter_start_month: Option<i64>,
    fiscal_year_named_by: Option<String>,
    priorities: Option<Vec<String>>,
    domains: Option<Spanned<Vec<String>>>,
    stale_after_days: Option<Spanned<i64>>,
    max_key_results: Option<Spanned<i64>>,
    min_key_results: Option<Spanned<i64>>,
    max_objectives_per_team: Option<Spanned<i64>>,
    max_objectives_organization: Option<Spanned<i64>>,
    max_independent_objectives: Option<Spanned<i64>>,
    #[serde(default)]
    lints: BTreeMap<Spanned<String>, Spanned<RawLintValue>>,
}

/// A value under `[okr.lints]`: a lint's level, or a list
/// (`business-outcomes`).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawLintValue {
    Level(String),
    List(Vec<String>),
}

/// The one list under `[okr.lints]`, beside the lints' levels.
const BUSINESS_OUTCOMES_KEY: &str = "business-outcomes";

/// Every key `book.toml` knows, for suggestions.
const KNOWN_KEYS: &[&str] = &[
    "book",
    "build",
    "output",
    "okr",
    "title",
    "description",
    "id",
    "src",
    "authors",
    "language",
    "build-dir",
    "max-file-size",
    "html",
    "site-url",
    "theme",
    "edit-url-template",
    "allow-raw-html",
    "coaching",
    "target-history",
    "current-period",
    "quarter-start-month",
    "fiscal-year-named-by",
    "priorities",
    "domains",
    "stale-after-days",
    "max-key-results",
    "min-key-results",
    "max-objectives-per-team",
    "max-objectives-organization",
    "max-independent-objectives",
    "lints",
    "business-outcomes",
];

impl Config {
    /// Reads `book.toml` from `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let refuse = |code: Code, message: String, help: &str| {
            Err(vec![
                Diagnostic::error(code, CONFIG_FILE, 1, 1, message).with_help(help)
            ])
        };
        let inside = match (crate::paths::resolve(root), crate::paths::resolve(&path)) {
            (Ok(root), Ok(file)) => crate::paths::is_within(&file, &root),
            _ => true,
        };
        if !inside {
            return refuse(
                Code::OutsideHandbook,
                format!("{CONFIG_FILE} is a symbolic link to a file outside the handbook folder"),
                "make book.toml a regular file in the handbook's folder",
            );
        }
        let bytes = match crate::paths::read_limited(&path, DEFAULT_MAX_FILE_SIZE) {
            Ok(bytes) => bytes,
            Err(crate::paths::ReadError::Io(error)) => return refuse(
                Code::NoConfig,
                format!("cannot read {}: {error}", path.display()),
                "run `okrbook init` to start a handbook, or pass the folder that holds book.toml",
            ),
            Err(crate::paths::ReadError::NotRegular) => {
                return refuse(
                    Code::NoConfig,
                    format!("{} is not a regular file", path.display()),
                    "make book.toml a regular file in the handbook's folder",
                )
            }
            Err(crate::paths::ReadError::TooLarge { limit }) => {
                return refuse(
                    Code::FileTooLarge,
                    format!(
                        "{CONFIG_FILE} is larger than {}",
                        crate::paths::human_size(limit)
                    ),
                    "book.toml holds only settings; a few hundred bytes is usual",
                )
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Config::parse(&text),
            Err(_) => refuse(
                Code::NotUtf8,
                format!("{CONFIG_FILE} is not UTF-8 text"),
                "save it as UTF-8 (most editors have an \"encoding\" setting)",
            ),
        }
    }

    /// The line and column of `key = …` in `book.toml`, or 1:1 when the key
    /// is not written there (its default is in use).
    pub fn position(&self, key: &str) -> (usize, usize) {
        self.positions.get(key).copied().unwrap_or((1, 1))
    }

    /// Parses the text of a `book.toml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|error| vec![toml_diagnostic(text, &error)])?;
        let mut diagnostics = Vec::new();
        let mut config = Config::default();
        let position = |key: &str| locate_key(text, key);
        config.positions = PATH_KEYS.iter().map(|&key| (key, position(key))).collect();
        if let Some(title) = raw.book.title {
            config.title = title;
        }
        config.description = raw.book.description;
        if let Some(id) = raw.book.id {
            if id.trim().is_empty() {
                diagnostics.push(bad_value(
                    text,
                    Code::BadConfig,
                    "id",
                    "`id` is empty",
                    "name the handbook in a way that will not change, such as \"acme-engineering-okrs\", or leave `id` out",
                ));
            }
            config.id = Some(id.trim().to_string());
        }
        if let Some(src) = raw.book.src {
            config.src = src.trim_end_matches('/').to_string();
        }
        if let Some(build_dir) = raw.build.build_dir {
            config.build_dir = build_dir.trim_end_matches('/').to_string();
        }
        for (key, value) in [("src", &config.src), ("build-dir", &config.build_dir)] {
            if value.is_empty() || value == "." {
                diagnostics.push(bad_value(
                    text,
                    Code::BadConfig,
                    key,
                    format!("`{key}` must name a folder"),
                    "for example \"content\" or \"book\"",
                ));
            }
        }
        if let Some(size) = &raw.build.max_file_size {
            match size.bytes() {
                Some(bytes) => config.max_file_size = bytes,
                None => {
                    diagnostics.push(bad_value(
                        text,
                        Code::BadConfig,
                        "max-file-size",
                        "`max-file-size` is not a size",
                        "write a number of bytes, or text such as \"2 MiB\" or \"512 KiB\"",
                    ));
                }
            }
        }
        if let Some(site_url) = raw.output.html.site_url {
            config.site_url = normalize_site_url(&site_url);
        }
        if let Some(theme) = raw.output.html.theme {
            let plain_name = !theme.is_empty()
                && theme != "."
                && theme != ".."
                && !theme.contains(['/', '\\', ':']);
            if !plain_name {
                diagnostics.push(bad_value(
                    text,
                    Code::BadConfig,
                    "theme",
                    format!(
                        "`theme` is \"{theme}\", which is not the name of a folder under themes/"
                    ),
                    "write the name of a folder in themes/, such as \"default\" or \"acme\"",
                ));
            }
            config.theme = theme;
        }
        config.edit_url_template = raw.output.html.edit_url_template;
        config.allow_raw_html = raw.output.html.allow_raw_html.unwrap_or(false);
        config.target_history = raw.output.html.target_history.unwrap_or(true);
        if let Some(written) = &raw.output.html.coaching {
            match Coaching::parse(written) {
                Some(coaching) => config.coaching = coaching,
                None => {
                    let help = match closest(&written.trim().to_ascii_lowercase(), &Coaching::NAMES) {
                        Some(known) => format!("did you mean \"{known}\"?"),
                        None => "write \"pages\" (coaching on objective pages and the health page, the default), \"health\" (only on the health page) or \"off\" (none in the site)".to_string(),
                    };
                    diagnostics.push(bad_value(
                        text,
                        Code::UnknownValue,
                        "coaching",
                        format!("`coaching` is \"{written}\", which is not \"pages\", \"health\" or \"off\""),
                        &help,
                    ));
                }
            }
        }
        // Both end up in `href`s: a `javascript:` URL there would run on a click.
        let sample_path = format!("{}/index.md", config.src);
        let urls = [
            ("site-url", Some(config.site_url.clone())),
            (
                "edit-url-template",
                config
                    .edit_url_template
                    .as_ref()
                    .map(|t| t.replace("{path}", &sample_path)),
            ),
        ];
        for (key, url) in urls {
            if url.is_some_and(|url| !crate::url::is_safe_url(&url)) {
                let (line, column) = position(key);
                diagnostics.push(
                    unsafe_url(CONFIG_FILE, line, column, &format!("`{key}`"))
                        .with_excerpt(text.lines().nth(line - 1)),
                );
            }
        }
        if let Some(period) = &raw.okr.current_period {
            match Period::parse(period) {
                Some(period) => config.current_period = Some(period),
                None => {
                    diagnostics.push(bad_value(
                        text,
                        Code::BadPeriod,
                        "current-period",
                        format!("`current-period` is \"{period}\", which is not a period"),
                        "write a quarter (2026-Q4), a half (2026-H2) or a year (2026)",
                    ));
                }
            }
        }
        let mut named_by = NamedBy::default();
        if let Some(written) = &raw.okr.fiscal_year_named_by {
            match NamedBy::parse(written) {
                Some(parsed) => named_by = parsed,
                None => {
                    let choices = "write \"start\" (a fiscal year is named after the calendar year it starts in, the default) or \"end\" (after the one it ends in: 2027 for February 2026 to January 2027)";
                    let help = match closest(written.trim(), &NamedBy::WORDS) {
                        Some(word) => format!("did you mean \"{word}\"? {choices}"),
                        None => choices.to_string(),
                    };
                    diagnostics.push(bad_value(
                        text,
                        Code::UnknownValue,
                        "fiscal-year-named-by",
                        format!("`fiscal-year-named-by` is \"{written}\", which is neither \"start\" nor \"end\""),
                        &help,
                    ));
                }
            }
        }
        config.fiscal_year.named_by = named_by;
        if let Some(month) = raw.okr.quarter_start_month {
            let fiscal_year = u32::try_from(month)
                .ok()
                .and_then(|month| FiscalYear::new(month, named_by));
            if let Some(fiscal_year) = fiscal_year {
                config.fiscal_year = fiscal_year;
            } else {
                diagnostics.push(bad_value(
                    text,
                    Code::BadConfig,
                    "quarter-start-month",
                    format!("`quarter-start-month` is {month}, not a month"),
                    "write the number of the fiscal year's first month, 1 (January) to 12",
                ));
            }
        }
        if let Some(written) = &raw.okr.priorities {
            let mut labels: Vec<String> = Vec::new();
            for label in written.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
                if !labels.iter().any(|l| l.eq_ignore_ascii_case(label)) {
                    labels.push(label.to_string());
                }
            }
            if labels.is_empty() {
                diagnostics.push(bad_value(
                    text,
                    Code::BadConfig,
                    "priorities",
                    "`priorities` lists no label",
                    "list the labels highest first, for example [\"P0\", \"P1\", \"P2\"], or remove the key",
                ));
            } else {
                config.priorities = labels;
            }
        }
        config.lints = lint_config(text, raw.okr, &mut diagnostics);
        if diagnostics.is_empty() {
            Ok(config)
        } else {
            crate::diagnostic::sort(&mut diagnostics);
            Err(diagnostics)
        }
    }
}

/// Reads the lint settings of `[okr]` and `[okr.lints]`, reporting bad values.
/// `site-url` as pages use it: trimmed and ending with `/` (empty is `/`).
pub fn normalize_site_url(text: &str) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        "/".to_string()
    } else if trimmed.ends_with('/') {
        trimmed.to_string()
    } else {
        format!("{trimmed}/")
    }
}

/// The `site-url` given by `okrbook build --site-url`: normalised and checked
/// as book.toml's is, or the `unsafe-url` finding that names the flag.
pub fn site_url_flag(text: &str) -> Result<String, Box<Diagnostic>> {
    let site_url = normalize_site_url(text);
    if crate::url::is_safe_url(&site_url) {
        Ok(site_url)
    } else {
        Err(Box::new(unsafe_url(
            "--site-url",
            1,
            1,
            &format!("`--site-url {}`", text.trim()),
        )))
    }
}

/// A finding about the value of `key` in `book.toml`, at its line, with that line shown.
fn bad_value(
    text: &str,
    code: Code,
    key: &str,
    message: impl Into<String>,
    help: &str,
) -> Diagnostic {
    let (line, column) = locate_key(text, key);
    Diagnostic::error(code, CONFIG_FILE, line, column, message)
        .with_excerpt(text.lines().nth(line - 1))
        .with_help(help)
}

/// A URL setting whose scheme could run a script from an `href`.
fn unsafe_url(file: &str, line: usize, column: usize, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::UnsafeUrl,
        file,
        line,
        column,
        format!("{what} is a URL whose scheme is not http, https or mailto"),
    )
    .with_help("write an https:// URL or a path such as \"/okrs/\"")
}

fn lint_config(text: &str, okr: RawOkr, diagnostics: &mut Vec<Diagnostic>) -> LintConfig {
    let mut lints = LintConfig::default();
    let mut problem = |span: std::ops::Range<usize>, code: Code, message: String, help: String| {
        let (line, column) = line_and_column(text, span.start);
        diagnostics.push(
            Diagnostic::error(code, CONFIG_FILE, line, column, message)
                .with_excerpt(text.lines().nth(line - 1))
                .with_help(help),
        );
    };
    if let Some(domains) = okr.domains {
        let (line, value_column) = line_and_column(text, domains.span().start);
        let written = text.lines().nth(line - 1);
        // Point at the key when it is on the value's line, as other findings in book.toml do.
        let column = written
            .filter(|l| l.trim_start().starts_with("domains"))
            .map_or(value_column, |l| l.len() - l.trim_start().len() + 1);
        lints.domains_at = (line, column);
        lints.domains_line = written.map(str::to_string);
        let mut seen = Vec::new();
        for domain in domains.into_inner() {
            let domain = domain.trim().to_string();
            if !domain.is_empty() && !seen.contains(&domain) {
                seen.push(domain);
            }
        }
        lints.domains = seen;
    }
    let mut count = |value: Option<Spanned<i64>>, key: &str, target: &mut usize| {
        let Some(value) = value else { return };
        let span = value.span();
        let number = *value.get_ref();
        match usize::try_from(number) {
            Ok(number) => *target = number,
            Err(_) => problem(
                span,
                Code::BadConfig,
                format!("`{key}` is {number}, which is not a count"),
                format!(
                    "write a whole number of 0 or more, such as `{key} = {}`",
                    default_count(key)
                ),
            ),
        }
    };
    let mut stale = lints.stale_after_days as usize;
    count(okr.stale_after_days, "stale-after-days", &mut stale);
    lints.stale_after_days = u32::try_from(stale).unwrap_or(u32::MAX);
    let min_span = okr.min_key_results.as_ref().map(Spanned::span);
    // Which limits the book states: a built-in default never overrules one.
    let min_set = okr.min_key_results.is_some();
    let max_set = okr.max_key_results.is_some();
    let team_set = okr.max_objectives_per_team.is_some();
    let organization_set = okr.max_objectives_organization.is_some();
    count(
        okr.max_key_results,
        "max-key-results",
        &mut lints.max_key_results,
    );
    count(
        okr.min_key_results,
        "min-key-results",
        &mut lints.min_key_results,
    );
    count(
        okr.max_objectives_per_team,
        "max-objectives-per-team",
        &mut lints.max_objectives_per_team,
    );
    count(
        okr.max_objectives_organization,
        "max-objectives-organization",
        &mut lints.max_objectives_organization,
    );
    count(
        okr.max_independent_objectives,
        "max-independent-objectives",
        &mut lints.max_independent_objectives,
    );
    // One key-result limit stated alone: the other's default gives way
    // rather than contradicting it (`min-key-results = 5` allows five).
    match (min_set, max_set) {
        (true, false) => lints.max_key_results = lints.max_key_results.max(lints.min_key_results),
        (false, true) => lints.min_key_results = lints.min_key_results.min(lints.max_key_results),
        _ => {}
    }
    // The top team is a team too: the book's limit per team holds for it
    // unless the book gives the organization its own.
    if team_set && !organization_set {
        lints.max_objectives_organization = lints.max_objectives_per_team;
    }
    if lints.min_key_results > lints.max_key_results {
        problem(
            min_span.unwrap_or(0..0),
            Code::BadConfig,
            format!(
                "`min-key-results` is {}, more than `max-key-results` ({})",
                lints.min_key_results, lints.max_key_results
            ),
            "the minimum must not exceed the maximum; the defaults are 2 and 4".to_string(),
        );
    }
    for (name, value) in okr.lints {
        let code = name.get_ref().trim().to_ascii_lowercase();
        let span = value.span();
        let level = match (code == BUSINESS_OUTCOMES_KEY, value.into_inner()) {
            (true, RawLintValue::List(terms)) => {
                let mut seen: Vec<String> = Vec::new();
                for term in terms {
                    let term = term.trim().to_string();
                    if !term.is_empty() && !seen.iter().any(|t| t.eq_ignore_ascii_case(&term)) {
                        seen.push(term);
                    }
                }
                lints.business_outcomes = seen;
                continue;
            }
            (true, RawLintValue::Level(_)) => {
                problem(
                    span,
                    Code::BadConfig,
                    format!("`{BUSINESS_OUTCOMES_KEY}` is a list of business results, not a lint level"),
                    format!("write a list, such as `{BUSINESS_OUTCOMES_KEY} = [\"revenue\", \"churn\"]`"),
                );
                continue;
            }
            (false, RawLintValue::List(_)) if Code::from_name(&code).is_some_and(Code::is_lint) => {
                problem(
                    span,
                    Code::UnknownValue,
                    format!(
                        "`{}` under [okr.lints] is a list, not a lint level",
                        name.get_ref()
                    ),
                    "write \"allow\" (off), \"warn\" (the default) or \"deny\" (an error)"
                        .to_string(),
                );
                continue;
            }
            (false, RawLintValue::List(_)) => toml::Spanned::new(span, String::new()),
            (false, RawLintValue::Level(level)) => toml::Spanned::new(span, level),
        };
        if !Code::from_name(&code).is_some_and(Code::is_lint) {
            let lints = codes::lint_names();
            let help = match closest(&code, &lints) {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("the lints are: {}", lints.join(", ")),
            };
            problem(
                name.span(),
                Code::UnknownLint,
                format!(
                    "`{}` under [okr.lints] is not a lint okrbook knows",
                    name.get_ref()
                ),
                help,
            );
            continue;
        }
        let written = level.get_ref().trim().to_ascii_lowercase();
        let parsed = match written.as_str() {
            "allow" => Some(LintLevel::Allow),
            "warn" => Some(LintLevel::Warn),
            "deny" => Some(LintLevel::Deny),
            _ => None,
        };
        match parsed {
            Some(parsed) => {
                lints.levels.insert(code, parsed);
            }
            None => {
                let help = match closest(&written, &["allow", "warn", "deny"]) {
                    Some(known) => format!("did you mean \"{known}\"?"),
                    None => "write \"allow\" (off), \"warn\" (the default) or \"deny\" (an error)"
                        .to_string(),
                };
                problem(
                    level.span(),
                    Code::UnknownValue,
                    format!(
                        "`{} = \"{}\"` is not a lint level",
                        name.get_ref(),
                        level.get_ref()
                    ),
                    help,
                );
            }
        }
    }
    lints
}

/// The default of a count setting, for hints.
fn default_count(key: &str) -> usize {
    let defaults = LintConfig::default();
    match key {
        "stale-after-days" => defaults.stale_after_days as usize,
        "max-key-results" => defaults.max_key_results,
        "min-key-results" => defaults.min_key_results,
        "max-objectives-per-team" => defaults.max_objectives_per_team,
        "max-independent-objectives" => defaults.max_independent_objectives,
        _ => defaults.max_objectives_organization,
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
        Diagnostic::error(Code::BadConfig, CONFIG_FILE, line, column, message.clone())
            .with_excerpt(text.lines().nth(line.saturating_sub(1)));
    if let Some(field) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        diagnostic.code = Code::UnknownField;
        diagnostic.message = format!("unknown key `{field}` in book.toml");
        let help = match closest(field, KNOWN_KEYS) {
            Some(known) => format!("did you mean `{known}`? keys are kebab-case, as in mdBook"),
            None => "see docs/format.md for the keys book.toml knows".to_string(),
        };
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
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
        assert_eq!(config.fiscal_year, FiscalYear::CALENDAR);
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
    fn lint_settings_are_read() {
        let config = Config::parse(
            "[okr]\ndomains = [\"delivery\", \" team-health \", \"delivery\"]\nstale-after-days = 30\nmax-key-results = 5\nmin-key-results = 1\nmax-objectives-per-team = 7\nmax-objectives-organization = 2\n[okr.lints]\nvanity-metric = \"allow\"\nno-owner = \"Deny\"\nsandbagging = \"warn\"\n",
        )
        .unwrap();
        let lints = &config.lints;
        assert_eq!(lints.domains, ["delivery", "team-health"]);
        assert_eq!(lints.domains_at, (2, 1));
        assert_eq!(
            (
                lints.stale_after_days,
                lints.max_key_results,
                lints.min_key_results
            ),
            (30, 5, 1)
        );
        assert_eq!(
            (
                lints.max_objectives_per_team,
                lints.max_objectives_organization
            ),
            (7, 2)
        );
        assert_eq!(lints.level(Code::VanityMetric), LintLevel::Allow);
        assert_eq!(lints.level(Code::NoOwner), LintLevel::Deny);
        assert_eq!(lints.level(Code::Sandbagging), LintLevel::Warn);
        assert_eq!(lints.level(Code::NoBaseline), LintLevel::Warn);
        assert_eq!(Config::default().lints, LintConfig::default());
        assert_eq!(LintConfig::default().stale_after_days, 45);
    }

    #[test]
    fn bad_lint_settings_are_located_and_suggested() {
        let errors = Config::parse(
            "[okr]\nmax-key-results = -1\n\n[okr.lints]\nvanity-metrics = \"allow\"\nno-owner = \"off\"\nno-baseline = \"denny\"\n",
        )
        .unwrap_err();
        let found: Vec<(&str, usize, usize)> = errors
            .iter()
            .map(|d| (d.code.as_str(), d.line, d.column))
            .collect();
        assert_eq!(
            found,
            [
                ("bad-config", 2, 19),
                ("unknown-lint", 5, 1),
                ("unknown-value", 6, 12),
                ("unknown-value", 7, 15),
            ]
        );
        assert_eq!(
            errors[1].help.as_deref(),
            Some("did you mean `vanity-metric`?")
        );
        assert!(errors[2].help.as_deref().unwrap().contains("\"allow\""));
        assert_eq!(errors[3].help.as_deref(), Some("did you mean \"deny\"?"));

        // Both limits stated and crossed: an error at the minimum.
        let errors =
            Config::parse("[okr]\nmin-key-results = 5\nmax-key-results = 4\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].column), (2, 19));
        assert!(errors[0]
            .message
            .contains("more than `max-key-results` (4)"));
        // One stated alone: the other's default gives way to it.
        let lints = Config::parse("[okr]\nmin-key-results = 5\n").unwrap().lints;
        assert_eq!((lints.min_key_results, lints.max_key_results), (5, 5));
        let lints = Config::parse("[okr]\nmax-key-results = 1\n").unwrap().lints;
        assert_eq!((lints.min_key_results, lints.max_key_results), (1, 1));
        // The book's limit per team holds for the top team unless it has its own.
        let lints = Config::parse("[okr]\nmax-objectives-per-team = 8\n")
            .unwrap()
            .lints;
        assert_eq!(lints.max_objectives_organization, 8);
        let lints =
            Config::parse("[okr]\nmax-objectives-per-team = 8\nmax-objectives-organization = 2\n")
                .unwrap()
                .lints;
        assert_eq!(lints.max_objectives_organization, 2);

        let errors = Config::parse("[okr]\nstale-after-day = 30\n").unwrap_err();
        assert_eq!(errors[0].code, "unknown-field");
        assert!(errors[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`stale-after-days`"));
    }

    #[test]
    fn raw_html_is_sanitized_unless_allowed() {
        assert!(!Config::parse("").unwrap().allow_raw_html);
        let config = Config::parse("[output.html]\nallow-raw-html = true\n").unwrap();
        assert!(config.allow_raw_html);
    }

    #[test]
    fn urls_with_unsafe_schemes_are_refused() {
        for (text, line) in [
            ("[output.html]\nsite-url = \"javascript:alert(1)//\"\n", 2),
            (
                "[output.html]\n\nedit-url-template = \"javascript:alert(1)//{path}\"\n",
                3,
            ),
            (
                "[book]\nsrc = \"data:x\"\n[output.html]\nedit-url-template = \"{path}\"\n",
                4,
            ),
        ] {
            let errors = Config::parse(text).unwrap_err();
            assert_eq!(errors.len(), 1, "{text}: {errors:?}");
            assert_eq!(
                (errors[0].code.as_str(), errors[0].line),
                ("unsafe-url", line)
            );
        }
        let config = Config::parse(
            "[output.html]\nsite-url = \"https://acme.github.io/okrs/\"\nedit-url-template = \"https://github.com/acme/okrs/edit/main/{path}\"\n",
        )
        .unwrap();
        assert_eq!(config.site_url, "https://acme.github.io/okrs/");
        assert!(Config::parse("[output.html]\nedit-url-template = \"{path}\"\n").is_ok());
    }

    #[test]
    fn the_fiscal_year_is_read() {
        let config =
            Config::parse("[okr]\nquarter-start-month = 2\nfiscal-year-named-by = \"end\"\n")
                .unwrap();
        assert_eq!(
            config.fiscal_year,
            FiscalYear::new(2, NamedBy::End).unwrap()
        );
        let config = Config::parse("[okr]\nquarter-start-month = 4\n").unwrap();
        assert_eq!(
            config.fiscal_year,
            FiscalYear::new(4, NamedBy::Start).unwrap()
        );
        let errors = Config::parse("[okr]\nfiscal-year-named-by = \"ends\"\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].code.as_str(), errors[0].line, errors[0].column),
            ("unknown-value", 2, 1)
        );
        assert!(errors[0].message.contains("`fiscal-year-named-by`"));
        assert!(errors[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean \"end\"?"));
        let errors = Config::parse("[okr]\nfiscal-year-name-by = \"end\"\n").unwrap_err();
        assert_eq!(errors[0].code, "unknown-field");
        assert!(errors[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`fiscal-year-named-by`"));
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
