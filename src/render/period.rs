//! The pages about one period: the home page (the current period), a
//! period's page and its cascade, with the progress and team groups they share.

use super::context::Context;
use super::paths::{cascade_path, period_path, relative};
use super::views::*;
use crate::model::Level;
use crate::period::Period;
use crate::score::Status;
use std::collections::BTreeMap;

impl<'a> Context<'a> {
    pub(super) fn home(&self) -> HomeView {
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
        let (organization_label, several_root_teams) = self.organization_label();
        HomeView {
            attention: self.attention(path),
            overview,
            organization_label,
            several_root_teams,
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

    pub(super) fn period(&self, period: Period) -> PeriodView {
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
            period_dates: self.period_dates(period),
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

    pub(super) fn cascade(&self, period: Period) -> CascadeView {
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
        // Stable: within a level, the authors' order (the objectives' order).
        roots.sort_by_key(|n| match n.card.level {
            "organization" => 0,
            "team" => 1,
            _ => 2,
        });
        CascadeView {
            layout: self.layout(&path, &format!("Cascade {period}"), "cascade"),
            period: period.to_string(),
            period_href: relative(&path, &period_path(period)),
            roots,
            supporting_private,
        }
    }

    /// The days `period` runs, for readers, when fiscal years are not
    /// calendar years: then `2027-Q4` alone does not say whether it is
    /// November 2026 to January 2027 or a year later.
    pub(super) fn period_dates(&self, period: Period) -> Option<String> {
        let fiscal = self.handbook.config.fiscal_year;
        (!fiscal.is_calendar()).then(|| period.dates_text(fiscal))
    }

    pub(super) fn progress(&self, period: Period, indexes: &[usize]) -> PeriodProgress {
        let fiscal = self.handbook.config.fiscal_year;
        let as_of = self.options.as_of;
        let state = if as_of < period.start(fiscal) {
            "upcoming"
        } else if as_of >= period.end(fiscal) {
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
            start: period.start(fiscal).to_string(),
            last_day: period.last_day(fiscal).to_string(),
            elapsed_percent: (period.elapsed_fraction(fiscal, as_of) * 100.0).round() as u32,
            objective_count: indexes.len(),
            average: self.average(indexes),
            on_track: count(Status::OnTrack),
            at_risk: count(Status::AtRisk),
            off_track: count(Status::OffTrack),
            no_data: count(Status::NoData),
        }
    }

    /// Published objectives of a period grouped by team (teams in tree order), then individual goals.
    pub(super) fn groups(
        &self,
        from: &str,
        period: Period,
    ) -> (Vec<TeamGroup>, Vec<Card>, Vec<usize>) {
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
}
