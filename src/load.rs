//! Stage 1, load: walk the source folder and split every Markdown file into
//! its YAML front matter and its body, keeping line numbers.

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What `okrbook serve` keeps of the files it read, so that a file is read
/// again only when its stamp (device, inode, size, modification and change
/// times) differs. The change time cannot be set back, so a rewrite that
/// restores the old size and modification time still counts. A stamp taken
/// within two seconds of its change time is not trusted (a second write in
/// the same clock tick could keep it, as git's index knows): such a file is
/// read again next time.
#[derive(Default)]
pub struct SourceCache {
    files: HashMap<PathBuf, Kept>,
}

/// A file read, or why it could not be.
type Read = Result<SourceFile, Box<Diagnostic>>;

struct Kept {
    stamp: Stamp,
    trusted: bool,
    file: SourceFile,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Stamp {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

/// The file's stamp, and whether it is old enough to be trusted.
#[cfg(unix)]
fn stamp(path: &Path) -> Option<(Stamp, bool)> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let changed = metadata.ctime();
    let stamp = Stamp {
        device: metadata.dev(),
        inode: metadata.ino(),
        size: metadata.len(),
        modified: (metadata.mtime(), metadata.mtime_nsec()),
        changed: (changed, metadata.ctime_nsec()),
    };
    let settled = i64::try_from(now).is_ok_and(|now| now - changed >= 2);
    Some((stamp, settled))
}

/// Elsewhere every file is read every time.
#[cfg(not(unix))]
fn stamp(_path: &Path) -> Option<(Stamp, bool)> {
    None
}

/// One Markdown file, split.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the source folder, `/`-separated, e.g. `platform/2026-Q4/reliability.md`.
    pub rel_path: String,
    /// Path relative to the handbook's root, for messages, e.g. `content/platform/2026-Q4/reliability.md`.
    pub display_path: String,
    /// The YAML between the `---` lines; `None` when the file has no front matter.
    pub front_matter: Option<FrontMatter>,
    /// Everything after the front matter: the Markdown body.
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// The YAML between the opening and closing `---` lines.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub yaml: String,
    /// 1-based line of the YAML's first line in the file.
    pub first_line: usize,
    /// False when the opening `---` has no closing line.
    pub closed: bool,
}

impl FrontMatter {
    /// The text of the YAML's `line`-th line (1-based, in the file's numbering).
    pub fn file_line(&self, line: usize) -> Option<&str> {
        self.yaml.lines().nth(line.checked_sub(self.first_line)?)
    }
}

/// Everything read from the source folder.
#[derive(Debug, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where to read from and how much.
#[derive(Debug, Clone, Copy)]
pub struct LoadSettings<'a> {
    /// The handbook's folder, resolved: nothing outside it is read.
    pub root: &'a Path,
    /// The source folder, resolved.
    pub src: &'a Path,
    /// The source folder's path relative to the handbook root, used in messages.
    pub display_prefix: &'a str,
    /// Files larger than this many bytes are an error, read no further.
    pub max_file_size: u64,
}

/// How findings name a file under the source folder: `rel` with the source
/// folder's setting (`content`) before it.
pub fn display_path(display_prefix: &str, rel: &str) -> String {
    if display_prefix.is_empty() {
        rel.to_string()
    } else {
        format!("{display_prefix}/{rel}")
    }
}

/// Reads every `*.md` file under the source folder, sorted by path. Only
/// regular files inside the handbook's folder are read: a symbolic link
/// whose target lies outside it is an error and is not followed. Every file
/// is read again on every call, so what is loaded is always what is on disk
/// (the parse cache downstream keys on the text).
pub fn load_sources(settings: LoadSettings) -> Sources {
    load(settings, None)
}

/// Like [`load_sources`], reading only the files whose stamp changed since
/// `cache` was filled (see [`SourceCache`]); what is loaded is what is on disk.
pub fn load_sources_cached(settings: LoadSettings, cache: &mut SourceCache) -> Sources {
    load(settings, Some(cache))
}

