//! The data behind every chart: a key result's check-ins, an objective's
//! score over time (thinned to what its plot can show), a period's team
//! averages and a team's or person's final scores per period, handed to
//! `charts` to draw.

use super::charts::{self, Chart, KrSeries, ObjectiveSeries};
use super::views::TeamGroup;
use super::Context;
use crate::date::Date;
use crate::model::{CheckinValue, Commitment, Direction, KrKind};
use crate::period::Period;
use crate::score::{self, Status, Tone};
use std::collections::{BTreeMap, BTreeSet};

/// The most points an objective's progress chart gets: more than its plot
/// has pixels across. A year of daily check-ins stays whole.
pub const MAX_OBJECTIVE_POINTS: usize = 400;

/// At most about `max` of the sorted `dates`: the first, and the last of each
/// of `max` equal spans of time between the first and the last.
fn thin_dates(dates: Vec<Date>, max: usize) -> Vec<Date> {
    let (Some(&first), Some(&last)) = (dates.first(), dates.last()) else {
        return dates;
    };
    if dates.len() <= max || max == 0 {
        return dates;
    }
    let start = first.days_since_epoch();
    let span = (last.days_since_epoch() - start).max(0) as i128 + 1;
    let bucket = |date: Date| (date.days_since_epoch() - start) as i128 * max as i128 / span;
    let mut kept = Vec::with_capacity(max + 1);
    kept.push(first);
    for pair in dates.windows(2) {
        if bucket(pair[0]) != bucket(pair[1]) && pair[0] != first {
            kept.push(pair[0]);
        }
    }
    if last != first {
        kept.push(last);
    }
    kept
}

