//! Rebuilding only what an edit touches, for `okrbook serve`.
//!
//! A [`Fingerprint`] records, for a rendered site, a hash of everything every
//! page shows (settings, teams, guides, periods, people, navigation) and for
//! each objective a hash of its file and coaching findings, and its
//! neighbours. Comparing two fingerprints gives the pages to render again:
//! the objectives that changed, their parents, children and descendants (whose
//! pages show their ancestors), the chains they belong to, and the teams,
//! periods, cascades and people those touch, plus the pages that list
//! everything (home, indexes, grading, health). Anything global changing
//! means a full render.

use super::context::Context;
use super::pages::Page;
use crate::period::Period;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// What a rendered site was made from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fingerprint {
    global: u64,
    objectives: HashMap<String, ObjectivePrint>,
    pages: HashMap<String, u64>,
    /// Every file of the site, to remove those a change leaves out.
    pub paths: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct ObjectivePrint {
    hash: u64,
    period: Period,
    team: Option<String>,
    people: Vec<String>,
    parent: Option<String>,
    children: Vec<String>,
    /// `carried_from` and the objectives that carry it on.
    carried: Vec<String>,
}

/// Which pages to render.
#[derive(Debug, Default)]
pub struct Affected {
    /// The objectives whose own files or findings changed: their pages come first.
    pub edited: HashSet<String>,
    pub objectives: HashSet<String>,
    pub teams: HashSet<String>,
    pub periods: HashSet<Period>,
    pub people: HashSet<String>,
    pub pages: HashSet<String>,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl Context<'_> {
    pub fn fingerprint(&self, paths: BTreeSet<String>) -> Fingerprint {
        let handbook = self.handbook;
        let config = &handbook.config;
        let mut global = DefaultHasher::new();
        (
            &config.title,
            &config.description,
            &config.site_url,
            &config.theme,
            &config.edit_url_template,
            config.fiscal_year,
        )
            .hash(&mut global);
        self.current_period.to_string().hash(&mut global);
        self.periods
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .hash(&mut global);
        self.people.hash(&mut global);
        for team in &handbook.teams {
            (
                &team.id,
                &team.name,
                &team.parent,
                &team.lead,
                &team.members,
                &team.body,
            )
                .hash(&mut global);
        }
        for page in &handbook.pages {
            (
                &page.title,
                &page.origin.rel_path,
                page.order.map(f64::to_bits),
            )
                .hash(&mut global);
        }
        handbook.home.as_ref().map(|h| &h.body).hash(&mut global);
        self.options.as_of.hash(&mut global);

        let links = &handbook.links;
        let id = |i: usize| handbook.objectives[i].id.clone();
        let objectives = handbook
            .objectives
            .iter()
            .enumerate()
            .map(|(index, objective)| {
                let findings: Vec<String> = self
                    .notices(index)
                    .into_iter()
                    .map(|n| format!("{}{}{:?}", n.code, n.message, n.help))
                    .collect();
                let hash = hash_of((
                    &objective.origin.display_path,
                    objective.origin.stem_path(),
                    objective.origin.yaml(),
                    &objective.body,
                    findings,
                    objective.private,
                    // A commit can change an objective's target history and nothing else.
                    format!("{:?}", self.options.history.changes(&objective.id)),
                    // Rows of a data file (`source:`) change check-ins, not the objective's file.
                    objective
                        .key_results
                        .iter()
                        .filter(|kr| kr.source.is_some())
                        .map(|kr| format!("{:?}", kr.checkins))
                        .collect::<Vec<_>>(),
                ));
                let mut people: Vec<String> = objective.owners.clone();
                people.extend(
                    objective
                        .key_results
                        .iter()
                        .flat_map(|kr| kr.owners.iter().cloned()),
                );
                people.extend(objective.initiatives.iter().filter_map(|i| i.owner.clone()));
                let mut carried: Vec<String> =
                    links.carried_from[index].map(id).into_iter().collect();
                carried.extend(links.carried_to[index].iter().map(|&i| id(i)));
                // A key result's `carried_from` shows the earlier one's title.
                carried.extend(
                    objective
                        .key_results
                        .iter()
                        .filter_map(|kr| kr.carried_from.as_deref())
                        .filter_map(|r| r.split_once('#'))
                        .map(|(objective, _)| objective.to_string()),
                );
                let print = ObjectivePrint {
                    hash,
                    period: objective.period,
                    team: links.team_of[index].map(|t| handbook.teams[t].id.clone()),
                    people,
                    parent: links.parent_of[index].map(id),
                    children: links.children_of[index].iter().map(|&i| id(i)).collect(),
                    carried,
                };
                (objective.id.clone(), print)
            })
            .collect();
        let pages = handbook
            .pages
            .iter()
            .map(|page| {
                (
                    page.origin.rel_path.clone(),
                    hash_of((&page.body, &page.description, page.extra.to_string())),
                )
            })
            .collect();
        Fingerprint {
            global: global.finish(),
            objectives,
            pages,
            paths,
        }
    }
}