fn load(settings: LoadSettings, mut cache: Option<&mut SourceCache>) -> Sources {
    let LoadSettings {
        root,
        src: src_dir,
        display_prefix,
        max_file_size,
    } = settings;
    let mut sources = Sources::default();
    let display = |rel: &str| display_path(display_prefix, rel);
    if !src_dir.is_dir() {
        sources.diagnostics.push(
            Diagnostic::error(
                Code::NoSource,
                &display(""),
                1,
                1,
                format!("the source folder {} does not exist", src_dir.display()),
            )
            .with_help("create it, or set `src` under [book] in book.toml"),
        );
        return sources;
    }
    let mut walker = WalkDir::new(src_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    let mut found: Vec<(std::path::PathBuf, String)> = Vec::new();
    let mut seen_folders = SeenFolders::default();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let rel = error
                    .path()
                    .and_then(|p| p.strip_prefix(src_dir).ok())
                    .map(slash_path)
                    .unwrap_or_default();
                let (code, message, help) = if error.loop_ancestor().is_some() {
                    (
                        Code::SymlinkLoop,
                        "this symbolic link points back into a folder that contains it; it was skipped".to_string(),
                        "remove the link, or point it outside the source folder",
                    )
                } else if error
                    .io_error()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
                {
                    (
                        Code::BrokenLink,
                        "this symbolic link points to nothing; it was skipped".to_string(),
                        "remove the link, or fix what it points to",
                    )
                } else {
                    (
                        Code::Unreadable,
                        format!("cannot read this path: {error}"),
                        "check its permissions",
                    )
                };
                sources
                    .diagnostics
                    .push(Diagnostic::warning(code, &display(&rel), 1, 1, message).with_help(help));
                continue;
            }
        };
        let rel = match entry.path().strip_prefix(src_dir) {
            Ok(rel) => slash_path(rel),
            Err(_) => continue,
        };
        if entry.path_is_symlink() {
            if let Some(finding) = link_outside(entry.path(), root, &display(&rel)) {
                sources.diagnostics.push(finding);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_dir() && links_to_an_ancestor(entry.path()) {
                // walkdir catches links back to a folder it walked through; this
                // catches links to a folder above the source folder, which would
                // read the whole source folder a second time.
                sources.diagnostics.push(
                    Diagnostic::warning(
                        Code::SymlinkLoop,
                        &display(&rel),
                        1,
                        1,
                        "this symbolic link points to a folder that contains it; it was skipped",
                    )
                    .with_help("remove the link, or point it outside the source folder"),
                );
                walker.skip_current_dir();
                continue;
            }
        }
        if entry.file_type().is_dir() && !seen_folders.first_visit(&entry) {
            sources.diagnostics.push(
                Diagnostic::warning(
                    Code::SymlinkLoop,
                    &display(&rel),
                    1,
                    1,
                    "this folder was read already through another path (a symbolic link); it was skipped",
                )
                .with_help("remove the link, so that each folder is reached one way"),
            );
            walker.skip_current_dir();
            continue;
        }
        if entry.depth() > 0 {
            if let Some(finding) = unsafe_name(entry.path(), src_dir, &display(&rel)) {
                sources.diagnostics.push(finding);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if entry.path().extension().and_then(|e| e.to_str()) != Some("md")
            || entry.file_type().is_dir()
        {
            continue;
        }
        if !entry.file_type().is_file() {
            sources.diagnostics.push(
                Diagnostic::error(
                    Code::NotAFile,
                    &display(&rel),
                    1,
                    1,
                    "this is not a regular file (a pipe, a socket or a device); it was not read",
                )
                .with_help("replace it with a regular Markdown file"),
            );
            continue;
        }
        if let Some(finding) = unsafe_path(&rel, &display(&rel)) {
            sources.diagnostics.push(finding);
            continue;
        }
        found.push((entry.into_path(), rel));
    }
    sources.diagnostics.extend(path_conflicts(
        found.iter().map(|(_, rel)| rel.as_str()),
        &display,
    ));
    let keep = cache.is_some();
    let previous = cache
        .as_deref_mut()
        .map(|cache| std::mem::take(&mut cache.files))
        .unwrap_or_default();
    // Reading and splitting is independent per file: do it on every core, in path order.
    let read: Vec<(Read, Option<(PathBuf, Kept)>)> = found
        .into_par_iter()
        .map(|(path, rel)| {
            // Stamped before reading: a write during the read changes the stamp.
            let stamped = if keep { stamp(&path) } else { None };
            if let (Some((stamp, _)), Some(kept)) = (stamped, previous.get(&path)) {
                if kept.trusted && kept.stamp == stamp && kept.file.rel_path == rel {
                    let kept = Kept {
                        stamp,
                        trusted: true,
                        file: kept.file.clone(),
                    };
                    return (Ok(kept.file.clone()), Some((path, kept)));
                }
            }
            let display_path = display(&rel);
            let result = read_source(&path, rel, display_path, max_file_size);
            let kept = match (&result, stamped) {
                (Ok(file), Some((stamp, trusted))) => Some((
                    path,
                    Kept {
                        stamp,
                        trusted,
                        file: file.clone(),
                    },
                )),
                _ => None,
            };
            (result, kept)
        })
        .collect();
    for (result, kept) in read {
        if let (Some(cache), Some((path, kept))) = (cache.as_deref_mut(), kept) {
            cache.files.insert(path, kept);
        }
        match result {
            Ok(file) => sources.files.push(file),
            Err(finding) => sources.diagnostics.push(*finding),
        }
    }
    sources
}

/// The folders walked so far, by device and inode: links may reach one
/// folder many ways (`d0/a` and `d0/b` both to `d1`, and so on down), which
/// would read it, and everything below it, exponentially many times.
#[derive(Default)]
struct SeenFolders {
    #[cfg(unix)]
    seen: std::collections::HashSet<(u64, u64)>,
}

impl SeenFolders {
    /// Whether `entry`, a folder, is reached for the first time.
    fn first_visit(&mut self, entry: &walkdir::DirEntry) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            match entry.metadata() {
                Ok(metadata) => self.seen.insert((metadata.dev(), metadata.ino())),
                Err(_) => true,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = entry;
            true
        }
    }
}

