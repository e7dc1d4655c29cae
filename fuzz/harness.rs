//! What the fuzz targets run, shared with `tests/fuzz_regressions.rs`,
//! which replays every input the fuzzers found a crash with.
//!
//! Each function panics when it finds a bug: okrbook panicking, a finding
//! without a file, line or column, or a rendered path outside the site.

#![allow(dead_code)]

use okrbook::internals::{self as stages, Theme};
use okrbook::{config::Config, date::Date, diagnostic::Diagnostic, model::Handbook};
use std::path::{Component, Path};
use std::sync::OnceLock;

/// The most files one `build_small` input makes.
const MAX_FILES: usize = 12;

fn as_of() -> Date {
    Date::parse("2026-11-15").unwrap_or_else(|| panic!("a date"))
}

fn check_positions(findings: &[Diagnostic]) {
    for finding in findings {
        assert!(!finding.file.is_empty(), "no file: {finding:?}");
        assert!(
            finding.line >= 1 && finding.column >= 1,
            "no position: {finding:?}"
        );
    }
}

/// One handbook file, as arbitrary bytes, through stage 1 (split front
/// matter from body) and stage 2 (the model), then validated and linted as a
/// handbook of one file.
pub fn load_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let file = stages::split(
        "team/2026-Q4/goal.md".to_string(),
        "content/team/2026-Q4/goal.md".to_string(),
        &text,
    );
    let (parts, mut findings) = stages::build(Config::default(), &[file], None);
    let (handbook, link_findings) = stages::link(parts);
    findings.extend(link_findings);
    if !findings.iter().any(Diagnostic::is_error) {
        findings.extend(stages::lint(&handbook, as_of()));
    }
    check_positions(&findings);
}

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        // No `themes/` folder there: the embedded default theme.
        let root = Path::new("/nonexistent-okrbook-fuzz-root");
        stages::load_theme(&root.join("themes/default"), "default", 1 << 20)
            .unwrap_or_else(|_| panic!("the default theme loads"))
    })
}

/// A path as the loader would give it: `/`-separated normal components,
/// ending in `.md`. None for a path the loader refuses or never yields.
fn source_path(line: &str) -> Option<String> {
    let parts: Vec<&str> = line
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    let mut path = parts.join("/");
    if path.is_empty() || path.starts_with('.') || path.contains("/.") {
        return None;
    }
    if parts.first().is_some_and(|first| first.contains(':')) {
        return None;
    }
    if !path.ends_with(".md") {
        path.push_str(".md");
    }
    Some(path)
}

/// A small handbook derived from the input, through the whole build in
/// memory: check (load, model, validate, lint) and render with the embedded
/// default theme, with and without private objectives.
///
/// The input is text split at NUL bytes: the first part is book.toml, each
/// further part a file: its path on the first line (relative to the source
/// folder), its text after it. `fuzz/seeds.sh` writes seeds in this form from
/// the test fixtures.
pub fn build_small(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let book = parts.next().unwrap_or_default();
    let Ok(mut config) = Config::parse(book) else {
        return;
    };
    config.theme = "default".to_string();
    let mut files: Vec<stages::SourceFile> = Vec::new();
    for part in parts.take(MAX_FILES) {
        let (path, body) = part.split_once('\n').unwrap_or((part, ""));
        let Some(rel) = source_path(path) else {
            continue;
        };
        if files.iter().any(|f| f.rel_path == rel) {
            continue;
        }
        let display = format!("{}/{rel}", config.src);
        files.push(stages::split(rel, display, body));
    }
    let (parts, mut findings) = stages::build(config, &files, None);
    let (handbook, link_findings) = stages::link(parts);
    findings.extend(link_findings);
    if !findings.iter().any(Diagnostic::is_error) {
        findings.extend(stages::lint(&handbook, as_of()));
    }
    check_positions(&findings);
    if findings.iter().any(Diagnostic::is_error) {
        return;
    }
    let warnings = findings.iter().filter(|d| !d.is_error()).cloned().collect();
    render_inside(&handbook, warnings);
    if let Ok((public, published)) = stages::published(handbook, &findings, as_of(), false) {
        render_inside(&public, published);
    }
}

/// Renders `handbook` and asserts that every path stays inside the site.
fn render_inside(handbook: &Handbook, findings: Vec<Diagnostic>) {
    let options = stages::RenderOptions {
        as_of: as_of(),
        findings,
        history: Default::default(),
    };
    let _ = stages::render_all(handbook, theme(), &options, &|path, _| {
        let inside = !path.is_empty()
            && Path::new(path)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        assert!(inside, "a rendered path leaves the site: {path:?}");
        Ok(())
    });
}
