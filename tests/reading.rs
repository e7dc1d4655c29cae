//! The reading experience, without a browser: the search index the header's
//! search box loads, the dark-mode switch, the navigation between teams and
//! periods, and headings in order on every kind of page. (What the browser
//! does with them is tested under `e2e/`.)

mod common;

use common::serve::Session;
use common::{build_ok, links_to, page};
use serde_json::Value;
use std::collections::BTreeMap;

type Files = BTreeMap<String, String>;

fn build(extra: &[&str]) -> (tempfile::TempDir, Files) {
    common::build_site("linked", "2026-11-15", extra)
}

/// The value `search-index.js` assigns to `window.OKRBOOK_SEARCH`.
fn search_index(files: &Files) -> Value {
    let script = page(files, "search-index.js");
    let prefix = "window.OKRBOOK_SEARCH = ";
    let start = script.find(prefix).expect("the index sets OKRBOOK_SEARCH") + prefix.len();
    let json = script[start..].trim_end().trim_end_matches(';');
    serde_json::from_str(json).expect("the index is a JSON literal")
}

/// One entry of the index, with its fields named.
#[derive(Debug)]
struct Entry {
    position: usize,
    kind: String,
    title: String,
    /// Resolved: a key result's anchor is put after its objective's path.
    url: String,
    period: Option<String>,
    team: Option<String>,
    score: Option<f64>,
    owner: Option<String>,
    parent: Option<usize>,
    text: Option<String>,
    status: Option<String>,
}

fn entries(index: &Value) -> Vec<Entry> {
    let docs = index["docs"].as_array().expect("docs");
    let label = |table: &str, value: Option<&Value>| {
        value.and_then(Value::as_u64).map(|i| {
            index[table][i as usize]
                .as_str()
                .expect("a label")
                .to_string()
        })
    };
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(String::from);
    docs.iter()
        .enumerate()
        .map(|(position, doc)| {
            let field = |i: usize| doc.get(i).filter(|v| !v.is_null());
            let parent = field(7).and_then(Value::as_u64).map(|p| p as usize);
            let mut url = text(field(2)).expect("every entry has a URL");
            if url.starts_with('#') {
                let parent = parent.expect("an anchor belongs to a parent");
                url = format!("{}{url}", docs[parent][2].as_str().expect("parent URL"));
            }
            let kind = text(field(0)).expect("kind");
            Entry {
                position,
                // A team's `team` is its parent team.
                team: label("teams", field(4)),
                kind,
                title: text(field(1)).expect("title"),
                url,
                period: label("periods", field(3)),
                score: field(5).and_then(Value::as_f64),
                owner: text(field(6)),
                parent,
                text: text(field(8)),
                status: text(field(9)),
            }
        })
        .collect()
}

fn find<'a>(entries: &'a [Entry], kind: &str, title: &str) -> &'a Entry {
    entries
        .iter()
        .find(|e| e.kind == kind && e.title == title)
        .unwrap_or_else(|| panic!("no {kind} entry titled {title:?} in {entries:#?}"))
}

/// The prefix from a page to the site's root.
/// (404.html too: served elsewhere, it sets `<base href=site-url>`.)
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn html_pages(files: &Files) -> impl Iterator<Item = (&String, &String)> {
    files.iter().filter(|(path, _)| path.ends_with(".html"))
}

