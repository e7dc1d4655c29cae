//! The text analysis behind the coaching lints: what a key result's or an
//! objective's title says in words. Each detector reads a title (and, where
//! the words need them, a key result's numbers) and returns what it found,
//! as written, so that a finding can quote it; the rules in `lint.rs` decide
//! what to report. Words are compared in lowercase, split at anything that
//! is not a letter or a digit ("p95", "sev1" and "24h" are one word each).

use crate::model::KeyResult;

/// A title's words, lowercase, split at anything that is not a letter or digit.
pub(super) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words after a leading "we will", "we'll", "we" or "to".
pub(super) fn lead_words(words: &[String]) -> &[String] {
    let mut rest = words;
    while let Some((first, tail)) = rest.split_first() {
        if matches!(first.as_str(), "we" | "will" | "ll" | "to") && !tail.is_empty() {
            rest = tail;
        } else {
            break;
        }
    }
    rest
}

pub(super) fn starts_with(words: &[String], phrase: &[&str]) -> bool {
    words.len() >= phrase.len() && words.iter().zip(phrase).all(|(w, p)| w == p)
}

pub(super) fn contains(words: &[String], phrase: &[&str]) -> bool {
    (0..words.len()).any(|start| starts_with(&words[start..], phrase))
}

/// Verbs that make a key result a task. Two-word verbs first.
const TASK_VERBS: [&[&str]; 22] = [
    &["set", "up"],
    &["roll", "out"],
    &["refactor"],
    &["migrate"],
    &["adopt"],
    &["implement"],
    &["write"],
    &["build"],
    &["create"],
    &["complete"],
    &["launch"],
    &["ship"],
    &["deploy"],
    &["deliver"],
    &["finish"],
    &["introduce"],
    &["move"],
    &["rewrite"],
    &["add"],
    &["integrate"],
    &["setup"],
    &["rollout"],
];

/// Nouns that turn a leading verb into the name of a measure: "Build time",
/// "Deploy frequency", "Write latency".
const MEASURE_NOUNS: [&str; 22] = [
    "time",
    "times",
    "duration",
    "durations",
    "frequency",
    "rate",
    "rates",
    "latency",
    "speed",
    "success",
    "failure",
    "failures",
    "errors",
    "count",
    "volume",
    "throughput",
    "size",
    "pipeline",
    "queue",
    "cost",
    "costs",
    "minutes",
];

/// What follows a title's first `count` words, as written: "the billing
/// jobs to the new queue" after "We'll migrate" (3 words: we, ll, migrate).
pub(super) fn after_words(title: &str, count: usize) -> &str {
    let mut seen = 0;
    let mut in_word = false;
    for (at, c) in title.char_indices() {
        let letter = c.is_alphanumeric();
        if letter && !in_word {
            if seen == count {
                return title[at..].trim_end().trim_end_matches('.').trim_end();
            }
            seen += 1;
        }
        in_word = letter;
    }
    ""
}

/// What a task key result works on, as written: the title after its lead
/// words ("We will", "To") and its task verb. Empty when it is not a task.
pub(super) fn task_object(title: &str) -> &str {
    let Some(verb) = task_verb(title) else {
        return "";
    };
    let all = words(title);
    let skipped = all.len() - lead_words(&all).len();
    after_words(title, skipped + words(&verb).len())
}

/// A task verb as "by …" continues it: "migrate" → "migrating", "set up" →
/// "setting up".
pub(super) fn gerund(verb: &str) -> String {
    let mut parts = verb.split_whitespace();
    let Some(first) = parts.next() else {
        return String::new();
    };
    let lower = first.to_lowercase();
    let head = match lower.as_str() {
        "set" | "setup" => "setting".to_string(),
        "rollout" => "rolling".to_string(),
        "ship" => "shipping".to_string(),
        other => match other.strip_suffix('e') {
            Some(stem) => format!("{stem}ing"),
            None => format!("{other}ing"),
        },
    };
    let tail = match lower.as_str() {
        "setup" => " up".to_string(),
        "rollout" => " out".to_string(),
        _ => parts.map(|p| format!(" {}", p.to_lowercase())).collect(),
    };
    format!("{head}{tail}")
}

/// The task verb a key result's title starts with, as written.
pub(super) fn task_verb(title: &str) -> Option<String> {
    let all = words(title);
    let lead = lead_words(&all);
    let verb = TASK_VERBS.iter().find(|verb| starts_with(lead, verb))?;
    if lead
        .get(verb.len())
        .is_some_and(|next| MEASURE_NOUNS.contains(&next.as_str()))
    {
        return None;
    }
    // Give the verb back with the title's own capitals.
    let skipped = all.len() - lead.len();
    let written: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip(skipped)
        .take(verb.len())
        .collect();
    Some(written.join(" "))
}

/// Whether a metric key result says what it counts: a number in its title, a
/// `unit`, or a rate, share or count in words ("per week", "percent", "number of").
pub(super) fn names_a_measure(kr: &KeyResult) -> bool {
    if kr.title.chars().any(|c| c.is_ascii_digit()) || kr.title.contains('%') {
        return true;
    }
    if kr.unit.as_deref().is_some_and(|u| !u.trim().is_empty()) {
        return true;
    }
    let words = words(&kr.title);
    words.windows(2).any(|pair| pair[0] == "per")
        || contains(&words, &["number", "of"])
        || words.iter().any(|w| {
            matches!(
                w.as_str(),
                "percent" | "percentage" | "share" | "ratio" | "count"
            )
        })
}

