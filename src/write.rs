//! Stage 6, write: the rendered site goes into a fresh folder beside the
//! destination, which is swapped in only once every file is written. A failed
//! or interrupted build leaves the previous site as it was.

use crate::render::Site;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
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
    Ok((
        parent.join(format!(".{name}.okrbook-new-{}", std::process::id())),
        parent.join(format!(".{name}.okrbook-old-{}", std::process::id())),
    ))
}

/// Writes `site` to `dest`, replacing what was there.
pub fn write_site(site: &Site, dest: &Path) -> io::Result<()> {
    let parent = match dest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".to_string());
    let staging = parent.join(format!(".{name}.okrbook-new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.okrbook-old-{}", std::process::id()));
    remove_if_present(&staging)?;
    let result = write_all(site, &staging).and_then(|()| swap_in(&staging, dest, &retired));
    if result.is_err() {
        let _ = remove_if_present(&staging);
    }
    result
}

/// Creates the folders first, then writes the files on every core.
fn write_all(site: &Site, folder: &Path) -> io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let folders: BTreeSet<&str> = site
        .keys()
        .filter_map(|path| path.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for dir in folders {
        std::fs::create_dir_all(folder.join(dir))?;
    }
    site.par_iter()
        .try_for_each(|(path, bytes)| std::fs::write(folder.join(path), bytes))
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
