//! Every kind of finding okrbook reports, in one table: its code (the stable
//! kebab-case name printed as `error[code]`), how serious it is, and what it
//! means. Grep for a code's name and this table is where it is defined.
//!
//! A leaf module: configuration checks lint names against it, every stage
//! reports with it, and the site groups findings by it.

use serde::{Serialize, Serializer};
use std::fmt;

/// How a kind of finding is reported by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The handbook cannot be built until it is fixed.
    Error,
    /// Reported, never blocks a build.
    Warning,
    /// Coaching on OKR practice: a warning unless `[okr.lints]` in book.toml
    /// says `allow` (silent) or `deny` (an error); `allow:` in a file's front
    /// matter silences it for that file.
    Lint,
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $level:ident, $doc:literal;)*) => {
        /// A kind of finding. See [`CODES`] for each one's name, level and
        /// meaning. Codes order by name, as reports list them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(#[doc = $doc] $variant,)*
        }

        /// Every code, in the order of the table.
        pub const CODES: &[Code] = &[$(Code::$variant,)*];

        impl Code {
            /// The code as printed: `unknown-field`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// How the finding is reported by default.
            pub fn level(self) -> Level {
                match self {
                    $(Code::$variant => Level::$level,)*
                }
            }

            /// What the finding means, in one sentence.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Code::$variant => $doc,)*
                }
            }
        }
    };
}

codes! {
    // Settings and layout.
    NoConfig = "no-config", Error, "The folder has no book.toml, or it cannot be read.";
    BadConfig = "bad-config", Error, "book.toml is not valid TOML, or a setting has a value of the wrong kind.";
    UnknownField = "unknown-field", Error, "A setting or front-matter field okrbook does not know, often a typo.";
    UnknownValue = "unknown-value", Error, "A field holds a word that is not one of the values it accepts.";
    UnsafeUrl = "unsafe-url", Error, "A URL in book.toml uses a scheme a browser would run (javascript:, data:…).";
    UnsafeDestination = "unsafe-destination", Error, "The build folder would overwrite or sit inside the sources, the theme, book.toml or .git.";
    Theme = "theme", Error, "The theme folder is missing or cannot be read.";
    Template = "template", Error, "A theme template does not parse or fails to render.";
    // Reading files.
    NoSource = "no-source", Error, "The source folder is missing or cannot be read.";
    OutsideHandbook = "outside-handbook", Error, "A link points at a file or folder outside the handbook; it is not read.";
    NotAFile = "not-a-file", Error, "A pipe, socket or device where a file was expected; it is not opened.";
    NotUtf8 = "not-utf8", Error, "A file that is not UTF-8 text.";
    Unreadable = "unreadable", Error, "A file or folder the operating system refused to read.";
    FileTooLarge = "file-too-large", Error, "A file larger than `max-file-size`; nothing past the limit is read.";
    SymlinkLoop = "symlink-loop", Warning, "A folder reached a second time through links; it is read once.";
    UnsafePath = "unsafe-path", Error, "A file name that cannot become a safe URL (control characters, a leading dot…).";
    ReservedPath = "reserved-path", Error, "A source page in a folder okrbook keeps for its own pages: periods/, cascade/, assets/, people/.";
    PathConflict = "path-conflict", Error, "Two sources, or a source and a page okrbook makes, would be written to the same file.";
    // Front matter.
    UnclosedFrontMatter = "unclosed-front-matter", Error, "Front matter opened with `---` and never closed.";
    YamlSyntax = "yaml-syntax", Error, "Front matter that is not valid YAML.";
    YamlTooLarge = "yaml-too-large", Error, "Front matter whose aliases or nesting would expand far beyond its size.";
    TooDeep = "too-deep", Error, "Nesting deeper than okrbook reads: in YAML, or in the cascade of teams or objectives.";
    WrongType = "wrong-type", Error, "A field holds the wrong kind of value, such as a list where a number belongs.";
    UnknownType = "unknown-type", Error, "A `type` that is not objective, team, person or page.";
    DuplicateField = "duplicate-field", Error, "A field written twice in the same mapping.";
    MissingField = "missing-field", Error, "A field the record needs, such as an objective's `title`.";
    EmptyId = "empty-id", Error, "An `id` that is empty or only spaces.";
    BadDate = "bad-date", Error, "A date that is not a real day written YYYY-MM-DD.";
    BadPeriod = "bad-period", Error, "A period that is not written like 2026-Q3, 2026-H2 or 2026.";
    BadNumber = "bad-number", Error, "A number okrbook cannot compute with (not finite, or not a number).";
    BadWeight = "bad-weight", Error, "A key result weight that is not a positive number.";
    ScoreOutOfRange = "score-out-of-range", Error, "A score or confidence outside 0..1.";
    MissingTarget = "missing-target", Error, "A metric or guardrail key result without a `target`.";
    MissingDirection = "missing-direction", Error, "A guardrail whose baseline and target do not say which way is good, and no `direction`.";
    DirectionConflict = "direction-conflict", Error, "A `direction` that contradicts the baseline and target.";
    UnsafeLink = "unsafe-link", Error, "A link in a body or field with a scheme a browser would run.";
    BrokenLink = "broken-link", Error, "A link to a page of the handbook that does not exist.";
    // References between files.
    DuplicateId = "duplicate-id", Error, "Two records of one kind with the same id.";
    UnknownTeam = "unknown-team", Error, "`team:` names no team.";
    UnknownParent = "unknown-parent", Error, "`parent:` names no team or objective.";
    UnknownCarriedFrom = "unknown-carried-from", Error, "`carried_from:` names no objective.";
    UnknownKeyResult = "unknown-key-result", Error, "A reference to a key result the objective does not have.";
    CarriedFromNotEarlier = "carried-from-not-earlier", Error, "`carried_from:` names an objective of the same or a later period.";
    ParentCycle = "parent-cycle", Error, "Parents that lead back to where they started.";
    // Building.
    Write = "write", Error, "The site could not be written; the folder it replaces is left as it was.";
    BuildFailed = "build-failed", Error, "`okrbook serve` could not rebuild; the last good site is still served.";
    // Lints: coaching on OKR practice (docs/format.md has the details).
    UnknownLint = "unknown-lint", Warning, "An `allow:` entry or `[okr.lints]` key that names no lint.";
    TooManyKeyResults = "too-many-key-results", Lint, "An objective with more key results than `max-key-results`.";
    TooFewKeyResults = "too-few-key-results", Lint, "An objective with fewer key results than `min-key-results`.";
    TooManyObjectives = "too-many-objectives", Lint, "A team with more objectives in one period than its level allows.";
    ActivityNotOutcome = "activity-not-outcome", Lint, "A key result written as a task to do rather than an outcome to reach.";
    Unmeasurable = "unmeasurable", Lint, "A key result or objective with nothing to measure.";
    VanityMetric = "vanity-metric", Lint, "A key result about a number that is easy to move without moving the outcome.";
    BusinessOutcome = "business-outcome", Lint, "A team's or a person's key result that measures a business result they do not move directly, such as revenue or churn.";
    Unrealistic = "unrealistic", Lint, "A key result whose target or deadline no team reaches: all of something to zero, 100% availability, a migration in days.";
    MaintenanceObjective = "maintenance-objective", Lint, "An objective about keeping things as they are, not changing them.";
    NoOwner = "no-owner", Lint, "An objective or key result without an owner.";
    NoBaseline = "no-baseline", Lint, "A metric key result without a baseline.";
    NotAligned = "not-aligned", Lint, "A team or individual objective without a parent objective.";
    StaleCheckIn = "stale-check-in", Lint, "A running key result without a recent check-in.";
    Sandbagging = "sandbagging", Lint, "A team whose committed objectives all scored 1.0 period after period.";
    MissingDomain = "missing-domain", Lint, "A period whose objectives cover none of the configured domains.";
}

