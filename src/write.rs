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
        // Never over a file written before: two pages with one path (or two
        // paths one file system folds together) are an error, not a loss.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)?;
        std::io::Write::write_all(&mut file, bytes)
    }
}

/// The file okrbook puts at the top of every folder it writes. A build
/// replaces only a folder that is empty or has this file, so that a wrong
/// `build-dir` can never delete what okrbook did not write.
pub const STAMP_FILE: &str = ".okrbook-site";
const STAMP_TEXT: &[u8] =
    b"This folder was written by okrbook, which deletes and rewrites it on every build.\n";

/// A site written and swapped in, with anything the build should still be told.
#[derive(Debug)]
pub struct Written<T> {
    pub value: T,
    /// Things that went wrong after the new site was in place, in plain words.
    pub warnings: Vec<String>,
}

/// Why a staged write did not replace the destination.
#[derive(Debug)]
pub enum Failure<E> {
    /// Producing the site failed; the destination is as it was.
    Produce(E),
    /// The destination holds what okrbook did not write; nothing was touched.
    Refused { reason: String, help: String },
    /// A folder operation failed. `message` says what is where;
    /// `untouched` tells whether the destination is as it was.
    Io { message: String, untouched: bool },
}

/// Runs `produce` with a fresh staging folder beside `dest`; when it succeeds
/// the folder replaces `dest`, when it fails the folder is removed and `dest`
/// is left as it was. `dest` must already be resolved and checked (see
/// [`crate::layout::destination`]); here it is replaced only when it is
/// missing, empty or stamped as okrbook's.
pub fn write_staged<T, E>(
    dest: &Path,
    produce: impl FnOnce(&Staging) -> Result<T, E>,
) -> Result<Written<T>, Failure<E>> {
    write_staged_with(&Disk, dest, produce)
}

fn write_staged_with<T, E>(
    ops: &dyn FolderOps,
    dest: &Path,
    produce: impl FnOnce(&Staging) -> Result<T, E>,
) -> Result<Written<T>, Failure<E>> {
    replaceable(dest)?;
    let io_failure = |what: &str, error: io::Error| Failure::Io {
        message: format!("{what}: {error}; nothing was written"),
        untouched: true,
    };
    let (parent, name) = parent_and_name(dest);
    std::fs::create_dir_all(&parent)
        .map_err(|e| io_failure(&format!("cannot create {}", parent.display()), e))?;
    let mut warnings = recover(ops, dest, &parent, &name);
    let unique = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    );
    let staging = parent.join(format!(".{name}.okrbook-new-{unique}"));
    let retired = parent.join(format!(".{name}.okrbook-old-{unique}"));
    std::fs::create_dir(&staging)
        .and_then(|()| std::fs::write(staging.join(STAMP_FILE), STAMP_TEXT))
        .map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            io_failure(
                &format!("cannot create the staging folder {}", staging.display()),
                e,
            )
        })?;
    let folder = Staging {
        root: staging.clone(),
        folders: Mutex::new(HashSet::new()),
    };
    let value = match produce(&folder) {
        Ok(value) => value,
        Err(error) => {
            let _ = remove_if_present(&staging);
            return Err(Failure::Produce(error));
        }
    };
    match swap_in(ops, &staging, dest, &retired) {
        Ok(swap_warnings) => {
            warnings.extend(swap_warnings);
            Ok(Written { value, warnings })
        }
        Err(failure) => {
            if let Failure::Io {
                untouched: true, ..
            } = failure
            {
                let _ = remove_if_present(&staging);
            }
            Err(failure)
        }
    }
}

/// Whether `dest` may be replaced: it is missing, an empty folder, or a
/// folder okrbook wrote (it has the stamp file).
fn replaceable<E>(dest: &Path) -> Result<(), Failure<E>> {
    match refusal(dest) {
        None => Ok(()),
        Some((reason, help)) => Err(Failure::Refused { reason, help }),
    }
}

/// Why a build may not replace `dest`, and what to do instead; `None` when
/// it is missing, an empty folder or a folder okrbook wrote. Reads only.
pub fn refusal(dest: &Path) -> Option<(String, String)> {
    let refuse = |reason: String, help: &str| Some((reason, help.to_string()));
    let metadata = match std::fs::symlink_metadata(dest) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return None,
        Err(error) => {
            return refuse(
                format!(
                    "cannot look at the build folder {}: {error}",
                    dest.display()
                ),
                "check its permissions",
            )
        }
    };
    if !metadata.is_dir() {
        return refuse(
            format!(
                "the build folder {} is a file, not a folder; okrbook would replace it with the site",
                dest.display()
            ),
            "choose a build folder that does not exist yet, such as \"book\"",
        );
    }
    if is_okrbook_folder(dest) {
        return None;
    }
    refuse(
        format!(
            "the build folder {} holds files that okrbook did not write (it has no {STAMP_FILE} file), and a build replaces the whole folder",
            dest.display()
        ),
        "move or delete that folder, or choose another build folder (`build-dir` under [build] in book.toml, or --dest-dir)",
    )
}

