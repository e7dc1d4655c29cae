//! Issue 13, stable and readable URLs: a person's page is named after their
//! name written in ASCII (Wiśniewski → wisniewski), and people whose names
//! read alike get suffixes that depend on their names alone, never on the
//! order of the files or on who was added first.

mod common;

use common::handbook::{Handbook, Run};

const AS_OF: &str = "2026-11-15";
const BOOK: &str = "[book]\ntitle = \"Slugs\"\n";

fn team(name: &str, lead: &str, members: &[&str]) -> String {
    format!(
        "---\ntype: team\nname: {name}\nlead: {lead}\nmembers: [{}]\n---\n",
        members.join(", ")
    )
}

/// The `people/…` page names written, sorted.
fn person_pages(run: &Run) -> Vec<String> {
    run.file_list()
        .into_iter()
        .filter(|p| p.starts_with("people/"))
        .collect()
}

/// The page a person's link on `people.html` goes to.
fn page_of(run: &Run, name: &str) -> String {
    let people = run.main_of("people.html");
    let at = people
        .find(&format!(">{name}</a>"))
        .unwrap_or_else(|| panic!("{name} is on people.html: {people}"));
    let start = people[..at].rfind("href=\"").expect("a link") + "href=\"".len();
    let end = start + people[start..].find('"').expect("closed");
    people[start..end].to_string()
}

#[test]
fn accented_names_are_written_in_ascii() {
    let built = Handbook::new()
        .config(BOOK)
        .file(
            "content/teams/core.md",
            team(
                "Core",
                "Tomasz Wiśniewski",
                &["Anna Müller", "Zoë Ørsted", "Łukasz Żółć", "李小龍"],
            ),
        )
        .build_as_of(AS_OF);
    built.assert_success();
    assert_eq!(
        person_pages(&built),
        [
            "people/anna-muller.html",
            "people/li-xiao-long.html",
            "people/lukasz-zolc.html",
            "people/tomasz-wisniewski.html",
            "people/zoe-orsted.html",
        ]
    );
    assert_eq!(
        page_of(&built, "Tomasz Wiśniewski"),
        "people/tomasz-wisniewski.html"
    );
}

/// Builds a handbook whose team lists `members` in the order given, in one
/// file or one team file per person (`files`), so the people are met in a
/// different order.
fn build_with(members: &[&str], files: bool) -> Run {
    let mut handbook = Handbook::new().config(BOOK);
    if files {
        for (i, member) in members.iter().enumerate() {
            handbook = handbook.file(
                &format!("content/teams/t{i}.md"),
                team(&format!("Team {i}"), member, &[]),
            );
        }
    } else {
        handbook = handbook.file("content/teams/core.md", team("Core", members[0], members));
    }
    let built = handbook.build_as_of(AS_OF);
    built.assert_success();
    built
}

/// Name → page, for every person on `people.html`.
fn pages(run: &Run, names: &[&str]) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = names
        .iter()
        .map(|n| (n.to_string(), page_of(run, n)))
        .collect();
    pages.sort();
    pages
}

#[test]
fn names_that_read_alike_get_suffixes_that_do_not_depend_on_order() {
    let names = ["Jo Müller", "Jo Muller", "JO MÜLLER"];
    let reversed = ["JO MÜLLER", "Jo Muller", "Jo Müller"];
    let one = build_with(&names, false);
    let expected = pages(&one, &names);
    // Every person has a page of their own, all named after `jo-muller`.
    let mut files: Vec<&str> = expected.iter().map(|(_, p)| p.as_str()).collect();
    files.sort();
    files.dedup();
    assert_eq!(files.len(), 3, "{expected:?}");
    assert!(files.iter().all(|f| f.starts_with("people/jo-muller")));
    assert!(files.contains(&"people/jo-muller.html"), "{files:?}");
    for built in [
        build_with(&reversed, false),
        build_with(&names, true),
        build_with(&reversed, true),
    ] {
        assert_eq!(pages(&built, &names), expected);
        assert_eq!(person_pages(&built), person_pages(&one));
    }
}

#[test]
fn adding_a_person_keeps_the_pages_of_the_others() {
    // Two people share `jo-muller`; whoever comes in next keeps every page
    // but, at most, the bare one: a suffix depends on the name alone.
    let before = build_with(&["Jo Müller", "Jo Muller"], false);
    let before = pages(&before, &["Jo Müller", "Jo Muller"]);
    let after = build_with(&["Jo Müller", "Jo Muller", "JO MÜLLER", "Jö Müller"], false);
    let after = pages(
        &after,
        &["Jo Müller", "Jo Muller", "JO MÜLLER", "Jö Müller"],
    );
    for (name, page) in &before {
        if page != "people/jo-muller.html" {
            assert!(
                after.contains(&(name.clone(), page.clone())),
                "{name} moved from {page}: {after:?}"
            );
        }
    }
    // Someone whose name sorts after the bare page's holder changes nothing.
    // (`Jo muller` sorts after `Jo Muller`, whose page is the bare one.)
    let later = build_with(&["Jo Müller", "Jo Muller", "Jo muller"], false);
    let later = pages(&later, &["Jo Müller", "Jo Muller"]);
    assert_eq!(later, before);
}

#[test]
fn a_suffix_never_takes_another_persons_plain_name() {
    // `Jo Muller 2` is someone's own name: its page stays theirs.
    let built = build_with(&["Jo Muller", "Jo Müller", "Jo Muller 2"], false);
    let got = pages(&built, &["Jo Muller", "Jo Müller", "Jo Muller 2"]);
    assert!(got.contains(&("Jo Muller 2".into(), "people/jo-muller-2.html".into())));
    assert!(got.contains(&("Jo Muller".into(), "people/jo-muller.html".into())));
    let muller = &got.iter().find(|(n, _)| n == "Jo Müller").unwrap().1;
    assert!(muller.starts_with("people/jo-muller-") && muller != "people/jo-muller-2.html");
}
