//! The coaching findings on the site: a notice on each objective's page and a
//! handbook health page that counts them by practice and lists them by team.

use super::views::{
    HealthGroup, HealthItem, HealthView, Link, LintNotice, PracticeCount, PracticeGroup,
};
use super::{relative, Context};
use crate::codes::{Practice, PRACTICES};
use crate::diagnostic::{Diagnostic, Subject};
use std::collections::{BTreeMap, HashMap};

/// The findings given to the renderer, by the record they are about.
#[derive(Default)]
pub struct FindingIndex {
    by_objective: HashMap<usize, Vec<usize>>,
    by_team: HashMap<usize, Vec<usize>>,
    other: Vec<usize>,
}

impl Context<'_> {
    /// Sorts the warnings given to the renderer by the objective or team they
    /// are about (their [`Subject`]); findings about neither, or about a
    /// record this handbook does not show, go with the whole handbook.
    pub fn index_findings(&self) -> FindingIndex {
        let objectives: HashMap<&str, usize> = self
            .handbook
            .objectives
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i))
            .collect();
        let teams: HashMap<&str, usize> = self
            .handbook
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        let mut index = FindingIndex::default();
        // `coaching = "off"`: the site shows no finding at all.
        if !self.handbook.config.coaching.health_page() {
            return index;
        }
        for (position, finding) in self.options.findings.iter().enumerate() {
            let objective = finding
                .subject
                .as_ref()
                .and_then(Subject::objective)
                .and_then(|id| objectives.get(id));
            let team = match &finding.subject {
                Some(Subject::Team(id)) => teams.get(id.as_str()),
                _ => None,
            };
            if let Some(&objective) = objective {
                index
                    .by_objective
                    .entry(objective)
                    .or_default()
                    .push(position);
            } else if let Some(&team) = team {
                index.by_team.entry(team).or_default().push(position);
            } else {
                index.other.push(position);
            }
        }
        index
    }

    /// The findings about one objective, for the notice on its page; none
    /// unless `coaching` puts them on objective pages.
    pub fn notices(&self, objective: usize) -> Vec<LintNotice> {
        if !self.handbook.config.coaching.on_pages() {
            return Vec::new();
        }
        self.findings
            .by_objective
            .get(&objective)
            .map(|positions| {
                positions
                    .iter()
                    .map(|&p| notice(&self.options.findings[p]))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every published finding, grouped by team, then individual goals, then the rest.
    pub fn health(&self) -> HealthView {
        let path = "health.html";
        let mut per_team: BTreeMap<usize, Vec<HealthItem>> = BTreeMap::new();
        let mut individuals = Vec::new();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut objectives: Vec<(&usize, &Vec<usize>)> =
            self.findings.by_objective.iter().collect();
        objectives.sort();
        for (&objective, positions) in objectives {
            let o = &self.handbook.objectives[objective];
            for &position in positions {
                let finding = &self.options.findings[position];
                *counts.entry(finding.code.as_str()).or_default() += 1;
                let item = HealthItem {
                    notice: notice(finding),
                    subject: Some(Link {
                        label: format!("{} ({})", crate::inline::plain(&o.title), o.period),
                        href: relative(path, &self.objective_paths[objective]),
                        current: false,
                    }),
                };
                match self.handbook.links.team_of[objective] {
                    Some(team) => per_team.entry(team).or_default().push(item),
                    None => individuals.push(item),
                }
            }
        }
        let mut teams: Vec<(&usize, &Vec<usize>)> = self.findings.by_team.iter().collect();
        teams.sort();
        for (&team, positions) in teams {
            for &position in positions {
                let finding = &self.options.findings[position];
                *counts.entry(finding.code.as_str()).or_default() += 1;
                per_team.entry(team).or_default().push(HealthItem {
                    notice: notice(finding),
                    subject: None,
                });
            }
        }
        let mut groups: Vec<HealthGroup> = self
            .team_order()
            .into_iter()
            .filter_map(|team| {
                let items = per_team.remove(&team)?;
                Some(HealthGroup {
                    title: self.handbook.teams[team].name.clone(),
                    link: Some(self.team_link(path, team)),
                    items,
                })
            })
            .collect();
        if !individuals.is_empty() {
            groups.push(HealthGroup {
                title: "Individual goals".to_string(),
                link: None,
                items: individuals,
            });
        }
        let other: Vec<HealthItem> = self
            .findings
            .other
            .iter()
            .map(|&p| {
                let finding = &self.options.findings[p];
                *counts.entry(finding.code.as_str()).or_default() += 1;
                HealthItem {
                    notice: notice(finding),
                    subject: None,
                }
            })
            .collect();
        if !other.is_empty() {
            groups.push(HealthGroup {
                title: "The whole handbook".to_string(),
                link: None,
                items: other,
            });
        }
        let practices = practice_counts(&groups);
        HealthView {
            layout: self.layout(path, "Handbook health", "health"),
            practices,
            total: counts.values().sum(),
            counts: counts
                .into_iter()
                .map(|(code, count)| (code.to_string(), count))
                .collect(),
            groups,
        }
    }
}

/// The findings of `groups` counted by practice, the most first (ties in
/// the order of [`PRACTICES`]); practices without findings are left out.
fn practice_counts(groups: &[HealthGroup]) -> Vec<PracticeCount> {
    let mut counts: Vec<PracticeCount> = PRACTICES
        .iter()
        .map(|&practice| {
            let groups: Vec<PracticeGroup> = groups
                .iter()
                .enumerate()
                .filter_map(|(index, group)| {
                    let count = group
                        .items
                        .iter()
                        .filter(|item| item.notice.practice.as_deref() == Some(practice.name()))
                        .count();
                    (count > 0).then(|| PracticeGroup {
                        title: group.title.clone(),
                        anchor: format!("group-{}", index + 1),
                        count,
                    })
                })
                .collect();
            PracticeCount {
                name: practice.name().to_string(),
                anchor: practice_anchor(practice),
                summary: practice.summary().to_string(),
                count: groups.iter().map(|g| g.count).sum(),
                groups,
            }
        })
        .filter(|practice| practice.count > 0)
        .collect();
    // Stable: equal counts keep the order of PRACTICES.
    counts.sort_by_key(|practice| std::cmp::Reverse(practice.count));
    counts
}

fn practice_anchor(practice: Practice) -> String {
    format!("practice-{}", practice.slug())
}

fn notice(finding: &Diagnostic) -> LintNotice {
    let practice = finding.code.practice();
    LintNotice {
        code: finding.code.to_string(),
        practice: practice.map(|p| p.name().to_string()),
        practice_anchor: practice.map(practice_anchor),
        message: finding.message.clone(),
        help: finding.help.clone(),
        location: format!("{}:{}", finding.file, finding.line),
    }
}