/// A kind of easily gamed number.
pub(super) struct Vanity {
    /// What the number is, as a finding names it.
    pub(super) what: &'static str,
    /// Why it misleads and what to measure instead.
    pub(super) help: &'static str,
    /// The outcomes it stands for: a sibling key result about one of them
    /// gives the reason the number is watched.
    pub(super) outcomes: &'static [&'static [&'static str]],
    /// A key result about that outcome, for the rewrite in the help.
    pub(super) example: &'static str,
    /// What the number is for, as a title could say it.
    pub(super) purpose: &'static str,
}

/// What test coverage and lint findings stand for: fewer faults reaching users.
const QUALITY_OUTCOMES: &[&[&str]] = &[
    &["bugs"],
    &["bug"],
    &["defects"],
    &["defect"],
    &["incidents"],
    &["incident"],
];

/// What velocity, commits, pull requests and lines stand for: delivery (DORA).
const DELIVERY_OUTCOMES: &[&[&str]] = &[
    &["lead", "time"],
    &["deployment", "frequency"],
    &["deploy", "frequency"],
    &["deploys", "per"],
    &["deployments", "per"],
    &["change", "failure", "rate"],
    &["time", "to", "restore"],
    &["cycle", "time"],
];

const VANITY: [(&[&[&str]], Vanity); 5] = [
    (
        &[
            &["code", "coverage"],
            &["test", "coverage"],
            &["line", "coverage"],
            &["branch", "coverage"],
            &["coverage", "percentage"],
        ],
        Vanity {
            what: "test coverage",
            help: "coverage counts lines that tests run, not faults they catch; measure what the tests are for, such as escaped defects or production bugs traced to this code",
            outcomes: QUALITY_OUTCOMES,
            example: "Production bugs traced to this code per month from <today> to <target>",
            purpose: "to cut escaped defects",
        },
    ),
    (
        &[
            &["lint", "warnings"],
            &["lint", "issues"],
            &["lint", "findings"],
            &["lint", "errors"],
            &["linter", "warnings"],
            &["linter", "issues"],
            &["compiler", "warnings"],
            &["sonar"],
            &["sonarqube"],
            &["sonarcloud"],
            &["codeclimate"],
            &["code", "climate"],
            &["code", "smells"],
            &["static", "analysis"],
        ],
        Vanity {
            what: "lint or static-analysis findings",
            help: "findings can be suppressed without fixing anything; measure what the clean-up should buy, such as escaped defects, incidents caused by code faults, or lead time for changes in that code",
            outcomes: QUALITY_OUTCOMES,
            example: "Production bugs traced to this code per month from <today> to <target>",
            purpose: "to cut escaped defects",
        },
    ),
    (
        &[&["lines", "of", "code"], &["loc"], &["sloc"]],
        Vanity {
            what: "lines of code",
            help: "more or fewer lines say nothing about value; measure lead time for changes, or the result for users that the code is for",
            outcomes: DELIVERY_OUTCOMES,
            example: "Median lead time for changes from <today> to <target> days",
            purpose: "so that lead time for changes falls",
        },
    ),
    (
        &[&["story", "points"], &["velocity"]],
        Vanity {
            what: "story points or velocity",
            help: "points are the team's own estimate and grow when asked to; measure what reaches users: lead time for changes, deployment frequency, or the customer result the work is for",
            outcomes: DELIVERY_OUTCOMES,
            example: "Median lead time for changes from <today> to <target> days",
            purpose: "so that lead time for changes falls",
        },
    ),
    (
        &[
            &["number", "of", "commits"],
            &["commits", "per"],
            &["commit", "count"],
            &["commits", "merged"],
            &["number", "of", "prs"],
            &["number", "of", "pull", "requests"],
            &["prs", "merged"],
            &["merged", "prs"],
            &["prs", "per"],
            &["pull", "requests", "merged"],
            &["merged", "pull", "requests"],
            &["pull", "requests", "per"],
        ],
        Vanity {
            what: "commits or pull requests",
            help: "counts of commits or pull requests grow by cutting work smaller, not by improving it; measure lead time for changes, deployment frequency or change failure rate",
            outcomes: DELIVERY_OUTCOMES,
            example: "Median lead time for changes from <today> to <target> days",
            purpose: "so that lead time for changes falls",
        },
    ),
];

pub(super) fn vanity(title: &str) -> Option<&'static Vanity> {
    let words = words(title);
    VANITY
        .iter()
        .find(|(phrases, _)| phrases.iter().any(|phrase| contains(&words, phrase)))
        .map(|(_, vanity)| vanity)
}

/// Words that open a goal of keeping things as they are.
const MAINTENANCE_WORDS: [&str; 15] = [
    "keep",
    "keeps",
    "keeping",
    "continue",
    "continues",
    "continuing",
    "continued",
    "maintain",
    "maintains",
    "maintaining",
    "maintenance",
    "sustain",
    "sustains",
    "sustaining",
    "preserve",
];

