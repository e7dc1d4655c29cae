//! Publishing: the Atom feed, the sitemap, "Propose a change" links and
//! "Last updated" dates, and links that work at a domain root, under a
//! sub-path and from a `file://` folder. The workflow `init` writes is tested
//! in init_workflow.rs.

mod common;

use common::html::{assert_well_formed, texts, XML_DECLARATION};
use common::{build_ok, copy_dir, copy_fixture, page, snapshot, temp};
use std::collections::BTreeMap;
use std::path::Path;

/// Builds the handbook at `root` into a fresh folder; every file as text.
fn build_at(
    root: &Path,
    as_of: &str,
    extra: &[&str],
) -> (tempfile::TempDir, BTreeMap<String, String>) {
    let out = temp();
    let dest = out.path().join("site");
    build_ok(root, &dest, as_of, extra);
    let files = snapshot(&dest)
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    (out, files)
}

/// Replaces the one line of `root/rel` that starts with `prefix`.
fn set_line(root: &Path, rel: &str, prefix: &str, line: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        text.lines().filter(|l| l.starts_with(prefix)).count(),
        1,
        "{rel} has one line starting with {prefix:?}"
    );
    let changed: Vec<&str> = text
        .lines()
        .map(|l| if l.starts_with(prefix) { line } else { l })
        .collect();
    std::fs::write(&path, changed.join("\n") + "\n").expect("write");
}

/// The feed's entries, each as its XML text.
fn entries(feed: &str) -> Vec<&str> {
    texts(feed, "entry")
}

/// The `href` of an element's first `<link rel="alternate" …>`.
fn alternate(entry: &str) -> &str {
    let at = entry
        .find("<link rel=\"alternate\"")
        .expect("an alternate link");
    let rest = &entry[at..];
    let start = rest.find("href=\"").expect("href") + 6;
    let end = start + rest[start..].find('"').expect("closed");
    &rest[start..end]
}

// ---------------------------------------------------------------------- feed

#[test]
fn the_feed_lists_check_ins_and_grades_newest_first() {
    let (_dir, files) = common::build_site("linked", "2026-11-15", &[]);
    let feed = page(&files, "feed.xml");
    assert!(feed.starts_with(XML_DECLARATION), "{feed:.100}");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert_well_formed(feed);
    assert_eq!(texts(feed, "title")[0], "Linked Fixture OKRs");

    let entries = entries(feed);
    let dates: Vec<&str> = entries.iter().map(|e| texts(e, "updated")[0]).collect();
    assert_eq!(
        dates,
        [
            "2026-10-15T00:00:00Z", // company/2026-Q4/grow: check-in
            "2026-10-10T00:00:00Z", // web/2026-Q4/fast-pages: check-in
            "2026-10-02T00:00:00Z", // web/2026-Q3/fast-pages: grade
            "2026-09-20T00:00:00Z", // web/2026-Q3/fast-pages: check-in
        ]
    );
    // The feed's own date is its newest entry's: not the as-of date, not the clock.
    assert_eq!(texts(feed, "updated")[0], "2026-10-15T00:00:00Z");

    // A check-in: objective, key result and value; the note; a link to the key result.
    let lcp = entries[1];
    assert_eq!(
        texts(lcp, "title")[0],
        "Pages load instantly on phones — p75 largest contentful paint, in seconds: 2.5 s"
    );
    assert!(texts(lcp, "summary")[0].contains("New image CDN is live."));
    // Ids are urn:uuid: URNs that do not depend on site-url: see feed_ids.rs.
    assert!(texts(lcp, "id")[0].starts_with("urn:uuid:"));
    assert_eq!(
        alternate(lcp),
        "/okrs/web/2026-Q4/fast-pages.html#kr-lcp",
        "under site-url, relative to the host"
    );
    assert_eq!(texts(lcp, "name"), ["Kim Park"], "the key result's owner");

    // A grade: objective, score, what was learned.
    let grade = entries[2];
    assert!(texts(grade, "title")[0].starts_with("Pages load fast on phones — graded 0.50"));
    assert!(texts(grade, "summary")[0].contains("Images were the bottleneck."));
    assert!(texts(grade, "id")[0].starts_with("urn:uuid:"));
    assert_eq!(alternate(grade), "/okrs/web/2026-Q3/fast-pages.html#grade");

    // Every id is different.
    let mut ids: Vec<&str> = entries.iter().map(|e| texts(e, "id")[0]).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), entries.len());

    // The base page announces the feed, relative to each page.
    assert!(page(&files, "index.html").contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Linked Fixture OKRs: check-ins and grades\" href=\"feed.xml\">"
    ));
    assert!(page(&files, "web/2026-Q4/fast-pages.html").contains("href=\"../../feed.xml\""));
}

