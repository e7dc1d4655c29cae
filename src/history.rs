//! Between the public view and render: how key results' targets and
//! baselines changed after their objective's period started, read from the
//! git history of each objective's file.
//!
//! Only committed history is read, from `HEAD`, so a commit always gives the
//! same site: an edit not yet committed is not a change. A handbook outside a
//! git work tree, a missing `git`, a shallow clone or any answer that cannot
//! be read gives no history, never a failed build. Changes committed before
//! the period starts are planning and are left out.
//!
//! A few `git` processes per build, whatever the number of objectives: one
//! `git log -G` lists the commits whose diff of an objective's file adds or
//! removes a line that mentions `target` or `baseline`, one `git cat-file
//! --batch` reads each such file before and after the commit. A file that
//! was renamed has its history from the rename on (`--no-renames`).

use crate::config::Config;
use crate::date::Date;
use crate::git;
use crate::load;
use crate::model::Handbook;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Which value of a key result changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `target`.
    Target,
    /// `baseline`.
    Baseline,
}

impl Field {
    /// The field's name in front matter: `target` or `baseline`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Target => "target",
            Field::Baseline => "baseline",
        }
    }
}

/// One change of a key result's target or baseline, committed on or after
/// its period's first day.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The key result's id (`krN` when it has none).
    pub key_result: String,
    /// Which value changed.
    pub field: Field,
    /// The value before the commit; `None` when it was not set.
    pub from: Option<f64>,
    /// The value the commit set; `None` when it removed it.
    pub to: Option<f64>,
    /// The commit's date (committer date, in the committer's time zone).
    pub date: Date,
    /// The commit's id, abbreviated to 7 hex digits.
    pub commit: String,
}

/// The changes of every objective that has some, by objective id, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    by_objective: BTreeMap<String, Vec<Change>>,
}

impl History {
    /// The changes of the objective `id`, oldest first; empty when it has none.
    pub fn changes(&self, id: &str) -> &[Change] {
        self.by_objective.get(id).map_or(&[], Vec::as_slice)
    }

    /// Whether no objective has a change.
    pub fn is_empty(&self) -> bool {
        self.by_objective.is_empty()
    }
}

/// What `okrbook serve` keeps between rebuilds: the history last read and
/// what it was read for (the commit, and each objective's id, file and
/// period), so that it is read again only after a commit or when objectives move.
#[derive(Debug, Default)]
pub struct Cache {
    key: Option<(String, Vec<Wanted>)>,
    history: History,
}

/// An objective whose history is wanted: its id, file and period's first day.
#[derive(Debug, Clone, PartialEq)]
struct Wanted {
    id: String,
    rel_path: String,
    start: Date,
}

/// The history of the published objectives of `handbook`, whose source
/// folder is `src`; empty when it cannot be read. `cache` is reused while
/// `HEAD` and the objectives' files and periods are the same.
pub fn read(src: &Path, handbook: &Handbook, cache: &mut Cache) -> History {
    let Some(head) = git::head(src) else {
        return History::default();
    };
    let fiscal = handbook.config.fiscal_year;
    let wanted: Vec<Wanted> = handbook
        .objectives
        .iter()
        .map(|o| Wanted {
            id: o.id.clone(),
            rel_path: o.origin.rel_path.clone(),
            start: o.period.start(fiscal),
        })
        .collect();
    let key = (head, wanted);
    if cache.key.as_ref() == Some(&key) {
        return cache.history.clone();
    }
    let history = read_uncached(src, handbook, &key.0, &key.1).unwrap_or_default();
    cache.key = Some(key);
    cache.history = history.clone();
    history
}

/// A commit of `git log`: its full id, date and the files it touched, relative to the source folder.
#[derive(Debug, PartialEq)]
struct Commit {
    id: String,
    date: Date,
    files: Vec<String>,
}

/// The key results' ids, targets and baselines in one version of a file, in order.
type Values = Vec<(String, (Option<f64>, Option<f64>))>;

