//! An objective's page: its key results with their charts and check-ins,
//! its chain of parents, its team's neighbouring periods and its notices.

use super::context::{confidence_band, score_view, score_view_with, Context};
use super::paths::{cascade_path, period_path, relative};
use super::views::*;
use crate::history::Field;
use crate::locate::Step;
use crate::model::{confidence_text, CheckinValue, KeyResult, KrKind};
use crate::numbers::{format_number, with_unit};
use crate::period::Period;
use crate::score;
use std::collections::BTreeSet;

impl<'a> Context<'a> {
    pub(super) fn objective(&self, index: usize) -> ObjectiveView {
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
        // `<title>` and the breadcrumbs take text only: the title's Markdown is taken out.
        let mut layout = self.layout(path, &crate::inline::plain(&objective.title), "period");
        layout.edit_url = self.edit_url(&objective.origin.display_path);
        layout.description = self.describe_objective(index);
        layout.og_type = "article";
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
        } else if let Some(owner) = objective.owners.first() {
            layout.breadcrumbs = vec![self.owner_link(path, owner)];
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
            period_dates: self.period_dates(objective.period),
            cascade_href: relative(path, &cascade_path(objective.period)),
            rolled_up_from: scored.rolled_up_from,
            supporters: links.children_of[index].len(),
            period_state: self.period_state(objective.period),
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
                    view.score = self.kr_score_view(index, kr_index);
                    view.changes = self.changes(&objective.id, kr);
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
                    // Readers know key results by their titles, not their ids.
                    drives: i
                        .key_results
                        .iter()
                        .map(|id| Link {
                            label: objective
                                .key_results
                                .iter()
                                .find(|kr| kr.id == *id)
                                .map_or_else(|| id.clone(), |kr| kr.title.clone()),
                            href: format!("#kr-{id}"),
                            current: false,
                        })
                        .collect(),
                })
                .collect(),
            // A grade shows from its date (else the period's last day):
            // before that, as of the as-of date, it has not been given.
            grade: objective
                .grade
                .as_ref()
                .filter(|g| {
                    let last_day = objective.period.last_day(self.handbook.config.fiscal_year);
                    score::counts_from(g.date, last_day) <= self.options.as_of
                })
                .map(|g| GradeView {
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

    pub(super) fn key_result(
        &self,
        path: &str,
        kr: &KeyResult,
        scored: &score::KrScore,
    ) -> KeyResultView {
        let with_unit = |value: f64| with_unit(value, kr.unit.as_deref());
        let value_text = |value: CheckinValue| value_text(kr, value);
        let latest = scored.latest.and_then(|i| kr.checkins.get(i));
        let checkin_view = |c: &crate::model::Checkin| CheckinView {
            date: c.date.to_string(),
            value: c.value.map(value_text).unwrap_or_default(),
            status_update: c.value.is_none(),
            confidence: c.confidence.map(confidence_number),
            confidence_band: c.confidence.map(confidence_band),
            confidence_text: c.confidence.map(confidence_text),
            note: c.note.clone(),
            blockers: c.blockers.clone(),
            after_as_of: c.date > self.options.as_of,
        };
        KeyResultView {
            last_updated: latest.map(|c| c.date.to_string()),
            edit_url: None,
            id: kr.id.clone(),
            title: kr.title.clone(),
            owner: kr.owners.first().map(|o| self.owner_link(path, o)),
            owners: self.owner_links(path, &kr.owners),
            priority: kr.priority.clone(),
            priority_rank: kr
                .priority
                .as_deref()
                .and_then(|p| self.handbook.config.priority(p))
                .map(|(rank, _)| rank),
            carried_from: kr
                .carried_from
                .as_deref()
                .and_then(|reference| self.carried_key_result(path, reference)),
            kind: kr.kind.as_str(),
            unit: kr.unit.clone(),
            baseline: scored.baseline.map(with_unit),
            target: kr.target.map(with_unit),
            current: scored.current.map(value_text),
            direction: kr.direction.as_str(),
            weight: format_number(kr.weight),
            measured_by: kr.measured_by.clone(),
            score: scored.score.map(score_view),
            overridden: scored.overridden,
            confidence: latest.and_then(|c| c.confidence).map(confidence_number),
            confidence_band: latest.and_then(|c| c.confidence).map(confidence_band),
            confidence_text: latest.and_then(|c| c.confidence).map(confidence_text),
            latest_note: latest.and_then(|c| c.note.clone()),
            latest: latest.map(checkin_view),
            checkins: kr.checkins.iter().rev().map(checkin_view).collect(),
            chart: None,
            changes: Vec::new(),
        }
    }

    /// The changes of `kr`'s target and baseline after its period started, oldest first.
    fn changes(&self, objective_id: &str, kr: &KeyResult) -> Vec<ChangeView> {
        let value = |v: Option<f64>| {
            v.map_or_else(|| "—".to_string(), |v| with_unit(v, kr.unit.as_deref()))
        };
        self.options
            .history
            .changes(objective_id)
            .iter()
            .filter(|c| c.key_result == kr.id)
            .map(|c| ChangeView {
                field: c.field.as_str(),
                label: match (c.field, kr.kind) {
                    (Field::Baseline, _) => "Baseline",
                    (Field::Target, KrKind::Guardrail) => "Limit",
                    (Field::Target, _) => "Target",
                },
                from: value(c.from),
                to: value(c.to),
                date: c.date.to_string(),
                commit: c.commit.clone(),
            })
            .collect()
    }

    /// A link to the key result `objective-id#key-result-id` on its
    /// objective's page; `None` when that objective is not published.
    fn carried_key_result(&self, from: &str, reference: &str) -> Option<Link> {
        let (objective_id, kr_id) = reference.split_once('#')?;
        let &index = self.handbook.links.objective_by_id.get(objective_id)?;
        let objective = &self.handbook.objectives[index];
        let kr = objective.key_results.iter().find(|kr| kr.id == kr_id)?;
        Some(Link {
            label: format!("{} ({})", kr.title, objective.period),
            href: format!(
                "{}#kr-{}",
                relative(from, &self.objective_paths[index]),
                kr.id
            ),
            current: false,
        })
    }

    /// The edit link of the objective at `index`, for one of its key results:
    /// the file, and for a URL that shows the file (GitHub's `/blob/`) the key
    /// result's line, in the source view (`?plain=1`: a rendered Markdown file
    /// has no line anchors). An edit URL cannot point at a line, so it stays the file's.
    pub(super) fn key_result_edit_url(&self, index: usize, kr_index: usize) -> Option<String> {
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

    /// The same team's objectives in the periods before and after `index`'s:
    /// links to the team's page at those periods.
    pub(super) fn team_neighbours(&self, from: &str, index: usize) -> Option<TeamPeriods> {
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

    /// The chain of objectives linked by `carried_from` that `index` belongs to, oldest first.
    pub fn chain(&self, from: &str, index: usize) -> Vec<ChainLink> {
        let links = &self.handbook.links;
        let mut root = index;
        let mut seen = BTreeSet::new();
        while let Some(earlier) = links.carried_from[root] {
            if !seen.insert(earlier) {
                break;
            }
            root = earlier;
        }
        let mut chain = Vec::new();
        let mut stack = vec![root];
        let mut visited = BTreeSet::new();
        while let Some(node) = stack.pop() {
            if !visited.insert(node) {
                continue;
            }
            let o = &self.handbook.objectives[node];
            chain.push(ChainLink {
                period: o.period.to_string(),
                title: o.title.clone(),
                href: relative(from, &self.objective_paths[node]),
                score: self.scores[node]
                    .score
                    .map(|s| score_view_with(s, self.scores[node].status)),
                status_label: self.scores[node].status.label(),
                current: node == index,
            });
            let mut next: Vec<usize> = links.carried_to[node].clone();
            next.sort_by(|&a, &b| {
                self.handbook.objectives[b]
                    .period
                    .cmp(&self.handbook.objectives[a].period)
            });
            stack.extend(next);
        }
        if chain.len() < 2 {
            return Vec::new();
        }
        chain
    }
}

/// A confidence's number as pages write it: `0.7`, `0.65`.
fn confidence_number(confidence: f64) -> String {
    format_number(score::round(confidence, 2))
}

/// A check-in's value as people read it: a number with its key result's
/// unit, `done` or `not done`.
pub(super) fn value_text(kr: &KeyResult, value: CheckinValue) -> String {
    match value {
        CheckinValue::Number(n) => with_unit(n, kr.unit.as_deref()),
        CheckinValue::Done(true) => "done".to_string(),
        CheckinValue::Done(false) => "not done".to_string(),
    }
}
