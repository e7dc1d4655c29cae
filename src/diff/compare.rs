//! The comparison itself: a pure function from two validated handbooks and an
//! as-of date to a [`HandbookDiff`]. Nothing here reads files or runs git.

use super::{format_number, quantity};
use crate::date::Date;
use crate::model::{CheckinValue, Handbook, KeyResult, Next, Objective};
use crate::score::{score_objective, ObjectiveScore};
use std::collections::BTreeMap;

/// Everything that differs between two handbooks, as of a date. Private
/// objectives appear only in `private`.
#[derive(Debug, Clone, PartialEq)]
pub struct HandbookDiff {
    /// The date both sides were scored as of.
    pub as_of: Date,
    /// Public objectives in HEAD only, by id.
    pub added: Vec<ObjectiveSummary>,
    /// Public objectives in BASE only, by id.
    pub removed: Vec<ObjectiveSummary>,
    /// Public objectives on both sides whose title changed, by id.
    pub retitled: Vec<Retitled>,
    /// Public objectives on both sides moved to another team, period or
    /// parent, or whose owner changed, by id.
    pub moved: Vec<Moved>,
    /// How many objectives public in BASE are private in HEAD: they are
    /// reported as no longer published, and nothing else about them is.
    pub unpublished: usize,
    /// Objectives private in BASE and public in HEAD: listed as an added
    /// objective would be (their earlier, private changes stay unsaid).
    pub published: Vec<ObjectiveSummary>,
    /// Key results added, removed or changed in objectives on both sides.
    pub key_results: Vec<KeyResultChange>,
    /// Check-ins in HEAD that are not in BASE, on key results of objectives on both sides.
    pub new_checkins: Vec<NewCheckin>,
    /// Check-ins in both whose value or words changed, and check-ins only in BASE.
    pub edited_checkins: Vec<EditedCheckin>,
    /// Grades given, changed or removed on public objectives on both sides, by objective id.
    pub grades: Vec<GradeChange>,
    /// Counts of changed private objectives, which are never listed by name.
    pub private: PrivateChanges,
}

impl HandbookDiff {
    /// Whether nothing differs, private objectives included.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.retitled.is_empty()
            && self.moved.is_empty()
            && self.unpublished == 0
            && self.published.is_empty()
            && self.key_results.is_empty()
            && self.new_checkins.is_empty()
            && self.edited_checkins.is_empty()
            && self.grades.is_empty()
            && self.private.total() == 0
    }
}

/// An objective, as listed when it is added or removed.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveSummary {
    /// The objective's id.
    pub id: String,
    /// The objective's title, on the side it is on.
    pub title: String,
    /// The objective's period as written, e.g. `2026-Q4`.
    pub period: String,
    /// The team's id; `None` for an individual objective.
    pub team: Option<String>,
    /// The team's name, as readers know it (its id when it has no team file).
    pub team_name: Option<String>,
    /// Who owns the objective; `None` when `owner` is not set.
    pub owner: Option<String>,
    /// How many key results the objective has.
    pub key_results: usize,
}

/// An objective whose title changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Retitled {
    /// The objective's id, the same on both sides.
    pub id: String,
    /// The objective's period in HEAD, e.g. `2026-Q4`.
    pub period: String,
    /// The team's id in HEAD; `None` for an individual objective.
    pub team: Option<String>,
    /// The team's name in HEAD (its id when it has no team file).
    pub team_name: Option<String>,
    /// The owner in HEAD; `None` when `owner` is not set.
    pub owner: Option<String>,
    /// The title in BASE.
    pub old: String,
    /// The title in HEAD.
    pub new: String,
}

/// An objective moved to another team, period or parent, or whose owner changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    /// The objective's id, the same on both sides.
    pub id: String,
    /// The objective's title in HEAD.
    pub title: String,
    /// What changed, in the order `team`, `period`, `parent`, `owner`:
    /// teams by name, parents by title (and id).
    pub changes: Vec<FieldChange>,
}

/// A key result, named by its objective and its own id.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResultRef {
    /// The objective's id.
    pub objective: String,
    /// The objective's title in HEAD (in BASE when only there).
    pub objective_title: String,
    /// The key result's id within its objective (`kr1`, `kr2`… when not written).
    pub key_result: String,
    /// The key result's title in HEAD (in BASE when only there).
    pub title: String,
}

