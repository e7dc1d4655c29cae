//! Stage 4, score: pure functions from key results, check-ins and an as-of
//! date to progress, scores and status. Nothing here reads files or knows
//! about pages.

use crate::date::Date;
use crate::model::{Checkin, CheckinValue, Direction, Handbook, KeyResult, KrKind, Objective};
use crate::period::{FiscalYear, Period};
use serde::Serialize;

/// The score of one key result on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct KrScore {
    /// The latest value on or before the as-of date, else the baseline.
    pub current: Option<CheckinValue>,
    /// The baseline used: the written one, or for a metric without one, its first check-in's value.
    pub baseline: Option<f64>,
    /// Progress from the check-ins alone, 0..1; `None` before the first
    /// check-in on or before the as-of date (nothing has been measured yet).
    pub progress: Option<f64>,
    /// `score` when written and counting (from `scored_on`, else the
    /// period's last day), else `progress`; `None` when the key result is
    /// not scored: no result yet, or `score: n/a`. Never a made-up 0.
    pub score: Option<f64>,
    /// Whether `score` is the hand score (written and counting) rather than computed.
    pub overridden: bool,
    /// The latest check-in on or before the as-of date, a status update
    /// included, as an index into `KeyResult::checkins`.
    pub latest: Option<usize>,
}

/// The status of an objective on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The period has not started on the as-of date.
    NotStarted,
    /// The score is at least the elapsed fraction of the period minus 0.15.
    OnTrack,
    /// The score is at least the elapsed fraction of the period minus 0.35, but not on track.
    AtRisk,
    /// The score is further behind than at risk.
    OffTrack,
    /// The period has ended: its score is final.
    Final,
    /// The period is running but no key result has a result yet, so there
    /// is nothing to judge the objective on (not off track for missing data).
    NoData,
}

impl Status {
    /// The status as the site and the JSON export name it: `not-started`, `on-track`, `at-risk`, `off-track` or `final`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::Final => "final",
            Status::NoData => "no-data",
        }
    }

    /// The status for people to read, such as "On track".
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::OffTrack => "Off track",
            Status::Final => "Final",
            Status::NoData => "No results yet",
        }
    }
}

/// Colour band of a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    /// Below 0.4.
    Red,
    /// From 0.4, below 0.7.
    Yellow,
    /// From 0.7.
    Green,
}

impl Band {
    /// The band of a score, 0..1.
    pub fn of(score: f64) -> Band {
        if score >= 0.7 {
            Band::Green
        } else if score >= 0.4 {
            Band::Yellow
        } else {
            Band::Red
        }
    }

    /// The band in lowercase: `red`, `yellow` or `green`.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Red => "red",
            Band::Yellow => "yellow",
            Band::Green => "green",
        }
    }
}

/// The colour a score pill, its bar, a status badge and a chart's background
/// say, by one rule so that no two views of the same thing can disagree:
/// while the period runs, by status (pace against the expected score); once
/// it is over (or the objective is graded), by the grade band of the score
/// as displayed. Not started, no results yet and not scored are neutral.
/// Every tone has a label and a shape ([`Tone::icon`]), so colour is never
/// the only signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    /// On track, or a final score of 0.7 and up.
    Good,
    /// At risk, or a final score from 0.4, below 0.7.
    Warn,
    /// Off track, or a final score below 0.4.
    Bad,
    /// Nothing to judge: not started, no results yet, not scored.
    Neutral,
}

impl Tone {
    /// `good`, `warn`, `bad` or `neutral`: the class suffix themes style (`tone-good`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Warn => "warn",
            Tone::Bad => "bad",
            Tone::Neutral => "neutral",
        }
    }

    /// The shape that goes with the colour: ● good, ▲ warn, ■ bad, ○ neutral.
    pub fn icon(self) -> &'static str {
        match self {
            Tone::Good => "●",
            Tone::Warn => "▲",
            Tone::Bad => "■",
            Tone::Neutral => "○",
        }
    }
}

/// The band of a score as pages show it: clamped to 0..1 and rounded to the
/// two decimals displayed, so that a score shown as 0.70 is green.
pub fn display_band(score: f64) -> Band {
    Band::of(round(score.clamp(0.0, 1.0), 2))
}

