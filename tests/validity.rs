//! Markup the Nu HTML Checker accepts, checked without Java: the rules of
//! ARIA in HTML that the search box once broke (`role="combobox"` and
//! `aria-expanded` are not allowed on `<input type="search">`). `.ci/run`
//! runs the checker itself over the demo; this test keeps the search box
//! valid and accessible in `cargo test`.

mod common;

use common::html::{tokenize, Tag};
use std::collections::BTreeSet;

fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The roles an `<input>` of this type may take, as the Nu HTML Checker reads
/// ARIA in HTML: its implicit role first. `None` for types this test does not
/// know (and the site does not use).
fn input_roles(tag: &Tag) -> Option<&'static [&'static str]> {
    let kind = attr(tag, "type").unwrap_or("text").to_ascii_lowercase();
    let listed = attr(tag, "list").is_some();
    Some(match (kind.as_str(), listed) {
        ("text" | "email" | "tel" | "url", false) => {
            &["textbox", "combobox", "searchbox", "spinbutton"]
        }
        ("text" | "email" | "tel" | "url" | "search", true) => &["combobox"],
        ("search", false) => &["searchbox"],
        ("checkbox", _) => &["checkbox", "button", "menuitemcheckbox", "option", "switch"],
        ("button", _) => &[
            "button",
            "checkbox",
            "combobox",
            "link",
            "menuitem",
            "menuitemcheckbox",
            "menuitemradio",
            "option",
            "radio",
            "switch",
            "tab",
        ],
        ("hidden", _) => &[],
        _ => return None,
    })
}

/// Roles that support `aria-expanded` (WAI-ARIA 1.2), among those an input can take.
const EXPANDABLE: [&str; 4] = ["combobox", "button", "checkbox", "switch"];

/// Every problem with the ARIA on `<input>` elements of a page.
fn input_problems(path: &str, html: &str) -> Vec<String> {
    let tags = tokenize(html);
    let ids: BTreeSet<&str> = tags.iter().filter_map(|t| attr(t, "id")).collect();
    let mut problems = Vec::new();
    for tag in tags.iter().filter(|t| !t.end && t.name == "input") {
        let Some(allowed) = input_roles(tag) else {
            problems.push(format!(
                "{path}: an <input> of a type this test does not know: {:?}",
                tag.attrs
            ));
            continue;
        };
        let implicit = allowed.first().copied().unwrap_or("");
        // A role the element may not take is ignored: the implicit one holds.
        let role = match attr(tag, "role") {
            Some(role) if allowed.contains(&role) => role,
            Some(role) => {
                problems.push(format!(
                    "{path}: role={role:?} is not allowed on <input type={:?}> (allowed: {allowed:?})",
                    attr(tag, "type").unwrap_or("text")
                ));
                implicit
            }
            None => implicit,
        };
        if attr(tag, "aria-expanded").is_some() && !EXPANDABLE.contains(&role) {
            problems.push(format!(
                "{path}: aria-expanded on an <input> whose role is {role:?}"
            ));
        }
        for reference in ["aria-controls", "aria-describedby", "aria-labelledby"] {
            for id in attr(tag, reference).unwrap_or("").split_whitespace() {
                if !ids.contains(id) {
                    problems.push(format!("{path}: {reference}={id:?} names no element"));
                }
            }
        }
    }
    problems
}

#[test]
fn every_input_carries_only_the_aria_its_type_allows() {
    let (_dir, files) = common::build_site("linked", "2026-11-15", &[]);
    let mut problems = Vec::new();
    let mut pages = 0;
    for (path, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        pages += 1;
        problems.extend(input_problems(path, html));
    }
    assert!(pages > 10, "only {pages} pages");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_search_box_is_a_labelled_combobox_that_controls_a_listbox() {
    let (_dir, files) = common::build_site("linked", "2026-11-15", &[]);
    for path in ["index.html", "web/2026-Q4/fast-pages.html", "404.html"] {
        let tags = tokenize(common::page(&files, path));
        let input = tags
            .iter()
            .find(|t| !t.end && attr(t, "id") == Some("search-input"))
            .unwrap_or_else(|| panic!("{path} has no #search-input"));
        assert_eq!(input.name, "input");
        assert_eq!(attr(input, "role"), Some("combobox"), "{path}");
        assert_eq!(attr(input, "aria-expanded"), Some("false"), "{path}");
        assert_eq!(attr(input, "aria-autocomplete"), Some("list"), "{path}");
        // Phones still show their search key.
        assert_eq!(attr(input, "enterkeyhint"), Some("search"), "{path}");
        let listbox = tags
            .iter()
            .find(|t| !t.end && attr(t, "id") == attr(input, "aria-controls"))
            .unwrap_or_else(|| panic!("{path}: the box controls nothing"));
        assert_eq!(attr(listbox, "role"), Some("listbox"), "{path}");
        assert!(
            tags.iter()
                .any(|t| !t.end && t.name == "label" && attr(t, "for") == Some("search-input")),
            "{path}: the search box has no label"
        );
        assert!(
            tags.iter()
                .any(|t| !t.end && (t.name == "search" || attr(t, "role") == Some("search"))),
            "{path}: no search landmark"
        );
    }
}

#[test]
fn the_rules_catch_the_markup_the_checker_rejected() {
    // What the checker reported on every page: the test must see it too.
    let old = r#"<label for="q">Search</label><input id="q" type="search" role="combobox" aria-expanded="false" aria-controls="r"><ul id="r" role="listbox"></ul>"#;
    let problems = input_problems("old.html", old);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("role=\"combobox\" is not allowed"));
    assert!(problems[1].contains("aria-expanded"));
    let dangling =
        r#"<input type="text" role="combobox" aria-expanded="false" aria-controls="gone">"#;
    assert_eq!(input_problems("d.html", dangling).len(), 1);
}

/// A `<base>` must come before every `<link>` and `<script>` that reads a
/// URL, or the checker rejects the page (and the browser resolves those
/// URLs against the page's own address). Only the 404 page has one.
#[test]
fn a_base_element_comes_before_every_link_and_script() {
    let (_dir, files) = common::build_site("linked", "2026-11-15", &[]);
    let mut bases = 0;
    for (path, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let Some(base) = html.find("<base ") else {
            continue;
        };
        bases += 1;
        for tag in ["<link ", "<script"] {
            if let Some(first) = html.find(tag) {
                assert!(base < first, "{path}: {tag} before <base>");
            }
        }
    }
    assert_eq!(bases, 1, "only 404.html has a <base>");
}
