//! Arbitrary front matter never breaks the checker: whatever the YAML-ish
//! text (known field names and junk, scalars, lists and maps of any shape,
//! odd indentation, tabs, stray bytes, unclosed front matter), loading,
//! modelling, validating and linting never panic, and every finding points
//! at a file, a line and a column that exist in that file.

use okrbook::config::Config;
use okrbook::date::Date;
use okrbook::diagnostic::Diagnostic;
use okrbook::internals;
use proptest::prelude::*;

/// Field names okrbook knows, in every kind of record.
const FIELDS: &[&str] = &[
    "type",
    "id",
    "title",
    "name",
    "parent",
    "lead",
    "members",
    "period",
    "team",
    "owner",
    "commitment",
    "tags",
    "visibility",
    "carried_from",
    "allow",
    "key_results",
    "kind",
    "unit",
    "baseline",
    "target",
    "direction",
    "weight",
    "measured_by",
    "score",
    "checkins",
    "date",
    "value",
    "confidence",
    "note",
    "blockers",
    "initiatives",
    "status",
    "link",
    "grade",
    "learned",
    "next",
    "description",
    "order",
    "extra",
];

/// Scalars that mean something to okrbook or to YAML.
const SCALARS: &[&str] = &[
    "2026-Q4",
    "2026-Q3",
    "2026-H1",
    "2026",
    "2026-Q5",
    "2026-10-15",
    "2026-02-30",
    "0000-01-01",
    "9999-12-31",
    "team",
    "objective",
    "page",
    "metric",
    "guardrail",
    "milestone",
    "increase",
    "at_most",
    "at-least",
    "private",
    "public",
    "aspirational",
    "high",
    "low",
    "in_progress",
    "done",
    "continue",
    "true",
    "false",
    "yes",
    "~",
    "null",
    "0",
    "1",
    "-1",
    "0.5",
    "99.95",
    "1e15",
    "1e16",
    "-1e308",
    ".nan",
    ".inf",
    "-.inf",
    "0x1F",
    "\"\"",
    "''",
    "\"a: b\"",
    "'it''s'",
    "\"\\u263A \\x41\"",
    "!!binary aGVsbG8=",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "web",
    "company",
    "company/2026-Q4/grow",
    "kr1",
    "too-few-key-results",
    "Ünïcødé 😀 \u{202e}",
];

/// Scalars that break the YAML around them.
const NASTY: &[&str] = &[
    "a: b",
    "- x",
    "[",
    "]",
    "{",
    "}",
    "&anchor x",
    "*anchor",
    "*missing",
    "!custom x",
    "|",
    ">-",
    "#",
    "\t",
    "? x",
    "%YAML 1.2",
    "---",
    "...",
    "@",
    "`",
];

/// A YAML-ish value: a scalar, a flow or block list, or a block map.
#[derive(Debug, Clone)]
enum Value {
    Scalar(String),
    FlowList(Vec<Value>),
    BlockList(Vec<Value>),
    Map(Vec<(String, Value)>),
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FIELDS).prop_map(str::to_string),
        1 => "[a-z_]{1,12}",
        1 => ".{0,8}",
    ]
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        30 => prop::sample::select(SCALARS).prop_map(str::to_string),
        12 => "[A-Za-z][A-Za-z0-9 ._/-]{0,20}",
        2 => any::<f64>().prop_map(|n| n.to_string()),
        1 => prop::sample::select(NASTY).prop_map(str::to_string),
        1 => ".{0,12}",
    ]
}

/// A field of an objective, key result, check-in or initiative with a value
/// of about the right shape, so that documents often get past the YAML
/// parser and into okrbook's own checks.
fn entry_like(fields: &'static [&'static str]) -> impl Strategy<Value = (String, Value)> {
    (
        prop_oneof![9 => prop::sample::select(fields).prop_map(str::to_string), 1 => key()],
        scalar().prop_map(Value::Scalar),
    )
}

