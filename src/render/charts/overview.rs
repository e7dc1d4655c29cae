//! A period's overview chart: one bar per team, its average score, against
//! the expected score on the as-of date, coloured by the status model and
//! over its backgrounds (pace regions while the period runs, grade bands
//! once it is over).

use super::colours::{tone_colour, tone_tint, GREY, INK, LIGHT_GREY};
use super::legend::{legend_markup, Legend, Mark};
use super::svg::{dashed, finish, text_width, Area, Dash, DrawResult, Frame, FONT, FONT_SIZE};
use super::{Chart, Table};
use crate::score::Tone;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One bar per team: (name, average score, its tone by the status model),
/// against the expected score on the as-of date (`None` once the period is over).
pub fn period_overview(
    bars: &[(String, f64, Tone)],
    expected: Option<f64>,
    period: &str,
    id: &str,
) -> Option<Chart> {
    if bars.is_empty() {
        return None;
    }
    let [wide, narrow] = Frame::BOTH.map(|frame| draw(frame, bars, expected));
    let description = format!(
        "Average score of each team in {period}{}: {}.",
        expected
            .map(|e| format!(", against an expected score of {e:.2} today"))
            .unwrap_or_default(),
        bars.iter()
            .map(|(name, score, tone)| format!("{name} {score:.2}{}", tone_words(*tone, expected)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let title = format!("Team scores in {period}");
    Some(Chart {
        svg: finish(wide?, Frame::Wide, id, &title, &description),
        narrow: finish(narrow?, Frame::Narrow, id, &title, &description),
        title,
        table: Table {
            caption: format!("Average score per team in {period}"),
            headers: vec!["Team".into(), "Score".into()],
            rows: bars
                .iter()
                .map(|(name, score, _)| vec![name.clone(), format!("{score:.2}")])
                .collect(),
        },
    })
}

/// " (on track)" and the like, for the description.
fn tone_words(tone: Tone, expected: Option<f64>) -> &'static str {
    match (tone, expected.is_some()) {
        (Tone::Good, true) => " (on track)",
        (Tone::Warn, true) => " (at risk)",
        (Tone::Bad, true) => " (off track)",
        _ => "",
    }
}

fn draw(frame: Frame, bars: &[(String, f64, Tone)], expected: Option<f64>) -> Option<String> {
    let narrow = frame.narrow();
    let row = if narrow { 44u32 } else { 30 };
    let plot_height = 60 + row * bars.len() as u32;
    let longest = bars.iter().map(|b| text_width(&b.0)).max().unwrap_or(40);
    let label_width = if narrow { 8 } else { (longest + 16).min(260) };
    let mut svg = String::new();
    let entries = legend_entries(expected);
    {
        let root =
            SVGBackend::with_string(&mut svg, (frame.width(), plot_height)).into_drawing_area();
        draw_bars(&root, frame, bars, expected, label_width).ok()?;
        root.present().ok()?;
    }
    // The legend in rows under the bars, on every width.
    let mut positions = Vec::new();
    let (mut x, mut y) = (8i32, plot_height as i32 + 4);
    for entry in &entries {
        let w = 30 + text_width(&entry.label) as i32 + 14;
        if x > 8 && x + w > frame.width() as i32 - 4 {
            x = 8;
            y += 22;
        }
        positions.push((x, y));
        x += w;
    }
    let total = y as u32 + 17;
    let end = svg.rfind("</svg>")?;
    svg.insert_str(end, &legend_markup(&entries, &positions));
    Some(svg.replacen(
        &format!("viewBox=\"0 0 {} {plot_height}\"", frame.width()),
        &format!("viewBox=\"0 0 {} {total}\"", frame.width()),
        1,
    ))
}

fn legend_entries(expected: Option<f64>) -> Vec<Legend> {
    let labels = if expected.is_some() {
        ["● on track", "▲ at risk", "■ off track"]
    } else {
        ["● 0.7 and up", "▲ 0.4 to 0.69", "■ below 0.4"]
    };
    [Tone::Good, Tone::Warn, Tone::Bad]
        .into_iter()
        .zip(labels)
        .map(|(tone, label)| Legend::new(label, Mark::Band(tone_colour(tone).mix(0.85))))
        .collect()
}

fn icon(tone: Tone) -> &'static str {
    tone.icon()
}

/// Plotters writes a text's size as 1/1.24 of the size it is given: the
/// size to give it for `units` in the SVG, so that its text matches the
/// rest of the chart's.
fn plotters_size(units: u32) -> f64 {
    f64::from(units) * 1.24
}

pub(super) fn draw_bars(
    root: &Area<'_>,
    frame: Frame,
    bars: &[(String, f64, Tone)],
    expected: Option<f64>,
    label_width: u32,
) -> DrawResult {
    let narrow = frame.narrow();
    let n = bars.len() as f64;
    // Room right of the bars for a score label pushed past the expected line.
    let value_width = text_width("■ 0.00") as i32;
    let mut chart = ChartBuilder::on(root)
        .margin_top(if narrow { 26 } else { 24 })
        .margin_right(value_width as u32 + 14)
        .margin_left(if narrow { 4 } else { 0 })
        .x_label_area_size(26)
        .y_label_area_size(label_width)
        .build_cartesian_2d(0f64..1f64, -0.5f64..n - 0.5)?;
    let label_style = (FONT, plotters_size(FONT_SIZE)).into_font().color(&GREY);
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(LIGHT_GREY.mix(0.8))
        .axis_style(GREY.mix(0.6))
        .disable_y_mesh()
        .x_labels(if narrow { 3 } else { 6 })
        .x_label_formatter(&|x| format!("{x:.1}"))
        .x_label_style(label_style)
        .y_labels(0)
        .draw()?;
    // The backgrounds: where a team's average is on track, at risk or off
    // track today; once the period is over, the grade bands.
    let zones = match expected {
        Some(e) => [
            (Tone::Bad, 0.0, (e - 0.35).max(0.0)),
            (Tone::Warn, (e - 0.35).max(0.0), (e - 0.15).max(0.0)),
            (Tone::Good, (e - 0.15).max(0.0), 1.0),
        ],
        None => [
            (Tone::Bad, 0.0, 0.4),
            (Tone::Warn, 0.4, 0.7),
            (Tone::Good, 0.7, 1.0),
        ],
    };
    chart.draw_series(
        zones
            .iter()
            .filter(|(_, from, to)| to > from)
            .map(|(tone, from, to)| {
                Rectangle::new([(*from, -0.5), (*to, n - 0.5)], tone_tint(*tone).filled())
            }),
    )?;
    let (name_size, name_pos) = if narrow {
        (FONT_SIZE + 1, Pos::new(HPos::Left, VPos::Bottom))
    } else {
        (FONT_SIZE + 2, Pos::new(HPos::Right, VPos::Center))
    };
    let name_style = (FONT, plotters_size(name_size))
        .into_font()
        .color(&INK)
        .pos(name_pos);
    let half = if narrow { 0.2 } else { 0.32 };
    let shift = if narrow { -0.18 } else { 0.0 };
    for (index, (name, _, _)) in bars.iter().enumerate() {
        let y = (bars.len() - 1 - index) as f64;
        let at = if narrow {
            let (x, top) = chart.backend_coord(&(0.0, y + shift + half));
            (x, top - 3)
        } else {
            let (x, mid) = chart.backend_coord(&(0.0, y));
            (x - 8, mid)
        };
        root.draw(&Text::new(name.clone(), at, name_style.clone()))?;
    }
    chart.draw_series(bars.iter().enumerate().map(|(index, (_, score, tone))| {
        let y = (bars.len() - 1 - index) as f64 + shift;
        Rectangle::new(
            [(0.0, y - half), (score.clamp(0.0, 1.0), y + half)],
            tone_colour(*tone).filled(),
        )
    }))?;
    let expected_px = expected.map(|e| chart.backend_coord(&(e, 0.0)).0);
    let value_style = (FONT, plotters_size(FONT_SIZE))
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (index, (_, score, tone)) in bars.iter().enumerate() {
        let y = (bars.len() - 1 - index) as f64 + shift;
        let (end, mid) = chart.backend_coord(&(score.clamp(0.0, 1.0), y));
        let label = format!("{} {score:.2}", icon(*tone));
        let width = text_width(&label) as i32;
        let mut x = end + 6;
        // Never under the expected line: past it when they would meet.
        if let Some(line) = expected_px {
            if x <= line + 4 && x + width >= line - 4 {
                x = line + 6;
            }
        }
        root.draw(&Text::new(label, (x, mid), value_style.clone()))?;
    }
    if let Some(expected) = expected {
        chart.draw_series(dashed(
            [(expected, -0.5), (expected, n - 0.5)],
            Dash::new(INK, "4 3"),
            2,
        ))?;
        let (x, y) = chart.backend_coord(&(expected, n - 0.5));
        let label = format!("expected today {expected:.2}");
        // In the margin above the bars, so that it never covers a bar's
        // score; ending at the line when it would run off the drawing.
        let fits = x + 4 + text_width(&label) as i32 <= frame.width() as i32 - 4;
        let (at, h) = if fits {
            (x + 4, HPos::Left)
        } else {
            (x - 4, HPos::Right)
        };
        root.draw(&Text::new(
            label,
            (at, y - 20),
            (FONT, plotters_size(FONT_SIZE))
                .into_font()
                .color(&INK)
                .pos(Pos::new(h, VPos::Top)),
        ))?;
    }
    Ok(())
}
