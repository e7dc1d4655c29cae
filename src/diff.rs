//! Comparing two handbooks: what a pull request does to the goals.
//!
//! [`compare`] is a pure function from two validated handbooks and an as-of
//! date to a [`HandbookDiff`]; [`to_markdown`] renders it for a pull-request
//! comment or `$GITHUB_STEP_SUMMARY`. [`Side`] opens one side of the
//! comparison: a folder, or a git revision read with the `git` command
//! ([`git`]).
//!
//! Objectives are matched by id, key results by id within their objective,
//! check-ins by date (and, for several on one day, by their order that day).
//! An objective that is private on either side is never described: it only
//! counts towards [`PrivateChanges`].

pub mod git;

use crate::date::Date;
use crate::model::{CheckinValue, Handbook, KeyResult, Next, Objective};
use crate::numbers::format_number;
use crate::score::{score_objective, ObjectiveScore};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Everything that differs between two handbooks, as of a date. Private
/// objectives appear only in `private`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandbookDiff {
    pub as_of: Date,
    /// Public objectives in HEAD only, by id.
    pub added: Vec<ObjectiveSummary>,
    /// Public objectives in BASE only, by id.
    pub removed: Vec<ObjectiveSummary>,
    pub retitled: Vec<Retitled>,
    /// Key results added, removed or changed in objectives on both sides.
    pub key_results: Vec<KeyResultChange>,
    /// Check-ins in HEAD that are not in BASE, on key results of objectives on both sides.
    pub new_checkins: Vec<NewCheckin>,
    /// Check-ins in both whose value changed, and check-ins only in BASE.
    pub edited_checkins: Vec<EditedCheckin>,
    pub grades: Vec<GradeChange>,
    pub private: PrivateChanges,
}

impl HandbookDiff {
    /// Whether nothing differs, private objectives included.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.retitled.is_empty()
            && self.key_results.is_empty()
            && self.new_checkins.is_empty()
            && self.edited_checkins.is_empty()
            && self.grades.is_empty()
            && self.private.total() == 0
    }
}

/// An objective, as listed when it is added or removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveSummary {
    pub id: String,
    pub title: String,
    pub period: String,
    /// The team's id; `None` for an individual objective.
    pub team: Option<String>,
    pub owner: Option<String>,
    pub key_results: usize,
}

/// An objective whose title changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Retitled {
    pub id: String,
    pub period: String,
    pub team: Option<String>,
    pub owner: Option<String>,
    pub old: String,
    pub new: String,
}

/// A key result, named by its objective and its own id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyResultRef {
    pub objective: String,
    /// The objective's title in HEAD (in BASE when only there).
    pub objective_title: String,
    pub key_result: String,
    /// The key result's title in HEAD (in BASE when only there).
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyResultChange {
    pub key_result: KeyResultRef,
    pub change: KrChange,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "fields")]
pub enum KrChange {
    /// Added, with its target (as text, unit included) when it has one.
    Added {
        target: Option<String>,
    },
    Removed,
    /// Fields that changed, in a fixed order.
    Changed(Vec<FieldChange>),
}

/// One field of a key result, before and after, as text (`None`: not set).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// `title`, `kind`, `unit`, `baseline`, `target`, `owner`, `weight` or `score`.
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A score on both sides, 0..1; `base` is `None` when the key result or
/// objective is new.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScoreChange {
    pub base: Option<f64>,
    pub head: f64,
}

/// A check-in in HEAD that BASE does not have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewCheckin {
    pub key_result: KeyResultRef,
    pub unit: Option<String>,
    pub date: Date,
    #[serde(serialize_with = "serialize_value")]
    pub value: CheckinValue,
    /// The check-in before it in HEAD, if any.
    #[serde(serialize_with = "serialize_option_value")]
    pub previous: Option<CheckinValue>,
    /// The key result's score as of the as-of date, BASE and HEAD.
    pub key_result_score: ScoreChange,
    /// The objective's score as of the as-of date, BASE and HEAD.
    pub objective_score: ScoreChange,
}

