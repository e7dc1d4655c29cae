//! The pipeline's direction, checked: every module of `src/` belongs to a
//! stage, and a module may use only modules of its own stage or earlier ones,
//! with no cycles among them. Run it alone with
//! `cargo test --test architecture -- --nocapture` to print the module graph.
//!
//! It reads the `crate::…` paths in the source (in `use` lines, `use crate::{…}`
//! groups and inline paths) and `super::…` paths of top-level modules, which
//! name the crate root. Comments and unit-test modules (`#[cfg(test)]` to the
//! end of the file, where this crate keeps them) are left out: tests may set
//! up a fixture with any stage.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The stages, in pipeline order. A module may use modules of its own stage
/// or earlier ones. `crate` is the crate root, `lib.rs`: the public pipeline
/// functions (`check`, `build`, `verify`, `rebuild`) that run the stages in order.
const STAGES: &[(&str, &[&str])] = &[
    (
        "leaf helpers",
        &[
            "codes",
            "date",
            "period",
            "paths",
            "suggest",
            "url",
            "inline",
            "numbers",
            "diagnostic",
            "locate",
            "yaml_budget",
            "git",
        ],
    ),
    ("settings", &["config", "layout", "theme"]),
    ("load", &["load"]),
    ("model", &["raw", "model"]),
    (
        "validate, and scoring's pure functions",
        &["validate", "score"],
    ),
    ("lint", &["lint"]),
    ("public view", &["public"]),
    ("history", &["history"]),
    ("render", &["render"]),
    ("write", &["write"]),
    ("pipeline", &["crate"]),
    (
        "commands on top",
        &["serve", "diff", "init", "edit", "scaffold", "plan"],
    ),
];

fn stage_of(module: &str) -> Option<usize> {
    STAGES
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// A use of one module by another, with where it is written.
struct Edge {
    from: String,
    to: String,
    at: String,
}

/// The source without comments, string contents and unit-test modules.
fn code_only(text: &str) -> String {
    let production = text
        .match_indices("#[cfg(test)]")
        .find(|(at, marker)| text[at + marker.len()..].trim_start().starts_with("mod "))
        .map_or(text, |(at, _)| &text[..at]);
    let mut out = String::with_capacity(production.len());
    let mut chars = production.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
            }
            // A char literal ('"', '\'', '\\'), not a lifetime.
            '\'' if chars.peek() == Some(&'\\') => {
                out.push_str("' '");
                chars.next();
                chars.next();
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                }
            }
            '\'' if chars.clone().nth(1) == Some('\'') => {
                out.push_str("' '");
                chars.next();
                chars.next();
            }
            // A raw string: r"…" or r#"…"#.
            'r' if matches!(chars.peek(), Some('"' | '#'))
                && !out.ends_with(|c: char| is_ident(c)) =>
            {
                let mut hashes = 0;
                while chars.peek() == Some(&'#') {
                    hashes += 1;
                    chars.next();
                }
                if chars.peek() != Some(&'"') {
                    out.push('r');
                    out.push_str(&"#".repeat(hashes));
                    continue;
                }
                chars.next();
                let closing = format!("\"{}", "#".repeat(hashes));
                let mut seen = String::new();
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    seen.push(c);
                    if seen.ends_with(&closing) {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            '"' => {
                out.push('"');
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push('"');
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The first identifier of each item of a `{…}` group, at the group's top level.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    let mut current = String::new();
    for c in group.chars() {
        match c {
            '{' => {
                depth += 1;
                at_item_start = false;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                if !current.is_empty() {
                    heads.push(std::mem::take(&mut current));
                }
                at_item_start = true;
            }
            c if depth == 0 && at_item_start && is_ident(c) => current.push(c),
            _ if depth == 0 && at_item_start && !current.is_empty() => {
                heads.push(std::mem::take(&mut current));
                at_item_start = false;
            }
            _ => {}
        }
    }
    if !current.is_empty() {
        heads.push(current);
    }
    heads
}

/// The modules (or, for the crate root, `crate`) that `code` names through
/// `crate::` paths, with the line of each.
fn named_modules(code: &str, root_items: &BTreeSet<String>) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && is_ident(bytes[at - 1] as char) {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        let rest = &code[at + "crate::".len()..];
        let heads = if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(group.len(), |(i, _)| i);
            group_heads(&group[..end])
        } else {
            vec![rest.chars().take_while(|&c| is_ident(c)).collect()]
        };
        for head in heads {
            let module = if head == "self" || root_items.contains(&head) {
                "crate".to_string()
            } else {
                head
            };
            found.push((module, line));
        }
    }
    found
}

/// `src/` as (module, file, code): `src/model/reader.rs` is module `model`,
/// `src/lib.rs` is `crate`.
fn sources() -> Vec<(String, String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("read src entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path
                    .strip_prefix(&src)
                    .expect("inside src")
                    .to_string_lossy()
                    .replace('\\', "/");
                if relative == "main.rs" || relative.starts_with("bin/") {
                    continue;
                }
                let module = match relative.split_once('/') {
                    Some((folder, _)) => folder.to_string(),
                    None if relative == "lib.rs" => "crate".to_string(),
                    None => relative.trim_end_matches(".rs").to_string(),
                };
                let text = fs::read_to_string(&path).expect("read source");
                files.push((module, format!("src/{relative}"), code_only(&text)));
            }
        }
    }
    files.sort();
    files
}

