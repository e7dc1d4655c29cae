//! Stage 2, model: raw front matter turned into validated types. Every
//! problem found in a file is reported; a file with problems still yields as
//! much of the model as could be read, so that later stages find more.

use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::load::{FrontMatter, SourceFile};
use crate::locate::{self, Locator, Step};
use crate::period::Period;
use crate::raw::{
    RawCheckin, RawConfidence, RawGrade, RawInitiative, RawKeyResult, RawObjective, RawPage,
    RawTeam, RawValue, Text,
};
use crate::suggest::closest;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// A whole handbook, validated and linked.
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
    /// Resolved references, filled in by `validate::link`.
    pub links: Links,
}

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

/// Where a record came from, to point findings at it.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Path relative to the source folder, `/`-separated.
    pub rel_path: String,
    /// Path relative to the handbook root, for messages.
    pub display_path: String,
    /// Shared: records are cloned (by `ParseCache`), the front matter need not be.
    source: std::sync::Arc<FrontMatterIndex>,
}

/// A file's front matter and where its fields are. The index of positions is
/// built only when a finding needs one: most files never do.
#[derive(Debug)]
struct FrontMatterIndex {
    yaml: String,
    first_line: usize,
    locator: std::sync::OnceLock<Locator>,
    /// Byte offset of each line's start, built with the first excerpt, so
    /// that many findings in a long front matter take linear time.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl FrontMatterIndex {
    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(&self.yaml))
    }

    /// The YAML's `index`-th line (0-based), as `str::lines` gives it.
    fn line(&self, index: usize) -> Option<&str> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.yaml.match_indices('\n').map(|(at, _)| at + 1))
                .filter(|&start| start < self.yaml.len())
                .collect()
        });
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).copied().unwrap_or(self.yaml.len());
        let text = self.yaml.get(start..end)?;
        let text = text.strip_suffix('\n').unwrap_or(text);
        Some(text.strip_suffix('\r').unwrap_or(text))
    }
}

impl Origin {
    fn new(file: &SourceFile, front: Option<&FrontMatter>) -> Origin {
        let (yaml, first_line) = front
            .map(|f| (f.yaml.clone(), f.first_line))
            .unwrap_or_default();
        Origin {
            rel_path: file.rel_path.clone(),
            display_path: file.display_path.clone(),
            source: std::sync::Arc::new(FrontMatterIndex {
                locator: std::sync::OnceLock::new(),
                line_starts: std::sync::OnceLock::new(),
                yaml,
                first_line,
            }),
        }
    }

