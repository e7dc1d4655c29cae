//! okrbook publishes an organization's OKRs as a static handbook.
//!
//! The pipeline runs one way; each stage is a module (or a folder of them)
//! and uses only the stages before it and the leaf helpers, which
//! `tests/architecture.rs` checks:
//!
//! 1. `config`, `layout`, `theme`: book.toml, where the folders really are,
//!    and the theme's templates and files.
//! 2. `load`: walk the source folder, split front matter from bodies, keep
//!    line numbers; only regular files inside the handbook, with a size limit.
//! 3. `model` (`model/`): each file's front matter becomes typed records
//!    ([`model::Parts`]), with a parse cache for `serve`.
//! 4. `validate`: references across files are resolved, duplicates and
//!    cycles found, and only then is the [`model::Handbook`] made, whole.
//!    [`score`]: pure functions give progress, scores and status as of a date.
//! 5. `lint`: coaching findings on OKR practice, run on a handbook without
//!    errors. `public`: unless private objectives are published, everything
//!    after this works on the handbook without them, linted again.
//!    `history`: the targets and baselines changed after each published
//!    objective's period started, read from git when the handbook is in a
//!    repository (nothing otherwise).
//! 6. `render` (`render/`): one page table (`render/pages.rs`), one driver
//!    (`render/driver.rs`) for build, serve and check, typed views fed to Tera,
//!    charts (`render/charts/`), the search index, the feed and the JSON export.
//! 7. `write`: the site goes into a fresh folder that is swapped in on success.
//!
//! This file runs them in order: [`check`] (stages 1–5), [`verify`] (the
//! verdict of a build, written nowhere), [`build`] and [`rebuild`] (what
//! [`serve`] runs on every edit). On top: [`serve`], [`diff`] (two handbooks
//! or git revisions compared), [`init`] and [`edit`] (`okrbook checkin`:
//! lossless edits of front matter), [`scaffold`] (`okrbook new`) and
//! [`plan`](mod@plan) (`okrbook plan`: the next period drafted from the
//! last). Leaf helpers that several stages share: [`codes`] (every kind of finding), [`diagnostic`], [`date`],
//! [`period`], `locate` (positions in front matter), `suggest` ("did you
//! mean"), `url` (which links are safe), `inline` (inline Markdown in titles and
//! notes), `numbers`, `paths` (resolving and
//! reading inside the handbook), `yaml_budget`, `git` (running `git`).
//!
//! Every stage reports problems as [`diagnostic::Diagnostic`] values; the
//! command line prints them all at once.

#![warn(missing_docs)]

// The library's API: the pipeline functions of this file and these modules.
pub mod codes;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod edit;
pub mod init;
pub mod model;
pub mod period;
pub mod plan;
pub mod scaffold;
pub mod score;
pub mod serve;

// The stages and helpers inside the pipeline.
mod git;
mod history;
mod inline;
mod layout;
mod lint;
mod load;
mod locate;
mod numbers;
mod paths;
mod public;
mod raw;
mod render;
mod suggest;
mod theme;
mod url;
mod validate;
mod write;
mod yaml_budget;

/// The stages one at a time, for okrbook's own integration tests, fuzz
/// targets and property tests, which run them in memory. Not part of the
/// API: it changes whenever the stages do.
#[doc(hidden)]
pub mod internals {
    pub use crate::inline::{plain as inline_plain, to_html as inline_html};
    pub use crate::lint::lint;
    pub use crate::load::DataFiles;
    pub use crate::load::{split, SourceFile};
    pub use crate::model::build;
    pub use crate::public::published;
    pub use crate::render::incremental::Fingerprint;
    pub use crate::render::{render_all, RenderOptions, Site};
    pub use crate::theme::{load as load_theme, Theme, DEFAULT_THEME};
    pub use crate::url::is_safe_url;
    pub use crate::validate::{link, MAX_LEVELS};
    pub use crate::write::{write_site, STAMP_FILE};
}

use crate::codes::Code;
use config::Config;
use date::Date;
use diagnostic::Diagnostic;
use model::Handbook;
use std::path::{Path, PathBuf};

