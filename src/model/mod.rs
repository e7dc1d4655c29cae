//! Stage 2, model: raw front matter turned into validated types. Every
//! problem found in a file is reported; a file with problems still yields as
//! much of the model as could be read, so that later stages find more.
//!
//! The stage is split by concern:
//! - this file: the domain types the later stages read ([`Handbook`],
//!   [`Objective`], [`KeyResult`], [`Team`], [`Page`] and their parts);
//! - `origin`: where a record came from, to point findings at its fields;
//! - `cache`: reading every file, in parallel, reusing unchanged ones ([`ParseCache`]);
//! - `dispatch`: reading one file and choosing its record by `type`;
//! - `reader`: the typed fields of one record, each problem reported;
//! - `yaml_errors`: serde_yaml's error messages turned into findings.

mod cache;
mod data;
mod dispatch;
mod origin;
mod reader;
mod yaml_errors;

pub use cache::{build, build_cached, ParseCache};
pub use origin::Origin;

use crate::config::Config;
use crate::date::Date;
use crate::period::Period;

/// The records read from a handbook's files, sorted, not yet linked: what
/// the model stage gives the validate stage, which resolves the references
/// between them and makes the [`Handbook`].
#[derive(Debug)]
pub struct Parts {
    /// The handbook's settings, from book.toml.
    pub config: Config,
    /// Sorted by id.
    pub teams: Vec<Team>,
    /// Sorted by `order` (see [`authors_order`]), then id: any list picked
    /// from them in this order (a team's, a period's) is in the authors' order.
    pub objectives: Vec<Objective>,
    /// Guide pages, sorted by `order` then path; the home page's prose is `home`.
    pub pages: Vec<Page>,
    /// `index.md` at the top of the source folder, the home page's prose; `None` when there is none.
    pub home: Option<Page>,
}

/// A whole handbook, validated and linked. Made only by `Handbook::new`,
/// from its parts and their links, so no stage sees one without links.
#[derive(Debug)]
pub struct Handbook {
    /// The handbook's settings, from book.toml.
    pub config: Config,
    /// Sorted by id.
    pub teams: Vec<Team>,
    /// Sorted as [`Parts::objectives`]: by `order`, then id.
    pub objectives: Vec<Objective>,
    /// Guide pages, sorted by `order` then path; the home page's prose is `home`.
    pub pages: Vec<Page>,
    /// `index.md` at the top of the source folder, the home page's prose; `None` when there is none.
    pub home: Option<Page>,
    /// Resolved references, computed by `validate::link`.
    pub links: Links,
    /// Keeps struct literals out of other modules: see `Handbook::new`.
    linked: Linked,
}

/// The mark of a handbook made by `Handbook::new`; nothing outside `model` can make one.
#[derive(Debug)]
struct Linked;

/// References between records, as indexes into `Handbook::teams` and `Handbook::objectives`.
#[derive(Debug, Default, Clone)]
pub struct Links {
    /// Team id → index into `teams`.
    pub team_by_id: std::collections::HashMap<String, usize>,
    /// Objective id → index into `objectives`.
    pub objective_by_id: std::collections::HashMap<String, usize>,
    /// Per objective: its team.
    pub team_of: Vec<Option<usize>>,
    /// Per objective: the objective it supports.
    pub parent_of: Vec<Option<usize>>,
    /// Per objective: the objectives that support it, by id.
    pub children_of: Vec<Vec<usize>>,
    /// Per objective: the objective named by its `carried_from`.
    pub carried_from: Vec<Option<usize>>,
    /// Per objective: the objectives whose `carried_from` names it, by id.
    pub carried_to: Vec<Vec<usize>>,
    /// Per team: its parent team.
    pub team_parent: Vec<Option<usize>>,
    /// Per team: the teams whose `parent` is this team, by id.
    pub sub_teams: Vec<Vec<usize>>,
    /// Per team: its objectives, by period then id.
    pub team_objectives: Vec<Vec<usize>>,
}

/// Where an objective sits in the cascade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The objective's team has no parent team.
    Organization,
    /// The objective's team has a parent team.
    Team,
    /// The objective has no `team`: an individual goal.
    Individual,
}

impl Level {
    /// The level in lowercase, as shown on the site: `organization`, `team` or `individual`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Organization => "organization",
            Level::Team => "team",
            Level::Individual => "individual",
        }
    }
}