    /// The 1-based line and column in the file of the field `path` (of its value when `at_value`).
    pub fn position(&self, path: &[Step<'_>], at_value: bool) -> (usize, usize) {
        let place = self.source.locator().place(path);
        let line = if self.source.yaml.is_empty() {
            1
        } else {
            place.line + self.source.first_line - 1
        };
        let column = if at_value {
            place.value_column
        } else {
            place.column
        };
        (line, column)
    }

    /// A finding at the field `path` (at its value when `at_value`).
    pub fn finding(
        &self,
        code: &str,
        path: &[Step<'_>],
        at_value: bool,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.position(path, at_value);
        Diagnostic::error(code, &self.display_path, line, column, message).with_excerpt(
            self.source
                .line(line.saturating_sub(self.source.first_line))
                .filter(|_| !self.source.yaml.is_empty()),
        )
    }

    /// Whether the front matter writes the top-level field `key`.
    pub fn has_field(&self, key: &str) -> bool {
        // Top-level keys start a line; no need to index every position for that.
        self.source.yaml.lines().any(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    }

    /// The front matter's text.
    pub fn yaml(&self) -> &str {
        &self.source.yaml
    }

    /// The path without `.md`.
    pub fn stem_path(&self) -> &str {
        self.rel_path.strip_suffix(".md").unwrap_or(&self.rel_path)
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

/// Records read from files, by path and content, so that `okrbook serve`
/// parses only the files an edit touched.
#[derive(Default)]
pub struct ParseCache {
    entries: HashMap<String, CachedFile>,
}

type CachedFile = (u64, Option<Record>, Vec<Diagnostic>);

fn content_key(file: &SourceFile) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    file.display_path.hash(&mut hasher);
    file.front_matter
        .as_ref()
        .map(|f| (&f.yaml, f.first_line, f.closed))
        .hash(&mut hasher);
    file.body.hash(&mut hasher);
    file.body_line.hash(&mut hasher);
    hasher.finish()
}

/// Builds the model from loaded files. Cross-file links are checked by `validate`.
pub fn build(config: Config, files: &[SourceFile]) -> (Handbook, Vec<Diagnostic>) {
    build_cached(config, files, &mut ParseCache::default())
}

/// Like [`build`], reusing what `cache` holds for files whose text has not changed.
pub fn build_cached(
    config: Config,
    files: &[SourceFile],
    cache: &mut ParseCache,
) -> (Handbook, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut teams = Vec::new();
    let mut objectives = Vec::new();
    let mut pages = Vec::new();
    let mut home = None;
    // Files are read on every core; results are merged in file order.
    let previous = std::mem::take(&mut cache.entries);
    let records: Vec<(String, CachedFile)> = files
        .par_iter()
        .map(|file| {
            let key = content_key(file);
            if let Some((cached_key, record, found)) = previous.get(&file.display_path) {
                if *cached_key == key {
                    return (
                        file.display_path.clone(),
                        (key, record.clone(), found.clone()),
                    );
                }
            }
            let mut found = Vec::new();
            let record = read_file(file, &mut found);
            (file.display_path.clone(), (key, record, found))
        })
        .collect();
    for (path, (key, record, found)) in records {
        cache
            .entries
            .insert(path, (key, record.clone(), found.clone()));
        diagnostics.extend(found);
        match record {
            Some(Record::Team(team)) => teams.push(team),
            Some(Record::Objective(objective)) => objectives.push(*objective),
            Some(Record::Page(page)) => {
                if page.origin.rel_path == "index.md" {
                    home = Some(page);
                } else {
                    pages.push(page);
                }
            }
            None => {}
        }
    }
    teams.sort_by(|a: &Team, b: &Team| {
        a.id.cmp(&b.id)
            .then_with(|| a.origin.rel_path.cmp(&b.origin.rel_path))
    });
    objectives.sort_by(|a: &Objective, b: &Objective| {
        a.id.cmp(&b.id)
            .then_with(|| a.origin.rel_path.cmp(&b.origin.rel_path))
    });
    pages.sort_by(|a: &Page, b: &Page| {
        let key = |p: &Page| p.order.unwrap_or(f64::MAX);
        key(a)
            .total_cmp(&key(b))
            .then_with(|| a.origin.rel_path.cmp(&b.origin.rel_path))
    });
    (
        Handbook {
            config,
            teams,
            objectives,
            pages,
            home,
            links: Links::default(),
        },
        diagnostics,
    )
}

#[derive(Clone)]
enum Record {
    Team(Team),
    Objective(Box<Objective>),
    Page(Page),
}

fn read_file(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Record> {
    let Some(front) = &file.front_matter else {
        return Some(Record::Page(plain_page(file, Origin::new(file, None))));
    };
    if !front.closed {
        diagnostics.push(
            Diagnostic::error(
                "unclosed-front-matter",
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
                "yaml-syntax",
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
                    "wrong-type",
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
                "unknown-type",
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
    };
    match record_kind {
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
    }
}

/// How deep flow collections (`[…]`, `{…}`) may nest. The YAML parser
/// refuses more than 128 levels, but only after scanning the whole text in
/// time that grows with the depth times the length: 100,000 `[` took minutes.
const MAX_FLOW_DEPTH: usize = 100;

/// Where flow collections in `yaml` first nest deeper than
/// [`MAX_FLOW_DEPTH`], as a 1-based line and column (in characters), read
/// the way YAML reads them: brackets in quoted scalars, comments and block
/// scalars do not count, nor do brackets inside a plain scalar outside
/// brackets (`title: a [b`).
fn too_deep_flow(yaml: &str) -> Option<(usize, usize)> {
    #[derive(PartialEq)]
    enum Quote {
        None,
        Single,
        Double,
    }
    let mut depth = 0usize;
    let mut quote = Quote::None;
    let mut block_scalar_indent: Option<usize> = None;
    for (index, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_scalar_indent {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar_indent = None;
        }
        // The last character that was not a space, outside quotes, on this
        // line; and whether the character just before was a space.
        let mut previous: Option<char> = None;
        let mut after_space = true;
        let mut escaped = false;
        let mut chars = line.chars().enumerate().peekable();
        while let Some((column, c)) = chars.next() {
            match quote {
                Quote::Double => {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        quote = Quote::None;
                        previous = Some(c);
                    }
                    continue;
                }
                Quote::Single => {
                    if c == '\'' {
                        if chars.peek().is_some_and(|(_, next)| *next == '\'') {
                            chars.next();
                        } else {
                            quote = Quote::None;
                            previous = Some(c);
                        }
                    }
                    continue;
                }
                Quote::None => {}
            }
            if c == ' ' || c == '\t' {
                after_space = true;
                continue;
            }
            let space_before = std::mem::replace(&mut after_space, false);
            // Where a new value may start: brackets and quotes there open
            // collections and quoted scalars; elsewhere they are text.
            let at_start = match previous {
                None => true,
                Some(p) => {
                    matches!(p, '-' | ':' | '?') || (depth > 0 && matches!(p, '[' | '{' | ','))
                }
            };
            match c {
                '#' if space_before => break,
                '"' if at_start => quote = Quote::Double,
                '\'' if at_start => quote = Quote::Single,
                '[' | '{' if at_start || depth > 0 => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((index + 1, column + 1));
                    }
                }
                ']' | '}' if depth > 0 => depth -= 1,
                '|' | '>' if depth == 0 && at_start && previous.is_some() => {
                    block_scalar_indent = Some(indent);
                    break;
                }
                _ => {}
            }
            previous = Some(c);
        }
    }
    None
}

fn plain_page(file: &SourceFile, origin: Origin) -> Page {
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

/// The codes of an `allow:` list, trimmed, in the order written. Blank
/// entries are kept as empty strings so that positions still match the file.
fn allow_list(raw: Vec<Text>) -> Vec<String> {
    raw.into_iter()
        .map(|code| code.0.trim().to_string())
        .collect()
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|line| line.strip_prefix("# "))
        .map(|title| title.trim().to_string())
        .filter(|title| !title.is_empty())
}

fn title_from_stem(rel_path: &str) -> String {
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

/// The finding for an alias past the front matter's budget, at the alias.
fn budget_diagnostic(
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
        "yaml-too-large",
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
fn yaml_diagnostic(
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
            "unknown-field",
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
            "wrong-type",
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
            "duplicate-field",
            &file.display_path,
            line,
            column,
            format!("the field `{field}` is written twice{within}"),
        )
        .with_help("keep one of them");
    }
    Diagnostic::error(
        "yaml-syntax",
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
const MAX_MISFITS: usize = 50;

/// One step of a path written out by serde_yaml, such as `key_results[1].target`.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl Segment {
    fn step(&self) -> Step<'_> {
        match self {
            Segment::Key(key) => Step::Key(key),
            Segment::Index(index) => Step::Index(*index),
        }
    }
}

/// A field that does not fit its record: unknown, or of the wrong type.
#[derive(Debug)]
struct Misfit {
    /// The field's place; for an unknown field, the place of the record that holds it.
    path: Vec<Segment>,
    /// For an unknown field: its name, and the closest known field.
    unknown: Option<(String, Option<String>)>,
}

impl Misfit {
    /// The field's own place.
    fn field_path(&self) -> Vec<Segment> {
        let mut path = self.path.clone();
        if let Some((name, _)) = &self.unknown {
            path.push(Segment::Key(name.clone()));
        }
        path
    }
}

/// The field a serde_yaml error is about, when its path can be read.
fn misfit(error: &serde_yaml::Error) -> Option<Misfit> {
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
fn remove_field(value: &mut serde_yaml::Value, path: &[Segment]) -> bool {
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

/// Reads typed records from one file, collecting findings.
struct Reader<'a> {
    origin: Origin,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Fields left out because they did not fit, as `key_results.0.target`;
    /// their absence is not reported again.
    left_out: Vec<String>,
    /// Suggestions for key result ids that name nothing, within a budget.
    suggester: crate::suggest::Suggester,
}

impl Reader<'_> {
    /// The front matter as `T`. A field that does not fit (an unknown field,
    /// or a value of the wrong type) is reported, left out, and the rest is
    /// read again, so that one run reports every problem in the file.
    /// The typed record. The YAML is parsed once; only when the record does
    /// not fit is the text parsed again, for the error's position.
    fn typed<T: serde::de::DeserializeOwned>(
        &mut self,
        file: &SourceFile,
        front: &FrontMatter,
        parsed: serde_yaml::Value,
    ) -> Option<T> {
        if let Ok(record) = serde_yaml::from_value(parsed) {
            return Some(record);
        }
        let mut error = match serde_yaml::from_str(&front.yaml) {
            Ok(value) => return Some(value),
            Err(error) => error,
        };
        self.diagnostics
            .push(yaml_diagnostic(file, front, &error, None));
        let mut value: serde_yaml::Value = serde_yaml::from_str(&front.yaml).ok()?;
        for _ in 0..MAX_MISFITS {
            let current = misfit(&error)?;
            let field = current.field_path();
            if !remove_field(&mut value, &field) {
                return None;
            }
            let steps: Vec<Step> = field.iter().map(Segment::step).collect();
            self.left_out.push(locate::dotted(&steps));
            if let Some((_, Some(suggestion))) = &current.unknown {
                // `titel` was meant as `title`: a missing `title` is the same problem.
                let mut meant: Vec<Step> = current.path.iter().map(Segment::step).collect();
                meant.push(Step::Key(suggestion));
                self.left_out.push(locate::dotted(&meant));
            }
            let rewritten = serde_yaml::to_string(&value).ok()?;
            error = match serde_yaml::from_str(&rewritten) {
                Ok(value) => return Some(value),
                Err(error) => error,
            };
            // Positions in the rewritten YAML mean nothing: point at the field in the file.
            let place = match misfit(&error) {
                Some(next) => {
                    let steps: Vec<Segment> = next.field_path();
                    let steps: Vec<Step> = steps.iter().map(Segment::step).collect();
                    self.origin.position(&steps, next.unknown.is_none())
                }
                None => self.origin.position(&[], false),
            };
            self.diagnostics
                .push(yaml_diagnostic(file, front, &error, Some(place)));
        }
        None
    }

    /// Whether the field at `path` was left out by `typed`.
    fn was_left_out(&self, path: &[Step<'_>]) -> bool {
        let path = locate::dotted(path);
        self.left_out.contains(&path)
    }

    fn report(
        &mut self,
        code: &str,
        path: &[Step<'_>],
        at_value: bool,
        message: String,
        help: &str,
    ) {
        let finding = self
            .origin
            .finding(code, path, at_value, message)
            .with_help(help);
        self.diagnostics.push(finding);
    }

    /// A keyword field; an unknown word is reported with the closest known one.
    fn keyword<T: Copy>(
        &mut self,
        path: &[Step<'_>],
        written: Option<&str>,
        choices: &[(&str, T)],
        default: T,
    ) -> T {
        let Some(written) = written else {
            return default;
        };
        let normal = written.trim().to_ascii_lowercase().replace('-', "_");
        if let Some((_, value)) = choices.iter().find(|(name, _)| *name == normal) {
            return *value;
        }
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        let field = match path.last() {
            Some(Step::Key(key)) => *key,
            _ => "value",
        };
        let help = match closest(&normal, &names) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("write one of: {}", names.join(", ")),
        };
        self.report(
            "unknown-value",
            path,
            true,
            format!("`{field}: {written}` is not one of {}", names.join(", ")),
            &help,
        );
        default
    }

    fn date(&mut self, path: &[Step<'_>], written: &Text) -> Option<Date> {
        let date = Date::parse(written.as_str().trim());
        if date.is_none() {
            self.report(
                "bad-date",
                path,
                true,
                format!("\"{}\" is not a date", written.as_str()),
                "write a real day as YYYY-MM-DD, for example 2026-10-15",
            );
        }
        date
    }

    /// A number as written, when it is one okrbook can compute with: finite
    /// and at most [`MAX_MAGNITUDE`] either side of 0. YAML reads `.nan` and
    /// `.inf` as numbers; scores, charts and the export would turn them (and
    /// sums of numbers near the largest a float holds) into nonsense.
    fn number(&mut self, path: &[Step<'_>], value: Option<f64>) -> Option<f64> {
        let value = value?;
        if value.is_finite() && value.abs() <= MAX_MAGNITUDE {
            return Some(value);
        }
        self.report(
            "bad-number",
            path,
            true,
            format!("{value} is not a number okrbook can compute with"),
            "write a finite number between -1e15 and 1e15 (a million billion)",
        );
        None
    }

    fn unit_interval(&mut self, path: &[Step<'_>], value: Option<f64>, what: &str) -> Option<f64> {
        let value = value?;
        if value.is_nan() {
            return self.number(path, Some(value));
        }
        if (0.0..=1.0).contains(&value) {
            return Some(value);
        }
        self.report(
            "score-out-of-range",
            path,
            true,
            format!("{what} is {value}, outside 0..1"),
            "write a number from 0 (nothing achieved) to 1 (fully achieved), for example 0.7",
        );
        Some(value.clamp(0.0, 1.0))
    }

    fn text_id(&mut self, path: &[Step<'_>], written: Option<&Text>) -> Option<String> {
        let written = written?;
        let id = written.as_str().trim().to_string();
        if id.is_empty() {
            self.report(
                "empty-id",
                path,
                true,
                "this reference is empty".to_string(),
                "write an id, or remove the field",
            );
            return None;
        }
        Some(id)
    }

    fn team(&mut self, raw: RawTeam, file: &SourceFile) -> Team {
        let stem = file.rel_path.rsplit('/').next().unwrap_or(&file.rel_path);
        let stem = stem.strip_suffix(".md").unwrap_or(stem).to_string();
        let id = self
            .text_id(&[Step::Key("id")], raw.id.as_ref())
            .unwrap_or(stem);
        Team {
            name: raw
                .name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| id.clone()),
            parent: self.text_id(&[Step::Key("parent")], raw.parent.as_ref()),
            lead: raw.lead.filter(|l| !l.trim().is_empty()),
            members: raw
                .members
                .into_iter()
                .filter(|m| !m.trim().is_empty())
                .collect(),
            allow: allow_list(raw.allow),
            id,
            body: file.body.clone(),
            origin: self.origin.clone(),
        }
    }

    fn page(&mut self, raw: RawPage, file: &SourceFile) -> Page {
        let fallback = plain_page(file, self.origin.clone());
        let extra = serde_json::to_value(&raw.extra).unwrap_or(serde_json::Value::Null);
        Page {
            title: raw
                .title
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(fallback.title),
            description: raw.description,
            order: raw.order,
            extra,
            allow: allow_list(raw.allow),
            ..fallback
        }
    }

    fn objective(&mut self, raw: RawObjective, file: &SourceFile) -> Option<Objective> {
        let id = self
            .text_id(&[Step::Key("id")], raw.id.as_ref())
            .unwrap_or_else(|| self.origin.stem_path().to_string());
        let title = match raw.title.filter(|t| !t.trim().is_empty()) {
            Some(title) => title,
            None => {
                if !self.was_left_out(&[Step::Key("title")]) {
                    self.report(
                        "missing-field",
                        &[],
                        false,
                        "this objective has no `title`".to_string(),
                        "add `title:` with the outcome the objective aims for, in a few words",
                    );
                }
                title_from_stem(&file.rel_path)
            }
        };
        let period = match &raw.period {
            Some(written) => {
                let period = Period::parse(written.as_str());
                if period.is_none() {
                    self.report(
                        "bad-period",
                        &[Step::Key("period")],
                        true,
                        format!("\"{}\" is not a period", written.as_str()),
                        "write a quarter (2026-Q4), a half (2026-H2) or a year (2026)",
                    );
                }
                period
            }
            None => {
                if !self.was_left_out(&[Step::Key("period")]) {
                    self.report(
                        "missing-field",
                        &[],
                        false,
                        "this objective has no `period`".to_string(),
                        "add `period:` with a quarter (2026-Q4), a half (2026-H2) or a year (2026)",
                    );
                }
                None
            }
        };
        let commitment = self.keyword(
            &[Step::Key("commitment")],
            raw.commitment.as_deref(),
            &[
                ("committed", Commitment::Committed),
                ("aspirational", Commitment::Aspirational),
            ],
            Commitment::Committed,
        );
        let private = self.keyword(
            &[Step::Key("visibility")],
            raw.visibility.as_deref(),
            &[("public", false), ("private", true)],
            false,
        );
        let mut key_results: Vec<KeyResult> = Vec::new();
        let mut seen_ids = std::collections::HashSet::new();
        for (index, raw_kr) in raw.key_results.into_iter().enumerate() {
            let kr = self.key_result(raw_kr, index);
            if !seen_ids.insert(kr.id.clone()) {
                self.report(
                    "duplicate-id",
                    &[
                        Step::Key("key_results"),
                        Step::Index(index),
                        Step::Key("id"),
                    ],
                    true,
                    format!("two key results of this objective have the id `{}`", kr.id),
                    "give each key result its own `id`",
                );
            }
            key_results.push(kr);
        }
        let kr_ids: Vec<&str> = key_results.iter().map(|kr| kr.id.as_str()).collect();
        let initiatives = raw
            .initiatives
            .into_iter()
            .enumerate()
            .map(|(index, initiative)| self.initiative(initiative, index, &kr_ids))
            .collect();
        let grade = raw.grade.map(|grade| self.grade(grade));
        Some(Objective {
            id,
            title,
            period: period.unwrap_or(Period {
                year: 0,
                span: crate::period::Span::Year,
            }),
            period_known: period.is_some(),
            team: self.text_id(&[Step::Key("team")], raw.team.as_ref()),
            owner: raw.owner.filter(|o| !o.trim().is_empty()),
            parent: self.text_id(&[Step::Key("parent")], raw.parent.as_ref()),
            commitment,
            tags: raw
                .tags
                .into_iter()
                .map(|t| t.0.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            private,
            carried_from: self.text_id(&[Step::Key("carried_from")], raw.carried_from.as_ref()),
            key_results,
            initiatives,
            grade,
            allow: allow_list(raw.allow),
            body: file.body.clone(),
            origin: self.origin.clone(),
        })
    }

    fn key_result(&mut self, mut raw: RawKeyResult, index: usize) -> KeyResult {
        let at = |key| [Step::Key("key_results"), Step::Index(index), Step::Key(key)];
        raw.baseline = self.number(&at("baseline"), raw.baseline);
        let raw_target_written = raw.target.is_some();
        raw.target = self.number(&at("target"), raw.target);
        raw.weight = self.number(&at("weight"), raw.weight);
        let id = self
            .text_id(&at("id"), raw.id.as_ref())
            .unwrap_or_else(|| format!("kr{}", index + 1));
        let kind = self.keyword(
            &at("kind"),
            raw.kind.as_deref(),
            &[
                ("metric", KrKind::Metric),
                ("guardrail", KrKind::Guardrail),
                ("milestone", KrKind::Milestone),
            ],
            KrKind::Metric,
        );
        let direction = self.direction(&raw, kind, index);
        let title = match raw.title.filter(|t| !t.trim().is_empty()) {
            Some(title) => title,
            None => {
                if !self.was_left_out(&at("title")) {
                    self.report(
                        "missing-field",
                        &[Step::Key("key_results"), Step::Index(index)],
                        false,
                        format!("key result {} has no `title`", index + 1),
                        "add `title:` with what will be measured",
                    );
                }
                id.clone()
            }
        };
        let target_unusable = raw_target_written && raw.target.is_none();
        if kind != KrKind::Milestone
            && raw.target.is_none()
            && !target_unusable
            && !self.was_left_out(&at("target"))
        {
            self.report(
                "missing-target",
                &[Step::Key("key_results"), Step::Index(index)],
                false,
                format!(
                    "the {} key result `{id}` has no numeric `target`",
                    kind.as_str()
                ),
                if kind == KrKind::Guardrail {
                    "add `target:` with the limit to keep, for example `target: 300`"
                } else {
                    "add `target:` with the number to reach, for example `target: 95`"
                },
            );
        }
        let weight = match raw.weight {
            Some(weight) if weight < 0.0 || !weight.is_finite() => {
                self.report(
                    "bad-weight",
                    &at("weight"),
                    true,
                    format!("the weight {weight} is negative"),
                    "write a weight of 0 or more; 1 is the default",
                );
                0.0
            }
            Some(weight) => weight,
            None => 1.0,
        };
        let score = self.unit_interval(&at("score"), raw.score, "the key result's `score`");
        let mut checkins: Vec<Checkin> = raw
            .checkins
            .into_iter()
            .enumerate()
            .filter_map(|(position, checkin)| self.checkin(checkin, kind, index, position))
            .collect();
        checkins.sort_by_key(|c| c.date);
        KeyResult {
            id,
            title,
            owner: raw.owner.filter(|o| !o.trim().is_empty()),
            kind,
            unit: raw.unit.map(|u| u.0),
            baseline: raw.baseline,
            target: raw.target,
            direction,
            weight,
            measured_by: raw.measured_by,
            checkins,
            score,
        }
    }

    fn direction(&mut self, raw: &RawKeyResult, kind: KrKind, index: usize) -> Direction {
        let path = [
            Step::Key("key_results"),
            Step::Index(index),
            Step::Key("direction"),
        ];
        match kind {
            KrKind::Milestone => Direction::Done,
            KrKind::Metric => {
                let inferred = match (raw.baseline, raw.target) {
                    (Some(baseline), Some(target)) if target < baseline => Direction::Decrease,
                    _ => Direction::Increase,
                };
                let written = self.keyword(
                    &path,
                    raw.direction.as_deref(),
                    &[
                        ("increase", Direction::Increase),
                        ("decrease", Direction::Decrease),
                    ],
                    inferred,
                );
                if let (Some(baseline), Some(target)) = (raw.baseline, raw.target) {
                    if baseline != target && written != inferred {
                        self.report(
                            "direction-conflict",
                            &path,
                            true,
                            format!(
                                "`direction: {}` contradicts the baseline {baseline} and target {target}",
                                written.as_str()
                            ),
                            "fix the baseline or the target, or remove `direction` to infer it",
                        );
                    }
                }
                written
            }
            KrKind::Guardrail => {
                let inferred = match (raw.baseline, raw.target) {
                    (Some(baseline), Some(target)) if baseline > target => Some(Direction::AtLeast),
                    (Some(_), Some(_)) => Some(Direction::AtMost),
                    _ => None,
                };
                if raw.direction.is_none() && inferred.is_none() {
                    self.report(
                        "missing-direction",
                        &[Step::Key("key_results"), Step::Index(index)],
                        false,
                        "this guardrail does not say which side of its limit to stay on".to_string(),
                        "add `direction: at_most` (stay at or below the target) or `direction: at_least`",
                    );
                }
                self.keyword(
                    &path,
                    raw.direction.as_deref(),
                    &[
                        ("at_most", Direction::AtMost),
                        ("at_least", Direction::AtLeast),
                    ],
                    inferred.unwrap_or(Direction::AtMost),
                )
            }
        }
    }

    fn checkin(
        &mut self,
        raw: RawCheckin,
        kind: KrKind,
        kr: usize,
        index: usize,
    ) -> Option<Checkin> {
        let base = [
            Step::Key("key_results"),
            Step::Index(kr),
            Step::Key("checkins"),
            Step::Index(index),
        ];
        let at = |key| {
            [
                Step::Key("key_results"),
                Step::Index(kr),
                Step::Key("checkins"),
                Step::Index(index),
                Step::Key(key),
            ]
        };
        let date = match &raw.date {
            Some(written) => self.date(&at("date"), written),
            None => {
                if !self.was_left_out(&at("date")) {
                    self.report(
                        "missing-field",
                        &base,
                        false,
                        "this check-in has no `date`".to_string(),
                        "add `date: YYYY-MM-DD`",
                    );
                }
                None
            }
        };
        let value = match (raw.value, kind) {
            (Some(RawValue::Number(n)), KrKind::Metric | KrKind::Guardrail) => {
                self.number(&at("value"), Some(n)).map(CheckinValue::Number)
            }
            (Some(RawValue::Bool(done)), KrKind::Milestone) => Some(CheckinValue::Done(done)),
            (Some(RawValue::Number(n)), KrKind::Milestone) => {
                self.report(
                    "wrong-type",
                    &at("value"),
                    true,
                    format!("a milestone's check-in value is done or not done, but it is {n}"),
                    "write `value: true` when the milestone is reached, else `value: false`",
                );
                None
            }
            (Some(RawValue::Bool(b)), _) => {
                self.report(
                    "wrong-type",
                    &at("value"),
                    true,
                    format!(
                        "a {} check-in value is a number, but it is {b}",
                        kind.as_str()
                    ),
                    "write the measured number, for example `value: 42`",
                );
                None
            }
            (None, _) => {
                if !self.was_left_out(&at("value")) {
                    self.report(
                        "missing-field",
                        &base,
                        false,
                        "this check-in has no `value`".to_string(),
                        "add `value:` with the number measured (true/false for a milestone)",
                    );
                }
                None
            }
        };
        let confidence = match raw.confidence {
            None => None,
            Some(RawConfidence::Number(n)) => {
                self.unit_interval(&at("confidence"), Some(n), "the confidence")
            }
            Some(RawConfidence::Word(word)) => {
                let choices: Vec<(&str, Option<f64>)> = CONFIDENCE_WORDS
                    .iter()
                    .map(|(w, n)| (*w, Some(*n)))
                    .collect();
                self.keyword(&at("confidence"), Some(&word), &choices, None)
            }
        };
        Some(Checkin {
            date: date?,
            value: value?,
            confidence,
            note: raw.note.filter(|n| !n.trim().is_empty()),
            blockers: raw.blockers.filter(|b| !b.trim().is_empty()),
        })
    }

    fn initiative(&mut self, raw: RawInitiative, index: usize, kr_ids: &[&str]) -> Initiative {
        let at = |key| [Step::Key("initiatives"), Step::Index(index), Step::Key(key)];
        let status = self.keyword(
            &at("status"),
            raw.status.as_deref(),
            &[
                ("planned", InitiativeStatus::Planned),
                ("in_progress", InitiativeStatus::InProgress),
                ("done", InitiativeStatus::Done),
                ("dropped", InitiativeStatus::Dropped),
            ],
            InitiativeStatus::Planned,
        );
        let mut driven = Vec::new();
        let known: std::collections::HashSet<&str> = if raw.key_results.is_empty() {
            std::collections::HashSet::new()
        } else {
            kr_ids.iter().copied().collect()
        };
        for (position, id) in raw.key_results.iter().enumerate() {
            let id = id.as_str().trim();
            if !known.contains(id) {
                let help = match self.suggester.suggest(id, kr_ids) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => {
                        const LISTED: usize = 12;
                        let mut list = kr_ids[..kr_ids.len().min(LISTED)].join(", ");
                        if kr_ids.len() > LISTED {
                            list.push_str(&format!(" and {} more", kr_ids.len() - LISTED));
                        }
                        format!("the key results here are: {list}")
                    }
                };
                let path = [
                    Step::Key("initiatives"),
                    Step::Index(index),
                    Step::Key("key_results"),
                    Step::Index(position),
                ];
                self.report(
                    "unknown-key-result",
                    &path,
                    true,
                    format!("this initiative drives `{id}`, but this objective has no key result with that id"),
                    &help,
                );
            }
            driven.push(id.to_string());
        }
        let title = match raw.title.filter(|t| !t.trim().is_empty()) {
            Some(title) => title,
            None => {
                if !self.was_left_out(&at("title")) {
                    self.report(
                        "missing-field",
                        &[Step::Key("initiatives"), Step::Index(index)],
                        false,
                        format!("initiative {} has no `title`", index + 1),
                        "add `title:` with the work to be done",
                    );
                }
                format!("Initiative {}", index + 1)
            }
        };
        let link = match raw.link.filter(|l| !l.trim().is_empty()) {
            Some(link) if !crate::url::is_safe_url(&link) => {
                // Published as an `href`: a `javascript:` URL would run on a click.
                let finding = self
                    .origin
                    .finding(
                        "unsafe-link",
                        &at("link"),
                        true,
                        "this link's scheme is not http, https or mailto, so it is not published",
                    )
                    .with_help("write an https:// URL, or a path relative to this page");
                self.diagnostics.push(Diagnostic {
                    severity: crate::diagnostic::Severity::Warning,
                    ..finding
                });
                None
            }
            link => link,
        };
        Initiative {
            title,
            owner: raw.owner.filter(|o| !o.trim().is_empty()),
            status,
            link,
            key_results: driven,
        }
    }

    fn grade(&mut self, raw: RawGrade) -> Grade {
        let score = self.unit_interval(
            &[Step::Key("grade"), Step::Key("score")],
            raw.score,
            "the grade's `score`",
        );
        let date = match &raw.date {
            Some(written) => self.date(&[Step::Key("grade"), Step::Key("date")], written),
            None => None,
        };
        let next = match raw.next.as_deref() {
            None => None,
            Some(written) => self.keyword(
                &[Step::Key("grade"), Step::Key("next")],
                Some(written),
                &[
                    ("continue", Some(Next::Continue)),
                    ("done", Some(Next::Done)),
                    ("drop", Some(Next::Drop)),
                ],
                None,
            ),
        };
        Grade {
            score,
            date,
            learned: raw.learned.filter(|l| !l.trim().is_empty()),
            next,
        }
    }
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
    fn deep_flow_collections_are_found_before_parsing() {
        let nested = |depth: usize| format!("a: {}\n", "[".repeat(depth));
        assert_eq!(too_deep_flow(&nested(MAX_FLOW_DEPTH)), None);
        assert_eq!(
            too_deep_flow(&nested(MAX_FLOW_DEPTH + 1)),
            Some((1, 4 + MAX_FLOW_DEPTH))
        );
        assert_eq!(
            too_deep_flow(&format!("x: 1\n- {}", "{a: ".repeat(MAX_FLOW_DEPTH + 1))),
            Some((2, 3 + 4 * MAX_FLOW_DEPTH))
        );
        // Brackets that are text: in quotes, comments, block scalars and plain scalars.
        let many = "[".repeat(MAX_FLOW_DEPTH + 1);
        for text in [
            format!("title: \"{many}\"\n"),
            format!("title: '{many}'\n"),
            format!("title: 'it''s {many}'\n"),
            format!("title: \"a\\\" {many}\"\n"),
            format!("title: \"multi\n  line {many}\"\n"),
            format!("# {many}\ntitle: a # {many}\n"),
            format!("note: |\n  {many}\n  more\nperiod: 2026-Q4\n"),
            format!("title: a {many}\n"),
            format!("tags: [a, 'b{many}', \"c{many}\"] # {many}\n"),
        ] {
            assert_eq!(too_deep_flow(&text), None, "{text}");
        }
        // Sibling collections do not add up.
        assert_eq!(too_deep_flow(&"a: [[1], [2]]\n".repeat(1000)), None);
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
