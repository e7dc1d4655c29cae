//! Stage 5, render: the validated, scored handbook becomes a set of files in
//! memory. Templates get typed views (see `views`); the JSON export is built
//! from the same scores (see `export`). Nothing here touches the disk.

pub mod charts;
pub mod export;
pub mod feed;
pub mod health;
pub mod history;
pub mod incremental;
pub mod markdown;
pub mod search;
pub mod views;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::locate::Step;
use crate::model::{CheckinValue, Handbook, KeyResult, Level, Objective};
use crate::numbers::{format_number, value_text, with_unit};
use crate::period::Period;
use crate::score::{self, Band, ObjectiveScore, Status};
use crate::theme::{template_diagnostic, Theme};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use views::*;

/// What to render.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub as_of: Date,
    /// Coaching findings to publish: a notice on each objective's page and the health page.
    pub findings: Vec<Diagnostic>,
}

/// The rendered site: output path (relative, `/`-separated) → bytes.
pub type Site = BTreeMap<String, Vec<u8>>;

/// Everything the page builders share: the handbook, scores, where pages live.
///
/// Every objective of the handbook given is published: without
/// `--include-private` that is the public view, [`crate::public::without_private`].
pub struct Context<'a> {
    pub handbook: &'a Handbook,
    pub options: &'a RenderOptions,
    pub scores: Vec<ObjectiveScore>,
    pub objective_paths: Vec<String>,
    pub team_paths: Vec<String>,
    /// Person name → page path.
    pub people: BTreeMap<String, String>,
    /// Periods that have a published objective, oldest first.
    pub periods: Vec<Period>,
    pub current_period: Period,
    pub findings: health::FindingIndex,
    /// Person name → what they lead, belong to and own, so a person's page
    /// does not scan the whole handbook.
    involvement: HashMap<String, Involvement>,
    /// Per team: the periods in which it has a published objective, oldest first.
    team_periods: Vec<Vec<Period>>,
    /// The teams every page's sidebar lists: top-level teams, each with its
    /// sub-teams when they fit, at most [`NAV_TEAMS`] entries in all.
    nav_teams: Vec<(usize, Vec<usize>)>,
}

/// How many teams the sidebar of every page lists at most, so that the
/// navigation does not grow with the handbook.
const NAV_TEAMS: usize = 12;

/// Where one person appears.
#[derive(Default)]
struct Involvement {
    leads: Vec<usize>,
    member_of: Vec<usize>,
    /// Published objectives they own, or own a key result or initiative of: newest period first, then by id.
    objectives: Vec<usize>,
}

/// Renders every page of the site.
pub fn render(
    handbook: &Handbook,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Site, Vec<Diagnostic>> {
    render_changes(handbook, theme, options, None).map(|rendered| rendered.files)
}

/// Renders every page and hands each file to `emit` as soon as it is
/// ready, on every core, so that the whole site is never held in memory.
/// Returns how many files were emitted.
pub fn render_each(
    handbook: &Handbook,
    theme: &Theme,
    options: &RenderOptions,
    emit: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> Result<usize, Vec<Diagnostic>> {
    let context = Context::new(handbook, options);
    let diagnostics = context.check_paths(theme);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let theme_name = handbook.config.theme.as_str();
    let jobs = context.jobs();
    let write_failure = |path: &str, error: std::io::Error| {
        Diagnostic::error(
            "write",
            path,
            1,
            1,
            format!("cannot write this file: {error}"),
        )
    };
    let mut failures: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            let (path, template, view) = context.view(job);
            match view.and_then(|view| theme.tera.render(template, &view)) {
                Ok(html) => emit(&path, html.as_bytes())
                    .err()
                    .map(|e| write_failure(&path, e)),
                Err(error) => Some(template_diagnostic(theme_name, &error)),
            }
        })
        .collect();
    if !failures.is_empty() {
        failures.dedup_by(|a, b| a.message == b.message);
        return Err(failures);
    }
    let page_paths: BTreeSet<String> = jobs.iter().map(|job| context.job_path(job)).collect();
    let mut data: Vec<(String, Vec<u8>)> = vec![
        ("okrs.json".into(), export::okrs_json(&context)),
        ("feed.xml".into(), feed::atom(&context)),
        (search::INDEX_PATH.into(), context.search_index_js()),
        (".nojekyll".into(), Vec::new()),
    ];
    if let Some(sitemap) = feed::sitemap(&context, &page_paths) {
        data.push(("sitemap.xml".into(), sitemap));
    }
    data.extend(
        theme
            .static_files
            .iter()
            .map(|(p, b)| (p.clone(), b.clone())),
    );
    for (path, bytes) in &data {
        emit(path, bytes).map_err(|e| vec![write_failure(path, e)])?;
    }
    Ok(jobs.len() + data.len())
}

/// What [`render_changes`] produced.
pub struct Rendered {
    /// The files rendered: every file, or only those an edit touched.
    pub files: Site,
    /// Files of the previous site that no longer exist.
    pub removed: Vec<String>,
    pub fingerprint: incremental::Fingerprint,
    /// Whether every page was rendered.
    pub full: bool,
}

