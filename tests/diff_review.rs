//! `okrbook diff` for a reviewer: every kind of change to the goals, named
//! by title, with what it does to the scores. Each test edits one copy of
//! the `diff/base` fixture and compares it with the original.

mod common;

use common::*;
use std::path::Path;

const AS_OF: &str = "2026-11-21";
const FAST_PAGES: &str = "content/web/2026-Q4/fast-pages.md";

/// The summary of `base` → a copy of it edited by `edit`.
fn diff_after(edit: impl FnOnce(&Path)) -> String {
    diff_after_as_of(AS_OF, edit)
}

fn diff_after_as_of(as_of: &str, edit: impl FnOnce(&Path)) -> String {
    let (_tmp, root) = copy_fixture("diff/base");
    edit(&root);
    let base = fixture("diff/base");
    let output = okrbook()
        .arg("diff")
        .arg(&base)
        .arg(&root)
        .args(["--as-of", as_of])
        .output()
        .expect("run okrbook diff");
    assert_eq!(
        output.status.code(),
        Some(0),
        "okrbook diff failed:\n{}",
        stderr(&output)
    );
    stdout(&output)
}

/// Replaces `from` with `to` in `rel`, which must contain it.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read the fixture file");
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// The one line of `text` that contains `fragment`.
#[track_caller]
fn line_with<'a>(text: &'a str, fragment: &str) -> &'a str {
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(fragment)).collect();
    assert_eq!(lines.len(), 1, "one line with {fragment:?} in:\n{text}");
    lines[0]
}

#[test]
fn an_added_objective_is_named_by_title_id_and_team() {
    let out = diff_after(|root| {
        write(
            root,
            "content/web/2026-Q4/search.md",
            "---\ntitle: Search finds what people mean\nperiod: 2026-Q4\nteam: web\nowner: Tom Okafor\nkey_results:\n  - title: Searches that end in a click\n    unit: \"%\"\n    baseline: 40\n    target: 60\n---\n",
        );
    });
    assert!(out.contains("\n1 objective added.\n"), "{out}");
    assert!(
        out.contains("### Objectives added\n\n- **Search finds what people mean** (`web/2026-Q4/search`): 2026-Q4, Web, 1 key result\n"),
        "{out}"
    );
}

#[test]
fn a_removed_objective_is_named_by_title() {
    let out = diff_after(|root| {
        std::fs::remove_file(root.join("content/web/2026-Q4/old-site.md")).expect("remove");
    });
    assert!(out.contains("### Objectives removed\n\n- **"), "{out}");
    assert!(
        out.contains("(`web/2026-Q4/old-site`): 2026-Q4, Web"),
        "{out}"
    );
}

#[test]
fn a_retitled_objective_shows_both_titles() {
    let out = diff_after(|root| {
        edit(
            root,
            FAST_PAGES,
            "title: Pages load fast on phones",
            "title: Pages load fast everywhere",
        );
    });
    assert!(
        out.contains("- `web/2026-Q4/fast-pages` (2026-Q4, Web): Pages load fast on phones → **Pages load fast everywhere**\n"),
        "{out}"
    );
}

#[test]
fn an_objective_moved_to_another_team_period_and_owner_is_reported_by_names() {
    let out = diff_after(|root| {
        write(
            root,
            "content/teams/mobile.md",
            "---\ntype: team\nname: Mobile apps\nparent: acme\nlead: Tom Okafor\n---\n",
        );
        edit(
            root,
            FAST_PAGES,
            "period: 2026-Q4\nteam: web\nowner: Ana Lima\n",
            "id: web/2026-Q4/fast-pages\nperiod: 2027-Q1\nteam: mobile\nowner: Tom Okafor\n",
        );
    });
    assert!(out.contains("1 objective moved or handed over"), "{out}");
    assert_eq!(
        line_with(&out, "team Web"),
        "- **Pages load fast on phones** (`web/2026-Q4/fast-pages`): team Web → Mobile apps; period 2026-Q4 → 2027-Q1; owner Ana Lima → Tom Okafor"
    );
}

#[test]
fn an_objective_moved_under_another_parent_names_the_parents_by_title() {
    let out = diff_after(|root| {
        edit(
            root,
            FAST_PAGES,
            "owner: Ana Lima\nkey_results:",
            "owner: Ana Lima\nparent: web/2026-Q4/accessible\nkey_results:",
        );
    });
    assert_eq!(
        line_with(&out, "parent"),
        "- **Pages load fast on phones** (`web/2026-Q4/fast-pages`): parent none → Everyone can use the shop (web/2026-Q4/accessible)"
    );
}

