//! Reading a handbook as it was at a git revision, with the `git` command.
//!
//! The handbook's folder at the revision is copied into a fresh temporary
//! folder ([`Snapshot`]), which is removed again when the snapshot is dropped.
//! Only `book.toml` and the source folder it names are copied: that is all
//! `okrbook::check` reads.

pub use crate::git::show_prefix;
use crate::git::{first_line, git, read_blobs, safe_relative};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A handbook folder copied out of a git revision into a temporary folder,
/// removed when dropped.
#[derive(Debug)]
pub struct Snapshot {
    root: PathBuf,
    /// The full commit id the revision named.
    pub commit: String,
}

impl Snapshot {
    /// The handbook's root in the temporary folder.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Copies the handbook at `dir` as it was at `revision` of the repository
/// that holds `dir` into a temporary folder. `dir` may be a subfolder of the
/// repository. The error is a sentence for people.
pub fn snapshot(dir: &Path, revision: &str) -> Result<Snapshot, String> {
    if revision.is_empty() || revision.starts_with('-') {
        return Err(format!("`{revision}` is not a git revision"));
    }
    let shown = if dir == Path::new(".") || dir.as_os_str().is_empty() {
        "the current folder".to_string()
    } else {
        dir.display().to_string()
    };
    let output = git(dir, &["rev-parse", "--show-prefix"])?;
    if !output.status.success() {
        let reason = first_line(&output.stderr);
        return Err(
            if reason.contains("not a git repository") || reason.is_empty() {
                format!("{shown} is not inside a git repository")
            } else {
                format!("cannot read the git repository that holds {shown}: {reason}")
            },
        );
    }
    let prefix = String::from_utf8_lossy(&output.stdout)
        .trim_end_matches(['\n', '\r'])
        .to_string();

    let output = git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{revision}^{{commit}}"),
        ],
    )?;
    let commit = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if !output.status.success() || commit.is_empty() {
        return Err(format!(
            "`{revision}` is not a revision of the git repository that holds {shown}: no branch, tag or commit has that name"
        ));
    }

    let folder = prefix.trim_end_matches('/');
    let tree = if folder.is_empty() {
        format!("{commit}^{{tree}}")
    } else {
        format!("{commit}:{folder}")
    };
    let output = git(dir, &["cat-file", "-t", &tree])?;
    if !output.status.success() || String::from_utf8_lossy(&output.stdout).trim() != "tree" {
        return Err(format!(
            "the handbook's folder {folder} does not exist at revision `{revision}`"
        ));
    }

    let output = git(dir, &["ls-tree", "-r", "-z", "--full-tree", &tree])?;
    if !output.status.success() {
        return Err(format!(
            "cannot list the files of revision `{revision}`: {}",
            first_line(&output.stderr)
        ));
    }
    let entries = parse_ls_tree(&output.stdout);

    // Only book.toml and the source folder it names.
    let Some(config_entry) = entries
        .iter()
        .find(|e| e.path == crate::config::CONFIG_FILE)
    else {
        return Err(format!(
            "there is no {} in {} at revision `{revision}`",
            crate::config::CONFIG_FILE,
            if folder.is_empty() {
                "the repository's root".to_string()
            } else {
                folder.to_string()
            }
        ));
    };
    let config_text = read_blobs(dir, std::slice::from_ref(&config_entry.object))?
        .into_iter()
        .next()
        .unwrap_or_default();
    let src = crate::config::Config::parse(&String::from_utf8_lossy(&config_text))
        .map(|config| config.src)
        .ok();
    let wanted: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            // `data/` holds the files key results read with `source:`.
            e.path == crate::config::CONFIG_FILE
                || in_folder(&e.path, "data")
                || src.as_deref().is_some_and(|src| in_folder(&e.path, src))
        })
        .collect();

    let snapshot = Snapshot {
        root: fresh_temp_dir()?,
        commit,
    };
    let objects: Vec<String> = wanted.iter().map(|e| e.object.clone()).collect();
    let contents = read_blobs(dir, &objects)?;
    for (entry, bytes) in wanted.iter().zip(contents) {
        let Some(rel) = safe_relative(&entry.path) else {
            continue;
        };
        let path = snapshot.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(snapshot)
}

/// Whether the `/`-separated `path` lies in the folder `folder` (relative, as in book.toml).
fn in_folder(path: &str, folder: &str) -> bool {
    let folder = folder.trim_start_matches("./").trim_end_matches('/');
    if folder.is_empty() || folder == "." {
        return true;
    }
    path.strip_prefix(folder)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// One file of `git ls-tree -r`.
#[derive(Debug, PartialEq)]
struct Entry {
    object: String,
    path: String,
}

/// Regular files of `git ls-tree -r -z` output; links and submodules are left out.
fn parse_ls_tree(bytes: &[u8]) -> Vec<Entry> {
    bytes
        .split(|&b| b == 0)
        .filter_map(|record| {
            let record = std::str::from_utf8(record).ok()?;
            let (meta, path) = record.split_once('\t')?;
            let mut fields = meta.split(' ');
            let mode = fields.next()?;
            let kind = fields.next()?;
            let object = fields.next()?;
            (kind == "blob" && (mode == "100644" || mode == "100755")).then(|| Entry {
                object: object.to_string(),
                path: path.to_string(),
            })
        })
        .collect()
}

/// Whether `name` is a commit of the git repository that holds `dir`.
pub fn is_revision(dir: &Path, name: &str) -> bool {
    !name.starts_with('-')
        && git(
            dir,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{name}^{{commit}}"),
            ],
        )
        .is_ok_and(|output| output.status.success())
}

/// A new, empty folder under the system's temporary folder.
fn fresh_temp_dir() -> Result<PathBuf, String> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let base = std::env::temp_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut last_error = None;
    for _ in 0..16 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = base.join(format!("okrbook-diff-{}-{nanos:x}-{n}", std::process::id()));
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                last_error = Some(error);
            }
            Err(error) => {
                return Err(format!(
                    "cannot create a temporary folder in {}: {error}",
                    base.display()
                ))
            }
        }
    }
    Err(format!(
        "cannot create a temporary folder in {}: {}",
        base.display(),
        last_error.map_or_else(|| "no free name".to_string(), |e| e.to_string())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ls_tree_output() {
        let text = b"100644 blob aaa\tbook.toml\x00100755 blob bbb\tcontent/a b.md\x00120000 blob ccc\tlink\x00160000 commit ddd\tsub\x00";
        assert_eq!(
            parse_ls_tree(text),
            vec![
                Entry {
                    object: "aaa".into(),
                    path: "book.toml".into()
                },
                Entry {
                    object: "bbb".into(),
                    path: "content/a b.md".into()
                },
            ]
        );
    }

    #[test]
    fn keeps_paths_inside_the_folder() {
        assert!(in_folder("content/a.md", "content"));
        assert!(in_folder("content/a.md", "./content/"));
        assert!(!in_folder("contents/a.md", "content"));
        assert!(in_folder("a.md", "."));
    }
}
