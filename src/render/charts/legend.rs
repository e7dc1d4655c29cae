//! Legends: the column to the right of every wide chart or the rows under
//! every narrow one, written as SVG directly, and `with_legend`, which draws
//! a chart with its legend.

use super::colours::{BLUE, INK};
use super::svg::{escape, hex, text_width, Area, Dash, Frame, DASHES};
use plotters::prelude::*;

/// What a legend entry looks like.
pub(super) enum Mark {
    Line(RGBColor, u32),
    Dashed(Dash, u32),
    Vertical(RGBColor),
    Band(RGBAColor),
    Dot(RGBAColor),
    Hollow(RGBColor),
}

pub(super) struct Legend {
    pub(super) label: String,
    pub(super) mark: Mark,
}

impl Legend {
    pub(super) fn new(label: impl Into<String>, mark: Mark) -> Legend {
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
pub(super) struct Drawn {
    pub(super) legend: Vec<Legend>,
    pub(super) axes: String,
}

pub(super) type LegendResult = Result<Drawn, Box<dyn std::error::Error>>;

/// Width of the legend column to the right of a wide chart, so that it never covers data.
pub(super) const LEGEND_WIDTH: u32 = 176;

/// Height of one legend row.
const ROW: i32 = 22;

/// Draws a chart with its legend: on a wide drawing into the left part of a
/// canvas, the legend in a column on the right; on a narrow one across the
/// whole width, the legend in rows below the plot (the drawing grows to hold
/// them). The legend is written as SVG directly: it is a handful of fixed
/// shapes, and drawing it through plotters cost as much as a series.
pub(super) fn with_legend(
    frame: Frame,
    height: u32,
    draw: impl FnOnce(&Area<'_>) -> LegendResult,
) -> Option<String> {
    let width = frame.width();
    let mut svg = String::new();
    let legend = {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let drawn = if frame.narrow() {
            draw(&root).ok()?
        } else {
            let (plot, _) = root.split_horizontally(width - LEGEND_WIDTH);
            draw(&plot).ok()?
        };
        root.present().ok()?;
        drawn
    };
    let (positions, total) = legend_layout(frame, height, &legend.legend);
    let markup = legend_markup(&legend.legend, &positions);
    let end = svg.rfind("</svg>")?;
    svg.insert_str(end, &markup);
    if total != height {
        svg = svg.replacen(
            &format!("viewBox=\"0 0 {width} {height}\""),
            &format!("viewBox=\"0 0 {width} {total}\""),
            1,
        );
    }
    // Axes go first so that the data is drawn over them.
    let open_end = svg.find('>')? + 1;
    svg.insert_str(open_end, &legend.axes);
    Some(svg)
}

/// Where each legend entry goes (its mark's left end and middle), and the
/// drawing's height with the legend.
fn legend_layout(frame: Frame, height: u32, entries: &[Legend]) -> (Vec<(i32, i32)>, u32) {
    let width = frame.width() as i32;
    if !frame.narrow() {
        let x = width - LEGEND_WIDTH as i32 + 12;
        let positions = (0..entries.len())
            .map(|index| (x, 20 + index as i32 * ROW))
            .collect();
        return (positions, height);
    }
    let mut positions = Vec::with_capacity(entries.len());
    let (mut x, mut y) = (8, height as i32 + 6);
    for entry in entries {
        let w = 30 + text_width(&entry.label) as i32 + 14;
        if x > 8 && x + w > width - 4 {
            x = 8;
            y += ROW;
        }
        positions.push((x, y));
        x += w;
    }
    let total = if entries.is_empty() {
        height
    } else {
        (y + ROW / 2 + 6) as u32
    };
    (positions, total)
}

/// The legend as SVG markup: its `<g>` carries the labels' colour (the
/// root `<svg>` their font); each mark gives its own colours, and a line
/// fills nothing whatever its group's `fill`. Attributes at their SVG
/// default (a stroke 1 wide, a fill at full opacity) are left out.
pub(super) fn legend_markup(entries: &[Legend], positions: &[(i32, i32)]) -> String {
    use std::fmt::Write as _;
    let mut out = format!("<g class=\"legend\" fill=\"{}\">", hex(INK));
    for (entry, &(x, y)) in entries.iter().zip(positions) {
        let _ = match entry.mark {
            Mark::Line(colour, width) => write!(
                out,
                "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\"{}/>",
                x + 22,
                hex(colour),
                stroke_width(width)
            ),
            Mark::Dashed(dash, width) => {
                let (colour, pattern) = DASHES[dash.index];
                write!(
                    out,
                    "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\"{} stroke-dasharray=\"{pattern}\"/>",
                    x + 22,
                    hex(colour),
                    stroke_width(width)
                )
            }
            Mark::Vertical(colour) => write!(
                out,
                "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>",
                x + 11,
                y - 7,
                y + 7,
                hex(colour)
            ),
            Mark::Band(colour) => write!(
                out,
                "<rect x=\"{x}\" y=\"{}\" width=\"22\" height=\"12\" fill=\"{}\"{}/>",
                y - 6,
                hex(RGBColor(colour.0, colour.1, colour.2)),
                fill_opacity(colour.3)
            ),
            Mark::Dot(fill) => write!(
                out,
                "<circle cx=\"{}\" cy=\"{y}\" r=\"5\" fill=\"{}\"{} stroke=\"{}\"/>",
                x + 11,
                hex(RGBColor(fill.0, fill.1, fill.2)),
                fill_opacity(fill.3),
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
            "<text x=\"{}\" y=\"{y}\" dy=\"0.5ex\">{}</text>",
            x + 30,
            escape(&entry.label)
        );
    }
    out.push_str("</g>");
    out
}

/// ` stroke-width="2"`, or nothing for SVG's default of 1.
fn stroke_width(width: u32) -> String {
    if width == 1 {
        String::new()
    } else {
        format!(" stroke-width=\"{width}\"")
    }
}

/// ` fill-opacity="0.25"`, or nothing for a fill at full opacity.
fn fill_opacity(alpha: f64) -> String {
    if alpha >= 1.0 {
        String::new()
    } else {
        format!(" fill-opacity=\"{alpha:.2}\"")
    }
}