#[test]
fn the_feed_leaves_out_private_objectives_and_check_ins_after_the_as_of_date() {
    let (_dir, files) = common::build_site("linked", "2026-11-15", &[]);
    let feed = page(&files, "feed.xml");
    for secret in ["Zebra", "Secret merger", "acquire", "lawyers"] {
        assert!(!feed.contains(secret), "feed.xml mentions {secret:?}");
    }

    // With --include-private, the private check-in is the newest entry.
    let (_dir, files) = common::build_site("linked", "2026-11-15", &["--include-private"]);
    let feed = page(&files, "feed.xml");
    let first = entries(feed)[0];
    assert!(first.contains("Secret merger with Zebra Corp"), "{first}");
    assert_eq!(texts(first, "updated")[0], "2026-10-20T00:00:00Z");
    assert_eq!(texts(feed, "updated")[0], "2026-10-20T00:00:00Z");

    // As of 2026-10-12, the check-in of 2026-10-15 has not happened yet.
    let (_dir, files) = common::build_site("linked", "2026-10-12", &[]);
    let feed = page(&files, "feed.xml");
    assert_well_formed(feed);
    let dates: Vec<&str> = entries(feed)
        .iter()
        .map(|e| texts(e, "updated")[0])
        .collect();
    assert_eq!(
        dates,
        [
            "2026-10-10T00:00:00Z",
            "2026-10-02T00:00:00Z",
            "2026-09-20T00:00:00Z"
        ]
    );
    assert_eq!(texts(feed, "updated")[0], "2026-10-10T00:00:00Z");
    assert!(!feed.contains("Grow revenue"));
}

#[test]
fn the_feed_escapes_markup_in_notes_and_titles() {
    let (_tmp, root) = copy_fixture("linked");
    set_line(
        &root,
        "content/web/2026-Q4/fast-pages.md",
        "        note:",
        r#"        note: "Swap <img> for <picture> & ship; \"quoted\" it's < 3 > 2""#,
    );
    set_line(
        &root,
        "content/web/2026-Q4/fast-pages.md",
        "title: Pages load",
        "title: \"Pages <b>load</b> & 'render' instantly\"",
    );
    let (_dir, files) = build_at(&root, "2026-11-15", &[]);
    let feed = page(&files, "feed.xml");
    assert_well_formed(feed);
    assert!(feed.contains(
        "Swap &lt;img&gt; for &lt;picture&gt; &amp; ship; &quot;quoted&quot; it&apos;s &lt; 3 &gt; 2"
    ));
    assert!(feed.contains("Pages &lt;b&gt;load&lt;/b&gt; &amp; &apos;render&apos; instantly"));
    assert!(!feed.contains("<img>") && !feed.contains("<b>"));
}

#[test]
fn the_feed_keeps_the_newest_200_entries_and_breaks_ties_by_id() {
    let tmp = temp();
    let root = tmp.path();
    common::write(root, "book.toml", "[book]\ntitle = \"Busy\"\n");
    common::write(
        root,
        "content/teams/busy.md",
        "---
type: team
name: Busy
---
",
    );
    // Two key results checked in on the same 130 days: 260 check-ins, and
    // on 2026-01-01 key result `b` has a second check-in.
    let mut text = String::from(
        "---
title: Many check-ins
period: 2026
team: busy
owner: Bo
key_results:
",
    );
    for kr in ["b", "a"] {
        text.push_str(&format!(
            "  - id: {kr}\n    title: Count {kr} per day\n    baseline: 0\n    target: 1000\n    checkins:\n"
        ));
        for day in 0..130 {
            let date = add_days(day);
            text.push_str(&format!("      - date: {date}\n        value: {day}\n"));
        }
        if kr == "b" {
            text.push_str("      - date: 2026-01-01\n        value: 1\n");
        }
    }
    text.push_str("---\n");
    common::write(root, "content/busy/2026/many.md", text);
    let (_dir, files) = build_at(root, "2026-12-31", &[]);
    let feed = page(&files, "feed.xml");
    assert_well_formed(feed);
    let entries = entries(feed);
    assert_eq!(entries.len(), 200, "capped at the newest 200");
    // Each entry as `<key result>:<date>`.
    let keys = |entries: &[&str]| -> Vec<String> {
        entries
            .iter()
            .map(|e| {
                let link = alternate(e);
                let kr = &link[link.find("#kr-").expect("a key result's link") + 4..];
                format!("{kr}:{}", &texts(e, "updated")[0][..10])
            })
            .collect()
    };
    let keys_kept = keys(&entries);
    let newest = add_days(129);
    assert_eq!(
        &keys_kept[..2],
        [format!("a:{newest}"), format!("b:{newest}")],
        "newest first; the same day by objective and key result"
    );
    // 200 entries = the newest 100 days of both key results.
    let oldest_kept = add_days(30);
    assert_eq!(keys_kept[199], format!("b:{oldest_kept}"));
    assert!(!feed.contains(&format!("{}T", add_days(29))));

    // A second check-in on the same day has an id of its own, once the cap lets it in.
    let (_dir, files) = build_at(root, "2026-01-02", &[]);
    let feed = page(&files, "feed.xml");
    let entries = self::entries(feed);
    assert_eq!(
        keys(&entries),
        [
            "a:2026-01-02",
            "b:2026-01-02",
            "a:2026-01-01",
            "b:2026-01-01",
            "b:2026-01-01",
        ]
    );
    // In the order written: the value 0, then 1.
    assert!(texts(entries[3], "title")[0].ends_with(": 0"));
    assert!(texts(entries[4], "title")[0].ends_with(": 1"));
    let mut ids: Vec<&str> = entries.iter().map(|e| texts(e, "id")[0]).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "every entry has an id of its own");
}

