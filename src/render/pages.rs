//! The page table: every kind of page okrbook writes, described once —
//! where it is written, which template renders it, how its view is built and
//! whether it is one of okrbook's own pages — and the data files written
//! beside the pages. The build's list of files (see `driver`), serve's list of
//! files and `check`'s path-conflict checks are all derived from here.

use super::context::Context;
use super::paths::{cascade_path, html_path, period_path};
use super::{export, feed, search};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::period::Period;
use crate::theme::Theme;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One page of the site.
#[derive(Debug, Clone, Copy)]
pub(super) enum Page<'c> {
    Home,
    Objective(usize),
    Team(usize),
    Teams,
    Period(Period),
    Cascade(Period),
    /// A person's name and the path of their page.
    Person(&'c str, &'c str),
    People,
    Health,
    Grading,
    /// A guide page written in Markdown: the index in `handbook.pages`.
    Guide(usize),
    NotFound,
}

/// How one page is made: where it goes, its template and its view.
pub(super) struct Spec<'c> {
    /// The output path, relative to the site's root.
    pub path: String,
    pub template: &'static str,
    /// What okrbook's own page this is, as findings name it, or `None` for a
    /// page made from a source file (whose path the source file chose).
    pub own: Option<&'static str>,
    view: Box<dyn FnOnce() -> Result<tera::Context, tera::Error> + Send + 'c>,
}

impl Spec<'_> {
    /// Builds the page's view: the data its template receives.
    pub fn view(self) -> Result<tera::Context, tera::Error> {
        (self.view)()
    }
}

fn spec<'c, V: Serialize>(
    path: String,
    template: &'static str,
    own: Option<&'static str>,
    view: impl FnOnce() -> V + Send + 'c,
) -> Spec<'c> {
    Spec {
        path,
        template,
        own,
        view: Box::new(move || tera::Context::from_serialize(view())),
    }
}

impl<'c> Page<'c> {
    /// The one description of every kind of page.
    pub fn spec(self, context: &'c Context<'_>) -> Spec<'c> {
        match self {
            Page::Home => spec(
                "index.html".into(),
                "index.html",
                Some("home page"),
                move || context.home(),
            ),
            Page::Objective(index) => spec(
                context.objective_paths[index].clone(),
                "objective.html",
                None,
                move || context.objective(index),
            ),
            Page::Team(index) => spec(
                context.team_paths[index].clone(),
                "team.html",
                None,
                move || context.team(index),
            ),
            Page::Teams => spec(
                "teams.html".into(),
                "teams.html",
                Some("list of teams"),
                move || context.teams_index(),
            ),
            Page::Period(period) => spec(
                period_path(period),
                "period.html",
                Some("period page"),
                move || context.period(period),
            ),
            Page::Cascade(period) => spec(
                cascade_path(period),
                "cascade.html",
                Some("cascade page"),
                move || context.cascade(period),
            ),
            Page::Person(name, path) => spec(
                path.to_string(),
                "person.html",
                Some("page for this person"),
                move || context.person(name, path),
            ),
            Page::People => spec(
                "people.html".into(),
                "people.html",
                Some("list of people"),
                move || context.people_index(),
            ),
            Page::Health => spec(
                "health.html".into(),
                "health.html",
                Some("coaching page (health.html)"),
                move || context.health(),
            ),
            Page::Grading => spec(
                "grading.html".into(),
                "grading.html",
                Some("grading page"),
                move || context.grading(),
            ),
            Page::Guide(index) => {
                let page = &context.handbook.pages[index];
                let path = html_path(page.origin.stem_path());
                spec(path.clone(), "page.html", None, move || {
                    context.page(page, &path)
                })
            }
            Page::NotFound => spec(
                "404.html".into(),
                "404.html",
                Some("page for missing pages (404.html)"),
                move || context.not_found(),
            ),
        }
    }
}

/// A file written beside the pages.
#[derive(Debug, Clone, Copy)]
pub(super) enum DataFile {
    Okrs,
    Feed,
    SearchIndex,
    NoJekyll,
    /// Written only with an absolute `site-url`, but its name is kept free always.
    Sitemap,
}

impl DataFile {
    /// Every data file, in the order they are written.
    pub const ALL: [DataFile; 5] = [
        DataFile::Okrs,
        DataFile::Feed,
        DataFile::SearchIndex,
        DataFile::NoJekyll,
        DataFile::Sitemap,
    ];

    pub fn path(self) -> &'static str {
        match self {
            DataFile::Okrs => "okrs.json",
            DataFile::Feed => "feed.xml",
            DataFile::SearchIndex => search::INDEX_PATH,
            DataFile::NoJekyll => ".nojekyll",
            DataFile::Sitemap => "sitemap.xml",
        }
    }

    /// Whether the file shows the handbook, so that any edit may change it
    /// (the search index lists every objective; `.nojekyll` never changes).
    pub fn shows_content(self) -> bool {
        !matches!(self, DataFile::NoJekyll)
    }

    /// The file's bytes, or `None` when this site has no such file.
    /// `pages` are the paths of every page of the site.
    pub fn bytes(self, context: &Context<'_>, pages: &BTreeSet<String>) -> Option<Vec<u8>> {
        match self {
            DataFile::Okrs => Some(export::okrs_json(context)),
            DataFile::Feed => Some(feed::atom(context)),
            DataFile::SearchIndex => Some(context.search_index_js()),
            DataFile::NoJekyll => Some(Vec::new()),
            DataFile::Sitemap => feed::sitemap(context, pages),
        }
    }
}

