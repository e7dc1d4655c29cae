//! Opening one side of a comparison: a handbook folder on disk, or a git
//! revision copied out with [`super::git`].

use super::git;
use std::path::{Path, PathBuf};

/// Where one side of a comparison comes from.
#[derive(Debug)]
pub enum Side {
    /// A handbook folder on disk.
    Folder {
        /// The handbook folder as given, or `dir` itself for the working tree.
        root: PathBuf,
        /// How the side is named in the report: the argument, or "the working tree".
        label: String,
    },
    /// A git revision, copied into a temporary folder that is removed on drop.
    Revision {
        /// The revision as given on the command line.
        revision: String,
        /// The temporary copy of that revision's tree.
        snapshot: git::Snapshot,
    },
}

impl Side {
    /// Opens `arg`: an existing folder is read as a handbook folder, anything
    /// else as a git revision of the repository that holds `dir`. `None` is
    /// `dir` itself, as it is on disk (the working tree).
    pub fn open(arg: Option<&str>, dir: &Path) -> Result<Side, String> {
        let Some(arg) = arg else {
            return Ok(Side::Folder {
                root: dir.to_path_buf(),
                label: "the working tree".to_string(),
            });
        };
        let path = Path::new(arg);
        if path.is_dir() {
            // A pull request could add a folder named `HEAD` or `origin/main`
            // to make the diff compare folders of its choosing.
            let plainly_a_folder =
                arg.starts_with("./") || arg.starts_with("../") || path.is_absolute();
            if !plainly_a_folder && git::is_revision(dir, arg) {
                return Err(format!(
                    "`{arg}` names both a folder and a git revision; write `./{arg}` for the folder, or the revision's commit id (`git rev-parse {arg}`)"
                ));
            }
            return Ok(Side::Folder {
                root: path.to_path_buf(),
                label: arg.to_string(),
            });
        }
        match git::snapshot(dir, arg) {
            Ok(snapshot) => Ok(Side::Revision {
                revision: arg.to_string(),
                snapshot,
            }),
            Err(message) => Err(format!(
                "`{arg}` is not a folder, so it was read as a git revision: {message}"
            )),
        }
    }

    /// The handbook's root folder.
    pub fn root(&self) -> &Path {
        match self {
            Side::Folder { root, .. } => root,
            Side::Revision { snapshot, .. } => snapshot.root(),
        }
    }

    /// How the side is named in the summary: the folder as given, or the
    /// revision with its short commit id.
    pub fn label(&self) -> String {
        match self {
            Side::Folder { label, .. } => label.clone(),
            Side::Revision { revision, snapshot } => {
                let short: String = snapshot.commit.chars().take(7).collect();
                if revision.starts_with(&short) {
                    short
                } else {
                    format!("{revision} ({short})")
                }
            }
        }
    }
}
