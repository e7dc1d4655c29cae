//! Where a handbook's folders really are: the root, the source folder, the
//! theme and the build folder, each resolved (links followed, `..`
//! collapsed) and checked before anything is read or written. okrbook reads
//! only inside the handbook's folder, and writes only into a build folder
//! that holds none of the handbook's own files.

use crate::codes::Code;
use crate::config::{Config, CONFIG_FILE};
use crate::diagnostic::Diagnostic;
use crate::paths::{is_within, resolve};
use std::path::{Path, PathBuf};

/// The handbook's folders, resolved.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The folder that holds `book.toml`.
    pub root: PathBuf,
    /// The source folder (`src`), inside `root`.
    pub src: PathBuf,
}

/// Resolves the root and the source folder; a source folder outside the
/// handbook's folder is refused.
pub fn sources(root: &Path, config: &Config) -> Result<Layout, Box<Diagnostic>> {
    let root = resolve(root).map_err(|error| {
        Box::new(Diagnostic::error(
            Code::NoConfig,
            CONFIG_FILE,
            1,
            1,
            format!(
                "cannot resolve the handbook folder {}: {error}",
                root.display()
            ),
        ))
    })?;
    let src = inside(&root, &config.src, config, "src")?;
    Ok(Layout { root, src })
}

/// The folder of the handbook's theme `themes/<name>/`, resolved; one that
/// lies outside the handbook's folder (through a link) is refused.
pub fn theme_folder(layout: &Layout, config: &Config) -> Result<PathBuf, Box<Diagnostic>> {
    inside(
        &layout.root,
        &format!("themes/{}", config.theme),
        config,
        "theme",
    )
}

/// `relative`, resolved against `root`, when it lies inside `root`.
fn inside(
    root: &Path,
    relative: &str,
    config: &Config,
    key: &str,
) -> Result<PathBuf, Box<Diagnostic>> {
    let (line, column) = config.position(key);
    let resolved = resolve(&root.join(relative)).map_err(|error| {
        Box::new(Diagnostic::error(
            Code::OutsideHandbook,
            CONFIG_FILE,
            line,
            column,
            format!("`{key}` names {relative}, which cannot be resolved: {error}"),
        ))
    })?;
    if is_within(&resolved, root) {
        Ok(resolved)
    } else {
        Err(Box::new(
            Diagnostic::error(
                Code::OutsideHandbook,
                CONFIG_FILE,
                line,
                column,
                format!(
                    "`{key}` names {relative}, which is {} and lies outside the handbook folder {}",
                    resolved.display(),
                    root.display()
                ),
            )
            .with_help(
                "okrbook reads only inside the folder that holds book.toml; move the folder there",
            ),
        ))
    }
}

/// The build folder, resolved and checked: `--dest-dir` when given, else
/// `build-dir` from `book.toml`, which must lie inside the handbook's
/// folder. Neither may be, contain or lie inside the source folder, the
/// themes, `book.toml` or `.git`, nor be or contain the handbook's folder.
/// Whether an existing folder may be replaced is the write stage's to say.
pub fn destination(
    layout: &Layout,
    config: &Config,
    dest_dir: Option<&Path>,
) -> Result<PathBuf, Box<Diagnostic>> {
    let (file, (line, column), named) = match dest_dir {
        Some(flag) => ("--dest-dir", (1, 1), flag.display().to_string()),
        None => (
            CONFIG_FILE,
            config.position("build-dir"),
            config.build_dir.clone(),
        ),
    };
    let refuse = |message: String, help: &str| {
        Box::new(
            Diagnostic::error(Code::UnsafeDestination, file, line, column, message).with_help(help),
        )
    };
    let requested = match dest_dir {
        Some(flag) => flag.to_path_buf(),
        None => layout.root.join(&config.build_dir),
    };
    let dest = resolve(&requested).map_err(|error| {
        refuse(
            format!("the build folder {named} cannot be resolved: {error}"),
            "name a folder that exists or can be created",
        )
    })?;
    if dest_dir.is_none() && !is_within(&dest, &layout.root) {
        return Err(refuse(
            format!(
                "`build-dir` is {named}, which is {} and lies outside the handbook folder {}",
                dest.display(),
                layout.root.display()
            ),
            "choose a folder inside the handbook, such as \"book\", or pass --dest-dir to build elsewhere",
        ));
    }
    if is_within(&layout.root, &dest) {
        return Err(refuse(
            format!(
                "the build folder {named} is {}, which holds the whole handbook; building there would delete it",
                dest.display()
            ),
            "choose a folder of its own, such as \"book\"",
        ));
    }
    let protected = [
        (layout.src.clone(), "the source folder"),
        (layout.root.join("themes"), "the themes folder"),
        (layout.root.join(CONFIG_FILE), "book.toml"),
        (layout.root.join(".git"), "the git repository"),
    ];
    for (path, what) in protected {
        let path = resolve(&path).unwrap_or(path);
        if is_within(&dest, &path) || is_within(&path, &dest) {
            return Err(refuse(
                format!(
                    "the build folder {named} is {}, which would overwrite {what} ({})",
                    dest.display(),
                    path.display()
                ),
                "choose a folder of its own, outside the source and theme folders, such as \"book\"",
            ));
        }
    }
    Ok(dest)
}
