//! Text edits of a Markdown file's YAML front matter that keep every other
//! byte: the lines are scanned, never re-serialized.

/// Which key result of `key_results:` to edit.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    /// The key result with `id: <id>`.
    Id(&'a str),
    /// The key result at this 0-based position (one without an `id:`).
    Position(usize),
}

/// A file's text with lines added.
#[derive(Debug, Clone)]
pub struct Edited {
    /// The whole new text of the file.
    pub text: String,
    /// The 1-based line numbers (in the new text) of the added lines.
    pub added: std::ops::RangeInclusive<usize>,
}

impl Edited {
    /// The added lines, each with its 1-based line number, without line endings.
    pub fn added_lines(&self) -> Vec<(usize, String)> {
        let lines: Vec<&str> = self.text.lines().collect();
        self.added
            .clone()
            .map(|line| (line, lines.get(line - 1).copied().unwrap_or("").to_string()))
            .collect()
    }
}

/// One line of the file: its text without the line ending, and its indent.
struct Line<'a> {
    body: &'a str,
    indent: usize,
}

impl Line<'_> {
    /// Blank or only a comment: not part of the YAML's structure.
    fn is_filler(&self) -> bool {
        let rest = self.body.trim_start();
        rest.is_empty() || rest.starts_with('#')
    }
    fn content(&self) -> &str {
        self.body.trim_start()
    }
}

fn line_of(raw: &str) -> Line<'_> {
    let body = raw.strip_suffix('\n').unwrap_or(raw);
    let body = body.strip_suffix('\r').unwrap_or(body);
    let indent = body.len() - body.trim_start_matches(' ').len();
    Line { body, indent }
}

/// The value of `key: value` when `content` starts with `key:`, else `None`.
fn key_value<'a>(content: &'a str, key: &str) -> Option<&'a str> {
    let rest = content.strip_prefix(key)?.trim_start_matches(' ');
    let rest = rest.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some(strip_comment(rest.trim()))
}

