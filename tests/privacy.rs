//! Private objectives leave no trace: a copy of `tests/fixtures/linked` whose
//! private objectives have public children, public and private owners, tags,
//! key results with notes and blockers, initiatives, grades, and
//! `carried_from` links both ways with public objectives, is built, and no
//! private title, key result, note, id, initiative, owner, tag or body
//! appears in any byte of any file written (pages, `okrs.json`, `feed.xml`,
//! the search index, charts), nor in `okrbook diff` output between two
//! versions that change the private objectives.
//!
//! Every private string holds `Quokka`, `quokka` or `Zebra`, or is the id
//! `company/2026-Q4/acquire`, so one scan finds any of them.

mod common;

use common::handbook::Handbook;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

const AS_OF: &str = "2026-11-15";

/// What no published byte may hold.
const SECRETS: [&str; 5] = ["Quokka", "quokka", "Zebra", "acquire", "Top secret"];

/// The private objective of the linked-private overlay, given everything that could leak.
fn acquire() -> String {
    std::fs::read_to_string(fixture("linked-private").join("content/company/2026-Q4/acquire.md"))
        .expect("the overlay's private objective")
}

/// The linked fixture with the linked-private overlay (private objectives
/// and their public neighbours), in a fresh folder.
fn handbook() -> (tempfile::TempDir, std::path::PathBuf) {
    let written = Handbook::fixture("linked")
        .overlay("linked-private")
        .write();
    (written.tmp, written.root)
}

fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let out = temp();
    let dest = out.path().join("site");
    build_ok(root, &dest, AS_OF, extra);
    (out, snapshot(&dest))
}

/// Every (file, secret) pair where a secret appears.
fn leaks(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    private::leaks(files, &SECRETS)
}

#[test]
fn no_private_byte_is_published() {
    let (_tmp, root) = handbook();
    let (_out, files) = build(&root, &[]);
    for expected in [
        "okrs.json",
        "feed.xml",
        "search-index.js",
        "web/2026-Q4/after-past.html",
        "people/ana-lima/2026-Q4/support.html",
    ] {
        assert!(files.contains_key(expected), "{expected} was not written");
    }
    let found = leaks(&files);
    assert!(
        found.is_empty(),
        "private text published:\n{}",
        found.join("\n")
    );

    // The public neighbours are there, and say only that a private objective exists.
    let page = |path: &str| String::from_utf8_lossy(&files[path]).into_owned();
    assert!(page("web/2026-Q4/after-past.html").contains("a private objective"));
    assert!(page("people/ana-lima/2026-Q4/support.html").contains("a private objective"));
    assert!(page("feed.xml").contains("Public progress note"));
    let json = okrs_json_of(&files);
    let ids: Vec<&str> = json["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    assert!(ids.contains(&"web/2026-Q4/after-past"), "{ids:?}");
    assert!(!ids
        .iter()
        .any(|id| id.contains("quokka") || id.contains("acquire")));
}

fn okrs_json_of(files: &BTreeMap<String, Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(&files["okrs.json"]).expect("okrs.json is JSON")
}

#[test]
fn the_same_handbook_built_with_private_objectives_shows_them() {
    // Proof that the scan above would see the secrets if they were published.
    let (_tmp, root) = handbook();
    let (_out, files) = build(&root, &["--include-private"]);
    let found = leaks(&files);
    for secret in SECRETS {
        assert!(
            found.iter().any(|f| f.contains(&format!("{secret:?}"))),
            "{secret} is published with --include-private"
        );
    }
}

#[test]
fn diff_output_counts_private_changes_and_names_none() {
    let (_tmp, base) = handbook();
    let (_tmp2, head) = handbook();
    // Every kind of change to the private objectives.
    let changed = acquire()
        .replace(
            "title: Secret merger with Zebra Corp",
            "title: Secret merger with Zebra Corp and Quokka Ltd",
        )
        .replace(
            "        note: Quokka note two\n",
            "        note: Quokka note two\n      - date: 2026-11-10\n        value: 3\n        note: Quokka note three\n",
        )
        .replace(
            "initiatives:",
            "  - id: quokka-new-kr\n    title: Quokka new key result\n    target: 1\ninitiatives:",
        );
    write(&head, "content/company/2026-Q4/acquire.md", changed);
    let past = std::fs::read_to_string(head.join("content/web/2026-Q3/quokka-past.md"))
        .expect("read")
        .replace("score: 0.7", "score: 0.4")
        .replace("next: continue", "next: drop");
    write(&head, "content/web/2026-Q3/quokka-past.md", past);
    // A private objective removed, one added, and a public one turned private.
    std::fs::remove_file(head.join("content/web/2026-Q4/quokka-next.md")).expect("remove");
    write(
        &head,
        "content/company/2026-Q4/quokka-added.md",
        "---
title: Quokka added in secret
period: 2026-Q4
team: company
visibility: private
key_results:
  - title: Quokka added count
    target: 3
---
",
    );
    let integrate = head.join("content/web/2026-Q4/integrate.md");
    let text = std::fs::read_to_string(&integrate).expect("read");
    write(
        &head,
        "content/web/2026-Q4/integrate.md",
        text.replace(
            "owner: Kim Park\n",
            "owner: Kim Park\nvisibility: private\n",
        ),
    );

    let output = okrbook()
        .arg("diff")
        .arg(&base)
        .arg(&head)
        .args(["--as-of", AS_OF])
        .output()
        .expect("run okrbook diff");
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}\n{out}", stderr(&output));
    for secret in SECRETS {
        assert!(
            !out.contains(secret),
            "the diff mentions {secret:?}:\n{out}"
        );
    }
    assert!(
        !out.contains("The shop runs on one checkout") && !out.contains("integrate"),
        "an objective that turned private is not described:\n{out}"
    );
    assert!(
        out.contains("private objective"),
        "the changes are counted:\n{out}"
    );
    assert!(
        !stderr(&output).contains("Quokka"),
        "nor on stderr: {}",
        stderr(&output)
    );
}

