//! Inline Markdown in the short texts of a handbook: objective, key result
//! and initiative titles, `measured_by`, check-in notes and blockers, and a
//! grade's `learned`. A leaf: it imports nothing from the crate but `url`.
//!
//! [`to_html`] renders code spans, links, emphasis, strong emphasis and
//! strikethrough, and nothing else: the HTML it writes is its own, every
//! piece of text escaped. Raw HTML is shown as text, never passed through; a
//! link whose URL is not [`is_safe_url`] is shown as its text alone; block
//! constructs (headings, lists, paragraphs, quotes, code blocks) give only
//! their text, and an image its alt text. [`plain`] is the same text with
//! the Markdown taken out, for where only text may go: `<title>`, attributes,
//! the search index, the feed, chart labels.
//!
//! The theme's templates reach both as the Tera filters `inline` and `plain`
//! (registered in `theme`).

use crate::url::is_safe_url;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Only strikethrough beyond CommonMark: no tables, footnotes, smart
/// punctuation (a title's quotes stay as written).
fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH
}

/// The inline Markdown of `text` as HTML (see the module's documentation).
/// With `links` false, links are shown as their text: for a text that is
/// itself inside a link, such as an objective's title on a card.
pub fn to_html(text: &str, links: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    walk(text, |piece| match piece {
        Piece::Text(t) => escape_into(&mut out, t),
        Piece::Code(t) => {
            out.push_str("<code>");
            escape_into(&mut out, t);
            out.push_str("</code>");
        }
        Piece::Open(Mark::Emphasis) => out.push_str("<em>"),
        Piece::Close(Mark::Emphasis) => out.push_str("</em>"),
        Piece::Open(Mark::Strong) => out.push_str("<strong>"),
        Piece::Close(Mark::Strong) => out.push_str("</strong>"),
        Piece::Open(Mark::Strikethrough) => out.push_str("<del>"),
        Piece::Close(Mark::Strikethrough) => out.push_str("</del>"),
        Piece::Open(Mark::Link(url)) if links => {
            out.push_str("<a href=\"");
            escape_into(&mut out, url);
            out.push_str("\">");
        }
        Piece::Close(Mark::Link(_)) if links => out.push_str("</a>"),
        Piece::Open(Mark::Link(_)) | Piece::Close(Mark::Link(_)) => {}
    });
    out
}

/// The text of `text` with its Markdown taken out: `` `x` `` → `x`,
/// `[a](u)` → `a`, `*a*` → `a`; raw HTML stays as written (it is text).
/// Not escaped: whoever writes it out escapes it.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    walk(text, |piece| {
        if let Piece::Text(t) | Piece::Code(t) = piece {
            out.push_str(t)
        }
    });
    out
}

