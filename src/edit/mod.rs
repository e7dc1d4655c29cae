//! Commands that edit the handbook's files: `okrbook checkin` and
//! `okrbook grade`. Edits are
//! made on the text ([`yaml`]), so that every byte the command does not need
//! to change stays as the author wrote it; the result is checked in memory
//! before anything is written, and written atomically.

pub mod grade;
pub mod yaml;

pub use grade::{grade, GradeReport, GradeRequest, Graded};

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::model::{Handbook, KrKind};
use crate::{model, EditedFile};
use std::path::{Path, PathBuf};

/// What `okrbook checkin` is asked to write.
#[derive(Debug, Clone)]
pub struct CheckinRequest {
    /// The objective's id, such as `platform/2026-Q3/reliability`.
    pub objective: String,
    /// The key result's id (`kr2` for the second one without an id); `None`
    /// when the objective has exactly one.
    pub key_result: Option<String>,
    /// A number, or for a milestone `done`, `true` or `false`.
    pub value: String,
    /// A number from 0 to 1 or a word such as `high`.
    pub confidence: Option<String>,
    /// What happened.
    pub note: Option<String>,
    /// What is in the way.
    pub blockers: Option<String>,
    /// The check-in's day.
    pub date: Date,
}

/// What a check-in changed (or, with a dry run, would change).
#[derive(Debug, Clone)]
pub struct CheckinReport {
    /// The edited file, relative to the handbook's root.
    pub display_path: String,
    /// The lines added, with their 1-based line numbers.
    pub added: Vec<(usize, String)>,
    /// The key result's id and the objective's title.
    pub key_result: String,
    /// The objective's title.
    pub objective: String,
    /// The key result's score before and after, as of the check-in's day.
    pub key_result_score: (Option<f64>, Option<f64>),
    /// The objective's score before and after, as of the check-in's day.
    pub objective_score: (Option<f64>, Option<f64>),
    /// The data file the key result also reads check-ins from, if any: the
    /// written check-in counts beside that file's rows.
    pub data_source: Option<String>,
}

/// Why nothing was written: a message and the findings behind it.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// What is wrong and what would be right.
    pub message: String,
    /// The handbook's errors that caused the refusal, if any.
    pub diagnostics: Vec<Diagnostic>,
}

impl Refusal {
    fn new(message: impl Into<String>) -> Refusal {
        Refusal {
            message: message.into(),
            diagnostics: Vec::new(),
        }
    }
}

/// The handbook as `okrbook check` reads it, before an edit.
pub(crate) struct Readable {
    pub(crate) handbook: Handbook,
    pub(crate) layout: crate::layout::Layout,
    /// Every finding, errors and warnings.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Readable {
    /// Reads the handbook at `root` as of `as_of`, or refuses when its
    /// settings or folders cannot be read.
    pub(crate) fn read(root: &Path, as_of: crate::date::Date) -> Result<Readable, Refusal> {
        let checked = crate::check(root, as_of);
        match (checked.handbook, checked.layout) {
            (Some(handbook), Some(layout)) => Ok(Readable {
                handbook,
                layout,
                diagnostics: checked.diagnostics,
            }),
            (None, _) => Err(Refusal {
                message: "the handbook cannot be read; fix its errors first (`okrbook check`)"
                    .into(),
                diagnostics: errors(&checked.diagnostics, None),
            }),
            (Some(_), None) => Err(Refusal::new("the handbook's folders cannot be found")),
        }
    }
}