// ---------------------------------------------------------------------------
// Private means absent: two handbooks that differ only in their private
// objectives give byte-identical sites.
// ---------------------------------------------------------------------------

/// The as-of date of the pair builds: the demo handbook's own.
const PAIR_AS_OF: &str = "2026-11-21";

/// A team file that both handbooks of a pair hold: public content. In the
/// handbook with more private objectives it gains only private ones.
const SECURITY_TEAM: &str = "---
type: team
name: Security
parent: engineering
lead: Dalia Haddad
members: [Dalia Haddad]
---
Security keeps freight data safe.
";

/// A private objective of `team` in `period`, owned by people who own
/// nothing public, tagged with tags nothing public has, graded with `grade`
/// when given. `extra` lines go into the front matter as they are.
fn private_objective(team: Option<&str>, period: &str, title: &str, extra: &str) -> String {
    let team = team.map(|t| format!("team: {t}\n")).unwrap_or_default();
    format!(
        "---
title: {title}
period: {period}
{team}owner: Quentin Hidden
visibility: private
tags: [hush-tag, delivery]
{extra}key_results:
  - title: Hush count of shipments per week
    owner: Rosa Unseen
    unit: shipments
    baseline: 10
    target: 20
    checkins:
      - date: 2025-04-10
        value: 12
        confidence: low
        note: Hush note
        blockers: Hush blocker
  - title: Hush milestone reached
    owner: Rosa Unseen
    kind: milestone
    checkins:
      - date: 2026-11-21
        value: false
        note: Hush newest note
initiatives:
  - title: Hush initiative
    owner: Ivo Shadow
    status: in_progress
    link: https://example.com/hush
---
Hush body about {title}.
"
    )
}

/// A private objective whose committed grade is a perfect 1.0, tagged with
/// no domain, so that its period, which has no public objective, would be
/// reported as `missing-domain`.
fn private_perfect(team: &str, period: &str, title: &str) -> String {
    private_objective(
        Some(team),
        period,
        title,
        "grade:\n  score: 1.0\n  date: 2025-12-30\n  learned: Hush lesson\n  next: done\n",
    )
    .replace("tags: [hush-tag, delivery]", "tags: [hush-tag]")
}

