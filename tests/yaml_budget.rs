//! YAML aliases have a budget: a front matter whose aliases would expand to
//! far more than the file itself (flat reuse of one big anchor, or the
//! "billion laughs" of anchors made of aliases) is an error at the alias,
//! `yaml-too-large`, found before serde_yaml expands anything; legitimate
//! anchors still work, and a `*` that is not an alias costs nothing.

mod common;

use common::handbook::Handbook;
use common::*;
use okrbook::diagnostic::Diagnostic;
use std::path::Path;

const AS_OF: &str = "2026-11-15";

/// A handbook with one file, `content/<rel>`, holding `text`.
fn handbook(rel: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let written = Handbook::new()
        .config("[book]\ntitle = \"Budget\"\n")
        .file(&format!("content/{rel}"), text)
        .write();
    (written.tmp, written.root)
}

fn check(root: &Path) -> okrbook::Checked {
    okrbook::check(
        root,
        okrbook::date::Date::parse(AS_OF).expect("a test date"),
    )
}

fn with_code<'a>(checked: &'a okrbook::Checked, code: &str) -> Vec<&'a Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

/// The name of the alias (`*name`) that `diagnostic`'s line and column
/// (1-based, columns in characters) point at in `text`, if they point at one.
fn alias_at(text: &str, diagnostic: &Diagnostic) -> Option<String> {
    let line = text.lines().nth(diagnostic.line.checked_sub(1)?)?;
    let rest: String = line.chars().skip(diagnostic.column - 1).collect();
    let name: String = rest
        .strip_prefix('*')?
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    Some(name).filter(|name| !name.is_empty())
}

/// A page whose `extra` holds an anchor `big` of `anchor_len` characters and
/// then `aliases` aliases to it on one line.
fn flat_bomb(anchor_len: usize, aliases: usize) -> String {
    format!(
        "---
title: Bomb
extra:
  big: &big \"{}\"
  copies: [{}]
---
Body.
",
        "x".repeat(anchor_len),
        vec!["*big"; aliases].join(", ")
    )
}

#[test]
fn flat_reuse_of_a_big_anchor_is_refused_at_the_alias() {
    let text = flat_bomb(200_000, 300);
    let (_tmp, root) = handbook("bomb.md", &text);
    let checked = check(&root);
    assert!(checked.has_errors());
    let found = with_code(&checked, "yaml-too-large");
    assert_eq!(found.len(), 1, "{:#?}", checked.diagnostics);
    let finding = found[0];
    assert_eq!(finding.file, "content/bomb.md");
    // `---` is line 1; the aliases are on line 5.
    assert_eq!(finding.line, 5);
    assert_eq!(alias_at(&text, finding).as_deref(), Some("big"));
    assert!(finding.help.is_some());
}

#[test]
fn billion_laughs_is_refused_at_an_alias() {
    let mut text = String::from(
        "---
title: Laughs
extra:
  a: &a [x, x, x, x, x, x, x, x, x, x]
",
    );
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"])
    {
        text.push_str(&format!(
            "  {name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 10].join(", ")
        ));
    }
    text.push_str("  last: *l\n---\n");
    let (_tmp, root) = handbook("laughs.md", &text);
    let checked = check(&root);
    let found = with_code(&checked, "yaml-too-large");
    assert_eq!(found.len(), 1, "{:#?}", checked.diagnostics);
    let finding = found[0];
    assert!(alias_at(&text, finding).is_some(), "{finding:?}");
}

#[test]
fn an_alias_inside_the_value_it_names_is_refused() {
    let text = "---
title: Loop
extra:
  a: &a [x, [y, *a]]
---
";
    let (_tmp, root) = handbook("loop.md", text);
    let checked = check(&root);
    let found = with_code(&checked, "yaml-too-large");
    assert_eq!(found.len(), 1, "{:#?}", checked.diagnostics);
    assert_eq!((found[0].line, found[0].column), (4, 17));
    assert_eq!(alias_at(text, found[0]).as_deref(), Some("a"));
}