/// The keeping word an objective's title is built around, as written: the
/// first word of the title, or of a clause after a colon or a dash.
pub(super) fn maintenance_word(title: &str) -> Option<String> {
    let clauses = title
        .split([':', '–', '—', ';'])
        .flat_map(|part| part.split(" - "));
    for clause in clauses {
        let all = words(clause);
        let lead = lead_words(&all);
        let Some(first) = lead.first() else { continue };
        if MAINTENANCE_WORDS.contains(&first.as_str()) {
            let skipped = all.len() - lead.len();
            return clause
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .nth(skipped)
                .map(str::to_string);
        }
    }
    None
}

/// Whether `word` is `base` or one of its inflections: -s, -d/-ed, -ing
/// (a final e dropped, a final consonant doubled: cut, cutting).
fn inflects(word: &str, base: &str) -> bool {
    if word == base {
        return true;
    }
    let stem = base.strip_suffix('e').unwrap_or(base);
    let last = base.chars().last().map(String::from).unwrap_or_default();
    [
        format!("{base}s"),
        format!("{base}es"),
        format!("{stem}ed"),
        format!("{stem}ing"),
        format!("{base}{last}ing"),
        format!("{base}{last}ed"),
    ]
    .iter()
    .any(|form| form == word)
}

/// Verbs that ask for a quantity to change; two-word ones first.
const CHANGE_VERBS: [&[&str]; 22] = [
    &["speed", "up"],
    &["drive", "down"],
    &["drive", "up"],
    &["bring", "down"],
    &["improve"],
    &["increase"],
    &["reduce"],
    &["decrease"],
    &["raise"],
    &["lower"],
    &["cut"],
    &["grow"],
    &["boost"],
    &["enhance"],
    &["minimize"],
    &["minimise"],
    &["maximize"],
    &["maximise"],
    &["optimize"],
    &["optimise"],
    &["shorten"],
    &["accelerate"],
];

/// Comparatives that make "be …", "make … …" or a leading adjective a change:
/// "Be more agile", "Make builds faster", "Fewer production incidents".
const COMPARATIVES: [&str; 16] = [
    "more",
    "less",
    "fewer",
    "better",
    "faster",
    "quicker",
    "easier",
    "simpler",
    "safer",
    "cheaper",
    "smaller",
    "higher",
    "smoother",
    "stronger",
    "healthier",
    "leaner",
];

/// The words a key result's title opens with when it reads as a change in
/// a quantity, as written: "Reduce", "Speed up", "Be more", "Make … faster",
/// "Fewer", also after "We will" or "To". `None` for any other title.
pub(super) fn change_lead(title: &str) -> Option<String> {
    let all = words(title);
    let lead = lead_words(&all);
    let skipped = all.len() - lead.len();
    let written = |count: usize| -> String {
        title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .skip(skipped)
            .take(count)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let first = lead.first()?;
    // "Write better tests", "Build faster pipelines": work asked to be better.
    if let Some(verb) = TASK_VERBS.iter().find(|verb| starts_with(lead, verb)) {
        if lead
            .get(verb.len())
            .is_some_and(|next| COMPARATIVES.contains(&next.as_str()))
        {
            return Some(written(verb.len() + 1));
        }
    }
    // "Cut over to the new database" is a task, not a cut.
    if first == "cut" && lead.get(1).is_some_and(|w| w == "over") {
        return None;
    }
    for verb in CHANGE_VERBS {
        let Some((head, tail)) = verb.split_first() else {
            continue;
        };
        if inflects(first, head) && starts_with(&lead[1..], tail) {
            return Some(written(verb.len()));
        }
    }
    // "Be more agile", "Become less dependent on …", "Get better at …".
    if matches!(first.as_str(), "be" | "become" | "get" | "feel")
        && lead
            .get(1)
            .is_some_and(|next| COMPARATIVES.contains(&next.as_str()))
    {
        return Some(written(2));
    }
    // "Make builds faster": a comparative later in the clause.
    if inflects(first, "make") && lead[1..].iter().any(|w| COMPARATIVES.contains(&w.as_str())) {
        return Some(written(1));
    }
    // "Fewer production incidents", "Better code reviews".
    if COMPARATIVES.contains(&first.as_str()) && lead.len() > 1 {
        return Some(written(1));
    }
    None
}

/// Words that are numbers: with them a title says how much.
const NUMBER_WORDS: [&str; 34] = [
    "zero", "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand", "million", "half", "halve", "double", "twice",
    "triple", "tenfold", "percent", "single",
];

/// Whether a title gives a number: a digit, `%`, or a number word such as
/// "zero", "two", "half", "double" or "twice".
pub(super) fn has_number(title: &str) -> bool {
    title.chars().any(|c| c.is_ascii_digit() || c == '%')
        || words(title)
            .iter()
            .any(|w| NUMBER_WORDS.contains(&w.as_str()) || inflects(w, "halve"))
}

/// A number written as a digit or a word, for deadlines: "2", "two", "a".
fn number_value(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return Some(n);
    }
    let n = match word {
        "a" | "an" | "one" | "single" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return None,
    };
    Some(n)
}

/// Days in a unit of time, for deadlines; a sprint is two weeks.
fn unit_days(word: &str) -> Option<u32> {
    match word {
        "day" | "days" => Some(1),
        "week" | "weeks" => Some(7),
        "sprint" | "sprints" => Some(14),
        "month" | "months" => Some(30),
        _ => None,
    }
}

