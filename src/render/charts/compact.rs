//! Makes plotters' SVG markup smaller without changing what it draws.
//!
//! Plotters writes every attribute of every shape, one element a line: a
//! chart's points, bars and lines came to most of an objective page. `compact`
//! reads that markup element by element and writes it again with
//!
//! - no attribute at its SVG default (`opacity="1"`, `stroke-width="1"`,
//!   `stroke="none"`: nothing a chart's shapes sit in sets a stroke), and no
//!   font attribute that only repeats the root `<svg>`'s ([`FONT`],
//!   [`FONT_SIZE`], `text-anchor="start"`);
//! - a polyline as a `<path>` with the same points (`H`/`V` for the steps
//!   of a score line), which the SVG specification defines as the same shape;
//! - plotters' two passes over one marker (a filled circle or square, then
//!   the same shape stroked, at full opacity) as one shape with both fill
//!   and stroke, which paints the fill and then the stroke over it just the
//!   same; the fill's `opacity` becomes `fill-opacity`, which is the same
//!   for a shape that only fills;
//! - neighbouring shapes that share their colours under one `<g>` carrying
//!   them (fill and stroke inherit; `opacity` does not and stays put). The
//!   theme's dark-mode rules (`svg.chart [fill="#FFFFFF"]` and the like)
//!   then match the `<g>`, and its shapes inherit the mapped colour;
//! - no line breaks between elements, nor around a text's words (SVG text
//!   drops them anyway).
//!
//! What it cannot read (it never meets any) it copies as it is.

use super::svg::{FONT, FONT_SIZE};
use std::borrow::Cow;

/// One piece of the markup: an element's tag, parsed, or anything else as it is.
enum Token<'a> {
    Tag(Tag<'a>),
    Raw(&'a str),
}

/// An element's tag, borrowing from the markup what it leaves as it is.
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, Cow<'a, str>)>,
    /// `<… />`, with no content.
    empty: bool,
}

impl<'a> Tag<'a> {
    fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_ref())
    }

    fn remove(&mut self, name: &str) {
        self.attrs.retain(|(n, _)| *n != name);
    }

    fn remove_if(&mut self, name: &str, value: &str) {
        if self.get(name) == Some(value) {
            self.remove(name);
        }
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.name);
        for (name, value) in &self.attrs {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            out.push_str(value);
            out.push('"');
        }
        out.push_str(if self.empty { "/>" } else { ">" });
    }
}

/// Reads `<name a="v" …>` or `<name a="v" …/>`; `None` for anything else
/// (closing tags among them), which is then copied as it is.
fn parse_tag(tag: &str) -> Option<Tag<'_>> {
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    let (inner, empty) = match inner.strip_suffix('/') {
        Some(inner) => (inner, true),
        None => (inner, false),
    };
    let name_end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty() {
        return None;
    }
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest.find("=\"")?;
        let attr = &rest[..eq];
        if attr.is_empty() || attr.contains(|c: char| c.is_whitespace() || c == '"') {
            return None;
        }
        let value_start = eq + 2;
        let value_len = rest[value_start..].find('"')?;
        attrs.push((
            attr,
            Cow::Borrowed(&rest[value_start..value_start + value_len]),
        ));
        rest = rest[value_start + value_len + 1..].trim_start();
    }
    Some(Tag { name, attrs, empty })
}

fn tokens(svg: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        let Some(gt) = rest[lt..].find('>').map(|g| lt + g) else {
            break;
        };
        if lt > 0 {
            out.push(Token::Raw(&rest[..lt]));
        }
        let tag = &rest[lt..=gt];
        out.push(match parse_tag(tag) {
            Some(parsed) => Token::Tag(parsed),
            None => Token::Raw(tag),
        });
        rest = &rest[gt + 1..];
    }
    if !rest.is_empty() {
        out.push(Token::Raw(rest));
    }
    out
}

