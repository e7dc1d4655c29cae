//! The one generator of synthetic handbooks, for tests that need many
//! objectives. Three shapes, each deterministic:
//!
//! - [`flat`]: `count` objectives in one team, one key result and check-in
//!   each, titles carrying a label (interrupted and repeated builds);
//! - [`tree`]: 200 objectives over 10 teams in a tree and four quarters,
//!   three key results each, parents, individual goals, grades, private
//!   objectives and links (parallel builds);
//! - [`chain`]: a chain of teams and objectives, each under the one above
//!   (depth limits).

use super::write;
use std::fmt::Write as _;
use std::path::Path;

/// A handbook of `count` objectives in one team, each with a check-in; the
/// titles carry `label`, so that two versions differ in every page.
pub fn flat(root: &Path, count: usize, label: &str) {
    write(root, "book.toml", "[book]\ntitle = \"Many\"\n");
    write(
        root,
        "content/teams/org.md",
        "---
type: team
name: Org
lead: Ana Lima
---
",
    );
    for i in 0..count {
        write(
            root,
            &format!("content/org/2026-Q4/objective-{i:04}.md"),
            format!(
                "---
title: Objective {i} {label}
period: 2026-Q4
team: org
owner: Person {}
key_results:
  - title: Things done, per week
    baseline: 0
    target: 10
    checkins:
      - date: 2026-10-{:02}
        value: {}
        note: Note {i}
---
Why {i} matters; see [the first](objective-0000.md).
",
                i % 40,
                i % 28 + 1,
                i % 10
            ),
        );
    }
}

/// Writes a deterministic handbook of 200 objectives: 10 teams in a tree, four
/// quarters, three key results with check-ins each, parents in the parent
/// team's objectives of the same quarter, individual goals, grades for the
/// ended quarters, some private objectives and links between bodies.
/// Returns the number of objectives.
pub fn tree(root: &Path) -> usize {
    const TEAMS: usize = 10;
    const PER_PERIOD: usize = 50;
    const PEOPLE: [&str; 6] = [
        "Ada Berg",
        "Bola Costa",
        "Chen Diallo",
        "Dana Eriksen",
        "Emeka Fujita",
        "Farah Garcia",
    ];
    let team_parent = |team: usize| (team > 0).then(|| (team - 1) / 3);
    write(
        root,
        "book.toml",
        "[book]\ntitle = \"Parallel test handbook\"\n\n[okr]\ncurrent-period = \"2026-Q4\"\n",
    );
    write(
        root,
        "content/index.md",
        "---
title: Welcome
---
A generated handbook.
",
    );
    for team in 0..TEAMS {
        let mut text = format!(
            "---
type: team
name: Team {team}
lead: {}
members: [{}, {}]
",
            PEOPLE[team % 6],
            PEOPLE[team % 6],
            PEOPLE[(team + 1) % 6]
        );
        if let Some(parent) = team_parent(team) {
            let _ = writeln!(text, "parent: team-{parent:02}");
        }
        text.push_str("---\nWhat this team looks after.\n");
        write(root, &format!("content/teams/team-{team:02}.md"), text);
    }
    let mut written = 0;
    for (quarter, period) in ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        .iter()
        .enumerate()
    {
        let first_month = 1 + 3 * quarter;
        let mut ids: Vec<String> = Vec::new();
        for slot in 0..PER_PERIOD {
            // Slot s belongs to team s % TEAMS; the last five slots are individual goals.
            let individual = slot >= PER_PERIOD - 5;
            let team = slot % TEAMS;
            let (id, parent) = if individual {
                let parent = ids[(slot * 7) % ids.len()].clone();
                (format!("people/p{slot:02}/{period}/goal"), Some(parent))
            } else {
                let parent = team_parent(team).and_then(|p| {
                    // The latest earlier slot of the parent team in this period.
                    let back = team - p;
                    (slot >= back).then(|| ids[slot - back].clone())
                });
                (format!("team-{team:02}/{period}/o{slot:02}"), parent)
            };
            let mut text = format!(
                "---
title: Objective {slot} of {period} gets better
period: {period}
owner: {}
",
                PEOPLE[slot % 6]
            );
            if !individual {
                let _ = writeln!(text, "team: team-{team:02}");
            }
            if let Some(parent) = &parent {
                let _ = writeln!(text, "parent: {parent}");
            }
            if slot % 17 == 3 {
                text.push_str("visibility: private\n");
            }
            text.push_str("key_results:\n");
            for kr in 0..3 {
                let baseline = 10 + (slot * 7 + kr * 13) % 50;
                let target = baseline + 20 + kr * 5;
                let _ = write!(
                    text,
                    "  - title: Weekly count {kr} goes from {baseline} to {target}\n    owner: {}\n    unit: count\n    baseline: {baseline}\n    target: {target}\n    checkins:\n",
                    PEOPLE[(slot + kr) % 6]
                );
                for checkin in 0..2 {
                    let _ = write!(
                        text,
                        "      - date: 2026-{:02}-{:02}\n        value: {}\n        confidence: {}\n        note: Check-in {checkin}.\n",
                        first_month + checkin,
                        5 + (slot + kr) % 20,
                        baseline + (slot + kr + checkin * 9) % 25,
                        ["low", "medium", "high"][(slot + kr + checkin) % 3]
                    );
                }
            }
            if quarter < 3 {
                text.push_str("grade:\n  learned: What we learned.\n  next: continue\n");
            }
            let _ = write!(
                text,
                "---
## Why

Objective {slot} matters because *{period}* is when it counts.

- first step
- second step

| Signal | Today |
| --- | --- |
| errors | {slot} |
"
            );
            if let Some(parent) = &parent {
                let depth = id.matches('/').count();
                let _ = writeln!(
                    text,
                    "\nSee [the parent objective]({}{parent}.md).",
                    "../".repeat(depth)
                );
            }
            write(root, &format!("content/{id}.md"), text);
            if !individual {
                ids.push(id);
            }
            written += 1;
        }
    }
    written
}

/// A chain of `levels` teams and as many objectives, each supporting the one above.
pub fn chain(root: &Path, levels: usize) {
    write(root, "book.toml", "[book]\ntitle = \"Deep\"\n");
    let mut parent: Option<String> = None;
    for level in 0..levels {
        let team_parent = if level > 0 {
            format!("parent: t{}\n", level - 1)
        } else {
            String::new()
        };
        write(
            root,
            &format!("content/teams/t{level}.md"),
            format!(
                "---
type: team
name: Team {level}
{team_parent}---
"
            ),
        );
        let objective_parent = parent
            .as_deref()
            .map(|p| format!("parent: {p}\n"))
            .unwrap_or_default();
        write(
            root,
            &format!("content/t{level}/2026-Q4/goal.md"),
            format!(
                "---
title: Goal at level {level}
period: 2026-Q4
team: t{level}
owner: Ana Lima
{objective_parent}key_results:
  - title: Share done, in percent
    unit: '%'
    target: 100
---
"
            ),
        );
        parent = Some(format!("t{level}/2026-Q4/goal"));
    }
}