/// A key result added, removed or changed in an objective that is on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResultChange {
    /// Which key result.
    pub key_result: KeyResultRef,
    /// What happened to it.
    pub change: KrChange,
    /// For a changed key result whose target, baseline, direction, kind or
    /// weight changed: its score and its objective's score, BASE and HEAD.
    pub score_effect: Option<(ScoreChange, ScoreChange)>,
    /// True when such a change was made after the objective's period had
    /// started (as of the as-of date): reviewers should look twice.
    pub after_period_start: bool,
}

/// What happened to one key result between BASE and HEAD.
#[derive(Debug, Clone, PartialEq)]
pub enum KrChange {
    /// Added, with its target (as text, unit included) when it has one.
    Added {
        /// The target with its unit, as text; `None` for a key result without one, such as a milestone.
        target: Option<String>,
    },
    /// In BASE only.
    Removed,
    /// Fields that changed, in a fixed order.
    Changed(Vec<FieldChange>),
}

/// One field of a key result, before and after, as text (`None`: not set).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// `title`, `kind`, `unit`, `baseline`, `target`, `direction`, `owner`,
    /// `priority`, `weight` or `score` for a key result; `team`, `period`,
    /// `parent` or `owner` for a moved objective.
    pub field: &'static str,
    /// The value in BASE, as text; `None` when not set.
    pub old: Option<String>,
    /// The value in HEAD, as text; `None` when not set.
    pub new: Option<String>,
}

/// A score on both sides, 0..1; a side is `None` when not scored there
/// (or, for `base`, when the key result or objective is new: see `new`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreChange {
    /// The score in BASE; `None` when not scored there or only in HEAD.
    pub base: Option<f64>,
    /// The score in HEAD; `None` when not scored.
    pub head: Option<f64>,
    /// True when the key result or objective is only in HEAD.
    pub new: bool,
}

/// A check-in in HEAD that BASE does not have.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCheckin {
    /// Which key result was checked in.
    pub key_result: KeyResultRef,
    /// The key result's unit in HEAD; `None` when it has none.
    pub unit: Option<String>,
    /// The check-in's date.
    pub date: Date,
    /// The value checked in; `None` for a status update (a note, no value).
    pub value: Option<CheckinValue>,
    /// The value of the last check-in with a value before it in HEAD, if any.
    pub previous: Option<CheckinValue>,
    /// The key result's score as of the as-of date, BASE and HEAD.
    pub key_result_score: ScoreChange,
    /// The objective's score as of the as-of date, BASE and HEAD.
    pub objective_score: ScoreChange,
}

/// A check-in that was edited (its value, confidence, note or blockers) or removed.
#[derive(Debug, Clone, PartialEq)]
pub struct EditedCheckin {
    /// Which key result the check-in belongs to.
    pub key_result: KeyResultRef,
    /// The key result's unit in HEAD; `None` when it has none.
    pub unit: Option<String>,
    /// The check-in's date; check-ins are matched by date, then by their order within the day.
    pub date: Date,
    /// The value in BASE; `None` for a status update (a note without a value).
    pub old: Option<CheckinValue>,
    /// The value in HEAD; `None` when removed or a status update.
    pub new: Option<CheckinValue>,
    /// Whether the check-in is gone in HEAD.
    pub removed: bool,
    /// `confidence`, `note` and `blockers` where they differ (for an edit),
    /// or the removed check-in's `note` (old side only).
    pub words: Vec<FieldChange>,
}

/// The part of a grade the comparison looks at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradeSummary {
    /// The grade's `score`, 0..1; `None` when the grade gives none.
    pub score: Option<f64>,
    /// The grade's `next`; `None` when the grade gives none.
    pub next: Option<Next>,
}

/// A grade given (`old` is `None`), changed, or removed (`new` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct GradeChange {
    /// The objective's id.
    pub id: String,
    /// The objective's title in HEAD.
    pub title: String,
    /// The objective's period in HEAD, e.g. `2026-Q4`.
    pub period: String,
    /// The grade in BASE; `None` when it was just given.
    pub old: Option<GradeSummary>,
    /// The grade in HEAD; `None` when it was removed.
    pub new: Option<GradeSummary>,
}

/// How many private objectives (private on either side) were added, removed or changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrivateChanges {
    /// Private objectives in HEAD only.
    pub added: usize,
    /// Private objectives in BASE only.
    pub removed: usize,
    /// Objectives on both sides, private on at least one, that differ or whose visibility changed.
    pub changed: usize,
}

