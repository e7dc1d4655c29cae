//! Legends: the column to the right of every chart, written as SVG directly,
//! and `with_legend`, which draws a chart beside its legend.

use super::colours::{BLUE, INK};
use super::svg::{escape, hex, Area, Dash, DASHES, FONT, WIDTH};
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

/// Width of the legend column to the right of every chart, so that it never covers data.
pub(super) const LEGEND_WIDTH: u32 = 170;

/// Draws a chart into the left part of a canvas and its legend into a column
/// on the right. The legend is written as SVG directly: it is a handful of
/// fixed shapes, and drawing it through plotters cost as much as a series.
pub(super) fn with_legend(
    height: u32,
    draw: impl FnOnce(&Area<'_>) -> LegendResult,
) -> Option<String> {
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

pub(super) fn legend_markup(entries: &[Legend]) -> String {
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