/// Units of time, for rates ("per week") and service levels ("within 24 hours").
const TIME_UNITS: [&str; 18] = [
    "minute", "minutes", "hour", "hours", "h", "day", "days", "week", "weeks", "sprint", "sprints",
    "month", "months", "quarter", "release", "releases", "year", "weekday",
];

/// Whether a title describes a habit or a service level rather than a
/// one-off task: a rate ("5 code reviews per week", "every sprint") or a
/// time limit on each of many ("all code reviews within 24 hours").
pub(super) fn recurring(title: &str) -> bool {
    let words = words(title);
    // "per week", "every sprint", "twice a week" (but "in a week" is a deadline).
    let rate = words.windows(2).enumerate().any(|(i, pair)| {
        let before = i.checked_sub(1).map(|b| words[b].as_str());
        TIME_UNITS.contains(&pair[1].as_str())
            && (matches!(pair[0].as_str(), "per" | "every" | "each")
                || (pair[0] == "a" && !matches!(before, Some("in" | "within" | "under"))))
    }) || words.iter().any(|w| {
        matches!(
            w.as_str(),
            "daily" | "weekly" | "fortnightly" | "monthly" | "quarterly"
        )
    });
    let many = words
        .iter()
        .any(|w| matches!(w.as_str(), "all" | "every" | "each" | "any"));
    rate || (many && deadline_days(title).is_some())
}

/// The time a title gives for the work, in days: "in 2 weeks", "within
/// three sprints", "in a month". Hours count as a day.
pub(super) fn deadline_days(title: &str) -> Option<u32> {
    let words = words(title);
    // "5 working days" counts as 5 days.
    let words: Vec<String> = words
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "working" | "business" | "calendar"))
        .collect();
    words.iter().enumerate().find_map(|(i, word)| {
        if !matches!(word.as_str(), "in" | "within" | "under") {
            return None;
        }
        let amount = words.get(i + 1)?;
        // "within 24h", "in 2w": the number and its unit in one word.
        let digits = amount.trim_end_matches(|c: char| !c.is_ascii_digit());
        let (count, unit) = match number_value(amount) {
            Some(count) => (count, words.get(i + 2)?.as_str()),
            None if !digits.is_empty() => (digits.parse().ok()?, &amount[digits.len()..]),
            None => return None,
        };
        let days = match unit {
            "hour" | "hours" | "h" | "hrs" => 1,
            "d" => count,
            "w" | "wk" | "wks" => count.saturating_mul(7),
            unit => count.saturating_mul(unit_days(unit)?),
        };
        Some(days)
    })
}

/// Nouns for a broad kind of fault, which no team drives to zero.
const FAULTS: [&str; 20] = [
    "bug",
    "bugs",
    "defect",
    "defects",
    "error",
    "errors",
    "incident",
    "incidents",
    "issue",
    "issues",
    "outage",
    "outages",
    "vulnerability",
    "vulnerabilities",
    "failure",
    "failures",
    "crash",
    "crashes",
    "regression",
    "regressions",
];

/// Words around a fault noun that leave it as broad as it was, and verbs
/// that lead to it ("Reach zero bugs", "Ship with zero defects").
const BROAD: [&str; 51] = [
    "all",
    "every",
    "any",
    "each",
    "the",
    "our",
    "of",
    "in",
    "production",
    "prod",
    "open",
    "known",
    "reported",
    "remaining",
    "new",
    "total",
    "existing",
    "outstanding",
    "software",
    "code",
    "customer",
    "customers",
    "user",
    "users",
    "to",
    "zero",
    "0",
    "no",
    "eliminate",
    "eliminates",
    "eliminated",
    "eliminating",
    "a",
    "by",
    "facing",
    "unplanned",
    "reach",
    "reaches",
    "achieve",
    "achieves",
    "hit",
    "hits",
    "get",
    "have",
    "has",
    "ensure",
    "ensures",
    "with",
    "see",
    "ship",
    "ships",
];

/// Words that open a narrowing phrase after a fault noun: "in billing".
const AFTER: [&str; 8] = ["in", "on", "from", "caused", "of", "for", "during", "at"];

/// The broad fault a title asks to bring to zero, in the plural: "bugs" in
/// "Reduce all bugs to zero", "Zero bugs", "Eliminate every incident", "to
/// 0"; or any broad fault when `target_zero` (the key result's target is 0).
/// "Crash-free sessions" is a share of sessions, not a zero. A fault
/// narrowed by a qualifier — a severity ("P1", "high-severity"), a service,
/// a component or a cause ("Zero data loss incidents") — or by a count ("the
/// 3 most common incidents") is `None`: that zero can be reached.
pub(super) fn broad_zero(title: &str, target_zero: bool) -> Option<String> {
    let words = words(title);
    // "0" as a number of its own, not the start of "0.01%".
    let zero_digit = title
        .split_whitespace()
        .any(|token| token.trim_matches(|c: char| !c.is_alphanumeric()) == "0");
    let zero_word = zero_digit
        || words
            .iter()
            .enumerate()
            .any(|(i, w)| w == "zero" || inflects(w, "eliminate") || (i == 0 && w == "no"));
    if !zero_word && !target_zero {
        return None;
    }
    let (at, noun) = words
        .iter()
        .enumerate()
        .find(|(_, w)| FAULTS.contains(&w.as_str()))?;
    let plural = match noun.as_str() {
        "vulnerability" => "vulnerabilities".to_string(),
        "crash" => "crashes".to_string(),
        one if !one.ends_with('s') => format!("{one}s"),
        many => many.to_string(),
    };
    // Before the noun, back to the start: anything that is not a broad word narrows it.
    let start = words.len() - lead_words(&words).len();
    let before_narrows = words[start.min(at)..at]
        .iter()
        .rev()
        .take_while(|w| {
            !CHANGE_VERBS
                .iter()
                .any(|v| v.len() == 1 && inflects(w, v[0]))
        })
        .any(|w| !BROAD.contains(&w.as_str()));
    // After it: "in the payments service", "caused by config drift".
    let after = &words[at + 1..];
    let after_narrows = after.first().is_some_and(|w| w == "caused" || w == "from")
        || after
            .iter()
            .position(|w| AFTER.contains(&w.as_str()))
            .is_some_and(|p| {
                after[p + 1..].iter().any(|w| {
                    !BROAD.contains(&w.as_str())
                        && !TIME_UNITS.contains(&w.as_str())
                        && !matches!(w.as_str(), "this" | "per" | "next" | "last")
                })
            });
    if before_narrows || after_narrows {
        return None;
    }
    Some(plural)
}

