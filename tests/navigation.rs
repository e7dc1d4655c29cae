//! Issue 13, navigation for readers on any screen: the sidebar shows the
//! whole team tree (collapsible, the current team's branch open), the
//! cascade is a tree with each objective's owners and status, the people
//! page says who is in which team and what they own this period, and the
//! 404 page works opened from disk as on a server.

mod common;

use common::handbook::{Handbook, Run};
use std::collections::BTreeMap;

const AS_OF: &str = "2026-11-15";
const BOOK: &str = "[book]\ntitle = \"Nav\"\n[output.html]\nsite-url = \"/okrs/\"\n";

fn team(name: &str, parent: Option<&str>, lead: &str, members: &[&str]) -> String {
    let parent = parent.map_or(String::new(), |p| format!("parent: {p}\n"));
    format!(
        "---\ntype: team\nname: {name}\n{parent}lead: {lead}\nmembers: [{}]\n---\n",
        members.join(", ")
    )
}

/// An objective of 2026-Q4 with one key result at `value` of 10: 5 is on
/// track on 15 November, 1 off track.
fn objective(title: &str, team: &str, owner: &str, parent: Option<&str>, value: u32) -> String {
    let parent = parent.map_or(String::new(), |p| format!("parent: {p}\n"));
    format!(
        "---\ntitle: {title}\nperiod: 2026-Q4\nteam: {team}\nowner: {owner}\n{parent}key_results:\n  - title: A number\n    baseline: 0\n    target: 10\n    checkins:\n      - date: 2026-11-10\n        value: {value}\n---\n"
    )
}

/// Acme → Platform → Storage, and Acme → Web: three levels.
fn handbook() -> Handbook {
    Handbook::new()
        .config(BOOK)
        .file(
            "content/teams/acme.md",
            team("Acme", None, "Ada Lovelace", &["Ada Lovelace"]),
        )
        .file(
            "content/teams/platform.md",
            team("Platform", Some("acme"), "Ben Ng", &["Ben Ng", "Cy Diaz"]),
        )
        .file(
            "content/teams/storage.md",
            team("Storage", Some("platform"), "Cy Diaz", &["Cy Diaz"]),
        )
        .file(
            "content/teams/web.md",
            team("Web", Some("acme"), "Dee Ito", &["Dee Ito"]),
        )
        .file(
            "content/acme/2026-Q4/grow.md",
            objective("Grow", "acme", "Ada Lovelace", None, 5),
        )
        .file(
            "content/platform/2026-Q4/stable.md",
            objective(
                "Stable platform",
                "platform",
                "[Ben Ng, Cy Diaz]",
                Some("acme/2026-Q4/grow"),
                1,
            ),
        )
        .file(
            "content/storage/2026-Q4/fast.md",
            objective(
                "Storage that answers every read within ten milliseconds, even at the peak",
                "storage",
                "Cy Diaz",
                Some("platform/2026-Q4/stable"),
                5,
            ),
        )
}

fn built() -> Run {
    let run = handbook().build_as_of(AS_OF);
    run.assert_success();
    run
}

/// The sidebar of a page.
fn sidebar(run: &Run, page: &str) -> String {
    let html = run.file(page);
    let start = html.find("<aside class=\"sidebar\"").expect("a sidebar");
    let end = start + html[start..].find("</aside>").expect("closed");
    html[start..end].to_string()
}

/// The markup between `from` and its matching closing `</tag>`, nesting
/// counted: the element that starts at `from`.
fn element(html: &str, from: usize, tag: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut depth = 0;
    let mut at = from;
    loop {
        let next_open = html[at..].find(&open).map(|i| i + at);
        let next_close = html[at..].find(&close).map(|i| i + at).expect("closed");
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                at = o + open.len();
            }
            _ => {
                depth -= 1;
                at = next_close + close.len();
                if depth == 0 {
                    return html[from..at].to_string();
                }
            }
        }
    }
}

/// The `<li>` of the sidebar's tree that holds the link labelled `label`.
fn tree_item(sidebar: &str, label: &str) -> String {
    let link = sidebar
        .find(&format!(">{label}</a>"))
        .unwrap_or_else(|| panic!("{label} is in the sidebar: {sidebar}"));
    let start = sidebar[..link].rfind("<li").expect("in a list item");
    element(sidebar, start, "li")
}

#[test]
fn the_sidebar_shows_every_level_of_the_team_tree() {
    let run = built();
    for page in ["teams/storage.html", "teams/acme.html", "index.html"] {
        let side = sidebar(&run, page);
        for team in ["Acme", "Platform", "Storage", "Web"] {
            assert!(side.contains(&format!(">{team}</a>")), "{page}: {team}");
        }
        // Storage sits in Platform's branch, which sits in Acme's.
        let acme = tree_item(&side, "Acme");
        let platform = tree_item(&side, "Platform");
        assert!(acme.contains(&platform), "{page}: {acme}");
        assert!(platform.contains(">Storage</a>"), "{page}: {platform}");
        assert!(!platform.contains(">Web</a>"), "{page}: {platform}");
        // Each branch folds away without a script.
        assert!(acme.contains("<details") && platform.contains("<details"));
    }
    // On Storage's page its branch is open, down to it, and it is the current page.
    let side = sidebar(&run, "teams/storage.html");
    let platform = tree_item(&side, "Platform");
    assert!(platform.contains("<details open"), "{platform}");
    assert!(tree_item(&side, "Acme").starts_with("<li") && side.contains("<details open"));
    assert!(
        side.contains("href=\"../teams/storage.html\" aria-current=\"page\">Storage</a>"),
        "{side}"
    );
    // On Web's page Platform's branch is closed; Acme's open.
    let side = sidebar(&run, "teams/web.html");
    let platform = tree_item(&side, "Platform");
    assert!(!platform.contains("<details open"), "{platform}");
    assert!(tree_item(&side, "Acme").contains("<details open"));
}

