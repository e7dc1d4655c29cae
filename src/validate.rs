//! Stage 3, validate: the checks that span files. Resolves every reference
//! (team, parent, carried_from), finds duplicate ids and cycles, and makes
//! the [`Handbook`] from the model's parts and the links found. A broken
//! reference is reported and left unlinked.

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::locate::Step;
use crate::model::{Handbook, Links, Origin, Parts};
use crate::suggest::Suggester;
use std::collections::HashMap;

/// Resolves references between the parts and returns the handbook they
/// make, with every problem found.
pub fn link(parts: Parts) -> (Handbook, Vec<Diagnostic>) {
    let (links, diagnostics) = links(&parts);
    (Handbook::new(parts, links), diagnostics)
}

/// The links between the parts' records, and every problem found.
fn links(parts: &Parts) -> (Links, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut links = Links {
        team_by_id: unique_ids(
            parts.teams.iter().map(|t| (t.id.as_str(), &t.origin)),
            "team",
            &mut diagnostics,
        ),
        objective_by_id: unique_ids(
            parts.objectives.iter().map(|o| (o.id.as_str(), &o.origin)),
            "objective",
            &mut diagnostics,
        ),
        ..Links::default()
    };
    let mut suggester = Suggester::new();
    let team_ids: Vec<&str> = parts.teams.iter().map(|t| t.id.as_str()).collect();
    let objective_ids: Vec<&str> = parts.objectives.iter().map(|o| o.id.as_str()).collect();

    links.team_parent = parts
        .teams
        .iter()
        .map(|team| {
            resolve(
                team.parent.as_deref(),
                (&links.team_by_id, &team_ids),
                &team.origin,
                ("parent", Code::UnknownParent),
                "team",
                &mut diagnostics,
                &mut suggester,
            )
        })
        .collect();
    break_cycles(
        &mut links.team_parent,
        |i| &parts.teams[i].origin,
        "team",
        &mut diagnostics,
    );
    limit_depth(
        &mut links.team_parent,
        |i| &parts.teams[i].origin,
        "team",
        &mut diagnostics,
    );

    for objective in &parts.objectives {
        let origin = &objective.origin;
        let team = resolve(
            objective.team.as_deref(),
            (&links.team_by_id, &team_ids),
            origin,
            ("team", Code::UnknownTeam),
            "team",
            &mut diagnostics,
            &mut suggester,
        );
        let parent = resolve(
            objective.parent.as_deref(),
            (&links.objective_by_id, &objective_ids),
            origin,
            ("parent", Code::UnknownParent),
            "objective",
            &mut diagnostics,
            &mut suggester,
        );
        let mut carried = resolve(
            objective.carried_from.as_deref(),
            (&links.objective_by_id, &objective_ids),
            origin,
            ("carried_from", Code::UnknownCarriedFrom),
            "objective",
            &mut diagnostics,
            &mut suggester,
        );
        // An unreadable period was reported already; comparing it would mislead.
        let comparable = carried
            .filter(|&earlier| objective.period_known && parts.objectives[earlier].period_known);
        if let Some(earlier) = comparable {
            let earlier_period = parts.objectives[earlier].period;
            let fiscal = parts.config.fiscal_year;
            if earlier_period.start(fiscal) >= objective.period.start(fiscal) {
                diagnostics.push(
                    origin
                        .finding(
                            Code::CarriedFromNotEarlier,
                            &[Step::Key("carried_from")],
                            true,
                            format!(
                                "`carried_from` names an objective of {earlier_period}, which is not earlier than {}",
                                objective.period
                            ),
                        )
                        .with_help("name the objective of an earlier period that this one continues"),
                );
                carried = None;
            }
        }
        links.team_of.push(team);
        links.parent_of.push(parent);
        links.carried_from.push(carried);
    }
    break_cycles(
        &mut links.parent_of,
        |i| &parts.objectives[i].origin,
        "objective",
        &mut diagnostics,
    );
    limit_depth(
        &mut links.parent_of,
        |i| &parts.objectives[i].origin,
        "objective",
        &mut diagnostics,
    );

    let objective_count = parts.objectives.len();
    links.children_of = vec![Vec::new(); objective_count];
    links.carried_to = vec![Vec::new(); objective_count];
    for index in 0..objective_count {
        if let Some(parent) = links.parent_of[index] {
            links.children_of[parent].push(index);
        }
        if let Some(earlier) = links.carried_from[index] {
            links.carried_to[earlier].push(index);
        }
    }
    links.sub_teams = vec![Vec::new(); parts.teams.len()];
    for (index, parent) in links.team_parent.iter().enumerate() {
        if let Some(parent) = parent {
            links.sub_teams[*parent].push(index);
        }
    }
    links.team_objectives = vec![Vec::new(); parts.teams.len()];
    for (index, team) in links.team_of.iter().enumerate() {
        if let Some(team) = team {
            links.team_objectives[*team].push(index);
        }
    }
    for list in &mut links.team_objectives {
        list.sort_by(|&a, &b| {
            let (a, b) = (&parts.objectives[a], &parts.objectives[b]);
            a.period.cmp(&b.period).then_with(|| a.id.cmp(&b.id))
        });
    }
    (links, diagnostics)
}