/// The result of loading and validating a handbook: the model, if the
/// settings could be read, and every finding.
pub struct Checked {
    /// The linked model; `None` only when book.toml or the folders could not be read (it is there even when files have errors).
    pub handbook: Option<Handbook>,
    /// Where the handbook's folders are, when they could be resolved.
    pub layout: Option<layout::Layout>,
    /// Every finding, errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Stages 1-4: load, model, validate and, when validation found no errors,
/// lint as of `as_of`. This is all of `okrbook check`.
pub fn check(root: &Path, as_of: Date) -> Checked {
    check_cached(root, as_of, &mut Caches::default())
}

/// What `okrbook serve` keeps between builds: records as parsed, by the text
/// of their files (files themselves are read again on every build).
#[derive(Default)]
pub struct Caches {
    /// Each source file's text, reused while the file's stamp is unchanged.
    sources: load::SourceCache,
    /// Each file's records and findings as parsed, by path, reused while the file's text is unchanged.
    pub records: model::ParseCache,
    /// The target history last read, reused until `HEAD` moves.
    history: history::Cache,
    /// The theme last compiled, reused while its files are unchanged.
    theme: theme::ThemeCache,
}

/// Like [`check`], parsing only files whose text changed since `cache` was filled.
pub fn check_cached(root: &Path, as_of: Date, cache: &mut Caches) -> Checked {
    check_sources(root, as_of, &[], Some(cache))
}

/// A source file's text as an editing command would leave it: `rel_path` is
/// relative to the source folder (`team/2026-Q3/name.md`); a file that does
/// not exist yet is added.
#[derive(Debug, Clone)]
pub struct EditedFile {
    /// Path under the source folder, `/`-separated.
    pub rel_path: String,
    /// The file's whole text after the edit.
    pub text: String,
}

/// Like [`check`], with `edits` applied in memory: what the editing commands
/// (`checkin`, `new`, `plan`, `grade`) check before they write anything.
pub fn check_edited(root: &Path, as_of: Date, edits: &[EditedFile]) -> Checked {
    check_sources(root, as_of, edits, None)
}

/// Stages 1-4 on the handbook at `root` with `edits` applied in memory.
fn check_sources(
    root: &Path,
    as_of: Date,
    edits: &[EditedFile],
    cache: Option<&mut Caches>,
) -> Checked {
    let config = match Config::load(root) {
        Ok(config) => config,
        Err(diagnostics) => {
            return Checked {
                handbook: None,
                layout: None,
                diagnostics,
            }
        }
    };
    let layout = match layout::sources(root, &config) {
        Ok(layout) => layout,
        Err(finding) => {
            return Checked {
                handbook: None,
                layout: None,
                diagnostics: vec![*finding],
            }
        }
    };
    let settings = load::LoadSettings {
        root: &layout.root,
        src: &layout.src,
        display_prefix: &config.src,
        max_file_size: config.max_file_size,
    };
    let mut cache = cache;
    let mut sources = match cache.as_deref_mut() {
        Some(cache) => load::load_sources_cached(settings, &mut cache.sources),
        None => load::load_sources(settings),
    };
    for edit in edits {
        let display = load::display_path(&config.src, &edit.rel_path);
        let edited = load::split(edit.rel_path.clone(), display, &edit.text);
        match sources
            .files
            .iter_mut()
            .find(|file| file.rel_path == edit.rel_path)
        {
            Some(file) => *file = edited,
            None => sources.files.push(edited),
        }
    }
    let mut diagnostics = sources.diagnostics;
    let data = load::DataFiles {
        root: layout.root.clone(),
        max_file_size: config.max_file_size,
    };
    let (parts, model_findings) = match cache {
        Some(cache) => model::build_cached(config, &sources.files, Some(&data), &mut cache.records),
        None => model::build(config, &sources.files, Some(&data)),
    };
    diagnostics.extend(model_findings);
    let (handbook, link_findings) = validate::link(parts);
    diagnostics.extend(link_findings);
    // Coaching on a model with errors would only add noise.
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(lint::lint(&handbook, as_of));
    }
    diagnostic::sort(&mut diagnostics);
    Checked {
        handbook: Some(handbook),
        layout: Some(layout),
        diagnostics,
    }
}

/// What `okrbook build` needs beyond the handbook's own settings.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The handbook's folder, the one holding book.toml.
    pub root: PathBuf,
    /// Overrides `build-dir`; relative to the current folder.
    pub dest_dir: Option<PathBuf>,
    /// The date scores, statuses and coaching are computed as of.
    pub as_of: Date,
    /// Whether private objectives are published (`--include-private`).
    pub include_private: bool,
    /// Overrides `site-url` (`okrbook build --site-url`); checked as book.toml's is.
    pub site_url: Option<String>,
}

