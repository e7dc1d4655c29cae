//! An objective's score chart: its computed score at each check-in date,
//! against the expected score, over the status model's backgrounds: while
//! the period runs, regions by pace (on track, at risk, off track against
//! the expected line); once it is over, the grade bands.

use super::axes::{axes_markup, month_starts_at_most, short_date};
use super::colours::{tone_colour, tone_tint, BLUE, GREY, VERMILION};
use super::legend::{with_legend, Drawn, Legend, LegendResult, Mark};
use super::svg::{dashed, finish, Area, Dash, Frame};
use super::{Chart, Table};
use crate::date::Date;
use crate::score::Tone;
use plotters::prelude::*;

/// What an objective's score chart shows.
pub struct ObjectiveSeries<'a> {
    pub title: &'a str,
    /// The computed score after each check-in date, with its tone on that
    /// date by the status model ([`crate::score::tone`]).
    pub points: &'a [(Date, f64, Tone)],
    pub period_start: Date,
    pub period_last_day: Date,
    pub as_of: Date,
    /// Backgrounds by pace (the period runs, the objective is not graded),
    /// else by grade band.
    pub pace: bool,
    /// The objective's score on the as-of date and its tone, as its card
    /// shows them: marked at the as-of date, so chart and card agree.
    pub today: Option<(f64, Tone)>,
}

/// The tone in words for the chart's "today" mark.
fn today_words(tone: Tone, pace: bool) -> &'static str {
    match (tone, pace) {
        (Tone::Good, true) => "on track",
        (Tone::Warn, true) => "at risk",
        (Tone::Bad, true) => "off track",
        (Tone::Good, false) => "0.7 and up",
        (Tone::Warn, false) => "0.4 to 0.69",
        (Tone::Bad, false) => "below 0.4",
        (Tone::Neutral, _) => "not judged",
    }
}

/// An objective's computed score at each check-in date, against the expected line.
pub fn objective_progress(series: &ObjectiveSeries<'_>, id: &str) -> Option<Chart> {
    let [wide, narrow] = Frame::BOTH
        .map(|frame| with_legend(frame, 220, |area| draw_objective(area, frame, series)));
    let (points, period_start, period_last_day) =
        (series.points, series.period_start, series.period_last_day);
    let description = match points.last() {
        Some((date, score, _)) => format!(
            "Score from {} to {date}: {} at the start, {score:.2} at the latest check-in. The expected line runs from 0 at the period's start to 1 at its end. {}",
            period_start,
            points.first().map(|p| format!("{:.2}", p.1)).unwrap_or_default(),
            if series.pace {
                "The background shows where a score is on track (within 0.15 of expected), at risk (within 0.35) or off track."
            } else {
                "The background shows the grade bands: 0.7 and up, 0.4 to 0.69, below 0.4."
            }
        ),
        None => "No check-ins yet, so no score history.".to_string(),
    };
    let title = format!("Score over the period: {}", series.title);
    Some(Chart {
        svg: finish(wide?, Frame::Wide, id, &title, &description),
        narrow: finish(narrow?, Frame::Narrow, id, &title, &description),
        title,
        table: Table {
            caption: "Score after each check-in".into(),
            headers: vec!["Date".into(), "Score".into(), "Expected".into()],
            rows: points
                .iter()
                .map(|(date, score, _)| {
                    let total = period_start.days_until(period_last_day) as f64 + 1.0;
                    let expected =
                        ((period_start.days_until(*date) + 1) as f64 / total).clamp(0.0, 1.0);
                    vec![
                        date.to_string(),
                        format!("{score:.2}"),
                        format!("{expected:.2}"),
                    ]
                })
                .collect(),
        },
    })
}

