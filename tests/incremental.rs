//! `okrbook serve` renders only what an edit touches. Whatever the edit, the
//! site it ends up serving must be byte for byte the site a full build makes.

mod common;

use common::serve::Session;
use std::path::Path;

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replace(from, to)).expect("write");
}

#[test]
fn every_kind_of_edit_ends_in_the_site_a_full_build_makes() {
    let (_dir, root) = common::copy_fixture("linked");
    let mut session = Session::new(&root);
    let total = session.site.len();
    let objective = "content/web/2026-Q4/fast-pages.md";

    edit(
        &root,
        objective,
        "title: Pages load instantly on phones",
        "title: Pages load in a blink",
    );
    let rendered = session.rebuild().rendered;
    assert!(
        rendered < total,
        "a title edit renders {rendered} of {total} files"
    );
    session.assert_matches_full_build("retitled objective");

    edit(&root, objective, "        note: New image CDN is live.", "        note: New image CDN is live.\n      - date: 2026-11-01\n        value: 2\n        confidence: high");
    session.rebuild();
    session.assert_matches_full_build("new check-in");

    edit(
        &root,
        "content/people/ana-lima/2026-Q4/learn.md",
        "parent: web/2026-Q4/fast-pages",
        "parent: company/2026-Q4/grow",
    );
    session.rebuild();
    session.assert_matches_full_build("moved in the cascade");

    edit(&root, "content/guides/how.md", "# Rules", "# The rules");
    let rendered = session.rebuild().rendered;
    assert!(rendered < 12, "a guide body edit renders {rendered} files");
    session.assert_matches_full_build("guide body");

    std::fs::write(
        root.join("content/web/2026-Q4/new-goal.md"),
        "---
title: A brand new goal
period: 2026-Q4
team: web
owner: Kim Park
parent: company/2026-Q4/grow
key_results:
  - title: Things per day
    owner: Kim Park
    baseline: 1
    target: 3
  - title: Other things per day
    owner: Kim Park
    baseline: 1
    target: 2
---
New.
",
    )
    .expect("write");
    session.rebuild();
    session.assert_matches_full_build("added objective");

    std::fs::remove_file(root.join("content/web/2026-Q4/integrate.md")).expect("delete");
    session.rebuild();
    session.assert_matches_full_build("deleted objective");
    assert!(!session.site.contains_key("web/2026-Q4/integrate.html"));

    edit(&root, "content/teams/web.md", "name: Web", "name: Web Team");
    session.rebuild();
    session.assert_matches_full_build("renamed team");

    edit(
        &root,
        "content/web/2026-Q3/fast-pages.md",
        "  score: 0.5",
        "  score: 0.9",
    );
    session.rebuild();
    session.assert_matches_full_build("regraded an earlier period");

    edit(
        &root,
        "content/company/2026-Q4/grow.md",
        "owner: Olu Bello",
        "owner: Zed New",
    );
    session.rebuild();
    session.assert_matches_full_build("a new person");
}

#[test]
fn nothing_changed_renders_only_the_indexes() {
    let (_dir, root) = common::copy_fixture("linked");
    let mut session = Session::new(&root);
    let rendered = session.rebuild().rendered;
    assert!(rendered <= 8, "an empty rebuild rendered {rendered} files");
    session.assert_matches_full_build("no change");
}

/// serve shows an edited objective's own page first, then the pages that
/// show it, then the data files; together they are the site a full build makes.
#[test]
fn the_edited_page_comes_first_then_the_pages_that_show_it() {
    let (_dir, root) = common::copy_fixture("linked");
    let mut session = Session::new(&root);
    edit(
        &root,
        "content/web/2026-Q4/fast-pages.md",
        "title: Pages load instantly on phones",
        "title: Pages load in a blink",
    );
    let mut steps: Vec<Vec<String>> = Vec::new();
    let (rendered, _) = okrbook::rebuild_in_steps(
        &session.options,
        "/",
        &mut session.cache,
        session.fingerprint.as_ref(),
        |pages, _removed| steps.push(pages.keys().cloned().collect()),
    )
    .expect("rebuild");
    assert!(!rendered.full);
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(steps[0], ["web/2026-Q4/fast-pages.html"]);
    for page in ["company/2026-Q4/grow.html", "index.html", "teams/web.html"] {
        assert!(steps[1].iter().any(|p| p == page), "{page}: {:?}", steps[1]);
    }
    let in_steps: Vec<&String> = steps.iter().flatten().collect();
    let data: Vec<&String> = rendered
        .files
        .keys()
        .filter(|path| !in_steps.contains(path))
        .collect();
    assert_eq!(data, ["feed.xml", "okrs.json", "search-index.js"]);
    for path in &rendered.removed {
        session.site.remove(path);
    }
    session.site.extend(rendered.files);
    session.fingerprint = Some(rendered.fingerprint);
    session.assert_matches_full_build("a title edit in steps");
}

/// A data file's rows are check-ins of the key results that name it: an
/// edit of the file alone renders their pages again.
#[test]
fn a_data_file_edit_ends_in_the_site_a_full_build_makes() {
    let (_dir, root) = common::copy_fixture("data-sources");
    let mut session = Session::new(&root);
    let total = session.site.len();
    edit(&root, "data/p95-latency.csv", "first week", "second look");
    let rebuilt = session.rebuild();
    assert!(!rebuilt.full && rebuilt.rendered < total, "{rebuilt:?}");
    assert!(session
        .page("web/2026-Q4/speed.html")
        .contains("second look"));
    session.assert_matches_full_build("a data file edited");
}
