//! okrbook publishes an organization's OKRs as a static handbook.
//!
//! The pipeline runs one way, a module per stage:
//!
//! 1. [`load`]: walk the source folder, split front matter from bodies, keep line numbers.
//! 2. [`model`]: raw serde structs ([`raw`]) become validated types.
//! 3. [`validate`]: references across files are resolved; duplicates and cycles found.
//! 4. [`lint`]: coaching warnings on OKR practice (too many key results, tasks
//!    written as results, stale check-ins…), run only on a handbook without errors.
//! 5. [`score`]: pure functions give progress, scores and status as of a date.
//! 6. [`render`]: views fed to Tera templates ([`theme`]), and the JSON export.
//! 7. [`write`]: the site goes into a fresh folder that is swapped in on success.
//!
//! [`diff`] compares two handbooks for `okrbook diff`.
//!
//! Every stage reports problems as [`diagnostic::Diagnostic`] values; the
//! command line prints them all at once.

pub mod config;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod init;
pub mod lint;
pub mod load;
pub mod locate;
pub mod model;
pub mod period;
pub mod raw;
pub mod render;
pub mod score;
pub mod serve;
pub mod theme;
pub mod validate;
pub mod write;
pub mod yaml_budget;

use config::Config;
use date::Date;
use diagnostic::Diagnostic;
use model::Handbook;
use std::path::{Path, PathBuf};

/// The result of loading and validating a handbook: the model, if the
/// settings could be read, and every finding.
pub struct Checked {
    pub handbook: Option<Handbook>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Stages 1-4: load, model, validate and, when validation found no errors,
/// lint as of `as_of`. This is all of `okrbook check`.
pub fn check(root: &Path, as_of: Date) -> Checked {
    check_cached(root, as_of, &mut Caches::default())
}

/// What `okrbook serve` keeps between builds: files as read, records as parsed.
#[derive(Default)]
pub struct Caches {
    pub files: load::LoadCache,
    pub records: model::ParseCache,
}

/// Like [`check`], parsing only files whose text changed since `cache` was filled.
pub fn check_cached(root: &Path, as_of: Date, cache: &mut Caches) -> Checked {
    let config = match Config::load(root) {
        Ok(config) => config,
        Err(diagnostics) => {
            return Checked {
                handbook: None,
                diagnostics,
            }
        }
    };
    let sources = load::load_sources_cached(&root.join(&config.src), &config.src, &mut cache.files);
    let mut diagnostics = sources.diagnostics;
    let (mut handbook, model_findings) =
        model::build_cached(config, &sources.files, &mut cache.records);
    diagnostics.extend(model_findings);
    diagnostics.extend(validate::link(&mut handbook));
    // Coaching on a model with errors would only add noise.
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(lint::lint(&handbook, as_of));
    }
    diagnostic::sort(&mut diagnostics);
    Checked {
        handbook: Some(handbook),
        diagnostics,
    }
}

/// What `okrbook build` needs beyond the handbook's own settings.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `build-dir`; relative to the current folder.
    pub dest_dir: Option<PathBuf>,
    pub as_of: Date,
    pub include_private: bool,
}

