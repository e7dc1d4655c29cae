//! The one render driver: checks every page's place in the site, renders the
//! pages selected (all of them, or those an edit reaches) on every core and
//! hands each file to a sink as soon as it is ready, then the data files and
//! the theme's files. `build` streams into its staging folder, `serve`
//! collects into memory and `check` throws the files away.

use super::context::Context;
use super::incremental::{self, Affected, Fingerprint};
use super::pages::{DataFile, Page};
use super::{RenderOptions, Site};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::model::Handbook;
use crate::theme::{template_diagnostic, Theme};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

/// Which files to render.
#[derive(Debug, Clone, Copy)]
pub enum Selection<'p> {
    /// Every file of the site.
    All,
    /// The pages the edits in a plan reach, and the data files, which show
    /// everything; not `.nojekyll` nor the theme's files.
    Changed(&'p Affected),
}

impl Selection<'_> {
    fn includes_page(self, context: &Context<'_>, page: Page<'_>) -> bool {
        match self {
            Selection::All => true,
            Selection::Changed(plan) => context.affected_by(page, plan),
        }
    }

    fn includes_data(self, file: DataFile) -> bool {
        match self {
            Selection::All => true,
            Selection::Changed(_) => file.shows_content(),
        }
    }
}

/// Where rendered files go: a path relative to the site's root and its bytes.
/// Called from every core at once.
pub type Sink<'s> = dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync + 's;

/// Renders the files `selection` names and hands each to `sink`. Nothing is
/// handed over when a source file's page collides with one of okrbook's
/// own; the data files are handed over only when every page rendered.
/// Returns how many files were handed over.
pub fn render(
    context: &Context<'_>,
    theme: &Theme,
    selection: Selection<'_>,
    sink: &Sink<'_>,
) -> Result<usize, Vec<Diagnostic>> {
    let diagnostics = context.check_paths(theme);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let theme_name = context.handbook.config.theme.as_str();
    let write_failure = |path: &str, error: std::io::Error| {
        Diagnostic::error(
            Code::Write,
            path,
            1,
            1,
            format!("cannot write this file: {error}"),
        )
    };
    let pages = context.pages();
    let mut page_paths = BTreeSet::new();
    let mut selected = Vec::new();
    for page in pages {
        let spec = page.spec(context);
        page_paths.insert(spec.path.clone());
        if selection.includes_page(context, page) {
            selected.push(spec);
        }
    }
    let page_count = selected.len();
    // Pages are independent: render them on every core while the data files
    // are made. Failures are collected in page order, whatever the scheduling.
    let (mut failures, data): (Vec<Diagnostic>, Vec<(&str, Vec<u8>)>) = rayon::join(
        || {
            selected
                .into_par_iter()
                .filter_map(|spec| {
                    let path = spec.path.clone();
                    let template = spec.template;
                    match spec
                        .view()
                        .and_then(|view| theme.tera.render(template, &view))
                    {
                        Ok(html) => sink(&path, html.as_bytes())
                            .err()
                            .map(|e| write_failure(&path, e)),
                        Err(error) => Some(template_diagnostic(theme_name, &error)),
                    }
                })
                .collect()
        },
        || {
            DataFile::ALL
                .into_iter()
                .filter(|file| selection.includes_data(*file))
                .filter_map(|file| Some((file.path(), file.bytes(context, &page_paths)?)))
                .collect()
        },
    );
    if !failures.is_empty() {
        failures.dedup_by(|a, b| a.message == b.message);
        return Err(failures);
    }
    let mut files = page_count;
    for (path, bytes) in &data {
        sink(path, bytes).map_err(|e| vec![write_failure(path, e)])?;
        files += 1;
    }
    if let Selection::All = selection {
        for (path, bytes) in &theme.static_files {
            sink(path, bytes).map_err(|e| vec![write_failure(path, e)])?;
            files += 1;
        }
    }
    Ok(files)
}

/// Renders every file of the site into `sink`: see `render`.
pub fn render_all(
    handbook: &Handbook,
    theme: &Theme,
    options: &RenderOptions,
    sink: &Sink<'_>,
) -> Result<usize, Vec<Diagnostic>> {
    render(
        &Context::new(handbook, options),
        theme,
        Selection::All,
        sink,
    )
}