impl PrivateChanges {
    /// The three counts added up.
    pub fn total(&self) -> usize {
        self.added + self.removed + self.changed
    }
}

/// Compares BASE with HEAD, scoring both as of `as_of`. Both should be free
/// of errors (as `okrbook::check` reports them).
pub fn compare(base: &Handbook, head: &Handbook, as_of: Date) -> HandbookDiff {
    let mut diff = HandbookDiff {
        as_of,
        added: Vec::new(),
        removed: Vec::new(),
        retitled: Vec::new(),
        moved: Vec::new(),
        unpublished: 0,
        published: Vec::new(),
        key_results: Vec::new(),
        new_checkins: Vec::new(),
        edited_checkins: Vec::new(),
        grades: Vec::new(),
        private: PrivateChanges::default(),
    };
    type Pair<'a> = (Option<&'a Objective>, Option<&'a Objective>);
    let mut pairs: BTreeMap<&str, Pair<'_>> = BTreeMap::new();
    for objective in &base.objectives {
        pairs
            .entry(&objective.id)
            .or_default()
            .0
            .get_or_insert(objective);
    }
    for objective in &head.objectives {
        pairs
            .entry(&objective.id)
            .or_default()
            .1
            .get_or_insert(objective);
    }
    for (_, pair) in pairs {
        match pair {
            (None, Some(new)) if new.private => diff.private.added += 1,
            (None, Some(new)) => diff.added.push(summary(head, new)),
            (Some(old), None) if old.private => diff.private.removed += 1,
            (Some(old), None) => diff.removed.push(summary(base, old)),
            (Some(old), Some(new)) => {
                let scores = (
                    score_objective(old, base.config.fiscal_year, as_of),
                    score_objective(new, head.config.fiscal_year, as_of),
                );
                let changes = compare_objective((base, head), old, new, &scores, as_of);
                if !old.private && new.private {
                    // Was published: say that it no longer is, and nothing more.
                    diff.unpublished += 1;
                } else if old.private && !new.private {
                    // Published from now on: reviewers see it as they would a new objective.
                    diff.published.push(summary(head, new));
                } else if old.private || new.private {
                    if !changes.is_empty() || old.private != new.private {
                        diff.private.changed += 1;
                    }
                } else {
                    diff.retitled.extend(changes.retitled);
                    diff.moved.extend(changes.moved);
                    diff.key_results.extend(changes.key_results);
                    diff.new_checkins.extend(changes.new_checkins);
                    diff.edited_checkins.extend(changes.edited_checkins);
                    diff.grades.extend(changes.grade);
                }
            }
            (None, None) => {}
        }
    }
    diff
}

/// The name of the team `objective` belongs to in `handbook`.
fn team_name(handbook: &Handbook, objective: &Objective) -> Option<String> {
    let id = objective.team.as_deref()?;
    let name = handbook
        .links
        .team_by_id
        .get(id)
        .and_then(|&t| handbook.teams.get(t))
        .map_or(id, |team| team.name.as_str());
    Some(name.to_string())
}

fn summary(handbook: &Handbook, objective: &Objective) -> ObjectiveSummary {
    ObjectiveSummary {
        id: objective.id.clone(),
        title: objective.title.clone(),
        period: objective.period.to_string(),
        team: objective.team.clone(),
        team_name: team_name(handbook, objective),
        owner: crate::model::names_text(&objective.owners),
        key_results: objective.key_results.len(),
    }
}

/// What changed in one objective that is on both sides.
#[derive(Default)]
struct ObjectiveChanges {
    retitled: Option<Retitled>,
    moved: Option<Moved>,
    key_results: Vec<KeyResultChange>,
    new_checkins: Vec<NewCheckin>,
    edited_checkins: Vec<EditedCheckin>,
    grade: Option<GradeChange>,
}

impl ObjectiveChanges {
    fn is_empty(&self) -> bool {
        self.retitled.is_none()
            && self.moved.is_none()
            && self.key_results.is_empty()
            && self.new_checkins.is_empty()
            && self.edited_checkins.is_empty()
            && self.grade.is_none()
    }
}

/// The parent objective `id` as a reader knows it: its title and id, or
/// only "a private objective" when it is private (or not in `handbook`).
fn parent_name(handbook: &Handbook, id: &str) -> String {
    match handbook.objectives.iter().find(|o| o.id == id) {
        Some(parent) if !parent.private => format!("{} ({id})", parent.title),
        Some(_) => "a private objective".to_string(),
        None => id.to_string(),
    }
}

