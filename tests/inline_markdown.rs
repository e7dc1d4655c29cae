//! Issue 12, inline Markdown: code spans, links and emphasis in titles,
//! `measured_by`, check-in notes and blockers, initiative titles and a
//! grade's `learned` are rendered on the pages, safely (raw HTML is text,
//! unsafe links lose their link, blocks never make block HTML); where only
//! text may go (`<title>`, attributes, the search index, the feed) the
//! Markdown is taken out; `okrs.json` keeps the text as written.

mod common;

use common::handbook::{Handbook, Run};
use common::okrs::objective;
use okrbook::internals::{inline_html, inline_plain, is_safe_url};
use proptest::prelude::*;

const AS_OF: &str = "2026-11-15";
const PAGE: &str = "ipld/2026-Q4/codecs.html";

const BOOK: &str = "[book]\ntitle = \"Inline\"\n";
const IPLD: &str = "---\ntype: team\nname: IPLD\n---\nWe build IPLD.\n";

/// Every field that takes inline Markdown, each with code, a link, emphasis,
/// a `javascript:` link and raw HTML.
const CODECS: &str = r#"---
title: '`go-ipld-prime` is *fast* with [codecs](https://ipld.io/codecs) and [x](javascript:alert(1)) <script>alert(2)</script>'
period: 2026-Q4
team: ipld
owner: Ada
key_results:
  - title: 'JSON codec follows the [draft schema](https://ipld.io/schema) <img src=x onerror=alert(3)>'
    baseline: 0
    target: 10
    measured_by: 'The `conformance` suite, **nightly**, see [CI](https://ci.ipld.io) and [y](JavaScript:alert(4))'
    checkins:
      - date: 2026-10-10
        value: 4
        note: 'Ported `dag-json`; *most* vectors pass, [log](https://ci.ipld.io/1) <script>alert(5)</script>'
        blockers: 'Waiting on ~~the old~~ `multicodec` table, [z](javascript:alert(6)) <b onmouseover=alert(7)>x</b>'
initiatives:
  - title: 'Rewrite the `dag-cbor` *encoder*'
    status: in_progress
---
Why.
"#;

fn build() -> Run {
    let built = Handbook::new()
        .config(BOOK)
        .file("content/teams/ipld.md", IPLD)
        .file("content/ipld/2026-Q4/codecs.md", CODECS)
        .build_as_of(AS_OF);
    built.assert_success();
    built
}

/// Nothing the handbook wrote as raw HTML or a `javascript:` URL made it
/// into the page as markup.
#[track_caller]
fn assert_no_injection(text: &str) {
    for bad in [
        "<script>alert",
        "<img src=x",
        "onerror",
        "<b onmouseover",
        "javascript:",
        "JavaScript:",
    ] {
        assert!(!text.contains(bad), "{bad:?} in:\n{text}");
    }
}

#[test]
fn titles_notes_and_measures_render_their_inline_markdown() {
    let built = build();
    let main = built.main_of(PAGE);
    // The objective's title.
    assert!(
        main.contains("<h1><code>go-ipld-prime</code> is <em>fast</em> with <a href=\"https://ipld.io/codecs\">codecs</a> and x &lt;script&gt;alert(2)&lt;/script&gt;</h1>"),
        "{main}"
    );
    // The key result's title, its measure, a note and blockers.
    assert!(
        main.contains("JSON codec follows the <a href=\"https://ipld.io/schema\">draft schema</a> &lt;img src=x onerror=alert(3)&gt;</h3>"),
        "{main}"
    );
    assert!(
        main.contains("The <code>conformance</code> suite, <strong>nightly</strong>, see <a href=\"https://ci.ipld.io\">CI</a> and y</dd>"),
        "{main}"
    );
    assert!(
        main.contains("Ported <code>dag-json</code>; <em>most</em> vectors pass, <a href=\"https://ci.ipld.io/1\">log</a> &lt;script&gt;"),
        "{main}"
    );
    assert!(
        main.contains("Waiting on <del>the old</del> <code>multicodec</code> table, z &lt;b onmouseover=alert(7)&gt;x&lt;/b&gt;"),
        "{main}"
    );
    assert!(
        main.contains("Rewrite the <code>dag-cbor</code> <em>encoder</em>"),
        "{main}"
    );
    // The raw HTML is text, escaped: never a tag, never a handler.
    assert!(!main.contains("onerror=alert(3)>"), "{main}");
    for page in [
        "index.html",
        PAGE,
        "teams/ipld.html",
        "people/ada.html",
        "periods/2026-Q4.html",
        "cascade/2026-Q4.html",
    ] {
        let text = built.file(page);
        assert!(!text.contains("<script>alert"), "{page}:\n{text}");
        assert!(!text.contains("javascript:"), "{page}:\n{text}");
        assert!(!text.contains("JavaScript:"), "{page}:\n{text}");
        assert!(!text.contains("<b onmouseover"), "{page}:\n{text}");
        built.assert_markup_safe(page);
    }
}

#[test]
fn cards_render_titles_without_nesting_links() {
    let built = build();
    let home = built.main_of("index.html");
    // The card's title is a link: its own link is shown as text inside it.
    assert!(
        home.contains("<code>go-ipld-prime</code> is <em>fast</em> with codecs and x"),
        "{home}"
    );
    assert!(!home.contains("href=\"https://ipld.io/codecs\""), "{home}");
    assert_no_injection(&home);
}