#[test]
fn legitimate_anchors_and_aliases_still_work() {
    let text = "---\n\
        type: team\n\
        name: Web\n\
        lead: &lead Ana Lima # the lead is a member too\n\
        members: [*lead, Kim Park]\n\
        ---\n\
        We build the website.\n";
    let (_tmp, root) = handbook("teams/web.md", text);
    let checked = check(&root);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let book = checked.handbook.expect("a handbook");
    assert_eq!(book.teams[0].members, ["Ana Lima", "Kim Park"]);

    // Reuse worth several times the file, within the budget's floor.
    let text = flat_bomb(1_000, 20);
    let (_tmp, root) = handbook("reuse.md", &text);
    let checked = check(&root);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

#[test]
fn a_star_that_is_not_an_alias_costs_nothing() {
    // Each `*big` below would cost 100 KB if it were read as an alias.
    let stars = vec!["*big"; 200].join(" ");
    let text = format!(
        "---\n\
         title: Stars\n\
         extra:\n  \
           big: &big \"{}\"\n  \
           double: \"{stars}\"\n  \
           single: '{stars}'\n  \
           plain: a {stars}\n  \
           flow: [\"{stars}\", '{stars}', {{ k: \"{stars}\" }}]\n  \
           literal: |\n    {stars}\n    {stars}\n  \
           folded: >\n    {stars}\n  \
           # {stars}\n  \
           one: *big\n\
         ---\n\
         Body with {stars}.\n",
        "x".repeat(100_000)
    );
    let (_tmp, root) = handbook("stars.md", &text);
    let checked = check(&root);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

/// The peak memory (VmHWM, in kB) of `okrbook <args>` as a child process,
/// read from /proc while it runs; the child is killed past `kill_above_kb`.
#[cfg(target_os = "linux")]
fn peak_memory_kb(args: &[&std::ffi::OsStr], kill_above_kb: u64) -> (u64, std::process::Output) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_okrbook"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start okrbook");
    let status_path = format!("/proc/{}/status", child.id());
    // Read the pipes on threads so that a full pipe cannot stall the child.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        out.read_to_end(&mut buffer).map(|_| buffer)
    });
    let err = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        err.read_to_end(&mut buffer).map(|_| buffer)
    });
    let mut peak = 0;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            let hwm = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok());
            if let Some(hwm) = hwm {
                peak = peak.max(hwm);
            }
        }
        if peak > kill_above_kb {
            let _ = child.kill();
        }
        if let Some(status) = child.try_wait().expect("wait for okrbook") {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    let output = std::process::Output {
        status,
        stdout: out.join().expect("stdout thread").expect("read stdout"),
        stderr: err.join().expect("stderr thread").expect("read stderr"),
    };
    (peak, output)
}

/// The bomb found in issue 9, at its real size: one anchor of about 1 MB
/// reused 3,000 times in a 1 MiB file once made `okrbook check` allocate
/// 2.9 GB and abort. Now check and build refuse it in bounded memory.
#[cfg(target_os = "linux")]
#[test]
fn the_one_mebibyte_bomb_is_refused_in_bounded_memory() {
    const LIMIT_KB: u64 = 300 * 1024;
    let aliases = 3_000;
    let overhead = flat_bomb(0, aliases).len();
    let text = flat_bomb(1024 * 1024 - overhead, aliases);
    assert_eq!(text.len(), 1024 * 1024);
    let (tmp, root) = handbook("bomb.md", &text);
    let dest = tmp.path().join("site");
    for args in [
        vec![
            "check".as_ref(),
            root.as_os_str(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
        ],
        vec![
            "build".as_ref(),
            root.as_os_str(),
            "--dest-dir".as_ref(),
            dest.as_os_str(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
        ],
    ] {
        let (peak, output) = peak_memory_kb(&args, 4 * LIMIT_KB);
        let stderr = stderr(&output);
        eprintln!("okrbook {:?}: peak {} MB", args[0], peak / 1024);
        assert!(
            peak < LIMIT_KB,
            "peak {peak} kB:\n{}",
            &stderr[..stderr.len().min(2000)]
        );
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}",
            &stderr[..stderr.len().min(2000)]
        );
        let headline = stderr
            .lines()
            .find(|line| line.contains("error[yaml-too-large]"))
            .unwrap_or_else(|| {
                panic!(
                    "no yaml-too-large in:\n{}",
                    &stderr[..stderr.len().min(2000)]
                )
            });
        let position = headline
            .split(": error")
            .next()
            .and_then(|place| place.strip_prefix("content/bomb.md:"))
            .expect("file:line:col");
        let (line, column) = position.split_once(':').expect("line:col");
        let finding = Diagnostic::error(
            okrbook::codes::Code::YamlTooLarge,
            "content/bomb.md",
            line.parse().expect("a line"),
            column.parse().expect("a column"),
            "",
        );
        assert_eq!(finding.line, 5);
        assert_eq!(alias_at(&text, &finding).as_deref(), Some("big"));
    }
}
