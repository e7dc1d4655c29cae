//! `feed.xml`, an Atom feed of check-ins and grades so that people can follow
//! what changed, and `sitemap.xml` when `site-url` is an absolute URL.
//!
//! Both are written by hand: the XML is small and fixed, and every piece of
//! text goes through [`escape_xml`]. Nothing depends on the clock: the feed's
//! `updated` is its newest entry's date, so the same input gives the same bytes.
//!
//! Ids are `urn:uuid:` URNs of version 5 UUIDs ([`FeedIds`]): a name-based
//! hash of the handbook's `[book] id` (or, without one, its title) and what
//! the entry is (a check-in's objective, key result, date and place among
//! that day's; a grade's objective). They never depend on `site-url`, so a
//! handbook that moves to another address is the same feed, and a reader does
//! not see its entries again.

use super::objective::value_text;
use super::Context;
use crate::date::Date;
use crate::inline::plain;
use crate::numbers::with_unit;
use crate::paths::encode_path;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The most entries the feed holds: the newest ones.
pub const MAX_ENTRIES: usize = 200;

/// Makes the feed's ids: version 5 UUIDs in a namespace of the handbook's own.
pub struct FeedIds {
    namespace: Uuid,
}

impl FeedIds {
    /// The ids of the handbook named `book` (`[book] id`, or the title).
    pub fn new(book: &str) -> FeedIds {
        // okrbook's namespace, itself named by a URL in the URL namespace.
        let okrbook = Uuid::new_v5(
            &Uuid::NAMESPACE_URL,
            b"https://github.com/okrbook/okrbook#feed",
        );
        FeedIds {
            namespace: Uuid::new_v5(&okrbook, book.as_bytes()),
        }
    }

    /// `urn:uuid:…` for what `name` says, such as `feed` or `grade\nweb/2026-Q3/fast`.
    pub fn urn(&self, name: &str) -> String {
        Uuid::new_v5(&self.namespace, name.as_bytes())
            .urn()
            .to_string()
    }
}

/// One check-in or grade.
struct Entry {
    date: Date,
    /// What the entry is, in words (`checkin\n<objective>\n<kr>\n<date>\n<n>`):
    /// the name its id is made from, and the order of a day's entries.
    key: String,
    title: String,
    link: String,
    author: Option<String>,
    summary: String,
}

/// Whether `site-url` is a whole URL (`https://acme.github.io/okrs/`) rather than a path.
pub fn is_absolute_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The Atom feed: one entry per published check-in and grade dated on or
/// before the as-of date, newest first (same day: by id), at most [`MAX_ENTRIES`].
pub fn atom(context: &Context) -> Vec<u8> {
    let config = &context.handbook.config;
    let site_url = config.site_url.as_str();
    let entries = entries(context);
    // Deterministic: the newest entry, never the clock.
    let updated = entries
        .first()
        .map(|e| e.date)
        .unwrap_or(context.options.as_of);
    let ids = FeedIds::new(config.id.as_deref().unwrap_or(&config.title));

    let mut xml = String::with_capacity(1024 + entries.len() * 512);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    element(&mut xml, 1, "title", &config.title);
    let subtitle = match &config.description {
        Some(description) => format!("Check-ins and grades. {description}"),
        None => "Check-ins and grades.".to_string(),
    };
    element(&mut xml, 1, "subtitle", &subtitle);
    element(&mut xml, 1, "id", &ids.urn("feed"));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&format!("{site_url}feed.xml"))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(site_url)
    ));
    element(&mut xml, 1, "updated", &timestamp(updated));
    xml.push_str("  <author>\n");
    element(&mut xml, 2, "name", &config.title);
    xml.push_str("  </author>\n");
    element(&mut xml, 1, "generator", "okrbook");
    for entry in &entries {
        xml.push_str("  <entry>\n");
        element(&mut xml, 2, "title", &entry.title);
        element(&mut xml, 2, "id", &ids.urn(&entry.key));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&entry.link)
        ));
        element(&mut xml, 2, "updated", &timestamp(entry.date));
        if let Some(author) = &entry.author {
            xml.push_str("    <author>\n");
            element(&mut xml, 3, "name", author);
            xml.push_str("    </author>\n");
        }
        if !entry.summary.is_empty() {
            element(&mut xml, 2, "summary", &entry.summary);
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml.into_bytes()
}

/// Where an entry comes from: cheap to collect for every check-in and grade
/// of a large handbook; only the newest [`MAX_ENTRIES`] become entries.
#[derive(Clone, Copy)]
enum Source {
    /// Check-in `checkin` of key result `kr`, the `nth` of its day (from 1).
    Checkin {
        objective: usize,
        kr: usize,
        checkin: usize,
        nth: usize,
    },
    Grade {
        objective: usize,
    },
}