/// The tone of a score with its status: the one rule every view uses (see [`Tone`]).
pub fn tone(status: Status, score: Option<f64>) -> Tone {
    match (status, score) {
        (Status::OnTrack, _) => Tone::Good,
        (Status::AtRisk, _) => Tone::Warn,
        (Status::OffTrack, _) => Tone::Bad,
        (Status::Final, Some(score)) => match display_band(score) {
            Band::Green => Tone::Good,
            Band::Yellow => Tone::Warn,
            Band::Red => Tone::Bad,
        },
        (Status::Final | Status::NotStarted | Status::NoData, _) => Tone::Neutral,
    }
}

/// What a tone means in words, for the reader who does not see colour:
/// "on track", "at risk", "off track" while the period runs; "green band"
/// (0.7 and up), "yellow band" (0.4 to 0.69) or "red band" once scores are
/// final; "" when neutral.
pub fn tone_label(status: Status, tone: Tone) -> &'static str {
    match (status, tone) {
        (_, Tone::Neutral) => "",
        (Status::Final, Tone::Good) => "green band",
        (Status::Final, Tone::Warn) => "yellow band",
        (Status::Final, Tone::Bad) => "red band",
        (_, Tone::Good) => "on track",
        (_, Tone::Warn) => "at risk",
        (_, Tone::Bad) => "off track",
    }
}

/// The status of a key result (or of an average) on a date: its own score
/// against the period's pace while the period runs, `Final` once the
/// objective holding it is final (graded, or its period over).
pub fn status_within(
    objective_status: Status,
    period: Period,
    fiscal: FiscalYear,
    as_of: Date,
    score: Option<f64>,
) -> Status {
    if objective_status == Status::Final {
        Status::Final
    } else {
        status(period, fiscal, as_of, score)
    }
}

/// The score of an objective on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveScore {
    /// `grade.score` when given and counting, else the weight-averaged score
    /// of the scored key results, 0..1; `None` when no key result is scored.
    /// [`score_handbook`] rolls up an objective without key results from
    /// its supporters (see `rolled_up_from`).
    pub score: Option<f64>,
    /// Whether `grade.score` decided it: there is one and its date (else the
    /// period's last day) is on or before the as-of date.
    pub graded: bool,
    /// Where the objective stands on the as-of date.
    pub status: Status,
    /// Elapsed fraction of the period, 0..1.
    pub expected: f64,
    /// The key results' scores, in the objective's order.
    pub key_results: Vec<KrScore>,
    /// For an objective without key results scored by [`score_handbook`]:
    /// how many supporting objectives (with a score) its score is the mean
    /// of; 0 when it was not rolled up.
    pub rolled_up_from: usize,
}

/// Check-ins on or before `as_of`; the list is sorted by date.
fn visible(checkins: &[Checkin], as_of: Date) -> &[Checkin] {
    let end = checkins.partition_point(|c| c.date <= as_of);
    &checkins[..end]
}

fn number(value: CheckinValue) -> Option<f64> {
    match value {
        CheckinValue::Number(n) => Some(n),
        CheckinValue::Done(_) => None,
    }
}

/// The day a hand `score` or grade counts from: its date, else `undated`
/// (the last day of its period).
pub fn counts_from(date: Option<Date>, undated: Date) -> Date {
    date.unwrap_or(undated)
}

/// The day an objective's `grade.score` counts from: `grade.date`, else the
/// last day of its period. `None` when there is no graded score.
pub fn grade_from(objective: &Objective, fiscal: FiscalYear) -> Option<Date> {
    let grade = objective.grade.as_ref()?;
    grade.score?;
    Some(counts_from(grade.date, objective.period.last_day(fiscal)))
}

/// Scores a key result as of a date, outside any objective: a hand `score`
/// counts from `scored_on`, or at once when undated. Objectives use
/// [`score_key_result_in`], where an undated one waits for the period's end.
pub fn score_key_result(kr: &KeyResult, as_of: Date) -> KrScore {
    score_key_result_in(kr, None, as_of)
}