/// What handbook B adds to (or changes in) handbook A: private objectives only.
fn extra_private_objectives() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut add = |path: &str, text: String| files.push((path.to_string(), text));
    // The security team has only private objectives: too many of them in one
    // period, perfect grades in two ended periods in a row (sandbagging), in
    // periods that have no public objective at all.
    for n in 1..=7 {
        add(
            &format!("content/security/2026-Q4/hush-{n}.md"),
            private_objective(
                Some("security"),
                "2026-Q4",
                &format!("Hush security goal {n}"),
                "",
            ),
        );
    }
    for period in ["2025-Q2", "2025-Q3"] {
        add(
            &format!("content/security/{period}/hush-graded.md"),
            private_perfect("security", period, &format!("Hush perfect goal {period}")),
        );
    }
    // Public teams pushed over their limits in public periods: Platform over
    // five, the organization over three.
    for n in 1..=4 {
        add(
            &format!("content/platform/2026-Q4/hush-{n}.md"),
            private_objective(
                Some("platform"),
                "2026-Q4",
                &format!("Hush platform goal {n}"),
                "",
            ),
        );
    }
    for n in 1..=2 {
        add(
            &format!("content/company/2026-Q4/hush-{n}.md"),
            private_objective(
                Some("engineering"),
                "2026-Q4",
                &format!("Hush company goal {n}"),
                "",
            ),
        );
    }
    // A private child of a public objective, and a private objective that
    // carries a public one on into a period nothing public has.
    add(
        "content/platform/2026-Q4/hush-child.md",
        private_objective(
            Some("platform"),
            "2026-Q4",
            "Hush child of reliability",
            "parent: platform/2026-Q4/reliability\n",
        ),
    );
    add(
        "content/platform/2027-Q2/hush-next.md",
        private_objective(
            Some("platform"),
            "2027-Q2",
            "Hush carries reliability on",
            "carried_from: platform/2026-Q4/reliability\ncommitment: aspirational\n",
        ),
    );
    // A graded private objective in a public, ended period: grading averages and charts.
    add(
        "content/mobile/2026-Q3/hush-graded.md",
        private_objective(
            Some("mobile"),
            "2026-Q3",
            "Hush graded mobile goal",
            "grade:\n  score: 0.05\n  date: 2026-10-02\n  learned: Hush mobile lesson\n  next: drop\n",
        ),
    );
    // An individual private goal of a person who owns nothing public, with
    // lints that point into its own file.
    add(
        "content/people/quentin-hidden/2026-Q4/hush-own.md",
        private_objective(
            None,
            "2026-Q4",
            "Keep the hush going",
            "allow: [no-such-lint]\n",
        )
        .replace("https://example.com/hush", "javascript:alert(1)"),
    );
    // The demo's private objectives, rewritten: another title, key results and owner.
    add(
        "content/company/2026-Q2/team-reshape.md",
        private_objective(Some("engineering"), "2026-Q2", "Hush reshape", ""),
    );
    add(
        "content/company/2026-Q4/portline-integration.md",
        private_objective(Some("engineering"), "2026-Q4", "Hush portline", ""),
    );
    files
}

/// The demo handbook with an absolute `site-url` (so that `sitemap.xml` is
/// written) and the security team, in a fresh folder.
fn demo_base() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = temp();
    let root = tmp.path().join("handbook");
    copy_dir(&repo_root().join("content"), &root.join("content"));
    // The demo's data-fed key result reads data/.
    copy_dir(&repo_root().join("data"), &root.join("data"));
    let config = std::fs::read_to_string(repo_root().join("book.toml"))
        .expect("read book.toml")
        .replace(
            "site-url = \"/\"",
            "site-url = \"https://okrs.example.com/\"",
        );
    assert!(config.contains("https://okrs.example.com/"));
    write(&root, "book.toml", config);
    write(&root, "content/teams/security.md", SECURITY_TEAM);
    (tmp, root)
}

/// Builds `root` with the library, as of [`PAIR_AS_OF`], and reads back every file.
fn build_pair_side(
    root: &Path,
    include_private: bool,
) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let out = temp();
    let dest = out.path().join("site");
    let options = okrbook::BuildOptions {
        root: root.to_path_buf(),
        dest_dir: Some(dest.clone()),
        as_of: okrbook::date::Date::parse(PAIR_AS_OF).unwrap(),
        include_private,
        site_url: None,
    };
    if let Err(findings) = okrbook::build(&options) {
        let text: Vec<String> = findings
            .diagnostics
            .iter()
            .map(|f| f.render_human())
            .collect();
        panic!("build of {} failed:\n{}", root.display(), text.join("\n"));
    }
    (out, snapshot(&dest))
}