impl Handbook {
    /// The handbook of `parts`, with `links`: those `validate::link`
    /// computed for these parts, or (for the public view) renumbered from
    /// them. Links hold an entry per objective and per team.
    pub(crate) fn new(parts: Parts, links: Links) -> Handbook {
        debug_assert!(
            [
                links.team_of.len(),
                links.parent_of.len(),
                links.children_of.len(),
                links.carried_from.len(),
                links.carried_to.len(),
            ]
            .iter()
            .all(|&len| len == parts.objectives.len()),
            "links for every objective"
        );
        debug_assert!(
            [
                links.team_parent.len(),
                links.sub_teams.len(),
                links.team_objectives.len(),
            ]
            .iter()
            .all(|&len| len == parts.teams.len()),
            "links for every team"
        );
        let Parts {
            config,
            teams,
            objectives,
            pages,
            home,
        } = parts;
        Handbook {
            config,
            teams,
            objectives,
            pages,
            home,
            links,
            linked: Linked,
        }
    }

    /// The records and their links, to make another handbook from (see `public::without_private`).
    pub fn into_parts(self) -> (Parts, Links) {
        let Handbook {
            config,
            teams,
            objectives,
            pages,
            home,
            links,
            linked: Linked,
        } = self;
        (
            Parts {
                config,
                teams,
                objectives,
                pages,
                home,
            },
            links,
        )
    }

    /// Where the objective at index `objective` (into `objectives`) sits in the cascade.
    pub fn level(&self, objective: usize) -> Level {
        match self.links.team_of.get(objective).copied().flatten() {
            None => Level::Individual,
            Some(team) if self.links.team_parent[team].is_none() => Level::Organization,
            Some(_) => Level::Team,
        }
    }

    /// The objective with this id, if there is one.
    pub fn objective_by_id(&self, id: &str) -> Option<&Objective> {
        self.links
            .objective_by_id
            .get(id)
            .map(|&i| &self.objectives[i])
    }
}

/// A team, from a file with `type: team`.
#[derive(Debug, Clone)]
pub struct Team {
    /// The team's id: `id:`, else the file name without `.md`.
    pub id: String,
    /// The name shown on the site: `name:`, else the id.
    pub name: String,
    /// The parent team's id; `None` for a team at the organization level.
    pub parent: Option<String>,
    /// The team's lead, a person's name; `None` when `lead` is not set.
    pub lead: Option<String>,
    /// The members' names as written, blank ones left out.
    pub members: Vec<String>,
    /// Names or ids the team had before (`formerly:`), as written, blank
    /// ones left out. A `team:` or `parent:` naming one finds this team.
    pub formerly: Vec<String>,
    /// Lint codes not reported for this file (`allow:`), as written.
    pub allow: Vec<String>,
    /// The mission, Markdown.
    pub body: String,
    /// The file the team was read from, to point findings at its fields.
    pub origin: Origin,
}

/// How an objective is meant: to be met, or to stretch for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commitment {
    /// Meant to be met in full (the default).
    Committed,
    /// A stretch: falling short is expected.
    Aspirational,
}

impl Commitment {
    /// The value as written in front matter: `committed` or `aspirational`.
    pub fn as_str(self) -> &'static str {
        match self {
            Commitment::Committed => "committed",
            Commitment::Aspirational => "aspirational",
        }
    }
}

/// An objective, from a file whose front matter has `key_results` or `period`.
#[derive(Debug, Clone)]
pub struct Objective {
    /// The objective's id: `id:`, else its path under the source folder without `.md`.
    pub id: String,
    /// The outcome aimed for; the file name, made readable, when `title` is missing (an error).
    pub title: String,
    /// The quarter, half or fiscal year the objective is for.
    pub period: Period,
    /// False when `period` was missing or unreadable. That is reported as an
    /// error, so such an objective is never built; it stays in the model, with
    /// a stand-in period, only so that references to and from it are checked.
    pub period_known: bool,
    /// The team's id; `None` for an individual objective.
    pub team: Option<String>,
    /// Who owns the objective, in the order written: people's names, or a
    /// team's id (the team owns it); empty when `owner` is not set.
    pub owners: Vec<String>,
    /// The id of the objective this one supports (the cascade); `None` at the top.
    pub parent: Option<String>,
    /// Where the authors put it among their team's objectives of the period
    /// (lower first, `order:`); `None` when not written, and then it follows
    /// those with an order, by id.
    pub order: Option<f64>,
    /// Committed (the default) or aspirational.
    pub commitment: Commitment,
    /// The tags as written, trimmed, blank ones left out.
    pub tags: Vec<String>,
    /// True for `visibility: private`: left out of the site unless private objectives are published.
    pub private: bool,
    /// The id of the earlier objective this one continues; `None` when not set.
    pub carried_from: Option<String>,
    /// The key results, in the order written.
    pub key_results: Vec<KeyResult>,
    /// The initiatives, in the order written.
    pub initiatives: Vec<Initiative>,
    /// The final grade; `None` until the objective is graded.
    pub grade: Option<Grade>,
    /// Lint codes not reported for this file (`allow:`), as written.
    pub allow: Vec<String>,
    /// Why it matters, Markdown.
    pub body: String,
    /// The file the objective was read from, to point findings at its fields.
    pub origin: Origin,
}

