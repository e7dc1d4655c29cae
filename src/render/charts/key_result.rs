//! A key result's progress chart: check-in values over the period with
//! baseline, target, the ideal path and the as-of date, a guardrail's
//! allowed band or a milestone's step, shaded by confidence.

use super::axes::{axes_markup, format_value, month_starts_at_most, nice_ticks, short_date};
use super::colours::{BLUE, GREEN, GREY, PURPLE, VERMILION};
use super::legend::{with_legend, Drawn, Legend, LegendResult, Mark};
use super::svg::{dashed, escape, finish, text_width, Area, Dash, Frame, HEIGHT};
use super::{Chart, Table};
use crate::date::Date;
use plotters::prelude::*;

/// What a key result's progress chart needs.
pub struct KrSeries<'a> {
    pub title: &'a str,
    pub kind: crate::model::KrKind,
    pub unit: Option<&'a str>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub at_least: bool,
    /// (date, value, confidence); milestone values are 0 or 1.
    pub checkins: Vec<(Date, f64, Option<f64>)>,
    pub period_start: Date,
    pub period_last_day: Date,
    pub as_of: Date,
    /// A hand score that counts on the as-of date: (the day it counts from,
    /// the score 0..1, where to draw it in the chart's values; `None` where
    /// a score has no place among the values, as for a guardrail).
    pub hand: Option<(Date, f64, Option<f64>)>,
}

/// Check-in values over the period, with baseline, target, the ideal path,
/// the as-of date, a guardrail's allowed band or a milestone's step.
pub fn key_result(series: &KrSeries<'_>, id: &str) -> Option<Chart> {
    let [wide, narrow] = Frame::BOTH
        .map(|frame| with_legend(frame, HEIGHT, |area| draw_key_result(area, frame, series)));
    let unit = series.unit.map(|u| format!(" {u}")).unwrap_or_default();
    let latest = series.checkins.iter().rev().find(|c| c.0 <= series.as_of);
    let description = match (series.kind, latest) {
        (crate::model::KrKind::Milestone, Some((_, v, _))) => format!(
            "Milestone {} as of {}; drawn from {}.",
            if *v >= 1.0 { "done" } else { "not done" },
            series.as_of,
            match milestone_start(series) {
                MilestoneStart::PeriodStart =>
                    format!("the period's start, {}", series.period_start),
                MilestoneStart::FirstCheckin(date) =>
                    format!("its first check-in on {date}: nothing was recorded before it"),
            }
        ),
        (_, Some((date, value, _))) => format!(
            "{} check-ins from {} to {}. Latest value {}{unit} on {date}{}{}.",
            series.checkins.len(),
            series.period_start,
            series.period_last_day,
            format_value(*value),
            series
                .baseline
                .map(|b| format!(", baseline {}{unit}", format_value(b)))
                .unwrap_or_default(),
            series
                .target
                .map(|t| format!(", target {}{unit}", format_value(t)))
                .unwrap_or_default(),
        ),
        (_, None) => "No check-ins yet.".to_string(),
    };
    let description = match series.hand {
        Some((date, score, _)) => {
            format!("{description} Scored {score:.2} by hand from {date}.")
        }
        None => description,
    };
    let title = format!("Progress of {}", series.title);
    Some(Chart {
        svg: finish(wide?, Frame::Wide, id, &title, &description),
        narrow: finish(narrow?, Frame::Narrow, id, &title, &description),
        title,
        table: Table {
            caption: format!("Check-ins of {}", series.title),
            headers: vec!["Date".into(), format!("Value{unit}"), "Confidence".into()],
            rows: series
                .checkins
                .iter()
                .map(|(date, value, confidence)| {
                    vec![
                        date.to_string(),
                        if series.kind == crate::model::KrKind::Milestone {
                            if *value >= 1.0 { "done" } else { "not done" }.to_string()
                        } else {
                            format_value(*value)
                        },
                        confidence
                            .map(crate::model::confidence_text)
                            .unwrap_or_default(),
                    ]
                })
                .collect(),
        },
    })
}

/// Where a milestone's line starts: at the period's start when a check-in
/// on or before it says how things stood, else at its first check-in, since
/// nothing says it was "not done" before anyone looked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum MilestoneStart {
    PeriodStart,
    FirstCheckin(Date),
}

pub(super) fn milestone_start(s: &KrSeries<'_>) -> MilestoneStart {
    match s.checkins.iter().find(|c| c.0 <= s.as_of) {
        Some((date, _, _)) if *date > s.period_start => MilestoneStart::FirstCheckin(*date),
        _ => MilestoneStart::PeriodStart,
    }
}

/// A value with its unit as the pages write it (`99.5%`, `400 ms`).
pub(super) fn with_unit(value: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}%", format_value(value)),
        Some(unit) => format!("{} {unit}", format_value(value)),
        None => format_value(value),
    }
}