/// Reads one Markdown file and splits it, or says why it cannot be read.
fn read_source(
    path: &Path,
    rel: String,
    display_path: String,
    max_file_size: u64,
) -> Result<SourceFile, Box<Diagnostic>> {
    let bytes = crate::paths::read_limited(path, max_file_size).map_err(|error| {
        Box::new(match error {
            crate::paths::ReadError::TooLarge { limit } => Diagnostic::error(
                Code::FileTooLarge,
                &display_path,
                1,
                1,
                format!(
                    "this file is larger than {}, the most okrbook reads from one file",
                    crate::paths::human_size(limit)
                ),
            )
            .with_help(
                "split it into several files, or raise `max-file-size` under [build] in book.toml",
            ),
            crate::paths::ReadError::NotRegular => Diagnostic::error(
                Code::NotAFile,
                &display_path,
                1,
                1,
                "this is not a regular file; it was not read",
            )
            .with_help("replace it with a regular Markdown file"),
            crate::paths::ReadError::Io(error) => Diagnostic::error(
                Code::Unreadable,
                &display_path,
                1,
                1,
                format!("cannot read this file: {error}"),
            ),
        })
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(split(rel, display_path, &text)),
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let valid_text = String::from_utf8_lossy(valid);
            let (line, column) = crate::locate::line_and_column(&valid_text, valid_text.len());
            Err(Box::new(
                Diagnostic::error(
                    Code::NotUtf8,
                    &display_path,
                    line,
                    column,
                    "this file is not UTF-8 text",
                )
                .with_help("save it as UTF-8 (most editors have an \"encoding\" setting)"),
            ))
        }
    }
}

