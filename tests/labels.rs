//! Issue 12, labels that fit any organization: the home page names the top
//! level after the root team, not "Company"; empty counts are left out;
//! only organization-level objectives are called top-level; an objective
//! of an ended period is not promised key results "yet", and a roll-up says
//! where its score comes from instead.

mod common;

use common::handbook::{Handbook, Run};

const AS_OF: &str = "2026-11-15";
const BOOK: &str = "[book]\ntitle = \"Labels\"\n";

const IPLD: &str =
    "---\ntype: team\nname: IPLD\nlead: Ada\nmembers: [Ada, Ben]\n---\nWe build IPLD.\n";
/// A sub-team nobody is listed in.
const GO: &str = "---\ntype: team\nname: Go\nparent: ipld\n---\nThe Go libraries.\n";

fn objective(title: &str, period: &str, team: &str, parent: Option<&str>, krs: bool) -> String {
    let parent = parent.map_or(String::new(), |p| format!("parent: {p}\n"));
    let krs = if krs {
        "key_results:\n  - title: A number\n    baseline: 0\n    target: 10\n    checkins:\n      - date: 2026-10-10\n        value: 5\n"
    } else {
        "allow: [too-few-key-results]\n"
    };
    format!("---\ntitle: {title}\nperiod: {period}\nteam: {team}\nowner: Ada\n{parent}{krs}---\n")
}

fn ipld() -> Run {
    let built = Handbook::new()
        .config(BOOK)
        .file("content/teams/ipld.md", IPLD)
        .file("content/teams/go.md", GO)
        // A roll-up: no key results, scored from the objective under it.
        .file(
            "content/ipld/2026-Q4/ship.md",
            objective("Ship IPLD everywhere", "2026-Q4", "ipld", None, false),
        )
        .file(
            "content/go/2026-Q4/fast.md",
            objective(
                "Fast codecs",
                "2026-Q4",
                "go",
                Some("ipld/2026-Q4/ship"),
                true,
            ),
        )
        // A team objective that supports nothing.
        .file(
            "content/go/2026-Q4/docs.md",
            objective("Docs people read", "2026-Q4", "go", None, true),
        )
        // No key results, nothing under it, period running.
        .file(
            "content/go/2026-Q4/later.md",
            objective("Plan the next codec", "2026-Q4", "go", None, false),
        )
        // No key results in a period that has ended.
        .file(
            "content/go/2026-Q3/old.md",
            objective("An old direction", "2026-Q3", "go", None, false),
        )
        .build_as_of(AS_OF);
    built.assert_success();
    built
}

#[test]
fn the_home_page_names_the_top_level_after_the_root_team() {
    let built = ipld();
    let home = built.main_of("index.html");
    assert!(home.contains(">IPLD objectives</h2>"), "{home}");
    assert!(!home.to_lowercase().contains("company"), "{home}");
    let cascade = built.main_of("cascade/2026-Q4.html");
    assert!(!cascade.to_lowercase().contains("company"), "{cascade}");
}

#[test]
fn several_root_teams_are_the_organization() {
    let built = Handbook::new()
        .config(BOOK)
        .file(
            "content/teams/engineering.md",
            "---\ntype: team\nname: Engineering\n---\n",
        )
        .file(
            "content/teams/sales.md",
            "---\ntype: team\nname: Sales\n---\n",
        )
        .file(
            "content/engineering/2026-Q4/build.md",
            objective("Build it", "2026-Q4", "engineering", None, true),
        )
        .file(
            "content/sales/2026-Q4/sell.md",
            objective("Sell it", "2026-Q4", "sales", None, true),
        )
        .build_as_of(AS_OF);
    built.assert_success();
    let home = built.main_of("index.html");
    assert!(home.contains(">Organization objectives</h2>"), "{home}");
    assert!(!home.to_lowercase().contains("company"), "{home}");
    // Which root team each objective belongs to is shown on its card.
    assert!(
        home.contains(">Engineering</a>") && home.contains(">Sales</a>"),
        "{home}"
    );
}

#[test]
fn a_team_without_members_shows_no_zero_count() {
    let built = ipld();
    let teams = built.main_of("teams.html");
    assert!(teams.contains("2 members"), "{teams}");
    assert!(!teams.contains("0 member"), "{teams}");
    assert!(teams.contains(">Go</a>"), "{teams}");
}

#[test]
fn only_organization_objectives_are_top_level() {
    let built = ipld();
    let top = built.main_of("ipld/2026-Q4/ship.html");
    assert!(top.contains("This is a top-level objective."), "{top}");
    let team = built.main_of("go/2026-Q4/docs.html");
    assert!(team.contains("id=\"alignment\""), "{team}");
    assert!(!team.contains("top-level"), "{team}");
}

#[test]
fn an_ended_objective_without_key_results_is_not_promised_any() {
    let built = ipld();
    let old = built.main_of("go/2026-Q3/old.html");
    assert!(old.contains("An old direction</h1>"), "{old}");
    assert!(!old.contains("No key results yet"), "{old}");
    assert!(!old.contains("parent yet"), "{old}");
    assert!(
        old.contains("<p class=\"empty\">No key results.</p>"),
        "{old}"
    );
    // Still running: they may come.
    let later = built.main_of("go/2026-Q4/later.html");
    assert!(later.contains("No key results yet."), "{later}");
}

#[test]
fn a_roll_up_says_where_its_score_comes_from() {
    let built = ipld();
    let ship = built.main_of("ipld/2026-Q4/ship.html");
    assert!(!ship.contains("No key results yet."), "{ship}");
    let krs = &ship[ship.find("id=\"krs\"").expect("a key results section")..];
    assert!(
        krs.contains("scored from its 1 supporting objective"),
        "{krs}"
    );
}