/// Units short enough to go on every axis label; a longer one ("payouts/min")
/// is written once, above the axis.
fn short_unit(unit: Option<&str>) -> bool {
    unit.is_none_or(|u| u.chars().count() <= 5)
}

pub(super) fn confidence_shade(confidence: Option<f64>) -> (RGBAColor, &'static str) {
    match confidence {
        // The bands pages name confidence by.
        Some(c) => match crate::model::confidence_word(c) {
            "high" => (BLUE.mix(1.0), "high"),
            "medium" => (BLUE.mix(0.6), "medium"),
            _ => (BLUE.mix(0.25), "low"),
        },
        None => (WHITE.mix(1.0), "none"),
    }
}

pub(super) fn draw_key_result(root: &Area<'_>, frame: Frame, s: &KrSeries<'_>) -> LegendResult {
    use crate::model::KrKind;
    let start = s.period_start.days_since_epoch() as f64;
    let last = s.period_last_day.days_since_epoch() as f64;
    let first_checkin = s
        .checkins
        .first()
        .map(|c| c.0.days_since_epoch() as f64)
        .unwrap_or(start);
    let last_checkin = s
        .checkins
        .last()
        .map(|c| c.0.days_since_epoch() as f64)
        .unwrap_or(last);
    let x_from = start.min(first_checkin);
    // A hand score given after the period (a final score written days
    // later) is drawn on its day, so the axis reaches it.
    let hand_day = s.hand.map_or(last, |h| h.0.days_since_epoch() as f64);
    let x_to = last.max(last_checkin).max(hand_day) + 1.0;
    let milestone = s.kind == KrKind::Milestone;
    let (y_from, y_to) = if milestone {
        (-0.1, 1.15)
    } else {
        let mut values: Vec<f64> = s.checkins.iter().map(|c| c.1).collect();
        values.extend(s.hand.and_then(|h| h.2));
        values.extend(s.baseline);
        values.extend(s.target);
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !lo.is_finite() {
            (0.0, 1.0)
        } else {
            let span = (hi - lo).abs();
            let pad = if span > 0.0 {
                span * 0.15
            } else {
                hi.abs().max(1.0) * 0.05
            };
            (lo - pad, hi + pad)
        }
    };
    let x_ticks = month_starts_at_most(
        Date::from_days_since_epoch(x_from as i64),
        Date::from_days_since_epoch(x_to as i64),
        frame.ticks() + 1,
    );
    // The y axis: the baseline and the target (a guardrail's limit) with
    // their unit, and round values between them kept clear of those.
    let unit_on_ticks = short_unit(s.unit);
    let tick_unit = if unit_on_ticks { s.unit } else { None };
    let y_ticks: Vec<(f64, String)> = if milestone {
        vec![(0.0, "not done".to_string()), (1.0, "done".to_string())]
    } else {
        let marked: Vec<f64> = s.baseline.into_iter().chain(s.target).collect();
        let clear = (y_to - y_from) * 0.1;
        let mut ticks: Vec<(f64, String)> = nice_ticks(y_from, y_to, frame.ticks())
            .into_iter()
            .filter(|y| marked.iter().all(|m| (m - y).abs() >= clear))
            .map(|y| (y, with_unit(y, tick_unit)))
            .collect();
        ticks.extend(marked.iter().map(|&m| (m, with_unit(m, tick_unit))));
        ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
        ticks.dedup_by(|a, b| a.1 == b.1);
        ticks
    };
    let label_area = y_ticks
        .iter()
        .map(|(_, label)| text_width(label))
        .max()
        .unwrap_or(30)
        + 14;
    let mut chart = ChartBuilder::on(root)
        .margin_top(if unit_on_ticks { 12 } else { 26 })
        .margin_right(if frame.narrow() { 20 } else { 16 })
        .x_label_area_size(28)
        .y_label_area_size(label_area.min(if frame.narrow() { 96 } else { 130 }))
        .build_cartesian_2d(x_from..x_to, y_from..y_to)?;
    let x_labels: Vec<(f64, String)> = x_ticks.iter().map(|x| (*x, short_date(*x))).collect();
    let mut axes = axes_markup(
        &chart,
        (x_from, x_to),
        (y_from, y_to),
        &x_labels,
        &y_ticks,
        true,
    );
    if let (Some(unit), false) = (s.unit, unit_on_ticks || milestone) {
        // Above the axis, in the axes' group, which gives it their colour.
        let (left, top) = chart.backend_coord(&(x_from, y_to));
        let close = axes.rfind("</g>").unwrap_or(axes.len());
        axes.insert_str(
            close,
            &format!(
                "<text x=\"{left}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                top - 8,
                escape(unit)
            ),
        );
    }
    let mut legend = Drawn {
        legend: Vec::new(),
        axes,
    };

    if let (KrKind::Guardrail, Some(limit)) = (s.kind, s.target) {
        let (lo, hi) = if s.at_least {
            (limit, y_to)
        } else {
            (y_from, limit)
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x_from, lo), (x_to, hi)],
            GREEN.mix(0.12).filled(),
        )))?;
        legend
            .legend
            .push(Legend::new("allowed range", Mark::Band(GREEN.mix(0.25))));
    }
    if !milestone {
        if let Some(baseline) = s.baseline {
            chart.draw_series(dashed(
                [(x_from, baseline), (x_to, baseline)],
                Dash::new(GREY, "4 4"),
                1,
            ))?;
            legend.legend.push(Legend::new(
                format!("baseline {}", with_unit(baseline, s.unit)),
                Mark::Dashed(Dash::new(GREY, "4 4"), 1),
            ));
        }
        if let Some(target) = s.target {
            let label = if s.kind == KrKind::Guardrail {
                "limit"
            } else {
                "target"
            };
            chart.draw_series(dashed(
                [(x_from, target), (x_to, target)],
                Dash::new(GREEN, "6 3"),
                2,
            ))?;
            legend.legend.push(Legend::new(
                format!("{label} {}", with_unit(target, s.unit)),
                Mark::Dashed(Dash::new(GREEN, "6 3"), 2),
            ));
        }
        if let (KrKind::Metric, Some(baseline), Some(target)) = (s.kind, s.baseline, s.target) {
            chart.draw_series(dashed(
                [(start, baseline), (last + 1.0, target)],
                Dash::new(PURPLE, "2 4"),
                2,
            ))?;
            legend.legend.push(Legend::new(
                "ideal path",
                Mark::Dashed(Dash::new(PURPLE, "2 4"), 2),
            ));
        }
    }
    let as_of = s.as_of.days_since_epoch() as f64;
    if as_of >= x_from && as_of <= x_to {
        chart.draw_series(dashed(
            [(as_of, y_from), (as_of, y_to)],
            Dash::new(VERMILION, "3 3"),
            1,
        ))?;
        legend
            .legend
            .push(Legend::new("as-of date", Mark::Vertical(VERMILION)));
    }
    let points: Vec<(f64, f64, Option<f64>)> = s
        .checkins
        .iter()
        .filter(|c| c.0 <= s.as_of)
        .map(|(date, value, confidence)| (date.days_since_epoch() as f64, *value, *confidence))
        .collect();
    if milestone && !points.is_empty() {
        // From the period's start only when a check-in then says how things
        // stood; else from the first check-in (see `milestone_start`).
        let start_at = milestone_start(s);
        let mut steps = Vec::new();
        let mut level = points[0].1;
        if start_at == MilestoneStart::PeriodStart {
            steps.push((start.max(x_from), level));
        }
        for (x, value, _) in &points {
            steps.push((*x, level));
            level = *value;
            steps.push((*x, level));
        }
        steps.push((as_of.min(x_to), level));
        chart.draw_series(LineSeries::new(steps, BLUE.stroke_width(2)))?;
        legend.legend.push(Legend::new(
            match start_at {
                MilestoneStart::PeriodStart => "done or not, from the period's start".to_string(),
                MilestoneStart::FirstCheckin(date) => {
                    format!(
                        "done or not, from the first check-in ({})",
                        short_date(date.days_since_epoch() as f64)
                    )
                }
            },
            Mark::Line(BLUE, 2),
        ));
    } else if !points.is_empty() {
        chart.draw_series(LineSeries::new(
            points.iter().map(|p| (p.0, p.1)),
            BLUE.stroke_width(2),
        ))?;
        legend
            .legend
            .push(Legend::new("check-ins", Mark::Line(BLUE, 2)));
    }
    chart.draw_series(points.iter().map(|(x, y, confidence)| {
        let (fill, _) = confidence_shade(*confidence);
        EmptyElement::at((*x, *y))
            + Circle::new((0, 0), 5, fill.filled())
            + Circle::new((0, 0), 5, BLUE.stroke_width(1))
    }))?;
    // The hand score, where the header's score comes from, so the chart
    // and the header agree.
    if let Some((date, score, Some(y))) = s.hand {
        let x = date.days_since_epoch() as f64;
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, y))
                + Circle::new((0, 0), 7, PURPLE.filled())
                + Circle::new((0, 0), 7, WHITE.stroke_width(2)),
        ))?;
        legend.legend.push(Legend::new(
            format!("hand score {score:.2}"),
            Mark::Dot(PURPLE.mix(1.0)),
        ));
    }
    for (shade, label) in [
        (Some(0.9), "high confidence"),
        (Some(0.6), "medium confidence"),
        (Some(0.3), "low confidence"),
        (None, "confidence not given"),
    ] {
        if points
            .iter()
            .any(|p| confidence_shade(p.2).1 == confidence_shade(shade).1)
        {
            legend
                .legend
                .push(Legend::new(label, Mark::Dot(confidence_shade(shade).0)));
        }
    }
    Ok(legend)
}