/// What kind of key result it is, which decides how it is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KrKind {
    /// A number to move from its baseline to its target (the default).
    Metric,
    /// A limit to keep: met while the current value stays on the right side of the target.
    Guardrail,
    /// Done or not done; check-ins are `true` or `false`.
    Milestone,
}

impl KrKind {
    /// The value as written in front matter: `metric`, `guardrail` or `milestone`.
    pub fn as_str(self) -> &'static str {
        match self {
            KrKind::Metric => "metric",
            KrKind::Guardrail => "guardrail",
            KrKind::Milestone => "milestone",
        }
    }
}

/// Which way a key result should move, or which side of a limit it must stay on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A metric that should go up; inferred unless the target is below the baseline.
    Increase,
    /// A metric that should go down; inferred when the target is below the baseline.
    Decrease,
    /// A guardrail met while the current value is at most the target.
    AtMost,
    /// A guardrail met while the current value is at least the target.
    AtLeast,
    /// Milestones have no direction.
    Done,
}

impl Direction {
    /// The value as written in front matter, e.g. `at_most`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::AtMost => "at_most",
            Direction::AtLeast => "at_least",
            Direction::Done => "done",
        }
    }
}

/// A key result of an objective.
#[derive(Debug, Clone)]
pub struct KeyResult {
    /// The key result's id within its objective: `id:`, else `kr1`, `kr2`… by position.
    pub id: String,
    /// What is measured; the id when `title` is missing (an error).
    pub title: String,
    /// Who owns the key result, in the order written: people's names, or a
    /// team's id; empty when `owner` is not set.
    pub owners: Vec<String>,
    /// The priority label as `[okr] priorities` spells it (`P0`…); `None`
    /// when not written, or when it is not one of those labels (reported).
    pub priority: Option<String>,
    /// The key result this one continues, `objective-id#key-result-id`, as
    /// written; resolved and checked by the validate stage.
    pub carried_from: Option<String>,
    /// Metric (the default), guardrail or milestone.
    pub kind: KrKind,
    /// The unit values are in, as written (`%`, `ms`…); `None` when not set.
    pub unit: Option<String>,
    /// The starting value, in `unit`; `None` when not written (for a metric, the first check-in's value then stands in).
    pub baseline: Option<f64>,
    /// The value to reach (for a guardrail, the limit), in `unit`; `None` when not written or not a number, which is an error except for milestones.
    pub target: Option<f64>,
    /// Which way the value should go; `Done` for milestones.
    pub direction: Direction,
    /// The key result's share in its objective's score, 0 or more; 1 when not written.
    pub weight: f64,
    /// How the value is measured, free text; `None` when not set.
    pub measured_by: Option<String>,
    /// The data file its check-ins are also read from (`source:`, relative to
    /// the handbook's root, as written); `None` when it has none.
    pub source: Option<String>,
    /// Sorted by date; check-ins on the same day keep their written order.
    pub checkins: Vec<Checkin>,
    /// A final grade that overrides the computed score; `None` when not
    /// written, or when the key result is marked not scored.
    pub score: Option<f64>,
    /// The day the hand `score` counts from (`scored_on:`); `None` when not
    /// written, and then it counts from the last day of the period.
    pub scored_on: Option<Date>,
    /// True for `score: n/a`: deliberately not scored, so it never gets a
    /// score (check-ins or not) and is left out of every average.
    pub not_scored: bool,
}

/// The value of a check-in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CheckinValue {
    /// A metric's or guardrail's current value, in the key result's unit.
    Number(f64),
    /// Whether a milestone is done.
    Done(bool),
}

/// One check-in on a key result.
#[derive(Debug, Clone)]
pub struct Checkin {
    /// The day of the check-in.
    pub date: Date,
    /// The value checked in; `None` for a status update, a check-in with
    /// only a note, which counts for staleness and not for the score.
    pub value: Option<CheckinValue>,
    /// 0..1; words are mapped to numbers.
    pub confidence: Option<f64>,
    /// What happened, free text; `None` when not set or blank.
    pub note: Option<String>,
    /// What is in the way, free text; `None` when not set or blank.
    pub blockers: Option<String>,
}

/// Where an initiative stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitiativeStatus {
    /// Not started (the default).
    Planned,
    /// Under way.
    InProgress,
    /// Finished.
    Done,
    /// Given up.
    Dropped,
}

