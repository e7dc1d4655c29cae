//! `okrbook plan PERIOD`: drafts the next period from the one before it.
//!
//! Each objective of the earlier period that is neither done nor dropped is
//! carried: a new file in the same folder scheme, re-pathed to the new
//! period, with `carried_from` on the objective and on each key result, the
//! last value checked in (data files' rows included) as the new baseline,
//! and no check-ins, scores, grade or finished initiatives. Objectives are
//! left behind when graded `next: done` or `next: drop`, or, without a
//! `next`, when they scored 1.0 at the end of the earlier period.
//!
//! Like `okrbook new`, it never replaces a file (a draft whose file exists is
//! reported and skipped), refuses a handbook that has errors, checks every
//! draft together in memory before writing any, and writes all of them or
//! none.

use crate::date::Date;
use crate::model::{CheckinValue, Direction, Handbook, InitiativeStatus, KrKind, Next};
use crate::period::{FiscalYear, Period};
use crate::scaffold::{error_texts, team_id, write_new, yaml_scalar, Loaded};
use crate::EditedFile;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What `okrbook plan` is asked to draft.
pub struct PlanRequest<'a> {
    /// The period to draft, `YYYY-Qn`, `YYYY-Hn` or `YYYY`.
    pub period: &'a str,
    /// The period to carry from; default the one of the same length just before `period`.
    pub from: Option<&'a str>,
    /// Only this team's objectives (its id or a former one); default every
    /// team's and every individual goal.
    pub team: Option<&'a str>,
}

/// What `plan` drafted (or, with a dry run, would draft) and what it left behind.
#[derive(Debug)]
pub struct PlanReport {
    /// The period drafted.
    pub period: Period,
    /// The period carried from.
    pub from: Period,
    /// The files drafted, by path.
    pub drafts: Vec<Draft>,
    /// The objectives of `from` not carried, by id.
    pub left_behind: Vec<LeftBehind>,
    /// Whether the drafts were written (false for a dry run, or when there was nothing to draft).
    pub written: bool,
}

/// One objective carried into the new period.
#[derive(Debug)]
pub struct Draft {
    /// The new file, as the handbook's findings name files (`content/…`).
    pub display_path: String,
    /// The new file's full text.
    pub text: String,
    /// The objective's title.
    pub title: String,
    /// The id of the objective it continues.
    pub carried_from: String,
    /// That objective's score at the end of its period; `None` when not scored.
    pub score: Option<f64>,
    /// What changed on the way, one line each: baselines, key results and parents left out.
    pub notes: Vec<String>,
}

/// An objective of the earlier period that was not drafted.
#[derive(Debug)]
pub struct LeftBehind {
    /// The objective's id.
    pub id: String,
    /// The objective's title.
    pub title: String,
    /// Why, as the summary says it.
    pub reason: String,
}