#[test]
fn the_cascade_is_a_tree_with_owners_and_status() {
    let run = built();
    let main = run.main_of("cascade/2026-Q4.html");
    let grow = main.find(">Grow</a>").expect("the top objective");
    let grow = element(&main, main[..grow].rfind("<li").unwrap(), "li");
    let stable = grow.find(">Stable platform</a>").expect("under Grow");
    let stable = element(&grow, grow[..stable].rfind("<li").unwrap(), "li");
    assert!(
        stable.contains(">Storage that answers every read"),
        "{stable}"
    );
    // Owners link to their pages; status is said in words, as a badge.
    assert!(grow.contains("href=\"../people/ada-lovelace.html\">Ada Lovelace</a>"));
    let node = &stable[..stable.find("<ul").unwrap_or(stable.len())];
    assert!(
        node.contains("href=\"../people/ben-ng.html\">Ben Ng</a>"),
        "{node}"
    );
    assert!(
        node.contains("href=\"../people/cy-diaz.html\">Cy Diaz</a>"),
        "{node}"
    );
    assert!(
        node.contains("data-status=\"off-track\" data-tone=\"bad\">Off track</span>"),
        "{node}"
    );
    assert!(
        grow.contains("data-status=\"on-track\" data-tone=\"good\">On track</span>"),
        "{grow}"
    );
    // The team is named too, linked.
    assert!(
        node.contains("href=\"../teams/platform.html\">Platform</a>"),
        "{node}"
    );
}

#[test]
fn the_people_page_shows_teams_and_what_each_person_owns_this_period() {
    let run = built();
    let main = run.main_of("people.html");
    let row = |name: &str| {
        let at = main
            .find(&format!(">{name}</a>"))
            .unwrap_or_else(|| panic!("{name}: {main}"));
        element(&main, main[..at].rfind("<li").unwrap(), "li")
    };
    let cy = row("Cy Diaz");
    assert!(
        cy.contains("href=\"teams/storage.html\">Storage</a>"),
        "{cy}"
    );
    assert!(
        cy.contains("href=\"teams/platform.html\">Platform</a>"),
        "{cy}"
    );
    assert!(cy.contains("2 objectives"), "{cy}");
    assert!(cy.contains("1 on track"), "{cy}");
    assert!(cy.contains("1 off track"), "{cy}");
    assert!(cy.contains("2026-Q4"), "{cy}");
    let ada = row("Ada Lovelace");
    assert!(
        ada.contains("1 objective") && !ada.contains("1 objectives"),
        "{ada}"
    );
    assert!(ada.contains("1 on track"), "{ada}");
    // Someone who owns nothing this period says so, but keeps their team.
    let dee = row("Dee Ito");
    assert!(dee.contains("href=\"teams/web.html\">Web</a>"), "{dee}");
    assert!(dee.contains("Owns nothing in 2026-Q4"), "{dee}");
}

/// The values of every `href="…"` and `src="…"` of a page.
fn targets(html: &str) -> Vec<String> {
    let mut values = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            let start = at + attribute.len();
            let end = start + rest[start..].find('"').expect("closed");
            values.push(rest[start..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    values
}

#[test]
fn the_404_page_links_work_from_disk_and_name_no_current_section() {
    let run = built();
    let files: BTreeMap<String, Vec<u8>> = run.files();
    let html = run.file("404.html");
    // On a server its links resolve from site-url, before anything else in
    // <head> asks for a file; from disk a script makes the file the base.
    let base = "<base href=\"/okrs/\">";
    let first_link = html.find("<link").expect("a stylesheet");
    assert!(html.find(base).is_some_and(|at| at < first_link), "{html}");
    assert!(html.contains("location.protocol===\"file:\""), "{html}");
    let mut stylesheets = 0;
    for target in targets(&html.replace(base, "")) {
        if target.starts_with('#') || target.starts_with("https://") {
            continue;
        }
        assert!(
            !target.starts_with('/') && !target.contains(':') && !target.starts_with(".."),
            "404.html links to {target}, which does not open from disk"
        );
        let file = target.split(['#', '?']).next().unwrap();
        assert!(
            files.contains_key(file),
            "404.html links to {target}: no such file"
        );
        stylesheets += usize::from(file.ends_with(".css"));
    }
    assert!(stylesheets >= 1, "{html}");
    // (A browser serves and opens it: e2e/tests/notfound.test.js.)
    // No section of the header is the current one.
    assert!(!html.contains("aria-current"), "{html}");
}
