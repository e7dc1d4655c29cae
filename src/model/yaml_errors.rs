//! serde_yaml's errors turned into findings: its messages read for the
//! field, the kind of problem and the types, and said again in plain words
//! with the file's line numbers. Also the paths serde_yaml writes
//! (`key_results[1].target`), read so that a misfitting field can be left out.

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::load::{FrontMatter, SourceFile};
use crate::locate::Step;
use crate::suggest::closest;

/// The finding for an alias past the front matter's budget, at the alias.
pub(super) fn budget_diagnostic(
    file: &SourceFile,
    front: &FrontMatter,
    overrun: &crate::yaml_budget::Overrun,
) -> Diagnostic {
    use crate::yaml_budget::{plain_size, FACTOR, FLOOR};
    let line = overrun.line + front.first_line;
    let name = &overrun.name;
    let (message, help) = match overrun.cost {
        None => (
            format!("the alias `*{name}` is inside the value `&{name}` it repeats, so it would repeat itself forever"),
            format!("refer to `*{name}` only after the value named `&{name}` ends"),
        ),
        Some(cost) => {
            let (mut total, mut budget) = (plain_size(overrun.total), plain_size(overrun.budget));
            if total == budget {
                // Rounded alike: the bytes show which is more.
                total = format!("{} bytes", overrun.total);
                budget = format!("{} bytes", overrun.budget);
            }
            (
            format!(
                "the front matter is too large once its aliases are copied: this `*{name}` repeats {} more, taking what aliases copy to {total}, past the {budget} this front matter may grow by",
                plain_size(cost),
            ),
            format!(
                "repeat large values less often, or write them out where they are needed; aliases may copy at most {FACTOR} times the front matter's size (and {} for any front matter)",
                plain_size(FLOOR)
            ),
        )
        }
    };
    Diagnostic::error(
        Code::YamlTooLarge,
        &file.display_path,
        line,
        overrun.column + 1,
        message,
    )
    .with_excerpt(front.file_line(line))
    .with_help(help)
}

/// Turns a serde_yaml error into a finding with the file's line numbers and plain words.
/// `at` is the place in the file to point at instead of the error's own
/// location, for errors found in YAML that was rewritten (see `Reader::typed`).
pub(super) fn yaml_diagnostic(
    file: &SourceFile,
    front: &FrontMatter,
    error: &serde_yaml::Error,
    at: Option<(usize, usize)>,
) -> Diagnostic {
    let own = error.location().map(|l| (l.line(), l.column()));
    let (line, column) = at.unwrap_or_else(|| {
        own.map(|(line, column)| (line + front.first_line - 1, column))
            .unwrap_or((front.first_line, 1))
    });
    // Positions in rewritten YAML mean nothing to the reader: drop them all.
    let full = without_positions(&error.to_string(), own, front.first_line, at.is_some());
    let text = full.as_str();
    let (path, detail) = match text.split_once(": ") {
        Some((path, detail)) if !path.contains(' ') => (Some(path), detail),
        _ => (None, text),
    };
    let within = path.map(|p| format!(" in `{p}`")).unwrap_or_default();
    let excerpt = front.file_line(line);
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let mut names = rest.split('`').step_by(2);
        let field = names.next().unwrap_or_default();
        let known: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let help = match closest(field, &known) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("the fields here are: {}", known.join(", ")),
        };
        return Diagnostic::error(
            Code::UnknownField,
            &file.display_path,
            line,
            column,
            format!("unknown field `{field}`{within}"),
        )
        .with_excerpt(excerpt)
        .with_help(help);
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        let field = path
            .map(|p| format!("`{p}`"))
            .unwrap_or_else(|| "this value".to_string());
        return Diagnostic::error(
            Code::WrongType,
            &file.display_path,
            line,
            column,
            format!(
                "{field} should be {}, but it is {}",
                plain_type(expected),
                plain_type(found)
            ),
        )
        .with_excerpt(excerpt)
        .with_help(type_help(expected));
    }
    if let Some(rest) = detail.strip_prefix("duplicate field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return Diagnostic::error(
            Code::DuplicateField,
            &file.display_path,
            line,
            column,
            format!("the field `{field}` is written twice{within}"),
        )
        .with_help("keep one of them");
    }
    Diagnostic::error(
        Code::YamlSyntax,
        &file.display_path,
        line,
        column,
        format!("the front matter is not valid YAML: {detail}{within}"),
    )
    .with_excerpt(excerpt)
    .with_help("check the indentation, and quote values that contain `: ` or start with a special character")
}

