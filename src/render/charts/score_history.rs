//! The score history chart of a team or person (and the grading page's
//! trend): final scores across periods, one line per series, with the 0.7 line.

use super::axes::axes_markup;
use super::colours::{marker, BLUE, GREEN, VERMILION};
use super::legend::{with_legend, Drawn, Legend, LegendResult, Mark};
use super::svg::{dashed, finish, Area, Dash, Frame};
use super::{Chart, Table};
use plotters::prelude::*;

/// Scores across periods: one line per series (e.g. committed and aspirational), with the 0.7 line.
pub fn history(
    title: &str,
    periods: &[String],
    series: &[(&str, Vec<Option<f64>>)],
    id: &str,
) -> Option<Chart> {
    if periods.is_empty() {
        return None;
    }
    let [wide, narrow] = Frame::BOTH.map(|frame| {
        with_legend(frame, 220, |area| {
            draw_history(area, frame, periods, series)
        })
    });
    let description = series
        .iter()
        .map(|(name, values)| {
            let shown: Vec<String> = periods
                .iter()
                .zip(values)
                .filter_map(|(p, v)| v.map(|v| format!("{p} {v:.2}")))
                .collect();
            format!(
                "{name}: {}",
                if shown.is_empty() {
                    "none".into()
                } else {
                    shown.join(", ")
                }
            )
        })
        .collect::<Vec<_>>()
        .join(". ");
    let mut headers = vec!["Period".to_string()];
    headers.extend(series.iter().map(|(name, _)| name.to_string()));
    let description = format!("{description}. The line at 0.7 marks a good score.");
    Some(Chart {
        svg: finish(wide?, Frame::Wide, id, title, &description),
        narrow: finish(narrow?, Frame::Narrow, id, title, &description),
        title: title.to_string(),
        table: Table {
            caption: title.to_string(),
            headers,
            rows: periods
                .iter()
                .enumerate()
                .map(|(index, period)| {
                    let mut row = vec![period.clone()];
                    row.extend(series.iter().map(|(_, values)| {
                        values
                            .get(index)
                            .copied()
                            .flatten()
                            .map(|v| format!("{v:.2}"))
                            .unwrap_or_else(|| "—".into())
                    }));
                    row
                })
                .collect(),
        },
    })
}

pub(super) fn draw_history(
    root: &Area<'_>,
    frame: Frame,
    periods: &[String],
    series: &[(&str, Vec<Option<f64>>)],
) -> LegendResult {
    let mut legend = Drawn::default();
    let n = periods.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .margin_top(12)
        .margin_right(24)
        .x_label_area_size(28)
        .y_label_area_size(40)
        .build_cartesian_2d(-0.5f64..n - 0.5, 0f64..1.05f64)?;
    let every = periods.len().div_ceil(if frame.narrow() { 4 } else { 8 });
    let x_labels: Vec<(f64, String)> = periods
        .iter()
        .enumerate()
        .step_by(every)
        .map(|(index, period)| (index as f64, period.clone()))
        .collect();
    let y_ticks: Vec<(f64, String)> = (0..=5)
        .map(|i| (f64::from(i) * 0.2, format!("{:.1}", f64::from(i) * 0.2)))
        .collect();
    legend.axes = axes_markup(
        &chart,
        (-0.5, n - 0.5),
        (0.0, 1.05),
        &x_labels,
        &y_ticks,
        false,
    );
    chart.draw_series(dashed(
        [(-0.5, 0.7), (n - 0.5, 0.7)],
        Dash::new(GREEN, "6 3"),
        2,
    ))?;
    legend.legend.push(Legend::new(
        "0.7, a good score",
        Mark::Dashed(Dash::new(GREEN, "6 3"), 2),
    ));
    let styles = [(BLUE, true), (VERMILION, false)];
    for ((name, values), (colour, filled)) in series.iter().zip(styles.iter().cycle()) {
        let points: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
            .collect();
        let colour = *colour;
        let filled = *filled;
        chart.draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?;
        legend.legend.push(Legend::new(
            *name,
            if filled {
                Mark::Dot(colour.mix(1.0))
            } else {
                Mark::Hollow(colour)
            },
        ));
        chart.draw_series(
            points
                .iter()
                .map(|p| Circle::new(*p, 5, marker(colour, filled))),
        )?;
    }
    Ok(legend)
}