impl PlanReport {
    /// The summary `okrbook plan` prints: every draft with its notes, every
    /// objective left behind with its reason; under `dry_run`, each draft's text too.
    pub fn summary(&self, dry_run: bool) -> String {
        let mut out = format!(
            "Planning {} from {}: {} drafted, {} left behind.\n",
            self.period,
            self.from,
            count(self.drafts.len(), "objective"),
            self.left_behind.len()
        );
        let verb = if dry_run { "would create" } else { "created" };
        for draft in &self.drafts {
            let score = match draft.score {
                Some(score) => format!("{score:.2}"),
                None => "not scored".to_string(),
            };
            out.push_str(&format!(
                "\n{verb} {}: {}\n  carried from {} ({score} at the end of {})\n",
                draft.display_path, draft.title, draft.carried_from, self.from
            ));
            for note in &draft.notes {
                out.push_str(&format!("  {note}\n"));
            }
        }
        if !self.left_behind.is_empty() {
            out.push_str("\nLeft behind:\n");
            for left in &self.left_behind {
                out.push_str(&format!(
                    "  {} ({}): {}\n",
                    left.id, left.title, left.reason
                ));
            }
        }
        if dry_run {
            for draft in &self.drafts {
                out.push_str(&format!("\n--- {} ---\n{}", draft.display_path, draft.text));
            }
            out.push_str("\nDry run: nothing was written.\n");
        } else if self.drafts.is_empty() {
            out.push_str("\nNothing to draft: nothing was written.\n");
        }
        out
    }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Drafts `request.period` from the period before it, and writes the drafts unless `dry_run`.
pub fn plan(root: &Path, request: &PlanRequest, dry_run: bool) -> Result<PlanReport, String> {
    let loaded = Loaded::read(root)?;
    if !loaded.errors.is_empty() {
        return Err(format!(
            "the handbook has {} error(s); fix them first (`okrbook check`):\n\n{}",
            loaded.errors.len(),
            loaded.errors.iter().cloned().collect::<Vec<_>>().join("\n")
        ));
    }
    let handbook = &loaded.handbook;
    let fiscal = handbook.config.fiscal_year;
    let period = parse_period(request.period, "")?;
    let from = match request.from {
        Some(from) => parse_period(from, "--from ")?,
        None => period.previous(),
    };
    if from.start(fiscal) >= period.start(fiscal) {
        return Err(format!(
            "--from {from} is not earlier than {period}: an objective can only be carried from a period that starts before the one it is carried into"
        ));
    }
    let team = match request.team {
        Some(team) => Some(team_id(handbook, team, "--team")?),
        None => None,
    };
    let in_scope = |index: usize| match &team {
        Some(team) => handbook.links.team_of[index].map(|t| &handbook.teams[t].id) == Some(team),
        None => true,
    };
    let sources: Vec<usize> = (0..handbook.objectives.len())
        .filter(|&i| handbook.objectives[i].period == from && in_scope(i))
        .collect();
    if sources.is_empty() {
        return Err(empty_period(handbook, from, team.as_deref(), in_scope));
    }
    let end = from.last_day(fiscal);
    let scores = crate::score::score_handbook(handbook, end);

    // First decide what is carried and where it goes, so that parents can
    // point to their own drafts.
    let mut left_behind = Vec::new();
    let mut carried: Vec<(usize, String)> = Vec::new();
    let mut targets: BTreeSet<String> = BTreeSet::new();
    for &index in &sources {
        let objective = &handbook.objectives[index];
        let leave = |reason: String| LeftBehind {
            id: objective.id.clone(),
            title: objective.title.clone(),
            reason,
        };
        let next = objective.grade.as_ref().and_then(|g| g.next);
        let graded = objective.grade.as_ref().and_then(|g| g.score);
        match next {
            Some(Next::Done) => {
                left_behind.push(leave("done (graded `next: done`)".to_string()));
                continue;
            }
            Some(Next::Drop) => {
                left_behind.push(leave("dropped (graded `next: drop`)".to_string()));
                continue;
            }
            Some(Next::Continue) => {}
            None => {
                let score = graded.or(scores[index].score);
                if score.is_some_and(|s| s >= 1.0 - 1e-9) {
                    let how = if graded.is_some() { "graded" } else { "scored" };
                    left_behind.push(leave(format!(
                        "done ({how} 1.00 at the end of {from}, and no `next` says to continue)"
                    )));
                    continue;
                }
            }
        }
        let rel = target_path(handbook, index, from, period);
        let display = loaded.display(&rel);
        if std::fs::symlink_metadata(loaded.layout.src.join(&rel)).is_ok() {
            left_behind.push(leave(format!("{display} already exists, not overwritten")));
            continue;
        }
        if !targets.insert(rel.clone()) {
            left_behind.push(leave(format!(
                "another objective of {from} is drafted at {display}"
            )));
            continue;
        }
        carried.push((index, rel));
    }
    // Written in the order of their paths, so that a failed run says which.
    carried.sort_by(|a, b| a.1.cmp(&b.1));
    let new_ids: BTreeMap<usize, String> = carried
        .iter()
        .map(|(index, rel)| (*index, rel.trim_end_matches(".md").to_string()))
        .collect();

    let mut drafts = Vec::new();
    let mut edits = Vec::new();
    for (index, rel) in &carried {
        let (text, notes) = draft_text(handbook, *index, period, from, &new_ids);
        let objective = &handbook.objectives[*index];
        edits.push(EditedFile {
            rel_path: rel.clone(),
            text: text.clone(),
        });
        drafts.push(Draft {
            display_path: loaded.display(rel),
            text,
            title: objective.title.clone(),
            carried_from: objective.id.clone(),
            score: scores[*index].score,
            notes,
        });
    }
    drafts.sort_by(|a, b| a.display_path.cmp(&b.display_path));
    left_behind.sort_by(|a, b| a.id.cmp(&b.id));

    if !edits.is_empty() {
        let after = crate::check_edited(&loaded.root, Date::today_utc(), &edits);
        let new_errors: Vec<String> = error_texts(&after.diagnostics)
            .into_iter()
            .filter(|finding| !loaded.errors.contains(finding))
            .collect();
        if !new_errors.is_empty() {
            return Err(format!(
                "the drafts would give the handbook new errors, so nothing was written:\n\n{}",
                new_errors.join("\n")
            ));
        }
    }
    let written = !dry_run && !edits.is_empty();
    if written {
        write_all(&loaded, &edits)?;
    }
    Ok(PlanReport {
        period,
        from,
        drafts,
        left_behind,
        written,
    })
}

fn parse_period(text: &str, flag: &str) -> Result<Period, String> {
    Period::parse(text.trim()).ok_or_else(|| {
        format!("{flag}{text} is not a period; write YYYY-Qn, YYYY-Hn or YYYY, for example 2027-Q1")
    })
}

/// Why there is nothing to carry from `from`: which periods do have objectives.
fn empty_period(
    handbook: &Handbook,
    from: Period,
    team: Option<&str>,
    in_scope: impl Fn(usize) -> bool,
) -> String {
    let periods: BTreeSet<Period> = (0..handbook.objectives.len())
        .filter(|&i| in_scope(i))
        .map(|i| handbook.objectives[i].period)
        .collect();
    let whose = match team {
        Some(team) => format!("team {team} has"),
        None => "the handbook has".to_string(),
    };
    let mut message = format!("{whose} no objectives in {from}, so there is nothing to carry");
    if periods.is_empty() {
        message.push_str(" (and none in any period)");
    } else {
        let names: Vec<String> = periods.iter().map(Period::to_string).collect();
        message.push_str(&format!(
            "; objectives are in {}: name one with --from",
            names.join(", ")
        ));
    }
    message
}

/// Where the objective at `index` goes in `period`: its own path with the
/// folder named after `from` renamed to `period` (a folder `period` added
/// before the file name when there is none), and a team folder named after
/// a team's former name renamed to its id.
fn target_path(handbook: &Handbook, index: usize, from: Period, period: Period) -> String {
    let objective = &handbook.objectives[index];
    let mut parts: Vec<String> = objective
        .origin
        .rel_path
        .split('/')
        .map(str::to_string)
        .collect();
    let file = parts.pop().unwrap_or_default();
    let from_name = from.to_string();
    match parts.iter().rposition(|part| *part == from_name) {
        Some(at) => parts[at] = period.to_string(),
        None => parts.push(period.to_string()),
    }
    if let Some(team) = handbook.links.team_of[index] {
        let team = &handbook.teams[team];
        if let Some(first) = parts.first_mut() {
            if team.formerly.contains(first) {
                *first = team.id.clone();
            }
        }
    }
    parts.push(file);
    parts.join("/")
}

/// Whether `outer` runs over all of `inner`.
fn contains(outer: Period, inner: Period, fiscal: FiscalYear) -> bool {
    outer.start(fiscal) <= inner.start(fiscal) && inner.end(fiscal) <= outer.end(fiscal)
}

/// A number as YAML reads it back exactly: `15`, `99.95`.
fn number(value: f64) -> String {
    format!("{value}")
}

/// Names as one YAML value: `Ana` or `[Ana, Ben]`.
fn names_value(names: &[String]) -> String {
    match names {
        [one] => yaml_scalar(one),
        many => format!(
            "[{}]",
            many.iter()
                .map(|n| flow_scalar(n))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `text` as an item of a flow sequence, where a plain `,` would split it.
fn flow_scalar(text: &str) -> String {
    let scalar = yaml_scalar(text);
    if scalar.starts_with('"') || !text.contains(',') {
        scalar
    } else {
        format!("\"{text}\"")
    }
}

/// The new file's text, and the notes on what changed.
fn draft_text(
    handbook: &Handbook,
    index: usize,
    period: Period,
    from: Period,
    new_ids: &BTreeMap<usize, String>,
) -> (String, Vec<String>) {
    let fiscal = handbook.config.fiscal_year;
    let objective = &handbook.objectives[index];
    let mut notes = Vec::new();
    let mut text = format!(
        "---\ntitle: {}\nperiod: {period}\n",
        yaml_scalar(&objective.title)
    );
    if let Some(team) = handbook.links.team_of[index] {
        text.push_str(&format!(
            "team: {}\n",
            yaml_scalar(&handbook.teams[team].id)
        ));
    }
    if !objective.owners.is_empty() {
        text.push_str(&format!("owner: {}\n", names_value(&objective.owners)));
    }
    if let Some(parent) = handbook.links.parent_of[index] {
        let old = &handbook.objectives[parent];
        let successor = new_ids.get(&parent).cloned().or_else(|| {
            // A draft of an earlier run, or one written by hand.
            handbook
                .objectives
                .iter()
                .enumerate()
                .find(|(i, o)| {
                    handbook.links.carried_from[*i] == Some(parent)
                        && contains(o.period, period, fiscal)
                })
                .map(|(_, o)| o.id.clone())
        });
        match successor {
            Some(id) => text.push_str(&format!("parent: {}\n", yaml_scalar(&id))),
            None if contains(old.period, period, fiscal) => {
                text.push_str(&format!("parent: {}\n", yaml_scalar(&old.id)));
            }
            None => {
                text.push_str(&format!(
                    "# parent: {} was not carried into {period}; name the objective this one supports now\n",
                    old.id
                ));
                notes.push(format!(
                    "parent {} left out: it is of {}, and not carried into {period}",
                    old.id, old.period
                ));
            }
        }
    }
    if let Some(order) = objective.order {
        text.push_str(&format!("order: {}\n", number(order)));
    }
    if objective.commitment == crate::model::Commitment::Aspirational {
        text.push_str("commitment: aspirational\n");
    }
    if !objective.tags.is_empty() {
        let tags: Vec<String> = objective.tags.iter().map(|t| flow_scalar(t)).collect();
        text.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    if objective.private {
        text.push_str("visibility: private\n");
    }
    text.push_str(&format!("carried_from: {}\n", yaml_scalar(&objective.id)));
    if !objective.allow.is_empty() {
        let allow: Vec<String> = objective.allow.iter().map(|a| flow_scalar(a)).collect();
        text.push_str(&format!("allow: [{}]\n", allow.join(", ")));
    }

    let mut key_results = String::new();
    let mut kept: BTreeSet<&str> = BTreeSet::new();
    for kr in &objective.key_results {
        let last = kr
            .checkins
            .iter()
            .rev()
            .find_map(|c| c.value.map(|value| (c.date, value)));
        if kr.kind == KrKind::Milestone {
            if let Some((date, CheckinValue::Done(true))) = last {
                notes.push(format!(
                    "{}: left out, the milestone was done ({date})",
                    kr.id
                ));
                continue;
            }
        }
        let last_number = match last {
            Some((date, CheckinValue::Number(value))) => Some((date, value)),
            _ => None,
        };
        if kr.kind == KrKind::Metric {
            if let (Some((date, value)), Some(target)) = (last_number, kr.target) {
                let reached = match kr.direction {
                    Direction::Decrease => value <= target,
                    _ => value >= target,
                };
                if reached {
                    notes.push(format!(
                        "{}: left out, it reached its target {} ({} on {date})",
                        kr.id,
                        number(target),
                        number(value)
                    ));
                    continue;
                }
            }
        }
        kept.insert(&kr.id);
        key_results.push_str(&format!("  - id: {}\n", yaml_scalar(&kr.id)));
        key_results.push_str(&format!("    title: {}\n", yaml_scalar(&kr.title)));
        if !kr.owners.is_empty() {
            key_results.push_str(&format!("    owner: {}\n", names_value(&kr.owners)));
        }
        if let Some(priority) = &kr.priority {
            key_results.push_str(&format!("    priority: {}\n", yaml_scalar(priority)));
        }
        key_results.push_str(&format!(
            "    carried_from: {}\n",
            yaml_scalar(&format!("{}#{}", objective.id, kr.id))
        ));
        if kr.kind != KrKind::Metric {
            key_results.push_str(&format!("    kind: {}\n", kr.kind.as_str()));
        }
        if let Some(unit) = &kr.unit {
            key_results.push_str(&format!("    unit: {}\n", yaml_scalar(unit)));
        }
        if kr.kind != KrKind::Milestone {
            let baseline = match last_number {
                Some((date, value)) => {
                    let before = kr.baseline.map_or("none".to_string(), number);
                    notes.push(format!(
                        "{}: baseline {before} → {} (last check-in {date})",
                        kr.id,
                        number(value)
                    ));
                    Some(value)
                }
                None => {
                    if let Some(baseline) = kr.baseline {
                        notes.push(format!(
                            "{}: baseline {} kept (no check-in with a value)",
                            kr.id,
                            number(baseline)
                        ));
                    }
                    kr.baseline
                }
            };
            if let Some(baseline) = baseline {
                key_results.push_str(&format!("    baseline: {}\n", number(baseline)));
            }
        }
        if let Some(target) = kr.target {
            key_results.push_str(&format!("    target: {}\n", number(target)));
        }
        if kr.kind != KrKind::Milestone {
            // Written out: the new baseline may infer another direction.
            key_results.push_str(&format!("    direction: {}\n", kr.direction.as_str()));
        }
        if kr.weight != 1.0 {
            key_results.push_str(&format!("    weight: {}\n", number(kr.weight)));
        }
        if let Some(measured_by) = &kr.measured_by {
            key_results.push_str(&format!("    measured_by: {}\n", yaml_scalar(measured_by)));
        }
        if let Some(source) = &kr.source {
            key_results.push_str(&format!("    source: {}\n", yaml_scalar(source)));
        }
    }
    if key_results.is_empty() {
        text.push_str(&format!(
            "# Every key result of {} was done in {from}: write this period's.\nkey_results: []\n",
            objective.id
        ));
        if !objective.key_results.is_empty() {
            notes.push(format!(
                "every key result was left out: write {period}'s key results"
            ));
        }
    } else {
        text.push_str("key_results:\n");
        text.push_str(&key_results);
    }

    let open: Vec<_> = objective
        .initiatives
        .iter()
        .filter(|i| !matches!(i.status, InitiativeStatus::Done | InitiativeStatus::Dropped))
        .collect();
    if !open.is_empty() {
        text.push_str("initiatives:\n");
        for initiative in open {
            text.push_str(&format!("  - title: {}\n", yaml_scalar(&initiative.title)));
            if let Some(owner) = &initiative.owner {
                text.push_str(&format!("    owner: {}\n", yaml_scalar(owner)));
            }
            if initiative.status == InitiativeStatus::InProgress {
                text.push_str("    status: in_progress\n");
            }
            if let Some(link) = &initiative.link {
                text.push_str(&format!("    link: {}\n", yaml_scalar(link)));
            }
            let drives: Vec<String> = initiative
                .key_results
                .iter()
                .filter(|id| kept.contains(id.as_str()))
                .map(|id| flow_scalar(id))
                .collect();
            if !drives.is_empty() {
                text.push_str(&format!("    key_results: [{}]\n", drives.join(", ")));
            }
        }
    }
    text.push_str("---\n");
    text.push_str(&objective.body);
    (text, notes)
}

/// Writes every draft, or none: when one cannot be written, the files and
/// folders this run made are removed again.
fn write_all(loaded: &Loaded, edits: &[EditedFile]) -> Result<(), String> {
    let src = &loaded.layout.src;
    let mut made_folders: Vec<PathBuf> = Vec::new();
    let mut written: Vec<PathBuf> = Vec::new();
    for edit in edits {
        let target = src.join(&edit.rel_path);
        let mut folder = target.parent().map(Path::to_path_buf);
        let mut new_folders = Vec::new();
        while let Some(dir) = folder {
            if dir == *src || std::fs::symlink_metadata(&dir).is_ok() {
                break;
            }
            folder = dir.parent().map(Path::to_path_buf);
            new_folders.push(dir);
        }
        made_folders.extend(new_folders.into_iter().rev());
        if let Err(message) = write_new(src, &target, &edit.text) {
            for file in written.iter().rev() {
                let _ = std::fs::remove_file(file);
            }
            for dir in made_folders.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(format!(
                "cannot write {}: {message}; the drafts written before it were removed",
                loaded.display(&edit.rel_path)
            ));
        }
        written.push(target);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_written() {
        assert_eq!(number(15.0), "15");
        assert_eq!(number(99.95), "99.95");
        assert_eq!(number(0.4), "0.4");
        assert_eq!(number(-2.5), "-2.5");
        assert_eq!(names_value(&["Ana Lima".to_string()]), "Ana Lima");
        assert_eq!(
            names_value(&["Ana Lima".to_string(), "Smith, Jo".to_string()]),
            "[Ana Lima, \"Smith, Jo\"]"
        );
        assert_eq!(flow_scalar("R&D"), "R&D");
        assert_eq!(flow_scalar("a: b"), "\"a: b\"");
    }

    #[test]
    fn a_period_contains_the_periods_it_runs_over() {
        let p = |text: &str| Period::parse(text).unwrap();
        let calendar = FiscalYear::CALENDAR;
        assert!(contains(p("2027"), p("2027-Q1"), calendar));
        assert!(contains(p("2027-H1"), p("2027-Q2"), calendar));
        assert!(contains(p("2027-Q1"), p("2027-Q1"), calendar));
        assert!(!contains(p("2026"), p("2027-Q1"), calendar));
        assert!(!contains(p("2027-Q1"), p("2027"), calendar));
        // With years from April, 2026 runs over January 2027.
        let april = FiscalYear::new(4, crate::period::NamedBy::Start).unwrap();
        assert!(contains(p("2026"), p("2026-Q4"), april));
        assert!(!contains(p("2026-H1"), p("2026-Q3"), april));
    }
}