/// A symbolic link whose target lies outside the handbook's folder (or
/// cannot be resolved) is refused: following it could publish any file the
/// machine can read, `/etc/passwd` or a CI job's environment.
fn link_outside(link: &Path, root: &Path, display_path: &str) -> Option<Diagnostic> {
    match std::fs::canonicalize(link) {
        Ok(target) if crate::paths::is_within(&target, root) => None,
        Ok(target) => Some(
            Diagnostic::error(
                Code::OutsideHandbook,
                display_path,
                1,
                1,
                format!(
                    "this symbolic link points to {}, outside the handbook folder; it was not followed",
                    target.display()
                ),
            )
            .with_help("okrbook reads only inside the folder that holds book.toml: copy the file in, or remove the link"),
        ),
        Err(error) => Some(Diagnostic::error(
            Code::OutsideHandbook,
            display_path,
            1,
            1,
            format!("this symbolic link cannot be resolved ({error}); it was not followed"),
        )),
    }
}

/// A file or folder name that cannot become a safe, portable URL segment:
/// not UTF-8, or holding a control character or a `\\` (a folder named
/// `\\host` would read as another host in a link, and cannot be checked out
/// on Windows).
fn unsafe_name(path: &Path, src_dir: &Path, display_path: &str) -> Option<Diagnostic> {
    let name = path.file_name()?;
    let problem = match name.to_str() {
        None => "is not valid UTF-8",
        Some(name) if name.chars().any(char::is_control) => "holds a control character",
        Some(name) if name.contains('\\') => "holds a `\\`",
        Some(_) => return None,
    };
    let shown = path
        .strip_prefix(src_dir)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| display_path.to_string());
    Some(
        Diagnostic::error(
            Code::UnsafePath,
            display_path,
            1,
            1,
            format!("the name {shown:?} {problem}, so it cannot be part of a page's address; it was not read"),
        )
        .with_help("rename it with letters, digits, `-` and `_`"),
    )
}

/// Files and folders whose paths are equal once case is folded and Unicode
/// normalized (NFC): on macOS and Windows they would be one file, and a
/// clone there would silently lose one of them.
fn path_conflicts<'a>(
    paths: impl Iterator<Item = &'a str>,
    display: &impl Fn(&str) -> String,
) -> Vec<Diagnostic> {
    let mut first_spelling: std::collections::HashMap<String, &str> =
        std::collections::HashMap::new();
    let mut reported: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut findings = Vec::new();
    for path in paths {
        // The path itself and each folder above it.
        let prefixes = path
            .match_indices('/')
            .map(|(at, _)| &path[..at])
            .chain(std::iter::once(path));
        for prefix in prefixes {
            let key = crate::paths::collision_key(prefix);
            match first_spelling.get(key.as_str()) {
                Some(&other) if other != prefix => {
                    if !reported.insert(prefix) {
                        continue;
                    }
                    let what = if prefix == path { "file" } else { "folder" };
                    findings.push(
                        Diagnostic::error(
                            Code::PathConflict,
                            &display(prefix),
                            1,
                            1,
                            format!(
                                "{} and {} differ only in upper and lower case or in how accents are encoded; on macOS and Windows they are the same {what}",
                                display(other),
                                display(prefix),
                            ),
                        )
                        .with_help("rename one of them so that the names differ in letters"),
                    );
                }
                Some(_) => {}
                None => {
                    first_spelling.insert(key, prefix);
                }
            }
        }
    }
    findings
}

/// Whether the folder that the symbolic link `link` points to contains the link.
fn links_to_an_ancestor(link: &Path) -> bool {
    let target = std::fs::canonicalize(link);
    let parent = link.parent().map(std::fs::canonicalize);
    match (target, parent) {
        (Ok(target), Some(Ok(parent))) => parent.starts_with(target),
        _ => false,
    }
}

