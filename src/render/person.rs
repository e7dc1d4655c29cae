//! People: who appears in the handbook and under which page name, what each
//! person leads, belongs to and owns, their page and the list of people.

use super::context::{Context, Involvement};
use super::paths::{period_path, person_slugs};
use super::views::*;
use crate::model::Objective;
use std::collections::{BTreeMap, BTreeSet, HashMap};

impl<'a> Context<'a> {
    pub(super) fn collect_involvement(&self) -> HashMap<String, Involvement> {
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
        // Newest period first, then the authors' order (the objectives' order).
        ordered.sort_by(|a, b| b.0.period.cmp(&a.0.period).then_with(|| a.1.cmp(&b.1)));
        for (objective, index) in ordered {
            let mut names: Vec<&str> = objective.owners.iter().map(String::as_str).collect();
            names.extend(
                objective
                    .key_results
                    .iter()
                    .flat_map(|kr| kr.owners.iter().map(String::as_str)),
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

    pub(super) fn collect_people(&self) -> BTreeMap<String, String> {
        let mut names: BTreeSet<&str> = BTreeSet::new();
        for team in &self.handbook.teams {
            names.extend(team.lead.as_deref());
            names.extend(team.members.iter().map(String::as_str));
        }
        for (objective, _) in self.published() {
            names.extend(objective.owners.iter().map(String::as_str));
            names.extend(
                objective
                    .key_results
                    .iter()
                    .flat_map(|kr| kr.owners.iter().map(String::as_str)),
            );
            names.extend(
                objective
                    .initiatives
                    .iter()
                    .filter_map(|i| i.owner.as_deref()),
            );
        }
        // An owner that names a team is the team, which has its own page.
        names.retain(|name| !self.is_team(name));
        // Each person gets a slug no one else has, whatever order the
        // names come in: see `person_slugs`.
        person_slugs(names)
            .into_iter()
            .map(|(name, slug)| (name.to_string(), format!("people/{slug}.html")))
            .collect()
    }

    pub(super) fn person(&self, name: &str, path: &str) -> PersonView {
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
            if objective.owners.iter().any(|o| o == name) {
                objectives.push(self.card(path, index));
            }
            for (kr_index, kr) in objective.key_results.iter().enumerate() {
                if kr.owners.iter().any(|o| o == name) {
                    key_results.push(OwnedKeyResult {
                        title: kr.title.clone(),
                        objective: self.card(path, index),
                        score: self.kr_score_view(index, kr_index),
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
            .filter(|&i| self.handbook.objectives[i].owners.iter().any(|o| o == name))
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

    pub(super) fn people_index(&self) -> PeopleView {
        let path = "people.html";
        let period = self.current_period;
        let empty = Involvement::default();
        let people = self
            .people
            .keys()
            .map(|name| {
                let involved = self.involvement.get(name).unwrap_or(&empty);
                let link = self.person_link(path, name);
                let mut statuses: Vec<StatusCount> = Vec::new();
                let (mut objectives, mut key_results) = (0, 0);
                for &index in &involved.objectives {
                    let objective = &self.handbook.objectives[index];
                    if objective.period != period {
                        continue;
                    }
                    key_results += objective
                        .key_results
                        .iter()
                        .filter(|kr| kr.owners.iter().any(|o| o == name))
                        .count();
                    if !objective.owners.iter().any(|o| o == name) {
                        continue;
                    }
                    objectives += 1;
                    let status = self.scores[index].status;
                    match statuses.iter_mut().find(|s| s.status == status.as_str()) {
                        Some(count) => count.count += 1,
                        None => statuses.push(StatusCount {
                            status: status.as_str(),
                            label: status.label(),
                            count: 1,
                        }),
                    }
                }
                // The worst first: what a reader looks for.
                statuses.sort_by_key(|s| match s.status {
                    "off-track" => 0,
                    "at-risk" => 1,
                    "on-track" => 2,
                    _ => 3,
                });
                PersonRow {
                    label: link.label,
                    href: link.href,
                    current: false,
                    leads: involved
                        .leads
                        .iter()
                        .map(|&t| self.team_link(path, t))
                        .collect(),
                    member_of: involved
                        .member_of
                        .iter()
                        .filter(|t| !involved.leads.contains(t))
                        .map(|&t| self.team_link(path, t))
                        .collect(),
                    objectives,
                    statuses,
                    key_results,
                }
            })
            .collect();
        PeopleView {
            layout: self.layout(path, "People", "people"),
            period: period.to_string(),
            period_href: period_path(period),
            people,
        }
    }
}