#[test]
fn a_public_objective_that_turns_private_is_no_longer_published_and_not_described() {
    let out = diff_after(|root| {
        edit(
            root,
            FAST_PAGES,
            "owner: Ana Lima\nkey_results:",
            "owner: Ana Lima\nvisibility: private\nkey_results:",
        );
        // Its other changes stay unsaid too.
        edit(root, FAST_PAGES, "target: 2\n", "target: 1.5\n");
        edit(
            root,
            FAST_PAGES,
            "title: Pages load fast on phones",
            "title: Pages load fast on phones before the Globex deal",
        );
    });
    assert!(
        out.contains("\n1 objective no longer published.\n"),
        "{out}"
    );
    assert!(
        out.contains("### No longer published\n\n1 objective is no longer published; what they say is not shown here.\n"),
        "{out}"
    );
    for secret in [
        "fast-pages",
        "Pages load fast",
        "Globex",
        "Largest contentful paint",
        "Share of mobile visits",
        "Ana Lima",
        "1.5",
        "Private objectives",
    ] {
        assert!(!out.contains(secret), "{secret:?} leaked:\n{out}");
    }
}

#[test]
fn a_target_changed_after_the_period_started_is_flagged_with_its_score_effect() {
    let out = diff_after(|root| edit(root, FAST_PAGES, "target: 2\n", "target: 3\n"));
    // Baseline 4, value 3.6: progress 0.4 / 2 = 0.20 before, 0.4 / 1 = 0.40 after.
    assert_eq!(
        line_with(&out, "target 2 s"),
        "- Largest contentful paint on a mid-range phone (`web/2026-Q4/fast-pages` › `lcp`): **changed after the period started**: target 2 s → 3 s (score 0.20 → 0.40 (+0.20); objective 0.20 → 0.30 (+0.10))"
    );
    assert!(out.contains("1 key result changed"), "{out}");
}

#[test]
fn a_target_changed_before_the_period_starts_is_not_flagged() {
    let out = diff_after_as_of("2026-09-20", |root| {
        edit(root, FAST_PAGES, "target: 2\n", "target: 3\n")
    });
    let line = line_with(&out, "target 2 s");
    assert!(!line.contains("after the period started"), "{line}");
    assert!(line.contains(": target 2 s → 3 s (score "), "{line}");
}

#[test]
fn baseline_direction_kind_and_weight_changes_are_reported() {
    let out = diff_after(|root| {
        edit(
            root,
            FAST_PAGES,
            "    baseline: 2\n    target: 3\n",
            "    baseline: 1.5\n    target: 3\n    weight: 2\n",
        );
        edit(
            root,
            "content/web/2026-Q4/accessible.md",
            "    baseline: 12\n    target: 2\n",
            "    kind: guardrail\n    direction: at_most\n    target: 10\n",
        );
    });
    let conversion = line_with(&out, "`conversion`");
    assert!(
        conversion.contains(
            "**changed after the period started**: baseline 2% → 1.5%; weight 1 → 2 (score "
        ),
        "{conversion}"
    );
    let complaints = line_with(&out, "`complaints`");
    assert!(
        complaints.contains("kind metric → guardrail; baseline 12 → none; target 2 → 10; direction decrease → at\\_most"),
        "{complaints}"
    );
}

#[test]
fn check_ins_added_edited_and_removed() {
    let out = diff_after(|root| {
        edit(
            root,
            FAST_PAGES,
            "      - date: 2026-10-10\n        value: 3.6\n",
            "      - date: 2026-10-10\n        value: 3.4\n      - date: 2026-11-10\n        value: 3.1\n",
        );
        edit(
            root,
            FAST_PAGES,
            "    checkins:\n      - date: 2026-10-15\n        value: 2.2\n",
            "",
        );
    });
    assert!(
        out.contains("1 new check-in; 1 check-in edited, 1 removed"),
        "{out}"
    );
    assert!(
        out.contains("| Largest contentful paint on a mid-range phone (`web/2026-Q4/fast-pages` › `lcp`) | 2026-11-10 | 3.4 s → 3.1 s (-0.3) |"),
        "{out}"
    );
    assert!(
        out.contains("- Largest contentful paint on a mid-range phone (`web/2026-Q4/fast-pages` › `lcp`), 2026-10-10: 3.6 s → 3.4 s\n"),
        "{out}"
    );
    assert!(
        out.contains("- Share of mobile visits that buy (`web/2026-Q4/fast-pages` › `conversion`), 2026-10-15: removed (was 2.2%)\n"),
        "{out}"
    );
}

