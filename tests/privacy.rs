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

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

const AS_OF: &str = "2026-11-15";

/// What no published byte may hold.
const SECRETS: [&str; 5] = ["Quokka", "quokka", "Zebra", "acquire", "Top secret"];

/// The private objective of the linked fixture, given everything that could leak.
const ACQUIRE: &str = "---
title: Secret merger with Zebra Corp
period: 2026-Q4
team: company
owner: Pat Quokka-Owner
visibility: private
tags: [quokka-tag, growth]
key_results:
  - id: zebra-diligence
    title: Zebra due diligence finished
    owner: Vera Quokka
    kind: milestone
    measured_by: Quokka checklist
    checkins:
      - date: 2026-10-20
        value: false
        note: Zebra lawyers slow
        blockers: Quokka blocker
  - title: Quokka share of shelf, in percent
    owner: Kim Park
    unit: \"%\"
    baseline: 1
    target: 5
    checkins:
      - date: 2026-11-01
        value: 2
        confidence: high
        note: Quokka note two
initiatives:
  - title: Project Quokka initiative
    owner: Ivan Quokka-Initiative
    status: in_progress
    link: https://example.com/quokka-plan
    key_results: [zebra-diligence]
---
Top secret body about Quokka.
";

/// Writes the private objectives and their public neighbours into `root`.
fn add_private_objectives(root: &Path) {
    write(root, "content/company/2026-Q4/acquire.md", ACQUIRE);
    // A graded private objective in the past period, and a public one that carries it on.
    write(
        root,
        "content/web/2026-Q3/quokka-past.md",
        "---\ntitle: Quokka past goal\nperiod: 2026-Q3\nteam: web\nowner: Ana Lima\nvisibility: private\nkey_results:\n  - title: Quokka past count\n    baseline: 0\n    target: 10\n    checkins:\n      - date: 2026-09-01\n        value: 7\n        note: Quokka past note\ngrade:\n  score: 0.7\n  date: 2026-10-01\n  learned: Quokka lesson learned\n  next: continue\n---\nQuokka past body.\n",
    );
    write(
        root,
        "content/web/2026-Q4/after-past.md",
        "---\ntitle: Checkout converts better\nperiod: 2026-Q4\nteam: web\nowner: Kim Park\ncarried_from: web/2026-Q3/quokka-past\nparent: company/2026-Q4/acquire\nkey_results:\n  - title: Checkout conversion, in percent\n    unit: \"%\"\n    baseline: 2\n    target: 3\n    checkins:\n      - date: 2026-10-30\n        value: 2.4\n        note: Public progress note\n---\nConversion.\n",
    );
    // A private objective that carries on a public one.
    write(
        root,
        "content/web/2026-Q4/quokka-next.md",
        "---\ntitle: Quokka next step\nperiod: 2026-Q4\nteam: web\nowner: Ana Lima\nvisibility: private\ncarried_from: web/2026-Q3/fast-pages\nparent: web/2026-Q4/fast-pages\nkey_results:\n  - title: Quokka next measure, in ms\n    unit: ms\n    baseline: 900\n    target: 300\n    checkins:\n      - date: 2026-11-02\n        value: 700\n        note: Quokka next note\n---\nQuokka next body.\n",
    );
    // A public individual goal whose parent is private.
    write(
        root,
        "content/people/ana-lima/2026-Q4/support.md",
        "---\ntitle: Ana supports the merger work\nperiod: 2026-Q4\nowner: Ana Lima\nparent: company/2026-Q4/acquire\nkey_results:\n  - title: Reviews done, count\n    baseline: 0\n    target: 4\n---\n",
    );
}

/// The linked fixture with the private objectives, in a fresh folder.
fn handbook() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = copy_fixture("linked");
    add_private_objectives(&root);
    (tmp, root)
}

fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let out = temp();
    let dest = out.path().join("site");
    build_ok(root, &dest, AS_OF, extra);
    (out, snapshot(&dest))
}

/// Every (file, secret) pair where a secret appears.
fn leaks(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files {
        for secret in SECRETS {
            if path.contains(secret) {
                found.push(format!("the path {path}"));
            }
            let needle = secret.as_bytes();
            if bytes.windows(needle.len()).any(|w| w == needle) {
                found.push(format!("{path} holds {secret:?}"));
            }
        }
    }
    found
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
    let changed = ACQUIRE
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
        "---\ntitle: Quokka added in secret\nperiod: 2026-Q4\nteam: company\nvisibility: private\nkey_results:\n  - title: Quokka added count\n    target: 3\n---\n",
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
