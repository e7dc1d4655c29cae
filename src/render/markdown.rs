//! Markdown bodies to HTML, with relative links to `.md` files rewritten to
//! `.html` and headings moved one level down below the page's own title.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a body. Headings are demoted by one level (`#` becomes `<h2>`),
/// because the page's title is its only `<h1>`.
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite_link(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
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
    fn plain_text_is_cut_at_a_limit() {
        assert_eq!(
            plain_text("# Title\n\nSome *bold* text.", 100),
            "Title Some bold text."
        );
        assert_eq!(plain_text("one two three four", 7), "one two…");
    }
}
