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
pub fn link(mut parts: Parts) -> (Handbook, Vec<Diagnostic>) {
    let (links, mut diagnostics) = links(&parts);
    use_current_team_ids(&mut parts, &links);
    check_key_results(&mut parts, &links, &mut diagnostics);
    (Handbook::new(parts, links), diagnostics)
}

/// Rewrites every `team:`, team `parent:` and owner that names a team by a
/// former name (`formerly:`) to the team's id, so later stages see one id
/// per team.
fn use_current_team_ids(parts: &mut Parts, links: &Links) {
    let ids: Vec<String> = parts.teams.iter().map(|t| t.id.clone()).collect();
    for (objective, team) in parts.objectives.iter_mut().zip(&links.team_of) {
        if let Some(team) = team {
            objective.team = Some(ids[*team].clone());
        }
    }
    let current = |name: &mut String| {
        if let Some(&team) = links.team_by_id.get(name.as_str()) {
            *name = ids[team].clone();
        }
    };
    for objective in &mut parts.objectives {
        objective.owners.iter_mut().for_each(current);
        for kr in &mut objective.key_results {
            kr.owners.iter_mut().for_each(current);
        }
    }
    for (team, parent) in parts.teams.iter_mut().zip(&links.team_parent) {
        if let Some(parent) = parent {
            team.parent = Some(ids[*parent].clone());
        }
    }
}

/// Checks each key result's `priority` against `[okr] priorities` (and
/// spells it as configured) and resolves its `carried_from`.
fn check_key_results(parts: &mut Parts, links: &Links, diagnostics: &mut Vec<Diagnostic>) {
    let fiscal = parts.config.fiscal_year;
    let periods: Vec<(crate::period::Period, bool)> = parts
        .objectives
        .iter()
        .map(|o| (o.period, o.period_known))
        .collect();
    let key_result_ids: Vec<Vec<String>> = parts
        .objectives
        .iter()
        .map(|o| o.key_results.iter().map(|kr| kr.id.clone()).collect())
        .collect();
    let objective_ids: Vec<&str> = links.objective_by_id.keys().map(String::as_str).collect();
    let mut suggester = Suggester::new();
    let config = &parts.config;
    for (index, objective) in parts.objectives.iter_mut().enumerate() {
        let origin = &objective.origin;
        for (position, kr) in objective.key_results.iter_mut().enumerate() {
            let at = |key| {
                [
                    Step::Key("key_results"),
                    Step::Index(position),
                    Step::Key(key),
                ]
            };
            if let Some(written) = kr.priority.take() {
                match config.priority(&written) {
                    Some((_, label)) => kr.priority = Some(label.to_string()),
                    None => {
                        let labels: Vec<&str> =
                            config.priorities.iter().map(String::as_str).collect();
                        let help = match crate::suggest::closest(&written, &labels) {
                            Some(known) => format!("did you mean `{known}`? The priorities are {}", labels.join(", ")),
                            None => format!(
                                "write one of {}, or set your own labels with `priorities` under [okr] in book.toml",
                                labels.join(", ")
                            ),
                        };
                        diagnostics.push(
                            origin
                                .finding(
                                    Code::UnknownValue,
                                    &at("priority"),
                                    true,
                                    format!("`priority: {written}` is not one of the handbook's priorities"),
                                )
                                .with_help(help),
                        );
                    }
                }
            }
            let Some(reference) = kr.carried_from.clone() else {
                continue;
            };
            let (objective_id, kr_id) = match reference.split_once('#') {
                Some((objective_id, kr_id)) => (objective_id.trim(), kr_id.trim()),
                None => (reference.as_str(), ""),
            };
            let Some(&earlier) = links.objective_by_id.get(objective_id) else {
                let help = match suggester.suggest(objective_id, &objective_ids) {
                    Some(known) => format!("did you mean `{known}#{kr_id}`?"),
                    None => "write the earlier objective's id, `#`, and its key result's id, for example `web/2026-Q3/fast-checkout#p95`".to_string(),
                };
                diagnostics.push(
                    origin
                        .finding(
                            Code::UnknownCarriedFrom,
                            &at("carried_from"),
                            true,
                            format!("`carried_from: {reference}` names no objective"),
                        )
                        .with_help(help),
                );
                kr.carried_from = None;
                continue;
            };
            let known: Vec<&str> = key_result_ids[earlier].iter().map(String::as_str).collect();
            if !known.contains(&kr_id) {
                let help = match crate::suggest::closest(kr_id, &known) {
                    Some(id) => format!("did you mean `{objective_id}#{id}`?"),
                    None if known.is_empty() => {
                        "that objective has no key results; name one that does".to_string()
                    }
                    None => format!(
                        "write `{objective_id}#` and one of its key results' ids: {}",
                        known.join(", ")
                    ),
                };
                let message = if kr_id.is_empty() {
                    format!("`carried_from: {reference}` does not say which key result (`#id`)")
                } else {
                    format!(
                        "`carried_from: {reference}`: that objective has no key result `{kr_id}`"
                    )
                };
                diagnostics.push(
                    origin
                        .finding(Code::UnknownKeyResult, &at("carried_from"), true, message)
                        .with_help(help),
                );
                kr.carried_from = None;
                continue;
            }
            let ((earlier_period, earlier_known), (period, known)) =
                (periods[earlier], periods[index]);
            if earlier_known && known && earlier_period.start(fiscal) >= period.start(fiscal) {
                diagnostics.push(
                    origin
                        .finding(
                            Code::CarriedFromNotEarlier,
                            &at("carried_from"),
                            true,
                            format!(
                                "`carried_from` names a key result of {earlier_period}, which is not earlier than {period}"
                            ),
                        )
                        .with_help("name the key result of an earlier period that this one continues"),
                );
                kr.carried_from = None;
                continue;
            }
            kr.carried_from = Some(format!("{objective_id}#{kr_id}"));
        }
    }
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
    add_former_team_names(parts, &mut links.team_by_id, &mut diagnostics);
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
            a.period
                .cmp(&b.period)
                .then_with(|| crate::model::authors_order(a.order, b.order))
                .then_with(|| a.id.cmp(&b.id))
        });
    }
    (links, diagnostics)
}

/// Lets a team's former names (`formerly:`) find it, unless one is another
/// team's id or former name, which is reported.
fn add_former_team_names(
    parts: &Parts,
    team_by_id: &mut HashMap<String, usize>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (index, team) in parts.teams.iter().enumerate() {
        if team_by_id.get(&team.id) != Some(&index) {
            continue;
        }
        for (position, former) in team.formerly.iter().enumerate() {
            match team_by_id.get(former) {
                Some(&other) if other == index => {}
                Some(&other) => diagnostics.push(
                    team.origin
                        .finding(
                            Code::DuplicateId,
                            &[Step::Key("formerly"), Step::Index(position)],
                            true,
                            format!(
                                "`{former}` is already the team \"{}\" (or one of its former names)",
                                parts.teams[other].name
                            ),
                        )
                        .with_help("a name can find only one team: remove it here or there"),
                ),
                None => {
                    team_by_id.insert(former.clone(), index);
                }
            }
        }
    }
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
