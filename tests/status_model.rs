//! Issue 13, one status model: a score pill, its bar, the status badge and
//! the charts say the same thing. While the period runs they are coloured by
//! status (the score against the expected one); once it is over, by the
//! grade band; with nothing to judge, neutral. Colour never stands alone:
//! each tone has a shape and words.

mod common;

use common::handbook::Handbook;

const BOOK: &str = "[book]\ntitle = \"Tones\"\n";

const TEAM: &str = "---\ntype: team\nname: Web\n---\nWe build the website.\n";

/// A 2026-Q4 objective of the Web team whose one key result is at `value`
/// of 100 from `date`.
fn objective(title: &str, value: Option<u32>) -> String {
    let checkins = value
        .map(|v| format!("    checkins:\n      - date: 2026-11-15\n        value: {v}\n"))
        .unwrap_or_default();
    format!(
        "---
title: {title}
period: 2026-Q4
team: web
owner: Ana Lima
key_results:
  - id: share
    title: Share of orders in the new checkout in percent
    baseline: 0
    target: 100
    unit: \"%\"
{checkins}---
"
    )
}

fn handbook() -> Handbook {
    Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        // 0.46 as of 2026-11-20, when 51 of 92 days (0.55) have passed:
        // within 0.15 of expected, so on track, though its band is yellow.
        .file(
            "content/web/2026-Q4/paced.md",
            objective("Checkout on pace", Some(46)),
        )
        .file(
            "content/web/2026-Q4/risky.md",
            objective("Search at risk", Some(30)),
        )
        .file(
            "content/web/2026-Q4/behind.md",
            objective("Images far behind", Some(5)),
        )
        .file(
            "content/web/2026-Q4/silent.md",
            objective("Nothing measured yet", None),
        )
}

/// The card of the objective titled `title` in a page's lists.
/// (Other lists, such as the home page's "needs attention", may name it first.)
fn card<'a>(html: &'a str, title: &str) -> &'a str {
    let link = format!(">{title}</a>");
    html.match_indices("<li class=\"card\"")
        .map(|(start, _)| {
            let end = start + html[start..].find("</li>").expect("card end");
            &html[start..end]
        })
        .find(|card| card.contains(&link))
        .unwrap_or_else(|| panic!("no card for {title}"))
}

/// The objective page's header facts (status and score).
fn facts(html: &str) -> &str {
    let start = html.find("<dl class=\"facts\"").expect("facts");
    &html[start..start + html[start..].find("</dl>").expect("end of facts")]
}

/// The wide drawing of the chart with this id.
fn chart<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("aria-labelledby=\"{id}-title {id}-desc\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let start = html[..at].rfind("<svg").expect("svg");
    &html[start..at + html[at..].find("</svg>").expect("end of svg")]
}

/// Every tone class in a piece of a page.
fn tones(part: &str) -> Vec<&str> {
    part.match_indices("tone-")
        .map(|(at, _)| {
            let rest = &part[at + 5..];
            &rest[..rest
                .find(|c: char| !c.is_ascii_lowercase())
                .unwrap_or(rest.len())]
        })
        .filter(|t| !t.is_empty() && *t != "icon")
        .collect()
}

#[test]
fn a_running_objective_on_pace_is_on_track_colour_everywhere_though_its_band_is_yellow() {
    let built = handbook().build_as_of("2026-11-20");
    built.assert_success();
    for page in ["index.html", "periods/2026-Q4.html", "teams/web.html"] {
        let html = built.file(page);
        let card = card(&html, "Checkout on pace");
        assert!(card.contains("data-tone=\"good\""), "{page}: {card}");
        assert!(
            card.contains("class=\"score tone-good band-yellow\""),
            "{page}: the 0.46 pill is on-track green, its band kept as a class: {card}"
        );
        assert!(
            card.contains("class=\"bar-fill tone-good"),
            "{page}: {card}"
        );
        assert!(
            card.contains("class=\"status status-on-track tone-good\""),
            "{page}: {card}"
        );
        assert!(
            card.contains("<span class=\"visually-hidden\">, on track</span>"),
            "{page}: the pill says its tone in words: {card}"
        );
        assert!(
            card.contains("aria-hidden=\"true\">●</span>0.46"),
            "{page}: and shows its shape"
        );
        assert_eq!(
            tones(card).iter().filter(|t| **t != "good").count(),
            0,
            "{page}: nothing on the card is another colour: {card}"
        );
    }
    let page = built.file("web/2026-Q4/paced.html");
    let facts = facts(&page);
    assert!(tones(facts).iter().all(|t| *t == "good"), "{facts}");
    assert!(facts.contains("status-on-track tone-good"), "{facts}");
    // The key result's own pill: 0.46 on pace in its period.
    let kr_at = page.find("id=\"kr-share\"").expect("key result");
    let kr = &page[kr_at..kr_at + page[kr_at..].find("</header>").expect("kr header")];
    assert!(kr.contains("score tone-good band-yellow"), "{kr}");
    // The chart: its background by pace, today's mark in the card's colour.
    let svg = chart(&page, "objective-chart");
    assert!(svg.contains(">today 0.46: on track</text>"), "{svg}");
    assert!(
        svg.contains("r=\"9\" fill=\"none\" stroke=\"#009E73\""),
        "{svg}"
    );
    for legend in [">on track<", ">at risk<", ">off track<"] {
        assert!(svg.contains(legend), "the background's legend: {legend}");
    }
    assert!(
        !svg.contains(">0.7 and up<"),
        "no grade bands while it runs"
    );
}