/// A check-in whose value changed (`new` is `Some`) or that was removed (`new` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditedCheckin {
    pub key_result: KeyResultRef,
    pub unit: Option<String>,
    pub date: Date,
    #[serde(serialize_with = "serialize_value")]
    pub old: CheckinValue,
    #[serde(serialize_with = "serialize_option_value")]
    pub new: Option<CheckinValue>,
}

/// The part of a grade the comparison looks at.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GradeSummary {
    pub score: Option<f64>,
    #[serde(serialize_with = "serialize_next")]
    pub next: Option<Next>,
}

/// A grade given (`old` is `None`), changed, or removed (`new` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeChange {
    pub id: String,
    pub title: String,
    pub period: String,
    pub old: Option<GradeSummary>,
    pub new: Option<GradeSummary>,
}

/// How many private objectives (private on either side) were added, removed or changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PrivateChanges {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl PrivateChanges {
    pub fn total(&self) -> usize {
        self.added + self.removed + self.changed
    }
}

fn serialize_value<S: serde::Serializer>(value: &CheckinValue, s: S) -> Result<S::Ok, S::Error> {
    match value {
        CheckinValue::Number(n) => s.serialize_f64(*n),
        CheckinValue::Done(done) => s.serialize_bool(*done),
    }
}

fn serialize_option_value<S: serde::Serializer>(
    value: &Option<CheckinValue>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serialize_value(value, s),
        None => s.serialize_none(),
    }
}