/// The pages an edit touches, or `None` when everything must be rendered again.
pub fn affected(old: &Fingerprint, new: &Fingerprint) -> Option<Affected> {
    if old.global != new.global {
        return None;
    }
    let mut affected = Affected::default();
    for (path, hash) in &new.pages {
        if old.pages.get(path) != Some(hash) {
            affected.pages.insert(path.clone());
        }
    }
    let changed: Vec<&String> = old
        .objectives
        .keys()
        .chain(new.objectives.keys())
        .filter(|id| old.objectives.get(*id) != new.objectives.get(*id))
        .collect();
    let mut touched: HashSet<String> = HashSet::new();
    for id in changed {
        affected.edited.insert(id.clone());
        touched.insert(id.clone());
        for print in [old.objectives.get(id), new.objectives.get(id)]
            .into_iter()
            .flatten()
        {
            touched.extend(print.parent.iter().cloned());
            touched.extend(print.carried.iter().cloned());
        }
        for side in [old, new] {
            reachable(side, id, |print| &print.children, &mut touched);
            reachable(side, id, |print| &print.carried, &mut touched);
        }
    }
    for id in &touched {
        for side in [old, new] {
            if let Some(print) = side.objectives.get(id) {
                affected.periods.insert(print.period);
                affected.teams.extend(print.team.iter().cloned());
                // An owner may be a team, whose page lists what it owns.
                affected.teams.extend(print.people.iter().cloned());
                affected.people.extend(print.people.iter().cloned());
                let mut cursor = print.parent.clone();
                let mut guard = 0;
                while let Some(parent) = cursor {
                    guard += 1;
                    match side.objectives.get(&parent) {
                        Some(up) if guard < 10_000 => {
                            affected.periods.insert(up.period);
                            cursor = up.parent.clone();
                        }
                        _ => break,
                    }
                }
            }
        }
    }
    affected.objectives = touched;
    Some(affected)
}

/// Every objective reachable from `id` by following `next` (children, or the
/// carried_from chain), added to `into`.
fn reachable(
    side: &Fingerprint,
    id: &str,
    next: fn(&ObjectivePrint) -> &[String],
    into: &mut HashSet<String>,
) {
    let mut stack = vec![id.to_string()];
    let mut seen = HashSet::new();
    while let Some(node) = stack.pop() {
        if !seen.insert(node.clone()) {
            continue;
        }
        if let Some(print) = side.objectives.get(&node) {
            for other in next(print) {
                into.insert(other.clone());
                stack.push(other.clone());
            }
        }
    }
}

impl Context<'_> {
    /// Whether `page` shows an edited objective or guide itself: the pages
    /// serve shows before the others an edit reaches.
    pub(super) fn edited_page(&self, page: Page<'_>, plan: &Affected) -> bool {
        match page {
            Page::Objective(index) => plan.edited.contains(&self.handbook.objectives[index].id),
            Page::Guide(index) => plan
                .pages
                .contains(&self.handbook.pages[index].origin.rel_path),
            _ => false,
        }
    }

    /// Whether `page` must be rendered again after the edits in `plan`.
    pub(super) fn affected_by(&self, page: Page<'_>, plan: &Affected) -> bool {
        match page {
            Page::Home | Page::Teams | Page::People | Page::Health | Page::Grading => true,
            Page::NotFound => false,
            Page::Objective(index) => {
                plan.objectives
                    .contains(&self.handbook.objectives[index].id)
                    || self.team_neighbours_touched(index, plan)
            }
            Page::Team(index) => plan.teams.contains(&self.handbook.teams[index].id),
            Page::Period(period) | Page::Cascade(period) => plan.periods.contains(&period),
            Page::Person(name, _) => plan.people.contains(name),
            Page::Guide(index) => plan
                .pages
                .contains(&self.handbook.pages[index].origin.rel_path),
        }
    }

    /// Whether an edit under `plan` may change the neighbouring periods of the
    /// objective at `index`'s team: the team is touched, and a touched period
    /// has no period of the team between it and the objective's.
    pub(super) fn team_neighbours_touched(&self, index: usize, plan: &Affected) -> bool {
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
}
