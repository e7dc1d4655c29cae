//! An objective's score chart: its computed score at each check-in date,
//! against the expected score, over the score bands.

use super::axes::{axes_markup, month_starts, short_date};
use super::colours::{band_colour, BLUE, GREEN, GREY, ORANGE, VERMILION};
use super::legend::{with_legend, Drawn, Legend, LegendResult, Mark};
use super::svg::{dashed, finish, Area, Dash};
use super::{Chart, Table};
use crate::date::Date;
use plotters::prelude::*;

/// An objective's computed score at each check-in date, against the expected line.
pub fn objective_progress(
    title: &str,
    points: &[(Date, f64)],
    period_start: Date,
    period_last_day: Date,
    as_of: Date,
    id: &str,
) -> Option<Chart> {
    let svg = with_legend(220, |area| {
        draw_objective(area, points, period_start, period_last_day, as_of)
    })?;
    let description = match points.last() {
        Some((date, score)) => format!(
            "Score from {} to {date}: {} at the start, {score:.2} at the latest check-in. The expected line runs from 0 at the period's start to 1 at its end.",
            period_start,
            points.first().map(|p| format!("{:.2}", p.1)).unwrap_or_default(),
        ),
        None => "No check-ins yet, so no score history.".to_string(),
    };
    let title = format!("Score over the period: {title}");
    Some(Chart {
        svg: finish(svg, id, &title, &description),
        title,
        table: Table {
            caption: "Score after each check-in".into(),
            headers: vec!["Date".into(), "Score".into(), "Expected".into()],
            rows: points
                .iter()
                .map(|(date, score)| {
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

pub(super) fn draw_objective(
    root: &Area<'_>,
    points: &[(Date, f64)],
    start: Date,
    last: Date,
    as_of: Date,
) -> LegendResult {
    let mut legend = Drawn::default();
    let x_start = start.days_since_epoch() as f64;
    let x_end = last.days_since_epoch() as f64 + 1.0;
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
    let ticks = month_starts(
        Date::from_days_since_epoch(x_from as i64),
        Date::from_days_since_epoch(x_to as i64),
    );
    let mut chart = ChartBuilder::on(root)
        .margin_top(12)
        .margin_right(16)
        .x_label_area_size(28)
        .y_label_area_size(52)
        .build_cartesian_2d(x_from..x_to, 0f64..1.05f64)?;
    let x_labels: Vec<(f64, String)> = ticks.iter().map(|x| (*x, short_date(*x))).collect();
    let y_ticks: Vec<(f64, String)> = (0..=5)
        .map(|i| (f64::from(i) * 0.2, format!("{:.1}", f64::from(i) * 0.2)))
        .collect();
    legend.axes = axes_markup(&chart, (x_from, x_to), (0.0, 1.05), &x_labels, &y_ticks);
    chart.draw_series([
        Rectangle::new([(x_from, 0.0), (x_to, 0.4)], VERMILION.mix(0.06).filled()),
        Rectangle::new([(x_from, 0.4), (x_to, 0.7)], ORANGE.mix(0.08).filled()),
        Rectangle::new([(x_from, 0.7), (x_to, 1.05)], GREEN.mix(0.08).filled()),
    ])?;
    chart.draw_series(dashed(
        [(x_start, 0.0), (x_end, 1.0)],
        Dash::new(GREY, "5 4"),
        2,
    ))?;
    legend.legend.push(Legend::new(
        "expected",
        Mark::Dashed(Dash::new(GREY, "5 4"), 2),
    ));
    let as_of_x = as_of.days_since_epoch() as f64;
    if as_of_x >= x_from && as_of_x <= x_to {
        chart.draw_series(dashed(
            [(as_of_x, 0.0), (as_of_x, 1.05)],
            Dash::new(VERMILION, "3 3"),
            1,
        ))?;
        legend
            .legend
            .push(Legend::new("as-of date", Mark::Vertical(VERMILION)));
    }
    let mut steps = Vec::new();
    for (index, (date, score)) in points.iter().enumerate() {
        let x = date.days_since_epoch() as f64;
        if index > 0 {
            steps.push((x, points[index - 1].1));
        }
        steps.push((x, *score));
    }
    if !steps.is_empty() {
        chart.draw_series(LineSeries::new(steps, BLUE.stroke_width(2)))?;
        legend
            .legend
            .push(Legend::new("score", Mark::Line(BLUE, 2)));
        chart.draw_series(points.iter().map(|(date, score)| {
            Circle::new(
                (date.days_since_epoch() as f64, *score),
                4,
                band_colour(*score).filled(),
            )
        }))?;
    }
    legend.legend.push(Legend::new(
        "0.7 and up: green",
        Mark::Band(GREEN.mix(0.25)),
    ));
    legend.legend.push(Legend::new(
        "0.4 to 0.69: yellow",
        Mark::Band(ORANGE.mix(0.25)),
    ));
    legend.legend.push(Legend::new(
        "below 0.4: red",
        Mark::Band(VERMILION.mix(0.2)),
    ));
    Ok(legend)
}