/// A source path whose first folder or file name holds a `:` is refused: its
/// page's path, linked as it is from pages at the site's root, would read as a
/// URL scheme (`javascript:alert(1)//x.md` would run a script on a click).
fn unsafe_path(rel: &str, display_path: &str) -> Option<Diagnostic> {
    let first = rel.split('/').next().unwrap_or(rel);
    first.contains(':').then(|| {
        Diagnostic::error(
            Code::UnsafePath,
            display_path,
            1,
            1,
            format!("the name `{first}` holds a `:`, which a link to its page would read as a URL scheme"),
        )
        .with_help("rename it without `:` (a `-` reads well)")
    })
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits a file's text into front matter and body. A file whose first line is
/// not `---` has no front matter. An opening `---` that is never closed leaves
/// the whole file as the YAML, so that the YAML stage reports it.
pub fn split(rel_path: String, display_path: String, text: &str) -> SourceFile {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return SourceFile {
            rel_path,
            display_path,
            front_matter: None,
            body: text.to_string(),
            body_line: 1,
        };
    }
    let mut offset = first.len();
    let mut line_number = 2;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = text[first.len()..offset].to_string();
            let body = text[offset + line.len()..].to_string();
            return SourceFile {
                rel_path,
                display_path,
                front_matter: Some(FrontMatter {
                    yaml,
                    first_line: 2,
                    closed: true,
                }),
                body,
                body_line: line_number + 1,
            };
        }
        offset += line.len();
        line_number += 1;
    }
    SourceFile {
        rel_path,
        display_path,
        front_matter: Some(FrontMatter {
            yaml: text[first.len()..].to_string(),
            first_line: 2,
            closed: false,
        }),
        body: String::new(),
        body_line: line_number,
    }
}

/// Reads the data files that key results name with `source:`, under the same
/// rules as the sources: only regular files inside the handbook's folder,
/// after every symbolic link is resolved, and no larger than `max-file-size`.
#[derive(Debug, Clone)]
pub struct DataFiles {
    /// The handbook's folder, resolved.
    pub root: std::path::PathBuf,
    /// Files larger than this many bytes are refused.
    pub max_file_size: u64,
}

