//! Stage 4, lint: coaching. Runs on a handbook that validated without errors
//! and points out OKRs that break the practice most OKR writing agrees on:
//! too many or too few key results, tasks written as results, numbers that
//! are easy to game, goals that only keep things as they are, nobody named,
//! no starting point, no link to a higher goal, forgotten check-ins, targets
//! that are always met, and domains nobody covers.
//!
//! Every finding is a warning with a stable code. `[okr.lints]` in book.toml
//! turns a code off (`allow`) or into an error (`deny`); `allow: [code]` in a
//! file's front matter turns it off for that file.

use crate::codes::{self, Code};
use crate::config::{LintConfig, LintLevel, CONFIG_FILE};
use crate::date::Date;
use crate::diagnostic::{self, closest, Diagnostic, Severity, Subject};
use crate::locate::Step;
use crate::model::{
    CheckinValue, Commitment, Handbook, KeyResult, KrKind, Level, Objective, Origin,
};
use crate::period::{FiscalYear, Period};
use crate::score;

/// An objective's score from which it counts as fully met.
const FULL_SCORE: f64 = 0.999;

/// Every coaching finding about `handbook` as of `as_of`, sorted. Pure: reads
/// nothing but its arguments.
pub fn lint(handbook: &Handbook, as_of: Date) -> Vec<Diagnostic> {
    let settings = &handbook.config.lints;
    let mut found = Vec::new();
    for (index, objective) in handbook.objectives.iter().enumerate() {
        let first = found.len();
        objective_lints(handbook, index, objective, as_of, &mut found);
        tag(&mut found[first..], || {
            Subject::Objective(objective.id.clone())
        });
    }
    team_lints(handbook, as_of, &mut found);
    domain_lints(handbook, &mut found);

    // Every file that can hold `allow:`, with its list.
    let files: Vec<(&Origin, &[String], Option<Subject>)> = handbook
        .objectives
        .iter()
        .map(|o| {
            let subject = Subject::Objective(o.id.clone());
            (&o.origin, o.allow.as_slice(), Some(subject))
        })
        .chain(handbook.teams.iter().map(|t| {
            let subject = Subject::Team(t.id.clone());
            (&t.origin, t.allow.as_slice(), Some(subject))
        }))
        .chain(
            handbook
                .pages
                .iter()
                .chain(handbook.home.iter())
                .map(|p| (&p.origin, p.allow.as_slice(), None)),
        )
        .collect();

    // The file's own `allow:` first, then the level set in book.toml. By
    // path, so that many findings in many files take linear time.
    let mut allow_by_file: std::collections::HashMap<&str, Vec<&[String]>> =
        std::collections::HashMap::new();
    for (origin, codes, _) in &files {
        if !codes.is_empty() {
            allow_by_file
                .entry(origin.display_path.as_str())
                .or_default()
                .push(codes);
        }
    }
    let allowed_in_file = |finding: &Diagnostic| {
        allow_by_file
            .get(finding.file.as_str())
            .is_some_and(|lists| {
                lists.iter().any(|codes| {
                    codes
                        .iter()
                        .any(|c| c.eq_ignore_ascii_case(finding.code.name()))
                })
            })
    };
    let mut report: Vec<Diagnostic> = found
        .into_iter()
        .filter(|finding| !allowed_in_file(finding))
        .filter_map(|mut finding| match settings.level(finding.code) {
            LintLevel::Allow => None,
            LintLevel::Warn => Some(finding),
            LintLevel::Deny => {
                finding.severity = Severity::Error;
                Some(finding)
            }
        })
        .collect();
    for (origin, codes, subject) in &files {
        let first = report.len();
        unknown_allowed(origin, codes, &mut report);
        if let Some(subject) = subject {
            tag(&mut report[first..], || subject.clone());
        }
    }
    diagnostic::sort(&mut report);
    report
}

/// Says what the findings are about, where a narrower subject was not given.
fn tag(findings: &mut [Diagnostic], subject: impl Fn() -> Subject) {
    for finding in findings {
        finding.subject.get_or_insert_with(&subject);
    }
}