/// Whether `folder` is empty or holds okrbook's stamp file.
fn is_okrbook_folder(folder: &Path) -> bool {
    let stamped = std::fs::symlink_metadata(folder.join(STAMP_FILE)).is_ok_and(|m| m.is_file());
    stamped || std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
}

/// The folder that holds `dest`, and `dest`'s name.
fn parent_and_name(dest: &Path) -> (PathBuf, String) {
    let parent = match dest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".to_string());
    (parent, name)
}

/// Writes `site` to `dest`, replacing what was there. Like every write, a
/// path that would land outside `dest` is refused and nothing changes.
pub fn write_site(site: &Site, dest: &Path) -> io::Result<()> {
    let written = write_staged(dest, |staging| {
        site.par_iter()
            .try_for_each(|(path, bytes)| staging.write(path, bytes))
    });
    match written {
        Ok(_) => Ok(()),
        Err(Failure::Produce(error)) => Err(error),
        Err(Failure::Refused { reason, .. }) => {
            Err(io::Error::new(io::ErrorKind::PermissionDenied, reason))
        }
        Err(Failure::Io { message, .. }) => Err(io::Error::other(message)),
    }
}

/// The folder operations a swap makes, so that tests can make any of them fail.
trait FolderOps {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_all(&self, path: &Path) -> io::Result<()>;
}

/// The real file system.
struct Disk;

impl FolderOps for Disk {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }
    fn remove_all(&self, path: &Path) -> io::Result<()> {
        remove_if_present(path)
    }
}