/// The newest entries, newest first (same day: by id), at most [`MAX_ENTRIES`].
fn entries(context: &Context) -> Vec<Entry> {
    let as_of = context.options.as_of;
    let fiscal = context.handbook.config.fiscal_year;
    let mut sources: Vec<(Date, Source)> = Vec::new();
    for (objective, index) in context.published() {
        for (kr_index, kr) in objective.key_results.iter().enumerate() {
            // Check-ins are sorted by date, and a day's keep their written
            // order: a second check-in on the same day gets `:2`.
            let mut nth = 0;
            let mut day = None;
            for (position, checkin) in kr.checkins.iter().enumerate() {
                nth = if day == Some(checkin.date) {
                    nth + 1
                } else {
                    1
                };
                day = Some(checkin.date);
                if checkin.date <= as_of {
                    let source = Source::Checkin {
                        objective: index,
                        kr: kr_index,
                        checkin: position,
                        nth,
                    };
                    sources.push((checkin.date, source));
                }
            }
        }
        if let Some(grade) = &objective.grade {
            // An undated grade counts from the last day of its period.
            let date = crate::score::counts_from(grade.date, objective.period.last_day(fiscal));
            if date <= as_of {
                sources.push((date, Source::Grade { objective: index }));
            }
        }
    }
    // Only entries on or after the day of the MAX_ENTRIES-th newest can make
    // the cut; the ids that order a day's entries are made for those alone.
    sources.sort_by_key(|&(date, _)| std::cmp::Reverse(date));
    if let Some(&(cutoff, _)) = sources.get(MAX_ENTRIES.saturating_sub(1)) {
        sources.retain(|(date, _)| *date >= cutoff);
    }
    let mut keyed: Vec<(Date, String, Source)> = sources
        .into_iter()
        .map(|(date, source)| (date, key(context, date, source), source))
        .collect();
    keyed.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    keyed.truncate(MAX_ENTRIES);
    keyed
        .into_iter()
        .map(|(date, key, source)| entry(context, date, key, source))
        .collect()
}

/// What an entry is, in words (`checkin\n<objective>\n<kr>\n<date>\n<n>`):
/// the name its id is made from, and the order of a day's entries.
fn key(context: &Context, date: Date, source: Source) -> String {
    let objectives = &context.handbook.objectives;
    match source {
        Source::Checkin {
            objective, kr, nth, ..
        } => {
            let objective = &objectives[objective];
            format!(
                "checkin\n{}\n{}\n{date}\n{nth}",
                objective.id, objective.key_results[kr].id
            )
        }
        Source::Grade { objective } => format!("grade\n{}", objectives[objective].id),
    }
}

fn entry(context: &Context, date: Date, key: String, source: Source) -> Entry {
    let site_url = context.handbook.config.site_url.as_str();
    let page = |index: usize| format!("{site_url}{}", encode_path(&context.objective_paths[index]));
    match source {
        Source::Checkin {
            objective: index,
            kr,
            checkin,
            ..
        } => {
            let objective = &context.handbook.objectives[index];
            let kr = &objective.key_results[kr];
            let checkin = &kr.checkins[checkin];
            let mut summary = Vec::new();
            if let Some(note) = &checkin.note {
                summary.push(plain(note));
            }
            if let Some(blockers) = &checkin.blockers {
                summary.push(format!("Blockers: {}", plain(blockers)));
            }
            if let Some(confidence) = checkin.confidence {
                summary.push(format!(
                    "Confidence {}.",
                    crate::model::confidence_text(confidence)
                ));
            }
            if let Some(target) = kr.target {
                summary.push(format!("Target {}.", with_unit(target, kr.unit.as_deref())));
            }
            Entry {
                date,
                key,
                title: match checkin.value {
                    Some(value) => format!(
                        "{} — {}: {}",
                        plain(&objective.title),
                        plain(&kr.title),
                        value_text(kr, value)
                    ),
                    None => format!(
                        "{} — {}: status update",
                        plain(&objective.title),
                        plain(&kr.title)
                    ),
                },
                link: format!("{}#kr-{}", page(index), encode_path(&kr.id)),
                author: crate::model::names_text(&kr.owners)
                    .or_else(|| crate::model::names_text(&objective.owners)),
                summary: summary.join(" "),
            }
        }
        Source::Grade { objective: index } => {
            let objective = &context.handbook.objectives[index];
            let score = context.scores[index].score;
            let mut summary = Vec::new();
            if let Some(grade) = &objective.grade {
                if let Some(learned) = &grade.learned {
                    summary.push(plain(learned));
                }
                if let Some(next) = grade.next {
                    summary.push(format!("Next: {}.", next.as_str()));
                }
            }
            Entry {
                date,
                key,
                title: match score {
                    Some(score) => format!(
                        "{} — graded {:.2} ({})",
                        plain(&objective.title),
                        score.clamp(0.0, 1.0),
                        objective.period
                    ),
                    None => format!(
                        "{} — graded, not scored ({})",
                        plain(&objective.title),
                        objective.period
                    ),
                },
                link: format!("{}#grade", page(index)),
                author: crate::model::names_text(&objective.owners),
                summary: summary.join(" "),
            }
        }
    }
}

