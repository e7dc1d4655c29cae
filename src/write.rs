//! Stage 6, write: the rendered site goes into a fresh folder beside the
//! destination, which is swapped in only once every file is written. A failed
//! or interrupted build leaves the previous site as it was.

use crate::render::Site;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A fresh folder beside the destination that files are written into while
/// they are rendered, so that a large site never has to be held in memory.
pub struct Staging {
    root: PathBuf,
    folders: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Writes one file. A path that is absolute or climbs out with `..` is
    /// refused: nothing is ever written outside the staging folder.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let relative = Path::new(path);
        let inside = !path.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write {path:?}: it is not a path inside the site"),
            ));
        }
        let target = self.root.join(relative);
        if let Some(parent) = target.parent() {
            let known = self
                .folders
                .lock()
                .map(|f| f.contains(parent))
                .unwrap_or(false);
            if !known {
                std::fs::create_dir_all(parent)?;
                if let Ok(mut folders) = self.folders.lock() {
                    folders.insert(parent.to_path_buf());
                }
            }
        }
        std::fs::write(target, bytes)
    }
}

/// Runs `produce` with a fresh staging folder beside `dest`; when it succeeds
/// the folder replaces `dest`, when it fails the folder is removed and `dest`
/// is left as it was.
pub fn write_staged<T, E: From<io::Error>>(
    dest: &Path,
    produce: impl FnOnce(&Staging) -> Result<T, E>,
) -> Result<T, E> {
    let (staging, retired) = sibling_folders(dest)?;
    remove_if_present(&staging)?;
    std::fs::create_dir_all(&staging)?;
    let folder = Staging {
        root: staging.clone(),
        folders: Mutex::new(HashSet::new()),
    };
    let result = produce(&folder).and_then(|value| {
        swap_in(&staging, dest, &retired)?;
        Ok(value)
    });
    if result.is_err() {
        let _ = remove_if_present(&staging);
    }
    result
}

fn sibling_folders(dest: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let parent = match dest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".to_string());
    recover(dest, &parent, &name)?;
    Ok((
        parent.join(format!(".{name}.okrbook-new-{}", std::process::id())),
        parent.join(format!(".{name}.okrbook-old-{}", std::process::id())),
    ))
}

/// Writes `site` to `dest`, replacing what was there. Like every write, a
/// path that would land outside `dest` is refused and nothing changes.
pub fn write_site(site: &Site, dest: &Path) -> io::Result<()> {
    write_staged(dest, |staging| {
        site.par_iter()
            .try_for_each(|(path, bytes)| staging.write(path, bytes))
    })
}

/// Cleans up after builds into `dest` that were killed: a swap cut off
/// between its two renames left the previous site in the retired folder and
/// no `dest`, so it is put back; staging and retired folders of processes
/// that no longer run are removed. Folders of running builds are left alone.
fn recover(dest: &Path, parent: &Path, name: &str) -> io::Result<()> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let own = std::process::id();
    let mut leftovers: Vec<(bool, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&format!(".{name}.okrbook-")) else {
            continue;
        };
        let (retired, pid) = match (rest.strip_prefix("old-"), rest.strip_prefix("new-")) {
            (Some(pid), _) => (true, pid),
            (_, Some(pid)) => (false, pid),
            _ => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != own && !process_runs(pid) {
            leftovers.push((retired, entry.path()));
        }
    }
    // Retired folders first: one may be the only copy of the previous site.
    leftovers.sort_by_key(|(retired, _)| !*retired);
    for (retired, path) in leftovers {
        if retired && !dest.exists() {
            std::fs::rename(&path, dest)?;
        } else {
            remove_if_present(&path)?;
        }
    }
    Ok(())
}

/// Whether the process `pid` is running. Where that cannot be told, it is
/// assumed to run, so that its folders are never touched.
fn process_runs(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

fn swap_in(staging: &Path, dest: &Path, retired: &Path) -> io::Result<()> {
    if dest.exists() {
        remove_if_present(retired)?;
        std::fs::rename(dest, retired)?;
        if let Err(error) = std::fs::rename(staging, dest) {
            let _ = std::fs::rename(retired, dest);
            return Err(error);
        }
        remove_if_present(retired)
    } else {
        std::fs::rename(staging, dest)
    }
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_swap_cut_off_between_its_renames_is_undone() {
        let tmp = std::env::temp_dir().join(format!("okrbook-write-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let dest = tmp.join("site");
        // A process that is gone retired the site and was killed before
        // renaming its new one in; another left half a staging folder.
        let retired = tmp.join(".site.okrbook-old-4999999");
        std::fs::create_dir_all(&retired).unwrap();
        std::fs::write(retired.join("index.html"), "previous").unwrap();
        std::fs::create_dir_all(tmp.join(".site.okrbook-new-4999998/half")).unwrap();
        // Even a build that then fails puts the previous site back.
        let failed: io::Result<()> =
            write_staged(&dest, |_| Err(io::Error::other("render failed")));
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "previous"
        );
        let mut names: Vec<String> = std::fs::read_dir(&tmp)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["site"]);
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn folders_of_running_builds_are_left_alone() {
        let tmp =
            std::env::temp_dir().join(format!("okrbook-write-test-run-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        // Process 1 always runs: its folder is another build's, in progress.
        let other = tmp.join(".site.okrbook-new-1");
        std::fs::create_dir_all(&other).unwrap();
        recover(&tmp.join("site"), &tmp, "site").unwrap();
        assert!(other.exists());
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