#[test]
fn grades_given_and_changed() {
    let graded = "title: Everyone can use the shop\n";
    let out = diff_after(|root| {
        edit(
            root,
            "content/web/2026-Q4/accessible.md",
            graded,
            "title: Everyone can use the shop\ngrade:\n  score: 0.6\n  next: continue\n",
        );
    });
    assert!(
        out.contains("### Grades\n\n- **Everyone can use the shop** (`web/2026-Q4/accessible`, 2026-Q4): graded 0.60, next: continue\n"),
        "{out}"
    );
    let (_tmp, root) = copy_fixture("diff/base");
    edit(
        &root,
        "content/web/2026-Q4/accessible.md",
        graded,
        "title: Everyone can use the shop\ngrade:\n  score: 0.6\n",
    );
    let (_tmp2, changed) = copy_fixture("diff/base");
    edit(
        &changed,
        "content/web/2026-Q4/accessible.md",
        graded,
        "title: Everyone can use the shop\ngrade:\n  score: 0.7\n",
    );
    let output = okrbook()
        .arg("diff")
        .arg(&root)
        .arg(&changed)
        .args(["--as-of", AS_OF])
        .output()
        .expect("run okrbook diff");
    let out = stdout(&output);
    assert!(out.contains(": grade 0.60 → 0.70\n"), "{out}");
}

#[test]
fn mentions_in_titles_notify_no_one() {
    let out = diff_after(|root| {
        edit(
            root,
            FAST_PAGES,
            "title: Pages load fast on phones",
            "title: Pages load fast, ask @ana-lima or @acme/web",
        );
    });
    assert!(
        out.contains("**Pages load fast, ask @\u{200D}ana-lima or @\u{200D}acme/web**"),
        "{out}"
    );
    // No `@` is followed by a character GitHub would read as a handle.
    for (i, _) in out.match_indices('@') {
        assert!(out[i + 1..].starts_with('\u{200D}'), "{out}");
    }
}

#[test]
fn a_private_objective_made_public_is_listed_as_newly_published() {
    let out = diff_after(|root| {
        edit(
            root,
            "content/web/2026-Q4/secret-acquisition.md",
            "visibility: private\n",
            "",
        );
    });
    assert!(out.contains("\n1 objective newly published.\n"), "{out}");
    assert!(
        out.contains("### Newly published\n\n- **Acquire Globex quietly** (`web/2026-Q4/secret-acquisition`): 2026-Q4, Web, 2 key results\n"),
        "{out}"
    );
    // It is not counted among the private changes as well.
    assert!(!out.contains("Private objectives"), "{out}");
}

#[test]
fn check_in_notes_confidence_and_status_updates_edited_or_removed() {
    let out = diff_after(|root| {
        edit(
            root,
            FAST_PAGES,
            "      - date: 2026-10-10\n        value: 3.6\n",
            "      - date: 2026-10-10\n        value: 3.6\n        confidence: 0.8\n        note: Images @ana resized\n      - date: 2026-10-20\n        note: CDN contract signed\n",
        );
    });
    let base_out = diff_after(|_| {});
    assert!(base_out.contains("No changes"), "{base_out}");
    assert!(
        out.contains("- Largest contentful paint on a mid-range phone (`web/2026-Q4/fast-pages` › `lcp`), 2026-10-10: confidence none → 0.80; note added: “Images @\u{200d}ana resized”\n"),
        "{out}"
    );
    assert!(out.contains("1 new check-in; 1 check-in edited"), "{out}");
    // Now remove the status update again: a removal without a value.
    let (_tmp, root) = copy_fixture("diff/base");
    edit(
        &root,
        FAST_PAGES,
        "      - date: 2026-10-10\n        value: 3.6\n",
        "      - date: 2026-10-10\n        value: 3.6\n      - date: 2026-10-20\n        note: CDN contract signed\n",
    );
    let output = okrbook()
        .arg("diff")
        .arg(&root)
        .arg(fixture("diff/base"))
        .args(["--as-of", AS_OF])
        .output()
        .expect("run okrbook diff");
    let out = stdout(&output);
    assert!(
        out.contains("`lcp`), 2026-10-20: status update removed (was “CDN contract signed”)\n"),
        "{out}"
    );
}