/// What a successful build wrote.
#[derive(Debug)]
pub struct BuildReport {
    /// The build folder the site was written to, resolved.
    pub dest: PathBuf,
    /// How many files were written, okrbook's stamp file included.
    pub files: usize,
    /// Warnings found on the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// A checked handbook, its theme and what to render: everything the render
/// stage needs, or every finding that stops it.
struct Prepared {
    handbook: Handbook,
    /// Objectives in the whole handbook, private ones too.
    objectives_checked: usize,
    layout: layout::Layout,
    theme: std::sync::Arc<theme::Theme>,
    render_options: render::RenderOptions,
    diagnostics: Vec<Diagnostic>,
}

/// `read_history`: whether target history is read from git (when
/// `target-history` is on); `check` does not show it, so does not read it.
fn prepare(
    options: &BuildOptions,
    site_url: Option<&str>,
    cache: &mut Caches,
    read_history: bool,
) -> Result<Prepared, Vec<Diagnostic>> {
    let site_url = match (site_url, &options.site_url) {
        (Some(site_url), _) => Some(site_url.to_string()),
        (None, Some(flag)) => Some(config::site_url_flag(flag).map_err(|e| vec![*e])?),
        (None, None) => None,
    };
    let checked = check_cached(&options.root, options.as_of, cache);
    let has_errors = checked.has_errors();
    let objectives_checked = checked.handbook.as_ref().map_or(0, |h| h.objectives.len());
    let (mut handbook, findings, layout) = match (checked.handbook, checked.layout) {
        (Some(handbook), Some(layout)) if !has_errors => {
            let (handbook, findings) = public::published(
                handbook,
                &checked.diagnostics,
                options.as_of,
                options.include_private,
            )?;
            (handbook, findings, layout)
        }
        _ => return Err(checked.diagnostics),
    };
    if let Some(site_url) = site_url {
        handbook.config.site_url = site_url;
    }
    let theme_folder = layout::theme_folder(&layout, &handbook.config).map_err(|e| vec![*e])?;
    let theme = theme::load_cached(
        &theme_folder,
        &handbook.config.theme,
        handbook.config.max_file_size,
        &mut cache.theme,
    )?;
    // Read for the published objectives only: a private one's history stays out of a public site.
    let history = if read_history && handbook.config.target_history {
        history::read(&layout.src, &handbook, &mut cache.history)
    } else {
        history::History::default()
    };
    let render_options = render::RenderOptions {
        as_of: options.as_of,
        findings,
        history,
    };
    Ok(Prepared {
        handbook,
        objectives_checked,
        layout,
        theme,
        render_options,
        diagnostics: checked.diagnostics,
    })
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
    rebuild_in_steps(options, site_url, cache, previous, |_, _| {})
}

/// Like [`rebuild`], handing the changed pages to `pages_ready` before the
/// data files are made (see `render::render_changes_in_steps`).
pub fn rebuild_in_steps(
    options: &BuildOptions,
    site_url: &str,
    cache: &mut Caches,
    previous: Option<&render::incremental::Fingerprint>,
    pages_ready: impl FnMut(&render::Site, &[String]),
) -> Result<(render::Rendered, Vec<Diagnostic>), Vec<Diagnostic>> {
    let prepared = prepare(options, Some(site_url), cache, true)?;
    let rendered = render::render_changes_in_steps(
        &prepared.handbook,
        &prepared.theme,
        &prepared.render_options,
        previous,
        pages_ready,
    )?;
    Ok((rendered, prepared.diagnostics))
}

/// Why a build wrote no new site.
#[derive(Debug)]
pub struct BuildFailure {
    /// What stopped the build: at least one error, and usually the warnings found before it.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the build folder is exactly as it was before the build. Only a
    /// swap that failed halfway, and could not be undone, leaves it changed;
    /// its finding then says where the previous and the new site are.
    pub site_untouched: bool,
}

impl From<Vec<Diagnostic>> for BuildFailure {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        BuildFailure {
            diagnostics,
            site_untouched: true,
        }
    }
}

