//! Reading every file into records, on every core, and keeping them by the
//! text of their files so that `okrbook serve` parses only what an edit touched.

use super::dispatch::{read_file, Record};
use super::{Objective, Page, Parts, Team};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::{DataFiles, SourceFile};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Records read from files, by path and content, so that `okrbook serve`
/// parses only the files an edit touched.
#[derive(Default)]
pub struct ParseCache {
    entries: HashMap<String, CachedFile>,
}

/// The file's content key, its record and findings, and the data files its
/// key results read with a fingerprint of each: the entry holds while the
/// file's text and every data file's text are unchanged.
/// Records are shared with the cache, so a file read before is not copied
/// twice; each objective is copied once out of it into the handbook.
type CachedFile = (
    u64,
    Option<Arc<Record>>,
    Vec<Diagnostic>,
    Vec<(String, u64)>,
);

fn content_key(file: &SourceFile) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    file.display_path.hash(&mut hasher);
    file.front_matter
        .as_ref()
        .map(|f| (&f.yaml, f.first_line, f.closed))
        .hash(&mut hasher);
    file.body.hash(&mut hasher);
    file.body_line.hash(&mut hasher);
    hasher.finish()
}

/// Reads the records of loaded files. `validate::link` resolves the
/// references between them and makes the handbook.
/// Without `data`, a key result's `source:` is not read.
pub fn build(
    config: Config,
    files: &[SourceFile],
    data: Option<&DataFiles>,
) -> (Parts, Vec<Diagnostic>) {
    // Nothing kept for later: no content keys, no copies.
    let records = files
        .par_iter()
        .map(|file| {
            let mut found = Vec::new();
            let record = read_file(file, data, &mut found, &mut Vec::new());
            (record, found)
        })
        .collect();
    assemble(config, records)
}

/// Like [`build`], reusing what `cache` holds for files whose text has not changed.
pub fn build_cached(
    config: Config,
    files: &[SourceFile],
    data: Option<&DataFiles>,
    cache: &mut ParseCache,
) -> (Parts, Vec<Diagnostic>) {
    // Files are read on every core; results are merged in file order.
    let previous = std::mem::take(&mut cache.entries);
    let records: Vec<(String, CachedFile)> = files
        .par_iter()
        .map(|file| {
            let key = content_key(file);
            if let Some((cached_key, record, found, read)) = previous.get(&file.display_path) {
                let data_unchanged = || {
                    read.iter().all(|(path, fingerprint)| {
                        data.is_some_and(|data| {
                            super::data::fingerprint(&data.read(path)) == *fingerprint
                        })
                    })
                };
                if *cached_key == key && data_unchanged() {
                    return (
                        file.display_path.clone(),
                        (key, record.clone(), found.clone(), read.clone()),
                    );
                }
            }
            let mut found = Vec::new();
            let mut read = Vec::new();
            let record = read_file(file, data, &mut found, &mut read).map(Arc::new);
            (file.display_path.clone(), (key, record, found, read))
        })
        .collect();
    let mut owned = Vec::with_capacity(records.len());
    for (path, (key, record, found, read)) in records {
        owned.push((record.as_deref().cloned(), found.clone()));
        cache.entries.insert(path, (key, record, found, read));
    }
    assemble(config, owned)
}

/// The handbook's parts from each file's record and findings, in file order.
fn assemble(
    config: Config,
    records: Vec<(Option<Record>, Vec<Diagnostic>)>,
) -> (Parts, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut teams = Vec::new();
    let mut objectives = Vec::new();
    let mut pages = Vec::new();
    let mut home = None;
    for (record, found) in records {
        diagnostics.extend(found);
        match record {
            Some(Record::Team(team)) => teams.push(team),
            Some(Record::Objective(objective)) => objectives.push(*objective),
            Some(Record::Page(page)) => {
                if page.origin.rel_path == "index.md" {
                    home = Some(page);
                } else {
                    pages.push(page);
                }
            }
            None => {}
        }
    }
    teams.sort_by(|a: &Team, b: &Team| {
        a.id.cmp(&b.id)
            .then_with(|| a.origin.rel_path.cmp(&b.origin.rel_path))
    });
    objectives.sort_by(|a: &Objective, b: &Objective| {
        super::authors_order(a.order, b.order)
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.origin.rel_path.cmp(&b.origin.rel_path))
    });
    pages.sort_by(|a: &Page, b: &Page| {
        let key = |p: &Page| p.order.unwrap_or(f64::MAX);
        key(a)
            .total_cmp(&key(b))
            .then_with(|| a.origin.rel_path.cmp(&b.origin.rel_path))
    });
    (
        Parts {
            config,
            teams,
            objectives,
            pages,
            home,
        },
        diagnostics,
    )
}
