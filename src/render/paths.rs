//! Where okrbook writes its pages and how pages link to each other: the
//! paths of period and cascade pages, a source file's page, a person's slug,
//! and relative links between any two pages.

use crate::period::Period;

pub fn period_path(period: Period) -> String {
    format!("periods/{period}.html")
}

pub fn cascade_path(period: Period) -> String {
    format!("cascade/{period}.html")
}

pub(super) fn html_path(stem: &str) -> String {
    format!("{stem}.html")
}

/// A link from the page at `from` to the page at `to`, both relative to the site root.
/// Each segment of `to` is percent-encoded, so that no file name can end
/// the path early (`#`, `?`), start another host (`\\host`) or read as a
/// scheme; the href never starts with `/` or `\\`.
pub fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    let mut href = "../".repeat(depth);
    href.push_str(&crate::paths::encode_path(to));
    href
}

/// A URL-safe name for a person: lower-case ASCII letters and digits joined by `-`.
pub fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    // Short enough for any file system's name limit, with room for `-N.html`.
    slug.truncate(MAX_SLUG);
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "person".to_string()
    } else {
        slug
    }
}

/// The longest slug, in bytes (a slug is ASCII).
const MAX_SLUG: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_the_root() {
        assert_eq!(relative("index.html", "teams/a.html"), "teams/a.html");
        assert_eq!(
            relative("a/b/c.html", "periods/2026-Q4.html"),
            "../../periods/2026-Q4.html"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Priya Raman"), "priya-raman");
        assert_eq!(slug("  José  O'Neil "), "jos-o-neil");
        assert_eq!(slug("李"), "person");
        assert_eq!(slug(&"Ada ".repeat(100)).len(), 79);
    }
}
