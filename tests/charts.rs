//! Issue 13, charts that read at any size: every chart comes drawn wide and
//! narrow with text no smaller than 13 units; metric axes label the baseline
//! and the target with their unit; a milestone starts where its data does
//! and says so; a bar's score never sits under the expected line.

mod common;

use common::handbook::Handbook;

const BOOK: &str = "[book]\ntitle = \"Charts\"\n";

const TEAM: &str = "---\ntype: team\nname: Web\n---\nWe build the website.\n";

const LATENCY: &str = "---
title: Pages answer fast
period: 2026-Q4
team: web
key_results:
  - id: p95
    title: p95 latency below 300 ms
    baseline: 400
    target: 300
    unit: ms
    checkins:
      - date: 2026-10-08
        value: 390
      - date: 2026-11-05
        value: 340
  - id: uptime
    title: Availability 99.9%
    baseline: 99.84
    target: 99.95
    unit: \"%\"
    checkins:
      - date: 2026-10-08
        value: 99.9
  - id: payouts
    title: 1200 payouts a minute at peak
    baseline: 800
    target: 1200
    unit: payouts/min
    checkins:
      - date: 2026-10-08
        value: 900
  - id: late
    title: The new gateway carries all traffic
    kind: milestone
    checkins:
      - date: 2026-10-29
        value: false
      - date: 2026-11-12
        value: true
  - id: early
    title: The runbook is reviewed
    kind: milestone
    checkins:
      - date: 2026-10-01
        value: false
---
";

fn built() -> common::handbook::Run {
    let built = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file("content/web/2026-Q4/fast.md", LATENCY)
        .build_as_of("2026-11-20");
    built.assert_success();
    built
}

