//! `okrs.json`: every published team and objective with its scores, for other tools.

use super::Context;
use crate::model::CheckinValue;
use crate::score::round;
use serde::Serialize;

#[derive(Serialize)]
struct Export<'a> {
    as_of: String,
    teams: Vec<TeamRecord<'a>>,
    objectives: Vec<ObjectiveRecord<'a>>,
}

#[derive(Serialize)]
struct TeamRecord<'a> {
    id: &'a str,
    name: &'a str,
    parent: Option<&'a str>,
}

#[derive(Serialize)]
struct ObjectiveRecord<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    period: String,
    team: Option<&'a str>,
    /// The first of `owners`, as before there could be several.
    owner: Option<&'a str>,
    /// People's names or team ids, in the order written.
    owners: &'a [String],
    level: &'static str,
    parent: Option<&'a str>,
    /// True when the parent exists but is private, so `parent` is left out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    parent_private: bool,
    children: Vec<&'a str>,
    commitment: &'static str,
    /// `null` when no key result is scored and there is no grade.
    score: Option<f64>,
    status: &'static str,
    key_results: Vec<KeyResultRecord<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Current {
    Number(f64),
    Done(bool),
}

#[derive(Serialize)]
struct KeyResultRecord<'a> {
    id: &'a str,
    title: &'a str,
    /// People's names or team ids, in the order written.
    owners: &'a [String],
    /// The priority label, as `[okr] priorities` spells it.
    priority: Option<&'a str>,
    /// `objective-id#key-result-id` of the key result this one continues.
    carried_from: Option<&'a str>,
    kind: &'static str,
    baseline: Option<f64>,
    target: Option<f64>,
    current: Option<Current>,
    /// `null` when not scored: no result yet, or `score: n/a`.
    score: Option<f64>,
    /// True for `score: n/a` (not scored on purpose); left out otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    not_scored: bool,
    confidence: Option<f64>,
    /// Its target and baseline changes after the period started, from git
    /// history, oldest first; left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    changes: Vec<ChangeRecord>,
}

#[derive(Serialize)]
struct ChangeRecord {
    field: &'static str,
    from: Option<f64>,
    to: Option<f64>,
    date: String,
    commit: String,
}

/// The export as pretty-printed JSON.
pub fn okrs_json(context: &Context) -> Vec<u8> {
    let handbook = context.handbook;
    let links = &handbook.links;
    let site_url = &handbook.config.site_url;
    let objectives = context
        .published()
        .map(|(objective, index)| {
            let scored = &context.scores[index];
            ObjectiveRecord {
                id: &objective.id,
                title: &objective.title,
                url: format!(
                    "{site_url}{}",
                    crate::paths::encode_path(&context.objective_paths[index])
                ),
                period: objective.period.to_string(),
                team: links.team_of[index].map(|t| handbook.teams[t].id.as_str()),
                owner: objective.owners.first().map(String::as_str),
                owners: &objective.owners,
                level: handbook.level(index).as_str(),
                parent: links.parent_of[index].map(|p| handbook.objectives[p].id.as_str()),
                parent_private: context.parent_left_out(index),
                children: links.children_of[index]
                    .iter()
                    .map(|&c| handbook.objectives[c].id.as_str())
                    .collect(),
                commitment: objective.commitment.as_str(),
                score: scored.score.map(|s| round(s, 4)),
                status: scored.status.as_str(),
                key_results: objective
                    .key_results
                    .iter()
                    .zip(&scored.key_results)
                    .map(|(kr, kr_score)| KeyResultRecord {
                        id: &kr.id,
                        title: &kr.title,
                        owners: &kr.owners,
                        priority: kr.priority.as_deref(),
                        // Only when published: a private objective's id is not.
                        carried_from: kr.carried_from.as_deref().filter(|reference| {
                            reference.split_once('#').is_some_and(|(objective, _)| {
                                links.objective_by_id.contains_key(objective)
                            })
                        }),
                        kind: kr.kind.as_str(),
                        baseline: kr_score.baseline,
                        target: kr.target,
                        current: kr_score.current.map(|value| match value {
                            CheckinValue::Number(n) => Current::Number(n),
                            CheckinValue::Done(done) => Current::Done(done),
                        }),
                        score: kr_score.score.map(|s| round(s, 4)),
                        not_scored: kr.not_scored,
                        confidence: kr_score
                            .latest
                            .and_then(|i| kr.checkins.get(i))
                            .and_then(|c| c.confidence),
                        changes: context
                            .options
                            .history
                            .changes(&objective.id)
                            .iter()
                            .filter(|c| c.key_result == kr.id)
                            .map(|c| ChangeRecord {
                                field: c.field.as_str(),
                                from: c.from,
                                to: c.to,
                                date: c.date.to_string(),
                                commit: c.commit.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    let export = Export {
        as_of: context.options.as_of.to_string(),
        teams: handbook
            .teams
            .iter()
            .enumerate()
            .map(|(index, team)| TeamRecord {
                id: &team.id,
                name: &team.name,
                parent: links.team_parent[index].map(|p| handbook.teams[p].id.as_str()),
            })
            .collect(),
        objectives,
    };
    let mut bytes = serde_json::to_vec_pretty(&export).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