/// Maps ids to the first record that has them; reports the others.
fn unique_ids<'a>(
    records: impl Iterator<Item = (&'a str, &'a Origin)>,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, usize> {
    let mut map: HashMap<String, usize> = HashMap::new();
    let mut first_file: HashMap<String, &Origin> = HashMap::new();
    for (index, (id, origin)) in records.enumerate() {
        if let Some(first) = first_file.get(id) {
            diagnostics.push(
                origin
                    .finding(
                        Code::DuplicateId,
                        &[Step::Key("id")],
                        true,
                        format!(
                            "the {what} id `{id}` is also used by {}",
                            first.display_path
                        ),
                    )
                    .with_help(format!("give each {what} its own id")),
            );
            continue;
        }
        first_file.insert(id.to_string(), origin);
        map.insert(id.to_string(), index);
    }
    map
}

/// Resolves `reference` among `(by_id, known)`: the ids by index, and the
/// same ids as a list for suggestions.
fn resolve(
    reference: Option<&str>,
    (by_id, known): (&HashMap<String, usize>, &[&str]),
    origin: &Origin,
    (field, code): (&str, Code),
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
    suggester: &mut Suggester,
) -> Option<usize> {
    let reference = reference?;
    if let Some(index) = by_id.get(reference) {
        return Some(*index);
    }
    let help = match suggester.suggest(reference, known) {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None if what == "team" => "name the `id` of a team (by default its file name without .md)".to_string(),
        None => "name the `id` of an objective (by default its path under the source folder, without .md)".to_string(),
    };
    diagnostics.push(
        origin
            .finding(
                code,
                &[Step::Key(field)],
                true,
                format!("`{field}: {reference}` names no {what}"),
            )
            .with_help(help),
    );
    None
}

/// How many levels a cascade of objectives, or a tree of teams, may have,
/// its top included. Real ones have a handful. Pages draw these trees by
/// nesting, and the templates recurse once per level: some hundreds of
/// levels overflow a render thread's stack (about 550 in a release build,
/// about 60 in a debug build).
pub const MAX_LEVELS: usize = 50;

/// Reports every record below level [`MAX_LEVELS`] of its tree (once, at the
/// first record past the limit on each path) and cuts its link to its
/// parent. `parent_of` must be free of cycles.
fn limit_depth<'a>(
    parent_of: &mut [Option<usize>],
    origin_of: impl Fn(usize) -> &'a Origin,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Depth below the top (0 for a top), found walking up once per record.
    let mut depth: Vec<Option<usize>> = vec![None; parent_of.len()];
    for start in 0..parent_of.len() {
        let mut path = Vec::new();
        let mut node = start;
        let base = loop {
            if let Some(known) = depth[node] {
                break known;
            }
            path.push(node);
            match parent_of[node] {
                Some(parent) if path.len() <= parent_of.len() => node = parent,
                _ => break usize::MAX,
            }
        };
        // `base` is the depth of the record above the path's last one, or
        // MAX for none: the last one is a top.
        for (steps, &n) in path.iter().rev().enumerate() {
            depth[n] = Some(if base == usize::MAX {
                steps
            } else {
                base + steps + 1
            });
        }
    }
    for (index, level) in depth.iter().enumerate() {
        // Depth 0 is level 1.
        if *level == Some(MAX_LEVELS) {
            let tree = if what == "team" {
                "team tree"
            } else {
                "cascade"
            };
            diagnostics.push(
                origin_of(index)
                    .finding(
                        Code::TooDeep,
                        &[Step::Key("parent")],
                        true,
                        format!(
                            "this {what} is level {} of its {tree}; okrbook draws at most {MAX_LEVELS} levels",
                            MAX_LEVELS + 1
                        ),
                    )
                    .with_help(format!(
                        "link it to a {what} nearer the top: real {tree}s have a handful of levels"
                    )),
            );
            parent_of[index] = None;
        }
    }
}

/// Finds cycles in a parent relation, reports each once, and cuts it so that
/// walking up always ends.
fn break_cycles<'a>(
    parent_of: &mut [Option<usize>],
    origin_of: impl Fn(usize) -> &'a Origin,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; parent_of.len()];
    for start in 0..parent_of.len() {
        let mut path = Vec::new();
        let mut node = start;
        loop {
            if state[node] == DONE {
                break;
            }
            if state[node] == ON_PATH {
                let cycle_start = path.iter().position(|&n| n == node).unwrap_or(0);
                let cycle: Vec<usize> = path[cycle_start..].to_vec();
                let cut = cycle.iter().copied().min().unwrap_or(node);
                let names: Vec<String> = cycle
                    .iter()
                    .map(|&n| origin_of(n).display_path.clone())
                    .collect();
                diagnostics.push(
                    origin_of(cut)
                        .finding(
                            Code::ParentCycle,
                            &[Step::Key("parent")],
                            true,
                            format!("these {what}s are each other's parents in a circle: {}", names.join(" → ")),
                        )
                        .with_help("a parent must be higher up; remove or change one `parent` to break the circle"),
                );
                parent_of[cut] = None;
                break;
            }
            state[node] = ON_PATH;
            path.push(node);
            match parent_of[node] {
                Some(parent) => node = parent,
                None => break,
            }
        }
        for n in path {
            state[n] = DONE;
        }
    }
}
