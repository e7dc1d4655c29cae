//! A link pasted into chat unfurls as its own page: every page has its own
//! `<meta name="description">` (an objective's: its title, owner, status and
//! score, as plain text) and Open Graph title, description and type, with
//! `og:url` only when `site-url` is an absolute URL (Open Graph needs one).

mod common;

use common::html::tokenize;
use std::collections::BTreeMap;

/// The `content` of each `<meta>` in the page's head, by `name` or `property`.
fn metas(html: &str) -> BTreeMap<String, Vec<String>> {
    let head = &html[..html.find("</head>").expect("a head")];
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for tag in tokenize(head)
        .into_iter()
        .filter(|t| !t.end && t.name == "meta")
    {
        let get = |name: &str| {
            tag.attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        if let (Some(key), Some(content)) =
            (get("name").or_else(|| get("property")), get("content"))
        {
            found.entry(key).or_default().push(content);
        }
    }
    found
}

/// The one value of a meta tag; panics when there is none or several.
fn one(metas: &BTreeMap<String, Vec<String>>, key: &str, path: &str) -> String {
    match metas.get(key).map(Vec::as_slice) {
        Some([value]) => value.clone(),
        other => panic!("{path}: {key} should be there once, is {other:?}"),
    }
}

#[test]
fn every_page_has_its_own_description_and_open_graph_tags() {
    let (_dir, files) = common::build_site("linked", "2026-11-15", &[]);
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (path, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let metas = metas(html);
        let description = one(&metas, "description", path);
        assert!(
            !description.trim().is_empty() && description.len() <= 300,
            "{path}: {description:?}"
        );
        assert!(
            !description.contains(['<', '>', '`', '*']),
            "{path}: the description is plain text: {description:?}"
        );
        assert_eq!(one(&metas, "og:description", path), description, "{path}");
        assert!(!one(&metas, "og:title", path).is_empty(), "{path}");
        assert!(
            ["website", "article"].contains(&one(&metas, "og:type", path).as_str()),
            "{path}"
        );
        assert_eq!(one(&metas, "og:site_name", path), "Linked Fixture OKRs");
        // site-url is "/okrs/", a path: no og:url, which must be absolute.
        assert!(!metas.contains_key("og:url"), "{path}");
        if let Some(other) = seen.insert(description.clone(), path.clone()) {
            panic!("{path} and {other} share the description {description:?}");
        }
    }
    assert!(seen.len() > 10, "{seen:?}");
}

#[test]
fn an_objective_describes_its_owner_status_and_score() {
    let (_dir, files) = common::build_site("linked", "2026-11-15", &[]);
    let path = "web/2026-Q4/fast-pages.html";
    let html = common::page(&files, path);
    let metas = metas(html);
    let description = one(&metas, "description", path);
    for part in [
        "Pages load instantly on phones",
        "Ana Lima",
        "2026-Q4",
        "Web",
    ] {
        assert!(
            description.contains(part),
            "{part:?} not in {description:?}"
        );
    }
    // The status and the score, as the page's header shows them.
    let main = &html[html.find("<main").expect("main")..];
    let status = main
        .split("class=\"status ")
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|text| text.split('<').next())
        .expect("a status badge");
    assert!(
        description.contains(status),
        "{status:?} not in {description:?}"
    );
    // The score: the number in the header's "Score" entry, whatever wraps it.
    let score_entry = &main[main.find("<dt>Score</dt>").expect("a score entry")..];
    let score_entry = &score_entry[..score_entry.find("</dd>").expect("closed")];
    let mut text = String::new();
    let mut in_tag = false;
    for c in score_entry.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let score = text
        .split_whitespace()
        .find(|word| word.len() == 4 && word.parse::<f64>().is_ok())
        .unwrap_or_else(|| panic!("no score in {text:?}"));
    assert!(
        description.contains(score),
        "{score:?} not in {description:?}"
    );
    assert_eq!(
        one(&metas, "og:title", path),
        "Pages load instantly on phones"
    );
    assert_eq!(one(&metas, "og:type", path), "article");

    // A title in inline Markdown is described without its Markdown.
    let built = common::handbook::Handbook::fixture("linked")
        .file(
            "content/web/2026-Q4/fast-pages.md",
            std::fs::read_to_string(
                common::fixture("linked").join("content/web/2026-Q4/fast-pages.md"),
            )
            .expect("read")
            .replace(
                "title: Pages load instantly on phones",
                "title: \"Pages load *instantly* on `phones` <b>now</b>\"",
            ),
        )
        .build_as_of("2026-11-15");
    built.assert_success();
    let head = self::metas(&built.file(path));
    let description = one(&head, "description", path);
    assert!(
        description.starts_with("Pages load instantly on phones"),
        "{description:?}"
    );
    assert!(!description.contains(['*', '`']), "{description:?}");
    assert!(one(&head, "og:title", path).starts_with("Pages load instantly on phones"));
}

#[test]
fn page_kinds_are_described_differently() {
    let (_dir, files) = common::build_site("linked", "2026-11-15", &[]);
    let description = |path: &str| one(&metas(common::page(&files, path)), "description", path);
    let home = description("index.html");
    assert_eq!(
        home, "A small handbook whose pages link every way.",
        "the book's own"
    );
    let team = description("teams/web.html");
    assert!(team.contains("Web"), "{team}");
    let person = description("people/ana-lima.html");
    assert!(person.contains("Ana Lima"), "{person}");
    let period = description("periods/2026-Q4.html");
    assert!(period.contains("2026-Q4"), "{period}");
    let guide = description("guides/how.html");
    let objective = description("web/2026-Q4/fast-pages.html");
    let all = [&home, &team, &person, &period, &guide, &objective];
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            assert_ne!(a, b);
        }
    }
}

#[test]
fn og_url_is_the_pages_absolute_address_when_site_url_is_absolute() {
    let (_dir, files) = common::build_site(
        "linked",
        "2026-11-15",
        &["--site-url", "https://acme.example/okrs/"],
    );
    let url = |path: &str| {
        metas(common::page(&files, path))
            .get("og:url")
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        url("web/2026-Q4/fast-pages.html"),
        ["https://acme.example/okrs/web/2026-Q4/fast-pages.html"]
    );
    assert_eq!(url("index.html"), ["https://acme.example/okrs/"]);
    assert_eq!(
        url("people/ana-lima.html"),
        ["https://acme.example/okrs/people/ana-lima.html"]
    );
    // The 404 page is served at any missing address: it claims none.
    assert!(url("404.html").is_empty());
}
