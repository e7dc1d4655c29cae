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

fn write_failure(path: &str, error: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::Write,
        path,
        1,
        1,
        format!("cannot write this file: {error}"),
    )
}

/// The pages `selection` names, ready to render: those of the edited
/// objectives and guides first (see [`render_changes_in_steps`]), and the
/// path of every page of the site (the sitemap lists them all).
struct PagePlan<'c> {
    edited: Vec<super::pages::Spec<'c>>,
    others: Vec<super::pages::Spec<'c>>,
    all_paths: BTreeSet<String>,
}

fn plan_pages<'c>(context: &'c Context<'_>, selection: Selection<'_>) -> PagePlan<'c> {
    let mut plan = PagePlan {
        edited: Vec::new(),
        others: Vec::new(),
        all_paths: BTreeSet::new(),
    };
    for page in context.pages() {
        let spec = page.spec(context);
        plan.all_paths.insert(spec.path.clone());
        match selection {
            Selection::Changed(affected) if context.edited_page(page, affected) => {
                plan.edited.push(spec)
            }
            _ if selection.includes_page(context, page) => plan.others.push(spec),
            _ => {}
        }
    }
    plan
}

/// Renders `pages` on every core into `sink`; failures in page order,
/// whatever the scheduling.
fn render_pages(
    theme: &Theme,
    theme_name: &str,
    pages: Vec<super::pages::Spec<'_>>,
    sink: &Sink<'_>,
) -> Vec<Diagnostic> {
    let mut failures: Vec<Diagnostic> = pages
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
        .collect();
    failures.dedup_by(|a, b| a.message == b.message);
    failures
}