/// Appends a check-in to a key result, or with `dry_run` only says what it would append.
pub fn checkin(
    root: &Path,
    request: &CheckinRequest,
    dry_run: bool,
) -> Result<CheckinReport, Refusal> {
    let before = Readable::read(root, request.date)?;
    let (handbook, layout) = (&before.handbook, &before.layout);
    let Some(index) = handbook
        .objectives
        .iter()
        .position(|o| o.id == request.objective)
    else {
        let known: Vec<&str> = handbook.objectives.iter().map(|o| o.id.as_str()).collect();
        let hint = crate::suggest::closest(&request.objective, &known)
            .map(|id| format!(" (did you mean `{id}`?)"))
            .unwrap_or_default();
        return Err(Refusal::new(format!(
            "there is no objective `{}`{hint}; an objective's id is its file's path under the source folder without `.md`, such as `team/2026-Q3/name`",
            request.objective
        )));
    };
    let objective = &handbook.objectives[index];
    let display_path = objective.origin.display_path.clone();
    let own_errors = errors(&before.diagnostics, Some(&display_path));
    if !own_errors.is_empty() {
        return Err(Refusal {
            message: format!("{display_path} already has errors; fix them first (`okrbook check`), then check in"),
            diagnostics: own_errors,
        });
    }
    let kr_index = match &request.key_result {
        None if objective.key_results.len() == 1 => 0,
        None => {
            let ids: Vec<&str> = objective
                .key_results
                .iter()
                .map(|k| k.id.as_str())
                .collect();
            return Err(Refusal::new(format!(
                "`{}` has {} key results; name one after the objective: {}",
                objective.id,
                ids.len(),
                ids.join(", ")
            )));
        }
        Some(id) => objective
            .key_results
            .iter()
            .position(|k| &k.id == id)
            .ok_or_else(|| {
                let ids: Vec<&str> = objective
                    .key_results
                    .iter()
                    .map(|k| k.id.as_str())
                    .collect();
                Refusal::new(format!(
                    "`{}` has no key result `{id}`; its key results are: {}",
                    objective.id,
                    ids.join(", ")
                ))
            })?,
    };
    let kr = &objective.key_results[kr_index];
    let value = value_scalar(kr.kind, &request.value)?;
    let mut fields = vec![("date", request.date.to_string()), ("value", value)];
    if let Some(confidence) = &request.confidence {
        fields.push(("confidence", yaml::scalar_or_number(confidence)));
    }
    if let Some(note) = &request.note {
        fields.push(("note", yaml::scalar(note)));
    }
    if let Some(blockers) = &request.blockers {
        fields.push(("blockers", yaml::scalar(blockers)));
    }
    // A key result without a written id is found by its position.
    let written_id =
        format!("kr{}", kr_index + 1) != kr.id || kr_has_written_id(objective, kr_index);
    let which = if written_id {
        yaml::Which::Id(&kr.id)
    } else {
        yaml::Which::Position(kr_index)
    };
    let path: PathBuf = layout.src.join(&objective.origin.rel_path);
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Refusal::new(format!("cannot read {display_path}: {error}")))?;
    let edited = yaml::append_checkin(&text, which, &fields)
        .map_err(|message| Refusal::new(format!("{display_path}: {message}")))?;
    let after = crate::check_edited(
        root,
        request.date,
        &[EditedFile {
            rel_path: objective.origin.rel_path.clone(),
            text: edited.text.clone(),
        }],
    );
    let new_errors = errors(&after.diagnostics, None);
    if new_errors.len() > errors(&before.diagnostics, None).len()
        || !errors(&after.diagnostics, Some(&display_path)).is_empty()
    {
        return Err(Refusal {
            message: format!(
                "the check-in would leave {display_path} with an error, so nothing was written"
            ),
            diagnostics: errors(&after.diagnostics, Some(&display_path)),
        });
    }
    let scores = |book: &Handbook| {
        let Some(objective) = book.objectives.iter().find(|o| o.id == request.objective) else {
            return (None, None);
        };
        let score = crate::score::score_objective(objective, book.config.fiscal_year, request.date);
        (
            score.key_results.get(kr_index).and_then(|k| k.score),
            score.score,
        )
    };
    let old = scores(handbook);
    let new = after.handbook.as_ref().map(scores).unwrap_or((None, None));
    let added = edited.added_lines();
    if !dry_run {
        write_atomically(&path, &edited.text)
            .map_err(|error| Refusal::new(format!("cannot write {display_path}: {error}")))?;
    }
    Ok(CheckinReport {
        display_path,
        added,
        key_result: kr.id.clone(),
        objective: objective.title.clone(),
        key_result_score: (old.0, new.0),
        objective_score: (old.1, new.1),
        data_source: kr.source.clone(),
    })
}

/// Whether the key result at `index` writes `id:` (else it is found by position).
fn kr_has_written_id(objective: &model::Objective, index: usize) -> bool {
    let id = &objective.key_results[index].id;
    objective.origin.yaml().lines().any(|line| {
        let content = line.trim_start().trim_start_matches("- ").trim_start();
        content
            .strip_prefix("id:")
            .is_some_and(|rest| rest.trim().trim_matches(['"', '\'']) == id)
    })
}

/// The check-in's value as YAML for a key result of this kind.
fn value_scalar(kind: KrKind, value: &str) -> Result<String, Refusal> {
    let value = value.trim();
    if kind == KrKind::Milestone {
        return match value.to_ascii_lowercase().as_str() {
            "done" | "true" | "yes" => Ok("true".into()),
            "false" | "no" | "not-done" => Ok("false".into()),
            _ => Err(Refusal::new(format!(
                "`{value}` is not a milestone's value; write done (or true) when it is reached, else false"
            ))),
        };
    }
    match value.parse::<f64>() {
        Ok(number) if number.is_finite() && !value.starts_with(['+', '.']) => {
            Ok(value.to_string())
        }
        _ => Err(Refusal::new(format!(
            "`{value}` is not a number; a {} key result's check-in is the number measured, such as 42 or 99.5",
            kind.as_str()
        ))),
    }
}

/// The errors among `diagnostics`, only those in `file` when given.
fn errors(diagnostics: &[Diagnostic], file: Option<&str>) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.is_error() && file.is_none_or(|f| d.file == f))
        .cloned()
        .collect()
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.okrbook-edit"));
    if let Ok(metadata) = std::fs::metadata(path) {
        std::fs::write(&temporary, text)?;
        let _ = std::fs::set_permissions(&temporary, metadata.permissions());
    } else {
        std::fs::write(&temporary, text)?;
    }
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}
