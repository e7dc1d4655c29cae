//! SVG plumbing shared by every chart: the canvas size and font, the dash
//! trick (dashed lines drawn solid in a stand-in colour, then given a
//! `stroke-dasharray`), and `finish`, which gives the SVG its accessible
//! name and description and lets CSS size it.

use super::colours::{GREEN, GREY, INK, PURPLE, VERMILION};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

pub(super) const FONT: &str = "sans-serif";

/// The size of all chart text, in viewBox units. The wide drawing is shown
/// from 620 px across (so at least 11 CSS px), the narrow one below that: at
/// a phone's 340 px it renders at about its own size.
pub(super) const FONT_SIZE: u32 = 13;

/// The plot's height, above the legend on a narrow drawing.
pub(super) const HEIGHT: u32 = 260;

/// Which of a chart's two drawings: wide, with the legend in a column to
/// the right, or narrow, with fewer ticks and the legend below the plot.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Frame {
    Wide,
    Narrow,
}

impl Frame {
    pub(super) const BOTH: [Frame; 2] = [Frame::Wide, Frame::Narrow];

    /// The drawing's width in viewBox units.
    pub(super) fn width(self) -> u32 {
        match self {
            Frame::Wide => 720,
            Frame::Narrow => 340,
        }
    }

    pub(super) fn narrow(self) -> bool {
        self == Frame::Narrow
    }

    /// The class CSS switches on, and what the ids of the narrow drawing end with.
    fn class(self) -> &'static str {
        match self {
            Frame::Wide => "chart-wide",
            Frame::Narrow => "chart-narrow",
        }
    }

    pub(super) fn id(self, id: &str) -> String {
        match self {
            Frame::Wide => id.to_string(),
            Frame::Narrow => format!("{id}-narrow"),
        }
    }

    /// About how many ticks an axis gets.
    pub(super) fn ticks(self) -> usize {
        match self {
            Frame::Wide => 5,
            Frame::Narrow => 4,
        }
    }
}

/// About how wide `text` is at [`FONT_SIZE`], in viewBox units.
pub(super) fn text_width(text: &str) -> u32 {
    (text.chars().count() as u32 * FONT_SIZE * 62).div_ceil(100)
}

/// A dashed line. Plotters draws dashes as one path each (hundreds per
/// chart), so dashed lines are drawn solid in a stand-in colour that
/// `finish` turns into the real colour with a `stroke-dasharray`.
#[derive(Clone, Copy)]
pub(super) struct Dash {
    pub(super) sentinel: RGBColor,
    pub(super) index: usize,
}

/// The dashed styles charts use: (real colour, dash pattern); a style's
/// position in this list picks its stand-in colour.
pub(super) const DASHES: [(RGBColor, &str); 6] = [
    (GREY, "4 4"),
    (GREEN, "6 3"),
    (PURPLE, "2 4"),
    (VERMILION, "3 3"),
    (GREY, "5 4"),
    (INK, "4 3"),
];

impl Dash {
    pub(super) fn new(colour: RGBColor, pattern: &str) -> Dash {
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

pub(super) fn dashed<const N: usize>(
    points: [(f64, f64); N],
    dash: Dash,
    width: u32,
) -> LineSeries<SVGBackend<'static>, (f64, f64)> {
    LineSeries::new(points, dash.sentinel.stroke_width(width))
}

pub(super) fn hex(colour: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
}

/// Turns stand-in colours into real ones with their dash patterns.
pub(super) fn apply_dashes(svg: String) -> String {
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

/// Adds an accessible name and description, makes the SVG scale with its
/// container and writes its markup smaller (see [`super::compact`]). The
/// root carries the charts' font, [`FONT`] at [`FONT_SIZE`], for every text
/// that gives no other.
pub(super) fn finish(
    svg: String,
    frame: Frame,
    id: &str,
    title: &str,
    description: &str,
) -> String {
    let svg = super::compact::compact(&round_font_sizes(&apply_dashes(svg)));
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let id = frame.id(id);
    let (open, rest) = svg.split_at(open_end);
    let open = open.replacen(
        "<svg ",
        &format!("<svg class=\"chart {}\" role=\"img\" ", frame.class()),
        1,
    );
    let open = strip_size(&open);
    format!(
        "{open} font-family=\"{FONT}\" font-size=\"{FONT_SIZE}\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        escape(title),
        escape(description),
        &rest[1..]
    )
}

/// Plotters divides a text's size by 1.24 and writes every digit
/// (`13.000000000000002`): sizes are rounded to two decimals.
fn round_font_sizes(svg: &str) -> String {
    const MARK: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(MARK) {
        let start = at + MARK.len();
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find('"').unwrap_or(after.len());
        match after[..end].parse::<f64>() {
            Ok(size) => out.push_str(&crate::numbers::format_number(
                (size * 100.0).round() / 100.0,
            )),
            Err(_) => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Drops the fixed `width`/`height` so CSS sizes the chart; the viewBox keeps its shape.
pub(super) fn strip_size(open: &str) -> String {
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

pub(super) fn escape(text: &str) -> String {
    crate::theme::escape_html(text)
}

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

pub(super) type DrawResult = Result<(), Box<dyn std::error::Error>>;

pub(super) type Chart2d<'a> =
    ChartContext<'a, SVGBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
