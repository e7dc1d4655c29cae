//! Markdown bodies to HTML, with relative links to `.md` files rewritten to
//! `.html` and headings moved one level down below the page's own title.
//!
//! Bodies are untrusted text: raw HTML in them is sanitized with ammonia
//! (tags, attributes and URL schemes on an allow-list), unless the handbook
//! sets `[output.html] allow-raw-html = true`. Whatever that setting, a
//! Markdown link or image whose URL has a scheme other than http, https or
//! mailto is neutralised.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

pub use crate::url::{is_safe_url, SAFE_SCHEMES};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Footnote ids are given this prefix, and an `id` without it is dropped, so
/// that a body cannot give its elements ids the page's own markup or scripts use.
const FOOTNOTE_ID_PREFIX: &str = "fn-";

/// Renders a body, sanitizing any raw HTML in it. Headings are demoted by one
/// level (`#` becomes `<h2>`), because the page's title is its only `<h1>`.
#[cfg(test)]
pub fn to_html(markdown: &str) -> String {
    to_html_with(markdown, false)
}

/// Renders a body, its headings demoted by one level (`#` becomes `<h2>`,
/// because the page's title is its only `<h1>`). Raw HTML is sanitized, unless
/// `allow_raw_html` (`[output.html] allow-raw-html = true`) passes it through
/// as written.
pub fn to_html_with(markdown: &str, allow_raw_html: bool) -> String {
    let (out, seen) = render(markdown, false);
    // Without raw HTML, every tag is pulldown-cmark's own and every text and
    // attribute is escaped: only raw HTML needs the (much slower) sanitizer.
    if allow_raw_html || !seen.raw_html {
        return out;
    }
    if seen.max_depth > MAX_SANITIZED_DEPTH {
        // Parsing HTML takes time that grows with its depth times its
        // length: 40,000 nested `<div>`s took seconds, twice as many four
        // times longer. Such a body gets its raw HTML shown as text.
        return render(markdown, true).0;
    }
    sanitizer().clean(&out).to_string()
}

/// How deep elements may nest in a body whose raw HTML is sanitized;
/// deeper, the raw HTML is escaped instead. Markdown's own nesting (lists,
/// quotes) counts too.
const MAX_SANITIZED_DEPTH: usize = 100;

/// What rendering saw of a body.
#[derive(Default)]
struct Seen {
    raw_html: bool,
    /// How deep elements nest, roughly: Markdown's containers and the tags
    /// written in raw HTML.
    max_depth: usize,
}

/// Renders Markdown with links rewritten and neutralised, headings demoted
/// and footnote ids prefixed; with `escape_raw_html`, raw HTML is text.
fn render(markdown: &str, escape_raw_html: bool) -> (String, Seen) {
    let seen = std::cell::RefCell::new(Seen::default());
    let depth = std::cell::Cell::new(0usize);
    let nest = |change: isize| {
        let now = depth.get().saturating_add_signed(change);
        depth.set(now);
        let mut seen = seen.borrow_mut();
        seen.max_depth = seen.max_depth.max(now);
    };
    let parser = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) if escape_raw_html => Event::Text(text),
        Event::Html(_) | Event::InlineHtml(_) => {
            seen.borrow_mut().raw_html = true;
            if let Event::Html(text) | Event::InlineHtml(text) = &event {
                tag_nesting(text, nest);
            }
            event
        }
        Event::End(end) => {
            nest(-1);
            match end {
                TagEnd::Heading(level) => Event::End(TagEnd::Heading(demote(level))),
                other => Event::End(other),
            }
        }
        Event::Start(tag) => {
            nest(1);
            Event::Start(match tag {
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                } => Tag::Link {
                    link_type,
                    dest_url: neutralise(rewrite_link(dest_url)),
                    title,
                    id,
                },
                Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                } => Tag::Image {
                    link_type,
                    dest_url: neutralise(dest_url),
                    title,
                    id,
                },
                Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                } => Tag::Heading {
                    level: demote(level),
                    id,
                    classes,
                    attrs,
                },
                Tag::FootnoteDefinition(name) => {
                    Tag::FootnoteDefinition(format!("{FOOTNOTE_ID_PREFIX}{name}").into())
                }
                other => other,
            })
        }
        Event::FootnoteReference(name) => {
            Event::FootnoteReference(format!("{FOOTNOTE_ID_PREFIX}{name}").into())
        }
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    (out, seen.into_inner())
}