#[test]
fn the_index_has_every_kind_of_entry_with_period_team_score_and_a_working_link() {
    let (_dir, files) = build(&[]);
    let index = search_index(&files);
    assert_eq!(index["version"], 1);
    assert_eq!(index["periods"], serde_json::json!(["2026-Q3", "2026-Q4"]));
    let all = entries(&index);

    let objective = find(&all, "o", "Pages load instantly on phones");
    assert_eq!(objective.url, "web/2026-Q4/fast-pages.html");
    assert_eq!(objective.period.as_deref(), Some("2026-Q4"));
    assert_eq!(objective.team.as_deref(), Some("Web"));
    assert_eq!(objective.owner.as_deref(), Some("Ana Lima"));
    let okrs: Value = serde_json::from_str(page(&files, "okrs.json")).expect("okrs.json");
    let exported = okrs["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .find(|o| o["id"] == "web/2026-Q4/fast-pages")
        .expect("exported");
    assert_eq!(objective.status.as_deref(), exported["status"].as_str());
    let score = objective.score.expect("a score");
    let exported_score = exported["score"].as_f64().expect("score");
    assert!(
        (score - exported_score).abs() <= 0.005,
        "{score} shows {exported_score}"
    );
    assert!(
        objective
            .text
            .as_deref()
            .is_some_and(|t| t.contains("Faster pages convert better")),
        "the body's text is searchable: {objective:?}"
    );
    assert_eq!(
        find(&all, "o", "Pages load fast on phones").score,
        Some(0.5),
        "a graded objective shows its grade"
    );
    let individual = find(&all, "o", "Ana can profile any page in minutes");
    assert_eq!(individual.team, None);
    assert_eq!(individual.owner.as_deref(), Some("Ana Lima"));

    let kr = all
        .iter()
        .find(|e| {
            e.kind == "k"
                && e.title == "p75 largest contentful paint, in seconds"
                && e.period.as_deref() == Some("2026-Q4")
        })
        .expect("the key result is in the index");
    assert_eq!(kr.url, "web/2026-Q4/fast-pages.html#kr-lcp");
    assert_eq!(kr.parent, Some(objective.position));
    assert_eq!(kr.team.as_deref(), Some("Web"));
    assert_eq!(kr.owner.as_deref(), Some("Kim Park"));
    assert!(kr.score.is_some());
    assert!(page(&files, "web/2026-Q4/fast-pages.html").contains("id=\"kr-lcp\""));

    let team = find(&all, "t", "Web");
    assert_eq!(team.url, "teams/web.html");
    assert_eq!(team.owner.as_deref(), Some("Ana Lima"), "the lead");
    assert_eq!(team.team.as_deref(), Some("Company"), "the parent team");
    let person = find(&all, "p", "Kim Park");
    assert_eq!(person.url, "people/kim-park.html");
    assert!(person.text.as_deref().is_some_and(|t| t.contains("Web")));
    let guide = find(&all, "g", "How we write OKRs");
    assert_eq!(guide.url, "guides/how.html");
    assert!(guide
        .text
        .as_deref()
        .is_some_and(|t| t.contains("The house rules") && t.contains("Rules")));

    for entry in &all {
        assert!(
            !entry.url.starts_with('/') && !entry.url.contains(':'),
            "URLs are relative to the root: {entry:?}"
        );
        let file = entry.url.split('#').next().unwrap_or_default();
        assert!(files.contains_key(file), "{entry:?} points at a page");
    }
}

#[test]
fn private_objectives_are_not_in_the_index_unless_published() {
    let (_dir, files) = build(&[]);
    let script = page(&files, "search-index.js");
    for secret in [
        "Secret merger",
        "Zebra",
        "acquire",
        "Top secret",
        "due diligence",
    ] {
        assert!(!script.contains(secret), "the index mentions {secret:?}");
    }
    let (_dir, with_private) = build(&["--include-private"]);
    let all = entries(&search_index(&with_private));
    let secret = find(&all, "o", "Secret merger with Zebra Corp");
    assert_eq!(secret.url, "company/2026-Q4/acquire.html");
}

#[test]
fn the_index_and_every_page_are_the_same_on_every_build() {
    let (_a, first) = build(&[]);
    let (_b, second) = build(&[]);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, text) in &first {
        assert!(
            second.get(path) == Some(text),
            "{path} differs between builds"
        );
    }
}

#[test]
fn long_bodies_are_cut_so_the_index_stays_small() {
    let (_dir, root) = common::copy_fixture("linked");
    let long = "Lorem ipsum dolor sit amet. ".repeat(2_000);
    common::write(
        &root,
        "content/web/2026-Q4/long.md",
        format!(
            "---
title: A long story
period: 2026-Q4
team: web
owner: Kim Park
key_results:
  - title: Words read per day
    target: 10
    measured_by: \"{}\"
---
{long}
",
            "counted ".repeat(200)
        ),
    );
    common::write(
        &root,
        "content/guides/long.md",
        format!(
            "---
title: A long guide
---
{long}
"
        ),
    );
    let out = common::temp();
    let dest = out.path().join("site");
    build_ok(&root, &dest, "2026-11-15", &[]);
    let script = std::fs::read_to_string(dest.join("search-index.js")).expect("index");
    assert!(
        script.len() < 12_000,
        "two 56 kB bodies add {} bytes to the index",
        script.len()
    );
    let files: Files = [("search-index.js".to_string(), script)].into();
    let all = entries(&search_index(&files));
    for title in ["A long story", "Words read per day", "A long guide"] {
        let entry = all.iter().find(|e| e.title == title).expect("entry");
        let text = entry.text.as_deref().expect("text");
        assert!(
            text.ends_with('…') && text.chars().count() < 500,
            "{title}: {text}"
        );
    }
}

