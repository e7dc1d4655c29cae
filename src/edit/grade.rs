//! `okrbook grade PERIOD`: every objective of an ended period without a
//! `grade:` gets one, its computed score as the grade and empty `learned:`
//! and `next:` for the retrospective to fill in. The block is added after
//! the front matter's last line; every other byte stays. All the edits are
//! checked together in memory, and nothing is written unless the handbook
//! still has no errors.

use super::{errors, yaml, Readable, Refusal};
use crate::date::Date;
use crate::model::Handbook;
use crate::period::Period;
use crate::score;
use crate::EditedFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What `okrbook grade` is asked to grade.
#[derive(Debug, Clone)]
pub struct GradeRequest {
    /// The period, as written: `YYYY-Qn`, `YYYY-Hn` or `YYYY`.
    pub period: String,
    /// Only this team's objectives, when given.
    pub team: Option<String>,
    /// The day the grades are given: the grades' `date`, and the day the
    /// handbook is checked as of. It must be after the period's last day.
    pub date: Date,
}

/// One objective that got (or, with a dry run, would get) a grade.
#[derive(Debug, Clone)]
pub struct Graded {
    /// The edited file, relative to the handbook's root.
    pub display_path: String,
    /// The objective's title.
    pub objective: String,
    /// The lines added, with their 1-based line numbers.
    pub added: Vec<(usize, String)>,
    /// The score written as the grade: the computed score on the period's
    /// last day, to two decimals; `None` when the objective is not scored,
    /// and then the grade has an empty `score:` to fill in.
    pub score: Option<f64>,
    /// The objective's score as of the grade's day, before and after.
    pub change: (Option<f64>, Option<f64>),
}

/// What `okrbook grade` did (or, with a dry run, would do).
#[derive(Debug, Clone)]
pub struct GradeReport {
    /// The period, as the handbook writes it.
    pub period: String,
    /// The objectives graded, in the handbook's order.
    pub graded: Vec<Graded>,
    /// The files of the period's objectives that had a grade already: untouched.
    pub already_graded: Vec<String>,
}

/// The comment on the empty `next:` line.
const NEXT_HINT: &str = "# continue, done or drop";
/// The comment on the empty `score:` line of an objective without a score.
const SCORE_HINT: &str = "# not scored: write the final score, 0 to 1";