/// Whether a key result asks for 100% availability or uptime: in its title
/// ("100% uptime"), or as its target in `%` ("Checkout availability", 100).
pub(super) fn full_availability(title: &str, unit: Option<&str>, target: Option<f64>) -> bool {
    let words = words(title);
    let about = words
        .iter()
        .any(|w| matches!(w.as_str(), "availability" | "uptime" | "available"));
    if !about {
        return false;
    }
    let in_title = title.contains("100%") || contains(&words, &["100", "percent"]);
    let by_target = unit.is_some_and(|u| u.trim() == "%" || u.trim() == "percent")
        && target.is_some_and(|t| t >= 100.0);
    in_title || by_target
}

/// Words before a business term that make it an engineering measure:
/// "code churn", "developer NPS", "engineering satisfaction".
const INTERNAL: [&str; 20] = [
    "code",
    "test",
    "tests",
    "ai",
    "human",
    "developer",
    "developers",
    "engineer",
    "engineers",
    "engineering",
    "internal",
    "platform",
    "employee",
    "employees",
    "staff",
    "team",
    "dependency",
    "schema",
    "config",
    "safety",
];

/// Words after a business term that make it the name of a system or of
/// people: "the revenue dashboard", "sales team CRM sync", "sales
/// engineers", "churn prediction accuracy".
const TECHNICAL: [&str; 28] = [
    "dashboard",
    "dashboards",
    "report",
    "reports",
    "service",
    "services",
    "pipeline",
    "api",
    "page",
    "table",
    "query",
    "queries",
    "database",
    "job",
    "team",
    "model",
    "engineer",
    "engineers",
    "engineering",
    "tooling",
    "tools",
    "system",
    "systems",
    "data",
    "events",
    "app",
    "prediction",
    "predictions",
];

/// The business result a title measures, as `terms` spells it; `None` when
/// there is none or every mention is qualified as internal ("code churn",
/// "platform NPS", "NPS among stream-aligned teams", "error margin").
pub(super) fn business_term(title: &str, terms: &[String]) -> Option<String> {
    let words = words(title);
    for term in terms {
        let phrase = self::words(term);
        if phrase.is_empty() {
            continue;
        }
        let phrase: Vec<&str> = phrase.iter().map(String::as_str).collect();
        let found = (0..words.len()).any(|start| {
            if !starts_with(&words[start..], &phrase) {
                return false;
            }
            let before = start.checked_sub(1).map(|i| words[i].as_str());
            let after = words.get(start + phrase.len()).map(String::as_str);
            let internal = before.is_some_and(|w| INTERNAL.contains(&w) || w == "error")
                || after.is_some_and(|w| w == "among" || w == "of" || TECHNICAL.contains(&w));
            !internal
        });
        if found {
            return Some(term.trim().to_string());
        }
    }
    None
}

/// A technical outcome that drives a business result, for the hint of
/// `business-outcome`.
pub(super) fn technical_outcome(term: &str) -> &'static str {
    let term = term.to_lowercase();
    let has = |list: &[&str]| list.iter().any(|w| term.contains(w));
    if has(&["churn", "retention", "lifetime"]) {
        "Incidents customers feel per month from <today> to <target>, or time to restore them from <today> to <target> minutes"
    } else if has(&["satisfaction", "csat", "nps", "promoter"]) {
        "Defects customers hit per 1,000 sessions from <today> to <target>, p75 page load time from <today> to <target> s, or support tickets caused by bugs"
    } else if has(&[
        "revenue", "sales", "booking", "arr", "mrr", "profit", "margin", "market",
    ]) {
        "p95 checkout latency from <today> to <target> ms, or availability of the conversion path from <today> to <target> %"
    } else {
        "the latency, availability or defect rate of the part of the product behind it, from <today> to <target>"
    }
}

