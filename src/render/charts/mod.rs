//! Charts as inline SVG, drawn with plotters' SVG backend. Every chart has a
//! `<title>` and a `<desc>` for screen readers, and the pages put a data table
//! beside it. Colours come from the Okabe–Ito palette, which stays readable
//! with the common kinds of colour blindness; bands are also written as numbers.
//!
//! One file per kind of chart (`key_result`, `objective`, `overview`,
//! `score_history`); the plumbing they share is in `svg` (canvas, dash
//! trick, accessible names), `compact` (smaller markup), `colours`, `axes`
//! and `legend`.

mod axes;
mod colours;
mod compact;
mod key_result;
mod legend;
mod objective;
mod overview;
mod score_history;
mod svg;

pub use key_result::{key_result, KrSeries};
pub use objective::{objective_progress, ObjectiveSeries};
pub use overview::period_overview;
pub use score_history::history;

use serde::Serialize;
use svg::escape;

/// A chart ready for a template: the SVG markup and the same numbers as a table.
///
/// Templates receive `title` and `html`: the whole figure, the SVG with the
/// table under it, built here rather than in a Tera loop because a handbook
/// has thousands of charts and each table would cost a template loop.
#[derive(Clone)]
pub struct Chart {
    /// The wide drawing (720 units across, legend to the right).
    pub svg: String,
    /// The narrow drawing (340 across, fewer ticks, legend below), which
    /// the theme shows instead when the figure is narrower than 620 px so
    /// that no chart text renders below 11 px.
    pub narrow: String,
    pub title: String,
    pub table: Table,
}

impl Chart {
    /// The figure: the SVG, then the numbers in a table a screen reader or a
    /// reader without the picture can use.
    pub fn html(&self) -> String {
        use std::fmt::Write as _;
        let table = &self.table;
        let mut out = String::with_capacity(self.svg.len() + self.narrow.len() + 512);
        out.push_str("<figure class=\"chart-figure\">");
        out.push_str(&self.svg);
        out.push_str(&self.narrow);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
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
            hand: None,
        }
    }

    #[test]
    fn a_hand_score_is_a_marked_point_that_agrees_with_the_header() {
        let mut hand = series(KrKind::Metric);
        // 0.3 of the way from 400 to 300: 370, from 2026-11-10.
        hand.hand = Some((date("2026-11-10"), 0.3, Some(370.0)));
        let chart = key_result(&hand, "kr-chart-1").expect("chart");
        assert!(
            has_text(&chart.svg, "hand score 0.30"),
            "{:?}",
            texts(&chart.svg)
        );
        assert!(chart.svg.contains("Scored 0.30 by hand from 2026-11-10."));
        let plain = key_result(&series(KrKind::Metric), "kr-chart-1").expect("chart");
        assert!(!has_text(&plain.svg, "hand score 0.30"));
        assert!(!plain.svg.contains("by hand"));
        // A guardrail's hand score has no place among its values: said, not drawn.
        let mut guardrail = series(KrKind::Guardrail);
        guardrail.hand = Some((date("2026-11-10"), 0.3, None));
        let chart = key_result(&guardrail, "kr-chart-1").expect("chart");
        assert!(!has_text(&chart.svg, "hand score 0.30"));
        assert!(chart.svg.contains("Scored 0.30 by hand from 2026-11-10."));
    }

    #[test]
    fn key_result_chart_is_accessible_and_deterministic() {
        let chart = key_result(&series(KrKind::Metric), "kr-chart-1").expect("chart");
        assert!(chart
            .svg
            .starts_with("<svg class=\"chart chart-wide\" role=\"img\""));
        assert!(chart
            .narrow
            .starts_with("<svg class=\"chart chart-narrow\" role=\"img\""));
        assert!(chart
            .narrow
            .contains("aria-labelledby=\"kr-chart-1-narrow-title kr-chart-1-narrow-desc\""));
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
        assert_eq!(chart.table.rows[1], ["2026-11-05", "340", "high (0.9)"]);
        let again = key_result(&series(KrKind::Metric), "kr-chart-1").expect("chart");
        assert_eq!(chart.svg, again.svg);
    }

    #[test]
    fn guardrails_draw_a_band_and_milestones_a_step() {
        let guardrail = key_result(&series(KrKind::Guardrail), "g").expect("chart");
        assert!(has_text(&guardrail.svg, "allowed range"));
        assert!(has_text(&guardrail.svg, "limit 300 ms"));
        assert!(has_text(&guardrail.svg, "baseline 400 ms"));
        assert!(has_text(&guardrail.svg, "300 ms") && has_text(&guardrail.svg, "400 ms"));
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
        assert!(chart.svg.contains(
            "Milestone done as of 2026-11-21; drawn from its first check-in on 2026-10-20"
        ));
        assert!(has_text(
            &chart.svg,
            "done or not, from the first check-in (Oct 20)"
        ));
        assert_eq!(chart.table.rows[0], ["2026-10-20", "not done", ""]);
    }

    #[test]
    fn objective_chart_lists_score_and_expected_per_date() {
        use crate::score::Tone;
        let points = [
            (date("2026-10-01"), 0.1, Tone::Good),
            (date("2026-11-15"), 0.5, Tone::Good),
        ];
        let series = |points: &'static [(Date, f64, Tone)]| ObjectiveSeries {
            title: "Fast",
            points,
            period_start: date("2026-10-01"),
            period_last_day: date("2026-12-31"),
            as_of: date("2026-11-21"),
            pace: true,
            today: None,
        };
        let points: &'static [(Date, f64, Tone)] = Box::leak(Box::new(points));
        let chart = objective_progress(&series(points), "o").expect("chart");
        assert_eq!(chart.table.rows[0], ["2026-10-01", "0.10", "0.01"]);
        assert_eq!(chart.table.rows[1], ["2026-11-15", "0.50", "0.50"]);
        assert!(has_text(&chart.svg, "expected"));
        assert!(has_text(&chart.svg, "on track") && has_text(&chart.svg, "off track"));
        assert!(objective_progress(&series(&[]), "o").is_some_and(|c| c.table.rows.is_empty()));
    }

    #[test]
    fn overview_and_history_carry_their_numbers() {
        use crate::score::Tone;
        let bars = vec![
            ("Web".to_string(), 0.42, Tone::Good),
            ("Data".to_string(), 0.8, Tone::Good),
        ];
        let chart = period_overview(&bars, Some(0.57), "2026-Q4", "overview").expect("chart");
        for label in ["Web", "Data", "● 0.42", "● 0.80", "expected today 0.57"] {
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