/// serde_yaml's message without the position the finding already names, and
/// with any other position (such as where an unclosed bracket opened) moved
/// from the YAML's line numbers to the file's. `own` is the error's own
/// position, 1-based within the YAML; `drop_all` drops every position.
fn without_positions(
    message: &str,
    own: Option<(usize, usize)>,
    first_line: usize,
    drop_all: bool,
) -> String {
    const AT_LINE: &str = " at line ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(found) = rest.find(AT_LINE) {
        out.push_str(&rest[..found]);
        let after = &rest[found + AT_LINE.len()..];
        let line_digits =
            after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let column_part = after[line_digits..].strip_prefix(" column ");
        let (line, column, consumed) = match column_part {
            Some(columns) if line_digits > 0 => {
                let column_digits = columns.len()
                    - columns
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .len();
                (
                    after[..line_digits].parse::<usize>().ok(),
                    columns[..column_digits].parse::<usize>().ok(),
                    line_digits + " column ".len() + column_digits,
                )
            }
            _ => (None, None, 0),
        };
        match (line, column) {
            (Some(line), Some(column)) => {
                if !drop_all && own != Some((line, column)) {
                    out.push_str(&format!(
                        "{AT_LINE}{} column {column}",
                        line + first_line - 1
                    ));
                }
                rest = &after[consumed..];
            }
            _ => {
                out.push_str(AT_LINE);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn plain_type(serde_words: &str) -> String {
    let words = serde_words.trim();
    if let Some(text) = words.strip_prefix("string ") {
        return format!("the text {text}");
    }
    match words {
        "f64" | "a number" => "a number".to_string(),
        "a string" | "text" | "string" => "text".to_string(),
        "a sequence" | "sequence" => "a list".to_string(),
        "map" | "a map" => "a set of fields".to_string(),
        "unit value" => "empty".to_string(),
        w if w.starts_with("integer") || w.starts_with("floating point") => {
            format!("the number {}", after_space(w))
        }
        w if w.starts_with("boolean") => format!("`{}`", after_space(w).trim_matches('`')),
        w if w.starts_with("struct ") => "a set of fields".to_string(),
        other => other.to_string(),
    }
}

fn after_space(words: &str) -> &str {
    words
        .split_once(' ')
        .map(|(_, rest)| rest.trim_matches('`'))
        .unwrap_or(words)
}

fn type_help(expected: &str) -> &'static str {
    match expected.trim() {
        "f64" => "write a plain number such as 42 or 0.75, without quotes or units",
        "a string" | "text" => "write plain text; put it in quotes if it contains `: `",
        "a sequence" => "write a list, one `- item` per line or `[a, b]`",
        _ => "see docs/format.md for the shape of each field",
    }
}

/// How many misfitting fields of one file are skipped before the rest of the
/// file is given up on.
pub(super) const MAX_MISFITS: usize = 50;

/// One step of a path written out by serde_yaml, such as `key_results[1].target`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Segment {
    Key(String),
    Index(usize),
}

impl Segment {
    pub(super) fn step(&self) -> Step<'_> {
        match self {
            Segment::Key(key) => Step::Key(key),
            Segment::Index(index) => Step::Index(*index),
        }
    }
}

/// A field that does not fit its record: unknown, or of the wrong type.
#[derive(Debug)]
pub(super) struct Misfit {
    /// The field's place; for an unknown field, the place of the record that holds it.
    pub(super) path: Vec<Segment>,
    /// For an unknown field: its name, and the closest known field.
    pub(super) unknown: Option<(String, Option<String>)>,
}

impl Misfit {
    /// The field's own place.
    pub(super) fn field_path(&self) -> Vec<Segment> {
        let mut path = self.path.clone();
        if let Some((name, _)) = &self.unknown {
            path.push(Segment::Key(name.clone()));
        }
        path
    }
}

