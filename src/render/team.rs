//! A team's page (its objectives by period, its history) and the list of teams.

use super::context::Context;
use super::paths::{period_path, relative};
use super::views::*;
use crate::period::Period;
use std::collections::BTreeMap;

impl<'a> Context<'a> {
    pub(super) fn team(&self, index: usize) -> TeamView {
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
            formerly: team.formerly.clone(),
            owned_key_results: self.key_results_owned_by(path, &team.id),
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

    /// The key results that name the team `id` as an owner, newest period
    /// first, then as the objectives are listed.
    fn key_results_owned_by(&self, path: &str, id: &str) -> Vec<OwnedKeyResult> {
        let mut owned: Vec<(Period, OwnedKeyResult)> = Vec::new();
        for (objective, index) in self.published() {
            for (kr_index, kr) in objective.key_results.iter().enumerate() {
                if kr.owners.iter().any(|o| o == id) {
                    owned.push((
                        objective.period,
                        OwnedKeyResult {
                            title: kr.title.clone(),
                            objective: self.card(path, index),
                            score: self.kr_score_view(index, kr_index),
                        },
                    ));
                }
            }
        }
        owned.sort_by_key(|(period, _)| std::cmp::Reverse(*period));
        owned.into_iter().map(|(_, kr)| kr).collect()
    }

    pub(super) fn teams_index(&self) -> TeamsView {
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
}