fn serialize_next<S: serde::Serializer>(next: &Option<Next>, s: S) -> Result<S::Ok, S::Error> {
    match next {
        Some(next) => s.serialize_str(next.as_str()),
        None => s.serialize_none(),
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
            (None, Some(new)) => diff.added.push(summary(new)),
            (Some(old), None) if old.private => diff.private.removed += 1,
            (Some(old), None) => diff.removed.push(summary(old)),
            (Some(old), Some(new)) => {
                let scores = (
                    score_objective(old, base.config.quarter_start_month, as_of),
                    score_objective(new, head.config.quarter_start_month, as_of),
                );
                let changes = compare_objective(old, new, &scores);
                if old.private || new.private {
                    if !changes.is_empty() || old.private != new.private {
                        diff.private.changed += 1;
                    }
                } else {
                    diff.retitled.extend(changes.retitled);
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

fn summary(objective: &Objective) -> ObjectiveSummary {
    ObjectiveSummary {
        id: objective.id.clone(),
        title: objective.title.clone(),
        period: objective.period.to_string(),
        team: objective.team.clone(),
        owner: objective.owner.clone(),
        key_results: objective.key_results.len(),
    }
}

/// What changed in one objective that is on both sides.
#[derive(Default)]
struct ObjectiveChanges {
    retitled: Option<Retitled>,
    key_results: Vec<KeyResultChange>,
    new_checkins: Vec<NewCheckin>,
    edited_checkins: Vec<EditedCheckin>,
    grade: Option<GradeChange>,
}

impl ObjectiveChanges {
    fn is_empty(&self) -> bool {
        self.retitled.is_none()
            && self.key_results.is_empty()
            && self.new_checkins.is_empty()
            && self.edited_checkins.is_empty()
            && self.grade.is_none()
    }
}

fn compare_objective(
    old: &Objective,
    new: &Objective,
    (old_score, new_score): &(ObjectiveScore, ObjectiveScore),
) -> ObjectiveChanges {
    let mut changes = ObjectiveChanges::default();
    if old.title != new.title {
        changes.retitled = Some(Retitled {
            id: new.id.clone(),
            period: new.period.to_string(),
            team: new.team.clone(),
            owner: new.owner.clone(),
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
        base: Some(old_score.score),
        head: new_score.score,
    };
    for (index, kr) in new.key_results.iter().enumerate() {
        let before = old
            .key_results
            .iter()
            .position(|o| o.id == kr.id)
            .map(|i| (&old.key_results[i], old_score.key_results.get(i)));
        let head_score = new_score.key_results.get(index).map_or(0.0, |s| s.score);
        let key_result_score = ScoreChange {
            base: before.and_then(|(_, score)| score.map(|s| s.score)),
            head: head_score,
        };
        match before {
            None => changes.key_results.push(KeyResultChange {
                key_result: reference(kr),
                change: KrChange::Added {
                    target: kr.target.map(|t| quantity(t, kr.unit.as_deref())),
                },
            }),
            Some((old_kr, _)) => {
                let fields = field_changes(old_kr, kr);
                if !fields.is_empty() {
                    changes.key_results.push(KeyResultChange {
                        key_result: reference(kr),
                        change: KrChange::Changed(fields),
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
                    previous: i.checked_sub(1).map(|p| kr.checkins[p].value),
                    key_result_score,
                    objective_score,
                }),
                (Some(&o), new) => {
                    let new_value = new.map(|&n| kr.checkins[n].value);
                    if new_value != Some(old[o].value) {
                        changes.edited_checkins.push(EditedCheckin {
                            key_result: reference.clone(),
                            unit: kr.unit.clone(),
                            date,
                            old: old[o].value,
                            new: new_value,
                        });
                    }
                }
                (None, None) => {}
            }
        }
    }
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
        ("owner", old.owner.clone(), new.owner.clone()),
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

/// A number with its unit: `99.5%`, `250 ms`, `12`.
fn quantity(value: f64, unit: Option<&str>) -> String {
    let number = format_number(value);
    match unit.map(str::trim) {
        None | Some("") => number,
        Some("%") => format!("{number}%"),
        Some(unit) => format!("{number} {unit}"),
    }
}

fn value_text(value: CheckinValue, unit: Option<&str>) -> String {
    match value {
        CheckinValue::Number(n) => quantity(n, unit),
        CheckinValue::Done(true) => "done".to_string(),
        CheckinValue::Done(false) => "not done".to_string(),
    }
}

/// Where one side of a comparison comes from.
#[derive(Debug)]
pub enum Side {
    /// A handbook folder on disk.
    Folder { root: PathBuf, label: String },
    /// A git revision, copied into a temporary folder that is removed on drop.
    Revision {
        revision: String,
        snapshot: git::Snapshot,
    },
}

impl Side {
    /// Opens `arg`: an existing folder is read as a handbook folder, anything
    /// else as a git revision of the repository that holds `dir`. `None` is
    /// `dir` itself, as it is on disk (the working tree).
    pub fn open(arg: Option<&str>, dir: &Path) -> Result<Side, String> {
        let Some(arg) = arg else {
            return Ok(Side::Folder {
                root: dir.to_path_buf(),
                label: "the working tree".to_string(),
            });
        };
        let path = Path::new(arg);
        if path.is_dir() {
            // A pull request could add a folder named `HEAD` or `origin/main`
            // to make the diff compare folders of its choosing.
            let plainly_a_folder =
                arg.starts_with("./") || arg.starts_with("../") || path.is_absolute();
            if !plainly_a_folder && git::is_revision(dir, arg) {
                return Err(format!(
                    "`{arg}` names both a folder and a git revision; write `./{arg}` for the folder, or the revision's commit id (`git rev-parse {arg}`)"
                ));
            }
            return Ok(Side::Folder {
                root: path.to_path_buf(),
                label: arg.to_string(),
            });
        }
        match git::snapshot(dir, arg) {
            Ok(snapshot) => Ok(Side::Revision {
                revision: arg.to_string(),
                snapshot,
            }),
            Err(message) => Err(format!(
                "`{arg}` is not a folder, so it was read as a git revision: {message}"
            )),
        }
    }

    /// The handbook's root folder.
    pub fn root(&self) -> &Path {
        match self {
            Side::Folder { root, .. } => root,
            Side::Revision { snapshot, .. } => snapshot.root(),
        }
    }

    /// How the side is named in the summary: the folder as given, or the
    /// revision with its short commit id.
    pub fn label(&self) -> String {
        match self {
            Side::Folder { label, .. } => label.clone(),
            Side::Revision { revision, snapshot } => {
                let short: String = snapshot.commit.chars().take(7).collect();
                if revision.starts_with(&short) {
                    short
                } else {
                    format!("{revision} ({short})")
                }
            }
        }
    }
}

/// The summary as Markdown, for a pull-request comment or
/// `$GITHUB_STEP_SUMMARY`. `base` and `head` name the two sides (plain text).
pub fn to_markdown(diff: &HandbookDiff, base: &str, head: &str) -> String {
    let mut out = String::from("## Changes to the goals\n\n");
    let _ = writeln!(
        out,
        "{} → {}, scored as of {}.\n",
        md(base),
        md(head),
        diff.as_of
    );
    if diff.is_empty() {
        out.push_str("No changes to the goals.\n");
        return out;
    }
    let _ = writeln!(out, "{}\n", headline(diff));

    if !diff.added.is_empty() {
        out.push_str("### Objectives added\n\n");
        for objective in &diff.added {
            let _ = writeln!(out, "- {}", objective_line(objective));
        }
        out.push('\n');
    }
    if !diff.removed.is_empty() {
        out.push_str("### Objectives removed\n\n");
        for objective in &diff.removed {
            let _ = writeln!(out, "- {}", objective_line(objective));
        }
        out.push('\n');
    }
    if !diff.retitled.is_empty() {
        out.push_str("### Objectives retitled\n\n");
        for retitled in &diff.retitled {
            let _ = writeln!(
                out,
                "- {} ({}): {} → **{}**",
                code(&retitled.id),
                placement(
                    &retitled.period,
                    retitled.team.as_deref(),
                    retitled.owner.as_deref()
                ),
                md(&retitled.old),
                md(&retitled.new)
            );
        }
        out.push('\n');
    }
    if !diff.key_results.is_empty() {
        out.push_str("### Key results\n\n");
        for change in &diff.key_results {
            let what = match &change.change {
                KrChange::Added {
                    target: Some(target),
                } => {
                    format!("added, target {}", md(target))
                }
                KrChange::Added { target: None } => "added".to_string(),
                KrChange::Removed => "removed".to_string(),
                KrChange::Changed(fields) => fields
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {} → {}",
                            f.field,
                            f.old.as_deref().map_or("none".to_string(), md),
                            f.new.as_deref().map_or("none".to_string(), md)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            let _ = writeln!(out, "- {}: {what}", kr_name(&change.key_result));
        }
        out.push('\n');
    }
    if !diff.new_checkins.is_empty() {
        out.push_str("### New check-ins\n\n");
        out.push_str("| Key result | Date | Value | Key result score | Objective score |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for checkin in &diff.new_checkins {
            let unit = checkin.unit.as_deref();
            let value = match checkin.previous {
                Some(previous) => value_change(previous, checkin.value, unit),
                None => format!("{} (first check-in)", md(&value_text(checkin.value, unit))),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {value} | {} | {} |",
                kr_name(&checkin.key_result),
                checkin.date,
                score_change(checkin.key_result_score),
                score_change(checkin.objective_score)
            );
        }
        out.push('\n');
    }
    if !diff.edited_checkins.is_empty() {
        out.push_str("### Check-ins edited or removed\n\n");
        for edit in &diff.edited_checkins {
            let unit = edit.unit.as_deref();
            let what = match edit.new {
                Some(new) => format!(
                    "{} → {}",
                    md(&value_text(edit.old, unit)),
                    md(&value_text(new, unit))
                ),
                None => format!("removed (was {})", md(&value_text(edit.old, unit))),
            };
            let _ = writeln!(
                out,
                "- {}, {}: {what}",
                kr_name(&edit.key_result),
                edit.date
            );
        }
        out.push('\n');
    }
    if !diff.grades.is_empty() {
        out.push_str("### Grades\n\n");
        for grade in &diff.grades {
            let _ = writeln!(
                out,
                "- **{}** ({}, {}): {}",
                md(&grade.title),
                code(&grade.id),
                md(&grade.period),
                grade_text(grade)
            );
        }
        out.push('\n');
    }
    let private = diff.private;
    if private.total() > 0 {
        out.push_str("### Private objectives\n\n");
        let _ = writeln!(out, "{}; they are not shown here.", private_phrase(private));
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `1 objective added, 1 removed; 2 new check-ins; …`.
fn headline(diff: &HandbookDiff) -> String {
    let mut kr_counts = (0, 0, 0);
    for change in &diff.key_results {
        match change.change {
            KrChange::Added { .. } => kr_counts.0 += 1,
            KrChange::Removed => kr_counts.1 += 1,
            KrChange::Changed(_) => kr_counts.2 += 1,
        }
    }
    let edited = diff
        .edited_checkins
        .iter()
        .filter(|e| e.new.is_some())
        .count();
    let mut grade_counts = (0, 0, 0);
    for grade in &diff.grades {
        match (&grade.old, &grade.new) {
            (None, _) => grade_counts.0 += 1,
            (Some(_), Some(_)) => grade_counts.1 += 1,
            (Some(_), None) => grade_counts.2 += 1,
        }
    }
    let new_checkins = match diff.new_checkins.len() {
        0 => String::new(),
        1 => "1 new check-in".to_string(),
        n => format!("{n} new check-ins"),
    };
    let parts = [
        counts(
            ("objective", "objectives"),
            &[
                (diff.added.len(), "added"),
                (diff.removed.len(), "removed"),
                (diff.retitled.len(), "retitled"),
            ],
        ),
        counts(
            ("key result", "key results"),
            &[
                (kr_counts.0, "added"),
                (kr_counts.1, "removed"),
                (kr_counts.2, "changed"),
            ],
        ),
        new_checkins,
        counts(
            ("check-in", "check-ins"),
            &[
                (edited, "edited"),
                (diff.edited_checkins.len() - edited, "removed"),
            ],
        ),
        counts(
            ("grade", "grades"),
            &[
                (grade_counts.0, "given"),
                (grade_counts.1, "changed"),
                (grade_counts.2, "removed"),
            ],
        ),
        if diff.private.total() > 0 {
            private_phrase(diff.private)
        } else {
            String::new()
        },
    ];
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    format!("{}.", capitalize(&parts.join("; ")))
}

/// `2 objectives added, 1 removed`: the noun after the first count only.
fn counts((one, many): (&str, &str), items: &[(usize, &str)]) -> String {
    let mut words = Vec::new();
    for &(n, verb) in items.iter().filter(|(n, _)| *n > 0) {
        if words.is_empty() {
            let noun = if n == 1 { one } else { many };
            words.push(format!("{n} {noun} {verb}"));
        } else {
            words.push(format!("{n} {verb}"));
        }
    }
    words.join(", ")
}

fn private_phrase(private: PrivateChanges) -> String {
    counts(
        ("private objective", "private objectives"),
        &[
            (private.added, "added"),
            (private.removed, "removed"),
            (private.changed, "changed"),
        ],
    )
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn objective_line(objective: &ObjectiveSummary) -> String {
    let krs = match objective.key_results {
        1 => "1 key result".to_string(),
        n => format!("{n} key results"),
    };
    format!(
        "**{}** ({}): {}, {krs}",
        md(&objective.title),
        code(&objective.id),
        placement(
            &objective.period,
            objective.team.as_deref(),
            objective.owner.as_deref()
        )
    )
}

/// `2026-Q4, team web` or, for an individual objective, `2026-Q4, Ana Lima`.
fn placement(period: &str, team: Option<&str>, owner: Option<&str>) -> String {
    match (team, owner) {
        (Some(team), _) => format!("{}, team {}", md(period), md(team)),
        (None, Some(owner)) => format!("{}, {}", md(period), md(owner)),
        (None, None) => md(period),
    }
}

fn kr_name(kr: &KeyResultRef) -> String {
    format!(
        "{} ({} › {})",
        md(&kr.title),
        code(&kr.objective),
        code(&kr.key_result)
    )
}

fn value_change(old: CheckinValue, new: CheckinValue, unit: Option<&str>) -> String {
    let change = format!(
        "{} → {}",
        md(&value_text(old, unit)),
        md(&value_text(new, unit))
    );
    match (old, new) {
        (CheckinValue::Number(a), CheckinValue::Number(b)) => {
            let delta = format_number(b - a);
            if delta == "0" || delta == "-0" {
                format!("{change} (no change)")
            } else if b > a {
                format!("{change} (+{delta})")
            } else {
                format!("{change} ({delta})")
            }
        }
        _ => change,
    }
}

/// `0.42 → 0.55 (+0.13)`, `0.42 (no change)`, `0.55 (new)`.
fn score_change(change: ScoreChange) -> String {
    let hundredths = |score: f64| (score * 100.0).round() as i64;
    let text = |h: i64| format!("{:.2}", h as f64 / 100.0);
    let head = hundredths(change.head);
    match change.base.map(hundredths) {
        None => format!("{} (new)", text(head)),
        Some(base) if base == head => format!("{} (no change)", text(head)),
        Some(base) => format!(
            "{} → {} ({:+.2})",
            text(base),
            text(head),
            (head - base) as f64 / 100.0
        ),
    }
}

fn grade_summary(grade: &GradeSummary) -> String {
    let mut words = Vec::new();
    if let Some(score) = grade.score {
        words.push(format!("{score:.2}"));
    }
    if let Some(next) = grade.next {
        words.push(format!("next: {}", next.as_str()));
    }
    words.join(", ")
}

fn grade_text(grade: &GradeChange) -> String {
    match (&grade.old, &grade.new) {
        (None, Some(new)) => format!("graded {}", grade_summary(new)),
        (Some(old), Some(new)) => {
            format!("grade {} → {}", grade_summary(old), grade_summary(new))
        }
        (Some(old), None) => format!("grade removed (was {})", grade_summary(old)),
        (None, None) => "no grade".to_string(),
    }
}

/// Text safe to put in a Markdown line or table cell: one line, with the
/// characters that would start emphasis, links, HTML or cells escaped.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// An id as inline code, or as escaped text when it could not be one.
fn code(text: &str) -> String {
    if text.contains(['`', '|', '\n', '\r']) || text.is_empty() {
        md(text)
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_score_changes() {
        assert_eq!(
            score_change(ScoreChange {
                base: Some(0.42),
                head: 0.55
            }),
            "0.42 → 0.55 (+0.13)"
        );
        assert_eq!(
            score_change(ScoreChange {
                base: Some(0.5),
                head: 0.25
            }),
            "0.50 → 0.25 (-0.25)"
        );
        assert_eq!(
            score_change(ScoreChange {
                base: Some(0.701),
                head: 0.699
            }),
            "0.70 (no change)"
        );
        assert_eq!(
            score_change(ScoreChange {
                base: None,
                head: 1.0
            }),
            "1.00 (new)"
        );
    }

    #[test]
    fn formats_values_and_counts() {
        assert_eq!(quantity(99.5, Some("%")), "99.5%");
        assert_eq!(quantity(250.0, Some("ms")), "250 ms");
        assert_eq!(quantity(3.0, None), "3");
        assert_eq!(
            value_change(
                CheckinValue::Number(99.5),
                CheckinValue::Number(99.7),
                Some("%")
            ),
            "99.5% → 99.7% (+0.2)"
        );
        assert_eq!(
            value_change(
                CheckinValue::Number(3.0),
                CheckinValue::Number(2.5),
                Some("s")
            ),
            "3 s → 2.5 s (-0.5)"
        );
        assert_eq!(
            value_change(CheckinValue::Done(false), CheckinValue::Done(true), None),
            "not done → done"
        );
        assert_eq!(
            counts(
                ("objective", "objectives"),
                &[(2, "added"), (0, "removed"), (1, "retitled")]
            ),
            "2 objectives added, 1 retitled"
        );
        assert_eq!(counts(("grade", "grades"), &[(0, "given")]), "");
    }

    #[test]
    fn escapes_markdown() {
        assert_eq!(md("a | b *c* <x>\nd"), "a \\| b \\*c\\* \\<x\\> d");
        assert_eq!(code("web/2026-Q4/x"), "`web/2026-Q4/x`");
        assert_eq!(code("a`b"), "a\\`b");
    }
}
