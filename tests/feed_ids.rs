//! The feed's ids: `urn:uuid:` ids (UUID version 5) that a feed reader can
//! keep for good. They do not change with `site-url` (a handbook moved to
//! another host is the same feed), nor with the title when `[book] id` is
//! set, nor as later check-ins arrive; and they are valid URIs for the W3C
//! feed validator, as its dates are RFC 3339.

mod common;

use common::handbook::{Handbook, Run};
use common::html::{assert_well_formed, texts};

const LINKED_TOML: &str = "[book]
title = \"Linked Fixture OKRs\"
description = \"A small handbook whose pages link every way.\"

[output.html]
site-url = \"/okrs/\"
edit-url-template = \"https://example.com/edit/main/{path}\"
";

fn build(toml: &str, as_of: &str, extra: &[&str]) -> Run {
    let run = Handbook::fixture("linked")
        .file("book.toml", toml)
        .build_with(as_of, extra);
    run.assert_success();
    run
}

/// Every `<id>` of the feed, its own first.
fn ids(run: &Run) -> Vec<String> {
    let feed = run.file("feed.xml");
    assert_well_formed(&feed);
    texts(&feed, "id").into_iter().map(str::to_string).collect()
}

/// Each entry's link and id.
fn entry_ids(run: &Run) -> Vec<(String, String)> {
    let feed = run.file("feed.xml");
    texts(&feed, "entry")
        .into_iter()
        .map(|entry| {
            let at = entry.find("href=\"").expect("a link") + 6;
            let end = at + entry[at..].find('"').expect("closed");
            (
                entry[at..end].to_string(),
                texts(entry, "id")[0].to_string(),
            )
        })
        .collect()
}

/// `urn:uuid:` and a version 5 UUID in lowercase hex.
fn is_uuid_v5_urn(id: &str) -> bool {
    let Some(uuid) = id.strip_prefix("urn:uuid:") else {
        return false;
    };
    let groups: Vec<&str> = uuid.split('-').collect();
    groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && uuid
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
        && groups[2].starts_with('5')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

#[test]
fn feed_and_entry_ids_do_not_change_with_site_url() {
    let under_okrs = build(LINKED_TOML, "2026-11-15", &[]);
    let root = build(LINKED_TOML, "2026-11-15", &["--site-url", "/"]);
    let absolute = build(
        LINKED_TOML,
        "2026-11-15",
        &["--site-url", "https://okrs.acme.example/"],
    );
    let ids_under_okrs = ids(&under_okrs);
    assert!(ids_under_okrs.len() > 3, "{ids_under_okrs:?}");
    assert_eq!(ids(&root), ids_under_okrs);
    assert_eq!(ids(&absolute), ids_under_okrs);
    // The links did move: the ids are all that stayed.
    assert!(absolute
        .file("feed.xml")
        .contains("href=\"https://okrs.acme.example/feed.xml\""));
    assert!(under_okrs
        .file("feed.xml")
        .contains("href=\"/okrs/feed.xml\""));
}

#[test]
fn ids_are_version_5_uuid_urns_each_its_own() {
    let run = build(
        LINKED_TOML,
        "2026-11-15",
        &["--site-url", "https://acme.example/"],
    );
    let ids = ids(&run);
    for id in &ids {
        assert!(is_uuid_v5_urn(id), "{id} is not a urn:uuid: of version 5");
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    // No trace of the site's address, the old `urn:okrbook:` URNs or the title.
    let feed = run.file("feed.xml");
    for id in texts(&feed, "id") {
        assert!(!id.contains("acme") && !id.contains("okrbook:"), "{id}");
    }
}

#[test]
fn dates_are_rfc_3339() {
    let run = build(LINKED_TOML, "2026-11-15", &[]);
    let feed = run.file("feed.xml");
    let dates = texts(&feed, "updated");
    assert!(dates.len() > 3);
    for date in dates {
        let b = date.as_bytes();
        let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
        assert!(
            b.len() == 20
                && digits(0..4)
                && b[4] == b'-'
                && digits(5..7)
                && b[7] == b'-'
                && digits(8..10)
                && b[10] == b'T'
                && digits(11..13)
                && b[13] == b':'
                && digits(14..16)
                && b[16] == b':'
                && digits(17..19)
                && b[19] == b'Z',
            "{date} is not an RFC 3339 date-time in UTC"
        );
    }
}

#[test]
fn an_entry_keeps_its_id_as_later_check_ins_arrive() {
    let earlier = entry_ids(&build(LINKED_TOML, "2026-10-12", &[]));
    let later = entry_ids(&build(LINKED_TOML, "2026-11-15", &[]));
    assert!(later.len() > earlier.len(), "{earlier:?} {later:?}");
    for entry in &earlier {
        assert!(later.contains(entry), "{entry:?} changed: {later:?}");
    }
}

#[test]
fn with_a_book_id_renaming_the_handbook_keeps_the_ids() {
    let with_id = LINKED_TOML.replace("[book]\n", "[book]\nid = \"linked-fixture\"\n");
    let renamed = with_id.replace("title = \"Linked Fixture OKRs\"", "title = \"Web OKRs\"");
    let before = ids(&build(&with_id, "2026-11-15", &[]));
    assert_eq!(ids(&build(&renamed, "2026-11-15", &[])), before);

    // Without `id`, the title names the handbook: two handbooks with the
    // same paths still get different ids.
    let untitled = ids(&build(LINKED_TOML, "2026-11-15", &[]));
    let retitled = ids(&build(
        &LINKED_TOML.replace("Linked Fixture OKRs", "Web OKRs"),
        "2026-11-15",
        &[],
    ));
    assert_ne!(untitled, retitled);
    assert!(untitled.iter().all(|id| !retitled.contains(id)));
    // And another `id` is another feed.
    let other = ids(&build(
        &with_id.replace("linked-fixture", "other"),
        "2026-11-15",
        &[],
    ));
    assert!(before.iter().all(|id| !other.contains(id)));
}

#[test]
fn an_empty_book_id_is_an_error() {
    let run = Handbook::fixture("linked")
        .file(
            "book.toml",
            LINKED_TOML.replace("[book]\n", "[book]\nid = \"  \"\n"),
        )
        .build_as_of("2026-11-15");
    run.assert_error("bad-config")
        .assert_stderr_contains("`id` is empty");
}