/// Team, period, parent and owner, where they differ.
fn moves(
    (base, head): (&Handbook, &Handbook),
    old: &Objective,
    new: &Objective,
) -> Vec<FieldChange> {
    let parent = |handbook: &Handbook, objective: &Objective| {
        objective
            .parent
            .as_deref()
            .map(|id| parent_name(handbook, id))
    };
    let candidates = [
        ("team", team_name(base, old), team_name(head, new)),
        (
            "period",
            Some(old.period.to_string()),
            Some(new.period.to_string()),
        ),
        ("parent", parent(base, old), parent(head, new)),
        (
            "owner",
            crate::model::names_text(&old.owners),
            crate::model::names_text(&new.owners),
        ),
    ];
    let mut changes = Vec::new();
    for (field, before, after) in candidates {
        let same = match field {
            "team" => old.team == new.team,
            "parent" => old.parent == new.parent,
            _ => before == after,
        };
        if !same {
            changes.push(FieldChange {
                field,
                old: before,
                new: after,
            });
        }
    }
    changes
}

/// The fields of a key result that move its score.
const SCORING_FIELDS: [&str; 5] = ["target", "baseline", "direction", "kind", "weight"];

fn compare_objective(
    (base, head): (&Handbook, &Handbook),
    old: &Objective,
    new: &Objective,
    (old_score, new_score): &(ObjectiveScore, ObjectiveScore),
    as_of: Date,
) -> ObjectiveChanges {
    let mut changes = ObjectiveChanges::default();
    let moved = moves((base, head), old, new);
    if !moved.is_empty() {
        changes.moved = Some(Moved {
            id: new.id.clone(),
            title: new.title.clone(),
            changes: moved,
        });
    }
    let period_started = new.period.start(head.config.fiscal_year) <= as_of;
    if old.title != new.title {
        changes.retitled = Some(Retitled {
            id: new.id.clone(),
            period: new.period.to_string(),
            team: new.team.clone(),
            team_name: team_name(head, new),
            owner: crate::model::names_text(&new.owners),
            old: old.title.clone(),
            new: new.title.clone(),
        });
    }
    let reference = |kr: &KeyResult| KeyResultRef {
        objective: new.id.clone(),
        objective_title: new.title.clone(),
        key_result: kr.id.clone(),
        title: kr.title.clone(),
    };
    let objective_score = ScoreChange {
        base: old_score.score,
        head: new_score.score,
        new: false,
    };
    for (index, kr) in new.key_results.iter().enumerate() {
        let before = old
            .key_results
            .iter()
            .position(|o| o.id == kr.id)
            .map(|i| (&old.key_results[i], old_score.key_results.get(i)));
        let head_score = new_score.key_results.get(index).and_then(|s| s.score);
        let key_result_score = ScoreChange {
            base: before.and_then(|(_, score)| score.and_then(|s| s.score)),
            head: head_score,
            new: before.is_none(),
        };
        match before {
            None => changes.key_results.push(KeyResultChange {
                key_result: reference(kr),
                change: KrChange::Added {
                    target: kr.target.map(|t| quantity(t, kr.unit.as_deref())),
                },
                score_effect: None,
                after_period_start: false,
            }),
            Some((old_kr, _)) => {
                let fields = field_changes(old_kr, kr);
                if !fields.is_empty() {
                    let scoring = fields.iter().any(|f| SCORING_FIELDS.contains(&f.field));
                    changes.key_results.push(KeyResultChange {
                        key_result: reference(kr),
                        change: KrChange::Changed(fields),
                        score_effect: scoring.then_some((key_result_score, objective_score)),
                        after_period_start: scoring && period_started,
                    });
                }
            }
        }
        let old_checkins = before.map_or(&[][..], |(old_kr, _)| &old_kr.checkins[..]);
        compare_checkins(
            old_checkins,
            kr,
            &reference(kr),
            key_result_score,
            objective_score,
            &mut changes,
        );
    }
    for old_kr in &old.key_results {
        if !new.key_results.iter().any(|kr| kr.id == old_kr.id) {
            changes.key_results.push(KeyResultChange {
                key_result: reference(old_kr),
                change: KrChange::Removed,
                score_effect: None,
                after_period_start: false,
            });
        }
    }
    let grade = |objective: &Objective| {
        objective
            .grade
            .as_ref()
            .filter(|g| g.score.is_some() || g.next.is_some())
            .map(|g| GradeSummary {
                score: g.score,
                next: g.next,
            })
    };
    let (old_grade, new_grade) = (grade(old), grade(new));
    if old_grade != new_grade {
        changes.grade = Some(GradeChange {
            id: new.id.clone(),
            title: new.title.clone(),
            period: new.period.to_string(),
            old: old_grade,
            new: new_grade,
        });
    }
    changes
}