/// A warning at `path` in `origin`'s front matter.
fn warning(
    origin: &Origin,
    code: Code,
    path: &[Step<'_>],
    at_value: bool,
    message: String,
    help: impl Into<String>,
) -> Diagnostic {
    let mut finding = origin
        .finding(code, path, at_value, message)
        .with_help(help);
    finding.severity = Severity::Warning;
    finding
}

/// The path of a key result's field.
fn kr_field(index: usize, key: &str) -> [Step<'_>; 3] {
    [Step::Key("key_results"), Step::Index(index), Step::Key(key)]
}

/// A key result's title in quotes, as findings name it.
fn quoted(title: &str) -> String {
    format!("\"{}\"", title.trim())
}

/// `a`, `a and b`, `a, b and c`.
fn listing(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

fn objective_lints(
    handbook: &Handbook,
    index: usize,
    objective: &Objective,
    as_of: Date,
    found: &mut Vec<Diagnostic>,
) {
    let settings = &handbook.config.lints;
    let origin = &objective.origin;
    let title = [Step::Key("title")];
    let count = objective.key_results.len();
    // An objective without key results of its own that others support is
    // a roll-up: its score comes from them (see `score::score_handbook`),
    // so the rules about its own key results do not apply.
    let roll_up = count == 0
        && handbook
            .links
            .children_of
            .get(index)
            .is_some_and(|children| !children.is_empty());
    let count_at: &[Step<'_>] = if count > 0 && origin.has_field("key_results") {
        &[Step::Key("key_results")]
    } else {
        &title
    };

    if count > settings.max_key_results {
        found.push(warning(
            origin,
            Code::TooManyKeyResults,
            count_at,
            false,
            format!(
                "this objective has {count} key results, more than {}: attention spread over all of them moves none far",
                settings.max_key_results
            ),
            format!(
                "keep the {} key results that matter most this period; move the others to a later period, or watch them as health metrics outside the OKRs",
                match settings.min_key_results.max(1) {
                    min if min < settings.max_key_results => {
                        format!("{min} to {}", settings.max_key_results)
                    }
                    _ => settings.max_key_results.to_string(),
                }
            ),
        ));
    }
    if count < settings.min_key_results && !roll_up {
        let message = if count == 0 {
            "this objective has no key results, so nothing says what reaching it means".to_string()
        } else {
            format!(
                "this objective has {}, fewer than {}: one number alone is easy to hit while the objective is missed",
                plural(count, "key result", "key results"),
                settings.min_key_results
            )
        };
        found.push(warning(
            origin,
            Code::TooFewKeyResults,
            count_at,
            false,
            message,
            "add a key result that looks at the objective from another side, often a guardrail on what the first could cost (quality, the people doing the work)",
        ));
    }

    if !roll_up && !objective.key_results.iter().any(measures) {
        found.push(warning(
            origin,
            Code::Unmeasurable,
            &title,
            true,
            "this objective has no metric or guardrail key result and no milestone with a check-in or a score, so nothing shows how close it came".to_string(),
            "add a key result with a number, a baseline and a target that says whether the objective was reached, or check in on the milestones as they are reached; keep milestones for the steps on the way",
        ));
    }

    if let Some(word) = maintenance_word(&objective.title) {
        found.push(warning(
            origin,
            Code::MaintenanceObjective,
            &title,
            true,
            format!(
                "this objective only keeps things as they are (\"{word}\"); an objective should change something"
            ),
            "say what will be better at the end of the period, for example \"Cut pages per on-call week from 22 to 10\"; keep the levels to hold as guardrail key results or as health metrics outside the OKRs",
        ));
    }

    if objective.owners.is_empty() {
        found.push(warning(
            origin,
            Code::NoOwner,
            &title,
            true,
            "this objective has no `owner`, so nobody answers for it".to_string(),
            "add `owner:` with the one person who keeps the objective moving and reports on it",
        ));
    }

    let level = handbook.level(index);
    if objective.parent.is_none() && higher_objective_exists(handbook, index) {
        let what = if level == Level::Individual {
            "this individual objective"
        } else {
            "this team objective"
        };
        found.push(warning(
            origin,
            Code::NotAligned,
            &title,
            true,
            format!("{what} has no `parent`, so it does not show which higher objective it serves"),
            "add `parent:` with the id of the organization or team objective this one moves forward; if there is none, ask whether it belongs in this period",
        ));
    }

    let fiscal = handbook.config.fiscal_year;
    let running = objective.period.start(fiscal) <= as_of && as_of < objective.period.end(fiscal);
    // A grade or hand score counts from its date, so before it check-ins
    // are still due.
    let scored = score::score_objective(objective, fiscal, as_of);
    for (kr_index, kr) in objective.key_results.iter().enumerate() {
        let first = found.len();
        key_result_lints(objective, kr_index, kr, found);
        let hand_scored = scored.key_results[kr_index].overridden;
        if running && !scored.graded && !hand_scored {
            stale_lint(objective, kr_index, kr, settings, fiscal, as_of, found);
        }
        tag(&mut found[first..], || Subject::KeyResult {
            objective: objective.id.clone(),
            key_result: kr.id.clone(),
        });
    }
}

/// Whether a key result shows how far it got: a metric or guardrail does,
/// by its numbers; a milestone does once it carries a result, a check-in or
/// a hand `score:`, unless it is marked `score: n/a` (never scored).
fn measures(kr: &KeyResult) -> bool {
    kr.kind != KrKind::Milestone
        || (!kr.not_scored && (kr.score.is_some() || !kr.checkins.is_empty()))
}

/// Whether the objective at `index` has something to align to: an
/// objective at a higher level whose period overlaps its own (the same
/// quarter, or the year or half that holds it). For a team's objective, one
/// of an ancestor team; for an individual goal, one of any team. The
/// organization level has nothing above it.
fn higher_objective_exists(handbook: &Handbook, index: usize) -> bool {
    let fiscal_year = handbook.config.fiscal_year;
    let period = handbook.objectives[index].period;
    let (start, end) = (period.start(fiscal_year), period.end(fiscal_year));
    let links = &handbook.links;
    let team_of = |i: usize| links.team_of.get(i).copied().flatten();
    let in_period = |team: usize| {
        links.team_objectives.get(team).is_some_and(|list| {
            list.iter().any(|&o| {
                let other = handbook.objectives[o].period;
                other.start(fiscal_year) < end && start < other.end(fiscal_year)
            })
        })
    };
    match handbook.level(index) {
        Level::Organization => false,
        Level::Individual => (0..handbook.teams.len()).any(in_period),
        Level::Team => {
            let mut ancestor =
                team_of(index).and_then(|t| links.team_parent.get(t).copied().flatten());
            // A cycle in team parents is an error found before lint; the
            // count keeps a walk finite whatever the links say.
            let mut steps = 0;
            while let Some(team) = ancestor {
                if in_period(team) {
                    return true;
                }
                steps += 1;
                if steps > handbook.teams.len() {
                    break;
                }
                ancestor = links.team_parent.get(team).copied().flatten();
            }
            false
        }
    }
}

fn key_result_lints(
    objective: &Objective,
    index: usize,
    kr: &KeyResult,
    found: &mut Vec<Diagnostic>,
) {
    let origin = &objective.origin;
    let title = kr_field(index, "title");
    // Named as readers know it: by its title; `check`'s file:line points at it.
    let name = quoted(&kr.title);

    if let Some(verb) = task_verb(&kr.title) {
        found.push(warning(
            origin,
            Code::ActivityNotOutcome,
            &title,
            true,
            format!(
                "key result {name} is a task (it starts with \"{verb}\"), not the outcome the task is for"
            ),
            "write the result the work should bring, with a number, for example \"Billing change lead time from 15 days to 5\"; list the work itself under `initiatives`",
        ));
    }

    if kr.kind == KrKind::Metric && !names_a_measure(kr) {
        found.push(warning(
            origin,
            Code::Unmeasurable,
            &title,
            true,
            format!("the metric key result {name} has no number in its title and no `unit`, so it does not say what is counted"),
            "say what is measured and in what: give it a `unit` (`unit: ms`, `unit: \"%\"`) or a title with the numbers, such as \"p95 search latency from 900 to 400 ms\"",
        ));
    }

    if let Some(vanity) = vanity(&kr.title) {
        found.push(warning(
            origin,
            Code::VanityMetric,
            &title,
            true,
            format!(
                "key result {name} measures {}, an input that is easy to move without improving anything",
                vanity.what
            ),
            vanity.help,
        ));
    }

    if kr.owners.is_empty() {
        found.push(warning(
            origin,
            Code::NoOwner,
            &title,
            true,
            format!("key result {name} has no `owner`, so nobody is named to measure it"),
            "add `owner:` with the person who measures this key result and reports it at each check-in",
        ));
    }

    if kr.kind == KrKind::Metric && kr.baseline.is_none() {
        found.push(warning(
            origin,
            Code::NoBaseline,
            &title,
            true,
            format!("the metric key result {name} has no `baseline`, so where it started is a guess"),
            "add `baseline:` with the value measured at the start of the period; without it the first check-in stands in, and progress before it is lost",
        ));
    }
}

/// How a key result's check-ins went quiet on the as-of date, as
/// `stale-check-in` and the home page's "needs attention" list tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// The latest check-in on or before the as-of date is `age` days old.
    Since { date: Date, age: i64 },
    /// There is none, and the period started `age` days before the as-of date.
    Never { age: i64 },
}

/// Whether `kr` of an objective in `period` went quiet as of `as_of`: its
/// latest check-in is more than `limit` days old, or it has none and the
/// period has run for more than that. A key result marked `score: n/a` and
/// a milestone checked in as done are never stale. Whether the period is
/// running and whether a grade or hand score settled it is the caller's.
pub fn stale(
    kr: &KeyResult,
    period: Period,
    fiscal: FiscalYear,
    as_of: Date,
    limit: u32,
) -> Option<Stale> {
    // `score: n/a` says the key result will not be scored, so no check-in
    // is missing (a hand score that counts is left out by the caller).
    if kr.not_scored {
        return None;
    }
    let limit = i64::from(limit);
    let latest = kr.checkins.iter().rev().find(|c| c.date <= as_of);
    let done = kr
        .checkins
        .iter()
        .rev()
        .filter(|c| c.date <= as_of)
        .find_map(|c| c.value)
        == Some(CheckinValue::Done(true));
    if kr.kind == KrKind::Milestone && done {
        return None;
    }
    let stale = match latest {
        Some(checkin) => Stale::Since {
            date: checkin.date,
            age: checkin.date.days_until(as_of),
        },
        None => Stale::Never {
            age: period.start(fiscal).days_until(as_of),
        },
    };
    let (Stale::Since { age, .. } | Stale::Never { age }) = stale;
    (age > limit).then_some(stale)
}

fn stale_lint(
    objective: &Objective,
    index: usize,
    kr: &KeyResult,
    settings: &LintConfig,
    fiscal: FiscalYear,
    as_of: Date,
    found: &mut Vec<Diagnostic>,
) {
    let limit = settings.stale_after_days;
    let Some(stale) = stale(kr, objective.period, fiscal, as_of, limit) else {
        return;
    };
    let help = "add a check-in with the current value and how confident you are; checking in at least monthly shows trouble while there is still time to act";
    let name = quoted(&kr.title);
    let message = match stale {
        Stale::Since { date, age } => format!(
            "key result {name} was last checked in on {date}, {age} days before {as_of} (more than {limit})"
        ),
        Stale::Never { age } => format!(
            "key result {name} has no check-in, and {} started {age} days before {as_of} (more than {limit})",
            objective.period
        ),
    };
    found.push(warning(
        &objective.origin,
        Code::StaleCheckIn,
        &kr_field(index, "title"),
        true,
        message,
        help,
    ));
}

/// Where a finding about a team points: its file, at `name` (or `id`, or the
/// top); without a file, the first objective concerned, at its `team`.
fn team_finding(
    handbook: &Handbook,
    team: usize,
    first_objective: Option<usize>,
    code: Code,
    message: String,
    help: String,
) -> Option<Diagnostic> {
    if let Some(team) = handbook.teams.get(team) {
        let origin = &team.origin;
        let key = ["name", "id", "type"]
            .into_iter()
            .find(|key| origin.has_field(key));
        let path: Vec<Step<'_>> = key.map(Step::Key).into_iter().collect();
        let finding = warning(origin, code, &path, key.is_some(), message, help);
        return Some(finding.about(Subject::Team(team.id.clone())));
    }
    let objective = handbook.objectives.get(first_objective?)?;
    let finding = warning(
        &objective.origin,
        code,
        &[Step::Key("team")],
        true,
        message,
        help,
    );
    Some(finding.about(Subject::Objective(objective.id.clone())))
}

fn team_lints(handbook: &Handbook, as_of: Date, found: &mut Vec<Diagnostic>) {
    let settings = &handbook.config.lints;
    let fiscal = handbook.config.fiscal_year;
    // Scored as the site scores them, roll-ups included.
    let scores = score::score_handbook(handbook, as_of);
    for (team_index, team) in handbook.teams.iter().enumerate() {
        let Some(objectives) = handbook.links.team_objectives.get(team_index) else {
            continue;
        };
        // The team's objectives by period, in order (team_objectives is sorted by period).
        let mut periods: Vec<(Period, Vec<usize>)> = Vec::new();
        for &index in objectives {
            let period = handbook.objectives[index].period;
            match periods.last_mut() {
                Some((last, list)) if *last == period => list.push(index),
                _ => periods.push((period, vec![index])),
            }
        }
        let organization = handbook
            .links
            .team_parent
            .get(team_index)
            .copied()
            .flatten()
            .is_none();
        let max = if organization {
            settings.max_objectives_organization
        } else {
            settings.max_objectives_per_team
        };
        for (period, list) in &periods {
            let titles = |indexes: &[usize]| {
                let quoted: Vec<String> = indexes
                    .iter()
                    .map(|&i| quoted(&handbook.objectives[i].title))
                    .collect();
                listing(&quoted)
            };
            if list.len() > max {
                let (level, guide) = if organization {
                    (
                        "at the organization level",
                        "the engineering OKR guide gives its leaders two objectives at most; FAST allows three to five: set `max-objectives-organization` in book.toml to the number your organization follows",
                    )
                } else {
                    (
                        "for one team",
                        "FAST's guide puts a team's objectives at three to five; set `max-objectives-per-team` in book.toml to change the limit",
                    )
                };
                found.extend(team_finding(
                    handbook,
                    team_index,
                    list.first().copied(),
                    Code::TooManyObjectives,
                    format!(
                        "{} has {} objectives in {period}, more than the {max} that fit {level}: when everything is a priority, nothing is",
                        team.name,
                        list.len()
                    ),
                    format!(
                        "pick the {max} that matter most in {period} among {}; the rest can wait for a later period or live in the backlog ({guide})",
                        titles(list)
                    ),
                ));
                continue;
            }
            let independent: Vec<usize> = list
                .iter()
                .copied()
                // A team with no higher objective to support in the period
                // (a handbook of one team) has only goals of its own.
                .filter(|&i| {
                    handbook.objectives[i].parent.is_none() && higher_objective_exists(handbook, i)
                })
                .collect();
            let limit = settings.max_independent_objectives;
            if !organization && independent.len() > limit {
                found.extend(team_finding(
                    handbook,
                    team_index,
                    independent.first().copied(),
                    Code::TooManyObjectives,
                    format!(
                        "{} has {} objectives of its own in {period} that support no higher objective, more than {limit}: a team that carries its own goals beside the organization's underdelivers on all of them",
                        team.name,
                        independent.len()
                    ),
                    format!(
                        "keep at most {limit} of {} as the team's own; give the others a `parent:` with the organization objective they move, or leave them for a later period (the engineering OKR guide: \"at most 1-2 OKRs that are specific to their domain, plus alignment with the organizational OKRs\"; `max-independent-objectives` in book.toml)",
                        titles(&independent)
                    ),
                ));
            }
        }

        // Sandbagging: committed objectives all fully met in graded periods in a row.
        let graded: Vec<&(Period, Vec<usize>)> = periods
            .iter()
            .filter(|(period, _)| period.end(fiscal) <= as_of)
            .collect();
        let full = |list: &[usize]| {
            let committed: Vec<usize> = list
                .iter()
                .copied()
                .filter(|&i| handbook.objectives[i].commitment == Commitment::Committed)
                .collect();
            !committed.is_empty()
                && committed.iter().all(|&i| {
                    // An objective nothing was scored on was not fully met.
                    scores[i].score.is_some_and(|s| s >= FULL_SCORE)
                })
        };
        let mut run: Vec<&(Period, Vec<usize>)> = Vec::new();
        let mut runs: Vec<Vec<&(Period, Vec<usize>)>> = Vec::new();
        for entry in graded {
            if full(&entry.1) {
                run.push(entry);
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
        for run in runs.into_iter().filter(|run| run.len() >= 2) {
            let names: Vec<String> = run.iter().map(|(period, _)| period.to_string()).collect();
            let listed = listing(&names);
            found.extend(team_finding(
                handbook,
                team_index,
                run.first().and_then(|(_, list)| list.first().copied()),
                Code::Sandbagging,
                format!(
                    "every committed objective of {} scored 1.0 in {} graded periods in a row ({listed}): the targets asked for too little",
                    team.name,
                    run.len()
                ),
                format!(
                    "set committed targets that take a real stretch, so that a good period lands near 0.7: {} met every target in {}, so the next targets in this area can reach well past them; if this area runs well without goals, watch it as a health metric and spend the objective on something that needs to change",
                    last_titles(handbook, &run),
                    run.last().map_or(String::new(), |(period, _)| period.to_string())
                ),
            ));
        }
    }
}

/// The titles of the committed objectives of the last period of a run, quoted and listed.
fn last_titles(handbook: &Handbook, run: &[&(Period, Vec<usize>)]) -> String {
    let titles: Vec<String> = run
        .last()
        .map(|(_, list)| {
            list.iter()
                .map(|&i| &handbook.objectives[i])
                .filter(|o| o.commitment == Commitment::Committed)
                .map(|o| quoted(&o.title))
                .collect()
        })
        .unwrap_or_default();
    listing(&titles)
}

fn domain_lints(handbook: &Handbook, found: &mut Vec<Diagnostic>) {
    let settings = &handbook.config.lints;
    if settings.domains.is_empty() {
        return;
    }
    let mut periods: Vec<Period> = handbook.objectives.iter().map(|o| o.period).collect();
    periods.sort();
    periods.dedup();
    let domains = settings.domains.join(", ");
    for period in periods {
        let covered = handbook
            .objectives
            .iter()
            .filter(|o| o.period == period)
            .flat_map(|o| o.tags.iter())
            .any(|tag| settings.domains.iter().any(|d| d.eq_ignore_ascii_case(tag)));
        if covered {
            continue;
        }
        let (line, column) = settings.domains_at;
        found.push(
            Diagnostic::warning(
                Code::MissingDomain,
                CONFIG_FILE,
                line,
                column,
                format!("no objective of {period} is tagged with any of the domains {domains}"),
            )
            .with_excerpt(settings.domains_line.as_deref())
            .with_help(format!(
                "an engineering organization stays healthy when each period covers its domains: add an objective for a domain nobody serves in {period}, or tag the objectives that do serve one (for example `tags: [{}]`)",
                settings.domains.first().map(String::as_str).unwrap_or("delivery")
            )),
        );
    }
}

/// Warnings for `allow:` entries that name no lint.
fn unknown_allowed(origin: &Origin, codes: &[String], found: &mut Vec<Diagnostic>) {
    for (index, code) in codes.iter().enumerate() {
        let normal = code.trim().to_ascii_lowercase();
        if normal.is_empty() || Code::from_name(&normal).is_some_and(Code::is_lint) {
            continue;
        }
        let lints = codes::lint_names();
        let help = match closest(&normal, &lints) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("the lints are: {}", lints.join(", ")),
        };
        found.push(warning(
            origin,
            Code::UnknownLint,
            &[Step::Key("allow"), Step::Index(index)],
            true,
            format!("`allow` names `{code}`, which is not a lint, so it silences nothing"),
            help,
        ));
    }
}

/// A title's words, lowercase, split at anything that is not a letter or digit.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words after a leading "we will", "we'll", "we" or "to".
fn lead_words(words: &[String]) -> &[String] {
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

fn starts_with(words: &[String], phrase: &[&str]) -> bool {
    words.len() >= phrase.len() && words.iter().zip(phrase).all(|(w, p)| w == p)
}

fn contains(words: &[String], phrase: &[&str]) -> bool {
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

/// The task verb a key result's title starts with, as written.
fn task_verb(title: &str) -> Option<String> {
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
fn names_a_measure(kr: &KeyResult) -> bool {
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
struct Vanity {
    what: &'static str,
    help: &'static str,
}

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
            help: "coverage counts lines that tests run, not faults they catch; measure what the tests are for, such as escaped defects or production bugs traced to this code (\"Production bugs from billing code per month from 6 to 2\")",
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
        },
    ),
    (
        &[&["lines", "of", "code"], &["loc"], &["sloc"]],
        Vanity {
            what: "lines of code",
            help: "more or fewer lines say nothing about value; measure lead time for changes, or the result for users that the code is for",
        },
    ),
    (
        &[&["story", "points"], &["velocity"]],
        Vanity {
            what: "story points or velocity",
            help: "points are the team's own estimate and grow when asked to; measure what reaches users: lead time for changes, deployment frequency, or the customer result the work is for",
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
        },
    ),
];

fn vanity(title: &str) -> Option<&'static Vanity> {
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
fn maintenance_word(title: &str) -> Option<String> {
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
}
