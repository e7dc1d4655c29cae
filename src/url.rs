//! Which URLs may go into a page's links: those without a scheme, or with a
//! safe one. A leaf: it imports nothing from the crate.

/// The URL schemes a link may use: anything else (`javascript:`, `data:`,
/// `vbscript:`…) is dropped. URLs without a scheme (relative paths,
/// `#fragments`, `//host/path`) are allowed.
pub const SAFE_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether a URL is safe to put in an `href` or `src`: no scheme, or one of
/// `SAFE_SCHEMES`. Reads the URL as a browser does: tabs and line breaks
/// anywhere and leading control characters and spaces are ignored, and the
/// scheme is case-insensitive.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match scheme(&cleaned) {
        None => true,
        Some(scheme) => SAFE_SCHEMES
            .iter()
            .any(|safe| safe.eq_ignore_ascii_case(scheme)),
    }
}

/// The scheme of a URL (`https` in `https://x`), when it has one: letters,
/// digits, `+`, `-` and `.` starting with a letter, before a `:` that comes
/// before any `/`, `?` or `#`.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' {
        return None;
    }
    let candidate = &url[..end];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_urls() {
        for safe in [
            "https://x.org",
            "HTTP://x.org",
            "mailto:a@b.c",
            "other.html",
            "../a/b.html#c",
            "#top",
            "/abs",
            "//host/path",
            "a/b:c",
            "?q=javascript:x",
            "",
        ] {
            assert!(is_safe_url(safe), "{safe:?}");
        }
        for unsafe_url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(unsafe_url), "{unsafe_url:?}");
        }
    }
}