/// `sitemap.xml`: every HTML page of `site` with its absolute URL, when
/// `site-url` is an absolute URL; `None` otherwise, since a sitemap needs them.
/// Objective and team pages carry the date they were last updated.
pub fn sitemap(context: &Context, pages: &std::collections::BTreeSet<String>) -> Option<Vec<u8>> {
    let site_url = context.handbook.config.site_url.as_str();
    if !is_absolute_url(site_url) {
        return None;
    }
    let mut last_modified: BTreeMap<&str, Date> = BTreeMap::new();
    for (_, index) in context.published() {
        if let Some(date) = context.last_checkin(index) {
            last_modified.insert(context.objective_paths[index].as_str(), date);
        }
    }
    for (team, path) in context.team_paths.iter().enumerate() {
        let newest = context.handbook.links.team_objectives[team]
            .iter()
            .filter_map(|&o| context.last_checkin(o))
            .max();
        if let Some(date) = newest {
            last_modified.insert(path.as_str(), date);
        }
    }
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in pages {
        if !path.ends_with(".html") || path == "404.html" || path.starts_with("assets/") {
            continue;
        }
        let location = if path == "index.html" {
            site_url.to_string()
        } else {
            format!("{site_url}{}", encode_path(path))
        };
        xml.push_str("  <url>\n");
        element(&mut xml, 2, "loc", &location);
        if let Some(date) = last_modified.get(path.as_str()) {
            element(&mut xml, 2, "lastmod", &date.to_string());
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(xml.into_bytes())
}

/// `<name>text</name>` on its own line, indented by `depth` levels.
fn element(xml: &mut String, depth: usize, name: &str, text: &str) {
    for _ in 0..depth {
        xml.push_str("  ");
    }
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    xml.push_str(&escape_xml(text));
    xml.push_str("</");
    xml.push_str(name);
    xml.push_str(">\n");
}

/// An Atom date: midnight UTC of `date`.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// Escapes text for XML element content and attribute values, and drops the
/// control characters XML 1.0 cannot hold at all.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            escape_xml("a < b & c > \"d\" 'e'"),
            "a &lt; b &amp; c &gt; &quot;d&quot; &apos;e&apos;"
        );
        assert_eq!(escape_xml("bell\u{7} tab\t"), "bell tab\t");
        assert_eq!(escape_xml("José 李"), "José 李");
    }

    #[test]
    fn paths_are_percent_encoded_but_keep_slashes() {
        assert_eq!(
            encode_path("web/2026-Q4/fast.html"),
            "web/2026-Q4/fast.html"
        );
        assert_eq!(encode_path("a b/ü&.html"), "a%20b/%C3%BC%26.html");
    }

    #[test]
    fn feed_ids_are_version_5_uuids_of_the_book_and_the_name() {
        let ids = FeedIds::new("acme-okrs");
        let feed = ids.urn("feed");
        assert!(feed.starts_with("urn:uuid:"), "{feed}");
        assert_eq!(feed.len(), "urn:uuid:".len() + 36);
        assert_eq!(&feed[23..24], "5", "version 5: {feed}");
        assert_eq!(
            feed,
            FeedIds::new("acme-okrs").urn("feed"),
            "the same every time"
        );
        assert_ne!(feed, ids.urn("grade\nweb/2026-Q3/fast"));
        assert_ne!(feed, FeedIds::new("other-okrs").urn("feed"));
    }

    #[test]
    fn absolute_site_urls() {
        assert!(is_absolute_url("https://acme.github.io/okrs/"));
        assert!(is_absolute_url("HTTP://example.com/"));
        assert!(!is_absolute_url("/okrs/"));
        assert!(!is_absolute_url("/"));
        assert!(!is_absolute_url("//example.com/"));
    }
}