#[test]
fn at_risk_and_off_track_are_told_apart_by_colour_shape_and_words() {
    let built = handbook().build_as_of("2026-11-20");
    let home = built.file("index.html");
    let risky = card(&home, "Search at risk");
    assert!(
        risky.contains("class=\"status status-at-risk tone-warn\""),
        "{risky}"
    );
    assert!(
        risky.contains("class=\"score tone-warn band-red\""),
        "{risky}"
    );
    assert!(risky.contains(">▲</span>0.30"), "{risky}");
    let behind = card(&home, "Images far behind");
    assert!(
        behind.contains("class=\"status status-off-track tone-bad\""),
        "{behind}"
    );
    assert!(behind.contains(">■</span>0.05"), "{behind}");
    // A legend says what the colours mean, beside the figures.
    assert!(home.contains("class=\"status-legend\""));
    for words in ["on track", "at risk", "off track"] {
        assert!(
            home.contains(&format!("</span>{words}</span>")),
            "legend: {words}"
        );
    }
    // The theme gives the two distinct colours.
    let css = built.file("assets/okrbook.css");
    let var = |name: &str| {
        let at = css.find(&format!("{name}: ")).expect(name) + name.len() + 2;
        css[at..at + 7].to_string()
    };
    assert_ne!(var("--bar-red"), var("--bar-yellow"));
    assert_ne!(var("--red-bg"), var("--yellow-bg"));
}

#[test]
fn an_ended_objective_takes_its_grade_band() {
    let built = handbook().build_as_of("2027-01-10");
    built.assert_success();
    let home = built.file("periods/2026-Q4.html");
    let paced = card(&home, "Checkout on pace");
    assert!(
        paced.contains("class=\"score tone-warn band-yellow\""),
        "{paced}"
    );
    assert!(
        paced.contains("class=\"status status-final tone-warn\""),
        "{paced}"
    );
    assert!(paced.contains(", yellow band</span>"), "{paced}");
    let page = built.file("web/2026-Q4/paced.html");
    assert!(tones(facts(&page)).iter().all(|t| *t == "warn"));
    let svg = chart(&page, "objective-chart");
    assert!(
        svg.contains(">0.7 and up<") && svg.contains(">below 0.4<"),
        "{svg}"
    );
    assert!(svg.contains(">today 0.46: 0.4 to 0.69</text>"), "{svg}");
    assert!(
        !svg.contains(">on track<"),
        "no pace regions once it is over"
    );
}

#[test]
fn not_scored_stays_neutral() {
    let built = handbook().build_as_of("2026-11-20");
    let home = built.file("index.html");
    let silent = card(&home, "Nothing measured yet");
    assert!(silent.contains("data-tone=\"neutral\""), "{silent}");
    assert!(
        silent.contains("class=\"score not-scored tone-neutral\""),
        "{silent}"
    );
    assert!(
        silent.contains("class=\"status status-no-data tone-neutral\""),
        "{silent}"
    );
    assert!(
        !silent.contains("tone-good")
            && !silent.contains("tone-warn")
            && !silent.contains("tone-bad"),
        "{silent}"
    );
}

#[test]
fn the_period_chart_colours_each_team_as_its_average_pill() {
    let built = handbook().build_as_of("2026-11-20");
    let home = built.file("index.html");
    // Web's average, the period's too: (0.46 + 0.30 + 0.05) / 3 = 0.27,
    // at 0.55 expected: at risk (from 0.55 − 0.35 = 0.20), though its band is red.
    assert!(
        home.contains("<dt>Average score</dt><dd><span class=\"score tone-warn band-red\""),
        "the average pill is at risk"
    );
    let svg = chart(&home, "overview-chart");
    assert!(svg.contains("Web 0.27 (at risk)"), "{svg}");
    assert!(
        svg.contains("fill=\"#E69F00\""),
        "the bar is at-risk amber: {svg}"
    );
    assert!(svg.contains("▲ 0.27"), "its label carries the shape: {svg}");
}
