//! Reading built markup the way a browser would, to check it: a small
//! tokenizer of start and end tags ([`tokenize`]), the rules that say whether
//! a file's markup could run a script the handbook wrote ([`markup_problems`],
//! [`site_problems`]), and a well-formedness check for XML output
//! ([`assert_well_formed`], [`texts`]).
//!
//! The checks read the markup with the tokenizer rather than searching for
//! strings, so that an escaped payload (`&lt;script&gt;`) passes and a
//! payload that breaks out of an attribute or element fails.

use okrbook::internals::is_safe_url;
use std::collections::BTreeMap;
use std::path::Path;

/// One start or end tag.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub end: bool,
    /// Attribute names (lowercase) and values with character references decoded.
    pub attrs: Vec<(String, String)>,
    /// Byte offset in the file, for messages.
    pub at: usize,
}

/// Elements whose content is text up to their end tag, outside SVG.
pub const RAW_TEXT: [&str; 4] = ["script", "style", "textarea", "title"];

/// Reads markup into tags, with the text of raw-text elements (`script`,
/// `style`…) attached to their start tag as a pseudo attribute `#text`.
pub fn tokenize(text: &str) -> Vec<Tag> {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let mut tags = Vec::new();
    let mut svg_depth = 0usize;
    let mut i = 0;
    while let Some(found) = text[i..].find('<') {
        let start = i + found;
        let rest = &text[start..];
        if rest.starts_with("<!--") {
            i = match rest.find("-->") {
                Some(end) => start + end + 3,
                None => text.len(),
            };
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = start + rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        let (end, name_start) = if rest.starts_with("</") {
            (true, start + 2)
        } else {
            (false, start + 1)
        };
        if !bytes
            .get(name_start)
            .is_some_and(|b| b.is_ascii_alphabetic())
        {
            i = start + 1;
            continue;
        }
        let mut j = name_start;
        while j < bytes.len()
            && !matches!(
                bytes[j],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
            )
        {
            j += 1;
        }
        let name = lower[name_start..j].to_string();
        let mut attrs = Vec::new();
        // Attributes.
        loop {
            while j < bytes.len()
                && matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/')
            {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                j += 1;
                break;
            }
            let attr_start = j;
            j += 1;
            while j < bytes.len()
                && !matches!(
                    bytes[j],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
                )
            {
                j += 1;
            }
            let attr_name = lower[attr_start..j].to_string();
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                j += 1;
            }
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
                {
                    j += 1;
                }
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j] as char;
                    let value_start = j + 1;
                    let value_end = text[value_start..]
                        .find(quote)
                        .map_or(text.len(), |e| value_start + e);
                    value = decode(&text[value_start..value_end]);
                    j = value_end + 1;
                } else {
                    let value_start = j;
                    while j < bytes.len()
                        && !matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                    {
                        j += 1;
                    }
                    value = decode(&text[value_start..j]);
                }
            }
            attrs.push((attr_name, value));
        }
        let j = j.min(text.len());
        if !end && name == "svg" {
            svg_depth += 1;
        }
        if end && name == "svg" {
            svg_depth = svg_depth.saturating_sub(1);
        }
        let mut tag = Tag {
            name,
            end,
            attrs,
            at: start,
        };
        i = j;
        let raw = !tag.end
            && RAW_TEXT.contains(&tag.name.as_str())
            && (svg_depth == 0 || tag.name == "script" || tag.name == "style");
        if raw {
            let close = format!("</{}", tag.name);
            let content_end = lower[i..].find(&close).map_or(text.len(), |e| i + e);
            tag.attrs
                .push(("#text".to_string(), text[i..content_end].to_string()));
            i = content_end;
        }
        tags.push(tag);
    }
    tags
}

