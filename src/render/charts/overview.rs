//! A period's overview chart: one bar per team, its average score, against
//! the expected score on the as-of date.

use super::colours::{band_colour, GREY, INK, LIGHT_GREY};

use super::svg::{dashed, finish, Area, Dash, DrawResult, FONT, WIDTH};
use super::{Chart, Table};
use plotters::prelude::*;

/// One bar per team: its average score, against the expected score on the as-of date.
pub fn period_overview(
    bars: &[(String, f64)],
    expected: Option<f64>,
    period: &str,
    id: &str,
) -> Option<Chart> {
    if bars.is_empty() {
        return None;
    }
    let row = 30u32;
    let height = 56 + row * bars.len() as u32;
    let longest = bars.iter().map(|b| b.0.chars().count()).max().unwrap_or(4) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        draw_bars(&root, bars, expected, (longest * 7 + 16).min(260)).ok()?;
        root.present().ok()?;
    }
    let description = format!(
        "Average score of each team in {period}{}: {}.",
        expected
            .map(|e| format!(", against an expected score of {e:.2} today"))
            .unwrap_or_default(),
        bars.iter()
            .map(|(name, score)| format!("{name} {score:.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let title = format!("Team scores in {period}");
    Some(Chart {
        svg: finish(svg, id, &title, &description),
        title,
        table: Table {
            caption: format!("Average score per team in {period}"),
            headers: vec!["Team".into(), "Score".into()],
            rows: bars
                .iter()
                .map(|(name, score)| vec![name.clone(), format!("{score:.2}")])
                .collect(),
        },
    })
}

pub(super) fn draw_bars(
    root: &Area<'_>,
    bars: &[(String, f64)],
    expected: Option<f64>,
    label_width: u32,
) -> DrawResult {
    let n = bars.len() as f64;
    let names: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
    let mut chart = ChartBuilder::on(root)
        .margin_top(22)
        .margin_right(40)
        .x_label_area_size(26)
        .y_label_area_size(label_width)
        .build_cartesian_2d(0f64..1f64, -0.5f64..n - 0.5)?;
    let label_style = (FONT, 15).into_font().color(&GREY);
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(LIGHT_GREY.mix(0.8))
        .axis_style(GREY.mix(0.6))
        .disable_y_mesh()
        .x_labels(6)
        .x_label_formatter(&|x| format!("{x:.1}"))
        .x_label_style(label_style)
        .y_labels(0)
        .draw()?;
    let name_style =
        (FONT, 16)
            .into_font()
            .color(&INK)
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Right,
                plotters::style::text_anchor::VPos::Center,
            ));
    for (index, name) in names.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(0.0, (bars.len() - 1 - index) as f64));
        root.draw(&Text::new(name.clone(), (x - 8, y), name_style.clone()))?;
    }
    chart.draw_series(bars.iter().enumerate().map(|(index, (_, score))| {
        let y = (bars.len() - 1 - index) as f64;
        Rectangle::new(
            [(0.0, y - 0.32), (score.clamp(0.0, 1.0), y + 0.32)],
            band_colour(*score).filled(),
        )
    }))?;
    chart.draw_series(bars.iter().enumerate().map(|(index, (_, score))| {
        let y = (bars.len() - 1 - index) as f64;
        Text::new(
            format!("{score:.2}"),
            (score.clamp(0.0, 1.0) + 0.01, y),
            (FONT, 15)
                .into_font()
                .color(&INK)
                .pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                )),
        )
    }))?;
    if let Some(expected) = expected {
        chart.draw_series(dashed(
            [(expected, -0.5), (expected, n - 0.5)],
            Dash::new(INK, "4 3"),
            2,
        ))?;
        let (x, y) = chart.backend_coord(&(expected, n - 0.5));
        root.draw(&Text::new(
            format!("expected today {expected:.2}"),
            // In the margin above the bars, so that it never covers a bar's score.
            (x + 4, y - 20),
            (FONT, 14)
                .into_font()
                .color(&INK)
                .pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Top,
                )),
        ))?;
    }
    Ok(())
}