#[test]
fn text_only_places_get_the_plain_text() {
    let built = build();
    let page = built.file(PAGE);
    let title = "go-ipld-prime is fast with codecs and x &lt;script&gt;alert(2)&lt;/script&gt;";
    assert!(
        page.contains(&format!("<title>{title} · Inline</title>")),
        "{page}"
    );
    // The check-ins table's caption names the key result in plain text.
    assert!(
        page.contains("Check-ins of JSON codec follows the draft schema &lt;img"),
        "{page}"
    );
    // The search index.
    let index = built.file("search-index.js");
    assert!(
        index.contains("\"go-ipld-prime is fast with codecs and x <script>alert(2)</script>\""),
        "{index}"
    );
    assert!(
        index.contains("\"JSON codec follows the draft schema <img src=x onerror=alert(3)>\""),
        "{index}"
    );
    assert!(
        index.contains("The conformance suite, nightly, see CI and y"),
        "{index}"
    );
    // The feed's entry: title and summary.
    let feed = built.file("feed.xml");
    assert!(
        feed.contains("go-ipld-prime is fast with codecs and x &lt;script&gt;"),
        "{feed}"
    );
    assert!(!feed.contains("`go-ipld-prime`"), "{feed}");
    assert!(
        feed.contains("Ported dag-json; most vectors pass, log"),
        "{feed}"
    );
    assert!(!feed.contains("javascript:"), "{feed}");
}

#[test]
fn okrs_json_keeps_the_text_as_written() {
    let built = build();
    let json = built.json("okrs.json");
    let codecs = objective(&json, "ipld/2026-Q4/codecs");
    assert_eq!(
        codecs["title"],
        "`go-ipld-prime` is *fast* with [codecs](https://ipld.io/codecs) and [x](javascript:alert(1)) <script>alert(2)</script>"
    );
    let kr = &codecs["key_results"][0];
    assert_eq!(
        kr["title"],
        "JSON codec follows the [draft schema](https://ipld.io/schema) <img src=x onerror=alert(3)>"
    );
}

/// Pieces of Markdown, HTML and URLs that short texts are made of, for the
/// property below: joined at random, with arbitrary text among them.
const PIECES: &[&str] = &[
    "`",
    "``",
    "*",
    "_",
    "**",
    "__",
    "~~",
    "[",
    "]",
    "](",
    ")",
    "![",
    "<",
    ">",
    "&",
    "\"",
    "'",
    "\\",
    "\n",
    "\n\n",
    "  \n",
    "# ",
    "## ",
    "- ",
    "* ",
    "1. ",
    "> ",
    "    ",
    "```",
    "---",
    "|",
    "[^1]",
    "[^1]: x",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<p>",
    "<h1>",
    "<div>",
    "<a href=\"javascript:x\">",
    "<!--",
    "-->",
    "javascript:alert(1)",
    "JaVaScRiPt:",
    "data:text/html,x",
    "https://x.org/a?b=1&c=2",
    "mailto:a@b.c",
    "other.md",
    "word",
    " ",
    "x",
    "&amp;",
    "&#60;",
    "- [x] ",
    "<https://x.org>",
    "<javascript:x>",
];

fn short_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..24,
    )
    .prop_map(|pieces| pieces.concat())
}

/// The tags `inline_html` may write, and nothing else.
const ALLOWED_TAGS: &[&str] = &[
    "<code>",
    "</code>",
    "<em>",
    "</em>",
    "<strong>",
    "</strong>",
    "<del>",
    "</del>",
    "</a>",
];

/// `&lt;` and the others back to characters.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    })]

    /// Whatever the text, the inline renderer writes only its own inline
    /// tags, properly nested, and links only to safe URLs; taking its tags
    /// out gives the plain text.
    #[test]
    fn the_inline_renderer_writes_only_safe_inline_html(text in short_text()) {
        for links in [true, false] {
            let html = inline_html(&text, links);
            let mut open: Vec<&str> = Vec::new();
            let mut stripped = String::new();
            let mut rest = html.as_str();
            while let Some(at) = rest.find('<') {
                stripped.push_str(&rest[..at]);
                rest = &rest[at..];
                let end = rest.find('>').map(|e| e + 1);
                prop_assert!(end.is_some(), "an unclosed tag in {html:?} from {text:?}");
                let tag = &rest[..end.unwrap_or(0)];
                if let Some(href) = tag.strip_prefix("<a href=\"").and_then(|t| t.strip_suffix("\">")) {
                    prop_assert!(links, "a link with links=false: {html:?} from {text:?}");
                    prop_assert!(!href.contains('"') && !href.contains('<'), "{html:?}");
                    let url = unescape(href);
                    prop_assert!(is_safe_url(&url) && !url.trim().is_empty(), "unsafe {url:?} in {html:?} from {text:?}");
                    open.push("a");
                } else {
                    prop_assert!(ALLOWED_TAGS.contains(&tag), "{tag:?} in {html:?} from {text:?}");
                    let name = tag.trim_matches(['<', '>', '/']);
                    if tag.starts_with("</") {
                        prop_assert_eq!(open.pop(), Some(name), "{} in {:?} from {:?}", tag, html, text);
                    } else {
                        open.push(name);
                    }
                }
                rest = &rest[tag.len()..];
            }
            stripped.push_str(rest);
            prop_assert!(open.is_empty(), "unclosed {open:?} in {html:?} from {text:?}");
            prop_assert!(!stripped.contains('>') && !stripped.contains('"'), "{html:?}");
            prop_assert_eq!(unescape(&stripped), inline_plain(&text), "from {:?}", text);
        }
    }
}