/// Decodes the character references a browser decodes in an attribute value.
pub fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let (decoded, used) = if let Some(number) = after.strip_prefix('#') {
            let (digits, radix, skip) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16, 2),
                None => (number, 10, 1),
            };
            let len = digits
                .find(|c: char| !c.is_digit(radix))
                .unwrap_or(digits.len());
            let code = u32::from_str_radix(&digits[..len], radix).ok();
            let semi = usize::from(digits[len..].starts_with(';'));
            match code.and_then(char::from_u32) {
                Some(c) if len > 0 => (Some(c.to_string()), skip + len + semi),
                _ => (None, 0),
            }
        } else {
            let named = [
                ("amp;", "&"),
                ("lt;", "<"),
                ("gt;", ">"),
                ("quot;", "\""),
                ("apos;", "'"),
                ("colon;", ":"),
                ("Tab;", "\t"),
                ("NewLine;", "\n"),
                ("nbsp;", "\u{a0}"),
                ("amp", "&"),
            ];
            match named.iter().find(|(name, _)| after.starts_with(name)) {
                Some((name, text)) => (Some(text.to_string()), name.len()),
                None => (None, 0),
            }
        };
        match decoded {
            Some(text) => {
                out.push_str(&text);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Attributes whose value a browser loads or navigates to.
pub const URL_ATTRIBUTES: [&str; 10] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
];

/// Elements that load or change other documents; no page should hold one.
pub const FORBIDDEN_ELEMENTS: [&str; 8] = [
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "math",
];

/// Every reason the markup of one file could run a script the handbook wrote.
pub fn markup_problems(path: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lower = text.to_ascii_lowercase();
    if lower.contains("<script>alert") {
        problems.push(format!("{path}: `<script>alert` is in the file"));
    }
    if lower.contains("href=\"javascript:") {
        problems.push(format!("{path}: `href=\"javascript:` is in the file"));
    }
    let tags = tokenize(text);
    let mut svg_depth: i64 = 0;
    let mut in_svg_text: Option<&str> = None;
    for tag in &tags {
        let at = format!(
            "{path} at byte {}: <{}{}>",
            tag.at,
            if tag.end { "/" } else { "" },
            tag.name
        );
        if tag.name == "svg" {
            svg_depth += if tag.end { -1 } else { 1 };
            if svg_depth < 0 {
                problems.push(format!("{at}: an </svg> closes no <svg>"));
            }
        }
        if let Some(open) = in_svg_text {
            if tag.end && tag.name == open {
                in_svg_text = None;
            } else {
                problems.push(format!(
                    "{at}: a tag inside an SVG <{open}>: its text was not escaped"
                ));
            }
            continue;
        }
        if tag.end {
            continue;
        }
        if svg_depth > 0 && (tag.name == "title" || tag.name == "desc") {
            in_svg_text = Some(if tag.name == "title" { "title" } else { "desc" });
        }
        // The 404 page's own <base>, one, in <head>: served for a missing
        // path at any depth, it resolves the page's links from site-url.
        let own_base = tag.name == "base"
            && path.rsplit('/').next() == Some("404.html")
            && lower.find("</head>").is_some_and(|head| tag.at < head)
            && lower.matches("<base").count() == 1;
        if FORBIDDEN_ELEMENTS.contains(&tag.name.as_str()) && !own_base {
            problems.push(format!("{at}: this element should never be published"));
        }
        for (name, value) in &tag.attrs {
            let value_lower = value.to_ascii_lowercase();
            if name == "#text" {
                let runs = tag.name == "script" || tag.name == "style";
                if runs && (value_lower.contains("alert") || value_lower.contains("javascript")) {
                    problems.push(format!("{at}: its content is the handbook's: {value:?}"));
                }
            } else if name.starts_with("on") {
                problems.push(format!(
                    "{at}: an event handler attribute `{name}={value:?}`"
                ));
            } else if URL_ATTRIBUTES.contains(&name.as_str()) && !is_safe_url(value) {
                problems.push(format!("{at}: `{name}` has an unsafe URL {value:?}"));
            } else if name == "style"
                && (value_lower.contains("javascript")
                    || value_lower.contains("expression(")
                    || value_lower.contains("url("))
            {
                problems.push(format!(
                    "{at}: a style attribute loads something: {value:?}"
                ));
            } else if tag.name == "meta" && name == "http-equiv" {
                problems.push(format!("{at}: a <meta http-equiv>"));
            }
        }
    }
    if svg_depth != 0 {
        problems.push(format!("{path}: {svg_depth} <svg> left open"));
    }
    problems
}

/// The code of a script with its JSON strings taken out: what would run.
pub fn code_outside_strings(script: &str) -> String {
    let mut code = String::with_capacity(script.len());
    let mut chars = script.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            code.push(c);
            continue;
        }
        code.push_str("\"\"");
        while let Some(inner) = chars.next() {
            match inner {
                '\\' => {
                    chars.next();
                }
                '"' => break,
                _ => {}
            }
        }
    }
    code
}

/// Every problem in every file of a built site.
pub fn site_problems(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        let extension = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        match extension {
            "html" | "htm" | "xml" | "svg" => problems.extend(markup_problems(path, &text)),
            "json" => {
                if let Err(error) = serde_json::from_str::<serde_json::Value>(&text) {
                    problems.push(format!("{path}: not valid JSON: {error}"));
                }
            }
            "js" if !path.starts_with("assets/") => {
                // Data written as a script (the search index): the handbook's
                // text may only appear inside string literals.
                let code = code_outside_strings(&text);
                if code.contains("alert") || code.contains('<') {
                    problems.push(format!("{path}: the handbook's text escaped its strings"));
                }
            }
            _ => {}
        }
    }
    problems
}

// ---------------------------------------------------------------- XML

pub const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

/// Checks that `xml` is well-formed enough: the declaration, one root element,
/// balanced tags, quoted attributes, and `&` only in the five entities or a
/// character reference.
#[track_caller]
pub fn assert_well_formed(xml: &str) {
    let body = xml
        .strip_prefix(XML_DECLARATION)
        .unwrap_or_else(|| panic!("starts with the XML declaration: {xml:.80}"));
    let check_text = |text: &str| {
        assert!(
            !text.contains('<') && !text.contains('>'),
            "raw markup in {text:?}"
        );
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            rest = &rest[at + 1..];
            let end = rest
                .find(';')
                .unwrap_or_else(|| panic!("bare & in {text:?}"));
            let entity = &rest[..end];
            assert!(
                ["amp", "lt", "gt", "quot", "apos"].contains(&entity)
                    || (entity.starts_with('#') && entity.len() > 1),
                "unknown entity &{entity}; in {text:?}"
            );
        }
    };
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if stack.is_empty() {
            assert!(text.trim().is_empty(), "text outside the root: {text:?}");
        }
        check_text(text);
        let close = open + rest[open..].find('>').expect("a tag is closed");
        let tag = &rest[open + 1..close];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "closing tag </{name}> matches");
        } else {
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let (name, mut attributes) = tag.split_once(' ').unwrap_or((tag, ""));
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == ':'),
                "tag name {name:?}"
            );
            loop {
                attributes = attributes.trim_start();
                if attributes.is_empty() {
                    break;
                }
                let (_, value) = attributes.split_once("=\"").expect("attr=\"value\"");
                let end = value.find('"').expect("attribute value is closed");
                check_text(&value[..end]);
                attributes = &value[end + 1..];
            }
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(rest.trim().is_empty(), "text after the root");
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1, "one root element");
}

/// The text of every `<name>` element, in order.
pub fn texts<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let start = at + open.len();
        let end = start + rest[start..].find(&close).expect("element is closed");
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}