/// The names lib.rs declares as items of its own (functions, types), which
/// `crate::name` and a top-level module's `super::name` reach.
fn root_items(lib: &str) -> BTreeSet<String> {
    let mut items = BTreeSet::new();
    for line in lib.lines() {
        let line = line.trim_start();
        let line = line.strip_prefix("pub ").unwrap_or(line);
        for keyword in [
            "fn ", "struct ", "enum ", "type ", "const ", "static ", "trait ",
        ] {
            if let Some(rest) = line.strip_prefix(keyword) {
                let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
                if !name.is_empty() {
                    items.insert(name);
                }
            }
        }
    }
    items
}

fn edges() -> (Vec<Edge>, BTreeSet<String>) {
    let files = sources();
    let lib = files
        .iter()
        .find(|(module, _, _)| module == "crate")
        .map(|(_, _, code)| code.clone())
        .unwrap_or_default();
    let root = root_items(&lib);
    let mut modules = BTreeSet::new();
    let mut edges = Vec::new();
    for (module, file, code) in &files {
        modules.insert(module.clone());
        let mut named = named_modules(code, &root);
        let top_level = !file["src/".len()..].contains('/');
        if top_level && module != "crate" {
            for (at, _) in code.match_indices("super::") {
                let line = code[..at].matches('\n').count() + 1;
                named.push(("crate".to_string(), line));
            }
        }
        for (to, line) in named {
            if &to != module {
                edges.push(Edge {
                    from: module.clone(),
                    to,
                    at: format!("{file}:{line}"),
                });
            }
        }
    }
    (edges, modules)
}

#[test]
fn every_module_is_in_a_stage() {
    let (_, modules) = edges();
    let unplaced: Vec<&String> = modules.iter().filter(|m| stage_of(m).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "modules in no stage of tests/architecture.rs: {unplaced:?}; add each to the stage it belongs to"
    );
}

#[test]
fn no_module_uses_a_later_stage() {
    let (edges, _) = edges();
    let upward: Vec<String> = edges
        .iter()
        .filter_map(|edge| {
            let (from, to) = (stage_of(&edge.from)?, stage_of(&edge.to)?);
            (to > from).then(|| {
                format!(
                    "{}: `{}` ({}) uses `{}` ({})",
                    edge.at, edge.from, STAGES[from].0, edge.to, STAGES[to].0
                )
            })
        })
        .collect();
    assert!(
        upward.is_empty(),
        "uses of a later stage:\n{}",
        upward.join("\n")
    );
}

#[test]
fn modules_form_no_cycle() {
    let (edges, modules) = edges();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for module in &modules {
        graph.entry(module).or_default();
    }
    for edge in &edges {
        graph.entry(&edge.from).or_default().insert(&edge.to);
    }
    println!("module graph (module -> what it uses):");
    for (module, uses) in &graph {
        let uses: Vec<&str> = uses.iter().copied().collect();
        println!("  {module} -> {}", uses.join(", "));
    }
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit<'a>(
        module: &'a str,
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        cycles: &mut Vec<String>,
    ) {
        if done.contains(module) {
            return;
        }
        if let Some(start) = path.iter().position(|m| *m == module) {
            let mut cycle = path[start..].to_vec();
            cycle.push(module);
            cycles.push(cycle.join(" -> "));
            return;
        }
        path.push(module);
        for next in graph.get(module).into_iter().flatten() {
            visit(next, graph, path, done, cycles);
        }
        path.pop();
        done.insert(module);
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_reader_finds_every_form_of_path() {
    let code = code_only(
        "use crate::a::B;\nuse crate::{b, c::{D, E}, self as f};\nlet x = crate::d::run();\n// crate::commented\nlet s = \"crate::quoted\";\nlet y = crate::check(p);\nlet q = '\"'; let r = r#\"crate::raw \" \"#; fn f<'a>() {}\n#[cfg(test)]\nfn only_in_tests() { crate::g::h(); }\n#[cfg(test)]\nmod tests { use crate::tested; }\n",
    );
    let root: BTreeSet<String> = ["check".to_string()].into();
    let named: Vec<(String, usize)> = named_modules(&code, &root);
    let names: Vec<&str> = named.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(names, ["a", "b", "c", "crate", "d", "crate", "g"]);
    assert_eq!(named[3].1, 2);
    assert_eq!(named[4].1, 3);
}

#[test]
fn every_code_in_the_table_is_reported_somewhere() {
    let files = sources();
    let table = files
        .iter()
        .find(|(_, file, _)| file == "src/codes.rs")
        .map(|(_, _, code)| code.clone())
        .expect("src/codes.rs");
    // The table's rows: `Variant = "name", Level, "doc";` (strings are blanked by code_only).
    let variants: Vec<String> = table
        .lines()
        .filter_map(|line| {
            let (variant, rest) = line.trim().split_once(" = \"")?;
            (rest.contains("\", ") && variant.chars().all(is_ident)).then(|| variant.to_string())
        })
        .collect();
    assert!(variants.len() > 40, "the table was read: {variants:?}");
    let unused: Vec<&String> = variants
        .iter()
        .filter(|variant| {
            let path = format!("Code::{variant}");
            !files.iter().any(|(_, file, code)| {
                file != "src/codes.rs" && {
                    let mut at = 0;
                    let mut found = false;
                    while let Some(i) = code[at..].find(&path) {
                        let end = at + i + path.len();
                        if !code[end..].starts_with(|c: char| is_ident(c)) {
                            found = true;
                            break;
                        }
                        at = end;
                    }
                    found
                }
            })
        })
        .collect();
    assert!(
        unused.is_empty(),
        "codes in src/codes.rs that nothing reports: {unused:?}"
    );
}