/// Renders the pages that changed since `previous` was rendered, or every
/// page when there is no previous site or something global changed.
pub fn render_changes(
    handbook: &Handbook,
    theme: &Theme,
    options: &RenderOptions,
    previous: Option<&incremental::Fingerprint>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let context = Context::new(handbook, options);
    let mut site = Site::new();
    let mut diagnostics = context.check_paths(theme);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let theme_name = handbook.config.theme.as_str();
    let jobs = context.jobs();
    let page_paths: BTreeSet<String> = jobs.iter().map(|job| context.job_path(job)).collect();
    let mut all_paths = page_paths.clone();
    all_paths.extend(["okrs.json", "feed.xml", ".nojekyll", search::INDEX_PATH].map(String::from));
    if feed::sitemap(&context, &BTreeSet::new()).is_some() {
        all_paths.insert("sitemap.xml".into());
    }
    all_paths.extend(theme.static_files.keys().cloned());
    let fingerprint = context.fingerprint(all_paths);
    let plan = previous.and_then(|old| incremental::affected(old, &fingerprint));
    let selected: Vec<&Job> = jobs
        .iter()
        .filter(|job| context.selected(job, plan.as_ref()))
        .collect();
    // Pages are independent: render them on every core, then collect them in
    // job order so that the output does not depend on scheduling.
    let (rendered, (okrs, feed_xml, search_js)): (Vec<(String, Result<String, tera::Error>)>, _) =
        rayon::join(
            || {
                selected
                    .par_iter()
                    .map(|job| {
                        let (path, template, view) = context.view(job);
                        let html = view.and_then(|view| theme.tera.render(template, &view));
                        (path, html)
                    })
                    .collect()
            },
            || {
                (
                    export::okrs_json(&context),
                    feed::atom(&context),
                    context.search_index_js(),
                )
            },
        );
    for (path, html) in rendered {
        match html {
            Ok(html) => {
                site.insert(path, html.into_bytes());
            }
            Err(error) => diagnostics.push(template_diagnostic(theme_name, &error)),
        }
    }
    if !diagnostics.is_empty() {
        diagnostics.dedup_by(|a, b| a.message == b.message);
        return Err(diagnostics);
    }
    site.insert("okrs.json".into(), okrs);
    site.insert("feed.xml".into(), feed_xml);
    // The index lists every objective, so it changes with any edit.
    site.insert(search::INDEX_PATH.into(), search_js);
    if let Some(sitemap) = feed::sitemap(&context, &page_paths) {
        site.insert("sitemap.xml".into(), sitemap);
    }
    let full = plan.is_none();
    if full {
        site.insert(".nojekyll".into(), Vec::new());
        for (path, bytes) in &theme.static_files {
            site.insert(path.clone(), bytes.clone());
        }
    }
    let removed = previous
        .map(|old| old.paths.difference(&fingerprint.paths).cloned().collect())
        .unwrap_or_default();
    Ok(Rendered {
        files: site,
        removed,
        fingerprint,
        full,
    })
}

/// One page to render.
enum Job<'a> {
    Home,
    Objective(usize),
    Team(usize),
    Teams,
    Period(Period),
    Cascade(Period),
    Person(&'a str, &'a str),
    People,
    Health,
    Grading,
    Page(usize),
    NotFound,
}

impl Job<'_> {
    /// What okrbook's own page this is, or `None` for a page made from a source file.
    fn own_page(&self) -> Option<&'static str> {
        match self {
            Job::Objective(_) | Job::Team(_) | Job::Page(_) => None,
            Job::Home => Some("home page"),
            Job::Teams => Some("list of teams"),
            Job::Period(_) => Some("period page"),
            Job::Cascade(_) => Some("cascade page"),
            Job::Person(..) => Some("page for this person"),
            Job::People => Some("list of people"),
            Job::Health => Some("coaching page (health.html)"),
            Job::Grading => Some("grading page"),
            Job::NotFound => Some("page for missing pages (404.html)"),
        }
    }
}

/// The files besides pages that every build writes (`sitemap.xml` only with
/// an absolute `site-url`, but its name is kept free always).
pub const DATA_FILES: &[&str] = &[
    "okrs.json",
    "feed.xml",
    "sitemap.xml",
    ".nojekyll",
    search::INDEX_PATH,
];

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

