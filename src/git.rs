//! Running the `git` command, for the stages and commands that read a
//! handbook's history: `diff` (a handbook at a revision) and `history`
//! (how key results' targets changed). `git` always runs as a process with
//! fixed arguments, never through a shell; what it prints is checked before
//! it names a file.

use std::io::{BufRead, BufReader, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The path of `dir` inside its git repository, `/`-separated with a trailing
/// `/` (`docs/okrs/`), empty at the repository's root. `None` when `git` is
/// missing or `dir` is not in a repository.
pub fn show_prefix(dir: &Path) -> Option<String> {
    let output = git(dir, &["rev-parse", "--show-prefix"]).ok()?;
    if !output.status.success() {
        return None;
    }
    let prefix = String::from_utf8(output.stdout).ok()?;
    Some(prefix.trim_end_matches(['\n', '\r']).to_string())
}

/// The full id of the commit `HEAD` names in the repository that holds
/// `dir`; `None` outside a repository, in one without commits, or without `git`.
pub fn head(dir: &Path) -> Option<String> {
    let output = git(dir, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).ok()?;
    let id = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && is_object_id(&id)).then_some(id)
}

/// Whether `text` is a full object id: 40 (SHA-1) or 64 (SHA-256) hex digits.
pub fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Runs `git -C dir args…` and collects its output.
pub fn git(dir: &Path, args: &[&str]) -> Result<Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(spawn_error)
}

/// A sentence for people about a `git` that could not be started.
pub fn spawn_error(error: std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::NotFound {
        "the `git` command was not found: install git to compare revisions, or compare two folders"
            .to_string()
    } else {
        format!("cannot run `git`: {error}")
    }
}

/// The first line of `git`'s error output, without `fatal: `.
pub fn first_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let line = text.lines().next().unwrap_or("").trim();
    line.strip_prefix("fatal: ").unwrap_or(line).to_string()
}

/// The path as relative components only: no `..`, no root, no drive.
pub fn safe_relative(path: &str) -> Option<PathBuf> {
    let path = Path::new(path);
    (!path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_))))
        .then(|| path.to_path_buf())
}

/// The contents of objects (`<id>` or `<commit>:<path>`), in order, with one
/// `git cat-file --batch`; `None` for an object that does not exist or is not a blob.
pub fn read_objects(dir: &Path, objects: &[String]) -> Result<Vec<Option<Vec<u8>>>, String> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    // A name on several lines would shift every answer after it.
    if objects.iter().any(|o| o.contains(['\n', '\r'])) {
        return Err("an object name holds a line break".to_string());
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(spawn_error)?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err("cannot talk to `git cat-file`".to_string());
    };
    let request: String = objects.iter().map(|o| format!("{o}\n")).collect();
    // Written from a thread, so that a full output pipe cannot block the input.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(stdout);
    let mut blobs = Vec::with_capacity(objects.len());
    let mut failure = None;
    for object in objects {
        match read_one(&mut reader) {
            Ok(bytes) => blobs.push(bytes),
            Err(message) => {
                failure = Some(format!("cannot read object {object}: {message}"));
                break;
            }
        }
    }
    drop(reader);
    let _ = writer.join();
    if failure.is_some() {
        let _ = child.kill();
    }
    let _ = child.wait();
    match failure {
        Some(message) => Err(message),
        None => Ok(blobs),
    }
}

/// The contents of blobs, in order, with one `git cat-file --batch`; an
/// object that is missing is an error.
pub fn read_blobs(dir: &Path, objects: &[String]) -> Result<Vec<Vec<u8>>, String> {
    read_objects(dir, objects)?
        .into_iter()
        .zip(objects)
        .map(|(blob, object)| blob.ok_or_else(|| format!("cannot read object {object}: missing")))
        .collect()
}

/// One record of `git cat-file --batch`: `<object> <type> <size>\n<contents>\n`,
/// or `<name> missing\n` (`None`). An object that is not a blob is `None` too.
fn read_one(reader: &mut impl BufRead) -> Result<Option<Vec<u8>>, String> {
    let mut header = String::new();
    reader
        .read_line(&mut header)
        .map_err(|e| format!("git stopped answering ({e})"))?;
    if header.is_empty() {
        return Err("git stopped answering".to_string());
    }
    if header.trim_end().ends_with(" missing") || header.trim_end().ends_with(" ambiguous") {
        return Ok(None);
    }
    let fields: Vec<&str> = header.split_whitespace().collect();
    let (kind, size) = match fields.as_slice() {
        [_, kind, size] => (
            *kind,
            size.parse::<usize>()
                .map_err(|_| format!("unexpected answer from git: {}", header.trim()))?,
        ),
        _ => return Err(format!("unexpected answer from git: {}", header.trim())),
    };
    let mut bytes = vec![0; size];
    reader
        .read_exact(&mut bytes)
        .map_err(|e| format!("git stopped answering ({e})"))?;
    let mut newline = [0u8; 1];
    reader
        .read_exact(&mut newline)
        .map_err(|e| format!("git stopped answering ({e})"))?;
    Ok((kind == "blob").then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_paths_relative() {
        assert!(safe_relative("content/a.md").is_some());
        assert!(safe_relative("../a.md").is_none());
        assert!(safe_relative("a/../../b.md").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("").is_none());
    }

    #[test]
    fn reads_batch_records() {
        let mut input: &[u8] = b"abc blob 5\nhello\nabd blob 0\n\nabe tree 3\nxyz\n";
        assert_eq!(read_one(&mut input).unwrap(), Some(b"hello".to_vec()));
        assert_eq!(read_one(&mut input).unwrap(), Some(Vec::new()));
        assert_eq!(read_one(&mut input).unwrap(), None);
        assert!(read_one(&mut input).is_err());
        let mut missing: &[u8] = b"HEAD:a.md missing\n";
        assert_eq!(read_one(&mut missing).unwrap(), None);
        let mut odd: &[u8] = b"what\n";
        assert!(read_one(&mut odd).is_err());
    }

    #[test]
    fn knows_object_ids() {
        assert!(is_object_id(&"a".repeat(40)));
        assert!(!is_object_id("HEAD"));
        assert!(!is_object_id(&"g".repeat(40)));
    }
}