/// Check-ins matched by date and, on one date, by their order that day.
fn compare_checkins(
    old: &[crate::model::Checkin],
    kr: &KeyResult,
    reference: &KeyResultRef,
    key_result_score: ScoreChange,
    objective_score: ScoreChange,
    changes: &mut ObjectiveChanges,
) {
    let mut by_date: BTreeMap<Date, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, checkin) in old.iter().enumerate() {
        by_date.entry(checkin.date).or_default().0.push(i);
    }
    for (i, checkin) in kr.checkins.iter().enumerate() {
        by_date.entry(checkin.date).or_default().1.push(i);
    }
    for (date, (olds, news)) in by_date {
        for slot in 0..olds.len().max(news.len()) {
            match (olds.get(slot), news.get(slot)) {
                (None, Some(&i)) => changes.new_checkins.push(NewCheckin {
                    key_result: reference.clone(),
                    unit: kr.unit.clone(),
                    date,
                    value: kr.checkins[i].value,
                    previous: kr.checkins[..i].iter().rev().find_map(|c| c.value),
                    key_result_score,
                    objective_score,
                }),
                (Some(&o), new) => {
                    let before = &old[o];
                    let after = new.map(|&n| &kr.checkins[n]);
                    let words = match after {
                        Some(after) => checkin_words(before, after),
                        None => before
                            .note
                            .iter()
                            .map(|note| FieldChange {
                                field: "note",
                                old: Some(note.clone()),
                                new: None,
                            })
                            .collect(),
                    };
                    let new_value = after.and_then(|c| c.value);
                    if after.is_none() || new_value != before.value || !words.is_empty() {
                        changes.edited_checkins.push(EditedCheckin {
                            key_result: reference.clone(),
                            unit: kr.unit.clone(),
                            date,
                            old: before.value,
                            new: new_value,
                            removed: after.is_none(),
                            words,
                        });
                    }
                }
                (None, None) => {}
            }
        }
    }
}

/// The confidence, note and blockers of a check-in that differ between BASE and HEAD.
fn checkin_words(old: &crate::model::Checkin, new: &crate::model::Checkin) -> Vec<FieldChange> {
    let confidence = |c: Option<f64>| c.map(|c| format!("{c:.2}"));
    [
        (
            "confidence",
            confidence(old.confidence),
            confidence(new.confidence),
        ),
        ("note", old.note.clone(), new.note.clone()),
        ("blockers", old.blockers.clone(), new.blockers.clone()),
    ]
    .into_iter()
    .filter(|(_, old, new)| old != new)
    .map(|(field, old, new)| FieldChange { field, old, new })
    .collect()
}

fn field_changes(old: &KeyResult, new: &KeyResult) -> Vec<FieldChange> {
    let text = |value: Option<f64>, unit: Option<&str>| value.map(|v| quantity(v, unit));
    let candidates = [
        ("title", Some(old.title.clone()), Some(new.title.clone())),
        (
            "kind",
            Some(old.kind.as_str().to_string()),
            Some(new.kind.as_str().to_string()),
        ),
        ("unit", old.unit.clone(), new.unit.clone()),
        (
            "baseline",
            text(old.baseline, old.unit.as_deref()),
            text(new.baseline, new.unit.as_deref()),
        ),
        (
            "target",
            text(old.target, old.unit.as_deref()),
            text(new.target, new.unit.as_deref()),
        ),
        (
            "direction",
            Some(old.direction.as_str().to_string()),
            Some(new.direction.as_str().to_string()),
        ),
        (
            "owner",
            crate::model::names_text(&old.owners),
            crate::model::names_text(&new.owners),
        ),
        ("priority", old.priority.clone(), new.priority.clone()),
        (
            "weight",
            Some(format_number(old.weight)),
            Some(format_number(new.weight)),
        ),
        (
            "score",
            old.score.map(|s| format!("{s:.2}")),
            new.score.map(|s| format!("{s:.2}")),
        ),
    ];
    candidates
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| FieldChange { field, old, new })
        .collect()
}