/// Elements that never have content, so never nest.
const VOID_ELEMENTS: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Calls `each` with +1 for each start tag and -1 for each end tag in a
/// piece of raw HTML, in order (void elements and `/>` do not nest). One pass.
fn tag_nesting(html: &str, mut each: impl FnMut(isize)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        let closing = bytes.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
            i += 1;
        }
        if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        if closing {
            each(-1);
            continue;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        // To the end of the tag, or to the next tag when it is never closed.
        let mut self_closing = false;
        while i < bytes.len() && bytes[i] != b'>' && bytes[i] != b'<' {
            self_closing = bytes[i] == b'/';
            i += 1;
        }
        if !self_closing && !VOID_ELEMENTS.contains(&name.as_str()) {
            each(1);
        }
    }
}

/// A link or image URL with an unsafe scheme becomes `#`.
fn neutralise(dest: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&dest) {
        dest
    } else {
        CowStr::Borrowed("#")
    }
}

/// The sanitizer for rendered bodies: ammonia's defaults (no scripts, styles,
/// event handlers, forms or frames; comments dropped), plus what Markdown
/// itself produces: task-list checkboxes, table cell alignment, footnotes and
/// code-block languages; URLs limited to [`SAFE_SCHEMES`] and relative ones.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags(["input"])
            .add_tag_attributes("input", ["checked"])
            .set_tag_attribute_value("input", "type", "checkbox")
            .set_tag_attribute_value("input", "disabled", "")
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("div", ["class", "id"])
            .url_schemes(HashSet::from(SAFE_SCHEMES))
            .link_rel(None)
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                (_, "id") => value
                    .starts_with(FOOTNOTE_ID_PREFIX)
                    .then_some(Cow::Borrowed(value)),
                (_, "class") => {
                    let allowed: &[&str] = match element {
                        "sup" => &["footnote-reference", "footnote-definition-label"],
                        "div" => &["footnote-definition"],
                        _ => &[],
                    };
                    let kept: Vec<&str> = value
                        .split_ascii_whitespace()
                        .filter(|class| {
                            allowed.contains(class)
                                || (element == "code" && is_language_class(class))
                        })
                        .collect();
                    (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
                }
                _ => Some(Cow::Borrowed(value)),
            });
        builder
    })
}

