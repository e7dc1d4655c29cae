//! Check-ins read from a data file a key result names with `source:`: CSV
//! with a header row (`date,value`, and optionally `confidence`, `note`,
//! `blockers`), or JSON, an array of objects with the same keys. Every
//! problem is reported at the data file's line and column.

use super::{Checkin, CheckinValue, KrKind, CONFIDENCE_WORDS, MAX_MAGNITUDE};
use crate::codes::Code;
use crate::date::Date;
use crate::diagnostic::Diagnostic;

const COLUMNS: [&str; 5] = ["date", "value", "confidence", "note", "blockers"];

/// One cell as written, with its 1-based line and column.
struct Cell {
    text: String,
    line: usize,
    column: usize,
}

/// One row: the cell of each known column it has.
#[derive(Default)]
struct Row {
    cells: [Option<Cell>; 5],
    /// Where the row starts, for problems of the whole row.
    line: usize,
    column: usize,
}

/// The check-ins in `text`, the data file at `path` (relative to the
/// handbook's root); problems are added to `diagnostics` and their rows left out.
pub(super) fn checkins(
    path: &str,
    text: &str,
    kind: KrKind,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Checkin> {
    let rows = if path.to_ascii_lowercase().ends_with(".json") {
        json_rows(path, text, diagnostics)
    } else {
        csv_rows(path, text, diagnostics)
    };
    rows.into_iter()
        .filter_map(|row| checkin(path, text, row, kind, diagnostics))
        .collect()
}

/// A fingerprint of what reading a data file gave: its text, or why it could not be read.
pub(super) fn fingerprint(read: &Result<String, (Code, String, &'static str)>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    match read {
        Ok(text) => (0u8, text).hash(&mut hasher),
        Err((_, message, _)) => (1u8, message).hash(&mut hasher),
    }
    hasher.finish()
}

fn finding(
    path: &str,
    text: &str,
    code: Code,
    line: usize,
    column: usize,
    message: String,
    help: &str,
) -> Diagnostic {
    Diagnostic::error(code, path, line, column, message)
        .with_excerpt(text.lines().nth(line.saturating_sub(1)))
        .with_help(help)
}

/// The fields of one CSV line, with their 1-based columns; `Err` holds the
/// column of a quote that is never closed or is followed by more text.
fn split_csv_line(line: &str) -> Result<Vec<(String, usize)>, usize> {
    let chars: Vec<char> = line.chars().collect();
    let mut fields = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        let mut field = String::new();
        if chars.get(i) == Some(&'"') {
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(start + 1),
                    Some('"') if chars.get(i + 1) == Some(&'"') => {
                        field.push('"');
                        i += 2;
                    }
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        field.push(*c);
                        i += 1;
                    }
                }
            }
            if !matches!(chars.get(i), None | Some(',')) {
                return Err(i + 1);
            }
        } else {
            while let Some(c) = chars.get(i).filter(|c| **c != ',') {
                field.push(*c);
                i += 1;
            }
        }
        fields.push((field, start + 1));
        if chars.get(i) == Some(&',') {
            i += 1;
        } else {
            return Ok(fields);
        }
    }
}

