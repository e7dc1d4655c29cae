//! Builds `tests/fixtures/linked` and checks that every kind of page exists
//! and that pages link to each other both ways.

mod common;

use common::handbook::Handbook;
use common::{links_to, page, private};

fn build(
    fixture: &str,
    extra: &[&str],
) -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, String>,
) {
    common::build_site(fixture, "2026-11-15", extra)
}

#[test]
fn every_kind_of_page_is_written_at_its_url() {
    let (_dir, files) = build("linked", &[]);
    for path in [
        "index.html",
        "404.html",
        ".nojekyll",
        "okrs.json",
        "assets/okrbook.css",
        "teams.html",
        "people.html",
        "teams/company.html",
        "teams/web.html",
        "company/2026-Q4/grow.html",
        "web/2026-Q3/fast-pages.html",
        "web/2026-Q4/fast-pages.html",
        "web/2026-Q4/integrate.html",
        "people/ana-lima/2026-Q4/learn.html",
        "periods/2026-Q3.html",
        "periods/2026-Q4.html",
        "cascade/2026-Q3.html",
        "cascade/2026-Q4.html",
        "people/ana-lima.html",
        "people/kim-park.html",
        "people/olu-bello.html",
        "guides/how.html",
    ] {
        page(&files, path);
    }
}

#[test]
fn objective_page_links_up_down_sideways_and_back() {
    let (_dir, files) = build("linked", &[]);
    let objective = page(&files, "web/2026-Q4/fast-pages.html");
    // Up the cascade, down to the individual goal, back to the earlier period.
    assert!(links_to(objective, "../../company/2026-Q4/grow.html"));
    assert!(links_to(
        objective,
        "../../people/ana-lima/2026-Q4/learn.html"
    ));
    assert!(links_to(objective, "../../web/2026-Q3/fast-pages.html"));
    // Its team, owner, period and the period's cascade.
    assert!(links_to(objective, "../../teams/web.html"));
    assert!(links_to(objective, "../../people/ana-lima.html"));
    assert!(links_to(objective, "../../people/kim-park.html"));
    assert!(links_to(objective, "../../periods/2026-Q4.html"));
    assert!(links_to(objective, "../../cascade/2026-Q4.html"));
    // The body's link to a .md file points at the .html page.
    assert!(links_to(objective, "../../guides/how.html#top"));
    assert!(links_to(
        objective,
        "https://example.com/edit/main/content/web/2026-Q4/fast-pages.md"
    ));
    // Key result figures and the latest check-in.
    assert!(objective.contains("p75 largest contentful paint, in seconds"));
    assert!(objective.contains("2.5 s"));
    assert!(objective.contains("New image CDN is live."));
    assert!(objective.contains("Image CDN"));

    // And back: the parent lists it, the earlier objective says it carries on.
    let parent = page(&files, "company/2026-Q4/grow.html");
    assert!(links_to(parent, "../../web/2026-Q4/fast-pages.html"));
    let earlier = page(&files, "web/2026-Q3/fast-pages.html");
    assert!(links_to(earlier, "../../web/2026-Q4/fast-pages.html"));
    assert!(earlier.contains("Images were the bottleneck."));
    let individual = page(&files, "people/ana-lima/2026-Q4/learn.html");
    assert!(links_to(individual, "../../../web/2026-Q4/fast-pages.html"));
    assert!(
        links_to(individual, "../../../company/2026-Q4/grow.html"),
        "the whole chain to the top is shown"
    );
}