/// Shapes whose attributes `compact` rewrites.
const SHAPES: [&str; 6] = ["circle", "line", "path", "polygon", "polyline", "rect"];

/// Attributes that inherit, so that a `<g>` can carry them for its shapes.
const INHERITED: [&str; 6] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
];

/// Drops the attributes at their default or given by the root, and writes a
/// polyline as a path.
fn tidy(tag: &mut Tag<'_>) {
    if tag.name == "text" {
        tag.remove_if("opacity", "1");
        tag.remove_if("font-family", FONT);
        if tag.get("font-size").and_then(|s| s.parse::<u32>().ok()) == Some(FONT_SIZE) {
            tag.remove("font-size");
        }
        tag.remove_if("text-anchor", "start");
        return;
    }
    if !SHAPES.contains(&tag.name) {
        return;
    }
    tag.remove_if("opacity", "1");
    if tag.get("stroke") == Some("none") {
        tag.remove("stroke");
        tag.remove("stroke-width");
    }
    tag.remove_if("stroke-width", "1");
    if tag.name == "polygon" {
        for (name, value) in &mut tag.attrs {
            if *name == "points" {
                if let Cow::Borrowed(points) = value {
                    *value = Cow::Borrowed(points.trim_end());
                }
            }
        }
    }
    if tag.name == "polyline" {
        let Some(d) = tag.get("points").and_then(path_data) else {
            return;
        };
        tag.name = "path";
        if let Some(at) = tag.attrs.iter().position(|(name, _)| *name == "points") {
            tag.attrs[at] = ("d", Cow::Owned(d));
        }
    }
}

/// A polyline's points (`"87,206 527,206 "`) as path data (`"M87 206H527"`).
fn path_data(points: &str) -> Option<String> {
    use std::fmt::Write as _;
    let mut d = String::with_capacity(points.len());
    let mut last: Option<(&str, &str)> = None;
    for point in points.split_whitespace() {
        let (x, y) = point.split_once(',')?;
        x.parse::<f64>().ok()?;
        y.parse::<f64>().ok()?;
        let _ = match last {
            None => write!(d, "M{x} {y}"),
            Some((_, ly)) if ly == y => write!(d, "H{x}"),
            Some((lx, _)) if lx == x => write!(d, "V{y}"),
            Some(_) => write!(d, "L{x} {y}"),
        };
        last = Some((x, y));
    }
    last.map(|_| d)
}

/// The attributes that place a circle or a rectangle.
fn geometry_names(name: &str) -> &'static [&'static str] {
    match name {
        "circle" => &["cx", "cy", "r"],
        "rect" => &["x", "y", "width", "height"],
        _ => &[],
    }
}

/// Where a circle or a rectangle is: its placing attributes' values.
fn geometry<'t>(tag: &'t Tag<'_>) -> Option<Vec<&'t str>> {
    let names = geometry_names(tag.name);
    if names.is_empty() {
        return None;
    }
    names.iter().map(|n| tag.get(n)).collect()
}

/// A filled shape followed by the same shape only stroked, at full
/// opacity, as one shape that fills and strokes.
fn merge<'a>(fill: &Tag<'a>, stroke: &Tag<'a>) -> Option<Tag<'a>> {
    let place = geometry(fill)?;
    if fill.name != stroke.name || geometry(stroke)? != place {
        return None;
    }
    let fill_only = fill.get("fill").is_some_and(|f| f != "none")
        && fill.get("stroke").is_none()
        && fill.get("fill-opacity").is_none();
    let geometry_names = geometry_names(stroke.name);
    let stroke_only = stroke.get("fill") == Some("none")
        && stroke.get("stroke").is_some()
        && stroke.attrs.iter().all(|(name, _)| {
            geometry_names.contains(name) || *name == "fill" || name.starts_with("stroke")
        });
    if !(fill_only && stroke_only) {
        return None;
    }
    let mut attrs: Vec<(&'a str, Cow<'a, str>)> = Vec::new();
    for (name, value) in &fill.attrs {
        if *name != "opacity" {
            attrs.push((name, value.clone()));
        }
        if *name == "fill" {
            if let Some((_, opacity)) = fill.attrs.iter().find(|(n, _)| *n == "opacity") {
                attrs.push(("fill-opacity", opacity.clone()));
            }
        }
    }
    attrs.extend(
        stroke
            .attrs
            .iter()
            .filter(|(name, _)| name.starts_with("stroke"))
            .cloned(),
    );
    Some(Tag {
        name: fill.name,
        attrs,
        empty: true,
    })
}