/// 2026-01-01 plus `days`, as text.
fn add_days(days: u32) -> String {
    const MONTHS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut day = days;
    let mut month = 0;
    while day >= MONTHS[month] {
        day -= MONTHS[month];
        month += 1;
    }
    format!("2026-{:02}-{:02}", month + 1, day + 1)
}

// ------------------------------------------------------------------- sitemap

#[test]
fn the_sitemap_is_written_only_for_an_absolute_site_url() {
    // site-url = "/okrs/": a path, so no sitemap.
    let (_dir, files) = common::build_site("linked", "2026-11-15", &[]);
    assert!(!files.contains_key("sitemap.xml"));

    let (_tmp, root) = copy_fixture("linked");
    set_line(
        &root,
        "book.toml",
        "site-url",
        "site-url = \"https://acme.example/okrs/\"",
    );
    let (_dir, files) = build_at(&root, "2026-11-15", &[]);
    let sitemap = page(&files, "sitemap.xml");
    assert_well_formed(sitemap);
    assert!(sitemap.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let locations = texts(sitemap, "loc");
    for loc in &locations {
        assert!(loc.starts_with("https://acme.example/okrs/"), "{loc}");
    }
    for expected in [
        "https://acme.example/okrs/",
        "https://acme.example/okrs/web/2026-Q4/fast-pages.html",
        "https://acme.example/okrs/web/2026-Q3/fast-pages.html",
        "https://acme.example/okrs/company/2026-Q4/grow.html",
        "https://acme.example/okrs/people/ana-lima/2026-Q4/learn.html",
        "https://acme.example/okrs/teams/web.html",
        "https://acme.example/okrs/guides/how.html",
        "https://acme.example/okrs/periods/2026-Q4.html",
    ] {
        assert!(locations.contains(&expected), "sitemap lists {expected}");
    }
    // Every HTML page but the 404 page, and nothing private.
    let pages = files
        .keys()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .count();
    assert_eq!(locations.len(), pages);
    assert!(!sitemap.contains("404") && !sitemap.contains("acquire"));
    // Objective pages say when they last changed.
    assert!(sitemap.contains(
        "<loc>https://acme.example/okrs/web/2026-Q4/fast-pages.html</loc>\n    <lastmod>2026-10-10</lastmod>"
    ));

    // With an absolute site-url, the feed links are absolute too.
    let feed = page(&files, "feed.xml");
    assert!(
        texts(feed, "id")[0].starts_with("urn:uuid:"),
        "not the address"
    );
    assert!(feed.contains("href=\"https://acme.example/okrs/feed.xml\""));
    for entry in entries(feed) {
        assert!(
            alternate(entry).starts_with("https://acme.example/okrs/"),
            "{entry}"
        );
    }
    assert!(feed.contains("href=\"https://acme.example/okrs/web/2026-Q4/fast-pages.html#kr-lcp\""));
}

// ------------------------------------------- edit links and last-updated dates

/// The HTML of the key result section `id` on an objective page.
fn kr_section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section class=\"kr\" id=\"kr-{id}\""))
        .unwrap_or_else(|| panic!("key result {id}"));
    let end = start + html[start..].find("</section>").expect("section ends");
    &html[start..end]
}