impl Context<'_> {
    /// The progress chart of one key result.
    pub fn key_result_chart(&self, objective: usize, kr_index: usize) -> Option<Chart> {
        let o = &self.handbook.objectives[objective];
        let kr = o.key_results.get(kr_index)?;
        let fiscal = self.handbook.config.fiscal_year;
        let scored = &self.scores[objective].key_results[kr_index];
        // An SVG label takes text only: the title's Markdown is taken out.
        let title = crate::inline::plain(&kr.title);
        let series = KrSeries {
            title: &title,
            kind: kr.kind,
            unit: kr.unit.as_deref(),
            baseline: scored.baseline.or(kr.baseline),
            target: kr.target,
            at_least: kr.direction == Direction::AtLeast,
            checkins: kr
                .checkins
                .iter()
                .filter_map(|c| {
                    // A status update has no value to draw.
                    let value = match c.value? {
                        CheckinValue::Number(n) => n,
                        CheckinValue::Done(done) => f64::from(u8::from(done)),
                    };
                    Some((c.date, value, c.confidence))
                })
                .collect(),
            period_start: o.period.start(fiscal),
            period_last_day: o.period.last_day(fiscal),
            as_of: self.options.as_of,
            hand: scored
                .overridden
                .then_some(kr.score)
                .flatten()
                .map(|score| {
                    let from = score::counts_from(kr.scored_on, o.period.last_day(fiscal));
                    let y = match (kr.kind, kr.baseline.or(scored.baseline), kr.target) {
                        (KrKind::Milestone, _, _) => Some(score),
                        (KrKind::Metric, Some(baseline), Some(target)) => {
                            Some(baseline + score * (target - baseline))
                        }
                        _ => None,
                    };
                    (from, score, y)
                }),
        };
        charts::key_result(&series, &format!("kr-chart-{}", kr_index + 1))
    }

    /// The objective's computed score after each check-in date (and each day a
    /// hand score starts to count), up to the
    /// as-of date. Beyond [`MAX_OBJECTIVE_POINTS`] dates, only the last date
    /// in each of that many equal spans of time is kept (and the first date),
    /// so that the work stays linear in the number of check-ins: scoring every
    /// key result on every date would cost dates × key results.
    pub fn objective_points(&self, objective: usize) -> Vec<(Date, f64)> {
        let o = &self.handbook.objectives[objective];
        let last_day = o.period.last_day(self.handbook.config.fiscal_year);
        // Check-in dates, and the days hand scores start to count.
        let dates: BTreeSet<Date> = o
            .key_results
            .iter()
            .flat_map(|kr| {
                let hand = kr
                    .score
                    .filter(|_| !kr.not_scored)
                    .map(|_| score::counts_from(kr.scored_on, last_day));
                kr.checkins.iter().map(|c| c.date).chain(hand)
            })
            .filter(|d| *d <= self.options.as_of)
            .collect();
        thin_dates(dates.into_iter().collect(), MAX_OBJECTIVE_POINTS)
            .into_iter()
            .filter_map(|date| {
                // Each key result as it was scored that day, hand scores from
                // their dates included, so the line ends at the score the
                // key results give the header. A date on which no key result
                // had a result yet is no point of the chart, not a point at 0.
                let score = score::weighted_average(o.key_results.iter().map(|kr| {
                    (
                        score::score_key_result_in(kr, Some(last_day), date).score,
                        kr.weight,
                    )
                }))?;
                Some((date, score))
            })
            .collect()
    }

    /// The objective's score chart, coloured by the status model: each point
    /// by its tone on its date, the background by pace while the objective
    /// runs (by grade band once it is final), and today's score marked with
    /// the tone its card shows.
    pub fn objective_chart(&self, objective: usize) -> Option<Chart> {
        let o = &self.handbook.objectives[objective];
        let fiscal = self.handbook.config.fiscal_year;
        let scored = &self.scores[objective];
        let pace = !matches!(scored.status, Status::Final | Status::NotStarted);
        let points: Vec<(Date, f64, Tone)> = self
            .objective_points(objective)
            .into_iter()
            .map(|(date, value)| {
                let status = if pace {
                    score::status(o.period, fiscal, date, value)
                } else {
                    Status::Final
                };
                (date, value, score::tone(status, Some(value)))
            })
            .collect();
        if points.is_empty() {
            return None;
        }
        charts::objective_progress(
            &ObjectiveSeries {
                title: &crate::inline::plain(&o.title),
                points: &points,
                period_start: o.period.start(fiscal),
                period_last_day: o.period.last_day(fiscal),
                as_of: self.options.as_of,
                pace,
                today: scored
                    .score
                    .map(|value| (value, score::tone(scored.status, Some(value)))),
            },
            "objective-chart",
        )
    }

    /// Every team's average score in a period, against the expected score
    /// when it is running; each bar coloured by the status model, as the
    /// team's average pill.
    pub fn overview_chart(&self, period: Period, groups: &[TeamGroup]) -> Option<Chart> {
        let fiscal = self.handbook.config.fiscal_year;
        let as_of = self.options.as_of;
        let bars: Vec<(String, f64, Tone)> = groups
            .iter()
            .filter_map(|g| {
                g.average.as_ref().map(|a| {
                    let status = score::status(period, fiscal, as_of, a.value);
                    (
                        g.team.label.clone(),
                        a.value,
                        score::tone(status, Some(a.value)),
                    )
                })
            })
            .collect();
        let running = period.start(fiscal) <= as_of && as_of < period.end(fiscal);
        let expected = running.then(|| period.elapsed_fraction(fiscal, as_of));
        charts::period_overview(&bars, expected, &period.to_string(), "overview-chart")
    }

    /// Final scores per graded period of the given objectives, committed and aspirational apart.
    pub fn history_chart(&self, title: &str, objectives: &[usize], id: &str) -> Option<Chart> {
        let mut by_period: BTreeMap<Period, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
        for &index in objectives {
            let o = &self.handbook.objectives[index];
            if !self.is_graded(o.period) {
                continue;
            }
            let entry = by_period.entry(o.period).or_default();
            match o.commitment {
                Commitment::Committed => entry.0.extend(self.scores[index].score),
                Commitment::Aspirational => entry.1.extend(self.scores[index].score),
            }
        }
        if by_period.is_empty() {
            return None;
        }
        let average = |values: &Vec<f64>| {
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        };
        let periods: Vec<String> = by_period.keys().map(|p| p.to_string()).collect();
        let committed: Vec<Option<f64>> = by_period.values().map(|v| average(&v.0)).collect();
        let aspirational: Vec<Option<f64>> = by_period.values().map(|v| average(&v.1)).collect();
        let mut series = vec![("committed", committed)];
        if aspirational.iter().any(Option::is_some) {
            series.push(("aspirational", aspirational));
        }
        charts::history(title, &periods, &series, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> Date {
        Date::from_days_since_epoch(20_000 + n)
    }

    #[test]
    fn few_dates_are_kept_as_they_are() {
        let dates: Vec<Date> = (0..10).map(day).collect();
        assert_eq!(thin_dates(dates.clone(), 10), dates);
        assert_eq!(thin_dates(Vec::new(), 3), Vec::<Date>::new());
    }

    #[test]
    fn many_dates_are_thinned_to_the_last_of_each_span() {
        let dates: Vec<Date> = (0..10_000).map(day).collect();
        let thinned = thin_dates(dates, 400);
        assert!(thinned.len() <= 402, "{} points", thinned.len());
        assert!(thinned.len() >= 399, "{} points", thinned.len());
        assert_eq!(thinned.first(), Some(&day(0)));
        assert_eq!(thinned.last(), Some(&day(9_999)));
        assert!(thinned.windows(2).all(|w| w[0] < w[1]));
        // Dates bunched on a few days keep each day's last.
        let bunched: Vec<Date> = (0..1_000).map(|n| day(n / 100 * 30)).collect();
        let mut unique = bunched.clone();
        unique.dedup();
        assert_eq!(thin_dates(unique.clone(), 400), unique);
    }
}