/// Scores a key result as of a date; a hand `score` counts from
/// `scored_on`, else from `undated` (the last day of the objective's
/// period; `None`: at once). Before that the computed progress stands.
pub fn score_key_result_in(kr: &KeyResult, undated: Option<Date>, as_of: Date) -> KrScore {
    let seen = visible(&kr.checkins, as_of);
    let latest = seen.len().checked_sub(1);
    // Status updates (a note, no value) say nothing about progress.
    let last_value = seen.iter().rev().find_map(|c| c.value);
    let first_value = seen.iter().find_map(|c| c.value);
    let (baseline, current, progress) = match kr.kind {
        KrKind::Metric => {
            let baseline = kr.baseline.or_else(|| first_value.and_then(number));
            let current = last_value.and_then(number).or(baseline);
            let progress = match (current, baseline, kr.target) {
                (Some(current), Some(baseline), Some(target)) => {
                    metric_progress(current, baseline, target, kr.direction)
                }
                _ => 0.0,
            };
            (baseline, current.map(CheckinValue::Number), progress)
        }
        KrKind::Guardrail => {
            let current = last_value.and_then(number).or(kr.baseline);
            let progress = match (current, kr.target) {
                (Some(current), Some(limit)) => guardrail_progress(current, limit, kr.direction),
                _ => 0.0,
            };
            (kr.baseline, current.map(CheckinValue::Number), progress)
        }
        KrKind::Milestone => {
            let done = matches!(last_value, Some(CheckinValue::Done(true)));
            (None, last_value, if done { 1.0 } else { 0.0 })
        }
    };
    // Without a check-in with a value on or before the as-of date nothing
    // has been measured: the key result has no progress, not a progress of 0.
    let progress = last_value.map(|_| progress);
    let hand_counts = kr.scored_on.or(undated).is_none_or(|from| from <= as_of);
    let hand = if kr.not_scored || !hand_counts {
        None
    } else {
        kr.score
    };
    KrScore {
        current,
        baseline,
        progress,
        score: if kr.not_scored {
            None
        } else {
            hand.or(progress)
        },
        overridden: hand.is_some(),
        latest,
    }
}

/// (current − baseline) / (target − baseline), clamped to [0, 1]. When target
/// equals baseline, 1 once the current value is at or past it in `direction`.
pub fn metric_progress(current: f64, baseline: f64, target: f64, direction: Direction) -> f64 {
    let span = target - baseline;
    if span == 0.0 {
        let reached = match direction {
            Direction::Decrease => current <= target,
            _ => current >= target,
        };
        return if reached { 1.0 } else { 0.0 };
    }
    let progress = (current - baseline) / span;
    if progress.is_nan() {
        0.0
    } else {
        progress.clamp(0.0, 1.0)
    }
}

/// 1 when `current` keeps the limit, else 0.
pub fn guardrail_progress(current: f64, limit: f64, direction: Direction) -> f64 {
    let kept = match direction {
        Direction::AtLeast => current >= limit,
        _ => current <= limit,
    };
    if kept {
        1.0
    } else {
        0.0
    }
}

/// The weight-averaged score of (score, weight) pairs, the unscored
/// (`None`) left out; `None` when none is scored. 0 when every scored one
/// weighs 0 (the author gave them no share, as before).
pub fn weighted_average<S: Into<Option<f64>>>(
    scores: impl IntoIterator<Item = (S, f64)>,
) -> Option<f64> {
    let mut scored = false;
    let (sum, weights) = scores
        .into_iter()
        .filter_map(|(score, weight)| score.into().map(|score| (score, weight)))
        .fold((0.0, 0.0), |(sum, weights), (score, weight)| {
            scored = true;
            (sum + score * weight, weights + weight)
        });
    if !scored {
        None
    } else if weights > 0.0 {
        Some(sum / weights)
    } else {
        Some(0.0)
    }
}

/// The plain mean of scores, the unscored left out; `None` when none is
/// scored. Team, period and person averages use it.
pub fn mean(scores: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    weighted_average(scores.into_iter().map(|score| (score, 1.0)))
}

/// How far below a status threshold a score may fall and still count as on it.
const STATUS_TOLERANCE: f64 = 1e-9;

