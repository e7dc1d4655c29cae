//! Axes drawn by hand: round tick values, month ticks on date axes, period
//! labels, grid lines and the labels' text (plotters' mesh costs far more).

use super::colours::{GREY, LIGHT_GREY};
use super::svg::{escape, hex, Chart2d};
use crate::date::Date;

pub(super) fn short_date(day: f64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let date = Date::from_days_since_epoch(day.round() as i64);
    format!("{} {}", MONTHS[(date.month() - 1) as usize], date.day())
}

/// First days of months inside `[from, to]`, as day numbers, for x-axis
/// ticks: at most about `max`, every second or third month when there are more.
pub(super) fn month_starts_at_most(from: Date, to: Date, max: usize) -> Vec<f64> {
    let ticks = month_starts(from, to);
    if ticks.len() > max {
        let step = ticks.len().div_ceil(max.max(1));
        return ticks.into_iter().step_by(step).collect();
    }
    ticks
}

/// First days of months inside `[from, to]`, as day numbers, for x-axis ticks.
pub(super) fn month_starts(from: Date, to: Date) -> Vec<f64> {
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

pub(super) fn format_value(value: f64) -> String {
    crate::numbers::format_number((value * 100.0).round() / 100.0)
}

/// About `count` round tick values between `from` and `to` (steps of 1, 2 or 5 × 10ⁿ).
pub(super) fn nice_ticks(from: f64, to: f64, count: usize) -> Vec<f64> {
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

/// Grid lines, axis lines and labels for a chart, as SVG markup: the grid
/// lines under one `<g>` carrying their colour, then the labels under
/// `<g>`s carrying their anchor (the root `<svg>` gives their font), then
/// the axis lines. A date axis gets a vertical grid line at each tick
/// (`x_grid`); a period axis only its labels. The axes' own `<g>` carries
/// the labels' colour, which the theme maps for dark mode; its lines fill
/// nothing.
pub(super) fn axes_markup(
    chart: &Chart2d<'_>,
    x: (f64, f64),
    y: (f64, f64),
    x_ticks: &[(f64, String)],
    y_ticks: &[(f64, String)],
    x_grid: bool,
) -> String {
    use std::fmt::Write as _;
    let (left, bottom) = chart.backend_coord(&(x.0, y.0));
    let (right, top) = chart.backend_coord(&(x.1, y.1));
    let mut out = format!("<g class=\"axes\" fill=\"{}\">", hex(GREY));
    // One path a grid line: Chrome draws a path of one straight segment
    // as it draws a `<line>`, to the pixel, and one path of many segments a
    // shade differently where they meet.
    let mut grid = String::new();
    for (value, _) in y_ticks {
        let (_, py) = chart.backend_coord(&(x.0, *value));
        let _ = write!(grid, "<path d=\"M{left} {py}H{right}\"/>");
    }
    if x_grid {
        for (value, _) in x_ticks {
            let (px, _) = chart.backend_coord(&(*value, y.0));
            let _ = write!(grid, "<path d=\"M{px} {top}V{bottom}\"/>");
        }
    }
    if !grid.is_empty() {
        let _ = write!(
            out,
            "<g fill=\"none\" stroke=\"{}\">{grid}</g>",
            hex(LIGHT_GREY)
        );
    }
    if !y_ticks.is_empty() {
        out.push_str("<g text-anchor=\"end\">");
        for (value, label) in y_ticks {
            let (_, py) = chart.backend_coord(&(x.0, *value));
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{py}\" dy=\"0.5ex\">{}</text>",
                left - 8,
                escape(label)
            );
        }
        out.push_str("</g>");
    }
    if !x_ticks.is_empty() {
        out.push_str("<g text-anchor=\"middle\">");
        for (value, label) in x_ticks {
            let (px, _) = chart.backend_coord(&(*value, y.0));
            let _ = write!(
                out,
                "<text x=\"{px}\" y=\"{}\" dy=\"0.76em\">{}</text>",
                bottom + 6,
                escape(label)
            );
        }
        out.push_str("</g>");
    }
    let _ = write!(
        out,
        "<path d=\"M{left} {top}V{bottom}H{right}\" fill=\"none\" stroke=\"{}\" stroke-opacity=\"0.6\"/></g>",
        hex(GREY)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("test date")
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
}
