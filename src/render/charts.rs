//! Charts as inline SVG, drawn with plotters' SVG backend. Every chart has a
//! `<title>` and a `<desc>` for screen readers, and the pages put a data table
//! beside it. Colours come from the Okabe–Ito palette, which stays readable
//! with the common kinds of colour blindness; bands are also written as numbers.

use crate::date::Date;
use crate::score::Band;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;

/// A chart ready for a template: the SVG markup and the same numbers as a table.
///
/// Templates receive `title` and `html`: the whole figure, the SVG with the
/// table under it, built here rather than in a Tera loop because a handbook
/// has thousands of charts and each table would cost a template loop.
#[derive(Clone)]
pub struct Chart {
    pub svg: String,
    pub title: String,
    pub table: Table,
}

impl Chart {
    /// The figure: the SVG, then the numbers in a table a screen reader or a
    /// reader without the picture can use.
    pub fn html(&self) -> String {
        use std::fmt::Write as _;
        let table = &self.table;
        let mut out = String::with_capacity(self.svg.len() + 512);
        out.push_str("<figure class=\"chart-figure\">");
        out.push_str(&self.svg);
        let _ = write!(
            out,
            "<details class=\"chart-data\"><summary>The numbers behind this chart</summary><table><caption>{}</caption><thead><tr>",
            escape(&table.caption)
        );
        for header in &table.headers {
            let _ = write!(out, "<th scope=\"col\">{}</th>", escape(header));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &table.rows {
            out.push_str("<tr>");
            for (index, cell) in row.iter().enumerate() {
                if index == 0 {
                    let _ = write!(out, "<th scope=\"row\">{}</th>", escape(cell));
                } else {
                    let _ = write!(out, "<td>{}</td>", escape(cell));
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></details></figure>");
        out
    }
}

impl Serialize for Chart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("Chart", 2)?;
        state.serialize_field("title", &self.title)?;
        state.serialize_field("html", &self.html())?;
        state.end()
    }
}

#[derive(Serialize, Clone)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);
const VERMILION: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
const GREEN: RGBColor = RGBColor(0x00, 0x9e, 0x73);
const ORANGE: RGBColor = RGBColor(0xe6, 0x9f, 0x00);
const PURPLE: RGBColor = RGBColor(0xcc, 0x79, 0xa7);
const GREY: RGBColor = RGBColor(0x6b, 0x72, 0x80);
const LIGHT_GREY: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);
const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);
const FONT: &str = "sans-serif";

const WIDTH: u32 = 720;
const HEIGHT: u32 = 260;

/// The colour of a score's band, by the rule the cards use
/// ([`super::score_band`]: the score rounded as displayed), so that a bar or
/// point never disagrees with the card beside it.
pub fn band_colour(score: f64) -> RGBColor {
    match super::score_band(score) {
        Band::Green => GREEN,
        Band::Yellow => ORANGE,
        Band::Red => VERMILION,
    }
}

/// A dashed line. Plotters draws dashes as one path each (hundreds per
/// chart), so dashed lines are drawn solid in a stand-in colour that
/// `finish` turns into the real colour with a `stroke-dasharray`.
#[derive(Clone, Copy)]
struct Dash {
    sentinel: RGBColor,
    index: usize,
}

/// The dashed styles charts use: (real colour, dash pattern); a style's
/// position in this list picks its stand-in colour.
const DASHES: [(RGBColor, &str); 6] = [
    (GREY, "4 4"),
    (GREEN, "6 3"),
    (PURPLE, "2 4"),
    (VERMILION, "3 3"),
    (GREY, "5 4"),
    (INK, "4 3"),
];

impl Dash {
    fn new(colour: RGBColor, pattern: &str) -> Dash {
        let index = DASHES
            .iter()
            .position(|(c, p)| *c == colour && *p == pattern)
            .unwrap_or(0);
        Dash {
            sentinel: RGBColor(0x01, 0x02, index as u8 + 1),
            index,
        }
    }
}

fn dashed<const N: usize>(
    points: [(f64, f64); N],
    dash: Dash,
    width: u32,
) -> LineSeries<SVGBackend<'static>, (f64, f64)> {
    LineSeries::new(points, dash.sentinel.stroke_width(width))
}

fn hex(colour: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
}