/// What a successful build wrote.
#[derive(Debug)]
pub struct BuildReport {
    pub dest: PathBuf,
    pub files: usize,
    /// Warnings found on the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// A checked handbook, its theme and what to render: everything the render
/// stage needs, or every finding that stops it.
struct Prepared {
    handbook: Handbook,
    theme: theme::Theme,
    render_options: render::RenderOptions,
    diagnostics: Vec<Diagnostic>,
}

fn prepare(
    options: &BuildOptions,
    site_url: Option<&str>,
    cache: &mut Caches,
) -> Result<Prepared, Vec<Diagnostic>> {
    let checked = check_cached(&options.root, options.as_of, cache);
    let mut handbook = match checked.handbook {
        Some(handbook) if !checked.diagnostics.iter().any(Diagnostic::is_error) => handbook,
        _ => return Err(checked.diagnostics),
    };
    if let Some(site_url) = site_url {
        handbook.config.site_url = site_url.to_string();
    }
    let theme = theme::load(&options.root, &handbook.config.theme)?;
    let render_options = render::RenderOptions {
        as_of: options.as_of,
        include_private: options.include_private,
        findings: checked
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .cloned()
            .collect(),
    };
    Ok(Prepared {
        handbook,
        theme,
        render_options,
        diagnostics: checked.diagnostics,
    })
}

/// Renders the site in memory. Nothing is written.
pub fn render_site(
    options: &BuildOptions,
) -> Result<(render::Site, Vec<Diagnostic>, Config), Vec<Diagnostic>> {
    let prepared = prepare(options, None, &mut Caches::default())?;
    let site = render::render(
        &prepared.handbook,
        &prepared.theme,
        &prepared.render_options,
    )?;
    Ok((site, prepared.diagnostics, prepared.handbook.config))
}

/// For `okrbook serve`: checks with a parse cache (only edited files are
/// parsed again) and renders only the pages that changed since `previous`.
/// `site-url` is replaced by `site_url`.
pub fn rebuild(
    options: &BuildOptions,
    site_url: &str,
    cache: &mut Caches,
    previous: Option<&render::incremental::Fingerprint>,
) -> Result<(render::Rendered, Vec<Diagnostic>), Vec<Diagnostic>> {
    let prepared = prepare(options, Some(site_url), cache)?;
    let rendered = render::render_changes(
        &prepared.handbook,
        &prepared.theme,
        &prepared.render_options,
        previous,
    )?;
    Ok((rendered, prepared.diagnostics))
}

/// The whole pipeline: check, score, render and write. On any error nothing
/// in the destination changes.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let Prepared {
        handbook,
        theme,
        render_options,
        diagnostics,
    } = prepare(options, None, &mut Caches::default())?;
    let dest = options
        .dest_dir
        .clone()
        .unwrap_or_else(|| options.root.join(&handbook.config.build_dir));
    if let Some(problem) = unsafe_destination(&options.root, &handbook.config, &dest) {
        return Err(vec![problem]);
    }
    let written = write::write_staged(&dest, |staging| {
        render::render_each(&handbook, &theme, &render_options, &|path, bytes| {
            staging.write(path, bytes)
        })
        .map_err(WriteFailure::Findings)
    })
    .map_err(|failure| match failure {
        WriteFailure::Findings(findings) => findings,
        WriteFailure::Io(error) => vec![Diagnostic::error(
            "write",
            &dest.display().to_string(),
            1,
            1,
            format!("cannot write the site: {error}"),
        )],
    })?;
    Ok(BuildReport {
        dest,
        files: written,
        diagnostics,
    })
}

/// Why writing a site failed: a page could not be rendered or written, or the folder could not be swapped in.
enum WriteFailure {
    Findings(Vec<Diagnostic>),
    Io(std::io::Error),
}

impl From<std::io::Error> for WriteFailure {
    fn from(error: std::io::Error) -> Self {
        WriteFailure::Io(error)
    }
}

/// A destination that would replace the handbook or its sources is refused.
fn unsafe_destination(root: &Path, config: &Config, dest: &Path) -> Option<Diagnostic> {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .map(|p| p.components().collect::<PathBuf>())
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let dest = absolute(dest);
    let root = absolute(root);
    let src = absolute(&root.join(&config.src));
    let themes = absolute(&root.join("themes"));
    let clashes = root.starts_with(&dest)
        || src.starts_with(&dest)
        || dest.starts_with(&src)
        || dest.starts_with(&themes);
    clashes.then(|| {
        Diagnostic::error(
            "unsafe-destination",
            "book.toml",
            1,
            1,
            format!(
                "the build folder {} would overwrite the handbook's own files",
                dest.display()
            ),
        )
        .with_help("choose a build folder outside the source and theme folders, such as \"book\"")
    })
}

/// The as-of date: the flag, else `SOURCE_DATE_EPOCH`, else today (UTC).
pub fn resolve_as_of(flag: Option<&str>) -> Result<Date, String> {
    if let Some(text) = flag {
        return Date::parse(text.trim()).ok_or_else(|| {
            format!("--as-of {text} is not a date; write it as YYYY-MM-DD, for example 2026-11-21")
        });
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        return epoch
            .trim()
            .parse::<i64>()
            .map(Date::from_unix_seconds)
            .map_err(|_| {
                format!("SOURCE_DATE_EPOCH={epoch} is not a number of seconds since 1970")
            });
    }
    Ok(Date::today_utc())
}