/// The regions of the pace background, as polygons: (tone, outline). The
/// expected score on day `x` is the share of the period elapsed by its end
/// (as [`crate::period::Period::elapsed_fraction`] counts it), and a score is
/// on track from expected − 0.15, at risk from expected − 0.35.
fn pace_regions(x: (f64, f64), start: f64, end: f64, top: f64) -> Vec<(Tone, Vec<(f64, f64)>)> {
    let total = (end - start).max(1.0);
    let expected = |day: f64| ((day - start + 1.0) / total).clamp(0.0, 1.0);
    let boundary = |day: f64, k: f64| (expected(day) - k).clamp(0.0, top);
    let mut xs: Vec<f64> = vec![x.0, x.1, start - 1.0, end - 1.0];
    xs.extend([0.15, 0.35].map(|k| start - 1.0 + k * total));
    let mut xs: Vec<f64> = xs.into_iter().map(|v| v.clamp(x.0, x.1)).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let region = |lower: &dyn Fn(f64) -> f64, upper: &dyn Fn(f64) -> f64| {
        let mut outline: Vec<(f64, f64)> = xs.iter().map(|&d| (d, lower(d))).collect();
        outline.extend(xs.iter().rev().map(|&d| (d, upper(d))));
        outline
    };
    vec![
        (Tone::Bad, region(&|_| 0.0, &|d| boundary(d, 0.35))),
        (
            Tone::Warn,
            region(&|d| boundary(d, 0.35), &|d| boundary(d, 0.15)),
        ),
        (Tone::Good, region(&|d| boundary(d, 0.15), &|_| top)),
    ]
}