/// The field a serde_yaml error is about, when its path can be read.
pub(super) fn misfit(error: &serde_yaml::Error) -> Option<Misfit> {
    let full = error.to_string();
    let text = full
        .rfind(" at line ")
        .map_or(full.as_str(), |at| &full[..at]);
    let (path, detail) = match text.split_once(": ") {
        Some((path, detail)) if !path.contains(' ') => (parse_yaml_path(path)?, detail),
        _ => (Vec::new(), text),
    };
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let field = rest.split('`').next()?.to_string();
        let known: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let suggestion = closest(&field, &known).map(str::to_string);
        return Some(Misfit {
            path,
            unknown: Some((field, suggestion)),
        });
    }
    Some(Misfit {
        path,
        unknown: None,
    })
}

/// Parses serde_yaml's `key_results[0].checkins[1].value`.
fn parse_yaml_path(text: &str) -> Option<Vec<Segment>> {
    let mut path = Vec::new();
    for part in text.split('.') {
        let (key, mut indexes) = part.split_at(part.find('[').unwrap_or(part.len()));
        if key.is_empty() || key.ends_with('?') {
            return None;
        }
        path.push(Segment::Key(key.to_string()));
        while let Some(rest) = indexes.strip_prefix('[') {
            let close = rest.find(']')?;
            path.push(Segment::Index(rest[..close].parse().ok()?));
            indexes = &rest[close + 1..];
        }
        if !indexes.is_empty() {
            return None;
        }
    }
    Some(path)
}

/// Leaves the field at `path` out of `value`. False when there is no such field.
pub(super) fn remove_field(value: &mut serde_yaml::Value, path: &[Segment]) -> bool {
    let Some((Segment::Key(key), parents)) = path.split_last() else {
        return false;
    };
    let mut node = value;
    for segment in parents {
        let next = match segment {
            Segment::Key(key) => node.get_mut(key.as_str()),
            Segment::Index(index) => node.get_mut(*index),
        };
        match next {
            Some(next) => node = next,
            None => return false,
        }
    }
    node.as_mapping_mut()
        .and_then(|mapping| mapping.shift_remove(key.as_str()))
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_positions_in_messages_become_file_positions() {
        // The YAML starts on line 2 of the file.
        let message = "did not find expected ',' or ']' at line 6 column 1, while parsing a flow sequence at line 4 column 7";
        assert_eq!(
            without_positions(message, Some((6, 1)), 2, false),
            "did not find expected ',' or ']', while parsing a flow sequence at line 5 column 7"
        );
        assert_eq!(
            without_positions(message, Some((6, 1)), 2, true),
            "did not find expected ',' or ']', while parsing a flow sequence"
        );
        assert_eq!(
            without_positions("a value at line one", None, 2, false),
            "a value at line one"
        );
    }

    #[test]
    fn serde_yaml_paths_are_read() {
        assert_eq!(
            parse_yaml_path("key_results[1].checkins[0].value"),
            Some(vec![
                Segment::Key("key_results".into()),
                Segment::Index(1),
                Segment::Key("checkins".into()),
                Segment::Index(0),
                Segment::Key("value".into()),
            ])
        );
        assert_eq!(
            parse_yaml_path("grade"),
            Some(vec![Segment::Key("grade".into())])
        );
        assert_eq!(parse_yaml_path("grade.?"), None);
        assert_eq!(parse_yaml_path("tags[x]"), None);
    }

    #[test]
    fn fields_are_left_out_in_place() {
        let mut value: serde_yaml::Value =
            serde_yaml::from_str("a: 1\nb: [{c: 2, d: 3}]\ne: 4\n").unwrap();
        let path = parse_yaml_path("b[0].c").unwrap();
        assert!(remove_field(&mut value, &path));
        assert!(!remove_field(&mut value, &path));
        assert!(remove_field(&mut value, &parse_yaml_path("a").unwrap()));
        assert!(!remove_field(&mut value, &parse_yaml_path("b[0]").unwrap()));
        // The order of the other fields is kept.
        assert_eq!(serde_yaml::to_string(&value).unwrap(), "b:\n- d: 3\ne: 4\n");
    }
}