/// Grades every objective of an ended period that has no grade, or with
/// `dry_run` only says what it would write.
pub fn grade(root: &Path, request: &GradeRequest, dry_run: bool) -> Result<GradeReport, Refusal> {
    let period = Period::parse(&request.period).ok_or_else(|| {
        Refusal::new(format!(
            "`{}` is not a period; write YYYY-Qn, YYYY-Hn or YYYY, such as 2026-Q3",
            request.period
        ))
    })?;
    let before = Readable::read(root, request.date)?;
    let (handbook, layout) = (&before.handbook, &before.layout);
    let existing = errors(&before.diagnostics, None);
    if !existing.is_empty() {
        return Err(Refusal {
            message: format!(
                "the handbook has {} error(s), and grades are scored from all of it; fix them first (`okrbook check`), then grade",
                existing.len()
            ),
            diagnostics: existing,
        });
    }
    let fiscal = handbook.config.fiscal_year;
    let last_day = period.last_day(fiscal);
    if request.date <= last_day {
        return Err(Refusal::new(format!(
            "{period} ends on {last_day}; grade it after that day, or pass --as-of with a later date"
        )));
    }
    if let Some(team) = &request.team {
        if !handbook.teams.iter().any(|t| &t.id == team) {
            let known: Vec<&str> = handbook.teams.iter().map(|t| t.id.as_str()).collect();
            let hint = crate::suggest::closest(team, &known)
                .map(|id| format!(" (did you mean `{id}`?)"))
                .unwrap_or_default();
            return Err(Refusal::new(format!(
                "there is no team `{team}`{hint}; a team's id is its file's name under teams/ without `.md`"
            )));
        }
    }
    let chosen: Vec<usize> = handbook
        .objectives
        .iter()
        .enumerate()
        .filter(|(_, o)| o.period == period)
        .filter(|(_, o)| request.team.is_none() || o.team == request.team)
        .map(|(index, _)| index)
        .collect();
    if chosen.is_empty() {
        let whose = request
            .team
            .as_ref()
            .map(|team| format!(" of team `{team}`"))
            .unwrap_or_default();
        return Err(Refusal::new(format!(
            "no objective{whose} has period {period}; grade a period that has objectives (their `period:`)"
        )));
    }
    let at_end = score::score_handbook(handbook, last_day);
    let now = score::score_handbook(handbook, request.date);
    let mut already_graded = Vec::new();
    let mut planned = Vec::new();
    for &index in &chosen {
        let objective = &handbook.objectives[index];
        let display_path = objective.origin.display_path.clone();
        if objective.grade.is_some() {
            already_graded.push(display_path);
            continue;
        }
        let written = at_end[index].score.map(|s| score::round(s, 2));
        let fields = [
            ("score", written.map_or(SCORE_HINT.to_string(), number)),
            ("date", request.date.to_string()),
            ("learned", String::new()),
            ("next", NEXT_HINT.to_string()),
        ];
        let path = layout.src.join(&objective.origin.rel_path);
        let text = std::fs::read_to_string(&path)
            .map_err(|error| Refusal::new(format!("cannot read {display_path}: {error}")))?;
        // An empty `grade:` is no grade to the model, but the author has
        // started one: it is theirs to fill in.
        if yaml::top_level_key_line(&text, "grade").is_some() {
            already_graded.push(display_path);
            continue;
        }
        let edited = yaml::append_top_level_map(&text, "grade", &fields)
            .map_err(|message| Refusal::new(format!("{display_path}: {message}")))?;
        planned.push((index, path, edited, written));
    }
    let edits: Vec<EditedFile> = planned
        .iter()
        .map(|(index, _, edited, _)| EditedFile {
            rel_path: handbook.objectives[*index].origin.rel_path.clone(),
            text: edited.text.clone(),
        })
        .collect();
    let after = if edits.is_empty() {
        None
    } else {
        let checked = crate::check_edited(root, request.date, &edits);
        let new_errors = errors(&checked.diagnostics, None);
        if !new_errors.is_empty() {
            return Err(Refusal {
                message: format!(
                    "the grades would leave the handbook with {} error(s), so nothing was written",
                    new_errors.len()
                ),
                diagnostics: new_errors,
            });
        }
        checked.handbook
    };
    let after_scores: BTreeMap<&str, Option<f64>> = match &after {
        Some(book) => scores_by_id(book, request.date),
        None => BTreeMap::new(),
    };
    let mut graded = Vec::new();
    for (index, _, edited, written) in &planned {
        let objective = &handbook.objectives[*index];
        let display_path = objective.origin.display_path.clone();
        let added = edited.added_lines();
        graded.push(Graded {
            display_path,
            objective: objective.title.clone(),
            added,
            score: *written,
            change: (
                now[*index].score,
                after_scores
                    .get(objective.id.as_str())
                    .copied()
                    .unwrap_or(None),
            ),
        });
    }
    if !dry_run {
        let files: Vec<(&Path, &str, &str)> = planned
            .iter()
            .zip(&graded)
            .map(|((_, path, edited, _), report)| {
                (
                    path.as_path(),
                    edited.text.as_str(),
                    report.display_path.as_str(),
                )
            })
            .collect();
        write_all(&files).map_err(Refusal::new)?;
    }
    Ok(GradeReport {
        period: period.to_string(),
        graded,
        already_graded,
    })
}

