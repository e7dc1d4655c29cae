//! Stage 4, lint: coaching. Runs on a handbook that validated without errors
//! and points out OKRs that break the practice most OKR writing agrees on:
//! too many or too few key results, tasks written as results, numbers that
//! are easy to game, changes with no number, targets nobody reaches,
//! business results on a team's key results, goals that only keep things as
//! they are, nobody named, no starting point, no link to a higher goal,
//! forgotten check-ins, targets that are always met, and domains nobody
//! covers.
//!
//! What a title says is read by `text`; the rules here decide what to
//! report, and every hint rewrites the key result in its author's words.
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
use rayon::prelude::*;

mod text;

/// An objective's score from which it counts as fully met.
const FULL_SCORE: f64 = 0.999;

/// Every coaching finding about `handbook` as of `as_of`, sorted. Pure: reads
/// nothing but its arguments.
pub fn lint(handbook: &Handbook, as_of: Date) -> Vec<Diagnostic> {
    let settings = &handbook.config.lints;
    // Each objective's findings depend on it and the handbook only: found on
    // every core, then joined in the objectives' order.
    let per_objective: Vec<Vec<Diagnostic>> = handbook
        .objectives
        .par_iter()
        .enumerate()
        .map(|(index, objective)| {
            let mut found = Vec::new();
            objective_lints(handbook, index, objective, as_of, &mut found);
            tag(&mut found, || Subject::Objective(objective.id.clone()));
            found
        })
        .collect();
    let mut found: Vec<Diagnostic> = per_objective.into_iter().flatten().collect();
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

/// The objective's key results' titles, quoted and listed.
fn kr_titles(objective: &Objective) -> String {
    let titles: Vec<String> = objective
        .key_results
        .iter()
        .map(|kr| quoted(&kr.title))
        .collect();
    listing(&titles)
}

/// The name and lead of the team an objective belongs to, when it has a lead.
fn team_lead(handbook: &Handbook, index: usize) -> Option<(&str, &str)> {
    let team = handbook.links.team_of.get(index).copied().flatten()?;
    let team = handbook.teams.get(team)?;
    Some((team.name.as_str(), team.lead.as_deref()?))
}

/// The objectives an objective could support, as `id` ("title"), at most three:
/// the higher objectives in an overlapping period (see [`higher_objective_exists`]).
fn higher_candidates(handbook: &Handbook, index: usize) -> Vec<String> {
    let fiscal_year = handbook.config.fiscal_year;
    let period = handbook.objectives[index].period;
    let (start, end) = (period.start(fiscal_year), period.end(fiscal_year));
    let links = &handbook.links;
    let overlapping = |o: usize| {
        let other = handbook.objectives[o].period;
        other.start(fiscal_year) < end && start < other.end(fiscal_year)
    };
    let mut teams = Vec::new();
    match handbook.level(index) {
        Level::Organization => {}
        Level::Individual => teams.extend(0..handbook.teams.len()),
        Level::Team => {
            let mut ancestor = links
                .team_of
                .get(index)
                .copied()
                .flatten()
                .and_then(|t| links.team_parent.get(t).copied().flatten());
            while let Some(team) = ancestor {
                if teams.contains(&team) || teams.len() > handbook.teams.len() {
                    break;
                }
                teams.push(team);
                ancestor = links.team_parent.get(team).copied().flatten();
            }
        }
    }
    teams
        .into_iter()
        .filter_map(|team| links.team_objectives.get(team))
        .flatten()
        .copied()
        .filter(|&o| o != index && overlapping(o))
        .take(3)
        .map(|o| {
            let candidate = &handbook.objectives[o];
            format!("`{}` ({})", candidate.id, quoted(&candidate.title))
        })
        .collect()
}

/// A check-in's value as a hint writes it, with the key result's unit.
fn checkin_value_text(value: CheckinValue, unit: Option<&str>) -> String {
    match value {
        CheckinValue::Number(n) => crate::numbers::with_unit(n, unit),
        CheckinValue::Done(true) => "done".to_string(),
        CheckinValue::Done(false) => "not done".to_string(),
    }
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
                "keep the {} key results that matter most this period among {}; move the others to a later period, or watch them as health metrics outside the OKRs",
                match settings.min_key_results.max(1) {
                    min if min < settings.max_key_results => {
                        format!("{min} to {}", settings.max_key_results)
                    }
                    _ => settings.max_key_results.to_string(),
                },
                kr_titles(objective)
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
        let help = if count == 0 {
            format!(
                "write two to four key results that say what reaching {} means, each a number with a baseline and a target",
                quoted(&objective.title)
            )
        } else {
            format!(
                "beside {}, add a key result that looks at {} from another side, often a guardrail on what the first could cost (quality, the people doing the work)",
                kr_titles(objective),
                quoted(&objective.title)
            )
        };
        found.push(warning(
            origin,
            Code::TooFewKeyResults,
            count_at,
            false,
            message,
            help,
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

    if let Some(word) = text::maintenance_word(&objective.title) {
        found.push(warning(
            origin,
            Code::MaintenanceObjective,
            &title,
            true,
            format!(
                "this objective only keeps things as they are (\"{word}\"); an objective should change something"
            ),
            format!(
                "rewrite {} as what will be better at the end of {} than it is today, for example \"Cut pages per on-call week from 22 to 10\"; keep the levels to hold as guardrail key results or as health metrics outside the OKRs",
                quoted(&objective.title),
                objective.period
            ),
        ));
    }

    if objective.owners.is_empty() {
        found.push(warning(
            origin,
            Code::NoOwner,
            &title,
            true,
            "this objective has no `owner`, so nobody answers for it".to_string(),
            match team_lead(handbook, index) {
                Some((team, lead)) => format!(
                    "add `owner:` with the one person who keeps {} moving and reports on it, for example `owner: {lead}` if the lead of {team} does",
                    quoted(&objective.title)
                ),
                None => format!(
                    "add `owner:` with the one person who keeps {} moving and reports on it",
                    quoted(&objective.title)
                ),
            },
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
            match higher_candidates(handbook, index).as_slice() {
                [] => "add `parent:` with the id of the organization or team objective this one moves forward; if there is none, ask whether it belongs in this period".to_string(),
                candidates => format!(
                    "add `parent:` with the id of the higher objective {} moves forward: {}; if it serves none of them, ask whether it belongs in this period",
                    quoted(&objective.title),
                    listing(candidates)
                ),
            },
        ));
    }

    let fiscal = handbook.config.fiscal_year;
    let running = objective.period.start(fiscal) <= as_of && as_of < objective.period.end(fiscal);
    // A grade or hand score counts from its date, so before it check-ins
    // are still due.
    let scored = score::score_objective(objective, fiscal, as_of);
    for (kr_index, kr) in objective.key_results.iter().enumerate() {
        let first = found.len();
        key_result_lints(handbook, index, objective, kr_index, kr, found);
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
///
/// A key result that asks for a change and gives no number ("Reduce
/// technical debt") measures nothing, whatever it carries.
fn measures(kr: &KeyResult) -> bool {
    if vague_change(kr).is_some() {
        return false;
    }
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

/// A key result's title as a finding rewrites it: trimmed, without a
/// final full stop.
fn bare(title: &str) -> &str {
    title.trim().trim_end_matches('.').trim_end()
}

/// Whether a key result reads as a change in a quantity and says nothing
/// of how much: no number in its title, no `baseline`, no `target`. Its
/// change words as written, for the finding.
fn vague_change(kr: &KeyResult) -> Option<String> {
    if kr.baseline.is_some() || kr.target.is_some() || text::has_number(&kr.title) {
        return None;
    }
    text::change_lead(&kr.title)
}

fn key_result_lints(
    handbook: &Handbook,
    objective_index: usize,
    objective: &Objective,
    index: usize,
    kr: &KeyResult,
    found: &mut Vec<Diagnostic>,
) {
    let origin = &objective.origin;
    let title = kr_field(index, "title");
    // Named as readers know it: by its title; `check`'s file:line points at it.
    let name = quoted(&kr.title);
    let fiscal = handbook.config.fiscal_year;
    let period = objective.period;
    let period_days = period.start(fiscal).days_until(period.end(fiscal));

    // SMART: achievable. A one-off task with a deadline under a third of
    // the period is unrealistic rather than an activity: the deadline is
    // the first thing to fix.
    let task = text::task_verb(&kr.title).filter(|_| !text::recurring(&kr.title));
    let rushed = task.as_ref().and_then(|_| {
        text::deadline_days(&kr.title).filter(|&days| i64::from(days) * 3 < period_days)
    });
    if let (Some(verb), Some(days)) = (&task, rushed) {
        // "migration" of "Complete migration in 2 weeks": up to the deadline.
        let object = text::task_object(&kr.title);
        let lower = object.to_lowercase();
        let end = [" in ", " within ", " under "]
            .iter()
            .filter_map(|word| format!(" {lower}").find(word))
            .min()
            .unwrap_or(object.len());
        let work = object.get(..end).unwrap_or(object).trim();
        found.push(warning(
            origin,
            Code::Unrealistic,
            &title,
            true,
            format!(
                "key result {name} allows {} for a one-off task, under a third of {period} ({period_days} days): work this size rarely fits, and the deadline is missed or the work cut short",
                plural(days as usize, "day", "days")
            ),
            format!(
                "set a deadline the work can meet and say which part is done by then, as the SMART guide rewrites \"Complete migration in 2 weeks\": for example \"{verb} phase 1 of {work} in {period}\"; better still, name the result the work brings, with a number"
            ),
        ));
    } else if let Some(verb) = task {
        found.push(warning(
            origin,
            Code::ActivityNotOutcome,
            &title,
            true,
            format!(
                "key result {name} is a task (it starts with \"{verb}\"), not the outcome the task is for"
            ),
            format!(
                "write the result the work should bring as a number, and keep the work as the way there, for example \"Reduce <what hurts today, such as change lead time> from <today> to <target> (by {} {})\"; list the work itself under `initiatives`",
                text::gerund(&verb),
                text::task_object(&kr.title)
            ),
        ));
    }

    // SMART: measurable. One finding per key result: a vague change first.
    let vague = vague_change(kr);
    let aspiration = text::aspiration(&kr.title)
        .filter(|_| kr.baseline.is_none() && kr.target.is_none() && !text::has_number(&kr.title));
    if let Some(change) = &vague {
        found.push(warning(
            origin,
            Code::Unmeasurable,
            &title,
            true,
            format!(
                "key result {name} asks for a change (\"{change}\") but gives no number, `baseline` or `target`, so nobody can tell at the end of {period} whether it happened"
            ),
            format!(
                "write it as a number that moves, for example \"{}, counted as {}, from <today> to <target>\", with `baseline:` and `target:`",
                bare(&kr.title),
                text::suggested_measure(&kr.title)
            ),
        ));
    } else if let Some(word) = aspiration {
        found.push(warning(
            origin,
            Code::Unmeasurable,
            &title,
            true,
            format!(
                "key result {name} is an aspiration (\"{word}\") with no number, `baseline` or `target`: everyone has a different picture of reaching it"
            ),
            format!(
                "say what reaching it would show, as a number, for example \"{}, counted as {}, from <today> to <target>\"",
                bare(&kr.title),
                text::suggested_measure(&kr.title)
            ),
        ));
    } else if kr.kind == KrKind::Metric && !text::names_a_measure(kr) {
        found.push(warning(
            origin,
            Code::Unmeasurable,
            &title,
            true,
            format!("the metric key result {name} has no number in its title and no `unit`, so it does not say what is counted"),
            format!(
                "say what is measured and in what: give it a `unit` (`unit: ms`, `unit: \"%\"`) or numbers in the title, for example \"{}, counted as {}, from <today> to <target>\"",
                bare(&kr.title),
                text::suggested_measure(&kr.title)
            ),
        ));
    }

    // Outcome over output: an easily moved number, unless the text says
    // what it is for (in the title, or a sibling measuring that outcome).
    if let Some(vanity) = text::vanity(&kr.title) {
        let measurable = vague.is_none() && aspiration.is_none();
        let reason = text::gives_reason(&kr.title)
            || objective.key_results.iter().enumerate().any(|(i, other)| {
                i != index && text::measures_outcome(&other.title, vanity.outcomes)
            });
        if measurable && !reason {
            found.push(warning(
                origin,
                Code::VanityMetric,
                &title,
                true,
                format!(
                    "key result {name} measures {}, an input that is easy to move without improving anything",
                    vanity.what
                ),
                format!(
                    "{}; for example, add \"{}\" beside {name}, or say in its title what it is for: \"{} {}\"",
                    vanity.help,
                    vanity.example,
                    bare(&kr.title),
                    vanity.purpose
                ),
            ));
        }
    }

    // SMART: achievable. All of a broad fault to zero, 100% availability.
    let target_zero = kr.kind != KrKind::Milestone && kr.target == Some(0.0);
    if let Some(fault) = text::broad_zero(&kr.title, target_zero) {
        found.push(warning(
            origin,
            Code::Unrealistic,
            &title,
            true,
            format!(
                "key result {name} asks for all {fault} to be gone: no team reaches zero {fault} of every kind, so the number is missed or gamed"
            ),
            format!(
                "narrow it to the {fault} that hurt and ask for a cut the team can make, as the SMART guide rewrites \"Reduce all bugs to zero\": for example \"Reduce high-severity {fault} by 30%\" instead of {name}, or measure recovery (time to restore) rather than pretend every fault can be prevented"
            ),
        ));
    }
    if text::full_availability(&kr.title, kr.unit.as_deref(), kr.target) {
        found.push(warning(
            origin,
            Code::Unrealistic,
            &title,
            true,
            format!(
                "key result {name} asks for 100% availability: every deploy, dependency and network blip would break it"
            ),
            {
                let rewrite = bare(&kr.title).replace("100%", "99.9%");
                let rewrite = if rewrite == bare(&kr.title) {
                    format!("{name} with `target: 99.9`")
                } else {
                    quoted(&rewrite)
                };
                format!(
                    "set the availability users need, and measure the time to restore for when it is missed: for example {rewrite}"
                )
            },
        ));
    }

    // SMART: relevant. A team's or a person's key result measured by a
    // business result they do not move directly.
    let level = handbook.level(objective_index);
    if level != Level::Organization {
        let terms = &handbook.config.lints.business_outcomes;
        if let Some(term) = text::business_term(&kr.title, terms) {
            let whose = if level == Level::Individual {
                "an individual goal"
            } else {
                "a team objective"
            };
            found.push(warning(
                origin,
                Code::BusinessOutcome,
                &title,
                true,
                format!(
                    "key result {name} of {whose} measures {term}, a business result the team does not move directly"
                ),
                format!(
                    "as the SMART guide puts it, engineers don't control {term}: it moves with pricing, sales and the market as much as with their work, and a number the team cannot move tells it nothing about its own. Keep {term} on the organization's objective and translate it into a technical outcome this team moves that drives {term}: instead of {name}, for example \"{}\"",
                    text::technical_outcome(&term)
                ),
            ));
        }
    }

    if kr.owners.is_empty() {
        found.push(warning(
            origin,
            Code::NoOwner,
            &title,
            true,
            format!("key result {name} has no `owner`, so nobody is named to measure it"),
            match objective.owners.first() {
                Some(owner) => format!(
                    "add `owner:` with the person who measures {name} and reports it at each check-in, for example `owner: {owner}` if the objective's owner does"
                ),
                None => format!(
                    "add `owner:` with the person who measures {name} and reports it at each check-in"
                ),
            },
        ));
    }

    if kr.kind == KrKind::Metric && kr.baseline.is_none() {
        found.push(warning(
            origin,
            Code::NoBaseline,
            &title,
            true,
            format!("the metric key result {name} has no `baseline`, so where it started is a guess"),
            format!(
                "add `baseline:` with the value of {name} on {}, when {} started{}",
                objective.period.start(handbook.config.fiscal_year),
                objective.period,
                match kr.checkins.iter().find_map(|c| c.value.map(|v| (c.date, v))) {
                    Some((date, value)) => format!(
                        "; until then the first check-in ({} on {date}) stands in, and progress before it is lost",
                        checkin_value_text(value, kr.unit.as_deref())
                    ),
                    None => String::new(),
                }
            ),
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
    let value = if kr.kind == KrKind::Milestone {
        "done|false"
    } else {
        "VALUE"
    };
    let key_result = if objective.key_results.len() == 1 {
        String::new()
    } else {
        format!(" {}", kr.id)
    };
    let help = format!(
        "check in with its current value and how confident you are, in one command: `okrbook checkin {}{key_result} {value} --confidence high|medium|low`; checking in at least monthly shows trouble while there is still time to act",
        objective.id
    );
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