/// A shape with an `opacity` of its own keeps its colours: the theme's
/// `svg.chart [fill="#F0E442"][opacity]` reads both on one element.
fn own_opacity(tag: &Tag<'_>) -> bool {
    tag.get("opacity").is_some()
}

/// What putting `attrs` on a `<g>` around `count` shapes saves, in bytes.
fn saving(attrs: &[(&str, &str)], count: usize) -> isize {
    let each: usize = attrs.iter().map(|(n, v)| n.len() + v.len() + 4).sum();
    (each * count) as isize - (each + "<g></g>".len()) as isize
}

/// Writes the shapes of `tags`, neighbours that share colours under one `<g>`.
fn write_grouped(tags: &[Tag<'_>], out: &mut String) {
    let mut start = 0;
    while start < tags.len() {
        // The run from `start` that saves the most: the attributes its
        // shapes share narrow as it grows, so it stops when none are left.
        let first = &tags[start];
        let mut attrs: Vec<(&str, &str)> = if own_opacity(first) {
            Vec::new()
        } else {
            first
                .attrs
                .iter()
                .filter(|(name, _)| INHERITED.contains(name))
                .map(|(n, v)| (*n, v.as_ref()))
                .collect()
        };
        let mut best = (start + 1, 0isize, Vec::new());
        for (index, next) in tags.iter().enumerate().skip(start + 1) {
            if own_opacity(next) {
                break;
            }
            attrs.retain(|(name, value)| next.get(name) == Some(value));
            if attrs.is_empty() {
                break;
            }
            let count = index + 1 - start;
            let saved = saving(&attrs, count);
            if saved > best.1 {
                best = (index + 1, saved, attrs.clone());
            }
        }
        let (end, saved, attrs) = best;
        if saved > 0 {
            out.push_str("<g");
            for (name, value) in &attrs {
                out.push_str(&format!(" {name}=\"{value}\""));
            }
            out.push('>');
            for tag in &tags[start..end] {
                Tag {
                    name: tag.name,
                    attrs: tag
                        .attrs
                        .iter()
                        .filter(|(n, _)| !attrs.iter().any(|(a, _)| a == n))
                        .cloned()
                        .collect(),
                    empty: tag.empty,
                }
                .write(out);
            }
            out.push_str("</g>");
        } else {
            for tag in &tags[start..end] {
                tag.write(out);
            }
        }
        start = end;
    }
}

/// See the module's documentation.
pub(super) fn compact(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    // Empty shapes in a row, waiting to be merged and grouped.
    let mut shapes: Vec<Tag<'_>> = Vec::new();
    let mut in_text = false;
    let flush = |shapes: &mut Vec<Tag>, out: &mut String| {
        write_grouped(shapes, out);
        shapes.clear();
    };
    for token in tokens(svg) {
        match token {
            Token::Tag(mut tag) => {
                tidy(&mut tag);
                if tag.empty && SHAPES.contains(&tag.name) {
                    if let Some(merged) = shapes.last().and_then(|last| merge(last, &tag)) {
                        shapes.pop();
                        shapes.push(merged);
                    } else {
                        shapes.push(tag);
                    }
                    continue;
                }
                flush(&mut shapes, &mut out);
                in_text = tag.name == "text" && !tag.empty;
                tag.write(&mut out);
            }
            Token::Raw(raw) => {
                if raw.starts_with("</") {
                    flush(&mut shapes, &mut out);
                    in_text = false;
                    out.push_str(raw);
                } else if raw.trim().is_empty() && !in_text {
                    // A line break between elements.
                } else {
                    flush(&mut shapes, &mut out);
                    // Plotters writes a text's words on a line of their own.
                    out.push_str(if in_text { raw.trim_matches('\n') } else { raw });
                }
            }
        }
    }
    flush(&mut shapes, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plotters_markup_is_written_smaller_and_draws_the_same() {
        let plotters = "<svg viewBox=\"0 0 10 10\">\n\
            <polyline fill=\"none\" opacity=\"1\" stroke=\"#0072B2\" stroke-width=\"2\" points=\"50,184 83,184 83,135 90,120 \"/>\n\
            <circle cx=\"160\" cy=\"169\" r=\"5\" opacity=\"0.25\" fill=\"#0072B2\" stroke=\"none\" stroke-width=\"1\"/>\n\
            <circle cx=\"160\" cy=\"169\" r=\"5\" opacity=\"1\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"1\"/>\n\
            <rect x=\"45\" y=\"179\" width=\"10\" height=\"10\" opacity=\"1\" fill=\"#C62828\" stroke=\"none\"/>\n\
            <rect x=\"45\" y=\"179\" width=\"10\" height=\"10\" opacity=\"1\" fill=\"none\" stroke=\"#FFFFFF\"/>\n\
            <rect x=\"78\" y=\"130\" width=\"10\" height=\"10\" opacity=\"1\" fill=\"#C62828\" stroke=\"none\"/>\n\
            <rect x=\"78\" y=\"130\" width=\"10\" height=\"10\" opacity=\"1\" fill=\"none\" stroke=\"#FFFFFF\"/>\n\
            <rect x=\"40\" y=\"72\" width=\"487\" height=\"51\" opacity=\"0.28\" fill=\"#F0E442\" stroke=\"none\"/>\n\
            <text x=\"1\" y=\"2\" dy=\"0.5ex\" text-anchor=\"start\" font-family=\"sans-serif\" font-size=\"13\" opacity=\"1\" fill=\"#1F2937\">\nWeb &amp; apps\n</text>\n\
            </svg>\n";
        assert_eq!(
            compact(plotters),
            "<svg viewBox=\"0 0 10 10\">\
            <g stroke=\"#0072B2\">\
            <path fill=\"none\" stroke-width=\"2\" d=\"M50 184H83V135L90 120\"/>\
            <circle cx=\"160\" cy=\"169\" r=\"5\" fill=\"#0072B2\" fill-opacity=\"0.25\"/></g>\
            <g fill=\"#C62828\" stroke=\"#FFFFFF\">\
            <rect x=\"45\" y=\"179\" width=\"10\" height=\"10\"/>\
            <rect x=\"78\" y=\"130\" width=\"10\" height=\"10\"/></g>\
            <rect x=\"40\" y=\"72\" width=\"487\" height=\"51\" opacity=\"0.28\" fill=\"#F0E442\"/>\
            <text x=\"1\" y=\"2\" dy=\"0.5ex\" fill=\"#1F2937\">Web &amp; apps</text>\
            </svg>"
        );
    }

    #[test]
    fn a_stroke_at_part_opacity_or_another_place_is_not_merged() {
        let two = "<circle cx=\"1\" cy=\"1\" r=\"5\" fill=\"#0072B2\"/>\
                   <circle cx=\"2\" cy=\"1\" r=\"5\" fill=\"none\" stroke=\"#0072B2\"/>\
                   <circle cx=\"2\" cy=\"1\" r=\"5\" opacity=\"0.5\" fill=\"none\" stroke=\"#0072B2\"/>";
        assert_eq!(compact(two).matches("<circle").count(), 3);
    }
}