/// Writes every file or, as far as the file system allows, none: each
/// `(path, text, display path)` goes to a temporary file beside its file
/// first, and only when all of them are written are they renamed over the
/// files, so a reader never sees half a file nor half the grades.
fn write_all(files: &[(&Path, &str, &str)]) -> Result<(), String> {
    let mut staged: Vec<PathBuf> = Vec::new();
    let discard = |staged: &[PathBuf]| {
        for temporary in staged {
            let _ = std::fs::remove_file(temporary);
        }
    };
    for (path, text, display) in files {
        let folder = path.parent().unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = folder.join(format!(".{name}.okrbook-edit"));
        let written = std::fs::write(&temporary, text).map(|()| {
            if let Ok(metadata) = std::fs::metadata(path) {
                let _ = std::fs::set_permissions(&temporary, metadata.permissions());
            }
        });
        if let Err(error) = written {
            let _ = std::fs::remove_file(&temporary);
            discard(&staged);
            return Err(format!(
                "cannot write beside {display}: {error}; no file was changed"
            ));
        }
        staged.push(temporary);
    }
    for (index, (temporary, (path, _, display))) in staged.iter().zip(files).enumerate() {
        if let Err(error) = std::fs::rename(temporary, path) {
            discard(&staged[index..]);
            let done: Vec<&str> = files[..index].iter().map(|(_, _, d)| *d).collect();
            let state = if done.is_empty() {
                "no file was changed".to_string()
            } else {
                format!("already written: {}", done.join(", "))
            };
            return Err(format!("cannot replace {display}: {error}; {state}"));
        }
    }
    Ok(())
}

/// Every objective's score as of `as_of`, by id.
fn scores_by_id(book: &Handbook, as_of: Date) -> BTreeMap<&str, Option<f64>> {
    book.objectives
        .iter()
        .zip(score::score_handbook(book, as_of))
        .map(|(objective, scored)| (objective.id.as_str(), scored.score))
        .collect()
}

/// A score as YAML: a number with at least one decimal, such as `0.62` or `1.0`.
fn number(score: f64) -> String {
    let text = score.to_string();
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<(&'static str, String)> {
        vec![
            ("score", number(0.62)),
            ("date", "2027-01-05".to_string()),
            ("learned", String::new()),
            ("next", NEXT_HINT.to_string()),
        ]
    }

    #[test]
    fn the_grade_goes_after_the_last_content_line_with_the_files_indent() {
        let text =
            "---\ntitle: x\nkey_results:\n    - id: a\n      target: 1\n# trailing\n\n---\nbody\n";
        let edited = yaml::append_top_level_map(text, "grade", &fields()).expect("edit");
        assert_eq!(
            edited.text,
            "---\ntitle: x\nkey_results:\n    - id: a\n      target: 1\ngrade:\n    score: 0.62\n    date: 2027-01-05\n    learned:\n    next: # continue, done or drop\n# trailing\n\n---\nbody\n"
        );
        assert_eq!(edited.added, 6..=10);
    }

    #[test]
    fn crlf_and_flow_style_front_matter_get_a_block_with_crlf_and_two_spaces() {
        let text = "---\r\ntitle: x\r\nkey_results: [{id: a, target: 1}]\r\n---\r\n";
        let edited = yaml::append_top_level_map(text, "grade", &fields()).expect("edit");
        assert_eq!(
            edited.text,
            "---\r\ntitle: x\r\nkey_results: [{id: a, target: 1}]\r\ngrade:\r\n  score: 0.62\r\n  date: 2027-01-05\r\n  learned:\r\n  next: # continue, done or drop\r\n---\r\n"
        );
        assert_eq!(edited.added, 4..=8);
    }

    #[test]
    fn a_front_matter_with_the_key_already_is_refused() {
        let text = "---\ngrade:\n  score: 1\n---\n";
        let error = yaml::append_top_level_map(text, "grade", &fields()).expect_err("refused");
        assert!(error.contains("line 2"), "{error}");
        assert!(yaml::append_top_level_map("no front matter\n", "grade", &fields()).is_err());
    }

    #[test]
    fn an_empty_front_matter_gets_the_block_after_its_first_line() {
        let edited =
            yaml::append_top_level_map("---\n---\nbody\n", "grade", &fields()).expect("edit");
        assert_eq!(
            edited.text,
            "---\ngrade:\n  score: 0.62\n  date: 2027-01-05\n  learned:\n  next: # continue, done or drop\n---\nbody\n"
        );
        assert_eq!(edited.added, 2..=6);
    }

    #[test]
    fn scores_are_written_as_numbers_with_a_decimal() {
        assert_eq!(number(0.62), "0.62");
        assert_eq!(number(1.0), "1.0");
        assert_eq!(number(0.0), "0.0");
    }
}
