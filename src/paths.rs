//! Paths from a file, a flag or `book.toml`, resolved and checked before use:
//! symbolic links followed, `..` collapsed, so that "is this inside the
//! handbook?" is asked of the place the path really names. A leaf module:
//! it imports nothing of okrbook's.

use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// The real place `path` names: absolute, with every symbolic link of the
/// part that exists resolved and `.`/`..` collapsed in order. The part that
/// does not exist yet is appended as written (it cannot hold a link). A
/// symbolic link that points to nothing is an error: writing through it
/// would create a file wherever it points.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    // How many trailing components of `resolved` do not exist (yet).
    let mut missing = 0usize;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            // `resolved` holds no link (each step was resolved), so `..` is its parent.
            Component::ParentDir => {
                resolved.pop();
                missing = missing.saturating_sub(1);
            }
            Component::Normal(name) => {
                resolved.push(name);
                if missing > 0 {
                    missing += 1;
                    continue;
                }
                match std::fs::canonicalize(&resolved) {
                    Ok(real) => resolved = real,
                    Err(error) if error.kind() == io::ErrorKind::NotFound => {
                        if std::fs::symlink_metadata(&resolved).is_ok() {
                            return Err(io::Error::new(
                                io::ErrorKind::InvalidInput,
                                format!(
                                    "{} is a symbolic link to something that does not exist",
                                    resolved.display()
                                ),
                            ));
                        }
                        missing = 1;
                    }
                    Err(error) => return Err(error),
                }
            }
        }
    }
    Ok(resolved)
}

/// Whether `path` is `folder` or lies inside it (both resolved).
pub fn is_within(path: &Path, folder: &Path) -> bool {
    path.starts_with(folder)
}

/// Why a file could not be read whole.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file (a folder, a device, a pipe, a socket).
    NotRegular,
    /// Larger than the limit, in bytes; nothing past the limit was read.
    TooLarge {
        limit: u64,
    },
    Io(io::Error),
}

/// Reads a regular file of at most `limit` bytes. The limit holds even for
/// files whose size the system reports wrongly (as `/proc` does): at most
/// `limit + 1` bytes are ever read.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    // Before opening: opening a pipe blocks until someone writes to it.
    if !std::fs::metadata(path).map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular);
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// A size in bytes as people read it: `1 MiB`, `512 KiB`, `300 bytes`.
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Percent-encodes one segment of a URL path: every byte but ASCII letters,
/// digits and `-._~` becomes `%XX`, so that no name (`#`, `?`, `%`, `\`, a
/// space, a non-ASCII letter) can end a path early, start another host or
/// read as a scheme.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Percent-encodes a `/`-separated path, segment by segment.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// The form two paths share when a case-insensitive or normalizing file
/// system (macOS, Windows) would store them as one: Unicode NFC, lower case.
pub fn collision_key(path: &str) -> String {
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
    let lower = nfc.normalize(path).to_lowercase();
    nfc.normalize(&lower).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_only_unreserved_bytes() {
        assert_eq!(encode_segment("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(encode_segment("\\\\evil.example"), "%5C%5Cevil.example");
        assert_eq!(encode_segment("50% #1?"), "50%25%20%231%3F");
        assert_eq!(encode_segment("ł"), "%C5%82");
        assert_eq!(encode_path("team/a b.html"), "team/a%20b.html");
    }

    #[test]
    fn case_and_normalization_collide() {
        assert_eq!(
            collision_key("Platform/A.md"),
            collision_key("platform/a.md")
        );
        // "é" precomposed (NFC) and as "e" + combining acute (NFD).
        assert_eq!(
            collision_key("caf\u{e9}.md"),
            collision_key("cafe\u{301}.md")
        );
        assert_ne!(collision_key("a.md"), collision_key("b.md"));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(1024 * 1024), "1 MiB");
        assert_eq!(human_size(512 * 1024), "512 KiB");
        assert_eq!(human_size(300), "300 bytes");
    }

    #[test]
    fn parent_steps_are_taken_after_links_are_resolved() {
        let tmp = std::env::temp_dir().join(format!("okrbook-paths-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(tmp.join("real/inner")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.join("real/inner"), tmp.join("link")).unwrap();
            let real = std::fs::canonicalize(&tmp).unwrap();
            // link/.. is the parent of what the link points to, not `tmp`.
            assert_eq!(resolve(&tmp.join("link/..")).unwrap(), real.join("real"));
            assert_eq!(
                resolve(&tmp.join("link/new/../x")).unwrap(),
                real.join("real/inner/x")
            );
            // Back out of a missing folder, links are resolved again.
            assert_eq!(
                resolve(&tmp.join("new/../link/../y")).unwrap(),
                real.join("real/y")
            );
            std::os::unix::fs::symlink(tmp.join("nowhere"), tmp.join("dangling")).unwrap();
            assert!(resolve(&tmp.join("dangling")).is_err());
        }
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