impl Code {
    /// The code named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        CODES.iter().copied().find(|code| code.name() == name)
    }

    /// The code as printed; the same as [`Code::name`].
    pub fn as_str(self) -> &'static str {
        self.name()
    }

    /// Whether `[okr.lints]` and `allow:` can switch this finding off.
    pub fn is_lint(self) -> bool {
        self.level() == Level::Lint
    }
}

/// The practice of OKR writing a lint comes from, as the guides the project
/// serves name it: what a finding asks the author to do better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Practice {
    /// Key results measure the outcome the work is for, not the work or an input to it.
    OutcomeOverOutput,
    /// SMART's measurable: a number, a baseline and a target say how far it got.
    Measurable,
    /// SMART's achievable: a stretch, not a target no team reaches.
    Achievable,
    /// SMART's relevant: a team's key results are outcomes the team moves itself.
    Relevant,
    /// FAST's ambitious: objectives change something and take a stretch.
    Ambitious,
    /// FAST's transparent: everyone sees who answers for a goal and what it serves.
    Transparent,
    /// FAST's frequent: progress is discussed every few weeks.
    Frequent,
    /// Focus: a few objectives at each level, two to four key results each.
    Focus,
    /// The three domains: delivery, technical health and team health each get attention.
    ThreeDomains,
}

/// Every practice, in the order the health page lists them.
pub const PRACTICES: &[Practice] = &[
    Practice::OutcomeOverOutput,
    Practice::Measurable,
    Practice::Achievable,
    Practice::Relevant,
    Practice::Ambitious,
    Practice::Transparent,
    Practice::Frequent,
    Practice::Focus,
    Practice::ThreeDomains,
];

