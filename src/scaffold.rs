//! `okrbook new objective` and `okrbook new team`: a new file where the
//! format expects it, with the fields a good objective (or team) starts from.
//!
//! Nothing is written unless the handbook, read with the new file in memory,
//! has no error it did not have before. A file that exists is never replaced:
//! the new one is written to a temporary file beside it and linked into place,
//! which fails rather than overwrite.

use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::model::Handbook;
use crate::period::Period;
use crate::{layout, paths, suggest, EditedFile};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What `new objective` is asked to start.
pub struct NewObjective<'a> {
    /// The team's id (or former id).
    pub team: &'a str,
    /// The period, `YYYY-Qn`, `YYYY-Hn` or `YYYY`.
    pub period: &'a str,
    /// The objective's title.
    pub title: &'a str,
    /// The id of the objective it supports.
    pub parent: Option<&'a str>,
    /// Who answers for it.
    pub owner: Option<&'a str>,
}

/// What `new team` is asked to start.
pub struct NewTeam<'a> {
    /// The team's id: lower-case letters, digits and `-`.
    pub id: &'a str,
    /// The name shown on the site.
    pub name: &'a str,
    /// The parent team's id.
    pub parent: Option<&'a str>,
}

/// A file `new` writes, or would write under `--dry-run`.
#[derive(Debug)]
pub struct Scaffold {
    /// Where, as the handbook's findings name files (`content/…`).
    pub display_path: String,
    /// The file's full text.
    pub text: String,
}

/// The handbook read from disk, plus what `new` needs to place a file in it.
pub(crate) struct Loaded {
    pub(crate) root: PathBuf,
    config: Config,
    pub(crate) layout: layout::Layout,
    pub(crate) handbook: Handbook,
    /// The errors the handbook has before anything is added.
    pub(crate) errors: BTreeSet<String>,
}

impl Loaded {
    pub(crate) fn read(root: &Path) -> Result<Loaded, String> {
        let config = Config::load(root).map_err(|findings| describe(&findings))?;
        let checked = crate::check_edited(root, Date::today_utc(), &[]);
        let (Some(handbook), Some(layout)) = (checked.handbook, checked.layout) else {
            return Err(describe(&checked.diagnostics));
        };
        Ok(Loaded {
            root: root.to_path_buf(),
            config,
            layout,
            handbook,
            errors: error_texts(&checked.diagnostics),
        })
    }

    pub(crate) fn display(&self, rel: &str) -> String {
        crate::load::display_path(&self.config.src, rel)
    }

    /// Checks the handbook with the new file, and writes it unless `dry_run`.
    fn finish(&self, rel: String, text: String, dry_run: bool) -> Result<Scaffold, String> {
        let display_path = self.display(&rel);
        let target = self.layout.src.join(&rel);
        if std::fs::symlink_metadata(&target).is_ok() {
            return Err(format!(
                "{display_path} already exists; okrbook new never replaces a file (choose another title, or edit that file)"
            ));
        }
        let after = crate::check_edited(
            &self.root,
            Date::today_utc(),
            &[EditedFile {
                rel_path: rel.clone(),
                text: text.clone(),
            }],
        );
        let new_errors: Vec<String> = error_texts(&after.diagnostics)
            .into_iter()
            .filter(|finding| !self.errors.contains(finding))
            .collect();
        if !new_errors.is_empty() {
            return Err(format!(
                "{display_path} would give the handbook new errors, so nothing was written:\n\n{}",
                new_errors.join("\n")
            ));
        }
        if !dry_run {
            write_new(&self.layout.src, &target, &text)
                .map_err(|message| format!("cannot write {display_path}: {message}"))?;
        }
        Ok(Scaffold { display_path, text })
    }
}

/// The errors among `findings`, as `check` prints them.
pub(crate) fn error_texts(findings: &[Diagnostic]) -> BTreeSet<String> {
    findings
        .iter()
        .filter(|finding| finding.is_error())
        .map(Diagnostic::render_human)
        .collect()
}

