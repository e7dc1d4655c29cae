//! What a build publishes. Unless private objectives are published too, every
//! stage after the check works on the public view: the handbook without its
//! private objectives, with the coaching findings computed again on that view.
//! So no page, list, count, score, date or finding depends on a private
//! objective, and two handbooks that differ only in their private objectives
//! give the same site. `okrbook check` still coaches on everything.

use crate::codes::Code;
use crate::date::Date;
use crate::diagnostic::{self, Diagnostic};
use crate::lint;
use crate::model::{Handbook, Links};
use std::collections::HashSet;

/// The handbook to render and the findings to publish with it, from a
/// handbook that checked without errors and its findings (`diagnostics`).
///
/// With `include_private`, that is the handbook as it is and every warning.
/// Otherwise it is `without_private` and, on it, the findings of the stages
/// before the lints that are not about a private objective's file, and the
/// lints run again. A lint set to `deny` that fires only on the public view
/// (a private objective hid it from the whole handbook) is an error: it is
/// returned as `Err`, with every finding, so the build stops as it would have
/// for the whole handbook.
pub fn published(
    handbook: Handbook,
    diagnostics: &[Diagnostic],
    as_of: Date,
    include_private: bool,
) -> Result<(Handbook, Vec<Diagnostic>), Vec<Diagnostic>> {
    // With nothing private the public view is the whole handbook, and its
    // lints are those the check just ran: no second lint (serve saves ~10 ms
    // a rebuild at 1,000 objectives).
    if include_private || !handbook.objectives.iter().any(|o| o.private) {
        let warnings = diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .cloned()
            .collect();
        return Ok((handbook, warnings));
    }
    let private_files: HashSet<&str> = handbook
        .objectives
        .iter()
        .filter(|o| o.private)
        .map(|o| o.origin.display_path.as_str())
        .collect();
    let mut findings: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| !d.is_error() && !is_lint(d.code))
        .filter(|d| !private_files.contains(d.file.as_str()))
        .cloned()
        .collect();
    let public = without_private(handbook);
    let coaching = lint::lint(&public, as_of);
    if coaching.iter().any(Diagnostic::is_error) {
        let mut all = diagnostics.to_vec();
        all.extend(coaching.into_iter().filter(Diagnostic::is_error));
        diagnostic::sort(&mut all);
        all.dedup();
        return Err(all);
    }
    findings.extend(coaching);
    diagnostic::sort(&mut findings);
    Ok((public, findings))
}

/// Whether `code` is one the lint stage reports (and so is computed again on the public view).
fn is_lint(code: Code) -> bool {
    code == Code::UnknownLint || code.is_lint()
}