/// What [`render_changes`] produced.
pub struct Rendered {
    /// The files rendered: every file, or only those an edit touched.
    pub files: Site,
    /// Files of the previous site that no longer exist.
    pub removed: Vec<String>,
    pub fingerprint: Fingerprint,
    /// Whether every page was rendered.
    pub full: bool,
}

/// For `okrbook serve`: renders into memory the files that changed since
/// `previous` was rendered, or every file when there is no previous site or
/// something global changed.
pub fn render_changes(
    handbook: &Handbook,
    theme: &Theme,
    options: &RenderOptions,
    previous: Option<&Fingerprint>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let context = Context::new(handbook, options);
    let fingerprint = context.fingerprint(context.site_paths(theme));
    let plan = previous.and_then(|old| incremental::affected(old, &fingerprint));
    let selection = match &plan {
        Some(plan) => Selection::Changed(plan),
        None => Selection::All,
    };
    let files = Mutex::new(Site::new());
    render(&context, theme, selection, &|path, bytes| {
        files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    })?;
    let removed = previous
        .map(|old| old.paths.difference(&fingerprint.paths).cloned().collect())
        .unwrap_or_default();
    Ok(Rendered {
        files: files.into_inner().unwrap_or_else(PoisonError::into_inner),
        removed,
        fingerprint,
        full: plan.is_none(),
    })
}

/// Every finding that rendering the site would report, without writing
/// anything: pages that collide with okrbook's own, and, when the theme has
/// templates of its own (whose mistakes may show only while rendering),
/// every page rendered and thrown away. With the embedded templates a page
/// that renders for one valid handbook renders for all.
pub fn check_site(
    handbook: &Handbook,
    theme: &Theme,
    options: &RenderOptions,
    render_custom_templates: bool,
) -> Vec<Diagnostic> {
    let context = Context::new(handbook, options);
    let diagnostics = context.check_paths(theme);
    let dry_run = render_custom_templates && theme.custom_templates;
    if !diagnostics.is_empty() || !dry_run {
        return diagnostics;
    }
    match render(&context, theme, Selection::All, &|_, _| Ok(())) {
        Ok(_) => Vec::new(),
        Err(findings) => findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use std::path::PathBuf;

    /// Build streams every file, serve collects them, and an edit-free
    /// rebuild renders some again: all through the one driver, all the same bytes.
    #[test]
    fn serve_renders_the_bytes_build_writes() {
        let options = crate::BuildOptions {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            dest_dir: None,
            as_of: Date::parse("2026-11-21").expect("date"),
            include_private: false,
            site_url: None,
        };
        let prepared = crate::prepare(&options, Some("/"), &mut crate::Caches::default(), true)
            .unwrap_or_else(|findings| panic!("the demo handbook builds: {findings:?}"));
        let (handbook, theme, render_options) = (
            &prepared.handbook,
            &prepared.theme,
            &prepared.render_options,
        );
        let built = Mutex::new(Site::new());
        let count = render_all(handbook, theme, render_options, &|path, bytes| {
            let mut built = built.lock().unwrap_or_else(PoisonError::into_inner);
            assert!(
                built.insert(path.to_string(), bytes.to_vec()).is_none(),
                "{path} written twice"
            );
            Ok(())
        })
        .expect("build renders");
        let built = built.into_inner().unwrap_or_else(PoisonError::into_inner);
        assert_eq!(count, built.len());
        assert!(built.contains_key("index.html") && built.contains_key("okrs.json"));

        let served = render_changes(handbook, theme, render_options, None).expect("serve renders");
        assert!(served.full);
        assert_eq!(served.files, built, "serve's files differ from build's");
        assert_eq!(served.fingerprint.paths, built.keys().cloned().collect());

        let again = render_changes(handbook, theme, render_options, Some(&served.fingerprint))
            .expect("serve renders again");
        assert!(!again.full && again.removed.is_empty());
        assert!(again.files.len() < built.len());
        for (path, bytes) in &again.files {
            assert_eq!(
                Some(bytes),
                built.get(path),
                "{path} rendered again differs"
            );
        }
    }
}
