//! The render context: the handbook with its scores, where every page
//! lives, and the building blocks every page's view shares (layout and
//! navigation, links, objective cards, score bands). The views of each
//! family of pages are built in `objective`, `team`, `period`, `person` and
//! `guide`.

use super::health;
use super::markdown;
use super::paths::{cascade_path, html_path, period_path, relative};
use super::views::*;
use super::RenderOptions;
use crate::date::Date;
use crate::model::{Handbook, Objective};
use crate::period::{FiscalYear, Period};
use crate::score::{self, Band, ObjectiveScore, Status};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    pub(super) involvement: HashMap<String, Involvement>,
    /// Per team: the periods in which it has a published objective, oldest first.
    pub(super) team_periods: Vec<Vec<Period>>,
    /// The sidebar's team tree: top-level teams, then each team's sub-teams, by name.
    pub(super) nav_roots: Vec<usize>,
    pub(super) nav_children: Vec<Vec<usize>>,
    /// Page path → team, for the sidebar's current team.
    pub(super) team_by_path: HashMap<String, usize>,
}

/// Up to this many teams, every page's sidebar shows the whole tree; above,
/// the top level and the branch down to the page's team, at most
/// [`NAV_SIBLINGS`] teams a level, so that the navigation of every page does
/// not grow with the handbook.
const NAV_TEAMS: usize = 40;
const NAV_SIBLINGS: usize = 12;

/// Where one person appears.
#[derive(Default)]
pub(super) struct Involvement {
    pub(super) leads: Vec<usize>,
    pub(super) member_of: Vec<usize>,
    /// Published objectives they own, or own a key result or initiative of: newest period first, then by id.
    pub(super) objectives: Vec<usize>,
}