/// A plain value without a trailing ` # comment`.
fn strip_comment(value: &str) -> &str {
    if value.starts_with('#') {
        return "";
    }
    match value.find(" #") {
        Some(at) if !value.starts_with(['"', '\'']) => value[..at].trim_end(),
        _ => value,
    }
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// The end (exclusive index) of the block that starts after line `from`
/// whose lines are indented more than `parent` (filler lines in between
/// belong to it only when content follows), and its last content line.
fn block_end(lines: &[Line<'_>], from: usize, belongs: impl Fn(&Line<'_>) -> bool) -> usize {
    let mut last = from;
    for (index, line) in lines.iter().enumerate().skip(from + 1) {
        if line.is_filler() {
            continue;
        }
        if !belongs(line) {
            break;
        }
        last = index;
    }
    last
}

/// The items of a block sequence starting after line `key_line`: each
/// item's first and last content lines, and the dash's indent.
fn sequence_items(lines: &[Line<'_>], key_line: usize) -> (Vec<(usize, usize)>, Option<usize>) {
    let Some(first) = (key_line + 1..lines.len()).find(|&i| !lines[i].is_filler()) else {
        return (Vec::new(), None);
    };
    let dash = lines[first].indent;
    let parent = lines[key_line].indent;
    if !lines[first].content().starts_with('-') || dash < parent {
        return (Vec::new(), None);
    }
    let mut items = Vec::new();
    let mut index = first;
    while index < lines.len() {
        let line = &lines[index];
        if line.is_filler() {
            index += 1;
            continue;
        }
        if line.indent != dash || !is_dash(line.content()) {
            break;
        }
        let last = block_end(lines, index, |l| l.indent > dash);
        items.push((index, last));
        index = last + 1;
    }
    (items, Some(dash))
}

fn is_dash(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// A file's lines, scanned for editing.
struct Scanned<'a> {
    /// The lines as written, line endings included.
    raw: Vec<&'a str>,
    /// The line ending new lines get: the file's first one.
    eol: &'static str,
    lines: Vec<Line<'a>>,
    /// The index of the line that closes the front matter.
    close: usize,
}

/// Splits `text` into lines and finds its front matter, or says why it has none.
fn scan(text: &str) -> Result<Scanned<'_>, String> {
    let raw: Vec<&str> = text.split_inclusive('\n').collect();
    let eol = if raw.first().is_some_and(|l| l.ends_with("\r\n")) {
        "\r\n"
    } else {
        "\n"
    };
    let lines: Vec<Line<'_>> = raw.iter().map(|r| line_of(r)).collect();
    if lines
        .first()
        .map(|l| l.body.trim_start_matches('\u{feff}').trim_end())
        != Some("---")
    {
        return Err("the file has no front matter (a first line `---`)".to_string());
    }
    let close = (1..lines.len())
        .find(|&i| matches!(lines[i].body.trim_end(), "---" | "..."))
        .ok_or("the front matter is never closed by a `---` line")?;
    Ok(Scanned {
        raw,
        eol,
        lines,
        close,
    })
}

/// `raw` with `new_lines` inserted after line `insert_after` (0-based), each
/// ended with `eol`.
fn insert_lines(raw: &[&str], eol: &str, insert_after: usize, new_lines: &[String]) -> Edited {
    let extra: usize = new_lines.iter().map(|l| l.len() + eol.len()).sum();
    let mut out = String::with_capacity(raw.iter().map(|l| l.len()).sum::<usize>() + extra + 2);
    for (index, line) in raw.iter().enumerate() {
        out.push_str(line);
        if index == insert_after {
            if !line.ends_with('\n') {
                out.push_str(eol);
            }
            for new in new_lines {
                out.push_str(new);
                out.push_str(eol);
            }
        }
    }
    let start = insert_after + 2;
    Edited {
        text: out,
        added: start..=start + new_lines.len() - 1,
    }
}

/// The 1-based line of a top-level `key:` in the front matter of `text`, if it has one.
pub fn top_level_key_line(text: &str, key: &str) -> Option<usize> {
    let scanned = scan(text).ok()?;
    (1..scanned.close)
        .find(|&i| {
            scanned.lines[i].indent == 0 && key_value(scanned.lines[i].content(), key).is_some()
        })
        .map(|i| i + 1)
}

/// Appends a check-in to a key result, in the style of its check-ins.
/// `fields` are `(key, value)` pairs already written as YAML scalars.
pub fn append_checkin(
    text: &str,
    which: Which<'_>,
    fields: &[(&str, String)],
) -> Result<Edited, String> {
    let Scanned {
        raw,
        eol,
        lines,
        close,
    } = scan(text)?;
    let front = &lines[..close];
    let key_line = (1..close)
        .find(|&i| front[i].indent == 0 && key_value(front[i].content(), "key_results").is_some())
        .ok_or("the front matter has no `key_results:`")?;
    if !key_value(front[key_line].content(), "key_results").is_some_and(str::is_empty) {
        return Err(format!(
            "line {}: `key_results:` is written in flow style; okrbook edits key results written as a block list (`- id: …` under `key_results:`)",
            key_line + 1
        ));
    }
    let (items, _) = sequence_items(front, key_line);
    let found = match which {
        Which::Position(n) => items.get(n).copied(),
        Which::Id(id) => items.iter().copied().find(|&(first, last)| {
            item_key_lines(front, first, last)
                .any(|(_, content)| key_value(content, "id").map(unquote) == Some(id))
        }),
    };
    let (first, last) = found.ok_or("the key result is not written as a block list item")?;
    let item_indent = item_field_indent(&front[first]);
    let checkins_line = item_key_lines(front, first, last)
        .find(|(_, content)| key_value(content, "checkins").is_some())
        .map(|(index, _)| index);
    let (insert_after, new_lines) = match checkins_line {
        None => {
            let pad = " ".repeat(item_indent);
            let mut out = vec![format!("{pad}checkins:")];
            out.extend(block_entry(
                &" ".repeat(item_indent + 2),
                item_indent + 4,
                fields,
            ));
            (last, out)
        }
        Some(at) => {
            let value = key_value(front[at].content(), "checkins").unwrap_or("");
            if !value.is_empty() {
                return Err(format!(
                    "line {}: `checkins:` is written in flow style (`[…]`); write it as a list (`- date: …` lines) to check in with okrbook",
                    at + 1
                ));
            }
            let (entries, dash) = sequence_items(front, at);
            match (entries.last(), dash) {
                (Some(&(entry_first, _)), Some(dash)) => {
                    let pad = " ".repeat(dash);
                    let entry = front[entry_first].content();
                    let after = insertion_point(front, &entries, fields);
                    if entry.trim_start_matches('-').trim_start().starts_with('{') {
                        (after, vec![flow_entry(&pad, fields)])
                    } else {
                        let field = item_field_indent(&front[entry_first]);
                        (after, block_entry(&pad, field, fields))
                    }
                }
                _ => {
                    let pad = " ".repeat(item_indent + 2);
                    (at, block_entry(&pad, item_indent + 4, fields))
                }
            }
        }
    };
    Ok(insert_lines(&raw, eol, insert_after, &new_lines))
}

/// The line after which a check-in with `fields` goes among `entries` (each
/// entry's first and last line): after the last one dated on or before its
/// date, so the file stays in date order; at the end when a date cannot be read.
fn insertion_point(
    lines: &[Line<'_>],
    entries: &[(usize, usize)],
    fields: &[(&str, String)],
) -> usize {
    let at_end = entries.last().map_or(0, |&(_, last)| last);
    let Some(date) = fields
        .iter()
        .find(|(key, _)| *key == "date")
        .map(|(_, value)| unquote(value))
    else {
        return at_end;
    };
    let mut dates = Vec::with_capacity(entries.len());
    for &(first, last) in entries {
        match entry_date(lines, first, last) {
            Some(written) => dates.push(written),
            None => return at_end,
        }
    }
    match dates.iter().rposition(|written| *written <= date) {
        Some(index) => entries[index].1,
        // Earlier than every entry: just before the first one.
        None => entries[0].0.saturating_sub(1),
    }
}

/// The `date` a check-in entry gives, block (`- date: …`) or flow
/// (`- { date: …, … }`, on one line or several).
fn entry_date<'b>(lines: &'b [Line<'_>], first: usize, last: usize) -> Option<&'b str> {
    let opening = lines[first].content().trim_start_matches('-').trim_start();
    if !opening.starts_with('{') {
        return item_key_lines(lines, first, last)
            .find_map(|(_, content)| key_value(content, "date"))
            .map(unquote);
    }
    (first..=last).find_map(|index| {
        let body = lines[index].body;
        let at = body.find("date:")?;
        let before = body[..at].trim_end();
        if !(before.ends_with('{') || before.ends_with(',')) {
            return None;
        }
        let value = body[at + "date:".len()..].split([',', '}']).next()?.trim();
        Some(unquote(value))
    })
}

/// The column of the fields of an item whose first line is `- key: …`.
fn item_field_indent(line: &Line<'_>) -> usize {
    let after_dash = line.content().strip_prefix('-').unwrap_or("");
    line.indent + 1 + (after_dash.len() - after_dash.trim_start_matches(' ').len())
}

/// The lines of an item that write its own keys: `(index, content)`, the
/// first one without its dash.
fn item_key_lines<'a, 'b>(
    lines: &'b [Line<'a>],
    first: usize,
    last: usize,
) -> impl Iterator<Item = (usize, &'b str)> + 'b {
    let field = item_field_indent(&lines[first]);
    (first..=last).filter_map(move |index| {
        let line = &lines[index];
        if index == first {
            let content = line.content().strip_prefix('-').unwrap_or("").trim_start();
            Some((index, content))
        } else if !line.is_filler() && line.indent == field {
            Some((index, line.content()))
        } else {
            None
        }
    })
}

fn block_entry(pad: &str, field: usize, fields: &[(&str, String)]) -> Vec<String> {
    let field_pad = " ".repeat(field);
    fields
        .iter()
        .enumerate()
        .map(|(index, (key, value))| {
            if index == 0 {
                let gap = " ".repeat(field.saturating_sub(pad.len() + 1).max(1));
                format!("{pad}-{gap}{key}: {value}")
            } else {
                format!("{field_pad}{key}: {value}")
            }
        })
        .collect()
}

fn flow_entry(pad: &str, fields: &[(&str, String)]) -> String {
    let inner: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{pad}- {{ {} }}", inner.join(", "))
}

/// `text` as a YAML scalar that reads back as this string: plain when it
/// can be, else double-quoted. `flow` quotes the flow indicators too.
pub fn scalar(text: &str) -> String {
    let special_start = text.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ',
    ]);
    let reads_as_other = matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    ) || text.parse::<f64>().is_ok()
        || text.starts_with(|c: char| c.is_ascii_digit());
    let plain = !text.is_empty()
        && !special_start
        && !reads_as_other
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.contains([',', '[', ']', '{', '}'])
        && !text.chars().any(char::is_control);
    if plain {
        return text.to_string();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A confidence as written: a number stays a number, a word a scalar.
pub fn scalar_or_number(text: &str) -> String {
    let text = text.trim();
    match text.parse::<f64>() {
        Ok(number) if number.is_finite() && !text.starts_with(['+', '.']) => text.to_string(),
        _ => scalar(text),
    }
}

/// Adds a top-level `key:` map at the end of the front matter, right after
/// its last content line (before any trailing blank or comment lines and the
/// closing `---`), with the file's line ending and the indent of its other
/// nested lines (2 when it has none). `fields` are `(key, value)` pairs
/// already written as YAML; an empty value leaves the key empty (null), and
/// a value may be only a comment (`# …`). Refused when the front matter
/// already has `key:`.
pub fn append_top_level_map(
    text: &str,
    key: &str,
    fields: &[(&str, String)],
) -> Result<Edited, String> {
    let Scanned {
        raw,
        eol,
        lines,
        close,
    } = scan(text)?;
    if let Some(at) =
        (1..close).find(|&i| lines[i].indent == 0 && key_value(lines[i].content(), key).is_some())
    {
        return Err(format!(
            "line {}: the front matter already has `{key}:`",
            at + 1
        ));
    }
    let insert_after = (1..close)
        .rev()
        .find(|&i| !lines[i].is_filler())
        .unwrap_or(0);
    let indent = (1..close)
        .filter(|&i| !lines[i].is_filler() && lines[i].indent > 0)
        .map(|i| lines[i].indent)
        .min()
        .unwrap_or(2);
    let pad = " ".repeat(indent);
    let mut new_lines = vec![format!("{key}:")];
    new_lines.extend(fields.iter().map(|(field, value)| {
        if value.is_empty() {
            format!("{pad}{field}:")
        } else {
            format!("{pad}{field}: {value}")
        }
    }));
    Ok(insert_lines(&raw, eol, insert_after, &new_lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_plain_only_when_they_read_back_as_the_same_string() {
        assert_eq!(scalar("Cache live"), "Cache live");
        assert_eq!(scalar("CDN: live"), "\"CDN: live\"");
        assert_eq!(scalar("a #tag"), "\"a #tag\"");
        assert_eq!(scalar("- none"), "\"- none\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("42"), "\"42\"");
        assert_eq!(scalar("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
        assert_eq!(scalar_or_number("0.7"), "0.7");
        assert_eq!(scalar_or_number("high"), "high");
    }

    #[test]
    fn crlf_files_get_crlf_lines() {
        let text = "---\r\nkey_results:\r\n  - id: a\r\n    checkins:\r\n      - date: 2026-01-01\r\n        value: 1\r\n---\r\nbody\r\n";
        let fields = [
            ("date", "2026-02-01".to_string()),
            ("value", "2".to_string()),
        ];
        let edited = append_checkin(text, Which::Id("a"), &fields).expect("edit");
        assert_eq!(
            edited.text,
            text.replace(
                "value: 1\r\n",
                "value: 1\r\n      - date: 2026-02-01\r\n        value: 2\r\n"
            )
        );
        assert_eq!(edited.added, 7..=8);
    }

    #[test]
    fn flow_key_results_are_refused() {
        let text = "---\nkey_results: [{ title: x }]\n---\n";
        let error = append_checkin(text, Which::Position(0), &[]).expect_err("refused");
        assert!(error.contains("flow style"), "{error}");
    }
}
