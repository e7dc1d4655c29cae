//! The charts' colours: the Okabe–Ito palette, which stays readable with the
//! common kinds of colour blindness, the colour of each score band (by the
//! same rule as the cards) and the markers that tell series apart by shape.

use crate::score::Band;
use plotters::prelude::*;

pub(super) const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);

pub(super) const VERMILION: RGBColor = RGBColor(0xd5, 0x5e, 0x00);

pub(super) const GREEN: RGBColor = RGBColor(0x00, 0x9e, 0x73);

pub(super) const ORANGE: RGBColor = RGBColor(0xe6, 0x9f, 0x00);

pub(super) const PURPLE: RGBColor = RGBColor(0xcc, 0x79, 0xa7);

pub(super) const GREY: RGBColor = RGBColor(0x6b, 0x72, 0x80);

pub(super) const LIGHT_GREY: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);

pub(super) const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);

/// The colour of a score's band, by the rule the cards use
/// ([`crate::render::score_band`]: the score rounded as displayed), so that a bar or
/// point never disagrees with the card beside it.
pub fn band_colour(score: f64) -> RGBColor {
    match crate::render::score_band(score) {
        Band::Green => GREEN,
        Band::Yellow => ORANGE,
        Band::Red => VERMILION,
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
    fn bands_follow_the_score_thresholds() {
        assert_eq!(band_colour(0.39), VERMILION);
        assert_eq!(band_colour(0.4), ORANGE);
        assert_eq!(band_colour(0.69), ORANGE);
        assert_eq!(band_colour(0.7), GREEN);
    }

    #[test]
    fn chart_bands_match_the_cards() {
        // 0.696 is displayed as 0.70: a green card, so a green bar.
        assert_eq!(crate::render::context::score_view(0.696).band, "green");
        assert_eq!(band_colour(0.696), GREEN);
        assert_eq!(crate::render::context::score_view(0.396).band, "yellow");
        assert_eq!(band_colour(0.396), ORANGE);
        for step in 0..=1000 {
            let score = step as f64 / 1000.0;
            let card = crate::render::context::score_view(score).band;
            let expected = match card {
                "green" => GREEN,
                "yellow" => ORANGE,
                _ => VERMILION,
            };
            assert_eq!(band_colour(score), expected, "score {score}");
        }
    }
}