fn csv_rows(path: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
    let text_lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.strip_prefix('\u{feff}').unwrap_or(line)))
        .filter(|(_, line)| !line.trim().is_empty())
        .collect();
    let Some(&(header_line, header)) = text_lines.first() else {
        diagnostics.push(finding(
            path,
            text,
            Code::MissingField,
            1,
            1,
            format!("the data file {path} has no header row"),
            "start the file with the line `date,value`",
        ));
        return Vec::new();
    };
    let header_fields = match split_csv_line(header) {
        Ok(fields) => fields,
        Err(column) => {
            diagnostics.push(bad_quote(path, text, header_line, column));
            return Vec::new();
        }
    };
    let mut slots = Vec::new();
    let mut ok = true;
    for (name, column) in &header_fields {
        let name = name.trim().to_ascii_lowercase();
        match COLUMNS.iter().position(|known| *known == name) {
            Some(slot) if !slots.contains(&Some(slot)) => slots.push(Some(slot)),
            found => {
                ok = false;
                slots.push(None);
                diagnostics.push(finding(
                    path,
                    text,
                    Code::UnknownField,
                    header_line,
                    *column,
                    if found.is_some() {
                        format!("the column `{name}` is named twice")
                    } else {
                        format!("`{name}` is not a column okrbook reads")
                    },
                    "name the columns date, value, and optionally confidence, note, blockers",
                ));
            }
        }
    }
    for required in ["date", "value"] {
        let slot = COLUMNS.iter().position(|c| *c == required);
        if !slots.contains(&slot) {
            ok = false;
            diagnostics.push(finding(
                path,
                text,
                Code::MissingField,
                header_line,
                1,
                format!("the header row has no `{required}` column"),
                "start the file with the line `date,value`",
            ));
        }
    }
    if !ok {
        return Vec::new();
    }
    let mut rows = Vec::new();
    for &(line_number, line) in &text_lines[1..] {
        let fields = match split_csv_line(line) {
            Ok(fields) => fields,
            Err(column) => {
                diagnostics.push(bad_quote(path, text, line_number, column));
                continue;
            }
        };
        if fields.len() != slots.len() {
            let column = fields
                .get(slots.len())
                .map(|(_, column)| *column)
                .unwrap_or(line.chars().count() + 1);
            diagnostics.push(finding(
                path,
                text,
                Code::WrongType,
                line_number,
                column,
                format!(
                    "this row has {} fields, but the header row names {} columns",
                    fields.len(),
                    slots.len()
                ),
                "write one field per column, separated by commas; put a field holding a comma in double quotes",
            ));
            continue;
        }
        let mut row = Row {
            line: line_number,
            column: 1,
            ..Row::default()
        };
        for ((field, column), slot) in fields.into_iter().zip(&slots) {
            if let Some(slot) = slot {
                row.cells[*slot] = Some(Cell {
                    text: field,
                    line: line_number,
                    column,
                });
            }
        }
        rows.push(row);
    }
    rows
}

fn bad_quote(path: &str, text: &str, line: usize, column: usize) -> Diagnostic {
    finding(
        path,
        text,
        Code::WrongType,
        line,
        column,
        "a quoted field is not closed, or text follows its closing quote".to_string(),
        "write a field in double quotes as \"…\", doubling any quote inside it, and end it before the comma",
    )
}

/// The 1-based line and column of every element of the top-level JSON array.
fn json_element_starts(text: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let (mut line, mut column) = (1, 0);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut expecting = false;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
            continue;
        }
        column += 1;
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if expecting && !c.is_whitespace() && c != ']' {
            starts.push((line, column));
            expecting = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth == 1 && c == '[' {
                    expecting = true;
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    starts
}

fn json_rows(path: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            diagnostics.push(finding(
                path,
                text,
                Code::WrongType,
                error.line().max(1),
                error.column().max(1),
                format!("the data file is not valid JSON: {error}"),
                "write an array of objects such as [{\"date\": \"2026-10-01\", \"value\": 42}]",
            ));
            return Vec::new();
        }
    };
    let serde_json::Value::Array(elements) = value else {
        diagnostics.push(finding(
            path,
            text,
            Code::WrongType,
            1,
            1,
            "the data file must hold an array of check-ins".to_string(),
            "write an array of objects such as [{\"date\": \"2026-10-01\", \"value\": 42}]",
        ));
        return Vec::new();
    };
    let starts = json_element_starts(text);
    let mut rows = Vec::new();
    for (index, element) in elements.into_iter().enumerate() {
        let (line, column) = starts.get(index).copied().unwrap_or((1, 1));
        let serde_json::Value::Object(fields) = element else {
            diagnostics.push(finding(
                path,
                text,
                Code::WrongType,
                line,
                column,
                format!("element {} of the array is not an object", index + 1),
                "write each check-in as {\"date\": \"2026-10-01\", \"value\": 42}",
            ));
            continue;
        };
        let mut row = Row {
            line,
            column,
            ..Row::default()
        };
        for (key, value) in fields {
            let Some(slot) = COLUMNS.iter().position(|c| *c == key) else {
                diagnostics.push(finding(
                    path,
                    text,
                    Code::UnknownField,
                    line,
                    column,
                    format!(
                        "element {} has the key `{key}`, which okrbook does not read",
                        index + 1
                    ),
                    "use the keys date, value, and optionally confidence, note, blockers",
                ));
                continue;
            };
            let text = match value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => continue,
                other => other.to_string(),
            };
            row.cells[slot] = Some(Cell { text, line, column });
        }
        rows.push(row);
    }
    rows
}

