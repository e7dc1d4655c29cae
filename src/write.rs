//! Stage 6, write: the rendered site goes into a fresh folder beside the
//! destination, which is swapped in only once every file is written. A failed
//! or interrupted build leaves the previous site as it was.

use crate::render::Site;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

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
