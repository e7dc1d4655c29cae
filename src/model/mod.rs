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
    pub config: Config,
    /// Sorted by id.
    pub teams: Vec<Team>,
    /// Sorted by id.
    pub objectives: Vec<Objective>,
    /// Guide pages, sorted by `order` then path; the home page's prose is `home`.
    pub pages: Vec<Page>,
    pub home: Option<Page>,
}

/// A whole handbook, validated and linked. Made only by `Handbook::new`,
/// from its parts and their links, so no stage sees one without links.
#[derive(Debug)]
pub struct Handbook {
    pub config: Config,
    /// Sorted by id.
    pub teams: Vec<Team>,
    /// Sorted by id.
    pub objectives: Vec<Objective>,
    /// Guide pages, sorted by `order` then path; the home page's prose is `home`.
    pub pages: Vec<Page>,
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
    pub team_by_id: std::collections::HashMap<String, usize>,
    pub objective_by_id: std::collections::HashMap<String, usize>,
    /// Per objective: its team.
    pub team_of: Vec<Option<usize>>,
    /// Per objective: the objective it supports.
    pub parent_of: Vec<Option<usize>>,
    /// Per objective: the objectives that support it, by id.
    pub children_of: Vec<Vec<usize>>,
    pub carried_from: Vec<Option<usize>>,
    pub carried_to: Vec<Vec<usize>>,
    /// Per team: its parent team.
    pub team_parent: Vec<Option<usize>>,
    pub sub_teams: Vec<Vec<usize>>,
    /// Per team: its objectives, by period then id.
    pub team_objectives: Vec<Vec<usize>>,
}

/// Where an objective sits in the cascade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Organization,
    Team,
    Individual,
}

impl Level {
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

    pub fn level(&self, objective: usize) -> Level {
        match self.links.team_of.get(objective).copied().flatten() {
            None => Level::Individual,
            Some(team) if self.links.team_parent[team].is_none() => Level::Organization,
            Some(_) => Level::Team,
        }
    }

    pub fn objective_by_id(&self, id: &str) -> Option<&Objective> {
        self.links
            .objective_by_id
            .get(id)
            .map(|&i| &self.objectives[i])
    }
}

#[derive(Debug, Clone)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub lead: Option<String>,
    pub members: Vec<String>,
    /// Lint codes not reported for this file (`allow:`), as written.
    pub allow: Vec<String>,
    /// The mission, Markdown.
    pub body: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commitment {
    Committed,
    Aspirational,
}

impl Commitment {
    pub fn as_str(self) -> &'static str {
        match self {
            Commitment::Committed => "committed",
            Commitment::Aspirational => "aspirational",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Objective {
    pub id: String,
    pub title: String,
    pub period: Period,
    /// False when `period` was missing or unreadable. That is reported as an
    /// error, so such an objective is never built; it stays in the model, with
    /// a stand-in period, only so that references to and from it are checked.
    pub period_known: bool,
    pub team: Option<String>,
    pub owner: Option<String>,
    pub parent: Option<String>,
    pub commitment: Commitment,
    pub tags: Vec<String>,
    pub private: bool,
    pub carried_from: Option<String>,
    pub key_results: Vec<KeyResult>,
    pub initiatives: Vec<Initiative>,
    pub grade: Option<Grade>,
    /// Lint codes not reported for this file (`allow:`), as written.
    pub allow: Vec<String>,
    /// Why it matters, Markdown.
    pub body: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KrKind {
    Metric,
    Guardrail,
    Milestone,
}

impl KrKind {
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
    Increase,
    Decrease,
    AtMost,
    AtLeast,
    /// Milestones have no direction.
    Done,
}

impl Direction {
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

#[derive(Debug, Clone)]
pub struct KeyResult {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub kind: KrKind,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub direction: Direction,
    pub weight: f64,
    pub measured_by: Option<String>,
    /// Sorted by date; check-ins on the same day keep their written order.
    pub checkins: Vec<Checkin>,
    /// A final grade that overrides the computed score.
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CheckinValue {
    Number(f64),
    Done(bool),
}

#[derive(Debug, Clone)]
pub struct Checkin {
    pub date: Date,
    pub value: CheckinValue,
    /// 0..1; words are mapped to numbers.
    pub confidence: Option<f64>,
    pub note: Option<String>,
    pub blockers: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitiativeStatus {
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl InitiativeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InitiativeStatus::Planned => "planned",
            InitiativeStatus::InProgress => "in_progress",
            InitiativeStatus::Done => "done",
            InitiativeStatus::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Initiative {
    pub title: String,
    pub owner: Option<String>,
    pub status: InitiativeStatus,
    pub link: Option<String>,
    pub key_results: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Continue,
    Done,
    Drop,
}

impl Next {
    pub fn as_str(self) -> &'static str {
        match self {
            Next::Continue => "continue",
            Next::Done => "done",
            Next::Drop => "drop",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Grade {
    pub score: Option<f64>,
    pub date: Option<Date>,
    pub learned: Option<String>,
    pub next: Option<Next>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub title: String,
    pub description: Option<String>,
    pub order: Option<f64>,
    pub extra: serde_json::Value,
    /// Lint codes not reported for this file (`allow:`), as written.
    pub allow: Vec<String>,
    pub body: String,
    pub origin: Origin,
}

/// The largest magnitude of a number in the front matter (baselines,
/// targets, weights, check-in values): far beyond any measurement, far from
/// where sums and differences of floats overflow.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The numbers behind `confidence: low | medium | high`.
pub const CONFIDENCE_WORDS: [(&str, f64); 3] = [("low", 0.3), ("medium", 0.6), ("high", 0.9)];