/// The drawing (`wide` or `narrow`) of the chart with this id.
fn chart<'a>(html: &'a str, id: &str, narrow: bool) -> &'a str {
    let id = if narrow {
        format!("{id}-narrow")
    } else {
        id.to_string()
    };
    let at = html
        .find(&format!("aria-labelledby=\"{id}-title {id}-desc\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let start = html[..at].rfind("<svg").expect("svg");
    &html[start..at + html[at..].find("</svg>").expect("end of svg")]
}

/// The trimmed text of every `<text>` in a part of an SVG.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|part| {
            let body = &part[part.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

/// The axes' labels of a chart: the texts in its `<g class="axes" …>`,
/// the groups inside it included.
fn axis_labels(svg: &str) -> Vec<String> {
    let start = svg.find("<g class=\"axes\"").expect("axes");
    let mut depth = 0;
    let mut at = start;
    loop {
        let open = svg[at..].find("<g ").map(|i| at + i);
        let close = svg[at..].find("</g>").map(|i| at + i).expect("end of axes");
        match open {
            Some(open) if open < close => {
                depth += 1;
                at = open + 3;
            }
            _ => {
                depth -= 1;
                at = close + 4;
                if depth == 0 {
                    return texts(&svg[start..at]);
                }
            }
        }
    }
}

fn attribute(tag: &str, name: &str) -> f64 {
    let at = tag.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
    tag[at..at + tag[at..].find('"').expect("quote")]
        .parse()
        .expect("number")
}

/// Every shape of a chart (`path`, `circle`, …) with its attributes,
/// including those it inherits from the `<g>`s around it, in order.
fn shapes(svg: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut groups: Vec<Vec<(String, String)>> = Vec::new();
    let mut out = Vec::new();
    for part in svg.split('<').skip(1) {
        let tag = &part[..part.find('>').expect("end of tag")];
        if tag.starts_with('/') {
            if tag == "/g" {
                groups.pop();
            }
            continue;
        }
        let name = tag.split([' ', '/']).next().unwrap_or("").to_string();
        let mut attrs: Vec<(String, String)> = groups.iter().flatten().cloned().collect();
        for pair in tag.split('"').collect::<Vec<_>>().chunks(2) {
            if let [key, value] = pair {
                let key = key.trim().trim_end_matches('=');
                let key = key.rsplit(' ').next().unwrap_or(key).to_string();
                attrs.retain(|(k, _)| *k != key);
                attrs.push((key, value.to_string()));
            }
        }
        if name == "g" {
            groups.push(attrs);
        } else {
            out.push((name, attrs));
        }
    }
    out
}

fn get<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The x where the first path whose (own or inherited) attributes include
/// all of `wanted` starts.
fn path_start_x(svg: &str, wanted: &[(&str, &str)]) -> f64 {
    let (_, attrs) = shapes(svg)
        .into_iter()
        .find(|(name, attrs)| {
            name == "path" && wanted.iter().all(|(k, v)| get(attrs, k) == Some(v))
        })
        .unwrap_or_else(|| panic!("no path with {wanted:?} in {svg}"));
    let d = get(&attrs, "d").expect("path data");
    d.strip_prefix('M')
        .and_then(|d| d.split(' ').next())
        .expect("M x y")
        .parse()
        .expect("number")
}

#[test]
fn every_chart_comes_wide_and_narrow_with_text_of_at_least_13_units() {
    let built = built();
    for page in ["web/2026-Q4/fast.html", "index.html"] {
        let html = built.file(page);
        let wide = html.matches("<svg class=\"chart chart-wide\"").count();
        let narrow = html.matches("<svg class=\"chart chart-narrow\"").count();
        assert!(
            wide > 0 && wide == narrow,
            "{page}: {wide} wide, {narrow} narrow"
        );
        assert!(
            html.contains("viewBox=\"0 0 340 "),
            "{page}: narrow drawings are 340 across"
        );
        for (at, _) in html.match_indices("font-size=\"") {
            let rest = &html[at + 11..];
            let size: f64 = rest[..rest.find('"').expect("quote")]
                .parse()
                .expect("size");
            assert!(size >= 13.0, "{page}: chart text at {size} units");
        }
        // A text with no size of its own takes the root's.
        for svg in html.split("<svg class=\"chart").skip(1) {
            let open = &svg[..svg.find('>').expect("end of tag")];
            assert!(
                open.contains(" font-size=\"13\""),
                "{page}: the chart gives its text 13 units: {open}"
            );
        }
    }
    // The narrow drawing has its legend below the plot, not beside it.
    let html = built.file("web/2026-Q4/fast.html");
    let narrow = chart(&html, "kr-chart-1", true);
    let legend = &narrow[narrow.find("<g class=\"legend\"").expect("legend")..];
    let first = &legend[legend.find("<text").expect("legend text")..];
    assert!(
        attribute(first, "y") > 220.0,
        "legend below the 260-high plot area's axis"
    );
}

#[test]
fn metric_axes_label_the_baseline_and_the_target_with_their_unit() {
    let built = built();
    let html = built.file("web/2026-Q4/fast.html");
    for narrow in [false, true] {
        let latency = chart(&html, "kr-chart-1", narrow);
        let labels = axis_labels(latency);
        for wanted in ["400 ms", "300 ms"] {
            assert!(labels.iter().any(|l| l == wanted), "{wanted} in {labels:?}");
        }
        let legend = texts(latency);
        assert!(legend.iter().any(|t| t == "baseline 400 ms"), "{legend:?}");
        assert!(legend.iter().any(|t| t == "target 300 ms"), "{legend:?}");

        let uptime = axis_labels(chart(&html, "kr-chart-2", narrow));
        for wanted in ["99.84%", "99.95%"] {
            assert!(uptime.iter().any(|l| l == wanted), "{wanted} in {uptime:?}");
        }

        // A long unit is written once, above the axis; the ticks keep the
        // baseline and the target.
        let payouts = chart(&html, "kr-chart-3", narrow);
        let labels = axis_labels(payouts);
        assert!(labels.iter().any(|l| l == "payouts/min"), "{labels:?}");
        assert!(
            labels.iter().any(|l| l == "800") && labels.iter().any(|l| l == "1,200" || l == "1200"),
            "{labels:?}"
        );
        assert!(texts(payouts)
            .iter()
            .any(|t| t == "baseline 800 payouts/min"));
    }
}

#[test]
fn a_milestone_starts_at_its_first_check_in_unless_one_dates_from_the_period_start() {
    let built = built();
    let html = built.file("web/2026-Q4/fast.html");
    let late = chart(&html, "kr-chart-4", false);
    assert!(
        late.contains(
            "drawn from its first check-in on 2026-10-29: nothing was recorded before it"
        ),
        "{late}"
    );
    assert!(texts(late)
        .iter()
        .any(|t| t == "done or not, from the first check-in (Oct 29)"));
    // The line starts at the first check-in's x, right of the period's start (the y axis).
    let first_x = path_start_x(late, &[("stroke", "#0072B2"), ("stroke-width", "2")]);
    let axis_x = path_start_x(late, &[("stroke", "#6B7280"), ("stroke-opacity", "0.6")]);
    assert!(
        first_x > axis_x + 50.0,
        "the line starts at {first_x}, the period at {axis_x}"
    );

    let early = chart(&html, "kr-chart-5", false);
    assert!(
        early.contains("drawn from the period&#39;s start, 2026-10-01"),
        "{early}"
    );
    assert!(texts(early)
        .iter()
        .any(|t| t == "done or not, from the period&#39;s start"));
}

#[test]
fn a_bar_score_never_sits_under_the_expected_line() {
    // 51 of 92 days: 0.55 expected. Web's average 0.54 ends just short of it.
    let built = Handbook::new()
        .config(BOOK)
        .file("content/teams/web.md", TEAM)
        .file(
            "content/web/2026-Q4/fast.md",
            "---\ntitle: Fast\nperiod: 2026-Q4\nteam: web\nkey_results:\n  - title: Share in percent\n    baseline: 0\n    target: 100\n    checkins:\n      - date: 2026-11-01\n        value: 54\n---\n",
        )
        .build_as_of("2026-11-20");
    built.assert_success();
    let html = built.file("index.html");
    for narrow in [false, true] {
        let svg = chart(&html, "overview-chart", narrow);
        let line_x = path_start_x(svg, &[("stroke-dasharray", "4 3")]);
        let label_at = svg.find("● 0.54").expect("the bar's score");
        let label = &svg[svg[..label_at].rfind("<text").expect("text")..label_at];
        let x = attribute(label, "x");
        assert!(x > line_x + 2.0, "label at {x}, expected line at {line_x}");
    }
}
