//! The home page's "needs attention" list: what needs a person now in the
//! current period. Key results off track or at risk (by the score stage's
//! status; not milestones, which score 0 until done), key results whose check-ins went quiet (by the lint stage's
//! rule and the configured `stale-after-days`), and objectives nobody owns.
//! Built from the objectives render sees, so a public build lists no
//! private objective.

use super::context::Context;
use super::paths::relative;
use super::views::{AttentionItem, Link};
use crate::lint::{stale, Stale};
use crate::model::KrKind;
use crate::score::{self, Status};

/// How urgent a reason is: the list shows the most urgent first.
fn rank(kind: &str) -> u8 {
    match kind {
        "off-track" => 0,
        "at-risk" => 1,
        "stale" => 2,
        _ => 3,
    }
}

impl Context<'_> {
    /// What needs attention in the current period, most urgent first, then
    /// in the authors' order.
    pub(super) fn attention(&self, from: &str) -> Vec<AttentionItem> {
        let period = self.current_period;
        let fiscal = self.handbook.config.fiscal_year;
        let as_of = self.options.as_of;
        let limit = self.handbook.config.lints.stale_after_days;
        let running = period.start(fiscal) <= as_of && as_of < period.end(fiscal);
        let mut items = Vec::new();
        for (objective, index) in self.published() {
            if objective.period != period {
                continue;
            }
            let scored = &self.scores[index];
            let href = relative(from, &self.objective_paths[index]);
            let objective_link = Link {
                label: objective.title.clone(),
                href: href.clone(),
                current: false,
            };
            if objective.owners.is_empty() {
                items.push(AttentionItem {
                    kind: "unowned",
                    objective: objective_link.clone(),
                    key_result: None,
                    status: None,
                    status_label: None,
                    reasons: vec!["nobody is named to answer for this objective".to_string()],
                });
            }
            // A graded objective is settled; before and after its period
            // nothing is due.
            if !running || scored.graded {
                continue;
            }
            for (kr, kr_score) in objective.key_results.iter().zip(&scored.key_results) {
                let status = score::status(period, fiscal, as_of, kr_score.score);
                // A milestone scores 0 until it is done, so its score says
                // nothing about its pace: only its check-ins going quiet count.
                let behind = kr.kind != KrKind::Milestone
                    && matches!(status, Status::OffTrack | Status::AtRisk);
                let quiet = (!kr_score.overridden)
                    .then(|| stale(kr, period, fiscal, as_of, limit))
                    .flatten();
                if !behind && quiet.is_none() {
                    continue;
                }
                let mut reasons = Vec::new();
                if behind {
                    if let Some(score) = kr_score.score {
                        reasons.push(format!(
                            "score {score:.2} with {}% of the period passed",
                            (scored.expected * 100.0).round()
                        ));
                    }
                }
                match quiet {
                    Some(Stale::Since { date, age }) => reasons.push(format!(
                        "last check-in on {date}, {age} days ago (more than {limit})"
                    )),
                    Some(Stale::Never { age }) => reasons.push(format!(
                        "no check-in yet, and {period} started {age} days ago (more than {limit})"
                    )),
                    None => {}
                }
                items.push(AttentionItem {
                    kind: if behind { status.as_str() } else { "stale" },
                    objective: objective_link.clone(),
                    key_result: Some(Link {
                        label: kr.title.clone(),
                        href: format!("{href}#kr-{}", kr.id),
                        current: false,
                    }),
                    status: behind.then(|| status.as_str()),
                    status_label: behind.then(|| status.label()),
                    reasons,
                });
            }
        }
        items.sort_by_key(|item| rank(item.kind));
        items
    }
}
