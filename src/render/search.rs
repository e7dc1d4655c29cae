//! The search index: every published objective, key result, team, person
//! and guide page, written as `search-index.js` for the theme's `search.js`.
//!
//! The index is a script, not JSON, so that a page opened from disk
//! (`file://`, where `fetch` is refused) can load it with a plain
//! `<script src>`. It sets `window.OKRBOOK_SEARCH` to
//!
//! ```text
//! {"version": 1,
//!  "periods": ["2026-Q3", "2026-Q4"],          // oldest first
//!  "teams": ["Company", "Web"],                 // team tree order
//!  "docs": [[kind, title, url, period, team, score, owner, parent, text, status], …]}
//! ```
//!
//! One array per entry, trailing nulls left out:
//!
//! - `kind`: `o` objective, `k` key result, `t` team, `p` person, `g` guide;
//! - `url`: relative to the site's root (pages prefix their own root); a key
//!   result's is `#kr-<id>`, an anchor in its objective's page;
//! - `period`, `team`: positions in `periods` and `teams`; for a team, `team`
//!   is its parent team;
//! - `score`: 0..1 with two decimals, `null` when not scored;
//! - `owner`: the objective's or key result's owner, the team's lead;
//! - `parent`: for a key result, the position of its objective in `docs`;
//! - `text`: more words to match: tags and the start of the body as plain
//!   text, how a key result is measured, the teams a person belongs to;
//! - `status`: `on-track`, `at-risk`, `off-track`, `final`, `not-started` or `no-data`
//!   (objectives only).
//!
//! The order puts the fields most entries lack last: a key result, the most
//! common entry, has no trailing null.
//!
//! Bodies are cut to a few hundred characters, so the index grows linearly
//! with the handbook. Private objectives are left out unless they are
//! published (`--include-private`), like everywhere else.

use super::{markdown, Context};
use crate::inline::plain;
use crate::paths::encode_path;
use crate::score;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The file's path in the site.
pub const INDEX_PATH: &str = "search-index.js";

/// Characters of an objective's or team's body kept for matching.
const BODY_CHARS: usize = 140;
/// Characters of a guide's body kept: guides are few and mostly prose.
const GUIDE_CHARS: usize = 400;
/// Characters of a key result's "measured by".
const MEASURE_CHARS: usize = 100;