#[test]
fn every_page_loads_search_and_the_theme_switch() {
    let (_dir, files) = build(&[]);
    page(&files, "assets/search.js");
    page(&files, "assets/okrbook.js");
    page(&files, "assets/favicon.svg");
    let mut count = 0;
    for (path, html) in html_pages(&files) {
        count += 1;
        let root = root_of(path);
        for needle in [
            format!("<script src=\"{root}assets/search.js\" defer></script>"),
            format!("<script src=\"{root}assets/okrbook.js\" defer></script>"),
            format!("data-index=\"{root}search-index.js\""),
            format!("<link rel=\"icon\" href=\"{root}assets/favicon.svg\""),
            format!("<html lang=\"en\" data-root=\"{root}\">"),
        ] {
            assert!(html.contains(&needle), "{path} lacks {needle}");
        }
        // The search box: labelled, a combobox over a listbox, a live count.
        assert!(html.contains("<label class=\"visually-hidden\" for=\"search-input\">"));
        assert!(html.contains("role=\"combobox\""));
        assert!(html.contains("aria-controls=\"search-results\""));
        assert!(html.contains("id=\"search-results\" class=\"search-results\" role=\"listbox\""));
        assert!(html.contains("aria-live=\"polite\""));

        // The remembered theme is applied in <head>, before the stylesheet
        // is even requested, so that a dark page never flashes white.
        let head = &html[..html.find("</head>").expect("a head")];
        let script = head
            .find("localStorage.getItem(\"okrbook-theme\")")
            .unwrap_or_else(|| panic!("{path} has no theme script in <head>"));
        let css = head.find("assets/okrbook.css").expect("stylesheet");
        assert!(script < css, "{path}: the theme is set before the CSS");
        assert!(head.contains("data-theme"));
        assert!(
            html.contains("id=\"theme-toggle\""),
            "{path}: toggle button"
        );
    }
    assert!(count > 15, "only {count} pages");

    let css = page(&files, "assets/okrbook.css");
    assert!(css.contains("prefers-color-scheme: dark"));
    assert!(css.contains(":root[data-theme=\"dark\"]"));
    assert!(css.contains(":root:not([data-theme=\"light\"])"));
    let js = page(&files, "assets/okrbook.js");
    assert!(js.contains("localStorage") && js.contains("\"okrbook-theme\""));
    let search = page(&files, "assets/search.js");
    assert!(search.contains("OKRBOOK_SEARCH") && search.contains("data-index"));
    assert!(!search.contains("fetch("), "fetch fails from file://");
}

#[test]
fn a_period_prints_one_team_per_page() {
    let (_dir, files) = build(&[]);
    let period = page(&files, "periods/2026-Q4.html");
    assert_eq!(
        period.matches("<section class=\"team-section\"").count(),
        3,
        "Company, Web and the individual goals"
    );
    let css = page(&files, "assets/okrbook.css");
    let print = &css[css.find("@media print").expect("a print stylesheet")..];
    assert!(print.contains(".team-section { break-before: page; }"));
    for hidden in [".site-header", ".sidebar", ".site-footer", ".search"] {
        assert!(print.contains(hidden), "{hidden} is not printed");
    }
}

/// The heading levels of a page, in document order.
fn headings(html: &str) -> Vec<u8> {
    let bytes = html.as_bytes();
    let mut levels = Vec::new();
    let mut at = 0;
    while let Some(found) = html[at..].find("<h") {
        let start = at + found;
        if let (Some(&digit), Some(&after)) = (bytes.get(start + 2), bytes.get(start + 3)) {
            if (b'1'..=b'6').contains(&digit) && (after == b'>' || after == b' ') {
                levels.push(digit - b'0');
            }
        }
        at = start + 2;
    }
    levels
}