impl InitiativeStatus {
    /// The value as written in front matter, e.g. `in_progress`.
    pub fn as_str(self) -> &'static str {
        match self {
            InitiativeStatus::Planned => "planned",
            InitiativeStatus::InProgress => "in_progress",
            InitiativeStatus::Done => "done",
            InitiativeStatus::Dropped => "dropped",
        }
    }
}

/// A piece of work planned to move an objective's key results.
#[derive(Debug, Clone)]
pub struct Initiative {
    /// The work to be done; `Initiative n` (n from 1) when `title` is missing.
    pub title: String,
    /// The person who owns the work; `None` when `owner` is not set.
    pub owner: Option<String>,
    /// Planned (the default), in progress, done or dropped.
    pub status: InitiativeStatus,
    /// A link to the work (an RFC, a ticket); `None` when not set, or when its scheme is not safe to publish.
    pub link: Option<String>,
    /// The ids of the key results it drives, trimmed, as written (unknown ones are reported, not dropped).
    pub key_results: Vec<String>,
}

/// What to do with an objective after its grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Carry it on into the next period.
    Continue,
    /// It is achieved; nothing more to do.
    Done,
    /// Stop pursuing it.
    Drop,
}

impl Next {
    /// The value as written in front matter: `continue`, `done` or `drop`.
    pub fn as_str(self) -> &'static str {
        match self {
            Next::Continue => "continue",
            Next::Done => "done",
            Next::Drop => "drop",
        }
    }
}

/// An objective's final grade (`grade:`).
#[derive(Debug, Clone)]
pub struct Grade {
    /// The final score, 0..1, which overrides the computed one; `None` when not given.
    pub score: Option<f64>,
    /// The day it was graded, from which `score` counts; `None` when not
    /// given, and then it counts from the last day of the period.
    pub date: Option<Date>,
    /// What the team learned, free text; `None` when not set or blank.
    pub learned: Option<String>,
    /// What to do next; `None` when not given or not one of the three words (which is reported).
    pub next: Option<Next>,
}

/// A guide page: any Markdown file that is not a team or an objective.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's title: `title:`, else its first heading, else its file name.
    pub title: String,
    /// A one-line summary, as written; `None` when not set.
    pub description: Option<String>,
    /// Where the page goes in the guide list (lower first); `None` when not set.
    pub order: Option<f64>,
    /// The free `extra:` map for themes, as a JSON object; empty when not set.
    pub extra: serde_json::Value,
    /// Lint codes not reported for this file (`allow:`), as written.
    pub allow: Vec<String>,
    /// The page's Markdown body.
    pub body: String,
    /// The file the page was read from, to point findings at its fields.
    pub origin: Origin,
}

/// The authors' order of two objectives by their `order`: those with one
/// first, lower first; the rest after them (equal among themselves).
pub fn authors_order(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// Owners' names as one line, `Ana, Ben`; `None` when there are none.
pub fn names_text(names: &[String]) -> Option<String> {
    (!names.is_empty()).then(|| names.join(", "))
}

/// The largest magnitude of a number in the front matter (baselines,
/// targets, weights, check-in values): far beyond any measurement, far from
/// where sums and differences of floats overflow.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The numbers behind `confidence: low | medium | high`.
pub const CONFIDENCE_WORDS: [(&str, f64); 3] = [("low", 0.3), ("medium", 0.6), ("high", 0.9)];

/// The word a confidence is read as, on the scale of [`CONFIDENCE_WORDS`]:
/// below 0.45 `low`, below 0.75 `medium`, else `high`; each word's own
/// number sits inside its band. Pages, charts and the feed all use it.
pub fn confidence_word(confidence: f64) -> &'static str {
    if confidence < 0.45 {
        "low"
    } else if confidence < 0.75 {
        "medium"
    } else {
        "high"
    }
}

/// A confidence as people read it: its word and its number, `medium (0.7)`.
pub fn confidence_text(confidence: f64) -> String {
    let number = format!("{confidence:.2}");
    let number = number.trim_end_matches('0').trim_end_matches('.');
    format!("{} ({number})", confidence_word(confidence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_words_read_as_themselves() {
        for (word, number) in CONFIDENCE_WORDS {
            assert_eq!(confidence_word(number), word);
        }
        assert_eq!(confidence_word(0.44), "low");
        assert_eq!(confidence_word(0.45), "medium");
        assert_eq!(confidence_word(0.7), "medium");
        assert_eq!(confidence_word(0.75), "high");
        assert_eq!(confidence_text(0.7), "medium (0.7)");
        assert_eq!(confidence_text(0.9), "high (0.9)");
        assert_eq!(confidence_text(0.65), "medium (0.65)");
        assert_eq!(confidence_text(0.0), "low (0)");
        assert_eq!(confidence_text(1.0), "high (1)");
    }
}
