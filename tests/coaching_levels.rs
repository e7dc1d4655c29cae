//! How many objectives fit each level, as the guides count them (issue 15):
//! the organization two (the engineering OKR guide's "2 objectives maximum"
//! for a CTO), a team five in all (FAST's "3–5") of which at most two its
//! own (no `parent`: "at most 1-2 OKRs that are specific to their domain,
//! plus alignment with the organizational OKRs"). Each finding names the
//! objectives by title, and `check` names the practice it comes from.

mod common;

use common::handbook::{Handbook, Run};

const AS_OF: &str = "2026-06-10";

/// An organization `org` and a team `web` under it.
fn teams(config: &str) -> Handbook {
    Handbook::new()
        .config(&format!("[book]\ntitle = \"Levels\"\n{config}"))
        .file(
            "content/teams/org.md",
            "---\ntype: team\nname: Org\nlead: Olga Berg\n---\n",
        )
        .file(
            "content/teams/web.md",
            "---\ntype: team\nname: Web\nparent: org\nlead: Ana Silva\n---\n",
        )
}

/// An objective of 2026-Q2 with two clean metric key results.
fn objective(title: &str, team: &str, parent: Option<&str>) -> String {
    let parent = parent.map_or(String::new(), |p| format!("parent: {p}\n"));
    format!(
        "---\ntitle: {title}\nperiod: 2026-Q2\nteam: {team}\n{parent}owner: Ana Silva\nkey_results:
  - title: Median minutes from merge to production
    owner: Ana Silva
    unit: minutes
    baseline: 40
    target: 20
  - title: Change failure rate
    owner: Ana Silva
    unit: \"%\"
    baseline: 8
    target: 4
---
Why it matters.\n"
    )
}

/// `teams` with `org_count` organization objectives and the web team's
/// objectives: `own` without a parent, `aligned` supporting the first org one.
fn handbook(config: &str, org_count: usize, own: usize, aligned: usize) -> Handbook {
    let mut book = teams(config);
    for n in 1..=org_count {
        book = book.file(
            &format!("content/org/2026-Q2/org-{n}.md"),
            objective(&format!("Organization goal {n}"), "org", None),
        );
    }
    for n in 1..=own {
        book = book.file(
            &format!("content/web/2026-Q2/own-{n}.md"),
            objective(&format!("Web goal of its own {n}"), "web", None),
        );
    }
    for n in 1..=aligned {
        book = book.file(
            &format!("content/web/2026-Q2/aligned-{n}.md"),
            objective(
                &format!("Web goal for the organization {n}"),
                "web",
                Some("org/2026-Q2/org-1"),
            ),
        );
    }
    book
}