/// The handbook without its private objectives. Teams, pages and settings
/// stay; links to and from a private objective are dropped. A public
/// objective whose parent is private keeps its `parent` id but has no parent
/// link: that is how pages know it supports a private objective, and nothing
/// more.
pub fn without_private(handbook: Handbook) -> Handbook {
    let (mut parts, links) = handbook.into_parts();
    // Old index → new index, for the objectives that stay.
    let mut renumbered = Vec::with_capacity(parts.objectives.len());
    let mut kept = Vec::new();
    for (index, objective) in parts.objectives.iter().enumerate() {
        if objective.private {
            renumbered.push(None);
        } else {
            renumbered.push(Some(kept.len()));
            kept.push(index);
        }
    }
    let renumber = |index: &usize| renumbered[*index];
    let renumber_all =
        |list: &Vec<usize>| -> Vec<usize> { list.iter().filter_map(renumber).collect() };
    let per_kept = |old: &Vec<Option<usize>>| -> Vec<Option<usize>> {
        kept.iter()
            .map(|&i| old[i].as_ref().and_then(renumber))
            .collect()
    };
    let links = Links {
        objective_by_id: links
            .objective_by_id
            .iter()
            .filter_map(|(id, index)| Some((id.clone(), renumber(index)?)))
            .collect(),
        team_of: kept.iter().map(|&i| links.team_of[i]).collect(),
        parent_of: per_kept(&links.parent_of),
        children_of: kept
            .iter()
            .map(|&i| renumber_all(&links.children_of[i]))
            .collect(),
        carried_from: per_kept(&links.carried_from),
        carried_to: kept
            .iter()
            .map(|&i| renumber_all(&links.carried_to[i]))
            .collect(),
        team_objectives: links.team_objectives.iter().map(renumber_all).collect(),
        team_by_id: links.team_by_id,
        team_parent: links.team_parent,
        sub_teams: links.sub_teams,
    };
    parts.objectives.retain(|o| !o.private);
    Handbook::new(parts, links)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Each public objective's links, by id, as the whole handbook has them
    /// once private objectives are left out.
    fn public_links(handbook: &Handbook) -> Vec<(String, Vec<Vec<String>>)> {
        let links = &handbook.links;
        let ids = |list: &mut dyn Iterator<Item = usize>| -> Vec<String> {
            list.filter(|&i| !handbook.objectives[i].private)
                .map(|i| handbook.objectives[i].id.clone())
                .collect()
        };
        handbook
            .objectives
            .iter()
            .enumerate()
            .filter(|(_, o)| !o.private)
            .map(|(i, o)| {
                let team = links.team_of[i].map(|t| handbook.teams[t].id.clone());
                let found = vec![
                    team.into_iter().collect(),
                    ids(&mut links.parent_of[i].into_iter()),
                    ids(&mut links.children_of[i].iter().copied()),
                    ids(&mut links.carried_from[i].into_iter()),
                    ids(&mut links.carried_to[i].iter().copied()),
                ];
                (o.id.clone(), found)
            })
            .collect()
    }

    /// The handbook in `root`, read and linked by the stages before this one.
    fn linked_handbook(root: &Path) -> Handbook {
        let config = crate::config::Config::load(root).expect("readable settings");
        let layout = crate::layout::sources(root, &config).expect("a source folder");
        let sources = crate::load::load_sources(crate::load::LoadSettings {
            root: &layout.root,
            src: &layout.src,
            display_prefix: &config.src,
            max_file_size: config.max_file_size,
        });
        let data = crate::load::DataFiles {
            root: layout.root.clone(),
            max_file_size: config.max_file_size,
        };
        let (parts, _) = crate::model::build(config, &sources.files, Some(&data));
        crate::validate::link(parts).0
    }

    #[test]
    fn private_objectives_and_their_links_are_left_out() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/linked");
        let whole = linked_handbook(&root);
        assert!(whole.objectives.iter().any(|o| o.private));
        let expected = public_links(&whole);
        let per_team: Vec<Vec<String>> = whole
            .links
            .team_objectives
            .iter()
            .map(|list| {
                list.iter()
                    .filter(|&&i| !whole.objectives[i].private)
                    .map(|&i| whole.objectives[i].id.clone())
                    .collect()
            })
            .collect();

        let public = without_private(whole);
        assert!(public.objectives.iter().all(|o| !o.private));
        assert_eq!(public_links(&public), expected);
        assert_eq!(public.links.objective_by_id.len(), public.objectives.len());
        for (index, objective) in public.objectives.iter().enumerate() {
            assert_eq!(public.links.objective_by_id[&objective.id], index);
        }
        let teams: Vec<Vec<String>> = public
            .links
            .team_objectives
            .iter()
            .map(|list| {
                list.iter()
                    .map(|&i| public.objectives[i].id.clone())
                    .collect()
            })
            .collect();
        assert_eq!(teams, per_team);
        // The public objective whose parent is private keeps the id, not the link.
        let (index, _) = public
            .objectives
            .iter()
            .enumerate()
            .find(|(_, o)| o.parent.as_deref() == Some("company/2026-Q4/acquire"))
            .unwrap();
        assert_eq!(public.links.parent_of[index], None);
    }
}
