//! The comparison as Markdown, for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY`.

use super::compare::{
    GradeChange, GradeSummary, HandbookDiff, KeyResultRef, KrChange, ObjectiveSummary,
    PrivateChanges, ScoreChange,
};
use super::{format_number, value_text};
use crate::model::CheckinValue;
use std::fmt::Write as _;

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
    if !diff.published.is_empty() {
        out.push_str("### Newly published\n\n");
        for objective in &diff.published {
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
                    retitled.team_name.as_deref(),
                    retitled.owner.as_deref()
                ),
                md(&retitled.old),
                md(&retitled.new)
            );
        }
        out.push('\n');
    }
    if !diff.moved.is_empty() {
        out.push_str("### Objectives moved or handed over\n\n");
        for moved in &diff.moved {
            let _ = writeln!(
                out,
                "- **{}** ({}): {}",
                md(&moved.title),
                code(&moved.id),
                field_changes(&moved.changes)
            );
        }
        out.push('\n');
    }
    if diff.unpublished > 0 {
        out.push_str("### No longer published\n\n");
        let _ = writeln!(
            out,
            "{}; what they say is not shown here.\n",
            unpublished_phrase(diff.unpublished)
        );
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
                KrChange::Changed(fields) => field_changes(fields),
            };
            let flag = if change.after_period_start {
                "**changed after the period started**: "
            } else {
                ""
            };
            let effect = match change.score_effect {
                Some((kr, objective)) => format!(
                    " (score {}; objective {})",
                    score_change(kr),
                    score_change(objective)
                ),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "- {}: {flag}{what}{effect}",
                kr_name(&change.key_result)
            );
        }
        out.push('\n');
    }
    if !diff.new_checkins.is_empty() {
        out.push_str("### New check-ins\n\n");
        out.push_str("| Key result | Date | Value | Key result score | Objective score |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for checkin in &diff.new_checkins {
            let unit = checkin.unit.as_deref();
            let value = match (checkin.value, checkin.previous) {
                (None, _) => "status update, no value".to_string(),
                (Some(value), Some(previous)) => value_change(previous, value, unit),
                (Some(value), None) => {
                    format!("{} (first check-in)", md(&value_text(value, unit)))
                }
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
            let _ = writeln!(
                out,
                "- {}, {}: {}",
                kr_name(&edit.key_result),
                edit.date,
                checkin_edit(edit)
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

/// `3.6 s → 3.4 s; note added: “…”`, or `removed (was 2.2%)`.
fn checkin_edit(edit: &super::EditedCheckin) -> String {
    let unit = edit.unit.as_deref();
    let quoted = |text: &str| format!("“{}”", md(text));
    if edit.removed {
        return match (edit.old, edit.words.first().and_then(|w| w.old.as_deref())) {
            (Some(old), _) => format!("removed (was {})", md(&value_text(old, unit))),
            (None, Some(note)) => format!("status update removed (was {})", quoted(note)),
            (None, None) => "status update removed".to_string(),
        };
    }
    let mut parts = Vec::new();
    match (edit.old, edit.new) {
        (Some(old), Some(new)) if old != new => parts.push(format!(
            "{} → {}",
            md(&value_text(old, unit)),
            md(&value_text(new, unit))
        )),
        (Some(old), None) => parts.push(format!(
            "value {} removed, now a status update",
            md(&value_text(old, unit))
        )),
        (None, Some(new)) => parts.push(format!("value {} added", md(&value_text(new, unit)))),
        _ => {}
    }
    for word in &edit.words {
        parts.push(match (word.field, &word.old, &word.new) {
            ("confidence", old, new) => format!(
                "confidence {} → {}",
                old.as_deref().unwrap_or("none"),
                new.as_deref().unwrap_or("none")
            ),
            (field, None, Some(new)) => format!("{field} added: {}", quoted(new)),
            (field, Some(_), None) => format!("{field} removed"),
            (field, _, Some(new)) => format!("{field} now {}", quoted(new)),
            (field, None, None) => format!("{field} changed"),
        });
    }
    parts.join("; ")
}

/// `target 2 s → 1.5 s; owner Ana Lima → Tom Okafor`.
fn field_changes(fields: &[super::FieldChange]) -> String {
    fields
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
        .join("; ")
}

fn unpublished_phrase(n: usize) -> String {
    match n {
        1 => "1 objective is no longer published".to_string(),
        n => format!("{n} objectives are no longer published"),
    }
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
    let edited = diff.edited_checkins.iter().filter(|e| !e.removed).count();
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
                (diff.moved.len(), "moved or handed over"),
                (diff.unpublished, "no longer published"),
                (diff.published.len(), "newly published"),
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
            objective.team_name.as_deref(),
            objective.owner.as_deref()
        )
    )
}

/// `2026-Q4, Web` (the team by its name) or, for an individual objective,
/// `2026-Q4, Ana Lima`.
fn placement(period: &str, team: Option<&str>, owner: Option<&str>) -> String {
    match (team, owner) {
        (Some(team), _) => format!("{}, {}", md(period), md(team)),
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

/// `0.42 → 0.55 (+0.13)`, `0.42 (no change)`, `0.55 (new)`,
/// `not scored → 0.30`.
fn score_change(change: ScoreChange) -> String {
    let hundredths = |score: f64| (score * 100.0).round() as i64;
    let text = |h: Option<i64>| match h {
        Some(h) => format!("{:.2}", h as f64 / 100.0),
        None => "not scored".to_string(),
    };
    let head = change.head.map(hundredths);
    let base = change.base.map(hundredths);
    if change.new {
        return format!("{} (new)", text(head));
    }
    match (base, head) {
        _ if base == head => format!("{} (no change)", text(head)),
        (Some(b), Some(h)) => format!(
            "{} → {} ({:+.2})",
            text(base),
            text(head),
            (h - b) as f64 / 100.0
        ),
        _ => format!("{} → {}", text(base), text(head)),
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
/// characters that would start emphasis, links, HTML or cells escaped, and
/// every `@` followed by a zero-width joiner (U+200D) so that an `@mention`
/// reads the same on GitHub but notifies no one.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '@' => out.push_str("@\u{200D}"),
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
    use super::super::quantity;
    use super::*;

    #[test]
    fn formats_score_changes() {
        assert_eq!(
            score_change(ScoreChange {
                base: Some(0.42),
                head: Some(0.55),
                new: false,
            }),
            "0.42 → 0.55 (+0.13)"
        );
        assert_eq!(
            score_change(ScoreChange {
                base: Some(0.5),
                head: Some(0.25),
                new: false,
            }),
            "0.50 → 0.25 (-0.25)"
        );
        assert_eq!(
            score_change(ScoreChange {
                base: Some(0.701),
                head: Some(0.699),
                new: false,
            }),
            "0.70 (no change)"
        );
        assert_eq!(
            score_change(ScoreChange {
                base: None,
                head: Some(1.0),
                new: true,
            }),
            "1.00 (new)"
        );
        assert_eq!(
            score_change(ScoreChange {
                base: None,
                head: Some(0.3),
                new: false,
            }),
            "not scored → 0.30"
        );
        assert_eq!(
            score_change(ScoreChange {
                base: None,
                head: None,
                new: true,
            }),
            "not scored (new)"
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
        assert_eq!(md("ask @ana-lima"), "ask @\u{200D}ana-lima");
    }
}