/// Turns stand-in colours into real ones with their dash patterns.
fn apply_dashes(svg: String) -> String {
    const MARK: &str = "stroke=\"#0102";
    if !svg.contains(MARK) {
        return svg;
    }
    let mut out = String::with_capacity(svg.len() + 256);
    let mut rest = svg.as_str();
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let style = after
            .get(..2)
            .and_then(|digits| u8::from_str_radix(digits, 16).ok())
            .and_then(|n| DASHES.get(usize::from(n).wrapping_sub(1)));
        match (style, after.get(2..3)) {
            (Some((colour, pattern)), Some("\"")) => {
                out.push_str(&format!(
                    "stroke=\"{}\" stroke-dasharray=\"{pattern}\"",
                    hex(*colour)
                ));
                rest = &after[3..];
            }
            _ => {
                out.push_str(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Adds an accessible name and description and makes the SVG scale with its container.
fn finish(svg: String, id: &str, title: &str, description: &str) -> String {
    let svg = apply_dashes(svg);
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (open, rest) = svg.split_at(open_end);
    let open = open.replacen("<svg ", "<svg class=\"chart\" role=\"img\" ", 1);
    let open = strip_size(&open);
    format!(
        "{open} aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        escape(title),
        escape(description),
        &rest[1..]
    )
}

/// Drops the fixed `width`/`height` so CSS sizes the chart; the viewBox keeps its shape.
fn strip_size(open: &str) -> String {
    let mut out = String::with_capacity(open.len());
    for part in open.split(' ') {
        if part.starts_with("width=") || part.starts_with("height=") {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

fn escape(text: &str) -> String {
    crate::theme::escape_html(text)
}

fn short_date(day: f64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let date = Date::from_days_since_epoch(day.round() as i64);
    format!("{} {}", MONTHS[(date.month() - 1) as usize], date.day())
}

/// First days of months inside `[from, to]`, as day numbers, for x-axis ticks.
fn month_starts(from: Date, to: Date) -> Vec<f64> {
    let mut ticks = Vec::new();
    let mut month = Date::first_of_month(from.year(), from.month() as i32);
    if month < from {
        month = Date::first_of_month(from.year(), from.month() as i32 + 1);
    }
    while month <= to {
        ticks.push(month.days_since_epoch() as f64);
        month = Date::first_of_month(month.year(), month.month() as i32 + 1);
    }
    if ticks.len() > 8 {
        let step = ticks.len().div_ceil(6);
        ticks = ticks.into_iter().step_by(step).collect();
    }
    ticks
}

fn format_value(value: f64) -> String {
    crate::numbers::format_number((value * 100.0).round() / 100.0)
}

/// What a key result's progress chart needs.
pub struct KrSeries<'a> {
    pub id: &'a str,
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
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Check-in values over the period, with baseline, target, the ideal path,
/// the as-of date, a guardrail's allowed band or a milestone's step.
pub fn key_result(series: &KrSeries<'_>, id: &str) -> Option<Chart> {
    let svg = with_legend(HEIGHT, |area| draw_key_result(area, series))?;
    let unit = series.unit.map(|u| format!(" {u}")).unwrap_or_default();
    let latest = series.checkins.iter().rev().find(|c| c.0 <= series.as_of);
    let description = match (series.kind, latest) {
        (crate::model::KrKind::Milestone, Some((_, v, _))) => format!(
            "Milestone {} as of {}.",
            if *v >= 1.0 { "done" } else { "not done" },
            series.as_of
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
    let title = format!("Progress of {}", series.title);
    Some(Chart {
        svg: finish(svg, id, &title, &description),
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
                        confidence.map(|c| format!("{c:.1}")).unwrap_or_default(),
                    ]
                })
                .collect(),
        },
    })
}

fn confidence_shade(confidence: Option<f64>) -> (RGBAColor, &'static str) {
    match confidence {
        Some(c) if c >= 0.7 => (BLUE.mix(1.0), "high"),
        Some(c) if c >= 0.4 => (BLUE.mix(0.6), "medium"),
        Some(_) => (BLUE.mix(0.25), "low"),
        None => (WHITE.mix(1.0), "none"),
    }
}

fn draw_key_result(root: &Area<'_>, s: &KrSeries<'_>) -> LegendResult {
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
    let x_to = last.max(last_checkin) + 1.0;
    let milestone = s.kind == KrKind::Milestone;
    let (y_from, y_to) = if milestone {
        (-0.1, 1.15)
    } else {
        let mut values: Vec<f64> = s.checkins.iter().map(|c| c.1).collect();
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
    let x_ticks = month_starts(
        Date::from_days_since_epoch(x_from as i64),
        Date::from_days_since_epoch(x_to as i64),
    );
    let mut chart = ChartBuilder::on(root)
        .margin_top(12)
        .margin_right(16)
        .x_label_area_size(28)
        .y_label_area_size(if milestone { 84 } else { 64 })
        .build_cartesian_2d(x_from..x_to, y_from..y_to)?;
    let y_ticks: Vec<(f64, String)> = if milestone {
        vec![(0.0, "not done".to_string()), (1.0, "done".to_string())]
    } else {
        nice_ticks(y_from, y_to, 5)
            .into_iter()
            .map(|y| (y, format_value(y)))
            .collect()
    };
    let x_labels: Vec<(f64, String)> = x_ticks.iter().map(|x| (*x, short_date(*x))).collect();
    let mut legend = Drawn {
        legend: Vec::new(),
        axes: axes_markup(&chart, (x_from, x_to), (y_from, y_to), &x_labels, &y_ticks),
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
                "baseline",
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
            legend
                .legend
                .push(Legend::new(label, Mark::Dashed(Dash::new(GREEN, "6 3"), 2)));
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
    if milestone {
        let mut steps = Vec::new();
        let mut level = 0.0;
        steps.push((start.min(x_from), level));
        for (x, value, _) in &points {
            steps.push((*x, level));
            level = *value;
            steps.push((*x, level));
        }
        steps.push((as_of.min(x_to), level));
        chart.draw_series(LineSeries::new(steps, BLUE.stroke_width(2)))?;
        legend
            .legend
            .push(Legend::new("done or not", Mark::Line(BLUE, 2)));
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

/// What a legend entry looks like.
enum Mark {
    Line(RGBColor, u32),
    Dashed(Dash, u32),
    Vertical(RGBColor),
    Band(RGBAColor),
    Dot(RGBAColor),
    Hollow(RGBColor),
}

struct Legend {
    label: String,
    mark: Mark,
}

impl Legend {
    fn new(label: impl Into<String>, mark: Mark) -> Legend {
        Legend {
            label: label.into(),
            mark,
        }
    }
}

/// What a chart's drawing function leaves to be written by hand: its legend,
/// and its axes and grid (plain lines and labels that plotters' mesh would
/// otherwise lay out at a much higher cost).
#[derive(Default)]
struct Drawn {
    legend: Vec<Legend>,
    axes: String,
}

type LegendResult = Result<Drawn, Box<dyn std::error::Error>>;

type Chart2d<'a> = ChartContext<'a, SVGBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// About `count` round tick values between `from` and `to` (steps of 1, 2 or 5 × 10ⁿ).
fn nice_ticks(from: f64, to: f64, count: usize) -> Vec<f64> {
    let span = to - from;
    if !(span.is_finite() && span > 0.0) {
        return vec![from];
    }
    let raw = span / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(magnitude * 10.0);
    let first = (from / step).ceil() as i64;
    let last = (to / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// Labels under a chart whose x axis is a list of periods.
fn period_labels(chart: &Chart2d<'_>, labels: &[(f64, String)]) -> String {
    labels
        .iter()
        .map(|(x, label)| {
            let (px, py) = chart.backend_coord(&(*x, 0.0));
            format!(
                "<text x=\"{px}\" y=\"{}\" dy=\"0.76em\" text-anchor=\"middle\" font-family=\"{FONT}\" font-size=\"12\" fill=\"{}\">{}</text>",
                py + 6,
                hex(GREY),
                escape(label)
            )
        })
        .collect()
}

/// Grid lines, axis lines and labels for a chart, as SVG markup.
fn axes_markup(
    chart: &Chart2d<'_>,
    x: (f64, f64),
    y: (f64, f64),
    x_ticks: &[(f64, String)],
    y_ticks: &[(f64, String)],
) -> String {
    use std::fmt::Write as _;
    let grid = hex(LIGHT_GREY);
    let axis = hex(GREY);
    let mut out = String::from("<g class=\"axes\">");
    let (left, bottom) = chart.backend_coord(&(x.0, y.0));
    let (right, top) = chart.backend_coord(&(x.1, y.1));
    for (value, label) in y_ticks {
        let (_, py) = chart.backend_coord(&(x.0, *value));
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{py}\" x2=\"{right}\" y2=\"{py}\" stroke=\"{grid}\"/><text x=\"{}\" y=\"{py}\" dy=\"0.5ex\" text-anchor=\"end\" font-family=\"{FONT}\" font-size=\"12\" fill=\"{axis}\">{}</text>",
            left - 8,
            escape(label)
        );
    }
    for (value, label) in x_ticks {
        let (px, _) = chart.backend_coord(&(*value, y.0));
        let _ = write!(
            out,
            "<line x1=\"{px}\" y1=\"{top}\" x2=\"{px}\" y2=\"{bottom}\" stroke=\"{grid}\"/><text x=\"{px}\" y=\"{}\" dy=\"0.76em\" text-anchor=\"middle\" font-family=\"{FONT}\" font-size=\"12\" fill=\"{axis}\">{}</text>",
            bottom + 6,
            escape(label)
        );
    }
    let _ = write!(
        out,
        "<polyline fill=\"none\" stroke=\"{axis}\" stroke-opacity=\"0.6\" points=\"{left},{top} {left},{bottom} {right},{bottom}\"/></g>"
    );
    out
}

/// Width of the legend column to the right of every chart, so that it never covers data.
const LEGEND_WIDTH: u32 = 170;

/// Draws a chart into the left part of a canvas and its legend into a column
/// on the right. The legend is written as SVG directly: it is a handful of
/// fixed shapes, and drawing it through plotters cost as much as a series.
fn with_legend(height: u32, draw: impl FnOnce(&Area<'_>) -> LegendResult) -> Option<String> {
    let mut svg = String::new();
    let legend = {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let (plot, _) = root.split_horizontally(WIDTH - LEGEND_WIDTH);
        let drawn = draw(&plot).ok()?;
        root.present().ok()?;
        drawn
    };
    let markup = legend_markup(&legend.legend);
    let end = svg.rfind("</svg>")?;
    svg.insert_str(end, &markup);
    // Axes go first so that the data is drawn over them.
    let open_end = svg.find('>')? + 1;
    svg.insert_str(open_end, &legend.axes);
    Some(svg)
}

fn legend_markup(entries: &[Legend]) -> String {
    use std::fmt::Write as _;
    let x = (WIDTH - LEGEND_WIDTH) as i32 + 18;
    let mut out = String::from("<g class=\"legend\">");
    for (index, entry) in entries.iter().enumerate() {
        let y = 20 + index as i32 * 20;
        let _ = match entry.mark {
            Mark::Line(colour, width) => write!(
                out,
                "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"{width}\"/>",
                x + 22,
                hex(colour)
            ),
            Mark::Dashed(dash, width) => {
                let (colour, pattern) = DASHES[dash.index];
                write!(
                    out,
                    "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"{width}\" stroke-dasharray=\"{pattern}\"/>",
                    x + 22,
                    hex(colour)
                )
            }
            Mark::Vertical(colour) => write!(
                out,
                "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1\"/>",
                x + 11,
                y - 7,
                y + 7,
                hex(colour)
            ),
            Mark::Band(colour) => write!(
                out,
                "<rect x=\"{x}\" y=\"{}\" width=\"22\" height=\"12\" fill=\"{}\" fill-opacity=\"{:.2}\"/>",
                y - 6,
                hex(RGBColor(colour.0, colour.1, colour.2)),
                colour.3
            ),
            Mark::Dot(fill) => write!(
                out,
                "<circle cx=\"{}\" cy=\"{y}\" r=\"5\" fill=\"{}\" fill-opacity=\"{:.2}\" stroke=\"{}\" stroke-width=\"1\"/>",
                x + 11,
                hex(RGBColor(fill.0, fill.1, fill.2)),
                fill.3,
                hex(BLUE)
            ),
            Mark::Hollow(colour) => write!(
                out,
                "<circle cx=\"{}\" cy=\"{y}\" r=\"5\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
                x + 11,
                hex(colour)
            ),
        };
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{y}\" dy=\"0.5ex\" font-family=\"{FONT}\" font-size=\"12\" fill=\"{}\">{}</text>",
            x + 30,
            hex(INK),
            escape(&entry.label)
        );
    }
    out.push_str("</g>");
    out
}

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

fn draw_objective(
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

fn draw_bars(
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
    let svg = with_legend(220, |area| draw_history(area, periods, series))?;
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
    Some(Chart {
        svg: finish(
            svg,
            id,
            title,
            &format!("{description}. The line at 0.7 marks a good score."),
        ),
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

fn draw_history(
    root: &Area<'_>,
    periods: &[String],
    series: &[(&str, Vec<Option<f64>>)],
) -> LegendResult {
    let mut legend = Drawn::default();
    let n = periods.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .margin_top(12)
        .margin_right(24)
        .x_label_area_size(28)
        .y_label_area_size(52)
        .build_cartesian_2d(-0.5f64..n - 0.5, 0f64..1.05f64)?;
    let every = periods.len().div_ceil(10);
    let x_labels: Vec<(f64, String)> = periods
        .iter()
        .enumerate()
        .step_by(every)
        .map(|(index, period)| (index as f64, period.clone()))
        .collect();
    let y_ticks: Vec<(f64, String)> = (0..=5)
        .map(|i| (f64::from(i) * 0.2, format!("{:.1}", f64::from(i) * 0.2)))
        .collect();
    legend.axes = axes_markup(&chart, (-0.5, n - 0.5), (0.0, 1.05), &[], &y_ticks);
    legend.axes = legend.axes.replacen(
        "<g class=\"axes\">",
        &format!("<g class=\"axes\">{}", period_labels(&chart, &x_labels)),
        1,
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

/// Committed series get filled circles, aspirational ones hollow circles, so shape tells them apart too.
fn marker(colour: RGBColor, filled: bool) -> ShapeStyle {
    if filled {
        colour.filled()
    } else {
        colour.stroke_width(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KrKind;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("test date")
    }

    /// The trimmed contents of every `<text>` element.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|part| {
                let body = &part[part.find('>')? + 1..];
                Some(body[..body.find("</text>")?].trim().to_string())
            })
            .collect()
    }

    fn has_text(svg: &str, wanted: &str) -> bool {
        texts(svg).iter().any(|t| t == wanted)
    }

    fn series(kind: KrKind) -> KrSeries<'static> {
        KrSeries {
            id: "latency",
            title: "p95 latency",
            kind,
            unit: Some("ms"),
            baseline: Some(400.0),
            target: Some(300.0),
            at_least: false,
            checkins: vec![
                (date("2026-10-08"), 390.0, Some(0.3)),
                (date("2026-11-05"), 340.0, Some(0.9)),
                (date("2026-12-20"), 310.0, None),
            ],
            period_start: date("2026-10-01"),
            period_last_day: date("2026-12-31"),
            as_of: date("2026-11-21"),
        }
    }

    #[test]
    fn month_ticks_fall_on_first_days() {
        let ticks: Vec<String> = month_starts(date("2026-10-01"), date("2027-01-01"))
            .into_iter()
            .map(|d| Date::from_days_since_epoch(d as i64).to_string())
            .collect();
        assert_eq!(
            ticks,
            ["2026-10-01", "2026-11-01", "2026-12-01", "2027-01-01"]
        );
        let mid: Vec<String> = month_starts(date("2026-10-15"), date("2026-12-02"))
            .into_iter()
            .map(short_date)
            .collect();
        assert_eq!(mid, ["Nov 1", "Dec 1"]);
    }

    #[test]
    fn bands_follow_the_score_thresholds() {
        assert_eq!(band_colour(0.39), VERMILION);
        assert_eq!(band_colour(0.4), ORANGE);
        assert_eq!(band_colour(0.69), ORANGE);
        assert_eq!(band_colour(0.7), GREEN);
    }

    #[test]
    fn chart_bands_match_the_cards() {
        // 0.696 is displayed as 0.70: a green card, so a green bar.
        assert_eq!(crate::render::score_view(0.696).band, "green");
        assert_eq!(band_colour(0.696), GREEN);
        assert_eq!(crate::render::score_view(0.396).band, "yellow");
        assert_eq!(band_colour(0.396), ORANGE);
        for step in 0..=1000 {
            let score = step as f64 / 1000.0;
            let card = crate::render::score_view(score).band;
            let expected = match card {
                "green" => GREEN,
                "yellow" => ORANGE,
                _ => VERMILION,
            };
            assert_eq!(band_colour(score), expected, "score {score}");
        }
    }

    #[test]
    fn key_result_chart_is_accessible_and_deterministic() {
        let chart = key_result(&series(KrKind::Metric), "kr-chart-1").expect("chart");
        assert!(chart.svg.starts_with("<svg class=\"chart\" role=\"img\""));
        assert!(chart
            .svg
            .contains("aria-labelledby=\"kr-chart-1-title kr-chart-1-desc\""));
        assert!(chart
            .svg
            .contains("<title id=\"kr-chart-1-title\">Progress of p95 latency</title>"));
        assert!(chart
            .svg
            .contains("Latest value 340 ms on 2026-11-05, baseline 400 ms, target 300 ms."));
        assert!(chart.svg.contains("viewBox=\"0 0 720 260\""));
        assert!(
            !chart.svg.contains("width=\"720\""),
            "the chart scales with the page"
        );
        for label in [
            "Oct 1",
            "Nov 1",
            "Dec 1",
            "Jan 1",
            "ideal path",
            "as-of date",
            "low confidence",
            "high confidence",
        ] {
            assert!(
                has_text(&chart.svg, label),
                "missing {label} in {:?}",
                texts(&chart.svg)
            );
        }
        assert!(
            !has_text(&chart.svg, "medium confidence"),
            "only confidences that occur are in the legend"
        );
        assert_eq!(chart.table.rows.len(), 3);
        assert_eq!(chart.table.rows[1], ["2026-11-05", "340", "0.9"]);
        let again = key_result(&series(KrKind::Metric), "kr-chart-1").expect("chart");
        assert_eq!(chart.svg, again.svg);
    }

    #[test]
    fn guardrails_draw_a_band_and_milestones_a_step() {
        let guardrail = key_result(&series(KrKind::Guardrail), "g").expect("chart");
        assert!(has_text(&guardrail.svg, "allowed range"));
        assert!(has_text(&guardrail.svg, "limit"));
        assert!(!has_text(&guardrail.svg, "ideal path"));
        let mut milestone = series(KrKind::Milestone);
        milestone.baseline = None;
        milestone.target = None;
        milestone.checkins = vec![
            (date("2026-10-20"), 0.0, None),
            (date("2026-11-10"), 1.0, Some(0.9)),
        ];
        let chart = key_result(&milestone, "m").expect("chart");
        assert!(has_text(&chart.svg, "done") && has_text(&chart.svg, "not done"));
        assert!(chart.svg.contains("Milestone done as of 2026-11-21."));
        assert_eq!(chart.table.rows[0], ["2026-10-20", "not done", ""]);
    }

    #[test]
    fn objective_chart_lists_score_and_expected_per_date() {
        let points = [(date("2026-10-01"), 0.1), (date("2026-11-15"), 0.5)];
        let chart = objective_progress(
            "Fast",
            &points,
            date("2026-10-01"),
            date("2026-12-31"),
            date("2026-11-21"),
            "o",
        )
        .expect("chart");
        assert_eq!(chart.table.rows[0], ["2026-10-01", "0.10", "0.01"]);
        assert_eq!(chart.table.rows[1], ["2026-11-15", "0.50", "0.50"]);
        assert!(has_text(&chart.svg, "expected"));
        assert!(objective_progress(
            "Fast",
            &[],
            date("2026-10-01"),
            date("2026-12-31"),
            date("2026-11-21"),
            "o"
        )
        .is_some_and(|c| c.table.rows.is_empty()));
    }

    #[test]
    fn overview_and_history_carry_their_numbers() {
        let bars = vec![("Web".to_string(), 0.42), ("Data".to_string(), 0.8)];
        let chart = period_overview(&bars, Some(0.57), "2026-Q4", "overview").expect("chart");
        for label in ["Web", "Data", "0.42", "0.80", "expected today 0.57"] {
            assert!(
                has_text(&chart.svg, label),
                "missing {label} in {:?}",
                texts(&chart.svg)
            );
        }
        assert_eq!(chart.table.rows, [["Web", "0.42"], ["Data", "0.80"]]);
        assert!(period_overview(&[], None, "2026-Q4", "overview").is_none());

        let periods = vec!["2026-Q2".to_string(), "2026-Q3".to_string()];
        let chart = history(
            "History",
            &periods,
            &[
                ("committed", vec![Some(1.0), Some(0.75)]),
                ("aspirational", vec![None, Some(0.3)]),
            ],
            "h",
        )
        .expect("chart");
        assert_eq!(chart.table.headers, ["Period", "committed", "aspirational"]);
        assert_eq!(
            chart.table.rows,
            [["2026-Q2", "1.00", "—"], ["2026-Q3", "0.75", "0.30"]]
        );
        assert!(chart
            .svg
            .contains("committed: 2026-Q2 1.00, 2026-Q3 0.75. aspirational: 2026-Q3 0.30."));
        assert!(has_text(&chart.svg, "0.7, a good score"));
        assert!(has_text(&chart.svg, "2026-Q2") && has_text(&chart.svg, "2026-Q3"));
    }
}