/// One `<h1>`, first, and no level skipped on the way down.
fn assert_headings_in_order(path: &str, html: &str) {
    let levels = headings(html);
    assert_eq!(
        levels.iter().filter(|&&l| l == 1).count(),
        1,
        "{path} has one h1: {levels:?}"
    );
    assert_eq!(levels.first(), Some(&1), "{path} starts with its h1");
    for pair in levels.windows(2) {
        assert!(
            pair[1] <= pair[0] + 1,
            "{path} goes from h{} to h{}: {levels:?}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn headings_never_skip_a_level_on_any_page() {
    assert_eq!(
        headings("<h1>a</h1><h2 id=x>b</h2><hr><header><h3>"),
        [1, 2, 3]
    );
    let (_dir, files) = build(&["--include-private"]);
    for (path, html) in html_pages(&files) {
        assert_headings_in_order(path, html);
    }
    // The demo handbook has every kind of page with rich bodies.
    let out = common::temp();
    let dest = out.path().join("demo");
    build_ok(&common::repo_root(), &dest, "2026-11-21", &[]);
    let demo = common::snapshot(&dest);
    let mut kinds = std::collections::BTreeSet::new();
    for (path, bytes) in &demo {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert_headings_in_order(path, &html);
            kinds.insert(path.split('/').next().unwrap_or_default().to_string());
        }
    }
    for kind in [
        "index.html",
        "grading.html",
        "health.html",
        "teams",
        "periods",
        "cascade",
        "people",
        "guides",
    ] {
        assert!(kinds.contains(kind), "the demo has {kind}: {kinds:?}");
    }
}

/// The "same team, other periods" links of an objective's page.
fn team_periods(html: &str) -> &str {
    let start = html
        .find("<nav class=\"team-periods\"")
        .expect("team period links");
    let end = start + html[start..].find("</nav>").expect("end of the links");
    &html[start..end]
}

#[test]
fn objectives_link_to_their_team_in_the_neighbouring_periods() {
    let (_dir, files) = build(&[]);
    let q4 = team_periods(page(&files, "web/2026-Q4/fast-pages.html"));
    assert!(q4.starts_with("<nav class=\"team-periods\" aria-label=\"Web in other periods\">"));
    assert!(links_to(q4, "../../teams/web.html#2026-Q3"));
    assert!(q4.contains("Web in 2026-Q3"));
    assert!(!q4.contains("2026-Q4"), "no next period yet: {q4}");

    let q3 = team_periods(page(&files, "web/2026-Q3/fast-pages.html"));
    assert!(links_to(q3, "../../teams/web.html#2026-Q4"));
    assert!(q3.contains("Web in 2026-Q4"));
    assert!(!q3.contains("2026-Q3"), "no previous period: {q3}");

    // Company has objectives in one period only, an individual goal no team.
    for alone in [
        "company/2026-Q4/grow.html",
        "people/ana-lima/2026-Q4/learn.html",
    ] {
        assert!(
            !page(&files, alone).contains("class=\"team-periods\""),
            "{alone}"
        );
    }

    let team = page(&files, "teams/web.html");
    for period in ["2026-Q3", "2026-Q4"] {
        assert!(team.contains(&format!("<section id=\"{period}\" class=\"team-period\"")));
        assert!(
            links_to(team, &format!("#{period}")),
            "the team page's period index"
        );
    }
}

/// The `<li>`s of a page's breadcrumbs, as text.
fn breadcrumbs(html: &str) -> Vec<String> {
    let start = html
        .find("<nav class=\"breadcrumbs\"")
        .expect("breadcrumbs");
    let end = start + html[start..].find("</nav>").expect("end of breadcrumbs");
    html[start..end]
        .split("<li")
        .skip(1)
        .map(|item| {
            let mut text = String::new();
            let mut in_tag = false;
            for c in item[item.find('>').map_or(0, |i| i + 1)..].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.trim().to_string()
        })
        .collect()
}

#[test]
fn breadcrumbs_run_from_the_company_down_to_the_page() {
    let (_dir, files) = build(&[]);
    let objective = page(&files, "web/2026-Q4/fast-pages.html");
    assert_eq!(
        breadcrumbs(objective),
        [
            "Company",
            "Web",
            "2026-Q4",
            "Pages load instantly on phones"
        ]
    );
    assert!(objective.contains("<li aria-current=\"page\">Pages load instantly on phones</li>"));
    assert!(links_to(objective, "../../teams/company.html"));
    assert!(links_to(objective, "../../teams/web.html#2026-Q4"));
    assert_eq!(
        breadcrumbs(page(&files, "teams/web.html")),
        ["Company", "Web"]
    );
    assert_eq!(
        breadcrumbs(page(&files, "people/ana-lima/2026-Q4/learn.html")),
        ["Ana Lima", "2026-Q4", "Ana can profile any page in minutes"]
    );
}

/// The sidebar of a page.
fn sidebar(html: &str) -> &str {
    let start = html.find("<aside class=\"sidebar\"").expect("a sidebar");
    let end = start + html[start..].find("</aside>").expect("end of the sidebar");
    &html[start..end]
}

#[test]
fn the_sidebar_lists_the_top_teams_on_every_page() {
    let (_dir, files) = build(&[]);
    for (path, html) in html_pages(&files) {
        let side = sidebar(html);
        let root = root_of(path);
        assert!(
            links_to(side, &format!("{root}teams/company.html")),
            "{path}"
        );
        assert!(links_to(side, &format!("{root}teams/web.html")), "{path}");
        assert!(
            links_to(side, &format!("{root}teams.html")),
            "{path}: all teams"
        );
    }
    let web = sidebar(page(&files, "teams/web.html"));
    assert!(web.contains("href=\"../teams/web.html\" aria-current=\"page\""));
}

#[test]
fn the_sidebar_does_not_grow_with_the_number_of_teams() {
    let (_dir, root) = common::copy_fixture("linked");
    for i in 0..30 {
        common::write(
            &root,
            &format!("content/teams/extra-{i:02}.md"),
            format!(
                "---
type: team
name: Extra {i:02}
---
"
            ),
        );
        common::write(
            &root,
            &format!("content/teams/sub-{i:02}.md"),
            format!(
                "---
type: team
name: Sub {i:02}
parent: web
---
"
            ),
        );
    }
    let out = common::temp();
    let dest = out.path().join("site");
    build_ok(&root, &dest, "2026-11-15", &[]);
    let home = std::fs::read_to_string(dest.join("index.html")).expect("home");
    let side = sidebar(&home);
    let listed = side.matches("href=\"teams/").count();
    assert!(listed <= 12, "the sidebar lists {listed} teams");
    assert!(side.contains("href=\"teams/company.html\""));
    assert!(links_to(side, "teams.html"), "and a link to all of them");
    // A team's page shows its branch, the team itself though it sorts late.
    let deep = std::fs::read_to_string(dest.join("teams/sub-29.html")).expect("a sub-team");
    let side = sidebar(&deep);
    assert!(side.contains("href=\"../teams/sub-29.html\" aria-current=\"page\""));
    assert!(side.contains("href=\"../teams/web.html\""));
    let listed = side.matches("href=\"../teams/").count();
    assert!(listed <= 40, "the sidebar lists {listed} teams");
}

#[test]
fn serve_updates_the_index_and_the_neighbouring_period_links() {
    let (_dir, root) = common::copy_fixture("linked");
    let mut session = Session::new(&root);
    assert!(!session
        .page("company/2026-Q4/grow.html")
        .contains("class=\"team-periods\""));

    // Company gets an objective in 2026-Q3, a period the site already has.
    let earlier = "content/company/2026-Q3/earlier.md";
    common::write(
        &root,
        earlier,
        "---
title: Revenue grows a little
period: 2026-Q3
team: company
owner: Olu Bello
key_results:
  - title: Web revenue, k EUR
    baseline: 90
    target: 100
---
",
    );
    assert!(
        !session.rebuild().full,
        "an added objective is not a full rebuild"
    );
    session.assert_matches_full_build("added an earlier objective");
    let grow = session.page("company/2026-Q4/grow.html");
    assert!(links_to(&grow, "../../teams/company.html#2026-Q3"));
    assert!(session
        .page("search-index.js")
        .contains("Revenue grows a little"));

    std::fs::remove_file(root.join(earlier)).expect("delete");
    session.rebuild();
    session.assert_matches_full_build("removed it again");
    assert!(!session
        .page("company/2026-Q4/grow.html")
        .contains("class=\"team-periods\""));
    assert!(!session
        .page("search-index.js")
        .contains("Revenue grows a little"));
}