/// Where a file whose page collides belongs instead.
fn placement_help(path: &str) -> String {
    if let Some(name) = path
        .strip_prefix("people/")
        .and_then(|rest| rest.strip_suffix(".html"))
        .filter(|name| !name.contains('/'))
    {
        format!(
            "an individual goal belongs in a folder of its person and period, such as content/people/{name}/<period>/<goal>.md"
        )
    } else {
        "rename or move the file: okrbook's own pages are index, teams, people, health, grading and 404 at the top, and the folders periods/, cascade/, people/<person>.html and assets/".to_string()
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
    match render_each(handbook, theme, options, &|_, _| Ok(())) {
        Ok(_) => Vec::new(),
        Err(findings) => findings,
    }
}

impl<'a> Context<'a> {
    /// Every page of the site, in a fixed order.
    fn jobs(&'a self) -> Vec<Job<'a>> {
        let mut jobs = vec![Job::Home];
        jobs.extend((0..self.handbook.objectives.len()).map(Job::Objective));
        jobs.extend((0..self.handbook.teams.len()).map(Job::Team));
        jobs.push(Job::Teams);
        for period in &self.periods {
            jobs.push(Job::Period(*period));
            jobs.push(Job::Cascade(*period));
        }
        jobs.extend(
            self.people
                .iter()
                .map(|(name, path)| Job::Person(name, path)),
        );
        jobs.extend([Job::People, Job::Health, Job::Grading]);
        jobs.extend((0..self.handbook.pages.len()).map(Job::Page));
        jobs.push(Job::NotFound);
        jobs
    }

    /// Where a page is written.
    fn job_path(&self, job: &Job<'_>) -> String {
        match job {
            Job::Home => "index.html".into(),
            Job::Objective(index) => self.objective_paths[*index].clone(),
            Job::Team(index) => self.team_paths[*index].clone(),
            Job::Teams => "teams.html".into(),
            Job::Period(period) => period_path(*period),
            Job::Cascade(period) => cascade_path(*period),
            Job::Person(_, path) => path.to_string(),
            Job::People => "people.html".into(),
            Job::Health => "health.html".into(),
            Job::Grading => "grading.html".into(),
            Job::Page(index) => html_path(self.handbook.pages[*index].origin.stem_path()),
            Job::NotFound => "404.html".into(),
        }
    }

    /// Whether a page must be rendered under `plan` (`None`: everything).
    fn selected(&self, job: &Job<'_>, plan: Option<&incremental::Affected>) -> bool {
        let Some(plan) = plan else {
            return true;
        };
        match job {
            Job::Home | Job::Teams | Job::People | Job::Health | Job::Grading => true,
            Job::NotFound => false,
            Job::Objective(index) => {
                plan.objectives
                    .contains(&self.handbook.objectives[*index].id)
                    || self.team_neighbours_touched(*index, plan)
            }
            Job::Team(index) => plan.teams.contains(&self.handbook.teams[*index].id),
            Job::Period(period) | Job::Cascade(period) => plan.periods.contains(period),
            Job::Person(name, _) => plan.people.contains(*name),
            Job::Page(index) => plan
                .pages
                .contains(&self.handbook.pages[*index].origin.rel_path),
        }
    }

    /// A page's output path, template and data.
    fn view(&self, job: &Job<'_>) -> (String, &'static str, Result<tera::Context, tera::Error>) {
        use tera::Context as Data;
        match job {
            Job::Home => (
                "index.html".into(),
                "index.html",
                Data::from_serialize(self.home()),
            ),
            Job::Objective(index) => (
                self.objective_paths[*index].clone(),
                "objective.html",
                Data::from_serialize(self.objective(*index)),
            ),
            Job::Team(index) => (
                self.team_paths[*index].clone(),
                "team.html",
                Data::from_serialize(self.team(*index)),
            ),
            Job::Teams => (
                "teams.html".into(),
                "teams.html",
                Data::from_serialize(self.teams_index()),
            ),
            Job::Period(period) => (
                period_path(*period),
                "period.html",
                Data::from_serialize(self.period(*period)),
            ),
            Job::Cascade(period) => (
                cascade_path(*period),
                "cascade.html",
                Data::from_serialize(self.cascade(*period)),
            ),
            Job::Person(name, path) => (
                path.to_string(),
                "person.html",
                Data::from_serialize(self.person(name, path)),
            ),
            Job::People => (
                "people.html".into(),
                "people.html",
                Data::from_serialize(self.people_index()),
            ),
            Job::Health => (
                "health.html".into(),
                "health.html",
                Data::from_serialize(self.health()),
            ),
            Job::Grading => (
                "grading.html".into(),
                "grading.html",
                Data::from_serialize(self.grading()),
            ),
            Job::Page(index) => {
                let page = &self.handbook.pages[*index];
                let path = html_path(page.origin.stem_path());
                let view = self.page(page, &path);
                (path, "page.html", Data::from_serialize(view))
            }
            Job::NotFound => (
                "404.html".into(),
                "404.html",
                Data::from_serialize(self.not_found()),
            ),
        }
    }
}

pub fn period_path(period: Period) -> String {
    format!("periods/{period}.html")
}

pub fn cascade_path(period: Period) -> String {
    format!("cascade/{period}.html")
}

fn html_path(stem: &str) -> String {
    format!("{stem}.html")
}

/// A link from the page at `from` to the page at `to`, both relative to the site root.
/// Each segment of `to` is percent-encoded, so that no file name can end
/// the path early (`#`, `?`), start another host (`\\host`) or read as a
/// scheme; the href never starts with `/` or `\\`.
pub fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    let mut href = "../".repeat(depth);
    href.push_str(&crate::paths::encode_path(to));
    href
}

/// A URL-safe name for a person: lower-case ASCII letters and digits joined by `-`.
pub fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    // Short enough for any file system's name limit, with room for `-N.html`.
    slug.truncate(MAX_SLUG);
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "person".to_string()
    } else {
        slug
    }
}

/// The longest slug, in bytes (a slug is ASCII).
const MAX_SLUG: usize = 80;

pub fn score_view(value: f64) -> Score {
    let clamped = value.clamp(0.0, 1.0);
    Score {
        text: format!("{clamped:.2}"),
        percent: (clamped * 100.0).round() as u32,
        value: clamped,
        band: score_band(value).as_str(),
    }
}

/// The band of a score as pages show it: clamped to 0..1 and rounded to the
/// two decimals displayed, so that a score shown as 0.70 is green everywhere,
/// on cards and in charts alike.
pub fn score_band(value: f64) -> Band {
    Band::of(score::round(value.clamp(0.0, 1.0), 2))
}

fn confidence_band(confidence: f64) -> &'static str {
    if confidence >= 0.7 {
        "high"
    } else if confidence >= 0.4 {
        "medium"
    } else {
        "low"
    }
}