fn checkin(
    path: &str,
    text: &str,
    row: Row,
    kind: KrKind,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Checkin> {
    let [date, value, confidence, note, blockers] = row.cells;
    let present = |cell: Option<Cell>| cell.filter(|c| !c.text.trim().is_empty());
    let (date, value, confidence) = (present(date), present(value), present(confidence));
    let note = present(note).map(|c| c.text);
    let blockers = present(blockers).map(|c| c.text);
    let before = diagnostics.len();
    let mut report = |cell: &Cell, code: Code, message: String, help: &str| {
        diagnostics.push(finding(
            path,
            text,
            code,
            cell.line,
            cell.column,
            message,
            help,
        ))
    };
    let date = match &date {
        Some(cell) => {
            let parsed = Date::parse(cell.text.trim());
            if parsed.is_none() {
                report(
                    cell,
                    Code::BadDate,
                    format!("\"{}\" is not a date", cell.text),
                    "write a real day as YYYY-MM-DD, for example 2026-10-15",
                );
            }
            parsed
        }
        None => {
            let whole = Cell {
                text: String::new(),
                line: row.line,
                column: row.column,
            };
            report(
                &whole,
                Code::MissingField,
                "this row has no date".to_string(),
                "write the day of the measurement as YYYY-MM-DD",
            );
            None
        }
    };
    let value = match (&value, kind) {
        (None, _) => None,
        (Some(cell), KrKind::Milestone) => match cell.text.trim() {
            "true" => Some(CheckinValue::Done(true)),
            "false" => Some(CheckinValue::Done(false)),
            other => {
                report(
                    cell,
                    Code::WrongType,
                    format!("a milestone's value is true or false, but it is \"{other}\""),
                    "write true when the milestone is reached, else false",
                );
                None
            }
        },
        (Some(cell), _) => match cell.text.trim().parse::<f64>() {
            Ok(n) if n.is_finite() && n.abs() <= MAX_MAGNITUDE => Some(CheckinValue::Number(n)),
            _ => {
                report(
                    cell,
                    Code::BadNumber,
                    format!("\"{}\" is not a number", cell.text),
                    "write the measured number, for example 42 or 0.95",
                );
                None
            }
        },
    };
    let confidence = confidence.and_then(|cell| {
        let written = cell.text.trim().to_ascii_lowercase();
        if let Some((_, n)) = CONFIDENCE_WORDS.iter().find(|(w, _)| *w == written) {
            return Some(*n);
        }
        match written.parse::<f64>() {
            Ok(n) if (0.0..=1.0).contains(&n) => Some(n),
            _ => {
                report(
                    &cell,
                    Code::ScoreOutOfRange,
                    format!(
                        "the confidence \"{}\" is not a number from 0 to 1 or low, medium, high",
                        cell.text
                    ),
                    "write a number from 0 to 1, or low, medium or high",
                );
                None
            }
        }
    });
    if value.is_none() && note.is_none() && diagnostics.len() == before {
        diagnostics.push(finding(
            path,
            text,
            Code::MissingField,
            row.line,
            row.column,
            "this row has no value and no note".to_string(),
            "write the measured number in the value column, or a note",
        ));
    }
    if diagnostics.len() != before {
        return None;
    }
    Some(Checkin {
        date: date?,
        value,
        confidence,
        note,
        blockers,
    })
}
