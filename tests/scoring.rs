//! The scoring rules of docs/format.md ("Scoring"), through the library's
//! public API: okrbook::score with key results and check-ins built directly,
//! and objectives read from front matter with the load and model stages (okrbook::internals).

use okrbook::config::Config;
use okrbook::date::Date;
use okrbook::model::{Checkin, CheckinValue, Direction, Grade, KeyResult, KrKind, Objective};
use okrbook::period::{FiscalYear, NamedBy, Period};
use okrbook::score::{
    guardrail_progress, metric_progress, round, score_key_result, score_objective, status,
    weighted_average, Band, Status,
};

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("{text} is a date"))
}

/// January to December.
const CAL: FiscalYear = FiscalYear::CALENDAR;

/// April to March, named after the year it starts in.
const APRIL: FiscalYear = match FiscalYear::new(4, NamedBy::Start) {
    Some(fiscal) => fiscal,
    None => FiscalYear::CALENDAR,
};

fn period(text: &str) -> Period {
    Period::parse(text).unwrap_or_else(|| panic!("{text} is a period"))
}

/// `actual` must be a number (a score that is there) close to `expected`.
#[track_caller]
fn close(actual: impl Into<Option<f64>>, expected: f64) {
    let actual = actual
        .into()
        .unwrap_or_else(|| panic!("expected {expected}, got no score"));
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

fn number(day: &str, value: f64) -> Checkin {
    Checkin {
        date: date(day),
        value: Some(CheckinValue::Number(value)),
        confidence: None,
        note: None,
        blockers: None,
    }
}

fn done(day: &str, value: bool) -> Checkin {
    Checkin {
        date: date(day),
        value: Some(CheckinValue::Done(value)),
        confidence: None,
        note: None,
        blockers: None,
    }
}

fn key_result(
    kind: KrKind,
    direction: Direction,
    baseline: Option<f64>,
    target: Option<f64>,
    checkins: Vec<Checkin>,
) -> KeyResult {
    KeyResult {
        id: "kr1".into(),
        title: "A key result".into(),
        owners: Vec::new(),
        priority: None,
        carried_from: None,
        kind,
        unit: None,
        baseline,
        target,
        direction,
        weight: 1.0,
        measured_by: None,
        source: None,
        checkins,
        score: None,
        scored_on: None,
        not_scored: false,
    }
}

fn metric(baseline: Option<f64>, target: f64, checkins: Vec<Checkin>) -> KeyResult {
    let direction = match baseline {
        Some(b) if target < b => Direction::Decrease,
        _ => Direction::Increase,
    };
    key_result(KrKind::Metric, direction, baseline, Some(target), checkins)
}

fn guardrail(
    direction: Direction,
    baseline: Option<f64>,
    limit: f64,
    checkins: Vec<Checkin>,
) -> KeyResult {
    key_result(
        KrKind::Guardrail,
        direction,
        baseline,
        Some(limit),
        checkins,
    )
}

fn milestone(checkins: Vec<Checkin>) -> KeyResult {
    key_result(KrKind::Milestone, Direction::Done, None, None, checkins)
}

/// As of this date, 2026-Q4 (2026-10-01..2026-12-31, 92 days) is 46/92 = 0.5 elapsed.
const MID_Q4: &str = "2026-11-15";

fn progress_of(kr: &KeyResult) -> Option<f64> {
    score_key_result(kr, date(MID_Q4)).progress
}

/// An objective read from front matter, the way okrbook reads a file.
fn objective(front_matter: &str) -> Objective {
    let text = format!(
        "---
{front_matter}---
Why it matters.
"
    );
    let file = okrbook::internals::split("o.md".into(), "content/o.md".into(), &text);
    let (handbook, diagnostics) = okrbook::internals::build(Config::default(), &[file], None);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    handbook
        .objectives
        .into_iter()
        .next()
        .expect("one objective")
}

// ---------------------------------------------------------------- metrics

#[test]
fn metric_progress_is_the_fraction_of_the_way_from_baseline_to_target() {
    let kr = metric(Some(10.0), 20.0, vec![number("2026-10-10", 15.0)]);
    let scored = score_key_result(&kr, date(MID_Q4));
    assert_eq!(scored.current, Some(CheckinValue::Number(15.0)));
    assert_eq!(scored.baseline, Some(10.0));
    assert_eq!(scored.latest, Some(0));
    close(scored.progress, 0.5);
    close(scored.score, 0.5);
    assert!(!scored.overridden);

    // (17.5 − 10) / (20 − 10) = 0.75
    close(
        progress_of(&metric(Some(10.0), 20.0, vec![number("2026-10-10", 17.5)])),
        0.75,
    );
    // Exactly at the baseline and exactly at the target.
    close(
        progress_of(&metric(Some(10.0), 20.0, vec![number("2026-10-10", 10.0)])),
        0.0,
    );
    close(
        progress_of(&metric(Some(10.0), 20.0, vec![number("2026-10-10", 20.0)])),
        1.0,
    );
}

#[test]
fn metric_progress_is_clamped_to_zero_and_one() {
    // Below the baseline: (5 − 10) / 10 = −0.5 → 0.
    close(
        progress_of(&metric(Some(10.0), 20.0, vec![number("2026-10-10", 5.0)])),
        0.0,
    );
    // Past the target: (35 − 10) / 10 = 2.5 → 1.
    close(
        progress_of(&metric(Some(10.0), 20.0, vec![number("2026-10-10", 35.0)])),
        1.0,
    );
    // The same through the pure function.
    close(metric_progress(-100.0, 0.0, 10.0, Direction::Increase), 0.0);
    close(metric_progress(1e9, 0.0, 10.0, Direction::Increase), 1.0);
}

#[test]
fn decreasing_metrics() {
    // p95 latency 400 → 300 ms, now 340: (340 − 400) / (300 − 400) = 0.6.
    close(
        progress_of(&metric(
            Some(400.0),
            300.0,
            vec![number("2026-10-10", 340.0)],
        )),
        0.6,
    );
    // Worse than the baseline: 0. Better than the target: 1.
    close(
        progress_of(&metric(
            Some(400.0),
            300.0,
            vec![number("2026-10-10", 450.0)],
        )),
        0.0,
    );
    close(
        progress_of(&metric(
            Some(400.0),
            300.0,
            vec![number("2026-10-10", 250.0)],
        )),
        1.0,
    );
    close(
        progress_of(&metric(
            Some(400.0),
            300.0,
            vec![number("2026-10-10", 300.0)],
        )),
        1.0,
    );
}

#[test]
fn target_equal_to_baseline_is_reached_or_not() {
    close(metric_progress(5.0, 5.0, 5.0, Direction::Increase), 1.0);
    close(metric_progress(6.0, 5.0, 5.0, Direction::Increase), 1.0);
    close(metric_progress(4.0, 5.0, 5.0, Direction::Increase), 0.0);
    close(metric_progress(5.0, 5.0, 5.0, Direction::Decrease), 1.0);
    close(metric_progress(4.0, 5.0, 5.0, Direction::Decrease), 1.0);
    close(metric_progress(6.0, 5.0, 5.0, Direction::Decrease), 0.0);
    // Never NaN, never a division by zero.
    let kr = metric(Some(5.0), 5.0, vec![number("2026-10-05", 5.0)]);
    let scored = score_key_result(&kr, date(MID_Q4));
    assert!(scored.progress.is_some_and(f64::is_finite));
    close(scored.progress, 1.0);
    // Before any check-in nothing is measured: no progress, not 1 (or 0).
    let kr = metric(Some(5.0), 5.0, vec![]);
    assert_eq!(score_key_result(&kr, date(MID_Q4)).progress, None);
}

#[test]
fn metric_without_baseline_takes_its_first_checkin_as_the_baseline() {
    // No check-in at all: no baseline, no current value, not scored.
    let none = score_key_result(&metric(None, 100.0, vec![]), date(MID_Q4));
    assert_eq!(none.baseline, None);
    assert_eq!(none.current, None);
    assert_eq!(none.latest, None);
    assert_eq!(none.progress, None);
    assert_eq!(none.score, None);

    // One check-in: it is both the baseline and the current value: 0.
    let one = score_key_result(
        &metric(None, 100.0, vec![number("2026-10-01", 50.0)]),
        date(MID_Q4),
    );
    assert_eq!(one.baseline, Some(50.0));
    assert_eq!(one.current, Some(CheckinValue::Number(50.0)));
    close(one.progress, 0.0);

    // A later check-in moves it: (75 − 50) / (100 − 50) = 0.5.
    let two = metric(
        None,
        100.0,
        vec![number("2026-10-01", 50.0), number("2026-11-01", 75.0)],
    );
    let scored = score_key_result(&two, date(MID_Q4));
    assert_eq!(scored.baseline, Some(50.0));
    close(scored.progress, 0.5);

    // The first check-in is the first one on or before the as-of date.
    let later = score_key_result(&two, date("2026-10-15"));
    assert_eq!(later.baseline, Some(50.0));
    assert_eq!(later.current, Some(CheckinValue::Number(50.0)));
    close(later.progress, 0.0);
    let before_any = score_key_result(&two, date("2026-09-30"));
    assert_eq!(before_any.baseline, None);
    assert_eq!(before_any.progress, None);
}

#[test]
fn without_checkins_the_current_value_is_the_baseline() {
    let scored = score_key_result(&metric(Some(10.0), 20.0, vec![]), date(MID_Q4));
    assert_eq!(scored.current, Some(CheckinValue::Number(10.0)));
    // The baseline is shown, but no result is in: not scored, not 0.
    assert_eq!(scored.progress, None);
    assert_eq!(scored.score, None);
}

// ---------------------------------------------------------------- guardrails

#[test]
fn guardrail_at_most_keeps_its_limit_including_exactly_at_it() {
    let at = |value| {
        progress_of(&guardrail(
            Direction::AtMost,
            Some(250.0),
            300.0,
            vec![number("2026-11-01", value)],
        ))
    };
    close(at(200.0), 1.0);
    close(at(300.0), 1.0);
    close(at(300.000001), 0.0);
    close(at(450.0), 0.0);
    close(guardrail_progress(300.0, 300.0, Direction::AtMost), 1.0);
}

#[test]
fn guardrail_at_least_keeps_its_limit_including_exactly_at_it() {
    let at = |value| {
        progress_of(&guardrail(
            Direction::AtLeast,
            Some(97.0),
            95.0,
            vec![number("2026-11-01", value)],
        ))
    };
    close(at(99.0), 1.0);
    close(at(95.0), 1.0);
    close(at(94.999), 0.0);
    close(at(10.0), 0.0);
    close(guardrail_progress(95.0, 95.0, Direction::AtLeast), 1.0);
}

#[test]
fn guardrail_uses_the_latest_checkin_else_the_baseline() {
    // No check-in: the baseline is the current value shown, but it is no
    // result: not scored, whichever side of the limit it is on.
    let kept = score_key_result(
        &guardrail(Direction::AtMost, Some(250.0), 300.0, vec![]),
        date(MID_Q4),
    );
    assert_eq!(kept.current, Some(CheckinValue::Number(250.0)));
    assert_eq!(kept.score, None);
    assert_eq!(
        progress_of(&guardrail(Direction::AtMost, Some(350.0), 300.0, vec![])),
        None
    );
    // No check-in and no baseline: nothing is known, not scored.
    let unknown = score_key_result(
        &guardrail(Direction::AtMost, None, 300.0, vec![]),
        date(MID_Q4),
    );
    assert_eq!(unknown.current, None);
    assert_eq!(unknown.progress, None);
    // The first check-in decides: kept.
    close(
        progress_of(&guardrail(
            Direction::AtMost,
            Some(350.0),
            300.0,
            vec![number("2026-10-10", 250.0)],
        )),
        1.0,
    );
    // Broken then kept again: the latest counts.
    let kr = guardrail(
        Direction::AtMost,
        Some(250.0),
        300.0,
        vec![number("2026-10-10", 400.0), number("2026-11-10", 280.0)],
    );
    close(progress_of(&kr), 1.0);
    // Kept then broken.
    let kr = guardrail(
        Direction::AtMost,
        Some(250.0),
        300.0,
        vec![number("2026-10-10", 280.0), number("2026-11-10", 400.0)],
    );
    close(progress_of(&kr), 0.0);
    // The guardrail's baseline is reported as written.
    assert_eq!(score_key_result(&kr, date(MID_Q4)).baseline, Some(250.0));
}

// ---------------------------------------------------------------- milestones

#[test]
fn milestone_is_one_when_the_latest_checkin_is_true() {
    let none = score_key_result(&milestone(vec![]), date(MID_Q4));
    assert_eq!(none.current, None);
    // Not checked in: not scored, rather than not done.
    assert_eq!(none.progress, None);
    assert_eq!(none.score, None);
    close(progress_of(&milestone(vec![done("2026-10-10", true)])), 1.0);
    close(
        progress_of(&milestone(vec![done("2026-10-10", false)])),
        0.0,
    );
    // The latest wins, both ways.
    close(
        progress_of(&milestone(vec![
            done("2026-10-10", true),
            done("2026-11-01", false),
        ])),
        0.0,
    );
    close(
        progress_of(&milestone(vec![
            done("2026-10-10", false),
            done("2026-11-01", true),
        ])),
        1.0,
    );
    let scored = score_key_result(
        &milestone(vec![done("2026-10-10", false), done("2026-11-01", true)]),
        date(MID_Q4),
    );
    assert_eq!(scored.current, Some(CheckinValue::Done(true)));
    assert_eq!(scored.baseline, None);
    assert_eq!(scored.latest, Some(1));
}

#[test]
fn checkins_are_ordered_by_date_and_same_day_ones_keep_their_written_order() {
    // Written out of order: the model sorts by date, so 2026-11-10 (false) is the latest.
    let o = objective(
        "title: T
period: 2026-Q4
owner: A
key_results:
  - title: M
    kind: milestone
    checkins:
      - date: 2026-11-10
        value: false
      - date: 2026-10-01
        value: true
",
    );
    let kr = &o.key_results[0];
    assert_eq!(kr.checkins[0].date, date("2026-10-01"));
    assert_eq!(kr.checkins[1].date, date("2026-11-10"));
    close(progress_of(kr), 0.0);

    // Two on the same day: the one written last is the latest.
    let o = objective(
        "title: T
period: 2026-Q4
owner: A
key_results:
  - title: M
    kind: milestone
    checkins:
      - date: 2026-11-01
        value: false
      - date: 2026-11-01
        value: true
",
    );
    close(progress_of(&o.key_results[0]), 1.0);
}

// ---------------------------------------------------------------- the as-of cut

#[test]
fn checkins_after_the_as_of_date_are_ignored_and_one_on_it_counts() {
    let kr = metric(
        Some(0.0),
        100.0,
        vec![
            number("2026-10-01", 20.0),
            number("2026-11-15", 40.0),
            number("2026-11-16", 90.0),
        ],
    );
    // On 2026-11-15 itself the 11-15 check-in counts: 0.4.
    let on = score_key_result(&kr, date("2026-11-15"));
    assert_eq!(on.current, Some(CheckinValue::Number(40.0)));
    assert_eq!(on.latest, Some(1));
    close(on.progress, 0.4);
    // The day before, it does not: 0.2.
    close(score_key_result(&kr, date("2026-11-14")).progress, 0.2);
    // The day after, the 11-16 check-in counts: 0.9.
    close(score_key_result(&kr, date("2026-11-16")).progress, 0.9);
    // Before every check-in: the baseline is the current value, but
    // nothing is measured yet: no progress, no score (not 0).
    let before = score_key_result(&kr, date("2026-09-01"));
    assert_eq!(before.current, Some(CheckinValue::Number(0.0)));
    assert_eq!(before.latest, None);
    assert_eq!(before.progress, None);
    assert_eq!(before.score, None);

    // Milestones too: done only after the as-of date is not checked in yet.
    let m = milestone(vec![done("2026-11-20", true)]);
    assert_eq!(score_key_result(&m, date(MID_Q4)).progress, None);
    close(score_key_result(&m, date("2026-11-20")).progress, 1.0);
    // A guardrail broken only after the as-of date is still kept.
    let g = guardrail(
        Direction::AtMost,
        Some(250.0),
        300.0,
        vec![number("2026-11-01", 290.0), number("2026-11-30", 500.0)],
    );
    close(score_key_result(&g, date(MID_Q4)).progress, 1.0);
}

// ---------------------------------------------------------------- overrides and weights

#[test]
fn a_written_key_result_score_overrides_the_computed_one() {
    let mut kr = metric(Some(0.0), 10.0, vec![number("2026-11-01", 10.0)]);
    kr.score = Some(0.25);
    let scored = score_key_result(&kr, date(MID_Q4));
    close(scored.progress, 1.0);
    close(scored.score, 0.25);
    assert!(scored.overridden);
    // A written 0 is a score too, not "absent".
    kr.score = Some(0.0);
    close(score_key_result(&kr, date(MID_Q4)).score, 0.0);
    // Overrides milestones as well.
    let mut m = milestone(vec![]);
    m.score = Some(0.8);
    close(score_key_result(&m, date(MID_Q4)).score, 0.8);
}

#[test]
fn weighted_average_of_scores() {
    // (1 × 3 + 0 × 1) / 4 = 0.75
    close(weighted_average([(1.0, 3.0), (0.0, 1.0)]), 0.75);
    // (0.5 × 2 + 1 × 1 + 0 × 1) / 4 = 0.5
    close(weighted_average([(0.5, 2.0), (1.0, 1.0), (0.0, 1.0)]), 0.5);
    // A zero weight leaves a key result out.
    close(weighted_average([(1.0, 1.0), (0.0, 0.0)]), 1.0);
    // All weights zero: 0, not NaN.
    let all_zero = weighted_average([(1.0, 0.0), (0.5, 0.0)]);
    assert!(all_zero.is_some_and(f64::is_finite));
    close(all_zero, 0.0);
    // No key results, or none scored: no score at all, not 0.
    assert_eq!(weighted_average(Vec::<(f64, f64)>::new()), None);
    assert_eq!(weighted_average([(None, 1.0), (None, 2.0)]), None);
    // The unscored are left out, weights and all: (0.5 × 2) / 2.
    close(weighted_average([(Some(0.5), 2.0), (None, 5.0)]), 0.5);
}

const WEIGHTED: &str = "\
title: Weighted
period: 2026-Q4
owner: A
key_results:
  - title: Half way
    baseline: 0
    target: 10
    weight: 3
    checkins:
      - date: 2026-11-01
        value: 5
  - title: Done
    kind: milestone
    weight: 1
    checkins:
      - date: 2026-11-01
        value: true
  - title: Ignored by weight
    baseline: 0
    target: 10
    weight: 0
";

#[test]
fn objective_score_is_the_weighted_average_of_its_key_results() {
    let o = objective(WEIGHTED);
    assert_eq!(o.key_results[0].weight, 3.0);
    assert_eq!(o.key_results[2].weight, 0.0);
    let scored = score_objective(&o, CAL, date(MID_Q4));
    // (0.5 × 3 + 1 × 1 + 0 × 0) / 4 = 0.625
    close(scored.score, 0.625);
    assert!(!scored.graded);
    assert_eq!(scored.key_results.len(), 3);
    close(scored.key_results[0].score, 0.5);
    close(scored.key_results[1].score, 1.0);
    // Never checked in: not scored (its weight is 0 anyway).
    assert_eq!(scored.key_results[2].score, None);
    close(scored.expected, 0.5);
    assert_eq!(scored.status, Status::OnTrack);

    // A key result's written score feeds the average once it counts (from
    // its `scored_on`): (0.5 × 3 + 0.2 × 1) / 4 = 0.425.
    let mut o = objective(WEIGHTED);
    o.key_results[1].score = Some(0.2);
    o.key_results[1].scored_on = Some(date("2026-11-01"));
    close(score_objective(&o, CAL, date(MID_Q4)).score, 0.425);

    // All weights zero: 0.
    let mut o = objective(WEIGHTED);
    for kr in &mut o.key_results {
        kr.weight = 0.0;
    }
    close(score_objective(&o, CAL, date(MID_Q4)).score, 0.0);

    // No key results: no score, and no data to call it off track on.
    let mut o = objective(WEIGHTED);
    o.key_results.clear();
    let scored = score_objective(&o, CAL, date(MID_Q4));
    assert_eq!(scored.score, None);
    assert_eq!(scored.status, Status::NoData);
}

#[test]
fn grade_score_overrides_the_objective_score() {
    let mut o = objective(WEIGHTED);
    // Dated before the as-of date, so it counts (see tests/grade_dates.rs
    // for a grade before its date).
    o.grade = Some(Grade {
        score: Some(0.9),
        date: Some(date("2026-11-01")),
        learned: None,
        next: None,
    });
    let scored = score_objective(&o, CAL, date(MID_Q4));
    close(scored.score, 0.9);
    assert!(scored.graded);
    // A grade given is final, even in a running period.
    assert_eq!(scored.status, Status::Final);
    // The key results keep their own scores.
    close(scored.key_results[0].score, 0.5);

    // A grade of 0 is a grade.
    o.grade.as_mut().unwrap().score = Some(0.0);
    let scored = score_objective(&o, CAL, date(MID_Q4));
    close(scored.score, 0.0);
    assert!(scored.graded);

    // A grade without a score (only what was learned) leaves the computed score.
    o.grade.as_mut().unwrap().score = None;
    let scored = score_objective(&o, CAL, date(MID_Q4));
    close(scored.score, 0.625);
    assert!(!scored.graded);

    // Read from front matter.
    let graded = objective(&format!(
        "{WEIGHTED}grade:\n  score: 0.7\n  learned: Less is more.\n  next: continue\n"
    ));
    close(score_objective(&graded, CAL, date("2027-01-05")).score, 0.7);
    assert_eq!(
        score_objective(&graded, CAL, date("2027-01-05")).status,
        Status::Final
    );
}

// ---------------------------------------------------------------- status

#[test]
fn status_thresholds_at_their_exact_boundaries() {
    let q4 = period("2026-Q4");
    let as_of = date(MID_Q4);
    close(q4.elapsed_fraction(CAL, as_of), 0.5);
    // on-track when score ≥ expected − 0.15 = 0.35
    assert_eq!(status(q4, CAL, as_of, 1.0), Status::OnTrack);
    assert_eq!(status(q4, CAL, as_of, 0.5), Status::OnTrack);
    assert_eq!(status(q4, CAL, as_of, 0.35), Status::OnTrack);
    assert_eq!(status(q4, CAL, as_of, 0.3499), Status::AtRisk);
    // at-risk when score ≥ expected − 0.35 = 0.15
    assert_eq!(status(q4, CAL, as_of, 0.2), Status::AtRisk);
    assert_eq!(status(q4, CAL, as_of, 0.15), Status::AtRisk);
    assert_eq!(status(q4, CAL, as_of, 0.1499), Status::OffTrack);
    assert_eq!(status(q4, CAL, as_of, 0.0), Status::OffTrack);
}

#[test]
fn status_boundaries_hold_for_other_expected_fractions() {
    // 2026-Q4 as of 2026-12-08: 69 of 92 days, expected 0.75; thresholds 0.6 and 0.4.
    let q4 = period("2026-Q4");
    let as_of = date("2026-12-08");
    close(q4.elapsed_fraction(CAL, as_of), 0.75);
    assert_eq!(status(q4, CAL, as_of, 0.6), Status::OnTrack);
    assert_eq!(status(q4, CAL, as_of, 0.5999), Status::AtRisk);
    assert_eq!(status(q4, CAL, as_of, 0.4), Status::AtRisk);
    assert_eq!(status(q4, CAL, as_of, 0.3999), Status::OffTrack);
}

#[test]
fn status_before_during_and_after_a_period() {
    let q4 = period("2026-Q4");
    // The day before it starts: not started, whatever the score.
    assert_eq!(status(q4, CAL, date("2026-09-30"), 1.0), Status::NotStarted);
    assert_eq!(status(q4, CAL, date("2026-09-30"), 0.0), Status::NotStarted);
    // Its first day: running; 1/92 expected, so a score of 0 is on track.
    assert_eq!(status(q4, CAL, date("2026-10-01"), 0.0), Status::OnTrack);
    // Its last day: still running, the whole period expected: 0.85 is the threshold.
    assert_eq!(status(q4, CAL, date("2026-12-31"), 0.85), Status::OnTrack);
    assert_eq!(status(q4, CAL, date("2026-12-31"), 0.5), Status::OffTrack);
    // The day after: final, whatever the score.
    assert_eq!(status(q4, CAL, date("2027-01-01"), 0.0), Status::Final);
    assert_eq!(status(q4, CAL, date("2027-01-01"), 1.0), Status::Final);

    // Fiscal years: with quarter-start-month 4, 2026-Q1 runs April to June 2026.
    let fq1 = period("2026-Q1");
    assert_eq!(
        status(fq1, APRIL, date("2026-03-31"), 0.5),
        Status::NotStarted
    );
    assert_eq!(status(fq1, APRIL, date("2026-04-01"), 0.5), Status::OnTrack);
    assert_eq!(status(fq1, APRIL, date("2026-07-01"), 0.5), Status::Final);
    // Halves and years.
    assert_eq!(
        status(period("2026-H2"), CAL, date("2026-06-30"), 0.5),
        Status::NotStarted
    );
    // 2026 as of 2026-06-30: 181/365 ≈ 0.496 expected; thresholds ≈ 0.346 and ≈ 0.146.
    assert_eq!(
        status(period("2026"), CAL, date("2026-06-30"), 0.35),
        Status::OnTrack
    );
    assert_eq!(
        status(period("2026"), CAL, date("2026-06-30"), 0.2),
        Status::AtRisk
    );
    assert_eq!(
        status(period("2026"), CAL, date("2026-06-30"), 0.1),
        Status::OffTrack
    );
    assert_eq!(
        status(period("2026"), CAL, date("2027-01-01"), 0.0),
        Status::Final
    );

    assert_eq!(Status::OnTrack.as_str(), "on-track");
    assert_eq!(Status::AtRisk.as_str(), "at-risk");
    assert_eq!(Status::OffTrack.as_str(), "off-track");
    assert_eq!(Status::NotStarted.as_str(), "not-started");
    assert_eq!(Status::Final.as_str(), "final");
}

#[test]
fn objective_status_uses_its_own_period() {
    let o = objective(WEIGHTED);
    assert_eq!(
        score_objective(&o, CAL, date("2026-09-01")).status,
        Status::NotStarted
    );
    close(score_objective(&o, CAL, date("2026-09-01")).expected, 0.0);
    assert_eq!(
        score_objective(&o, CAL, date("2027-02-01")).status,
        Status::Final
    );
    close(score_objective(&o, CAL, date("2027-02-01")).expected, 1.0);
}

// ---------------------------------------------------------------- bands and rounding

#[test]
fn colour_bands() {
    assert_eq!(Band::of(0.0), Band::Red);
    assert_eq!(Band::of(0.39), Band::Red);
    assert_eq!(Band::of(0.4), Band::Yellow);
    assert_eq!(Band::of(0.69), Band::Yellow);
    assert_eq!(Band::of(0.7), Band::Green);
    assert_eq!(Band::of(1.0), Band::Green);
    assert_eq!(Band::Red.as_str(), "red");
    assert_eq!(Band::Yellow.as_str(), "yellow");
    assert_eq!(Band::Green.as_str(), "green");
}

#[test]
fn rounding_for_display_and_export() {
    close(round(2.0 / 3.0, 2), 0.67);
    close(round(2.0 / 3.0, 4), 0.6667);
    close(round(0.475, 4), 0.475);
    close(round(1.0, 2), 1.0);
    close(round(0.0, 4), 0.0);
}
