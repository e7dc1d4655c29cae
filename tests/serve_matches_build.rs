//! `okrbook serve` shows what `okrbook build` publishes: for the demo
//! handbook (the repository's root) and the `linked` fixture, every file a
//! build writes is fetched over HTTP from a server started with the same
//! as-of date and flags, and must be the same bytes, apart from the
//! live-reload script serve adds to HTML pages (taken out exactly, by
//! `common::serve::strip_live_reload`).
//!
//! Two differences are by design and asserted as they are: the build
//! folder's stamp (`.okrbook-site`) marks a folder and is not a page, so it
//! is not served; and serve previews the site at its own root, as mdBook's
//! and Zola's servers do, so it publishes at `/` whatever `site-url`
//! book.toml gives: it matches a build with `--site-url /`, and for a
//! handbook published elsewhere the files with absolute URLs (404.html,
//! feed.xml, okrs.json) say `/` where the build says its `site-url`.

mod common;

use common::serve::{strip_live_reload, Served};
use common::{build_ok, copy_fixture, repo_root, snapshot, temp};
use std::path::Path;

/// What a comparison found, one line per file.
#[derive(Debug, Default)]
struct Differences {
    /// Built but not served (404 or another status).
    missing: Vec<String>,
    /// Served with other bytes.
    changed: Vec<String>,
}

/// Percent-encodes a relative path for a request line, segment by segment.
fn url_path(rel: &str) -> String {
    let mut url = String::from("/");
    for (i, segment) in rel.split('/').enumerate() {
        if i > 0 {
            url.push('/');
        }
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                url.push(byte as char);
            } else {
                url.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    url
}

/// The first line where two texts differ, for the report.
fn first_difference(built: &[u8], served: &[u8]) -> String {
    let built = String::from_utf8_lossy(built);
    let served = String::from_utf8_lossy(served);
    for (n, (b, s)) in built.lines().zip(served.lines()).enumerate() {
        if b != s {
            return format!("line {}: built {b:?}, served {s:?}", n + 1);
        }
    }
    format!(
        "{} lines built, {} served",
        built.lines().count(),
        served.lines().count()
    )
}

/// The stamp `okrbook build` leaves in a build folder (src/write.rs,
/// `STAMP_FILE`) so that a later build may replace the folder: a mark of
/// the folder, not a page of the site, and serve has no folder to mark.
const STAMP: &str = ".okrbook-site";

/// Builds `root` as of `as_of` with `build_extra`, serves it as of `as_of`,
/// and compares every built file with what is served.
fn compare(root: &Path, as_of: &str, build_extra: &[&str]) -> (usize, Differences) {
    let out = temp();
    let dest = out.path().join("site");
    build_ok(root, &dest, as_of, build_extra);
    let built = snapshot(&dest);
    let served = Served::start(root, &["--as-of", as_of]);
    let mut found = Differences::default();
    for (rel, bytes) in &built {
        let response = served.get(&url_path(rel));
        if response.status != 200 {
            found.missing.push(format!("{rel}: {}", response.status));
            continue;
        }
        let body = if response.content_type.starts_with("text/html") {
            strip_live_reload(&response.bytes)
        } else {
            response.bytes.clone()
        };
        if &body != bytes {
            found
                .changed
                .push(format!("{rel}: {}", first_difference(bytes, &body)));
        }
    }
    (built.len(), found)
}

/// The file names of `changed`, without the reasons.
fn names(lines: &[String]) -> Vec<&str> {
    lines
        .iter()
        .map(|line| line.split(": ").next().unwrap_or_default())
        .collect()
}

#[test]
fn the_demo_handbook_is_served_as_built() {
    // The demo's book.toml says `site-url = "/"`, which is where serve publishes.
    let (count, found) = compare(&repo_root(), "2026-11-21", &[]);
    assert!(count > 50, "the demo has its pages: {count}");
    assert_eq!(
        found.missing,
        [format!("{STAMP}: 404")],
        "every built file but the stamp is served"
    );
    assert!(found.changed.is_empty(), "{found:#?}");
}

#[test]
fn the_linked_fixture_is_served_as_built_at_the_root() {
    let (_tmp, root) = copy_fixture("linked");
    // serve publishes at `/` whatever `site-url` says (src/serve.rs passes
    // "/" to `okrbook::rebuild`), so it matches a build with `--site-url /`…
    let (count, found) = compare(&root, "2026-11-15", &["--site-url", "/"]);
    assert!(count > 20, "{count}");
    assert_eq!(found.missing, [format!("{STAMP}: 404")], "{found:#?}");
    assert!(found.changed.is_empty(), "{found:#?}");

    // …and, for this fixture's `site-url = "/okrs/"`, not the build its
    // book.toml describes: a preview at the server's root must link to the
    // server, so only the files that hold absolute URLs differ, by that URL.
    let (_, found) = compare(&root, "2026-11-15", &[]);
    assert_eq!(found.missing, [format!("{STAMP}: 404")], "{found:#?}");
    assert_eq!(
        names(&found.changed),
        ["404.html", "feed.xml", "okrs.json"],
        "{found:#?}"
    );
    assert!(
        found.changed.iter().all(|line| line.contains("/okrs/")),
        "only the site URL differs: {found:#?}"
    );
}

#[test]
fn the_stripper_takes_out_the_live_reload_script_and_nothing_else() {
    let script = "<script>(function () {\n  var loaded = 7;\n  var source = new EventSource(\"/__okrbook/events\");\n})();</script>";
    let served = format!("<html><body><p>x</p>{script}</body></html>");
    assert_eq!(
        strip_live_reload(served.as_bytes()),
        b"<html><body><p>x</p></body></html>"
    );
    // Anything else before </body> is left, so the comparison sees it.
    let with_overlay = format!("<body><div id=\"okrbook-overlay\">e</div>{script}</body>");
    assert_eq!(
        strip_live_reload(with_overlay.as_bytes()),
        b"<body><div id=\"okrbook-overlay\">e</div></body>"
    );
}

#[test]
#[should_panic(expected = "no live-reload script")]
fn a_page_without_the_script_is_not_silently_accepted() {
    strip_live_reload(b"<html><body><p>x</p></body></html>");
}