/// The status of a score in a period on a date: `NoData` in a running
/// period when there is no score yet.
pub fn status(
    period: Period,
    fiscal: FiscalYear,
    as_of: Date,
    score: impl Into<Option<f64>>,
) -> Status {
    if as_of < period.start(fiscal) {
        return Status::NotStarted;
    }
    if as_of >= period.end(fiscal) {
        return Status::Final;
    }
    let Some(score) = score.into() else {
        return Status::NoData;
    };
    let expected = period.elapsed_fraction(fiscal, as_of);
    // A score exactly on a threshold is on its better side; the tolerance
    // absorbs floating-point error (0.5 − 0.35 is 0.15000000000000002).
    let reaches = |threshold: f64| score >= threshold - STATUS_TOLERANCE;
    if reaches(expected - 0.15) {
        Status::OnTrack
    } else if reaches(expected - 0.35) {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

/// Scores an objective and its key results as of a date. `grade.score`
/// counts from `grade.date` (else the period's last day): before it the
/// objective shows its running state, from it the grade and `Final`.
pub fn score_objective(objective: &Objective, fiscal: FiscalYear, as_of: Date) -> ObjectiveScore {
    let last_day = objective.period.last_day(fiscal);
    let key_results: Vec<KrScore> = objective
        .key_results
        .iter()
        .map(|kr| score_key_result_in(kr, Some(last_day), as_of))
        .collect();
    let computed = weighted_average(
        key_results
            .iter()
            .zip(&objective.key_results)
            .map(|(score, kr)| (score.score, kr.weight)),
    );
    let graded = grade_from(objective, fiscal).is_some_and(|from| from <= as_of);
    let grade = objective
        .grade
        .as_ref()
        .and_then(|g| g.score)
        .filter(|_| graded);
    let score = grade.or(computed);
    let status = match status(objective.period, fiscal, as_of, score) {
        // A grade given is final, even before the period's end.
        Status::OnTrack | Status::AtRisk | Status::OffTrack | Status::NoData if graded => {
            Status::Final
        }
        status => status,
    };
    ObjectiveScore {
        rolled_up_from: 0,
        score,
        graded,
        status,
        expected: objective.period.elapsed_fraction(fiscal, as_of),
        key_results,
    }
}

/// Scores every objective of a handbook as of a date. An objective without
/// key results (and without a counting grade) takes its score from the
/// objectives that support it (`links.children_of`): the mean of their
/// scores, the unscored left out, each child scored the same way first.
/// Its status follows from that score in its own period.
pub fn score_handbook(handbook: &Handbook, as_of: Date) -> Vec<ObjectiveScore> {
    let fiscal = handbook.config.fiscal_year;
    let mut scores: Vec<ObjectiveScore> = handbook
        .objectives
        .iter()
        .map(|o| score_objective(o, fiscal, as_of))
        .collect();
    let mut state = vec![Visit::New; scores.len()];
    for index in 0..scores.len() {
        roll_up(handbook, fiscal, as_of, index, &mut scores, &mut state);
    }
    scores
}

#[derive(Clone, Copy, PartialEq)]
enum Visit {
    New,
    Open,
    Done,
}

/// Rolls up objective `index` after its children; a cycle (which
/// validation reports) is cut where it closes.
fn roll_up(
    handbook: &Handbook,
    fiscal: FiscalYear,
    as_of: Date,
    index: usize,
    scores: &mut [ObjectiveScore],
    state: &mut [Visit],
) {
    if state[index] != Visit::New {
        return;
    }
    state[index] = Visit::Open;
    let children = handbook
        .links
        .children_of
        .get(index)
        .map_or(&[][..], Vec::as_slice);
    for &child in children {
        roll_up(handbook, fiscal, as_of, child, scores, state);
    }
    let objective = &handbook.objectives[index];
    if objective.key_results.is_empty() && !scores[index].graded && !children.is_empty() {
        let child_scores: Vec<f64> = children
            .iter()
            .filter(|&&child| state[child] == Visit::Done)
            .filter_map(|&child| scores[child].score)
            .collect();
        if !child_scores.is_empty() {
            let score = mean(child_scores.iter().map(|&s| Some(s)));
            let own = &mut scores[index];
            own.score = score;
            own.status = status(objective.period, fiscal, as_of, score);
            own.rolled_up_from = child_scores.len();
        }
    }
    state[index] = Visit::Done;
}

/// A score rounded for display and export: two decimals on pages, four in data.
pub fn round(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}