impl Context<'_> {
    /// Every page of the site, in a fixed order.
    pub(super) fn pages(&self) -> Vec<Page<'_>> {
        let mut pages = vec![Page::Home];
        pages.extend((0..self.handbook.objectives.len()).map(Page::Objective));
        pages.extend((0..self.handbook.teams.len()).map(Page::Team));
        pages.push(Page::Teams);
        for period in &self.periods {
            pages.push(Page::Period(*period));
            pages.push(Page::Cascade(*period));
        }
        pages.extend(
            self.people
                .iter()
                .map(|(name, path)| Page::Person(name, path)),
        );
        pages.push(Page::People);
        // `coaching = "off"`: no findings to show, so no health page.
        if self.handbook.config.coaching.health_page() {
            pages.push(Page::Health);
        }
        pages.push(Page::Grading);
        pages.extend((0..self.handbook.pages.len()).map(Page::Guide));
        pages.push(Page::NotFound);
        pages
    }

    /// The path of every file of the site: pages, data files and the theme's files.
    pub(super) fn site_paths(&self, theme: &Theme) -> BTreeSet<String> {
        let mut paths: BTreeSet<String> = self
            .pages()
            .into_iter()
            .map(|page| page.spec(self).path)
            .collect();
        let no_pages = BTreeSet::new();
        paths.extend(
            DataFile::ALL
                .into_iter()
                .filter(|file| match file {
                    // Whether there is a sitemap does not depend on the pages.
                    DataFile::Sitemap => file.bytes(self, &no_pages).is_some(),
                    _ => true,
                })
                .map(|file| file.path().to_string()),
        );
        paths.extend(theme.static_files.keys().cloned());
        paths
    }

    /// Source files whose pages would land where okrbook writes a file of
    /// its own (a page of the table marked `own`, a data file, a theme
    /// file), or in a folder it keeps for its own pages: one error each.
    pub(super) fn check_paths(&self, theme: &Theme) -> Vec<Diagnostic> {
        // Keyed as a case-insensitive, normalizing file system (macOS,
        // Windows) would see the names: `Index.html` is `index.html` there.
        let mut generated: BTreeMap<String, String> = BTreeMap::new();
        let mut own = |path: &str, what: &str| {
            generated.insert(crate::paths::collision_key(path), what.to_string());
        };
        // okrbook's own pages at the top, by name, for the help: index, teams…
        let mut top_pages: Vec<String> = Vec::new();
        for page in self.pages() {
            let spec = page.spec(self);
            if let Some(what) = spec.own {
                own(&spec.path, what);
                if let Some(stem) = spec.path.strip_suffix(".html") {
                    if !stem.contains('/') && !top_pages.iter().any(|p| p == stem) {
                        top_pages.push(stem.to_string());
                    }
                }
            }
        }
        for file in DataFile::ALL {
            own(file.path(), "data file");
        }
        for path in theme.static_files.keys() {
            own(path, "theme file");
        }
        let sources = self
            .handbook
            .objectives
            .iter()
            .map(|o| &o.origin)
            .chain(self.handbook.teams.iter().map(|t| &t.origin))
            .chain(self.handbook.pages.iter().map(|p| &p.origin));
        let mut diagnostics = Vec::new();
        for origin in sources {
            let path = html_path(origin.stem_path());
            let key = crate::paths::collision_key(&path);
            let folder_taken = key
                .match_indices('/')
                .map(|(at, _)| &key[..at])
                .find_map(|folder| generated.get(folder).map(|what| (folder, what)));
            let problem = if let Some(what) = generated.get(&key) {
                Some((
                    Code::PathConflict,
                    format!("this file's page would be written to {path}, where okrbook writes its own {what}"),
                ))
            } else if let Some((folder, what)) = folder_taken {
                Some((
                    Code::PathConflict,
                    format!("this file's page would be written into a folder {folder}, the name of okrbook's own {what}"),
                ))
            } else {
                reserved(&key, &path).map(|why| (Code::ReservedPath, why))
            };
            if let Some((code, message)) = problem {
                diagnostics.push(
                    Diagnostic::error(code, &origin.display_path, 1, 1, message)
                        .with_help(placement_help(&key, &top_pages)),
                );
            }
        }
        diagnostics
    }
}

/// Folders okrbook keeps for its own pages: a source page there would
/// collide with one sooner or later (a new period, a new person).
/// `key` is the path as [`crate::paths::collision_key`] gives it, `path` as written.
fn reserved(key: &str, path: &str) -> Option<String> {
    let segments: Vec<&str> = key.split('/').collect();
    match segments.as_slice() {
        ["periods" | "cascade" | "assets", ..] => Some(format!(
            "this file's page would be written to {path}, in the folder {}/ that okrbook keeps for its own pages",
            path.split('/').next().unwrap_or(path)
        )),
        ["people", _] => Some(format!(
            "this file's page would be written to {path}, where okrbook writes a person's page"
        )),
        _ => None,
    }
}

/// Where a file whose page collides belongs instead; `top_pages` are the
/// names of okrbook's own pages at the top of the site, from the page table.
fn placement_help(path: &str, top_pages: &[String]) -> String {
    if let Some(name) = path
        .strip_prefix("people/")
        .and_then(|rest| rest.strip_suffix(".html"))
        .filter(|name| !name.contains('/'))
    {
        format!(
            "an individual goal belongs in a folder of its person and period, such as content/people/{name}/<period>/<goal>.md"
        )
    } else {
        let pages = match top_pages.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => top_pages.join(""),
        };
        format!(
            "rename or move the file: okrbook's own pages are {pages} at the top, and the folders periods/, cascade/, people/<person>.html and assets/"
        )
    }
}