impl Practice {
    /// Its name, as findings and the health page show it.
    pub fn name(self) -> &'static str {
        match self {
            Practice::OutcomeOverOutput => "Outcome over output",
            Practice::Measurable => "SMART: measurable",
            Practice::Achievable => "SMART: achievable",
            Practice::Relevant => "SMART: relevant",
            Practice::Ambitious => "FAST: ambitious",
            Practice::Transparent => "FAST: transparent",
            Practice::Frequent => "FAST: frequent",
            Practice::Focus => "Focus",
            Practice::ThreeDomains => "The three domains",
        }
    }

    /// A stable kebab-case name, for anchors and exports.
    pub fn slug(self) -> &'static str {
        match self {
            Practice::OutcomeOverOutput => "outcome-over-output",
            Practice::Measurable => "measurable",
            Practice::Achievable => "achievable",
            Practice::Relevant => "relevant",
            Practice::Ambitious => "ambitious",
            Practice::Transparent => "transparent",
            Practice::Frequent => "frequent",
            Practice::Focus => "focus",
            Practice::ThreeDomains => "three-domains",
        }
    }

    /// What the practice asks, in one sentence.
    pub fn summary(self) -> &'static str {
        match self {
            Practice::OutcomeOverOutput => "Key results name the result the work should bring, not the work itself or an input that is easy to move.",
            Practice::Measurable => "Each key result has a number, where it started and where it should end, so everyone agrees whether it was reached.",
            Practice::Achievable => "Targets stretch the team without asking for what nobody reaches: not all of something to zero, not a large change in days.",
            Practice::Relevant => "A team's and a person's key results are outcomes they move themselves; business results belong to the organization's objectives.",
            Practice::Ambitious => "Objectives change something rather than keep it, and committed targets land near 0.7 in a good period, not always at 1.0.",
            Practice::Transparent => "Everyone can see who answers for each goal and which higher goal it serves.",
            Practice::Frequent => "Progress is checked in every few weeks, so the numbers on the site are the ones the team steers by.",
            Practice::Focus => "A few objectives at each level, with two to four key results each, so that attention moves them.",
            Practice::ThreeDomains => "Each period gives delivery, technical health and team health some attention.",
        }
    }
}

impl Code {
    /// The practice a lint comes from; `None` for findings that are not coaching.
    pub fn practice(self) -> Option<Practice> {
        Some(match self {
            Code::ActivityNotOutcome | Code::VanityMetric => Practice::OutcomeOverOutput,
            Code::Unmeasurable | Code::NoBaseline => Practice::Measurable,
            Code::Unrealistic => Practice::Achievable,
            Code::BusinessOutcome => Practice::Relevant,
            Code::MaintenanceObjective | Code::Sandbagging => Practice::Ambitious,
            Code::NoOwner | Code::NotAligned => Practice::Transparent,
            Code::StaleCheckIn => Practice::Frequent,
            Code::TooManyKeyResults | Code::TooFewKeyResults | Code::TooManyObjectives => {
                Practice::Focus
            }
            Code::MissingDomain => Practice::ThreeDomains,
            _ => return None,
        })
    }
}

/// The names of every lint, for suggestions and help texts.
pub fn lint_names() -> Vec<&'static str> {
    CODES
        .iter()
        .filter(|code| code.is_lint())
        .map(|code| code.name())
        .collect()
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name().cmp(other.name())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.name() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut seen = HashSet::new();
        for &code in CODES {
            let name = code.name();
            assert!(seen.insert(name), "{name} is listed twice");
            assert!(
                name.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{name} is not kebab-case"
            );
            assert_eq!(Code::from_name(name), Some(code));
            assert!(code.doc().ends_with('.'), "{name}'s doc is not a sentence");
        }
        assert_eq!(Code::from_name("no-such-code"), None);
        // Reports sort findings at one place by code name, not by table order.
        assert!(Code::NoOwner < Code::Unmeasurable);
        assert!(Code::BadConfig < Code::NoConfig);
    }

    #[test]
    fn every_lint_is_documented_and_comes_from_a_practice() {
        let format = include_str!("../docs/format.md");
        let names = lint_names();
        assert_eq!(names.len(), 15);
        for &code in CODES.iter().filter(|code| code.is_lint()) {
            assert!(code.practice().is_some(), "{code} has no practice");
        }
        for practice in PRACTICES {
            assert!(
                format.contains(practice.name()),
                "{} is not named in docs/format.md",
                practice.name()
            );
        }
        for name in names {
            assert!(
                format.contains(&format!("| `{name}` |")),
                "{name} is not in the lint table of docs/format.md"
            );
        }
    }
}