/// What to count for a vague change, chosen by the title's subject.
pub(super) fn suggested_measure(title: &str) -> &'static str {
    let words = words(title);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&["churn", "retention", "attrition"]) {
        "the share of customers who leave each month"
    } else if has(&["revenue", "sales", "bookings", "arr", "mrr", "profit"]) {
        "revenue per month"
    } else if has(&["nps", "csat"]) || contains(&words, &["customer", "satisfaction"]) {
        "the score of a customer survey"
    } else if has(&["debt", "legacy"]) {
        "unplanned work as a share of engineering time"
    } else if contains(&words, &["developer", "experience"]) || has(&["dx", "toil"]) {
        "hours from a new laptop to a first deploy, or the developer survey score"
    } else if has(&[
        "velocity",
        "agile",
        "agility",
        "productive",
        "productivity",
        "delivery",
    ]) {
        "median lead time for changes, or deployment frequency"
    } else if has(&["bug", "bugs", "defect", "defects", "quality", "regressions"]) {
        "production defects per 1,000 lines deployed, or production bugs per month"
    } else if has(&["test", "tests", "testing", "coverage"]) {
        "escaped defects per release"
    } else if has(&[
        "latency",
        "performance",
        "speed",
        "fast",
        "faster",
        "slow",
        "response",
        "load",
    ]) {
        "p95 latency in ms"
    } else if has(&[
        "reliability",
        "reliable",
        "stability",
        "stable",
        "uptime",
        "availability",
        "incidents",
        "outages",
        "resilience",
    ]) {
        "availability in % or incidents per month"
    } else if has(&["onboarding", "ramp"]) {
        "days from start date to first production deploy"
    } else if has(&["security", "secure", "vulnerabilities", "vulnerability"]) {
        "days to patch a critical vulnerability"
    } else if has(&["cost", "costs", "spend", "spending", "cloud"]) {
        "monthly cost"
    } else if has(&["documentation", "docs", "runbooks"]) {
        "share of services with a runbook reviewed this quarter"
    } else if has(&["satisfaction", "morale", "happiness", "engagement"]) {
        "the score of a quarterly survey"
    } else {
        "the number that shows it, with its unit"
    }
}

/// Words that tell what a number is for: "… so that …", "… because …",
/// "… to cut escaped defects", "… in order to …".
pub(super) fn gives_reason(title: &str) -> bool {
    let words = words(title);
    if contains(&words, &["so", "that"])
        || contains(&words, &["in", "order", "to"])
        || words.iter().any(|w| w == "because")
    {
        return true;
    }
    // "to" followed by a change verb, past the first word: "… to cut escaped defects".
    words.iter().enumerate().skip(1).any(|(i, w)| {
        w == "to"
            && words.get(i + 1).is_some_and(|next| {
                CHANGE_VERBS
                    .iter()
                    .any(|v| v.len() == 1 && inflects(next, v[0]))
                    || matches!(next.as_str(), "catch" | "prevent" | "avoid" | "stop")
            })
    })
}

/// Whether a title measures one of `outcomes` (phrases).
pub(super) fn measures_outcome(title: &str, outcomes: &[&[&str]]) -> bool {
    let words = words(title);
    outcomes.iter().any(|phrase| contains(&words, phrase))
}