#[test]
fn team_period_person_and_cascade_pages_link_to_objectives() {
    let (_dir, files) = build("linked", &[]);
    let team = page(&files, "teams/web.html");
    assert!(links_to(team, "../web/2026-Q4/fast-pages.html"));
    assert!(links_to(team, "../web/2026-Q3/fast-pages.html"));
    assert!(
        links_to(team, "../teams/company.html"),
        "link to the parent team"
    );
    assert!(
        links_to(team, "../people/kim-park.html"),
        "members are linked"
    );
    let company = page(&files, "teams/company.html");
    assert!(
        links_to(company, "../teams/web.html"),
        "sub-teams are linked"
    );

    let period = page(&files, "periods/2026-Q4.html");
    assert!(links_to(period, "../web/2026-Q4/fast-pages.html"));
    assert!(links_to(period, "../company/2026-Q4/grow.html"));
    assert!(links_to(period, "../people/ana-lima/2026-Q4/learn.html"));
    assert!(
        links_to(period, "../periods/2026-Q3.html"),
        "previous period"
    );
    assert!(links_to(period, "../cascade/2026-Q4.html"));

    let person = page(&files, "people/ana-lima.html");
    assert!(links_to(person, "../web/2026-Q4/fast-pages.html"));
    assert!(links_to(person, "../people/ana-lima/2026-Q4/learn.html"));
    assert!(links_to(person, "../teams/web.html"));
    let kim = page(&files, "people/kim-park.html");
    assert!(
        kim.contains("p75 largest contentful paint"),
        "key results owned are listed"
    );

    let cascade = page(&files, "cascade/2026-Q4.html");
    let company_at = cascade
        .find("Grow revenue from the web shop")
        .expect("company objective");
    let team_at = cascade
        .find("Pages load instantly on phones")
        .expect("team objective");
    let individual_at = cascade
        .find("Ana can profile any page in minutes")
        .expect("individual goal");
    assert!(
        company_at < team_at && team_at < individual_at,
        "the tree runs company → team → individual"
    );
    assert!(links_to(cascade, "../periods/2026-Q4.html"));

    let home = page(&files, "index.html");
    assert!(links_to(home, "company/2026-Q4/grow.html"));
    assert!(
        links_to(home, "guides/how.html"),
        "home prose link rewritten"
    );
    assert!(links_to(home, "teams/web.html"));
    let teams = page(&files, "teams.html");
    assert!(links_to(teams, "teams/company.html") && links_to(teams, "teams/web.html"));
    let people = page(&files, "people.html");
    assert!(links_to(people, "people/olu-bello.html"));
}

#[test]
fn the_404_page_links_from_the_root_and_takes_site_url_as_its_base_on_a_server() {
    let (_dir, files) = build("linked", &[]);
    let not_found = page(&files, "404.html");
    assert!(links_to(not_found, "index.html"));
    assert!(not_found.contains("href=\"assets/okrbook.css\""));
    assert!(not_found.contains("<base href=\"/okrs/\">"));
    let json = page(&files, "okrs.json");
    assert!(json.contains("\"url\": \"/okrs/web/2026-Q4/fast-pages.html\""));
}

#[test]
fn private_objectives_leave_no_trace_unless_included() {
    let (_dir, files) = build("linked", &[]);
    private::assert_no_leaks(
        &files,
        &[
            "Secret merger",
            "Zebra",
            "company/2026-Q4/acquire",
            "acquire.html",
            "Top secret",
        ],
    );
    let child = page(&files, "web/2026-Q4/integrate.html");
    assert!(child.contains("a private objective"));

    let (_dir, with_private) = build("linked", &["--include-private"]);
    let secret = page(&with_private, "company/2026-Q4/acquire.html");
    assert!(secret.contains("Secret merger with Zebra Corp"));
    assert!(links_to(secret, "../../web/2026-Q4/integrate.html"));
}

#[test]
fn front_matter_text_is_escaped() {
    let built = Handbook::new()
        .config("[book]\ntitle = \"T <b>\"\n")
        .file(
            "content/x/o.md",
            "---
title: \"<script>alert(1)</script>\"
period: 2026-Q4
owner: \"<img src=x onerror=alert(2)>\"
key_results:
  - title: \"a & b\"
    target: 1
---
",
        )
        .build_as_of("2026-11-15");
    built.assert_success();
    let html = built.file("x/o.html");
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("a &amp; b"));
}

#[test]
fn coaching_findings_are_published_on_the_objective_and_the_health_page() {
    let (_dir, files) = build("linked", &[]);
    let objective = page(&files, "people/ana-lima/2026-Q4/learn.html");
    assert!(objective.contains("class=\"coaching\""));
    assert!(objective.contains("<code>too-few-key-results</code>"));
    assert!(objective.contains("<code>no-owner</code>"));
    let health = page(&files, "health.html");
    assert!(health.contains("too-few-key-results"));
    assert!(links_to(health, "people/ana-lima/2026-Q4/learn.html"));
    assert!(
        links_to(health, "teams/web.html"),
        "findings are grouped by team"
    );
    assert!(health.contains("Individual goals"));
}