fn updated(date: &str) -> String {
    format!("Last updated <time datetime=\"{date}\">{date}</time>")
}

#[test]
fn objective_team_and_key_result_pages_link_to_their_file_and_say_when_they_were_updated() {
    let (_dir, files) = common::build_site("linked", "2026-11-15", &[]);
    let edit = "https://example.com/edit/main/content/web/2026-Q4/fast-pages.md";

    let objective = page(&files, "web/2026-Q4/fast-pages.html");
    let head = &objective[..objective.find("class=\"facts\"").expect("facts")];
    assert!(head.contains(&updated("2026-10-10")), "near the title");
    assert!(head.contains(&format!(
        "<a class=\"edit-link\" href=\"{edit}\">Propose a change</a>"
    )));
    let kr = kr_section(objective, "lcp");
    assert!(kr.contains(&updated("2026-10-10")));
    assert!(
        kr.contains(&format!(
            "<a class=\"edit-link\" href=\"{edit}\">Propose a change"
        )),
        "an edit URL cannot point at a line: the file"
    );
    assert!(
        objective.contains("Propose a change to this page"),
        "the footer stays"
    );

    let team = page(&files, "teams/web.html");
    let head = &team[..team.find("class=\"facts\"").expect("facts")];
    assert!(
        head.contains(&updated("2026-10-10")),
        "its newest objective check-in"
    );
    assert!(head.contains("href=\"https://example.com/edit/main/content/teams/web.md\""));

    // The company's private objective was checked in on 2026-10-20: not counted.
    let company = page(&files, "teams/company.html");
    assert!(
        company.contains(&updated("2026-10-15")),
        "only published objectives count"
    );
    let (_dir, private) = common::build_site("linked", "2026-11-15", &["--include-private"]);
    assert!(page(&private, "teams/company.html").contains(&updated("2026-10-20")));

    // No check-in yet: an edit link but no date.
    let individual = page(&files, "people/ana-lima/2026-Q4/learn.html");
    assert!(!individual.contains("Last updated"));
    assert!(individual.contains(
        "<a class=\"edit-link\" href=\"https://example.com/edit/main/content/people/ana-lima/2026-Q4/learn.md\">"
    ));

    // Check-ins after the as-of date do not count.
    let (_dir, early) = common::build_site("linked", "2026-10-12", &[]);
    assert!(!page(&early, "teams/company.html").contains("Last updated"));
    assert!(!page(&early, "company/2026-Q4/grow.html").contains("Last updated"));
    assert!(page(&early, "teams/web.html").contains(&updated("2026-10-10")));
}

#[test]
fn key_results_have_their_own_date_and_blob_urls_point_at_their_line() {
    let (_tmp, root) = copy_fixture("linked");
    set_line(
        &root,
        "book.toml",
        "edit-url-template",
        "edit-url-template = \"https://github.com/acme/okrs/blob/main/{path}\"",
    );
    common::write(
        &root,
        "content/web/2026-Q4/fast-pages.md",
        "---
title: Pages load instantly on phones
period: 2026-Q4
team: web
owner: Ana Lima
parent: company/2026-Q4/grow
carried_from: web/2026-Q3/fast-pages
key_results:
  - id: lcp
    title: p75 largest contentful paint, in seconds
    owner: Kim Park
    unit: s
    baseline: 3
    target: 1.5
    checkins:
      - date: 2026-10-10
        value: 2.5
      - date: 2026-11-20
        value: 1.9
  - id: cls
    title: p75 cumulative layout shift
    owner: Kim Park
    baseline: 0.3
    target: 0.1
    checkins:
      - date: 2026-11-01
        value: 0.2
---
Faster pages convert better.
",
    );
    let (_dir, files) = build_at(&root, "2026-11-15", &[]);
    let blob = "https://github.com/acme/okrs/blob/main/content/web/2026-Q4/fast-pages.md";
    let objective = page(&files, "web/2026-Q4/fast-pages.html");
    let head = &objective[..objective.find("class=\"facts\"").expect("facts")];
    assert!(
        head.contains(&updated("2026-11-01")),
        "the newest of its key results"
    );
    assert!(
        head.contains(&format!("href=\"{blob}\"")),
        "the page links the file"
    );

    let lcp = kr_section(objective, "lcp");
    assert!(
        lcp.contains(&updated("2026-10-10")),
        "2026-11-20 is after the as-of date"
    );
    assert!(
        lcp.contains(&format!("href=\"{blob}?plain=1#L9\"")),
        "{lcp}"
    );
    let cls = kr_section(objective, "cls");
    assert!(cls.contains(&updated("2026-11-01")));
    assert!(cls.contains(&format!("href=\"{blob}?plain=1#L20\"")));

    assert!(page(&files, "teams/web.html").contains(&updated("2026-11-01")));
}