/// Aspirations that no number measures: "world-class", "best-in-class".
pub(super) fn aspiration(title: &str) -> Option<&'static str> {
    let words = words(title);
    if contains(&words, &["world", "class"]) {
        Some("world-class")
    } else if contains(&words, &["best", "in", "class"]) {
        Some("best-in-class")
    } else if words.iter().any(|w| w == "excellent" || w == "excellence") {
        Some("excellent")
    } else if contains(&words, &["top", "notch"]) {
        Some("top-notch")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_verbs_lead_the_title() {
        assert_eq!(
            task_verb("Migrate the billing jobs to the new queue").as_deref(),
            Some("Migrate")
        );
        assert_eq!(
            task_verb("Set up alerting on the ledger").as_deref(),
            Some("Set up")
        );
        assert_eq!(
            task_verb("We will adopt TypeScript").as_deref(),
            Some("adopt")
        );
        assert_eq!(task_verb("Build time of the main branch"), None);
        assert_eq!(task_verb("Deploy frequency per team"), None);
        assert_eq!(task_verb("Adoption of the new queue"), None);
        assert_eq!(task_verb("Setting up is not matched"), None);
        assert_eq!(
            task_verb("The last eight billing jobs run on the new queue"),
            None
        );
    }

    #[test]
    fn vanity_metrics_by_kind() {
        let what = |t: &str| vanity(t).map(|v| v.what);
        assert_eq!(
            what("Raise unit test coverage to 85%"),
            Some("test coverage")
        );
        assert_eq!(
            what("Sonar issues down to zero"),
            Some("lint or static-analysis findings")
        );
        assert_eq!(
            what("Static-analysis findings in billing"),
            Some("lint or static-analysis findings")
        );
        assert_eq!(what("Lines of code deleted"), Some("lines of code"));
        assert_eq!(what("Team velocity"), Some("story points or velocity"));
        assert_eq!(
            what("PRs merged per week"),
            Some("commits or pull requests")
        );
        assert_eq!(
            what("AI-assisted pull requests sent back for convention fixes"),
            None
        );
        assert_eq!(what("Payout errors per 10,000 payouts"), None);
        assert_eq!(
            what("Location updates that reach us within 10 minutes"),
            None
        );
    }

    #[test]
    fn maintenance_titles() {
        assert_eq!(
            maintenance_word("Keep the on-call rotation healthy").as_deref(),
            Some("Keep")
        );
        assert_eq!(
            maintenance_word("On-call: maintain a calm rotation").as_deref(),
            Some("maintain")
        );
        assert_eq!(
            maintenance_word("We will continue the migration").as_deref(),
            Some("continue")
        );
        assert_eq!(
            maintenance_word("Payouts keep flowing at three times today's volume"),
            None
        );
        assert_eq!(
            maintenance_word("Get through peak without burning anyone out"),
            None
        );
        assert_eq!(maintenance_word("A sustainable pace through peak"), None);
    }

    #[test]
    fn change_leads_with_inflections_and_leads() {
        let lead = |t: &str| change_lead(t);
        assert_eq!(lead("Reduce technical debt").as_deref(), Some("Reduce"));
        assert_eq!(lead("Improving code quality").as_deref(), Some("Improving"));
        assert_eq!(lead("Cut toil").as_deref(), Some("Cut"));
        assert_eq!(lead("Cutting toil").as_deref(), Some("Cutting"));
        assert_eq!(lead("We will reduce bugs").as_deref(), Some("reduce"));
        assert_eq!(lead("To speed up builds").as_deref(), Some("speed up"));
        assert_eq!(lead("Be more agile").as_deref(), Some("Be more"));
        assert_eq!(
            lead("Become less dependent on one vendor").as_deref(),
            Some("Become less")
        );
        assert_eq!(lead("Make releases easier").as_deref(), Some("Make"));
        assert_eq!(
            lead("Make the search API more reliable").as_deref(),
            Some("Make")
        );
        assert_eq!(lead("Fewer pages at night").as_deref(), Some("Fewer"));
        assert_eq!(lead("Minimised cold starts").as_deref(), Some("Minimised"));
        assert_eq!(lead("Write better tests").as_deref(), Some("Write better"));
        assert_eq!(lead("Make AI a genuine force multiplier"), None);
        assert_eq!(lead("Reduction of toil"), None);
        assert_eq!(lead("Error budget burn"), None);
        assert_eq!(lead("Lowercase names everywhere"), None);
        assert_eq!(lead("Cut over to the new ledger"), None);
        assert_eq!(lead("Be on call less often"), None);
    }

    #[test]
    fn numbers_in_digits_and_words() {
        assert!(has_number("Reduce all bugs to zero"));
        assert!(has_number("Halve the queue wait"));
        assert!(has_number("Double deploys"));
        assert!(has_number("Cut build time by 40%"));
        assert!(has_number("p95 under 200ms"));
        assert!(!has_number("Reduce bugs"));
        assert!(!has_number("Be more productive"));
        assert!(!has_number("Someone owns every alert"));
    }

    #[test]
    fn deadlines_and_recurring_work() {
        assert_eq!(deadline_days("Complete migration in 2 weeks"), Some(14));
        assert_eq!(
            deadline_days("Finish the rewrite within three sprints"),
            Some(42)
        );
        assert_eq!(deadline_days("Ship it in a month"), Some(30));
        assert_eq!(deadline_days("Complete phase 1 of migration in Q1"), None);
        assert_eq!(deadline_days("Restore service within 1 hour"), Some(1));
        assert_eq!(deadline_days("Review every PR within 24h"), Some(1));
        assert_eq!(deadline_days("Finish it in 3d"), Some(3));
        assert_eq!(
            deadline_days("Finish it in 4294967295 weeks"),
            Some(u32::MAX)
        );
        assert!(recurring("Complete all code reviews within 24h"));
        assert!(recurring("Complete all code reviews within 24 hours"));
        assert!(recurring(
            "Complete 5 code reviews per week with actionable feedback"
        ));
        assert!(recurring("Write a postmortem every sprint"));
        assert!(recurring(
            "Complete a security review for every new service within 5 working days"
        ));
        assert!(!recurring("Complete migration in 2 weeks"));
        assert!(!recurring("Migrate all services to Kubernetes"));
        assert!(recurring("Run a game day twice a quarter"));
        assert!(!recurring("Finish the rewrite in a week"));
    }

    #[test]
    fn what_a_task_works_on() {
        assert_eq!(
            task_object("Migrate the billing jobs to the new queue."),
            "the billing jobs to the new queue"
        );
        assert_eq!(task_object("We'll set up alerting"), "alerting");
        assert_eq!(
            task_object("Complete migration in 2 weeks"),
            "migration in 2 weeks"
        );
        assert_eq!(task_object("Reduce p95 latency"), "");
        assert_eq!(after_words("A-B c", 2), "c");
    }

    #[test]
    fn gerunds_of_task_verbs() {
        assert_eq!(gerund("Migrate"), "migrating");
        assert_eq!(gerund("Set up"), "setting up");
        assert_eq!(gerund("ship"), "shipping");
        assert_eq!(gerund("Refactor"), "refactoring");
    }

    #[test]
    fn broad_faults_to_zero() {
        assert_eq!(
            broad_zero("Reduce all bugs to zero", false).as_deref(),
            Some("bugs")
        );
        assert_eq!(
            broad_zero("Reduce all bugs to 0", false).as_deref(),
            Some("bugs")
        );
        assert_eq!(broad_zero("Zero bugs", false).as_deref(), Some("bugs"));
        assert_eq!(
            broad_zero("Zero customer-facing incidents", false).as_deref(),
            Some("incidents")
        );
        assert_eq!(
            broad_zero("Zero bugs reported by customers", false).as_deref(),
            Some("bugs")
        );
        assert_eq!(
            broad_zero("No regressions in the checkout flow", false),
            None
        );
        assert_eq!(
            broad_zero("Zero-downtime deploys for the booking API", false),
            None
        );
        assert_eq!(
            broad_zero("Eliminate every incident", false).as_deref(),
            Some("incidents")
        );
        assert_eq!(
            broad_zero("Zero production incidents this quarter", false).as_deref(),
            Some("incidents")
        );
        assert_eq!(
            broad_zero("Production bugs per month", true).as_deref(),
            Some("bugs")
        );
        // Narrowed by a cause, a component, a severity or a count.
        assert_eq!(
            broad_zero("Zero data loss incidents in the quarter", false),
            None
        );
        assert_eq!(
            broad_zero(
                "Zero deployment pipeline incidents per quarter (currently 2-3)",
                false
            ),
            None
        );
        assert_eq!(broad_zero("Zero P1 incidents", false), None);
        assert_eq!(
            broad_zero("Zero high-severity vulnerabilities", false),
            None
        );
        assert_eq!(
            broad_zero("Zero incidents caused by expired certificates", false),
            None
        );
        assert_eq!(broad_zero("Zero errors in the ledger export", false), None);
        assert_eq!(
            broad_zero("Eliminate the 3 most common production incidents", false),
            None
        );
        assert_eq!(
            broad_zero("Eliminate the top 3 reliability offenders", false),
            None
        );
        assert_eq!(broad_zero("Crash-free sessions", false), None);
        assert_eq!(broad_zero("Error rate below 0.01%", false), None);
        // Not a zero at all.
        assert_eq!(broad_zero("Reduce production bugs by 40%", false), None);
    }

    #[test]
    fn full_availability_in_title_or_target() {
        assert!(full_availability("100% uptime for the API", None, None));
        assert!(full_availability(
            "Checkout availability",
            Some("%"),
            Some(100.0)
        ));
        assert!(!full_availability(
            "Achieve 99.9% uptime (from 99.5%)",
            None,
            None
        ));
        assert!(!full_availability(
            "100% of active repositories have a context file",
            None,
            None
        ));
    }

    #[test]
    fn business_terms_and_look_alikes() {
        let terms: Vec<String> = ["revenue", "churn", "customer satisfaction", "NPS", "margin"]
            .iter()
            .map(|t| t.to_string())
            .collect();
        let term = |t: &str| business_term(t, &terms);
        assert_eq!(term("Increase revenue by 20%").as_deref(), Some("revenue"));
        assert_eq!(term("Reduce churn").as_deref(), Some("churn"));
        assert_eq!(
            term("Improve customer satisfaction").as_deref(),
            Some("customer satisfaction")
        );
        assert_eq!(term("NPS from 20 to 35").as_deref(), Some("NPS"));
        assert_eq!(term("Reduce code churn in the billing module"), None);
        assert_eq!(
            term("AI code churn rate within 1.5x of human code churn rate"),
            None
        );
        assert_eq!(
            term("Platform NPS among stream-aligned teams reaches 40+"),
            None
        );
        assert_eq!(term("NPS among stream-aligned teams reaches 40"), None);
        assert_eq!(term("Developer satisfaction score from 6.5 to 8"), None);
        assert_eq!(term("Keep a safety margin of 30% on the cluster"), None);
        assert_eq!(term("Error margin of the forecast"), None);
        assert_eq!(term("Revenue dashboard query time from 8 s to 2 s"), None);
        assert_eq!(
            term("Churn prediction model accuracy from 70% to 85%"),
            None
        );
        assert_eq!(term("Sales engineers onboarded to the sandbox"), None);
    }

    #[test]
    fn reasons_and_outcomes() {
        assert!(gives_reason(
            "Raise coverage of the parser to 80% to cut escaped defects"
        ));
        assert!(gives_reason(
            "Coverage to 80% so that refactors stop breaking billing"
        ));
        assert!(gives_reason(
            "Coverage to 80% because the parser breaks most"
        ));
        assert!(!gives_reason("Increase test coverage to 90%"));
        assert!(!gives_reason("To raise test coverage"));
        assert!(measures_outcome(
            "Reduce production bugs by 40%",
            QUALITY_OUTCOMES
        ));
        assert!(measures_outcome(
            "Median lead time for changes",
            DELIVERY_OUTCOMES
        ));
        assert!(!measures_outcome(
            "Payout errors per 10,000 payouts",
            QUALITY_OUTCOMES
        ));
    }

    #[test]
    fn measures_by_subject() {
        assert!(suggested_measure("Reduce technical debt").contains("unplanned work"));
        assert!(suggested_measure("Improve developer experience").contains("first deploy"));
        assert!(suggested_measure("Be more productive").contains("lead time"));
        assert!(suggested_measure("Reduce bugs").contains("production bugs"));
        assert!(suggested_measure("Improve the thing").contains("the number"));
        assert!(technical_outcome("churn").contains("Incidents customers feel"));
        assert!(technical_outcome("revenue").contains("checkout"));
        assert!(technical_outcome("NPS").contains("page load"));
    }

    #[test]
    fn aspirations() {
        assert_eq!(
            aspiration("Build a world-class engineering team"),
            Some("world-class")
        );
        assert_eq!(
            aspiration("Best-in-class onboarding"),
            Some("best-in-class")
        );
        assert_eq!(aspiration("Reduce p95 latency"), None);
    }
}
