//! Charts and grading history in a built site: the numbers they carry.

mod common;

use common::{build_site, page};

/// The text of the data table that follows the chart whose title id is `id`.
fn chart_table<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<title id=\"{id}-title\">"))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let rest = &html[start..];
    let table = rest
        .find("<table>")
        .expect("a data table follows the chart");
    let end = rest[table..].find("</table>").expect("table end") + table;
    &rest[table..end]
}

fn cells(table: &str) -> Vec<String> {
    table
        .split(['<', '>'])
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, t)| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn objective_page_charts_each_key_result_and_the_score_over_time() {
    let (_dir, files) = build_site("linked", "2026-11-15", &[]);
    let html = page(&files, "web/2026-Q4/fast-pages.html");
    assert!(html.contains("<title id=\"kr-chart-1-title\">Progress of p75 largest contentful paint, in seconds</title>"));
    assert!(html.contains("Latest value 2.5 s on 2026-10-10, baseline 3 s, target 1.5 s."));
    let kr = cells(chart_table(html, "kr-chart-1"));
    assert!(
        kr.ends_with(&["2026-10-10".into(), "2.5".into(), "medium (0.6)".into()]),
        "{kr:?}"
    );
    // (2.5 − 3) / (1.5 − 3) = 0.33 on 2026-10-10; expected then 10/92 = 0.11.
    let progress = cells(chart_table(html, "objective-chart"));
    assert!(
        progress.ends_with(&["2026-10-10".into(), "0.33".into(), "0.11".into()]),
        "{progress:?}"
    );
    // The chain across periods, with each period's score.
    let chain_at = html.find("Across periods").expect("chain");
    let chain = &html[chain_at..];
    let q3 = chain.find("2026-Q3").expect("Q3 in the chain");
    let q4 = chain.find("2026-Q4").expect("Q4 in the chain");
    assert!(q3 < q4);
    assert!(
        chain[q3..q4].contains("0.50"),
        "the earlier objective's final score is shown"
    );
}

#[test]
fn period_overview_compares_team_averages_with_the_expected_score() {
    let (_dir, files) = build_site("linked", "2026-11-15", &[]);
    for path in ["index.html", "periods/2026-Q4.html"] {
        let html = page(&files, path);
        // Company: grow scores (150 − 100) / (200 − 100) = 0.5; the private objective does not count.
        // Web: fast-pages 0.33; integrate has no check-in, so it is not
        // scored and left out (not a 0 that halves the average): 0.33.
        // Expected on 2026-11-15: 46/92 = 0.50.
        assert!(
            html.contains(
                "against an expected score of 0.50 today: Company 0.50 (on track), Web 0.33 (at risk)."
            ),
            "{path}"
        );
        assert_eq!(
            cells(chart_table(html, "overview-chart")),
            [
                "Average score per team in 2026-Q4",
                "Team",
                "Score",
                "Company",
                "0.50",
                "Web",
                "0.33"
            ]
        );
    }
    let ended = page(&files, "periods/2026-Q3.html");
    assert!(
        ended.contains("Average score of each team in 2026-Q3: Web 0.50."),
        "no expected line once ended"
    );
}

#[test]
fn grading_page_has_the_team_table_the_trend_and_each_graded_period() {
    let (_dir, files) = build_site("linked", "2026-11-15", &[]);
    let html = page(&files, "grading.html");
    let table_at = html
        .find("<table class=\"grading-table\"")
        .expect("team × period table");
    let table = &html[table_at..html[table_at..].find("</table>").expect("end") + table_at];
    let text = cells(table);
    assert_eq!(
        text,
        [
            "Team",
            "2026-Q3",
            "Web",
            "Score",
            "▲",
            "0.50",
            ", yellow band"
        ],
        "only graded periods and teams with objectives"
    );
    assert!(
        table.contains("tone-warn band-yellow"),
        "final scores are coloured by band"
    );
    assert_eq!(
        cells(chart_table(html, "trend-chart")),
        [
            "Average final score per period",
            "Period",
            "all objectives",
            "2026-Q3",
            "0.50"
        ]
    );
    assert!(html.contains("Images were the bottleneck."));
    assert!(html.contains("next: continue"));
    assert!(
        !html.contains("Pages load instantly on phones"),
        "running periods are not graded"
    );

    let later = build_site("linked", "2027-01-05", &[]).1;
    let later_grading = page(&later, "grading.html");
    assert!(
        later_grading.contains("Pages load instantly on phones"),
        "2026-Q4 is graded once it has ended"
    );
    let newest = later_grading.find(">2026-Q4</a>").expect("Q4 section");
    let older = later_grading.find(">2026-Q3</a>").expect("Q3 section");
    assert!(newest < older, "newest period first");
}

#[test]
fn team_and_person_pages_chart_their_grading_history() {
    let (_dir, files) = build_site("linked", "2027-01-05", &["--include-private"]);
    let web = page(&files, "teams/web.html");
    assert_eq!(
        cells(chart_table(web, "history-chart")),
        [
            "Final scores of Web per period",
            "Period",
            "committed",
            "2026-Q3",
            "0.50",
            "2026-Q4",
            "0.33"
        ]
    );
    let ana = page(&files, "people/ana-lima.html");
    // Ana owns fast-pages in both quarters (0.50, 0.33) and her own goal in
    // Q4, never checked in: not scored, so left out of the average.
    assert_eq!(
        cells(chart_table(ana, "history-chart")),
        [
            "Final scores of Ana Lima&#39;s objectives per period",
            "Period",
            "committed",
            "2026-Q3",
            "0.50",
            "2026-Q4",
            "0.33"
        ]
    );
}

#[test]
fn charts_are_byte_identical_across_builds() {
    let (_a, first) = build_site("linked", "2026-11-15", &[]);
    let (_b, second) = build_site("linked", "2026-11-15", &[]);
    assert_eq!(first, second);
    assert!(page(&first, "web/2026-Q4/fast-pages.html").contains("<svg class=\"chart chart-wide\""));
}