impl Context<'_> {
    /// The search index as a script that sets `window.OKRBOOK_SEARCH`.
    pub fn search_index_js(&self) -> Vec<u8> {
        let index = self.search_index();
        let json = serde_json::to_string(&index).unwrap_or_else(|_| "null".to_string());
        // JSON allows U+2028 and U+2029 in strings; older script engines do not.
        let json = json
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        let mut out = String::with_capacity(json.len() + 200);
        out.push_str(
            "/* okrbook search index. docs: [kind, title, url, period, team, score, owner, parent, text, status] */\n",
        );
        out.push_str("window.OKRBOOK_SEARCH = ");
        out.push_str(&json);
        out.push_str(";\n");
        out.into_bytes()
    }

    /// The index as a JSON value (see the module's documentation).
    pub fn search_index(&self) -> Value {
        let handbook = self.handbook;
        let links = &handbook.links;
        let period_at: HashMap<_, usize> = self
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| (*p, i))
            .collect();
        let order = self.team_order();
        let mut team_at = vec![None; handbook.teams.len()];
        for (position, &team) in order.iter().enumerate() {
            team_at[team] = Some(position);
        }
        let mut docs: Vec<Value> = Vec::new();

        for &team in &order {
            let data = &handbook.teams[team];
            docs.push(entry(vec![
                json!("t"),
                json!(data.name),
                json!(encode_path(&self.team_paths[team])),
                Value::Null,
                links.team_parent[team]
                    .and_then(|p| team_at[p])
                    .map_or(Value::Null, |p| json!(p)),
                Value::Null,
                opt(data.lead.as_deref()),
                Value::Null,
                text(&markdown::plain_text(&data.body, BODY_CHARS)),
            ]));
        }

        for (name, path) in &self.people {
            let mut words = Vec::new();
            if let Some(involved) = self.involvement.get(name) {
                let names = |teams: &[usize]| {
                    teams
                        .iter()
                        .map(|&t| handbook.teams[t].name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                if !involved.leads.is_empty() {
                    words.push(format!("Leads {}", names(&involved.leads)));
                }
                if !involved.member_of.is_empty() {
                    words.push(format!("Member of {}", names(&involved.member_of)));
                }
            }
            docs.push(entry(vec![
                json!("p"),
                json!(name),
                json!(path),
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                text(&words.join(". ")),
            ]));
        }

        for link in &self.guide_links() {
            docs.push(entry(vec![
                json!("g"),
                json!(link.0),
                json!(link.1),
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                text(&link.2),
            ]));
        }

        // Newest period first, so that ties in ranking favour recent goals.
        let mut objectives: Vec<usize> = self.published().map(|(_, i)| i).collect();
        objectives.sort_by(|&a, &b| {
            let (a_obj, b_obj) = (&handbook.objectives[a], &handbook.objectives[b]);
            b_obj
                .period
                .cmp(&a_obj.period)
                .then_with(|| a_obj.id.cmp(&b_obj.id))
        });
        for index in objectives {
            let objective = &handbook.objectives[index];
            let scored = &self.scores[index];
            let period = period_at
                .get(&objective.period)
                .map_or(Value::Null, |p| json!(p));
            let team = links.team_of[index]
                .and_then(|t| team_at[t])
                .map_or(Value::Null, |t| json!(t));
            let words = sentences(
                &objective.tags.join(" "),
                &markdown::plain_text(&objective.body, BODY_CHARS),
            );
            let position = docs.len();
            docs.push(entry(vec![
                json!("o"),
                json!(plain(&objective.title)),
                json!(encode_path(&self.objective_paths[index])),
                period.clone(),
                team.clone(),
                json!(scored.score.map(two_decimals)),
                opt(crate::model::names_text(&objective.owners).as_deref()),
                Value::Null,
                text(&words),
                json!(scored.status.as_str()),
            ]));
            for (kr, kr_score) in objective.key_results.iter().zip(&scored.key_results) {
                let measured = kr
                    .measured_by
                    .as_deref()
                    .map(|m| cut(&plain(m), MEASURE_CHARS))
                    .unwrap_or_default();
                docs.push(entry(vec![
                    json!("k"),
                    json!(plain(&kr.title)),
                    json!(format!("#kr-{}", kr.id)),
                    period.clone(),
                    team.clone(),
                    json!(kr_score.score.map(two_decimals)),
                    opt(crate::model::names_text(&kr.owners).as_deref()),
                    json!(position),
                    text(&measured),
                ]));
            }
        }

        json!({
            "version": 1,
            "periods": self.periods.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            "teams": order.iter().map(|&t| handbook.teams[t].name.as_str()).collect::<Vec<_>>(),
            "docs": docs,
        })
    }

    /// Guide pages in navigation order: title, path and the text to match.
    fn guide_links(&self) -> Vec<(String, String, String)> {
        self.handbook
            .pages
            .iter()
            .map(|page| {
                let words = sentences(
                    page.description.as_deref().unwrap_or_default(),
                    &markdown::plain_text(&page.body, GUIDE_CHARS),
                );
                (
                    page.title.clone(),
                    encode_path(&super::html_path(page.origin.stem_path())),
                    words,
                )
            })
            .collect()
    }
}

/// Two pieces of text as sentences: `a. b`, or `a b` when `a` already ends one.
fn sentences(first: &str, second: &str) -> String {
    match (first.trim(), second.trim()) {
        ("", text) | (text, "") => text.to_string(),
        (first, second) if first.ends_with(['.', '!', '?', '…', ':']) => {
            format!("{first} {second}")
        }
        (first, second) => format!("{first}. {second}"),
    }
}

/// An entry without its trailing nulls.
fn entry(mut fields: Vec<Value>) -> Value {
    while fields.last().is_some_and(Value::is_null) {
        fields.pop();
    }
    Value::Array(fields)
}

fn opt(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |v| json!(v))
}

fn text(value: &str) -> Value {
    if value.is_empty() {
        Value::Null
    } else {
        json!(value)
    }
}

/// A score as shown: clamped to 0..1 and rounded to two decimals.
fn two_decimals(value: f64) -> f64 {
    score::round(value.clamp(0.0, 1.0), 2)
}

/// At most `limit` characters of `value`, with an ellipsis when cut.
fn cut(value: &str, limit: usize) -> String {
    if value.chars().count() <= limit {
        value.to_string()
    } else {
        let kept: String = value.chars().take(limit).collect();
        format!("{}…", kept.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_drop_trailing_nulls_only() {
        let value = entry(vec![json!("o"), Value::Null, json!(1), Value::Null]);
        assert_eq!(value, json!(["o", null, 1]));
    }

    #[test]
    fn scores_are_clamped_and_rounded() {
        assert_eq!(two_decimals(0.4249), 0.42);
        assert_eq!(two_decimals(1.7), 1.0);
        assert_eq!(two_decimals(-0.2), 0.0);
    }

    #[test]
    fn texts_join_as_sentences() {
        assert_eq!(sentences("", "b"), "b");
        assert_eq!(sentences("a", ""), "a");
        assert_eq!(sentences("tag", "Body."), "tag. Body.");
        assert_eq!(sentences("The rules.", "Body."), "The rules. Body.");
    }

    #[test]
    fn long_text_is_cut() {
        assert_eq!(cut("abc", 5), "abc");
        assert_eq!(cut("abc def", 4), "abc…");
    }
}