/// The data files `selection` names: `okrs.json`, the feed, the search
/// index, the sitemap and `.nojekyll`.
fn data_files(
    context: &Context<'_>,
    selection: Selection<'_>,
    page_paths: &BTreeSet<String>,
) -> Vec<(&'static str, Vec<u8>)> {
    DataFile::ALL
        .into_iter()
        .filter(|file| selection.includes_data(*file))
        .filter_map(|file| Some((file.path(), file.bytes(context, page_paths)?)))
        .collect()
}

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
    let PagePlan {
        mut edited,
        others,
        all_paths,
    } = plan_pages(context, selection);
    edited.extend(others);
    let selected = edited;
    let page_count = selected.len();
    // Pages are independent: render them on every core while the data files are made.
    let (failures, data) = rayon::join(
        || render_pages(theme, &context.handbook.config.theme, selected, sink),
        || data_files(context, selection, &all_paths),
    );
    if !failures.is_empty() {
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

/// What [`render_changes_in_steps`] produced.
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
/// something global changed. When only some pages changed, hands them to
/// `pages_ready` in steps before the data files are made: first the pages of
/// the objectives and guides edited (with the paths no longer in the site),
/// then the other pages the edit reaches (a root objective's title is on
/// hundreds of pages). `okrs.json`, the feed and the search index show the
/// whole handbook and come last. A step with no pages is skipped. A full
/// render is one step: `pages_ready` is not called. The result holds every
/// file rendered, pages included.
pub fn render_changes_in_steps(
    handbook: &Handbook,
    theme: &Theme,
    options: &RenderOptions,
    previous: Option<&Fingerprint>,
    mut pages_ready: impl FnMut(&Site, &[String]),
) -> Result<Rendered, Vec<Diagnostic>> {
    let context = Context::new(handbook, options);
    let fingerprint = context.fingerprint(context.site_paths(theme));
    let plan = previous.and_then(|old| incremental::affected(old, &fingerprint));
    let removed: Vec<String> = previous
        .map(|old| old.paths.difference(&fingerprint.paths).cloned().collect())
        .unwrap_or_default();
    let Some(plan) = plan else {
        let files = Mutex::new(Site::new());
        render(&context, theme, Selection::All, &collect_into(&files))?;
        return Ok(Rendered {
            files: files.into_inner().unwrap_or_else(PoisonError::into_inner),
            removed,
            fingerprint,
            full: true,
        });
    };
    let selection = Selection::Changed(&plan);
    let diagnostics = context.check_paths(theme);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let PagePlan {
        edited,
        others,
        all_paths,
    } = plan_pages(&context, selection);
    let mut files = Site::new();
    let mut gone: &[String] = &removed;
    for step in [edited, others] {
        if step.is_empty() {
            continue;
        }
        let rendered = Mutex::new(Site::new());
        let failures = render_pages(
            theme,
            &handbook.config.theme,
            step,
            &collect_into(&rendered),
        );
        if !failures.is_empty() {
            return Err(failures);
        }
        let rendered = rendered
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        pages_ready(&rendered, gone);
        gone = &[];
        files.extend(rendered);
    }
    for (path, bytes) in data_files(&context, selection, &all_paths) {
        files.insert(path.to_string(), bytes);
    }
    Ok(Rendered {
        files,
        removed,
        fingerprint,
        full: false,
    })
}

/// A sink that keeps every file in `files`.
fn collect_into(files: &Mutex<Site>) -> impl Fn(&str, &[u8]) -> std::io::Result<()> + Sync + '_ {
    |path, bytes| {
        files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
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

    /// The demo handbook, checked and ready to render.
    fn demo() -> crate::Prepared {
        let options = crate::BuildOptions {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            dest_dir: None,
            as_of: Date::parse("2026-11-21").expect("date"),
            include_private: false,
            site_url: None,
        };
        crate::prepare(&options, Some("/"), &mut crate::Caches::default(), true)
            .unwrap_or_else(|findings| panic!("the demo handbook builds: {findings:?}"))
    }

    /// Build streams every file, serve collects them, and an edit-free
    /// rebuild renders some again: all through the one driver, all the same bytes.
    #[test]
    fn serve_renders_the_bytes_build_writes() {
        let prepared = demo();
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

        let served = render_changes_in_steps(handbook, theme, render_options, None, |_, _| {})
            .expect("serve renders");
        assert!(served.full);
        assert_eq!(served.files, built, "serve's files differ from build's");
        assert_eq!(served.fingerprint.paths, built.keys().cloned().collect());

        let again = render_changes_in_steps(
            handbook,
            theme,
            render_options,
            Some(&served.fingerprint),
            |_, _| {},
        )
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

    /// Serve shows the pages an edit reaches before the data files, which
    /// show the whole handbook; a full render comes in one step.
    #[test]
    fn changed_pages_come_before_the_data_files() {
        let prepared = demo();
        let (handbook, theme, render_options) = (
            &prepared.handbook,
            &prepared.theme,
            &prepared.render_options,
        );
        let mut called = false;
        let full =
            render_changes_in_steps(handbook, theme, render_options, None, |_, _| called = true)
                .expect("serve renders");
        assert!(full.full && !called, "a full render is one step");

        let mut steps: Vec<(Site, Vec<String>)> = Vec::new();
        let again = render_changes_in_steps(
            handbook,
            theme,
            render_options,
            Some(&full.fingerprint),
            |pages, removed| steps.push((pages.clone(), removed.to_vec())),
        )
        .expect("serve renders again");
        // Nothing was edited: no first step of edited pages, one of the pages that list everything.
        assert_eq!(steps.len(), 1);
        let (pages, removed) = &steps[0];
        assert!(removed.is_empty());
        assert!(
            pages.keys().all(|path| path.ends_with(".html")),
            "{:?}",
            pages.keys()
        );
        assert!(pages.contains_key("index.html"));
        for data in ["okrs.json", "feed.xml", "search-index.js"] {
            assert!(
                !pages.contains_key(data) && again.files.contains_key(data),
                "{data}"
            );
        }
        for (path, bytes) in pages {
            assert_eq!(again.files.get(path), Some(bytes), "{path}");
        }
        let in_one_call = render_changes_in_steps(
            handbook,
            theme,
            render_options,
            Some(&full.fingerprint),
            |_, _| {},
        )
        .expect("in one call");
        assert!(
            again.files == in_one_call.files,
            "the same files in one call"
        );
    }
}
