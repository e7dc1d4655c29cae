//! Reading one file: its front matter checked as YAML, then read as the
//! record its `type` (or its fields) says it is: a team, an objective or a page.

use super::origin::Origin;
use super::reader::Reader;
use super::yaml_errors::{budget_diagnostic, yaml_diagnostic};
use super::{Objective, Page, Team};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use crate::locate::Step;
use crate::raw::{RawObjective, RawPage, RawTeam};
use crate::suggest::closest;
use crate::yaml_budget::{too_deep_flow, MAX_FLOW_DEPTH};

#[derive(Clone)]
pub(super) enum Record {
    Team(Team),
    Objective(Box<Objective>),
    Page(Page),
}

/// Reads one file's record. `data` reads the data files key results name;
/// each one read is added to `data_read` with a fingerprint of its text.
pub(super) fn read_file(
    file: &SourceFile,
    data: Option<&crate::load::DataFiles>,
    diagnostics: &mut Vec<Diagnostic>,
    data_read: &mut Vec<(String, u64)>,
) -> Option<Record> {
    let Some(front) = &file.front_matter else {
        return Some(Record::Page(plain_page(file, Origin::new(file, None))));
    };
    if !front.closed {
        diagnostics.push(
            Diagnostic::error(
                Code::UnclosedFrontMatter,
                &file.display_path,
                1,
                1,
                "the front matter opened on line 1 is never closed",
            )
            .with_excerpt(Some("---"))
            .with_help("end the front matter with a line holding only `---`"),
        );
        return None;
    }
    if let Some((line, column)) = too_deep_flow(&front.yaml) {
        let line = line + front.first_line - 1;
        diagnostics.push(
            Diagnostic::error(
                Code::YamlSyntax,
                &file.display_path,
                line,
                column,
                format!(
                    "the front matter is not valid YAML: lists or sets of fields in brackets are nested more than {MAX_FLOW_DEPTH} deep"
                ),
            )
            .with_excerpt(front.file_line(line))
            .with_help("close the brackets; no field of okrbook nests more than a few levels"),
        );
        return None;
    }
    // Before serde_yaml copies what the aliases name: see `yaml_budget`.
    if let Err(overrun) = crate::yaml_budget::check(&front.yaml) {
        diagnostics.push(budget_diagnostic(file, front, &overrun));
        return None;
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(&front.yaml) {
        Ok(value) => value,
        Err(error) => {
            diagnostics.push(yaml_diagnostic(file, front, &error, None));
            return None;
        }
    };
    let origin = Origin::new(file, Some(front));
    if value.is_null() {
        return Some(Record::Page(plain_page(file, origin)));
    }
    if !value.is_mapping() {
        diagnostics.push(
            origin
                .finding(
                    Code::WrongType,
                    &[],
                    false,
                    "the front matter must be a set of `field: value` lines",
                )
                .with_help("for example `title: Faster releases`"),
        );
        return None;
    }
    let declared = value.get("type").and_then(|kind| match kind {
        serde_yaml::Value::String(text) => Some(text.trim().to_ascii_lowercase()),
        serde_yaml::Value::Number(number) => Some(number.to_string()),
        serde_yaml::Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    });
    let looks_like_objective = value.get("key_results").is_some() || value.get("period").is_some();
    let record_kind = match declared.as_deref() {
        Some("team") => "team",
        Some("objective") => "objective",
        Some("page") => "page",
        Some(other) => {
            let mut diagnostic = origin.finding(
                Code::UnknownType,
                &[Step::Key("type")],
                true,
                format!("`type: {other}` is not a kind of page okrbook knows"),
            );
            diagnostic =
                diagnostic.with_help(match closest(other, &["team", "objective", "page"]) {
                    Some(known) => format!("did you mean `type: {known}`?"),
                    None => {
                        "write `type: team`, `type: objective` or `type: page`, or leave it out"
                            .to_string()
                    }
                });
            diagnostics.push(diagnostic);
            return None;
        }
        None if looks_like_objective => "objective",
        None => "page",
    };
    let mut reader = Reader {
        origin,
        diagnostics,
        left_out: Vec::new(),
        suggester: crate::suggest::Suggester::new(),
        data,
        data_read: Vec::new(),
    };
    let record = match record_kind {
        "team" => {
            let raw: RawTeam = reader.typed(file, front, value)?;
            Some(Record::Team(reader.team(raw, file)))
        }
        "objective" => {
            let raw: RawObjective = reader.typed(file, front, value)?;
            reader
                .objective(raw, file)
                .map(|o| Record::Objective(Box::new(o)))
        }
        _ => {
            let raw: RawPage = reader.typed(file, front, value)?;
            Some(Record::Page(reader.page(raw, file)))
        }
    };
    data_read.extend(reader.data_read);
    record
}

pub(super) fn plain_page(file: &SourceFile, origin: Origin) -> Page {
    Page {
        title: first_heading(&file.body).unwrap_or_else(|| title_from_stem(&file.rel_path)),
        description: None,
        order: None,
        extra: serde_json::Value::Object(Default::default()),
        allow: Vec::new(),
        body: file.body.clone(),
        origin,
    }
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|line| line.strip_prefix("# "))
        .map(|title| title.trim().to_string())
        .filter(|title| !title.is_empty())
}

pub(super) fn title_from_stem(rel_path: &str) -> String {
    let stem = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let stem = stem
        .strip_suffix(".md")
        .unwrap_or(stem)
        .replace(['-', '_'], " ");
    let mut chars = stem.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem,
    }
}