/// Every difference between two sites, readably: files only on one side,
/// and for each file that differs, its first differing line on both sides.
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut found = Vec::new();
    for path in a.keys().filter(|p| !b.contains_key(*p)) {
        found.push(format!("{path}: only in the first site"));
    }
    for path in b.keys().filter(|p| !a.contains_key(*p)) {
        found.push(format!("{path}: only in the second site"));
    }
    for (path, left) in a {
        let Some(right) = b.get(path) else { continue };
        if left == right {
            continue;
        }
        let left = String::from_utf8_lossy(left);
        let right = String::from_utf8_lossy(right);
        let mut lines = left.lines().zip(right.lines()).enumerate();
        let (number, first, second) = lines
            .find(|(_, (l, r))| l != r)
            .map(|(n, (l, r))| (n + 1, l.to_string(), r.to_string()))
            .unwrap_or_else(|| {
                let n = left.lines().count().min(right.lines().count()) + 1;
                (n, "(end of file)".into(), "(end of file)".into())
            });
        let clip = |s: &str| s.chars().take(300).collect::<String>();
        found.push(format!(
            "{path}: first difference at line {number}:\n  - {}\n  + {}",
            clip(first.trim()),
            clip(second.trim())
        ));
    }
    found
}

#[track_caller]
fn assert_same_site(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let found = differences(a, b);
    assert!(
        found.is_empty(),
        "{what}: {} file(s) differ:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn handbooks_that_differ_only_in_private_objectives_give_identical_sites() {
    let (_a_tmp, a) = demo_base();
    let (_b_tmp, b) = demo_base();
    for (path, text) in extra_private_objectives() {
        write(&b, &path, text);
    }
    let (_a_out, site_a) = build_pair_side(&a, false);
    let (_b_out, site_b) = build_pair_side(&b, false);
    assert!(site_a.contains_key("health.html") && site_a.contains_key("sitemap.xml"));
    assert_same_site(&site_a, &site_b, "more private objectives");

    // The test can see a difference: with them published, the sites differ
    // on the pages that would otherwise leak.
    let (_c_out, shown_b) = build_pair_side(&b, true);
    let shown = differences(&site_a, &shown_b).join("\n");
    for leak in [
        "health.html",
        "okrs.json",
        "feed.xml",
        "search-index.js",
        "sitemap.xml",
        "grading.html",
        "periods/2025-Q2.html: only in the second site",
        "people/quentin-hidden.html: only in the second site",
        "security/2026-Q4/hush-1.html: only in the second site",
    ] {
        assert!(shown.contains(leak), "{leak} should differ:\n{shown}");
    }
}

#[test]
fn removing_a_private_objective_changes_no_published_byte() {
    let (_a_tmp, a) = demo_base();
    let (_c_tmp, c) = demo_base();
    std::fs::remove_file(c.join("content/company/2026-Q2/team-reshape.md")).expect("remove");
    let (_a_out, site_a) = build_pair_side(&a, false);
    let (_c_out, site_c) = build_pair_side(&c, false);
    assert_same_site(&site_a, &site_c, "a private objective removed");
}

#[test]
fn a_denied_lint_that_only_the_public_view_shows_stops_the_build() {
    // Mobile's perfect committed grades are sandbagging; a private objective
    // with a poor grade hides that from the whole handbook, but not from the
    // site, which would publish the denied finding. `check` gives build's
    // verdict, so it fails too.
    let (_tmp, root) = demo_base();
    let config = std::fs::read_to_string(root.join("book.toml")).expect("read book.toml");
    write(
        &root,
        "book.toml",
        format!("{config}\n[okr.lints]\nsandbagging = \"deny\"\n"),
    );
    let (_, text) = extra_private_objectives()
        .into_iter()
        .find(|(path, _)| path == "content/mobile/2026-Q3/hush-graded.md")
        .expect("the private mobile objective");
    write(&root, "content/mobile/2026-Q3/hush-graded.md", text);

    let check = run(&["check", root.to_str().unwrap(), "--as-of", PAIR_AS_OF]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("content/teams/mobile.md:3:7: error[sandbagging]"),
        "{}",
        stderr(&check)
    );
    let out = temp();
    let output = okrbook()
        .arg("build")
        .arg(&root)
        .arg("--dest-dir")
        .arg(out.path().join("site"))
        .args(["--as-of", PAIR_AS_OF])
        .output()
        .expect("run okrbook build");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("content/teams/mobile.md:3:7: error[sandbagging]"),
        "{}",
        stderr(&output)
    );
    assert!(!out.path().join("site").exists());
    build_ok(
        &root,
        &out.path().join("all"),
        PAIR_AS_OF,
        &["--include-private"],
    );
}