fn objective_shaped() -> impl Strategy<Value = Vec<(String, Value)>> {
    const TOP: &[&str] = &[
        "title",
        "period",
        "team",
        "owner",
        "parent",
        "commitment",
        "visibility",
        "carried_from",
        "id",
    ];
    const KR: &[&str] = &[
        "id",
        "title",
        "owner",
        "kind",
        "unit",
        "baseline",
        "target",
        "direction",
        "weight",
        "measured_by",
        "score",
    ];
    const CHECKIN: &[&str] = &["date", "value", "confidence", "note", "blockers"];
    const INITIATIVE: &[&str] = &["title", "owner", "status", "link"];
    const GRADE: &[&str] = &["score", "date", "learned", "next"];
    let checkin = prop::collection::vec(entry_like(CHECKIN), 0..5).prop_map(Value::Map);
    let kr = (
        prop::collection::vec(entry_like(KR), 0..8),
        prop::collection::vec(checkin, 0..4),
    )
        .prop_map(|(mut fields, checkins)| {
            fields.push(("checkins".to_string(), Value::BlockList(checkins)));
            Value::Map(fields)
        });
    let initiative = (
        prop::collection::vec(entry_like(INITIATIVE), 0..4),
        prop::collection::vec(scalar(), 0..3),
    )
        .prop_map(|(mut fields, krs)| {
            fields.push((
                "key_results".to_string(),
                Value::FlowList(krs.into_iter().map(Value::Scalar).collect()),
            ));
            Value::Map(fields)
        });
    (
        prop::collection::vec(entry_like(TOP), 0..9),
        prop::collection::vec(kr, 0..5),
        prop::collection::vec(initiative, 0..3),
        prop::option::of(prop::collection::vec(entry_like(GRADE), 0..4)),
        prop::collection::vec(scalar(), 0..3),
    )
        .prop_map(|(mut top, krs, initiatives, grade, tags)| {
            top.push(("key_results".to_string(), Value::BlockList(krs)));
            top.push(("initiatives".to_string(), Value::BlockList(initiatives)));
            if let Some(grade) = grade {
                top.push(("grade".to_string(), Value::Map(grade)));
            }
            top.push((
                "tags".to_string(),
                Value::FlowList(tags.into_iter().map(Value::Scalar).collect()),
            ));
            top
        })
}

fn value() -> impl Strategy<Value = Value> {
    scalar()
        .prop_map(Value::Scalar)
        .prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::FlowList),
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::BlockList),
                prop::collection::vec((key(), inner), 0..6).prop_map(Value::Map),
            ]
        })
}

/// How a document is laid out: the indentation step and how often lines go astray.
#[derive(Debug, Clone)]
struct Layout {
    step: usize,
    tabs: bool,
    /// Every how-manieth line is indented one space off (0: none).
    skew_every: usize,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        1usize..5,
        prop::bool::weighted(0.05),
        prop_oneof![9 => Just(0usize), 1 => 2usize..7],
    )
        .prop_map(|(step, tabs, skew_every)| Layout {
            step,
            tabs,
            skew_every,
        })
}

fn indent(layout: &Layout, level: usize, line: usize) -> String {
    let mut text = if layout.tabs && level > 0 {
        "\t".repeat(level)
    } else {
        " ".repeat(level * layout.step)
    };
    if layout.skew_every > 0 && line.is_multiple_of(layout.skew_every) {
        text.push(' ');
    }
    text
}