pub(super) fn draw_objective(
    root: &Area<'_>,
    frame: Frame,
    series: &ObjectiveSeries<'_>,
) -> LegendResult {
    let points = series.points;
    let mut legend = Drawn::default();
    let x_start = series.period_start.days_since_epoch() as f64;
    let x_end = series.period_last_day.days_since_epoch() as f64 + 1.0;
    let x_from = points
        .first()
        .map(|p| p.0.days_since_epoch() as f64)
        .unwrap_or(x_start)
        .min(x_start);
    let x_to = points
        .last()
        .map(|p| p.0.days_since_epoch() as f64 + 1.0)
        .unwrap_or(x_end)
        .max(x_end);
    let ticks = month_starts_at_most(
        Date::from_days_since_epoch(x_from as i64),
        Date::from_days_since_epoch(x_to as i64),
        frame.ticks() + 1,
    );
    let top = 1.05;
    let mut chart = ChartBuilder::on(root)
        .margin_top(12)
        .margin_right(if frame.narrow() { 20 } else { 16 })
        .x_label_area_size(28)
        .y_label_area_size(40)
        .build_cartesian_2d(x_from..x_to, 0f64..top)?;
    let x_labels: Vec<(f64, String)> = ticks.iter().map(|x| (*x, short_date(*x))).collect();
    let y_ticks: Vec<(f64, String)> = (0..=5)
        .map(|i| (f64::from(i) * 0.2, format!("{:.1}", f64::from(i) * 0.2)))
        .collect();
    legend.axes = axes_markup(
        &chart,
        (x_from, x_to),
        (0.0, top),
        &x_labels,
        &y_ticks,
        true,
    );
    if series.pace {
        chart.draw_series(
            pace_regions((x_from, x_to), x_start, x_end, top)
                .into_iter()
                .map(|(tone, outline)| Polygon::new(outline, tone_tint(tone).filled())),
        )?;
        for (tone, label) in [
            (Tone::Good, "on track"),
            (Tone::Warn, "at risk"),
            (Tone::Bad, "off track"),
        ] {
            legend
                .legend
                .push(Legend::new(label, Mark::Band(tone_tint(tone))));
        }
    } else {
        chart.draw_series([
            Rectangle::new([(x_from, 0.0), (x_to, 0.4)], tone_tint(Tone::Bad).filled()),
            Rectangle::new([(x_from, 0.4), (x_to, 0.7)], tone_tint(Tone::Warn).filled()),
            Rectangle::new([(x_from, 0.7), (x_to, top)], tone_tint(Tone::Good).filled()),
        ])?;
        for (tone, label) in [
            (Tone::Good, "0.7 and up"),
            (Tone::Warn, "0.4 to 0.69"),
            (Tone::Bad, "below 0.4"),
        ] {
            legend
                .legend
                .push(Legend::new(label, Mark::Band(tone_tint(tone))));
        }
    }
    let total = (x_end - x_start).max(1.0);
    chart.draw_series(dashed(
        [
            (x_start, (1.0 / total).min(1.0)),
            (x_end - 1.0, 1.0),
            (x_end, 1.0),
        ],
        Dash::new(GREY, "5 4"),
        2,
    ))?;
    legend.legend.push(Legend::new(
        "expected",
        Mark::Dashed(Dash::new(GREY, "5 4"), 2),
    ));
    let as_of_x = series.as_of.days_since_epoch() as f64;
    if as_of_x >= x_from && as_of_x <= x_to {
        chart.draw_series(dashed(
            [(as_of_x, 0.0), (as_of_x, top)],
            Dash::new(VERMILION, "3 3"),
            1,
        ))?;
        legend
            .legend
            .push(Legend::new("as-of date", Mark::Vertical(VERMILION)));
    }
    let mut steps = Vec::new();
    for (index, (date, score, _)) in points.iter().enumerate() {
        let x = date.days_since_epoch() as f64;
        if index > 0 {
            steps.push((x, points[index - 1].1));
        }
        steps.push((x, *score));
    }
    if !steps.is_empty() {
        if let (Some(last), Some((score, _))) = (steps.last().copied(), series.today) {
            if as_of_x > last.0 && as_of_x <= x_to && (score - last.1).abs() < 1e-9 {
                steps.push((as_of_x, score));
            }
        }
        chart.draw_series(LineSeries::new(steps, BLUE.stroke_width(2)))?;
        legend
            .legend
            .push(Legend::new("score", Mark::Line(BLUE, 2)));
        // Each point in its tone's colour and shape, as on the pages: ●
        // good (and neutral), ▲ warn, ■ bad.
        let at = |tone: Tone| {
            points
                .iter()
                .filter(move |p| p.2 == tone)
                .map(|(date, score, _)| (date.days_since_epoch() as f64, *score))
        };
        let outline = WHITE.stroke_width(1);
        for tone in [Tone::Good, Tone::Neutral] {
            let fill = tone_colour(tone).filled();
            chart.draw_series(at(tone).map(|p| {
                EmptyElement::at(p) + Circle::new((0, 0), 5, fill) + Circle::new((0, 0), 5, outline)
            }))?;
        }
        let fill = tone_colour(Tone::Warn).filled();
        chart.draw_series(at(Tone::Warn).map(|p| {
            // Plotters fills a triangle whatever its style: the outline is
            // a larger paper-coloured one under it.
            EmptyElement::at(p)
                + TriangleMarker::new((0, 0), 9, WHITE.filled())
                + TriangleMarker::new((0, 0), 7, fill)
        }))?;
        let fill = tone_colour(Tone::Bad).filled();
        chart.draw_series(at(Tone::Bad).map(|p| {
            EmptyElement::at(p)
                + Rectangle::new([(-5, -5), (5, 5)], fill)
                + Rectangle::new([(-5, -5), (5, 5)], outline)
        }))?;
    }
    if let Some((score, tone)) = series.today {
        let x = as_of_x.clamp(x_from, x_to);
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, score.clamp(0.0, 1.0)))
                + Circle::new((0, 0), 9, tone_colour(tone).stroke_width(2)),
        ))?;
        legend.legend.push(Legend::new(
            format!("today {score:.2}: {}", today_words(tone, series.pace)),
            Mark::Hollow(tone_colour(tone)),
        ));
    }
    Ok(legend)
}
