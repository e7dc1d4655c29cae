//! Where okrbook writes its pages and how pages link to each other: the
//! paths of period and cascade pages, a source file's page, a person's slug,
//! and relative links between any two pages.

use crate::period::Period;
use std::collections::{BTreeMap, BTreeSet};

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

/// A URL-safe name for a person: their name written in ASCII (`Wiśniewski`
/// → `wisniewski`, `李小龍` → `li-xiao-long`, by `deunicode`), lower-case
/// letters and digits joined by `-`; `person` when nothing is left.
pub fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    };
    for c in name.chars() {
        if c.is_ascii() {
            push(c);
        } else if c.is_alphanumeric() {
            // A letter with no ASCII form separates words like a space.
            deunicode::deunicode_char(c)
                .unwrap_or(" ")
                .chars()
                .for_each(&mut push);
        } else {
            // Not a letter: an emoji is not spelled out (`rocket`).
            push(' ');
        }
    }
    // Short enough for any file system's name limit, with room for a suffix.
    slug.truncate(MAX_SLUG);
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "person".to_string()
    } else {
        slug
    }
}

/// A page name for each of `names`, unique among them and depending on
/// each name alone as far as possible, never on the order names are met.
///
/// People whose names give the same [`slug`] share it this way: the name
/// first in byte order (`Jo Muller` before `Jo Müller`) gets the bare slug,
/// every other a suffix made of its own name's hash (`jo-muller-3f9a`), so
/// adding a person renames nobody's page but, at most, the bare one's (when
/// the newcomer's name sorts first). A suffix that is someone's bare slug
/// (a person called `Jo Muller 3f9a`) or another's suffix grows longer.
pub fn person_slugs<'n>(names: impl IntoIterator<Item = &'n str>) -> BTreeMap<&'n str, String> {
    let mut groups: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for name in names {
        groups.entry(slug(name)).or_default().insert(name);
    }
    let mut taken: BTreeSet<String> = groups.keys().cloned().collect();
    let mut slugs = BTreeMap::new();
    let mut suffixed = Vec::new();
    for (base, group) in &groups {
        let mut group = group.iter();
        if let Some(first) = group.next() {
            slugs.insert(*first, base.clone());
        }
        suffixed.extend(group.map(|name| (base, *name)));
    }
    // In byte order of the names: a clash between two suffixes (one in
    // 65,536 per pair) lengthens the later name's.
    suffixed.sort_by_key(|(_, name)| *name);
    for (base, name) in suffixed {
        let hash = format!("{:016x}", fnv1a(name.as_bytes()));
        let slug = (4..=16)
            .step_by(4)
            .map(|digits| format!("{base}-{}", &hash[..digits]))
            .find(|candidate| !taken.contains(candidate))
            .unwrap_or_else(|| {
                // Sixteen digits taken too: only a contrived handbook gets here.
                (2..)
                    .map(|n| format!("{base}-{hash}-{n}"))
                    .find(|candidate| !taken.contains(candidate))
                    .unwrap_or_default()
            });
        taken.insert(slug.clone());
        slugs.insert(name, slug);
    }
    slugs
}

/// The 64-bit FNV-1a hash: fixed by its definition, the same on every
/// platform and release, unlike `std`'s hashers.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
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
        assert_eq!(slug("  José  O'Neil "), "jose-o-neil");
        assert_eq!(slug("Tomasz Wiśniewski"), "tomasz-wisniewski");
        assert_eq!(slug("Jo Müller"), "jo-muller");
        assert_eq!(slug("李"), "li");
        assert_eq!(slug("🙂"), "person");
        assert_eq!(slug(&"Ada ".repeat(100)).len(), 79);
    }

    #[test]
    fn alike_names_get_suffixes_of_their_own() {
        let slugs = person_slugs(["Jo Müller", "Jo Muller", "Ann"]);
        assert_eq!(slugs["Jo Muller"], "jo-muller");
        assert_eq!(slugs["Ann"], "ann");
        let hash = format!("{:016x}", fnv1a("Jo Müller".as_bytes()));
        assert_eq!(slugs["Jo Müller"], format!("jo-muller-{}", &hash[..4]));
        // Someone whose own name is that suffixed slug keeps it; the
        // suffix grows.
        let own = format!("Jo Muller {}", &hash[..4]);
        let slugs = person_slugs(["Jo Müller", "Jo Muller", own.as_str()]);
        assert_eq!(slugs[own.as_str()], format!("jo-muller-{}", &hash[..4]));
        assert_eq!(slugs["Jo Müller"], format!("jo-muller-{}", &hash[..8]));
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
