//! The charts' colours: the Okabe–Ito palette, which stays readable with the
//! common kinds of colour blindness, the colour of each tone of the status model
//! (the same as the cards') and the markers that tell series apart by shape.

use crate::score::Tone;
use plotters::prelude::*;

pub(super) const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);

pub(super) const VERMILION: RGBColor = RGBColor(0xd5, 0x5e, 0x00);

pub(super) const GREEN: RGBColor = RGBColor(0x00, 0x9e, 0x73);

pub(super) const ORANGE: RGBColor = RGBColor(0xe6, 0x9f, 0x00);

pub(super) const PURPLE: RGBColor = RGBColor(0xcc, 0x79, 0xa7);

pub(super) const GREY: RGBColor = RGBColor(0x6b, 0x72, 0x80);

pub(super) const LIGHT_GREY: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);

pub(super) const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);

/// Off track and the red band: a red well apart from the amber of at risk,
/// in hue and in lightness (the theme's `--bar-red`).
pub(super) const RED: RGBColor = RGBColor(0xc6, 0x28, 0x28);

/// The Okabe–Ito yellow, for the at-risk background: yellow, not the peach
/// an orange tint gives next to red.
pub(super) const YELLOW: RGBColor = RGBColor(0xf0, 0xe4, 0x42);

/// The colour of a tone (see [`crate::score::tone`]): the same as the
/// theme's bars, so a bar or point never disagrees with the card beside it.
pub fn tone_colour(tone: Tone) -> RGBColor {
    match tone {
        Tone::Good => GREEN,
        Tone::Warn => ORANGE,
        Tone::Bad => RED,
        Tone::Neutral => GREY,
    }
}

/// A chart's background for a tone: a light tint, and the legend's swatch.
pub(super) fn tone_tint(tone: Tone) -> RGBAColor {
    match tone {
        Tone::Good => GREEN.mix(0.10),
        Tone::Warn => YELLOW.mix(0.28),
        Tone::Bad => RED.mix(0.10),
        Tone::Neutral => GREY.mix(0.06),
    }
}

/// Committed series get filled circles, aspirational ones hollow circles, so shape tells them apart too.
pub(super) fn marker(colour: RGBColor, filled: bool) -> ShapeStyle {
    if filled {
        colour.filled()
    } else {
        colour.stroke_width(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_colours_are_the_theme_bars() {
        // The chart's bars and points take the colours of the pages' bars.
        let css = include_str!("../../../themes/default/static/okrbook.css");
        for (tone, var) in [
            (Tone::Good, "--bar-green"),
            (Tone::Warn, "--bar-yellow"),
            (Tone::Bad, "--bar-red"),
        ] {
            let hex = super::super::svg::hex(tone_colour(tone)).to_lowercase();
            assert!(
                css.contains(&format!("{var}: {hex};")),
                "{var} is not {hex}"
            );
        }
        assert_ne!(tone_colour(Tone::Warn), tone_colour(Tone::Bad));
    }
}