/// `language-rust`: the class pulldown-cmark gives a fenced code block.
fn is_language_class(class: &str) -> bool {
    class.strip_prefix("language-").is_some_and(|lang| {
        !lang.is_empty()
            && lang
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'))
    })
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// `other.md#part` → `other.html#part` for relative links; anything with a
/// scheme, an absolute path or only a fragment is left alone.
pub fn rewrite_link(dest: CowStr<'_>) -> CowStr<'_> {
    let is_relative = !dest.starts_with('/')
        && !dest.starts_with('#')
        && !dest.starts_with("//")
        && !dest
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .contains(':');
    if !is_relative {
        return dest;
    }
    let split_at = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(split_at);
    match path.strip_suffix(".md") {
        Some(stem) => CowStr::from(format!("{stem}.html{rest}")),
        None => dest,
    }
}

/// The plain text of a Markdown body, for descriptions and search.
pub fn plain_text(markdown: &str, limit: usize) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !text.ends_with(' ') => {
                text.push(' ')
            }
            _ => {}
        }
        if text.len() > limit {
            break;
        }
    }
    let trimmed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if trimmed.chars().count() > limit {
        let cut: String = trimmed.chars().take(limit).collect();
        format!("{}…", cut.trim_end())
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_relative_markdown_links_only() {
        let html = to_html(
            "[a](../guides/writing-okrs.md) [b](x.md#top) [c](https://x.org/a.md) [d](/abs.md) [e](#here) [f](img.png)",
        );
        assert!(html.contains(r#"href="../guides/writing-okrs.html""#));
        assert!(html.contains(r#"href="x.html#top""#));
        assert!(html.contains(r#"href="https://x.org/a.md""#));
        assert!(html.contains(r#"href="/abs.md""#));
        assert!(html.contains(r##"href="#here""##));
        assert!(html.contains(r#"href="img.png""#));
    }

    #[test]
    fn demotes_headings_and_renders_tables() {
        let html = to_html("# Why\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<h2>Why</h2>"));
        assert!(html.contains("<table>"));
    }

    #[test]
    fn raw_html_is_sanitized_and_markdown_kept() {
        let html = to_html(
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">a</a> <b>bold</b>\n\n| a |\n|--:|\n| 1 |\n\n- [x] done\n\nNote[^n].\n\n[^n]: Why.\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("<img src=\"x\">"), "{html}");
        assert!(html.contains("<b>bold</b>"), "{html}");
        assert!(
            html.contains("<td style=\"text-align:right\">1</td>"),
            "{html}"
        );
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(
            html.contains("href=\"#fn-n\"") && html.contains("id=\"fn-n\""),
            "{html}"
        );
    }

    #[test]
    fn markdown_links_with_unsafe_schemes_are_neutralised() {
        for raw in [false, true] {
            let html = to_html_with(
                "[a](javascript:alert(1)) ![b](data:text/html,x) <vbscript:msgbox(1)> [c](https://x.org) [d](mailto:a@b.c) [e](other.md)",
                raw,
            );
            assert!(!html.contains("href=\"javascript"), "{html}");
            assert!(!html.contains("src=\"data:"), "{html}");
            assert!(!html.contains("href=\"vbscript:"), "{html}");
            assert!(html.contains("href=\"https://x.org\""), "{html}");
            assert!(html.contains("href=\"mailto:a@b.c\""), "{html}");
            assert!(html.contains("href=\"other.html\""), "{html}");
        }
    }

    #[test]
    fn raw_html_passes_through_when_allowed() {
        let html = to_html_with("<kbd onclick=\"x()\">K</kbd>", true);
        assert!(html.contains("<kbd onclick=\"x()\">K</kbd>"), "{html}");
        // Without raw HTML the output is pulldown-cmark's own, untouched.
        assert_eq!(to_html("a  \nb"), "<p>a<br />\nb</p>\n");
    }

    #[test]
    fn deeply_nested_raw_html_is_escaped_not_parsed() {
        let deep = format!(
            "{}<script>alert(1)</script>x",
            "<div>".repeat(MAX_SANITIZED_DEPTH + 1)
        );
        let html = to_html(&deep);
        assert!(
            !html.contains("<div>") && !html.contains("<script"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
        // Up to the limit, it is sanitized as usual.
        let shallow = format!(
            "{}<script>alert(1)</script>x",
            "<div>".repeat(MAX_SANITIZED_DEPTH - 5)
        );
        let html = to_html(&shallow);
        assert!(html.contains("<div>") && !html.contains("script"), "{html}");
        // Void elements and `/>` do not nest.
        let mut changes = Vec::new();
        tag_nesting("<p><br><img src=x/><x-y a='1'></p></x-y><3 <", |c| {
            changes.push(c)
        });
        assert_eq!(changes, [1, 1, -1, -1]);
    }

    #[test]
    fn plain_text_is_cut_at_a_limit() {
        assert_eq!(
            plain_text("# Title\n\nSome *bold* text.", 100),
            "Title Some bold text."
        );
        assert_eq!(plain_text("one two three four", 7), "one two…");
    }
}