/// Everything a build decides before it writes a byte, once checked.
struct Plan {
    prepared: Prepared,
    dest: PathBuf,
    /// Where the build folder was named, for findings about it: the file, line and column.
    dest_origin: (&'static str, usize, usize),
}

/// The one verdict on whether a handbook builds, shared by `build` and
/// `check`: the handbook checked, its public view linted, the theme compiled,
/// the build folder resolved and checked, and every page's place in the site.
/// `render_custom_templates` also renders the site in memory when the theme
/// has templates of its own (what `check` must do to find their mistakes;
/// `build` renders anyway); it is `check`'s plan, which writes no page, so
/// it does not read target history from git either. Writes nothing.
fn plan(options: &BuildOptions, render_custom_templates: bool) -> Result<Plan, Vec<Diagnostic>> {
    let read_history = !render_custom_templates;
    let prepared = prepare(options, None, &mut Caches::default(), read_history)?;
    let config = &prepared.handbook.config;
    let dest_origin = match options.dest_dir {
        Some(_) => ("--dest-dir", 1, 1),
        None => {
            let (line, column) = config.position("build-dir");
            (config::CONFIG_FILE, line, column)
        }
    };
    let mut errors = Vec::new();
    let dest = match layout::destination(&prepared.layout, config, options.dest_dir.as_deref()) {
        Ok(dest) => {
            if let Some((reason, help)) = write::refusal(&dest) {
                let (file, line, column) = dest_origin;
                errors.push(
                    Diagnostic::error(Code::UnsafeDestination, file, line, column, reason)
                        .with_help(help),
                );
            }
            dest
        }
        Err(finding) => {
            errors.push(*finding);
            PathBuf::new()
        }
    };
    errors.extend(render::check_site(
        &prepared.handbook,
        &prepared.theme,
        &prepared.render_options,
        render_custom_templates,
    ));
    if errors.is_empty() {
        Ok(Plan {
            prepared,
            dest,
            dest_origin,
        })
    } else {
        let mut all = prepared.diagnostics;
        all.extend(errors);
        diagnostic::sort(&mut all);
        Err(all)
    }
}

/// What `okrbook check` reports: every finding `build` would report, found
/// the same way, with nothing written.
pub struct Verdict {
    /// The findings `build` would report.
    pub diagnostics: Vec<Diagnostic>,
    /// How many objectives were checked (private ones too); 0 whenever the
    /// check found an error, even when the handbook could be read.
    pub objectives: usize,
}

impl Verdict {
    /// Whether any finding is an error, which fails `okrbook check`.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks everything `build` checks, without writing: see `plan`.
pub fn verify(options: &BuildOptions) -> Verdict {
    match plan(options, true) {
        Ok(plan) => Verdict {
            diagnostics: plan.prepared.diagnostics,
            objectives: plan.prepared.objectives_checked,
        },
        Err(diagnostics) => Verdict {
            diagnostics,
            objectives: 0,
        },
    }
}

/// The whole pipeline: check, score, render and write. On any error nothing
/// in the destination changes, unless the failure says otherwise.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let Plan {
        prepared:
            Prepared {
                handbook,
                theme,
                render_options,
                mut diagnostics,
                ..
            },
        dest,
        dest_origin: (file, line, column),
    } = plan(options, false)?;
    let written = write::write_staged(&dest, |staging| {
        render::render_all(&handbook, &theme, &render_options, &|path, bytes| {
            staging.write(path, bytes)
        })
    })
    .map_err(|failure| match failure {
        // The warnings found before rendering are reported too, as `check` reports them.
        write::Failure::Produce(findings) => {
            let mut all = diagnostics.clone();
            all.extend(findings);
            diagnostic::sort(&mut all);
            BuildFailure::from(all)
        }
        write::Failure::Refused { reason, help } => BuildFailure::from(vec![Diagnostic::error(
            Code::UnsafeDestination,
            file,
            line,
            column,
            reason,
        )
        .with_help(help)]),
        write::Failure::Io { message, untouched } => BuildFailure {
            diagnostics: vec![Diagnostic::error(Code::Write, file, line, column, message)],
            site_untouched: untouched,
        },
    })?;
    diagnostics.extend(
        written
            .warnings
            .into_iter()
            .map(|warning| Diagnostic::warning(Code::Write, file, line, column, warning)),
    );
    Ok(BuildReport {
        dest,
        // The pages and okrbook's stamp file.
        files: written.value + 1,
        diagnostics,
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