fn describe(findings: &[Diagnostic]) -> String {
    findings
        .iter()
        .map(Diagnostic::render_human)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Starts an objective at `<src>/<team>/<period>/<slug of the title>.md`.
pub fn new_objective(
    root: &Path,
    request: &NewObjective,
    dry_run: bool,
) -> Result<Scaffold, String> {
    let loaded = Loaded::read(root)?;
    let handbook = &loaded.handbook;
    let period = Period::parse(request.period.trim()).ok_or_else(|| {
        format!(
            "{} is not a period; write YYYY-Qn, YYYY-Hn or YYYY, for example 2027-Q1",
            request.period
        )
    })?;
    let team = team_id(handbook, request.team, "team")?;
    if let Some(parent) = request.parent {
        if handbook.objective_by_id(parent).is_none() {
            let ids: Vec<&str> = handbook.objectives.iter().map(|o| o.id.as_str()).collect();
            return Err(unknown("objective", "--parent", parent, &ids));
        }
    }
    let title = request.title.trim();
    if title.is_empty() {
        return Err("the title is empty; say what the team wants to be true".to_string());
    }
    let rel = format!("{team}/{period}/{}.md", slug(title));
    let text = objective_text(title, period, &team, request.parent, request.owner);
    loaded.finish(rel, text, dry_run)
}

/// Starts a team at `<src>/teams/<id>.md`.
pub fn new_team(root: &Path, request: &NewTeam, dry_run: bool) -> Result<Scaffold, String> {
    let loaded = Loaded::read(root)?;
    let handbook = &loaded.handbook;
    let id = request.id.trim();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || id.starts_with('-')
    {
        return Err(format!(
            "{id:?} is not a team id; use lower-case letters, digits and -, for example {}",
            slug(id)
        ));
    }
    if handbook.teams.iter().any(|t| t.id == id) {
        return Err(format!("a team with the id {id} already exists"));
    }
    let parent = match request.parent {
        Some(parent) => Some(team_id(handbook, parent, "--parent")?),
        None => None,
    };
    let name = request.name.trim();
    if name.is_empty() {
        return Err("the team's name is empty".to_string());
    }
    let mut text = format!("---\ntype: team\nname: {}\n", yaml_scalar(name));
    match &parent {
        Some(parent) => text.push_str(&format!("parent: {parent}\n")),
        None => text.push_str(
            "# parent: the id of the team this one belongs to; absent for the organization\n",
        ),
    }
    text.push_str("# lead: who leads the team\n# members: [First Person, Second Person]\n---\n");
    text.push_str("What the team does and how it knows it is succeeding, in Markdown.\n");
    loaded.finish(format!("teams/{id}.md"), text, dry_run)
}

/// The id of the team `name` names (its id or a former one), or an error with the closest id.
pub(crate) fn team_id(handbook: &Handbook, name: &str, what: &str) -> Result<String, String> {
    let name = name.trim();
    if let Some(team) = handbook
        .teams
        .iter()
        .find(|t| t.id == name || t.formerly.iter().any(|f| f == name))
    {
        return Ok(team.id.clone());
    }
    let ids: Vec<&str> = handbook.teams.iter().map(|t| t.id.as_str()).collect();
    Err(unknown("team", what, name, &ids))
}

fn unknown(kind: &str, what: &str, name: &str, ids: &[&str]) -> String {
    let mut message = format!("{what} {name}: no {kind} has this id");
    match suggest::closest(name, ids) {
        Some(closest) => message.push_str(&format!("; did you mean {closest}?")),
        None if ids.is_empty() => message.push_str(&format!("; the handbook has no {kind} yet")),
        None => message.push_str(&format!("; the {kind}s are: {}", ids.join(", "))),
    }
    message
}

fn objective_text(
    title: &str,
    period: Period,
    team: &str,
    parent: Option<&str>,
    owner: Option<&str>,
) -> String {
    let mut text = format!(
        "---\ntitle: {}\nperiod: {period}\nteam: {team}\n",
        yaml_scalar(title)
    );
    let owner = owner
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(yaml_scalar);
    match &owner {
        Some(owner) => text.push_str(&format!("owner: {owner}\n")),
        None => text.push_str("# owner: the one person who answers for this objective\n"),
    }
    // Each key result names who measures it: the objective's owner to start with.
    let kr_owner = match &owner {
        Some(owner) => format!("    owner: {owner}\n"),
        None => "    # owner: who measures it and reports it at each check-in\n".to_string(),
    };
    match parent {
        Some(parent) => text.push_str(&format!("parent: {parent}\n")),
        None => text.push_str("# parent: the id of the objective this one supports\n"),
    }
    text.push_str(
        &"key_results:
  # Two to four key results: outcomes you can measure, not tasks. These two
  # start as milestones (done or not done); turn each into a metric, as in:
  #   - id: p95-latency
  #     title: p95 checkout latency under 300 ms
  #     unit: ms
  #     baseline: 450      # where it stands today
  #     target: 300        # where it should be at the end of the period
  #     measured_by: the dashboard or query the number comes from
  - id: kr1
    title: First key result, to be written
    kind: milestone
{owner}  - id: kr2
    title: Second key result, to be written
    kind: milestone
{owner}---
Why this objective matters now, in Markdown.
"
        .replace("{owner}", &kr_owner),
    );
    text
}

/// `text` as a YAML scalar: plain when that reads back the same, else double-quoted.
pub(crate) fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -.,'()/&%+?!".contains(c))
        && text.starts_with(|c: char| c.is_alphanumeric())
        && !text.ends_with(' ')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        && text.parse::<f64>().is_err();
    if plain {
        return text.to_string();
    }
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A file name from a title: ASCII letters and digits joined by `-`, at most 60 characters.
fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(60);
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "objective".to_string()
    } else {
        slug
    }
}

/// Writes `text` at `target`, a path inside `src` that must not exist:
/// into a temporary file in the same folder first, then linked into place (a
/// link fails where a file exists, even one made meanwhile).
pub(crate) fn write_new(src: &Path, target: &Path, text: &str) -> Result<(), String> {
    let folder = target
        .parent()
        .ok_or_else(|| "the path has no folder".to_string())?;
    let src = paths::resolve(src).map_err(|e| e.to_string())?;
    let inside = |path: &Path| -> Result<PathBuf, String> {
        let real = paths::resolve(path).map_err(|e| e.to_string())?;
        if paths::is_within(&real, &src) {
            Ok(real)
        } else {
            Err(format!(
                "{} is outside the source folder {}",
                real.display(),
                src.display()
            ))
        }
    };
    inside(folder)?;
    std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    let folder = inside(folder)?;
    let name = target
        .file_name()
        .ok_or_else(|| "the path has no file name".to_string())?;
    let target = folder.join(name);
    let temp = folder.join(format!(
        ".{}.okrbook-new-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            std::io::Write::write_all(&mut file, text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| std::fs::hard_link(&temp, &target));
    let _ = std::fs::remove_file(&temp);
    result.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            "the file exists (it was made while okrbook ran); nothing was replaced".to_string()
        }
        _ => e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_scalars() {
        assert_eq!(
            slug("Checkout never goes down!"),
            "checkout-never-goes-down"
        );
        assert_eq!(slug("¡¡!!"), "objective");
        assert_eq!(yaml_scalar("Ship it"), "Ship it");
        assert_eq!(yaml_scalar("Ship: it"), "\"Ship: it\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("2027"), "\"2027\"");
        assert_eq!(yaml_scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
    }
}