/// The `too-many-objectives` findings of `okrbook check`, each with its hint.
fn too_many(run: &Run) -> Vec<String> {
    let err = run.stderr();
    err.split("\n\n")
        .filter(|finding| finding.contains("warning[too-many-objectives]"))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_organization_fits_two_objectives_and_the_hint_names_them() {
    let quiet = handbook("", 2, 0, 1).check_as_of(AS_OF, &[]);
    assert!(too_many(&quiet).is_empty(), "{}", quiet.stderr());

    let run = handbook("", 3, 0, 1).check_as_of(AS_OF, &[]);
    let found = too_many(&run);
    assert_eq!(found.len(), 1, "{}", run.stderr());
    let finding = &found[0];
    assert!(
        finding.starts_with("content/teams/org.md:3:7: warning[too-many-objectives]: Org has 3 objectives in 2026-Q2, more than the 2 that fit at the organization level"),
        "{finding}"
    );
    assert!(
        finding.contains(
            "among \"Organization goal 1\", \"Organization goal 2\" and \"Organization goal 3\""
        ),
        "{finding}"
    );
    assert!(finding.contains("FAST allows three to five"), "{finding}");
    assert!(finding.contains("= practice: Focus"), "{finding}");

    // The book may follow FAST instead.
    let fast =
        handbook("[okr]\nmax-objectives-organization = 3\n", 3, 0, 1).check_as_of(AS_OF, &[]);
    assert!(too_many(&fast).is_empty(), "{}", fast.stderr());
}

#[test]
fn a_team_carries_at_most_two_objectives_of_its_own_beside_aligned_ones() {
    // Two of its own and three for the organization: five, all fine.
    let quiet = handbook("", 1, 2, 3).check_as_of(AS_OF, &[]);
    assert!(too_many(&quiet).is_empty(), "{}", quiet.stderr());

    let run = handbook("", 1, 3, 1).check_as_of(AS_OF, &[]);
    let found = too_many(&run);
    assert_eq!(found.len(), 1, "{}", run.stderr());
    let finding = &found[0];
    assert!(
        finding.starts_with("content/teams/web.md:3:7: warning[too-many-objectives]: Web has 3 objectives of its own in 2026-Q2 that support no higher objective, more than 2"),
        "{finding}"
    );
    assert!(
        finding.contains("keep at most 2 of \"Web goal of its own 1\", \"Web goal of its own 2\" and \"Web goal of its own 3\" as the team's own; give the others a `parent:`"),
        "{finding}"
    );
    assert!(
        !finding.contains("Web goal for the organization"),
        "{finding}"
    );

    let set = handbook("[okr]\nmax-independent-objectives = 3\n", 1, 3, 1).check_as_of(AS_OF, &[]);
    assert!(too_many(&set).is_empty(), "{}", set.stderr());
}

#[test]
fn too_many_in_all_is_one_finding_not_two() {
    // Six objectives, three of them its own: the total is the finding.
    let run = handbook("", 1, 3, 3).check_as_of(AS_OF, &[]);
    let found = too_many(&run);
    assert_eq!(found.len(), 1, "{}", run.stderr());
    assert!(
        found[0].contains("Web has 6 objectives in 2026-Q2, more than the 5 that fit for one team"),
        "{}",
        found[0]
    );
}

#[test]
fn individual_goals_and_an_unknown_limit_name() {
    // Goals without a team count for no team.
    let mut book = handbook("", 1, 0, 0);
    for n in 1..=4 {
        book = book.file(
            &format!("content/people/ana/2026-Q2/goal-{n}.md"),
            format!(
                "---\ntitle: Ana's goal {n}\nperiod: 2026-Q2\nowner: Ana Silva\nparent: org/2026-Q2/org-1\nkey_results:\n  - title: Review turnaround in hours\n    owner: Ana Silva\n    unit: h\n    baseline: 30\n    target: 12\n  - title: Escaped defects per month\n    owner: Ana Silva\n    unit: defects\n    baseline: 6\n    target: 2\n---\n"
            ),
        );
    }
    let run = book.check_as_of(AS_OF, &[]);
    assert!(too_many(&run).is_empty(), "{}", run.stderr());

    let typo = handbook("[okr]\nmax-independant-objectives = 3\n", 1, 0, 0).check_as_of(AS_OF, &[]);
    typo.assert_error("unknown-field");
    assert!(
        typo.stderr().contains("max-independent-objectives"),
        "{}",
        typo.stderr()
    );
}

#[test]
fn the_health_page_counts_findings_by_practice_the_most_first() {
    // Focus: the organization's three objectives (one finding). Transparent:
    // two key results without an owner, in two groups.
    let unowned = |title: &str, team: &str| {
        objective(title, team, Some("org/2026-Q2/org-1")).replacen(
            "  - title: Change failure rate\n    owner: Ana Silva\n",
            "  - title: Change failure rate\n",
            1,
        )
    };
    let run = handbook("", 3, 0, 0)
        .file(
            "content/web/2026-Q2/unowned.md",
            unowned("Web pages stay fast", "web"),
        )
        .file(
            "content/org/2026-Q2/org-2.md",
            unowned("Organization goal 2", "org"),
        )
        .build_as_of(AS_OF);
    run.assert_success();
    let health = run.main_of("health.html");
    let practices = health
        .split("<ol class=\"practices\">")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .expect("the list of practices");
    let transparent = practices
        .find("<li id=\"practice-transparent\"><strong>FAST: transparent</strong>: 2 findings, in ")
        .expect("FAST: transparent, 2 findings");
    let focus = practices
        .find("<li id=\"practice-focus\"><strong>Focus</strong>: 1 finding, in ")
        .expect("Focus, 1 finding");
    assert!(transparent < focus, "the most findings first:\n{practices}");
    // Each group it counts links to that group's heading on the page.
    for (title, anchor) in [("Org", "group-1"), ("Web", "group-2")] {
        assert!(
            practices.contains(&format!("<a href=\"#{anchor}\">{title}</a>&nbsp;(1)")),
            "{practices}"
        );
        assert!(
            health.contains(&format!("<h3 id=\"{anchor}\">")),
            "{health}"
        );
    }
    assert!(
        health.contains("<code class=\"lint-code\">no-owner</code> <a class=\"practice-tag\" href=\"#practice-transparent\">FAST: transparent</a>"),
        "{health}"
    );
    // The objective's own page names the practice and links to its row.
    let page = run.main_of("web/2026-Q2/unowned.html");
    assert!(
        page.contains(
            "Practice: <a href=\"../../health.html#practice-transparent\">FAST: transparent</a>"
        ),
        "{page}"
    );
}