impl<'a> Context<'a> {
    pub fn new(handbook: &'a Handbook, options: &'a RenderOptions) -> Context<'a> {
        let start_month = handbook.config.quarter_start_month;
        let scores = handbook
            .objectives
            .iter()
            .map(|o| score::score_objective(o, start_month, options.as_of))
            .collect();
        let objective_paths = handbook
            .objectives
            .iter()
            .map(|o| html_path(o.origin.stem_path()))
            .collect();
        let team_paths = handbook
            .teams
            .iter()
            .map(|t| html_path(t.origin.stem_path()))
            .collect();
        let periods: BTreeSet<Period> = handbook.objectives.iter().map(|o| o.period).collect();
        let current_period = handbook
            .config
            .current_period
            .unwrap_or_else(|| Period::quarter_containing(options.as_of, start_month));
        let mut context = Context {
            handbook,
            options,
            scores,
            objective_paths,
            team_paths,
            people: BTreeMap::new(),
            periods: periods.into_iter().collect(),
            current_period,
            findings: health::FindingIndex::default(),
            involvement: HashMap::new(),
            team_periods: Vec::new(),
            nav_teams: Vec::new(),
        };
        context.team_periods = context.collect_team_periods();
        context.nav_teams = context.collect_nav_teams();
        context.involvement = context.collect_involvement();
        context.people = context.collect_people();
        context.findings = context.index_findings();
        context
    }

    fn collect_team_periods(&self) -> Vec<Vec<Period>> {
        self.handbook
            .links
            .team_objectives
            .iter()
            .map(|objectives| {
                let periods: BTreeSet<Period> = objectives
                    .iter()
                    .map(|&o| self.handbook.objectives[o].period)
                    .collect();
                periods.into_iter().collect()
            })
            .collect()
    }

    fn collect_nav_teams(&self) -> Vec<(usize, Vec<usize>)> {
        let teams = &self.handbook.teams;
        let links = &self.handbook.links;
        let by_name =
            |list: &mut Vec<usize>| list.sort_by(|&a, &b| teams[a].name.cmp(&teams[b].name));
        let mut roots: Vec<usize> = (0..teams.len())
            .filter(|&t| links.team_parent[t].is_none())
            .collect();
        by_name(&mut roots);
        roots.truncate(NAV_TEAMS);
        let mut budget = NAV_TEAMS - roots.len();
        roots
            .into_iter()
            .map(|root| {
                let mut children = links.sub_teams[root].clone();
                if children.len() <= budget {
                    budget -= children.len();
                    by_name(&mut children);
                } else {
                    children.clear();
                }
                (root, children)
            })
            .collect()
    }

    /// The same team's objectives in the periods before and after `index`'s:
    /// links to the team's page at those periods.
    fn team_neighbours(&self, from: &str, index: usize) -> Option<TeamPeriods> {
        let team = self.handbook.links.team_of[index]?;
        let period = self.handbook.objectives[index].period;
        let periods = &self.team_periods[team];
        let at = periods.partition_point(|p| *p < period);
        let link = |p: Option<&Period>| {
            p.map(|p| Link {
                label: p.to_string(),
                href: format!("{}#{p}", relative(from, &self.team_paths[team])),
                current: false,
            })
        };
        let previous = link(at.checked_sub(1).and_then(|i| periods.get(i)));
        let next = link(periods[at..].iter().find(|p| **p > period));
        (previous.is_some() || next.is_some()).then(|| TeamPeriods {
            team: self.handbook.teams[team].name.clone(),
            previous,
            next,
        })
    }

    /// Whether an edit under `plan` may change the neighbouring periods of the
    /// objective at `index`'s team: the team is touched, and a touched period
    /// has no period of the team between it and the objective's.
    fn team_neighbours_touched(&self, index: usize, plan: &incremental::Affected) -> bool {
        let Some(team) = self.handbook.links.team_of[index] else {
            return false;
        };
        if !plan.teams.contains(&self.handbook.teams[team].id) {
            return false;
        }
        let period = self.handbook.objectives[index].period;
        let periods = &self.team_periods[team];
        plan.periods.iter().any(|&other| {
            if other == period {
                return false;
            }
            let (low, high) = if other < period {
                (other, period)
            } else {
                (period, other)
            };
            let after_low = periods.partition_point(|p| *p <= low);
            periods.get(after_low).is_none_or(|p| *p >= high)
        })
    }

    fn collect_involvement(&self) -> HashMap<String, Involvement> {
        let mut involvement: HashMap<String, Involvement> = HashMap::new();
        for (index, team) in self.handbook.teams.iter().enumerate() {
            if let Some(lead) = &team.lead {
                involvement
                    .entry(lead.clone())
                    .or_default()
                    .leads
                    .push(index);
            }
            let mut members: Vec<&String> = team.members.iter().collect();
            members.sort_unstable();
            members.dedup();
            for member in members {
                involvement
                    .entry(member.clone())
                    .or_default()
                    .member_of
                    .push(index);
            }
        }
        let mut ordered: Vec<(&Objective, usize)> = self.published().collect();
        ordered.sort_by(|a, b| {
            b.0.period
                .cmp(&a.0.period)
                .then_with(|| a.0.id.cmp(&b.0.id))
        });
        for (objective, index) in ordered {
            let mut names: Vec<&str> = objective.owner.as_deref().into_iter().collect();
            names.extend(
                objective
                    .key_results
                    .iter()
                    .filter_map(|kr| kr.owner.as_deref()),
            );
            names.extend(
                objective
                    .initiatives
                    .iter()
                    .filter_map(|i| i.owner.as_deref()),
            );
            names.sort_unstable();
            names.dedup();
            for name in names {
                involvement
                    .entry(name.to_string())
                    .or_default()
                    .objectives
                    .push(index);
            }
        }
        involvement
    }

    fn collect_people(&self) -> BTreeMap<String, String> {
        let mut names: BTreeSet<&str> = BTreeSet::new();
        for team in &self.handbook.teams {
            names.extend(team.lead.as_deref());
            names.extend(team.members.iter().map(String::as_str));
        }
        for (objective, _) in self.published() {
            names.extend(objective.owner.as_deref());
            names.extend(
                objective
                    .key_results
                    .iter()
                    .filter_map(|kr| kr.owner.as_deref()),
            );
            names.extend(
                objective
                    .initiatives
                    .iter()
                    .filter_map(|i| i.owner.as_deref()),
            );
        }
        // Each person gets a slug no one else has: `a`, `a-2`… skipping any
        // taken already (a person may be called "A 2").
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut people = BTreeMap::new();
        for name in names {
            let base = slug(name);
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&candidate) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            people.insert(name.to_string(), format!("people/{candidate}.html"));
            taken.insert(candidate);
        }
        people
    }

    /// Published objectives (every objective of the handbook given) with their indexes.
    pub fn published(&self) -> impl Iterator<Item = (&'a Objective, usize)> + '_ {
        self.handbook
            .objectives
            .iter()
            .enumerate()
            .map(|(i, o)| (o, i))
    }

    /// Source pages whose output path is one okrbook generates.
    /// Source files whose pages would land where okrbook writes a file of
    /// its own, or in a folder it keeps for its own pages, are an error.
    fn check_paths(&self, theme: &Theme) -> Vec<Diagnostic> {
        // Keyed as a case-insensitive, normalizing file system (macOS,
        // Windows) would see the names: `Index.html` is `index.html` there.
        let mut generated: BTreeMap<String, String> = BTreeMap::new();
        let mut own = |path: &str, what: &str| {
            generated.insert(crate::paths::collision_key(path), what.to_string());
        };
        for job in self.jobs() {
            if let Some(what) = job.own_page() {
                own(&self.job_path(&job), what);
            }
        }
        for path in DATA_FILES {
            own(path, "data file");
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
                    "path-conflict",
                    format!("this file's page would be written to {path}, where okrbook writes its own {what}"),
                ))
            } else if let Some((folder, what)) = folder_taken {
                Some((
                    "path-conflict",
                    format!("this file's page would be written into a folder {folder}, the name of okrbook's own {what}"),
                ))
            } else {
                reserved(&key, &path).map(|why| ("reserved-path", why))
            };
            if let Some((code, message)) = problem {
                diagnostics.push(
                    Diagnostic::error(code, &origin.display_path, 1, 1, message)
                        .with_help(placement_help(&key)),
                );
            }
        }
        diagnostics
    }

    fn layout(&self, path: &str, title: &str, section: &'static str) -> Layout {
        let root = "../".repeat(path.matches('/').count());
        self.layout_with_root(root, path, title, section)
    }

    fn layout_with_root(
        &self,
        root: String,
        path: &str,
        title: &str,
        section: &'static str,
    ) -> Layout {
        let config = &self.handbook.config;
        let link = |to: &str| format!("{root}{to}");
        let nav = Nav {
            home: link("index.html"),
            periods: self
                .periods
                .iter()
                .rev()
                .map(|p| Link {
                    label: p.to_string(),
                    href: link(&period_path(*p)),
                    current: *p == self.current_period,
                })
                .collect(),
            teams: link("teams.html"),
            people: link("people.html"),
            cascade: link(&cascade_path(self.current_period)),
            grading: link("grading.html"),
            health: link("health.html"),
            team_tree: self
                .nav_teams
                .iter()
                .map(|(team, children)| {
                    let nav_link = |t: usize| Link {
                        label: self.handbook.teams[t].name.clone(),
                        href: link(&self.team_paths[t]),
                        current: self.team_paths[t] == path,
                    };
                    NavTeam {
                        team: nav_link(*team),
                        children: children.iter().map(|&c| nav_link(c)).collect(),
                    }
                })
                .collect(),
            guides: self
                .handbook
                .pages
                .iter()
                .map(|p| {
                    let page_path = html_path(p.origin.stem_path());
                    Link {
                        label: p.title.clone(),
                        current: page_path == path,
                        href: link(&page_path),
                    }
                })
                .collect(),
            section,
        };
        Layout {
            book_title: config.title.clone(),
            book_description: config.description.clone(),
            page_title: title.to_string(),
            root,
            as_of: self.options.as_of.to_string(),
            nav,
            edit_url: None,
            breadcrumbs: Vec::new(),
        }
    }

    /// A body as HTML: raw HTML in it is sanitized unless `allow-raw-html` is set.
    fn markdown(&self, body: &str) -> String {
        markdown::to_html_with(body, self.handbook.config.allow_raw_html)
    }

    fn edit_url(&self, display_path: &str) -> Option<String> {
        self.handbook
            .config
            .edit_url_template
            .as_ref()
            .map(|template| template.replace("{path}", &crate::paths::encode_path(display_path)))
    }

    /// The edit link of the objective at `index`, for one of its key results:
    /// the file, and for a URL that shows the file (GitHub's `/blob/`) the key
    /// result's line, in the source view (`?plain=1`: a rendered Markdown file
    /// has no line anchors). An edit URL cannot point at a line, so it stays the file's.
    fn key_result_edit_url(&self, index: usize, kr_index: usize) -> Option<String> {
        let origin = &self.handbook.objectives[index].origin;
        let url = self.edit_url(&origin.display_path)?;
        if url.contains("/blob/") && !url.contains('#') {
            let (line, _) =
                origin.position(&[Step::Key("key_results"), Step::Index(kr_index)], false);
            let plain = if url.contains('?') { "" } else { "?plain=1" };
            Some(format!("{url}{plain}#L{line}"))
        } else {
            Some(url)
        }
    }

    /// The date of the newest check-in of the objective at `index` on or
    /// before the as-of date: when it was last updated. File times are not
    /// used: a clone resets them.
    pub fn last_checkin(&self, index: usize) -> Option<Date> {
        self.handbook.objectives[index]
            .key_results
            .iter()
            .zip(&self.scores[index].key_results)
            .filter_map(|(kr, scored)| scored.latest.and_then(|i| kr.checkins.get(i)))
            .map(|c| c.date)
            .max()
    }

    fn person_link(&self, from: &str, name: &str) -> Link {
        Link {
            label: name.to_string(),
            href: self
                .people
                .get(name)
                .map(|p| relative(from, p))
                .unwrap_or_default(),
            current: false,
        }
    }

    fn team_link(&self, from: &str, team: usize) -> Link {
        Link {
            label: self.handbook.teams[team].name.clone(),
            href: relative(from, &self.team_paths[team]),
            current: false,
        }
    }

    pub fn card(&self, from: &str, index: usize) -> Card {
        let objective = &self.handbook.objectives[index];
        let scored = &self.scores[index];
        Card {
            id: objective.id.clone(),
            title: objective.title.clone(),
            href: relative(from, &self.objective_paths[index]),
            period: objective.period.to_string(),
            period_href: relative(from, &period_path(objective.period)),
            team: self.handbook.links.team_of[index].map(|t| self.team_link(from, t)),
            owner: objective
                .owner
                .as_deref()
                .map(|o| self.person_link(from, o)),
            level: self.handbook.level(index).as_str(),
            commitment: objective.commitment.as_str(),
            score: score_view(scored.score),
            status: scored.status.as_str(),
            status_label: scored.status.label(),
            private: objective.private,
        }
    }

    fn cards(&self, from: &str, indexes: impl IntoIterator<Item = usize>) -> Vec<Card> {
        indexes.into_iter().map(|i| self.card(from, i)).collect()
    }

    fn average(&self, indexes: &[usize]) -> Option<Score> {
        if indexes.is_empty() {
            None
        } else {
            let total: f64 = indexes.iter().map(|&i| self.scores[i].score).sum();
            Some(score_view(total / indexes.len() as f64))
        }
    }

    fn progress(&self, period: Period, indexes: &[usize]) -> PeriodProgress {
        let start_month = self.handbook.config.quarter_start_month;
        let as_of = self.options.as_of;
        let state = if as_of < period.start(start_month) {
            "upcoming"
        } else if as_of >= period.end(start_month) {
            "ended"
        } else {
            "running"
        };
        let count = |status: Status| {
            indexes
                .iter()
                .filter(|&&i| self.scores[i].status == status)
                .count()
        };
        PeriodProgress {
            state,
            start: period.start(start_month).to_string(),
            last_day: period.last_day(start_month).to_string(),
            elapsed_percent: (period.elapsed_fraction(start_month, as_of) * 100.0).round() as u32,
            objective_count: indexes.len(),
            average: self.average(indexes),
            on_track: count(Status::OnTrack),
            at_risk: count(Status::AtRisk),
            off_track: count(Status::OffTrack),
        }
    }

    /// Published objectives of a period grouped by team (teams in tree order), then individual goals.
    fn groups(&self, from: &str, period: Period) -> (Vec<TeamGroup>, Vec<Card>, Vec<usize>) {
        let mut by_team: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut individuals = Vec::new();
        let mut all = Vec::new();
        for (objective, index) in self.published() {
            if objective.period != period {
                continue;
            }
            all.push(index);
            match self.handbook.links.team_of[index] {
                Some(team) => by_team.entry(team).or_default().push(index),
                None => individuals.push(index),
            }
        }
        let groups = self
            .team_order()
            .into_iter()
            .filter_map(|team| {
                let indexes = by_team.get(&team)?;
                Some(TeamGroup {
                    team: self.team_link(from, team),
                    level: if self.handbook.links.team_parent[team].is_none() {
                        Level::Organization.as_str()
                    } else {
                        Level::Team.as_str()
                    },
                    average: self.average(indexes),
                    objectives: self.cards(from, indexes.iter().copied()),
                })
            })
            .collect();
        (groups, self.cards(from, individuals), all)
    }

    /// Teams depth-first from the organization level down, siblings by name.
    fn team_order(&self) -> Vec<usize> {
        let links = &self.handbook.links;
        let by_name = |list: &mut Vec<usize>| {
            list.sort_by(|&a, &b| {
                self.handbook.teams[a]
                    .name
                    .cmp(&self.handbook.teams[b].name)
            })
        };
        let mut roots: Vec<usize> = (0..self.handbook.teams.len())
            .filter(|&t| links.team_parent[t].is_none())
            .collect();
        by_name(&mut roots);
        let mut order = Vec::with_capacity(self.handbook.teams.len());
        let mut stack: Vec<usize> = roots.into_iter().rev().collect();
        while let Some(team) = stack.pop() {
            order.push(team);
            let mut children = links.sub_teams[team].clone();
            by_name(&mut children);
            stack.extend(children.into_iter().rev());
        }
        order
    }

    fn home(&self) -> HomeView {
        let path = "index.html";
        let period = self.current_period;
        let (groups, individuals, all) = self.groups(path, period);
        let overview = self.overview_chart(period, &groups);
        let (organization, teams): (Vec<TeamGroup>, Vec<TeamGroup>) = groups
            .into_iter()
            .partition(|g| g.level == Level::Organization.as_str());
        let organization = organization
            .into_iter()
            .flat_map(|g| g.objectives)
            .collect();
        let mut layout = self.layout(path, &self.handbook.config.title, "home");
        if let Some(home) = &self.handbook.home {
            layout.edit_url = self.edit_url(&home.origin.display_path);
        }
        HomeView {
            overview,
            period: period.to_string(),
            period_href: period_path(period),
            cascade_href: cascade_path(period),
            progress: self.progress(period, &all),
            organization,
            teams,
            individuals,
            prose_html: self.handbook.home.as_ref().map(|p| self.markdown(&p.body)),
            guides: layout.nav.guides.clone(),
            layout,
        }
    }

    /// Whether the objective at `index` names a parent that is not in the
    /// handbook rendered: a private objective left out of the public view
    /// (see [`crate::public::without_private`]).
    pub fn parent_left_out(&self, index: usize) -> bool {
        self.handbook.objectives[index].parent.is_some()
            && self.handbook.links.parent_of[index].is_none()
    }

    fn objective(&self, index: usize) -> ObjectiveView {
        let objective = &self.handbook.objectives[index];
        let links = &self.handbook.links;
        let path = self.objective_paths[index].as_str();
        let scored = &self.scores[index];
        let mut ancestors = Vec::new();
        let mut cursor = links.parent_of[index];
        let mut top = index;
        while let Some(parent) = cursor {
            ancestors.push(self.card(path, parent));
            top = parent;
            cursor = links.parent_of[parent];
        }
        let supports_private = self.parent_left_out(top);
        ancestors.reverse();
        let mut layout = self.layout(path, &objective.title, "period");
        layout.edit_url = self.edit_url(&objective.origin.display_path);
        if let Some(team) = links.team_of[index] {
            let mut chain = vec![team];
            while let Some(parent) = links.team_parent[*chain.last().unwrap_or(&team)] {
                chain.push(parent);
            }
            layout.breadcrumbs = chain
                .into_iter()
                .rev()
                .map(|t| self.team_link(path, t))
                .collect();
        } else if let Some(owner) = &objective.owner {
            layout.breadcrumbs = vec![self.person_link(path, owner)];
        }
        // The period within the team: its section of the team's page.
        layout.breadcrumbs.push(Link {
            label: objective.period.to_string(),
            href: match links.team_of[index] {
                Some(team) => format!(
                    "{}#{}",
                    relative(path, &self.team_paths[team]),
                    objective.period
                ),
                None => relative(path, &period_path(objective.period)),
            },
            current: false,
        });
        ObjectiveView {
            card: self.card(path, index),
            cascade_href: relative(path, &cascade_path(objective.period)),
            expected_percent: (scored.expected * 100.0).round() as u32,
            tags: objective.tags.clone(),
            key_results: objective
                .key_results
                .iter()
                .zip(&scored.key_results)
                .enumerate()
                .map(|(kr_index, (kr, kr_score))| {
                    let mut view = self.key_result(path, kr, kr_score);
                    view.chart = self.key_result_chart(index, kr_index);
                    view.edit_url = self.key_result_edit_url(index, kr_index);
                    view
                })
                .collect(),
            last_updated: self.last_checkin(index).map(|d| d.to_string()),
            chain: self.chain(path, index),
            team_periods: self.team_neighbours(path, index),
            notices: self.notices(index),
            progress_chart: self.objective_chart(index),
            initiatives: objective
                .initiatives
                .iter()
                .map(|i| InitiativeView {
                    title: i.title.clone(),
                    owner: i.owner.as_deref().map(|o| self.person_link(path, o)),
                    status: i.status.as_str(),
                    link: i.link.clone(),
                    key_results: i.key_results.clone(),
                })
                .collect(),
            grade: objective.grade.as_ref().map(|g| GradeView {
                score: g.score.map(score_view),
                date: g.date.map(|d| d.to_string()),
                learned: g.learned.clone(),
                next: g.next.map(|n| n.as_str()),
            }),
            body_html: self.markdown(&objective.body),
            ancestors,
            supports_private,
            children: self.cards(path, links.children_of[index].iter().copied()),
            carried_from: links.carried_from[index].map(|i| self.card(path, i)),
            carried_to: self.cards(path, links.carried_to[index].iter().copied()),
            layout,
        }
    }

    fn key_result(&self, path: &str, kr: &KeyResult, scored: &score::KrScore) -> KeyResultView {
        let with_unit = |value: f64| with_unit(kr, value);
        let value_text = |value: CheckinValue| value_text(kr, value);
        let latest = scored.latest.and_then(|i| kr.checkins.get(i));
        KeyResultView {
            last_updated: latest.map(|c| c.date.to_string()),
            edit_url: None,
            id: kr.id.clone(),
            title: kr.title.clone(),
            owner: kr.owner.as_deref().map(|o| self.person_link(path, o)),
            kind: kr.kind.as_str(),
            unit: kr.unit.clone(),
            baseline: scored.baseline.map(with_unit),
            target: kr.target.map(with_unit),
            current: scored.current.map(value_text),
            direction: kr.direction.as_str(),
            weight: format_number(kr.weight),
            measured_by: kr.measured_by.clone(),
            score: score_view(scored.score),
            overridden: scored.overridden,
            confidence: latest.and_then(|c| c.confidence).map(|c| format!("{c:.1}")),
            confidence_band: latest.and_then(|c| c.confidence).map(confidence_band),
            latest_note: latest.and_then(|c| c.note.clone()),
            checkins: kr
                .checkins
                .iter()
                .rev()
                .map(|c| CheckinView {
                    date: c.date.to_string(),
                    value: value_text(c.value),
                    confidence: c.confidence.map(|n| format!("{n:.1}")),
                    note: c.note.clone(),
                    blockers: c.blockers.clone(),
                    after_as_of: c.date > self.options.as_of,
                })
                .collect(),
            chart: None,
        }
    }

    fn team(&self, index: usize) -> TeamView {
        let team = &self.handbook.teams[index];
        let links = &self.handbook.links;
        let path = self.team_paths[index].as_str();
        let mut by_period: BTreeMap<Period, Vec<usize>> = BTreeMap::new();
        for &objective in &links.team_objectives[index] {
            by_period
                .entry(self.handbook.objectives[objective].period)
                .or_default()
                .push(objective);
        }
        let mut layout = self.layout(path, &team.name, "teams");
        layout.edit_url = self.edit_url(&team.origin.display_path);
        let mut chain = Vec::new();
        let mut cursor = links.team_parent[index];
        while let Some(parent) = cursor {
            chain.push(self.team_link(path, parent));
            cursor = links.team_parent[parent];
        }
        chain.reverse();
        layout.breadcrumbs = chain;
        let mut sub_teams: Vec<Link> = links.sub_teams[index]
            .iter()
            .map(|&t| self.team_link(path, t))
            .collect();
        sub_teams.sort_by(|a, b| a.label.cmp(&b.label));
        let history = self.history_chart(
            &format!("Final scores of {} per period", team.name),
            &links.team_objectives[index],
            "history-chart",
        );
        let last_updated = links.team_objectives[index]
            .iter()
            .filter_map(|&o| self.last_checkin(o))
            .max();
        TeamView {
            history,
            last_updated: last_updated.map(|d| d.to_string()),
            id: team.id.clone(),
            name: team.name.clone(),
            level: if links.team_parent[index].is_none() {
                "organization"
            } else {
                "team"
            },
            parent: links.team_parent[index].map(|p| self.team_link(path, p)),
            lead: team.lead.as_deref().map(|l| self.person_link(path, l)),
            members: team
                .members
                .iter()
                .map(|m| self.person_link(path, m))
                .collect(),
            sub_teams,
            mission_html: self.markdown(&team.body),
            periods: by_period
                .into_iter()
                .rev()
                .map(|(period, indexes)| PeriodGroup {
                    period: Link {
                        label: period.to_string(),
                        href: relative(path, &period_path(period)),
                        current: period == self.current_period,
                    },
                    average: self.average(&indexes),
                    objectives: self.cards(path, indexes.iter().copied()),
                })
                .collect(),
            layout,
        }
    }

    fn teams_index(&self) -> TeamsView {
        let path = "teams.html";
        fn node(context: &Context, path: &str, team: usize) -> TeamNode {
            let data = &context.handbook.teams[team];
            let mut children: Vec<usize> = context.handbook.links.sub_teams[team].clone();
            children.sort_by(|&a, &b| {
                context.handbook.teams[a]
                    .name
                    .cmp(&context.handbook.teams[b].name)
            });
            TeamNode {
                team: context.team_link(path, team),
                lead: data.lead.clone(),
                member_count: data.members.len(),
                children: children
                    .into_iter()
                    .map(|c| node(context, path, c))
                    .collect(),
            }
        }
        let mut roots: Vec<usize> = (0..self.handbook.teams.len())
            .filter(|&t| self.handbook.links.team_parent[t].is_none())
            .collect();
        roots.sort_by(|&a, &b| {
            self.handbook.teams[a]
                .name
                .cmp(&self.handbook.teams[b].name)
        });
        TeamsView {
            layout: self.layout(path, "Teams", "teams"),
            tree: roots.into_iter().map(|t| node(self, path, t)).collect(),
        }
    }

    fn period(&self, period: Period) -> PeriodView {
        let path = period_path(period);
        let (teams, individuals, all) = self.groups(&path, period);
        let position = self.periods.iter().position(|p| *p == period);
        let neighbour = |p: Option<&Period>| {
            p.map(|p| Link {
                label: p.to_string(),
                href: relative(&path, &period_path(*p)),
                current: false,
            })
        };
        let overview = self.overview_chart(period, &teams);
        PeriodView {
            overview,
            layout: self.layout(&path, &format!("{period}"), "period"),
            period: period.to_string(),
            cascade_href: relative(&path, &cascade_path(period)),
            previous: neighbour(
                position
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| self.periods.get(i)),
            ),
            next: neighbour(position.and_then(|i| self.periods.get(i + 1))),
            progress: self.progress(period, &all),
            teams,
            individuals,
        }
    }

    fn cascade(&self, period: Period) -> CascadeView {
        let path = cascade_path(period);
        let links = &self.handbook.links;
        fn node(
            context: &Context,
            path: &str,
            index: usize,
            parent_elsewhere: Option<Card>,
        ) -> CascadeNode {
            CascadeNode {
                card: context.card(path, index),
                parent_elsewhere,
                children: context.handbook.links.children_of[index]
                    .iter()
                    .map(|&c| node(context, path, c, None))
                    .collect(),
            }
        }
        let mut roots = Vec::new();
        let mut supporting_private = Vec::new();
        for (objective, index) in self.published() {
            if objective.period != period {
                continue;
            }
            match links.parent_of[index] {
                None if self.parent_left_out(index) => {
                    supporting_private.push(node(self, &path, index, None))
                }
                None => roots.push(node(self, &path, index, None)),
                Some(parent) if self.handbook.objectives[parent].period != period => {
                    roots.push(node(self, &path, index, Some(self.card(&path, parent))))
                }
                Some(_) => {}
            }
        }
        roots.sort_by(|a, b| {
            let rank = |n: &CascadeNode| match n.card.level {
                "organization" => 0,
                "team" => 1,
                _ => 2,
            };
            rank(a)
                .cmp(&rank(b))
                .then_with(|| a.card.id.cmp(&b.card.id))
        });
        CascadeView {
            layout: self.layout(&path, &format!("Cascade {period}"), "cascade"),
            period: period.to_string(),
            period_href: relative(&path, &period_path(period)),
            roots,
            supporting_private,
        }
    }

    fn person(&self, name: &str, path: &str) -> PersonView {
        let empty = Involvement::default();
        let involved = self.involvement.get(name).unwrap_or(&empty);
        let leads = involved
            .leads
            .iter()
            .map(|&t| self.team_link(path, t))
            .collect();
        let member_of = involved
            .member_of
            .iter()
            .map(|&t| self.team_link(path, t))
            .collect();
        let mut objectives = Vec::new();
        let mut key_results = Vec::new();
        let mut initiatives = Vec::new();
        for &index in &involved.objectives {
            let objective = &self.handbook.objectives[index];
            if objective.owner.as_deref() == Some(name) {
                objectives.push(self.card(path, index));
            }
            for (kr, kr_score) in objective
                .key_results
                .iter()
                .zip(&self.scores[index].key_results)
            {
                if kr.owner.as_deref() == Some(name) {
                    key_results.push(OwnedKeyResult {
                        title: kr.title.clone(),
                        objective: self.card(path, index),
                        score: score_view(kr_score.score),
                    });
                }
            }
            for initiative in &objective.initiatives {
                if initiative.owner.as_deref() == Some(name) {
                    initiatives.push(OwnedInitiative {
                        title: initiative.title.clone(),
                        status: initiative.status.as_str(),
                        objective: self.card(path, index),
                    });
                }
            }
        }
        let owned: Vec<usize> = involved
            .objectives
            .iter()
            .copied()
            .filter(|&i| self.handbook.objectives[i].owner.as_deref() == Some(name))
            .collect();
        let history = self.history_chart(
            &format!("Final scores of {name}'s objectives per period"),
            &owned,
            "history-chart",
        );
        PersonView {
            history,
            layout: self.layout(path, name, "people"),
            name: name.to_string(),
            leads,
            member_of,
            objectives,
            key_results,
            initiatives,
        }
    }

    fn people_index(&self) -> PeopleView {
        let path = "people.html";
        PeopleView {
            layout: self.layout(path, "People", "people"),
            people: self
                .people
                .keys()
                .map(|name| self.person_link(path, name))
                .collect(),
        }
    }

    fn page(&self, page: &crate::model::Page, path: &str) -> PageView {
        let mut layout = self.layout(path, &page.title, "guide");
        layout.edit_url = self.edit_url(&page.origin.display_path);
        PageView {
            layout,
            title: page.title.clone(),
            description: page.description.clone(),
            extra: page.extra.clone(),
            body_html: self.markdown(&page.body),
        }
    }

    fn not_found(&self) -> NotFoundView {
        let root = self.handbook.config.site_url.clone();
        NotFoundView {
            layout: self.layout_with_root(root, "404.html", "Page not found", "home"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_the_root() {
        assert_eq!(relative("index.html", "teams/a.html"), "teams/a.html");
        assert_eq!(
            relative("a/b/c.html", "periods/2026-Q4.html"),
            "../../periods/2026-Q4.html"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Priya Raman"), "priya-raman");
        assert_eq!(slug("  José  O'Neil "), "jos-o-neil");
        assert_eq!(slug("李"), "person");
        assert_eq!(slug(&"Ada ".repeat(100)).len(), 79);
    }

    #[test]
    fn score_bands_follow_the_rounded_score() {
        assert_eq!(score_view(0.394).band, "red");
        assert_eq!(score_view(0.396).text, "0.40");
        assert_eq!(
            score_view(0.396).band,
            "yellow",
            "a score shown as 0.40 is in the yellow band"
        );
        assert_eq!(score_view(0.69).band, "yellow");
        assert_eq!(score_view(0.7).band, "green");
        assert_eq!(score_view(0.42).text, "0.42");
    }
}