fn flow(value: &Value) -> String {
    match value {
        Value::Scalar(text) => text.clone(),
        Value::FlowList(items) | Value::BlockList(items) => {
            format!(
                "[{}]",
                items.iter().map(flow).collect::<Vec<_>>().join(", ")
            )
        }
        Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Writes `key: value` (or `- value` when `key` is None) at `level`.
fn write_entry(
    out: &mut Vec<String>,
    layout: &Layout,
    level: usize,
    key: Option<&str>,
    value: &Value,
) {
    let lead = match key {
        Some(key) => format!("{}{key}:", indent(layout, level, out.len())),
        None => format!("{}-", indent(layout, level, out.len())),
    };
    match value {
        Value::Scalar(text) => out.push(format!("{lead} {text}")),
        Value::FlowList(_) => out.push(format!("{lead} {}", flow(value))),
        Value::BlockList(items) => {
            out.push(lead);
            for item in items {
                write_entry(out, layout, level + 1, None, item);
            }
        }
        Value::Map(entries) => {
            out.push(lead);
            let mut seen = std::collections::HashSet::new();
            // Mostly one entry per key: a duplicate key is only a YAML error.
            for (k, v) in entries
                .iter()
                .filter(|(k, _)| seen.insert(k.clone()) || k.len() % 7 == 0)
            {
                write_entry(out, layout, level + 1, Some(k), v);
            }
        }
    }
}

/// A whole file: front matter from `entries`, stray characters spliced in,
/// maybe left unclosed, and a body.
fn file_text() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            1 => prop::collection::vec((key(), value()), 0..10),
            2 => objective_shaped(),
        ],
        layout(),
        prop_oneof![
            4 => Just(Vec::new()),
            1 => prop::collection::vec((any::<prop::sample::Index>(), any::<char>()), 1..3),
        ],
        prop::bool::weighted(0.05),
        "[a-z #\\[\\]()<>*-]{0,40}",
    )
        .prop_map(|(entries, layout, stray, unclosed, body)| {
            let mut lines = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for (key, value) in entries
                .iter()
                .filter(|(k, _)| seen.insert(k.clone()) || k.len() % 7 == 0)
            {
                write_entry(&mut lines, &layout, 0, Some(key), value);
            }
            let mut yaml = lines.join("\n");
            for (at, c) in stray {
                let boundaries: Vec<usize> = yaml
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(yaml.len()))
                    .collect();
                yaml.insert(boundaries[at.index(boundaries.len())], c);
            }
            let close = if unclosed { "" } else { "\n---" };
            format!(
                "---
{yaml}{close}
{body}
"
            )
        })
}

/// Checks a handbook of the given files (and a team `web` and an objective
/// `company/2026-Q4/grow` to refer to) and returns every finding, with the
/// text of every file by its display path.
fn check(texts: &[String]) -> (Vec<Diagnostic>, Vec<(String, String)>) {
    let mut sources = vec![
        (
            "teams/web.md".to_string(),
            "---
type: team
name: Web
---
"
            .to_string(),
        ),
        (
            "company/2026-Q4/grow.md".to_string(),
            "---
title: Grow
period: 2026-Q4
key_results:
  - title: Revenue in euros
    target: 10
---
"
            .to_string(),
        ),
    ];
    for (index, text) in texts.iter().enumerate() {
        sources.push((format!("web/2026-Q4/generated-{index}.md"), text.clone()));
    }
    let files: Vec<internals::SourceFile> = sources
        .iter()
        .map(|(rel, text)| internals::split(rel.clone(), format!("content/{rel}"), text))
        .collect();
    let (parts, mut findings) = internals::build(Config::default(), &files, None);
    let (handbook, link_findings) = internals::link(parts);
    findings.extend(link_findings);
    if !findings.iter().any(Diagnostic::is_error) {
        let as_of = Date::parse("2026-11-15").expect("a date");
        findings.extend(internals::lint(&handbook, as_of));
    }
    let by_path = sources
        .into_iter()
        .map(|(rel, text)| (format!("content/{rel}"), text))
        .collect();
    (findings, by_path)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_front_matter_is_reported_never_a_panic(
        texts in prop::collection::vec(file_text(), 1..4)
    ) {
        let (findings, files) = check(&texts);
        for finding in &findings {
            prop_assert!(!finding.file.is_empty(), "a finding without a file: {finding:?}");
            prop_assert!(finding.line >= 1 && finding.column >= 1, "a finding without a position: {finding:?}");
            if let Some((_, text)) = files.iter().find(|(path, _)| *path == finding.file) {
                // A position may sit just past the last line (end of input).
                let lines = text.split('\n').count();
                prop_assert!(
                    finding.line <= lines,
                    "line {} of a {}-line file: {finding:?}\n{text}",
                    finding.line,
                    lines
                );
            } else {
                prop_assert!(false, "a finding in a file that was not read: {finding:?}");
            }
        }
    }

    #[test]
    fn arbitrary_bytes_are_reported_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut text = "---\n".to_string();
        text.push_str(&String::from_utf8_lossy(&bytes));
        let (findings, _) = check(&[text]);
        for finding in &findings {
            prop_assert!(!finding.file.is_empty() && finding.line >= 1 && finding.column >= 1, "{finding:?}");
        }
    }
}