fn read_uncached(
    src: &Path,
    handbook: &Handbook,
    head: &str,
    wanted: &[Wanted],
) -> Option<History> {
    let prefix = git::show_prefix(src)?;
    // Only the files whose diff adds or removes a line that mentions a
    // target or a baseline: commits of check-ins alone are not read at all.
    let output = git::git(
        src,
        &[
            "-c",
            "log.showSignature=false",
            // Paths from the repository's root, whatever the user's settings.
            "-c",
            "diff.relative=false",
            "log",
            "-z",
            "--no-renames",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--format=%x1e%H %ci",
            "--name-only",
            "-G",
            "target|baseline",
            head,
            "--",
            ".",
        ],
    )
    .ok()?;
    if !output.status.success() {
        return None;
    }
    let mut commits = parse_log(&output.stdout, &prefix);
    // Oldest first.
    commits.reverse();
    let by_path: HashMap<&str, &Wanted> = wanted.iter().map(|w| (w.rel_path.as_str(), w)).collect();

    // Each commit on or after the period's start is compared with its
    // (first) parent: the version before it and the one it made.
    let mut pairs: Vec<(&Wanted, &Commit)> = Vec::new();
    let mut objects: Vec<String> = Vec::new();
    for commit in &commits {
        for file in &commit.files {
            let Some(&w) = by_path.get(file.as_str()) else {
                continue;
            };
            if commit.date < w.start {
                continue;
            }
            objects.push(format!("{}^:{prefix}{file}", commit.id));
            objects.push(format!("{}:{prefix}{file}", commit.id));
            pairs.push((w, commit));
        }
    }
    if pairs.is_empty() {
        return Some(History::default());
    }
    let blobs = git::read_objects(src, &objects).ok()?;

    // Versions are parsed on every core; the changes are collected in commit order.
    let parsed: Vec<Option<Values>> = blobs
        .par_iter()
        .enumerate()
        .map(|(at, blob)| {
            let (w, _) = pairs[at / 2];
            blob.as_deref()
                .and_then(|bytes| values(&handbook.config, &w.rel_path, bytes))
        })
        .collect();
    let mut history = History::default();
    for ((w, commit), versions) in pairs.into_iter().zip(parsed.chunks(2)) {
        // A file the commit created, or a version that does not parse, has nothing to compare.
        let [Some(before), Some(after)] = versions else {
            continue;
        };
        // Every key result in both versions, matched by id, in the order the
        // commit left them: the page shows those it still has.
        for (id, new) in after {
            let Some((_, old)) = before.iter().find(|(old_id, _)| old_id == id) else {
                continue;
            };
            for (field, from, to) in [
                (Field::Target, old.0, new.0),
                (Field::Baseline, old.1, new.1),
            ] {
                if from != to {
                    history
                        .by_objective
                        .entry(w.id.clone())
                        .or_default()
                        .push(Change {
                            key_result: id.clone(),
                            field,
                            from,
                            to,
                            date: commit.date,
                            commit: commit.id.chars().take(7).collect(),
                        });
                }
            }
        }
    }
    Some(history)
}

/// The key results' values in one version of the file at `rel_path`, read
/// as the model reads the file; `None` when it holds no objective.
fn values(config: &Config, rel_path: &str, bytes: &[u8]) -> Option<Values> {
    if bytes.len() as u64 > config.max_file_size {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut file = load::split(rel_path.to_string(), rel_path.to_string(), text);
    // Only the front matter matters here: the body is not read.
    file.body.clear();
    let (parts, _) = crate::model::build(config.clone(), std::slice::from_ref(&file), None);
    let objective = parts.objectives.into_iter().next()?;
    Some(
        objective
            .key_results
            .into_iter()
            .map(|kr| (kr.id, (kr.target, kr.baseline)))
            .collect(),
    )
}

/// The commits of `git log -z --format=%x1e%H %ci --name-only`, newest
/// first, with the files under `prefix` (the source folder's path in the
/// repository), relative to it. Paths that would leave the folder are dropped.
fn parse_log(bytes: &[u8], prefix: &str) -> Vec<Commit> {
    let mut commits: Vec<Commit> = Vec::new();
    for token in bytes.split(|&b| b == 0) {
        let Ok(token) = std::str::from_utf8(token) else {
            continue;
        };
        if let Some(header) = token.strip_prefix('\u{1e}') {
            let mut fields = header.splitn(2, ' ');
            let id = fields.next().unwrap_or_default();
            let date = fields
                .next()
                .and_then(|rest| rest.get(..10))
                .and_then(Date::parse);
            match date {
                Some(date) if git::is_object_id(id) => commits.push(Commit {
                    id: id.to_string(),
                    date,
                    files: Vec::new(),
                }),
                // An answer that cannot be read: trust none of it.
                _ => return Vec::new(),
            }
            continue;
        }
        let path = token.strip_prefix('\n').unwrap_or(token);
        let Some(commit) = commits.last_mut() else {
            continue;
        };
        let Some(rel) = path.strip_prefix(prefix) else {
            continue;
        };
        if rel.ends_with(".md") && git::safe_relative(rel).is_some() && !rel.contains('\\') {
            commit.files.push(rel.to_string());
        }
    }
    commits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_log_output() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let text = format!(
            "\u{1e}{a} 2026-11-12 10:00:00 +0100\0\ndocs/t/x.md\0docs/../y.md\0other/z.md\0\u{1e}{b} 2026-09-01 09:00:00 -0700\0\ndocs/t/x.md\0"
        );
        let commits = parse_log(text.as_bytes(), "docs/");
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].files, vec!["t/x.md".to_string()]);
        assert_eq!(commits[0].date, Date::parse("2026-11-12").unwrap());
        assert_eq!(commits[1].id, b);
        assert!(parse_log(b"\x1enot-an-id 2026-11-12\0", "").is_empty());
    }
}