/// Cleans up after builds into `dest` that were killed: a swap cut off
/// between its two renames left the previous site in the retired folder and
/// no `dest`, so it is put back; staging and retired folders of processes
/// that no longer run are removed. Folders of running builds, and folders
/// okrbook did not write, are left alone. What cannot be cleaned up is
/// returned as warnings: it never stops a build.
fn recover(ops: &dyn FolderOps, dest: &Path, parent: &Path, name: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let own = std::process::id();
    let prefix = format!(".{name}.okrbook-");
    let mut leftovers: Vec<(bool, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let (retired, unique) = match (rest.strip_prefix("old-"), rest.strip_prefix("new-")) {
            (Some(unique), _) => (true, unique),
            (_, Some(unique)) => (false, unique),
            _ => continue,
        };
        let Ok(pid) = unique.split('-').next().unwrap_or("").parse::<u32>() else {
            continue;
        };
        let path = entry.path();
        let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
        if pid != own && !process_runs(pid) && is_folder && is_okrbook_folder(&path) {
            leftovers.push((retired, path));
        }
    }
    // Retired folders first: one may be the only copy of the previous site.
    leftovers.sort_by_key(|(retired, _)| !*retired);
    let mut warnings = Vec::new();
    for (retired, path) in leftovers {
        let restored = retired && !dest.exists() && ops.rename(&path, dest).is_ok();
        if restored {
            continue;
        }
        if let Err(error) = ops.remove_all(&path) {
            warnings.push(format!(
                "cannot remove {}, left by an earlier build that was stopped: {error}; delete it by hand",
                path.display()
            ));
        }
    }
    warnings
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

/// Puts `staging` in the place of `dest`. Every outcome is told as it is:
/// on success, with warnings for what could not be tidied up; on failure,
/// whether `dest` is as it was, and if not, where each site is.
fn swap_in<E>(
    ops: &dyn FolderOps,
    staging: &Path,
    dest: &Path,
    retired: &Path,
) -> Result<Vec<String>, Failure<E>> {
    let dest_exists = std::fs::symlink_metadata(dest).is_ok();
    if !dest_exists {
        return ops
            .rename(staging, dest)
            .map(|()| Vec::new())
            .map_err(|error| Failure::Io {
                message: format!(
                    "cannot move the new site into {}: {error}; nothing was written",
                    dest.display()
                ),
                untouched: true,
            });
    }
    if let Err(error) = ops.rename(dest, retired) {
        return Err(Failure::Io {
            message: format!(
                "cannot move the previous site in {} aside: {error}; it is as it was and nothing was written",
                dest.display()
            ),
            untouched: true,
        });
    }
    if let Err(error) = ops.rename(staging, dest) {
        return Err(match ops.rename(retired, dest) {
            Ok(()) => Failure::Io {
                message: format!(
                    "cannot move the new site into {}: {error}; the previous site was put back and nothing was written",
                    dest.display()
                ),
                untouched: true,
            },
            Err(second) => Failure::Io {
                message: format!(
                    "cannot move the new site into {dest}: {error}, nor the previous site back: {second}. \
                     The previous site is in {old} and the new one in {new}; rename one of them to {dest}",
                    dest = dest.display(),
                    old = retired.display(),
                    new = staging.display()
                ),
                untouched: false,
            },
        });
    }
    match ops.remove_all(retired) {
        Ok(()) => Ok(Vec::new()),
        Err(error) => Ok(vec![format!(
            "the new site is in {}, but the previous one, moved to {}, could not be removed: {error}; the next build tries again, or delete it by hand",
            dest.display(),
            retired.display()
        )]),
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
    use std::cell::Cell;

    /// A temporary folder of its own for each test.
    fn scratch(label: &str) -> PathBuf {
        let tmp =
            std::env::temp_dir().join(format!("okrbook-write-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        tmp
    }

    fn names(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn previous_site(dest: &Path) {
        std::fs::create_dir_all(dest).unwrap();
        std::fs::write(dest.join(STAMP_FILE), STAMP_TEXT).unwrap();
        std::fs::write(dest.join("index.html"), "previous").unwrap();
    }

    fn new_site(staging: &Staging) -> io::Result<()> {
        staging.write("index.html", b"new")
    }

    /// The real file system, but the `fail_at`-th operation (counting from 1) fails.
    struct FailingDisk {
        calls: Cell<usize>,
        fail_at: Vec<usize>,
    }

    impl FailingDisk {
        fn failing(fail_at: &[usize]) -> Self {
            FailingDisk {
                calls: Cell::new(0),
                fail_at: fail_at.to_vec(),
            }
        }
        fn step(&self) -> io::Result<()> {
            self.calls.set(self.calls.get() + 1);
            if self.fail_at.contains(&self.calls.get()) {
                Err(io::Error::other("injected failure"))
            } else {
                Ok(())
            }
        }
    }

    impl FolderOps for FailingDisk {
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            self.step()?;
            std::fs::rename(from, to)
        }
        fn remove_all(&self, path: &Path) -> io::Result<()> {
            self.step()?;
            remove_if_present(path)
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_swap_cut_off_between_its_renames_is_undone() {
        let tmp = scratch("cut");
        let dest = tmp.join("site");
        // A process that is gone retired the site and was killed before
        // renaming its new one in; another left half a staging folder.
        previous_site(&tmp.join(".site.okrbook-old-4999999-1"));
        let half = tmp.join(".site.okrbook-new-4999998-2");
        std::fs::create_dir_all(half.join("half")).unwrap();
        std::fs::write(half.join(STAMP_FILE), STAMP_TEXT).unwrap();
        // Even a build that then fails puts the previous site back.
        let failed = write_staged(&dest, |_| Err::<(), _>("render failed"));
        assert!(matches!(failed, Err(Failure::Produce("render failed"))));
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "previous"
        );
        assert_eq!(names(&tmp), ["site"]);
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn folders_of_running_builds_and_folders_okrbook_did_not_write_are_left_alone() {
        let tmp = scratch("run");
        // Process 1 always runs: its folder is another build's, in progress.
        let running = tmp.join(".site.okrbook-new-1-5");
        std::fs::create_dir_all(&running).unwrap();
        std::fs::write(running.join(STAMP_FILE), STAMP_TEXT).unwrap();
        // A folder that only looks like a leftover holds someone's files.
        let lookalike = tmp.join(".site.okrbook-old-4999999-1");
        std::fs::create_dir_all(&lookalike).unwrap();
        std::fs::write(lookalike.join("notes.txt"), "mine").unwrap();
        let warnings = recover(&Disk, &tmp.join("site"), &tmp, "site");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(running.join(STAMP_FILE).exists());
        assert_eq!(
            std::fs::read_to_string(lookalike.join("notes.txt")).unwrap(),
            "mine"
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_folder_okrbook_did_not_write_is_refused_and_kept() {
        let tmp = scratch("refuse");
        let dest = tmp.join("site");
        std::fs::create_dir_all(&dest).unwrap();
        std::fs::write(dest.join("thesis.tex"), "years of work").unwrap();
        let result = write_staged(&dest, new_site);
        let Err(Failure::Refused { reason, .. }) = result else {
            panic!("expected a refusal, got {result:?}");
        };
        assert!(reason.contains(STAMP_FILE), "{reason}");
        assert_eq!(names(&dest), ["thesis.tex"]);
        assert_eq!(names(&tmp), ["site"]);
        // A file in the place of the folder is refused too.
        std::fs::write(tmp.join("file"), "x").unwrap();
        assert!(matches!(
            write_staged(&tmp.join("file"), new_site),
            Err(Failure::Refused { .. })
        ));
        assert_eq!(std::fs::read_to_string(tmp.join("file")).unwrap(), "x");
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn empty_and_stamped_folders_are_replaced_and_stamped() {
        let tmp = scratch("stamp");
        let dest = tmp.join("site");
        std::fs::create_dir_all(&dest).unwrap();
        write_staged(&dest, new_site).unwrap();
        assert_eq!(names(&dest), [STAMP_FILE, "index.html"]);
        write_staged(&dest, new_site).unwrap();
        assert_eq!(names(&tmp), ["site"]);
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    /// Each step of the swap made to fail in turn: what is reported and what is on disk agree.
    #[test]
    fn every_outcome_of_a_swap_is_told_as_it_is() {
        // 1: moving the previous site aside fails: nothing changed.
        let tmp = scratch("swap1");
        let dest = tmp.join("site");
        previous_site(&dest);
        let result = write_staged_with(&FailingDisk::failing(&[1]), &dest, new_site);
        let Err(Failure::Io { message, untouched }) = result else {
            panic!("expected a failure, got {result:?}");
        };
        assert!(
            untouched && message.contains("nothing was written"),
            "{message}"
        );
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "previous"
        );
        assert_eq!(names(&tmp), ["site"]);

        // 2: moving the new site in fails, the previous one is put back.
        let result = write_staged_with(&FailingDisk::failing(&[2]), &dest, new_site);
        let Err(Failure::Io { message, untouched }) = result else {
            panic!("expected a failure, got {result:?}");
        };
        assert!(untouched && message.contains("put back"), "{message}");
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "previous"
        );
        assert_eq!(names(&tmp), ["site"]);

        // 3: and putting it back fails too: the message says where each site is.
        let result = write_staged_with(&FailingDisk::failing(&[2, 3]), &dest, new_site);
        let Err(Failure::Io { message, untouched }) = result else {
            panic!("expected a failure, got {result:?}");
        };
        assert!(!untouched);
        assert!(!dest.exists());
        let left = names(&tmp);
        assert_eq!(left.len(), 2, "{left:?}");
        for name in &left {
            assert!(
                message.contains(name.as_str()),
                "{message} does not name {name}"
            );
        }
        let old = left.iter().find(|n| n.contains("-old-")).unwrap();
        let new = left.iter().find(|n| n.contains("-new-")).unwrap();
        assert_eq!(
            std::fs::read_to_string(tmp.join(old).join("index.html")).unwrap(),
            "previous"
        );
        assert_eq!(
            std::fs::read_to_string(tmp.join(new).join("index.html")).unwrap(),
            "new"
        );
        std::fs::remove_dir_all(&tmp).unwrap();

        // 4: the new site is in, the previous one cannot be removed: a success with a warning.
        let tmp = scratch("swap4");
        let dest = tmp.join("site");
        previous_site(&dest);
        let written = write_staged_with(&FailingDisk::failing(&[3]), &dest, new_site).unwrap();
        assert_eq!(written.warnings.len(), 1, "{:?}", written.warnings);
        assert!(written.warnings[0].contains("could not be removed"));
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(names(&tmp).len(), 2);
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_leftover_that_cannot_be_removed_warns_and_never_stops_a_build() {
        let tmp = scratch("stuck");
        let dest = tmp.join("site");
        previous_site(&dest);
        let stuck = tmp.join(".site.okrbook-old-4999999-1");
        previous_site(&stuck);
        // The next build cannot remove the leftover (the first operation fails), yet builds.
        let written = write_staged_with(&FailingDisk::failing(&[1]), &dest, new_site).unwrap();
        assert!(
            written
                .warnings
                .iter()
                .any(|w| w.contains("delete it by hand")),
            "{:?}",
            written.warnings
        );
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "new"
        );
        // The one after that removes it.
        write_staged(&dest, new_site).unwrap();
        assert_eq!(names(&tmp), ["site"]);
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