impl<'a> Context<'a> {
    pub fn new(handbook: &'a Handbook, options: &'a RenderOptions) -> Context<'a> {
        let fiscal = handbook.config.fiscal_year;
        let scores = score::score_handbook(handbook, options.as_of);
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
        let mut periods: BTreeSet<Period> = handbook.objectives.iter().map(|o| o.period).collect();
        let current_period = handbook
            .config
            .current_period
            .unwrap_or_else(|| default_current_period(&periods, options.as_of, fiscal));
        // Every page links to the current period's pages: they are written
        // even when it has no objectives (yet).
        periods.insert(current_period);
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
            nav_roots: Vec::new(),
            nav_children: Vec::new(),
            team_by_path: HashMap::new(),
        };
        context.team_periods = context.collect_team_periods();
        (context.nav_roots, context.nav_children) = context.collect_nav_teams();
        context.team_by_path = context
            .team_paths
            .iter()
            .enumerate()
            .map(|(t, p)| (p.clone(), t))
            .collect();
        context.involvement = context.collect_involvement();
        context.people = context.collect_people();
        context.findings = context.index_findings();
        context
    }

    pub(super) fn collect_team_periods(&self) -> Vec<Vec<Period>> {
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

    /// The top-level teams and every team's sub-teams, each by name.
    pub(super) fn collect_nav_teams(&self) -> (Vec<usize>, Vec<Vec<usize>>) {
        let teams = &self.handbook.teams;
        let links = &self.handbook.links;
        let by_name =
            |list: &mut Vec<usize>| list.sort_by(|&a, &b| teams[a].name.cmp(&teams[b].name));
        let mut roots: Vec<usize> = (0..teams.len())
            .filter(|&t| links.team_parent[t].is_none())
            .collect();
        by_name(&mut roots);
        let children = links
            .sub_teams
            .iter()
            .map(|children| {
                let mut children = children.clone();
                by_name(&mut children);
                children
            })
            .collect();
        (roots, children)
    }

    /// The sidebar's team tree on the page at `path`; `link` makes a path
    /// from the site's root into an href from the page.
    fn nav_tree(&self, path: &str, link: &dyn Fn(&str) -> String) -> Vec<NavTeam> {
        let current = self.team_by_path.get(path).copied();
        // The current team and the teams above it.
        let mut branch = Vec::new();
        let mut team = current;
        while let Some(t) = team {
            if branch.contains(&t) {
                break;
            }
            branch.push(t);
            team = self.handbook.links.team_parent[t];
        }
        let whole = self.handbook.teams.len() <= NAV_TEAMS;
        // The teams of one level shown: all of them in a small handbook;
        // in a large one the first by name, and the one on the branch
        // wherever it sorts.
        let level = |teams: &[usize]| -> Vec<usize> {
            if whole {
                return teams.to_vec();
            }
            let mut level: Vec<usize> = teams.iter().copied().take(NAV_SIBLINGS).collect();
            if let Some(&on_branch) = teams[level.len()..].iter().find(|t| branch.contains(t)) {
                level.push(on_branch);
            }
            level
        };
        let nav_link = |t: usize| Link {
            label: self.handbook.teams[t].name.clone(),
            href: link(&self.team_paths[t]),
            current: Some(t) == current,
        };
        // Depth-first: each team's entry is made once its sub-teams' are.
        fn node(
            team: usize,
            depth: usize,
            shown: &dyn Fn(usize) -> Vec<usize>,
            make: &dyn Fn(usize, Vec<NavTeam>) -> NavTeam,
        ) -> NavTeam {
            // `depth` bounds a (rejected, but possible) cycle.
            let sub_teams = if depth < 64 {
                shown(team)
                    .into_iter()
                    .map(|c| node(c, depth + 1, shown, make))
                    .collect()
            } else {
                Vec::new()
            };
            make(team, sub_teams)
        }
        let shown = |t: usize| {
            if whole || branch.contains(&t) {
                level(&self.nav_children[t])
            } else {
                Vec::new()
            }
        };
        let make = |t: usize, sub_teams: Vec<NavTeam>| NavTeam {
            team: nav_link(t),
            children: sub_teams.iter().map(|s| s.team.clone()).collect(),
            sub_teams,
            open: branch.contains(&t)
                || (current.is_none() && self.handbook.links.team_parent[t].is_none()),
        };
        level(&self.nav_roots)
            .into_iter()
            .map(|root| node(root, 0, &shown, &make))
            .collect()
    }

    /// Published objectives (every objective of the handbook given) with their indexes.
    pub fn published(&self) -> impl Iterator<Item = (&'a Objective, usize)> + '_ {
        self.handbook
            .objectives
            .iter()
            .enumerate()
            .map(|(i, o)| (o, i))
    }

    pub(super) fn layout(&self, path: &str, title: &str, section: &'static str) -> Layout {
        let root = "../".repeat(path.matches('/').count());
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
            health: config.coaching.health_page().then(|| link("health.html")),
            team_tree: self.nav_tree(path, &link),
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
            description: self.describe(path, title, section),
            og_type: "website",
            url: self.absolute_url(path),
        }
    }

    /// A body as HTML: raw HTML in it is sanitized unless `allow-raw-html` is set.
    pub(super) fn markdown(&self, body: &str) -> String {
        markdown::to_html_with(body, self.handbook.config.allow_raw_html)
    }

    pub(super) fn edit_url(&self, display_path: &str) -> Option<String> {
        self.handbook
            .config
            .edit_url_template
            .as_ref()
            .map(|template| template.replace("{path}", &crate::paths::encode_path(display_path)))
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

    pub(super) fn person_link(&self, from: &str, name: &str) -> Link {
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

    /// Whether an owner's name is a team's id (or a former name of one).
    pub(super) fn is_team(&self, name: &str) -> bool {
        self.handbook.links.team_by_id.contains_key(name)
    }

    /// An owner's page: the team's when `name` names a team, else the person's.
    pub(super) fn owner_link(&self, from: &str, name: &str) -> Link {
        match self.handbook.links.team_by_id.get(name) {
            Some(&team) => self.team_link(from, team),
            None => self.person_link(from, name),
        }
    }

    /// Every owner's page, in the order written.
    pub(super) fn owner_links(&self, from: &str, names: &[String]) -> Vec<Link> {
        names.iter().map(|n| self.owner_link(from, n)).collect()
    }

    pub(super) fn team_link(&self, from: &str, team: usize) -> Link {
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
            owner: objective.owners.first().map(|o| self.owner_link(from, o)),
            owners: self.owner_links(from, &objective.owners),
            level: self.handbook.level(index).as_str(),
            commitment: objective.commitment.as_str(),
            score: scored.score.map(|s| score_view_with(s, scored.status)),
            status: scored.status.as_str(),
            status_label: scored.status.label(),
            tone: score::tone(scored.status, scored.score).as_str(),
            private: objective.private,
        }
    }

    pub(super) fn cards(&self, from: &str, indexes: impl IntoIterator<Item = usize>) -> Vec<Card> {
        indexes.into_iter().map(|i| self.card(from, i)).collect()
    }

    /// The mean score of the objectives, the unscored left out; `None`
    /// when none is scored.
    /// Coloured by the status model: by pace while the objectives' period
    /// runs (when they share one), else by band.
    pub(super) fn average(&self, indexes: &[usize]) -> Option<Score> {
        let mean = score::mean(indexes.iter().map(|&i| self.scores[i].score))?;
        let mut periods = indexes.iter().map(|&i| self.handbook.objectives[i].period);
        let first = periods.next();
        let status = match first.filter(|&first| periods.all(|p| p == first)) {
            Some(period) => score::status(
                period,
                self.handbook.config.fiscal_year,
                self.options.as_of,
                mean,
            ),
            None => Status::Final,
        };
        Some(score_view_with(mean, status))
    }

    /// A key result's score coloured by the status model: its own pace in
    /// its objective's period, by band once the objective is final.
    pub(super) fn kr_score_view(&self, objective: usize, kr_index: usize) -> Option<Score> {
        let scored = &self.scores[objective];
        let kr = scored.key_results.get(kr_index)?;
        let value = kr.score?;
        let status = score::status_within(
            scored.status,
            self.handbook.objectives[objective].period,
            self.handbook.config.fiscal_year,
            self.options.as_of,
            Some(value),
        );
        Some(score_view_with(value, status))
    }

    /// Whether `period` is `upcoming`, `running` or `ended` as of the build's date.
    pub(super) fn period_state(&self, period: Period) -> &'static str {
        let fiscal_year = self.handbook.config.fiscal_year;
        let as_of = self.options.as_of;
        if as_of < period.start(fiscal_year) {
            "upcoming"
        } else if as_of >= period.end(fiscal_year) {
            "ended"
        } else {
            "running"
        }
    }

    /// What the organization level is called, and whether it has several
    /// root teams: the root team's name when there is exactly one
    /// (`IPLD`), else `Organization`.
    pub(super) fn organization_label(&self) -> (String, bool) {
        let mut roots = (0..self.handbook.teams.len())
            .filter(|&t| self.handbook.links.team_parent[t].is_none());
        match (roots.next(), roots.next()) {
            (Some(root), None) => (self.handbook.teams[root].name.clone(), false),
            (_, second) => ("Organization".to_string(), second.is_some()),
        }
    }

    /// Teams depth-first from the organization level down, siblings by name.
    pub(super) fn team_order(&self) -> Vec<usize> {
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

    /// Whether the objective at `index` names a parent that is not in the
    /// handbook rendered: a private objective left out of the public view
    /// (see [`crate::public::without_private`]).
    pub fn parent_left_out(&self, index: usize) -> bool {
        self.handbook.objectives[index].parent.is_some()
            && self.handbook.links.parent_of[index].is_none()
    }
}

/// A final score as pages show it: coloured by its grade band.
pub fn score_view(value: f64) -> Score {
    score_view_with(value, Status::Final)
}

/// A score as pages show it, coloured by the status model
/// ([`score::tone`]): by `status` while the period runs, by band when final.
pub fn score_view_with(value: f64, status: Status) -> Score {
    let clamped = value.clamp(0.0, 1.0);
    let tone = score::tone(status, Some(value));
    Score {
        text: format!("{clamped:.2}"),
        percent: (clamped * 100.0).round() as u32,
        value: clamped,
        band: score_band(value).as_str(),
        tone: tone.as_str(),
        tone_label: score::tone_label(status, tone),
        icon: tone.icon(),
    }
}

/// The band of a score as pages show it: clamped to 0..1 and rounded to the
/// two decimals displayed, so that a score shown as 0.70 is green everywhere,
/// on cards and in charts alike.
pub fn score_band(value: f64) -> Band {
    score::display_band(value)
}

/// The confidence band's word, on the documented scale ([`crate::model::confidence_word`]).
pub(super) fn confidence_band(confidence: f64) -> &'static str {
    crate::model::confidence_word(confidence)
}

/// The period a site shows as "now" when `current-period` is not set: the
/// quarter that holds `as_of` when it has objectives; else the shortest
/// period with objectives that holds `as_of` (a half, a year); else the
/// latest that has started, so that between quarters, while final scores
/// are written, the site shows the quarter just over; else the quarter.
fn default_current_period(periods: &BTreeSet<Period>, as_of: Date, fiscal: FiscalYear) -> Period {
    let quarter = Period::quarter_containing(as_of, fiscal);
    if periods.contains(&quarter) {
        return quarter;
    }
    let holding = periods
        .iter()
        .filter(|p| p.start(fiscal) <= as_of && as_of < p.end(fiscal))
        .min_by_key(|p| (p.start(fiscal).days_until(p.end(fiscal)), **p));
    let started = periods
        .iter()
        .filter(|p| p.start(fiscal) <= as_of)
        .max_by_key(|p| (p.end(fiscal), **p));
    holding.or(started).copied().unwrap_or(quarter)
}

#[cfg(test)]
mod tests {
    use super::*;

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