// --------------------------------------------------------------------- links

/// Every local `href` and `src` of every HTML page resolves to a file of the
/// site. Relative links are resolved from the page's folder, the way a browser
/// does under any prefix and from `file://`; only 404.html (served at any
/// depth) may link absolutely, under `site_url`.
#[track_caller]
fn assert_links_resolve(files: &BTreeMap<String, String>, site_url: &str) {
    let mut checked = 0;
    for (path, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        for target in attribute_values(html) {
            let target = target.replace("&amp;", "&");
            if target.starts_with('#')
                || target.starts_with("mailto:")
                || target.starts_with("data:")
            {
                continue;
            }
            let target = target.split(['#', '?']).next().unwrap_or_default();
            let resolved = if path == "404.html" && target.starts_with(site_url) {
                target[site_url.len()..].to_string()
            } else if target.starts_with("http://") || target.starts_with("https://") {
                continue;
            } else {
                assert!(
                    !target.starts_with('/'),
                    "{path} links to {target}, which only works at the domain root"
                );
                assert!(!target.contains(':'), "{path} links to {target}");
                let mut parts: Vec<&str> = path.split('/').collect();
                parts.pop();
                for part in target.split('/') {
                    match part {
                        "." | "" => {}
                        ".." => {
                            assert!(
                                parts.pop().is_some(),
                                "{path}: {target} climbs out of the site"
                            )
                        }
                        part => parts.push(part),
                    }
                }
                parts.join("/")
            };
            let resolved = if resolved.is_empty() || resolved.ends_with('/') {
                format!("{resolved}index.html")
            } else {
                resolved
            };
            assert!(
                files.contains_key(&resolved),
                "{path} links to {target}, but {resolved} is not in the site"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

/// The values of every `href="…"` and `src="…"` attribute.
fn attribute_values(html: &str) -> Vec<&str> {
    let mut values = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            let start = at + attribute.len();
            let end = start + rest[start..].find('"').expect("attribute is closed");
            values.push(&rest[start..end]);
            rest = &rest[end..];
        }
    }
    values
}

#[test]
fn pages_work_under_a_sub_path_at_the_domain_root_and_from_a_folder() {
    // Under a sub-path: the linked fixture has site-url = "/okrs/".
    let (_dir, files) = common::build_site("linked", "2026-11-15", &["--include-private"]);
    assert_links_resolve(&files, "/okrs/");
    let not_found = page(&files, "404.html");
    // 404.html: relative links, from a <base> at site-url on a server.
    assert!(not_found.contains("<base href=\"/okrs/\">"));
    assert!(not_found.contains("href=\"assets/okrbook.css\""));
    assert!(not_found.contains("href=\"feed.xml\""));
    // The feed's links, resolved under the sub-path, are pages of the site.
    for entry in entries(page(&files, "feed.xml")) {
        let href = alternate(entry);
        let target = href
            .strip_prefix("/okrs/")
            .and_then(|h| h.split('#').next())
            .expect("under site-url");
        assert!(files.contains_key(target), "feed links to {href}");
    }

    // At the domain root.
    let (_tmp, root) = copy_fixture("linked");
    set_line(&root, "book.toml", "site-url", "site-url = \"/\"");
    let (_dir, files) = build_at(&root, "2026-11-15", &[]);
    assert_links_resolve(&files, "/");
    assert!(page(&files, "404.html").contains("<base href=\"/\">"));

    // At an absolute URL.
    set_line(
        &root,
        "book.toml",
        "site-url",
        "site-url = \"https://acme.example/okrs/\"",
    );
    let (_dir, files) = build_at(&root, "2026-11-15", &[]);
    assert_links_resolve(&files, "https://acme.example/okrs/");

    // The demo handbook, under a sub-path: every kind of page and chart.
    let tmp = temp();
    let demo = tmp.path().join("demo");
    copy_dir(&common::repo_root().join("content"), &demo.join("content"));
    copy_dir(&common::repo_root().join("data"), &demo.join("data"));
    std::fs::copy(
        common::repo_root().join("book.toml"),
        demo.join("book.toml"),
    )
    .unwrap();
    set_line(&demo, "book.toml", "site-url", "site-url = \"/okrs/\"");
    let (_dir, files) = build_at(&demo, "2026-11-21", &[]);
    assert_links_resolve(&files, "/okrs/");
}