impl DataFiles {
    /// The text of the file at `written`, a `/`-separated path relative to
    /// the handbook's root; or why it cannot be read, as a sentence and a hint.
    pub fn read(&self, written: &str) -> Result<String, (Code, String, &'static str)> {
        let trimmed = written.trim();
        let relative = Path::new(trimmed);
        if trimmed.is_empty() || relative.is_absolute() || trimmed.starts_with('/') {
            return Err((
                Code::OutsideHandbook,
                format!("`{written}` is not a path inside the handbook"),
                "write the data file's path relative to the handbook's folder (where book.toml is), for example `data/latency.csv`",
            ));
        }
        let joined = self.root.join(relative);
        let resolved = crate::paths::resolve(&joined).map_err(|error| {
            (
                Code::Unreadable,
                format!("the data file `{written}` cannot be read: {error}"),
                "write the path of a file in the handbook's folder",
            )
        })?;
        if !crate::paths::is_within(&resolved, &self.root) {
            return Err((
                Code::OutsideHandbook,
                format!("the data file `{written}` lies outside the handbook; it is not read"),
                "keep data files inside the handbook's folder, for example under `data/`",
            ));
        }
        // A link inside the handbook still hides where the numbers come from.
        if std::fs::symlink_metadata(&joined).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err((
                Code::OutsideHandbook,
                format!("the data file `{written}` is a symbolic link; it is not followed"),
                "name the file itself, not a link to it",
            ));
        }
        let bytes = crate::paths::read_limited(&resolved, self.max_file_size).map_err(|error| match error {
            crate::paths::ReadError::TooLarge { limit } => (
                Code::FileTooLarge,
                format!(
                    "the data file `{written}` is larger than {}",
                    crate::paths::human_size(limit)
                ),
                "keep fewer rows, or raise `max-file-size` under [build] in book.toml",
            ),
            crate::paths::ReadError::NotRegular => (
                Code::NotAFile,
                format!("`{written}` is not a regular file; it is not opened"),
                "name a .csv or .json file",
            ),
            crate::paths::ReadError::Io(error) if error.kind() == std::io::ErrorKind::NotFound => (
                Code::Unreadable,
                format!("the data file `{written}` does not exist"),
                "write the path relative to the handbook's folder (where book.toml is), for example `data/latency.csv`",
            ),
            crate::paths::ReadError::Io(error) => (
                Code::Unreadable,
                format!("the data file `{written}` cannot be read: {error}"),
                "check the file's permissions",
            ),
        })?;
        String::from_utf8(bytes).map_err(|_| {
            (
                Code::NotUtf8,
                format!("the data file `{written}` is not UTF-8 text"),
                "save it as UTF-8",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bodies of every file `load_sources_cached` gives for `src`, in path order.
    fn bodies(src: &Path, cache: &mut SourceCache) -> Vec<String> {
        let settings = LoadSettings {
            root: src,
            src,
            display_prefix: "content",
            max_file_size: 1 << 20,
        };
        load_sources_cached(settings, cache)
            .files
            .into_iter()
            .map(|file| file.body)
            .collect()
    }

    #[test]
    fn serve_reads_again_only_files_whose_stamp_changed() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let src = dir.path();
        std::fs::write(src.join("a.md"), "alpha\n").expect("write");
        std::fs::write(src.join("b.md"), "bravo\n").expect("write");
        let mut cache = SourceCache::default();
        assert_eq!(bodies(src, &mut cache), ["alpha\n", "bravo\n"]);

        // Fresh stamps are not trusted: both files are read again.
        for kept in cache.files.values_mut() {
            kept.file.body = "kept".into();
        }
        assert_eq!(bodies(src, &mut cache), ["alpha\n", "bravo\n"]);

        // Trusted and unchanged: what the cache kept is used, nothing is read.
        for kept in cache.files.values_mut() {
            kept.trusted = true;
            kept.file.body = "kept".into();
        }
        assert_eq!(bodies(src, &mut cache), ["kept", "kept"]);

        // A same-size rewrite that restores the modification time still
        // changes the change time: that file is read again.
        let path = src.join("b.md");
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, "BRAVO\n").expect("rewrite");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|file| file.set_modified(modified))
            .expect("restore the mtime");
        assert_eq!(bodies(src, &mut cache), ["kept", "BRAVO\n"]);
    }

    fn split_text(text: &str) -> SourceFile {
        split("a.md".into(), "content/a.md".into(), text)
    }

    #[test]
    fn splits_front_matter_and_keeps_lines() {
        let file = split_text("---\ntitle: A\nperiod: 2026-Q4\n---\n# Body\ntext\n");
        let front = file.front_matter.as_ref().unwrap();
        assert_eq!(front.yaml, "title: A\nperiod: 2026-Q4\n");
        assert_eq!(front.first_line, 2);
        assert_eq!(front.file_line(3), Some("period: 2026-Q4"));
        assert_eq!(file.body, "# Body\ntext\n");
        assert_eq!(file.body_line, 5);
    }

    #[test]
    fn no_front_matter_and_empty_files_are_plain_pages() {
        let file = split_text("# Just prose\n");
        assert!(file.front_matter.is_none());
        assert_eq!(file.body, "# Just prose\n");
        let empty = split_text("");
        assert!(empty.front_matter.is_none());
        assert_eq!(empty.body, "");
    }

    #[test]
    fn handles_crlf_and_bom() {
        let file = split_text("\u{feff}---\r\ntitle: A\r\n---\r\nbody\r\n");
        assert_eq!(file.front_matter.unwrap().yaml, "title: A\r\n");
        assert_eq!(file.body, "body\r\n");
    }
}