/// A piece of inline text, as the walk hands it out.
enum Piece<'t> {
    /// Text to show as it is (escaped as HTML).
    Text(&'t str),
    Code(&'t str),
    Open(Mark<'t>),
    Close(Mark<'t>),
}

enum Mark<'t> {
    Emphasis,
    Strong,
    Strikethrough,
    /// A link with a safe URL.
    Link(&'t str),
}

/// Where the walk is: whether a space is owed before the next text (set at
/// a block's or line's end, paid only when more text follows) and whether
/// any text came yet.
#[derive(Default)]
struct Spacing {
    owed: bool,
    started: bool,
}

impl Spacing {
    /// Pays an owed space before something shown.
    fn pay(&mut self, each: &mut impl FnMut(Piece)) {
        if self.owed && self.started {
            each(Piece::Text(" "));
        }
        self.owed = false;
    }

    fn text(&mut self, t: &str, code: bool, each: &mut impl FnMut(Piece)) {
        let t = if self.started && !self.owed {
            t
        } else {
            t.trim_start()
        };
        if t.is_empty() {
            return;
        }
        self.pay(each);
        self.started = true;
        each(if code { Piece::Code(t) } else { Piece::Text(t) });
    }

    fn open(&mut self, mark: Mark, each: &mut impl FnMut(Piece)) {
        self.pay(each);
        each(Piece::Open(mark));
    }
}

/// Parses `text` as Markdown and hands out its inline pieces in order:
/// blocks become the space between their texts, leading and trailing
/// whitespace is dropped, runs of whitespace between blocks are one space.
fn walk(text: &str, mut each: impl FnMut(Piece)) {
    let mut at = Spacing::default();
    // Per open link: its URL when it is safe, so its end matches its start.
    let mut links: Vec<Option<String>> = Vec::new();
    // Inside an image: its alt text is shown, its markup never.
    let mut image_depth = 0usize;
    // Ordered lists' next numbers, innermost last; `None` for bullets.
    let mut lists: Vec<Option<u64>> = Vec::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) => at.text(&t, false, &mut each),
            Event::Code(t) => at.text(&t, true, &mut each),
            // Raw HTML is text: escaped by `to_html`, kept by `plain`.
            Event::Html(t) | Event::InlineHtml(t) => {
                let trimmed = t.trim_end_matches(['\n', '\r']);
                at.text(trimmed, false, &mut each);
                if trimmed.len() != t.len() {
                    at.owed = true;
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => at.owed = true,
            Event::FootnoteReference(name) => at.text(&format!("[^{name}]"), false, &mut each),
            Event::TaskListMarker(done) => {
                at.text(if done { "[x]" } else { "[ ]" }, false, &mut each);
                at.owed = true;
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => at.text(&t, false, &mut each),
            Event::Start(tag) => match tag {
                Tag::Image { .. } => image_depth += 1,
                // An image's alt text is shown without its markup.
                _ if image_depth > 0 => {}
                Tag::Emphasis => at.open(Mark::Emphasis, &mut each),
                Tag::Strong => at.open(Mark::Strong, &mut each),
                Tag::Strikethrough => at.open(Mark::Strikethrough, &mut each),
                Tag::Link { dest_url, .. } => {
                    if !dest_url.trim().is_empty() && is_safe_url(&dest_url) {
                        at.open(Mark::Link(&dest_url), &mut each);
                        links.push(Some(dest_url.to_string()));
                    } else {
                        links.push(None);
                    }
                }
                Tag::List(first) => {
                    at.owed = true;
                    lists.push(first);
                }
                Tag::Item => {
                    at.owed = true;
                    if let Some(Some(number)) = lists.last_mut() {
                        let marker = format!("{number}.");
                        *number = number.saturating_add(1);
                        at.text(&marker, false, &mut each);
                        at.owed = true;
                    }
                }
                _ => at.owed = true,
            },
            Event::End(end) => match end {
                TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                _ if image_depth > 0 => {}
                TagEnd::Emphasis => each(Piece::Close(Mark::Emphasis)),
                TagEnd::Strong => each(Piece::Close(Mark::Strong)),
                TagEnd::Strikethrough => each(Piece::Close(Mark::Strikethrough)),
                TagEnd::Link => {
                    if let Some(Some(url)) = links.pop() {
                        each(Piece::Close(Mark::Link(&url)));
                    }
                }
                TagEnd::List(_) => {
                    lists.pop();
                    at.owed = true;
                }
                _ => at.owed = true,
            },
        }
    }
}

/// Escapes text for HTML element content and quoted attribute values,
/// appending it to `out`. Tera's own escaper also encodes `/`, which makes
/// every URL unreadable.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_code_links_emphasis_and_strikethrough() {
        assert_eq!(
            to_html(
                "`go-ipld-prime` is *fast*, **very**, ~~slow~~: see [the schema](https://x.org/a?b=1&c=2)",
                true
            ),
            "<code>go-ipld-prime</code> is <em>fast</em>, <strong>very</strong>, <del>slow</del>: \
             see <a href=\"https://x.org/a?b=1&amp;c=2\">the schema</a>"
        );
        assert_eq!(
            to_html("see [the schema](https://x.org)", false),
            "see the schema"
        );
    }

    #[test]
    fn raw_html_and_unsafe_links_are_text() {
        let html = to_html(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [a](javascript:alert(3)) [b](JaVaScRiPt:x) ![alt *text*](https://x.org/i.png)",
            true,
        );
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(!html.contains("href"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.ends_with(" a b alt text"), "{html}");
        // A line that starts an HTML block is text as a whole.
        assert_eq!(
            to_html("<script>alert(1)</script> *x*", true),
            "&lt;script&gt;alert(1)&lt;/script&gt; *x*"
        );
    }

    #[test]
    fn blocks_give_their_text_inline() {
        assert_eq!(to_html("# Grow *revenue*", true), "Grow <em>revenue</em>");
        assert_eq!(to_html("1. Grow\n2. Keep", true), "1. Grow 2. Keep");
        assert_eq!(to_html("- a\n- b", true), "a b");
        assert_eq!(to_html("one\n\n> two\n\n    three", true), "one two three");
        assert_eq!(
            to_html("line one\nline two  \nthree", true),
            "line one line two three"
        );
        assert_eq!(to_html("  spaced  ", true), "spaced");
        assert_eq!(to_html("", true), "");
    }

    #[test]
    fn plain_text_has_the_markdown_taken_out() {
        assert_eq!(
            plain("`go-ipld-prime` is *fast*: see [the schema](https://x.org) <b>x</b>"),
            "go-ipld-prime is fast: see the schema <b>x</b>"
        );
        assert_eq!(
            plain("Ship v2 \"now\" -- 'really'"),
            "Ship v2 \"now\" -- 'really'"
        );
        assert_eq!(plain("a_b_c and 2 * 3 * 4"), "a_b_c and 2 * 3 * 4");
    }
}
