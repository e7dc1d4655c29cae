//! What okrbook reads, writes and deletes, tried as a hostile contributor and
//! a careless user would: build folders that name the handbook's own files,
//! symbolic links out of the handbook, oversized and special files, names
//! that would make unsafe or colliding URLs, and files rewritten behind the
//! cache's back. Every refusal must leave every byte on disk as it was.

#![cfg(unix)]

mod common;

use common::*;
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-15";

/// Every file under `dir`, links as their targets' paths, dot files and `.git` too.
fn everything(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir_all(dir) {
        let rel = entry
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let meta = std::fs::symlink_metadata(&entry).unwrap();
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&entry).unwrap();
            files.insert(rel, format!("-> {}", target.display()).into_bytes());
        } else if meta.is_file() {
            files.insert(rel, std::fs::read(&entry).unwrap());
        } else {
            files.insert(format!("{rel}/"), Vec::new());
        }
    }
    files
}

fn walkdir_all(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
            }
            out.push(path);
        }
    }
    out
}

/// A work folder holding a copy of the cascade fixture at `work/handbook`,
/// with a git repository's files and an unrelated folder beside it.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = temp();
    let work = tmp.path().join("work");
    let root = work.join("handbook");
    copy_dir(&fixture("cascade"), &root);
    write(&root, ".git/HEAD", "ref: refs/heads/main\n");
    write(&root, ".git/objects/ab/cdef", "history");
    write(&work, "sibling/thesis.tex", "years of work");
    (tmp, work, root)
}

/// `book.toml` with `build-dir` set to `value` (and `extra` lines under [build]).
fn set_build(root: &Path, value: &str, extra: &str) {
    let text = std::fs::read_to_string(fixture("cascade").join("book.toml")).unwrap();
    let text = text.replace(
        "build-dir = \"book\"",
        &format!("build-dir = \"{value}\"\n{extra}"),
    );
    std::fs::write(root.join("book.toml"), text).unwrap();
}

fn build(root: &Path, extra: &[&str]) -> std::process::Output {
    okrbook()
        .arg("build")
        .arg(root)
        .args(["--as-of", AS_OF])
        .args(extra)
        .output()
        .unwrap()
}

fn check(root: &Path) -> std::process::Output {
    okrbook()
        .arg("check")
        .arg(root)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap()
}

#[track_caller]
fn assert_fails_with(output: &std::process::Output, code: &str, located: &str) {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let heads = headlines(&text);
    assert!(
        heads
            .iter()
            .any(|h| h.starts_with(located) && h.ends_with(&format!("[{code}]"))),
        "expected {located}…[{code}] in:\n{text}"
    );
}

#[test]
fn build_folders_that_name_the_handbooks_own_files_or_lie_outside_are_refused() {
    let (_tmp, work, root) = workspace();
    let name = root.file_name().unwrap().to_string_lossy().into_owned();
    symlink(work.join("sibling"), root.join("out-link")).unwrap();
    for build_dir in [
        ".git",
        ".git/site",
        &format!("../{name}"),
        "x/../content",
        "content",
        "content/site",
        "book.toml",
        "themes",
        "themes/custom",
        "../sibling",
        "../new-folder",
        "/tmp",
        "out-link",
        "out-link/site",
    ] {
        set_build(&root, build_dir, "");
        let before = everything(&work);
        let output = build(&root, &[]);
        // The finding points at `build-dir` in book.toml (line 7 of the fixture).
        assert_fails_with(&output, "unsafe-destination", "book.toml:7:1");
        assert!(
            stderr(&output).contains("Nothing was written"),
            "{}",
            stderr(&output)
        );
        assert!(
            everything(&work) == before,
            "build-dir = {build_dir:?} changed files on disk"
        );
    }
}

#[test]
fn dest_dir_may_lie_elsewhere_but_never_over_the_handbook() {
    let (_tmp, work, root) = workspace();
    for dest in [
        root.clone(),
        work.clone(),
        root.join(".git"),
        root.join("content/site"),
        root.join("book.toml"),
    ] {
        let before = everything(&work);
        let output = build(&root, &["--dest-dir", dest.to_str().unwrap()]);
        assert_fails_with(&output, "unsafe-destination", "--dest-dir");
        assert!(everything(&work) == before, "--dest-dir {}", dest.display());
    }
    // Outside the handbook is allowed when asked for by name.
    let elsewhere = work.join("published");
    let output = build(&root, &["--dest-dir", elsewhere.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(elsewhere.join("index.html").is_file());
}

#[test]
fn only_empty_folders_and_folders_okrbook_wrote_are_replaced() {
    let (_tmp, work, root) = workspace();
    // Someone's folder: refused, with what to do.
    set_build(&root, "docs", "");
    write(&root, "docs/handbook.pdf", "their file");
    let before = everything(&work);
    let output = build(&root, &[]);
    assert_fails_with(&output, "unsafe-destination", "book.toml:7:1");
    let text = stderr(&output);
    assert!(text.contains(".okrbook-site"), "{text}");
    assert!(text.contains("help: move or delete"), "{text}");
    assert!(everything(&work) == before);

    // A file where the folder should be: refused.
    set_build(&root, "site.html", "");
    write(&root, "site.html", "<p>mine</p>");
    let before = everything(&work);
    assert_fails_with(&build(&root, &[]), "unsafe-destination", "book.toml:7:1");
    assert!(everything(&work) == before);

    // An empty folder is built into, stamped, and replaced by the next build.
    set_build(&root, "book", "");
    std::fs::create_dir(root.join("book")).unwrap();
    for _ in 0..2 {
        let output = build(&root, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(root.join("book/.okrbook-site").is_file());
        assert!(root.join("book/index.html").is_file());
    }
    // Nothing but the site was added beside it.
    let names = names_in(&root);
    assert!(
        !names.iter().any(|n| n.contains("okrbook-")),
        "leftovers: {names:?}"
    );
}

#[test]
fn links_out_of_the_handbook_are_not_followed() {
    let (_tmp, work, root) = workspace();
    symlink("/etc/passwd", root.join("content/passwd.md")).unwrap();
    symlink("/proc/self/environ", root.join("content/environ.md")).unwrap();
    // Read to its end, this one would exhaust memory.
    symlink("/proc/self/pagemap", root.join("content/pagemap.md")).unwrap();
    symlink("/etc", root.join("content/etc")).unwrap();
    symlink(work.join("sibling"), root.join("content/sibling")).unwrap();
    // Inside the handbook, a link is read like the file it points to.
    write(
        &root,
        "shared/extra.md",
        "# Shared guide\n\nFrom elsewhere in the handbook.\n",
    );
    symlink(
        root.join("shared/extra.md"),
        root.join("content/guides/extra.md"),
    )
    .unwrap();
    for output in [check(&root), build(&root, &[])] {
        for file in [
            "content/passwd.md",
            "content/environ.md",
            "content/pagemap.md",
            "content/etc",
            "content/sibling",
        ] {
            assert_fails_with(&output, "outside-handbook", &format!("{file}:1:1"));
        }
        assert!(!stderr(&output).contains("root:x:0"));
        assert!(
            !stderr(&output).contains("guides/extra"),
            "{}",
            stderr(&output)
        );
    }
    assert!(!root.join("book").exists());

    // Without the links out, the link inside builds.
    for link in ["passwd.md", "environ.md", "pagemap.md", "etc", "sibling"] {
        std::fs::remove_file(root.join("content").join(link)).unwrap();
    }
    let output = build(&root, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let guide = std::fs::read_to_string(root.join("book/guides/extra.html")).unwrap();
    assert!(guide.contains("From elsewhere in the handbook."));
}

#[test]
fn source_and_theme_folders_outside_the_handbook_are_refused() {
    let (_tmp, work, root) = workspace();
    write(&work, "outside/index.md", "# Not ours\n");
    let config = std::fs::read_to_string(root.join("book.toml")).unwrap();
    let with = |find: &str, replace: &str| {
        std::fs::write(root.join("book.toml"), config.replace(find, replace)).unwrap();
    };
    with("src = \"content\"", "src = \"../outside\"");
    assert_fails_with(&check(&root), "outside-handbook", "book.toml:4:1");
    symlink(work.join("outside"), root.join("linked")).unwrap();
    with("src = \"content\"", "src = \"linked\"");
    assert_fails_with(&check(&root), "outside-handbook", "book.toml:4:1");

    with("site-url", "theme = \"../../outside\"\nsite-url");
    assert_fails_with(&check(&root), "bad-config", "book.toml:10:1");
    std::fs::create_dir_all(root.join("themes")).unwrap();
    symlink(work.join("outside"), root.join("themes/custom")).unwrap();
    with("site-url", "theme = \"custom\"\nsite-url");
    assert_fails_with(&build(&root, &[]), "outside-handbook", "book.toml:10:1");
    // A theme file linked from outside is refused too.
    std::fs::remove_file(root.join("themes/custom")).unwrap();
    std::fs::create_dir_all(root.join("themes/custom/static")).unwrap();
    symlink("/etc/passwd", root.join("themes/custom/static/passwd.txt")).unwrap();
    assert_fails_with(
        &build(&root, &[]),
        "outside-handbook",
        "themes/custom/static/passwd.txt:1:1",
    );
    // Inside the handbook but outside the theme: the sources (private
    // objectives among them) and .git would be published as they are.
    std::fs::remove_file(root.join("themes/custom/static/passwd.txt")).unwrap();
    write(
        &root,
        ".git/config",
        "[http] extraheader = AUTHORIZATION: basic c2VjcmV0",
    );
    symlink(root.join("content"), root.join("themes/custom/static/raw")).unwrap();
    symlink(root.join(".git"), root.join("themes/custom/static/g")).unwrap();
    let output = build(&root, &[]);
    assert_fails_with(&output, "outside-handbook", "themes/custom/static/raw:1:1");
    assert_fails_with(&output, "outside-handbook", "themes/custom/static/g:1:1");
    // Hidden files of a theme are never published.
    std::fs::remove_file(root.join("themes/custom/static/raw")).unwrap();
    std::fs::remove_file(root.join("themes/custom/static/g")).unwrap();
    write(&root, "themes/custom/static/.env", "TOKEN=secret");
    write(&root, "themes/custom/static/extra.css", "p { color: red }");
    let output = build(&root, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(root.join("book/assets/extra.css").is_file());
    assert!(!root.join("book/assets/.env").exists());
    // book.toml itself, linked from outside.
    std::fs::remove_file(root.join("book.toml")).unwrap();
    symlink("/etc/passwd", root.join("book.toml")).unwrap();
    assert_fails_with(&check(&root), "outside-handbook", "book.toml:1:1");
}

#[test]
fn special_files_and_files_over_the_size_limit_are_not_read() {
    let (_tmp, _work, root) = workspace();
    let fifo = root.join("content/guides/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let big = format!("# Big\n\n{}\n", "All work and no play. ".repeat(100_000));
    assert!(big.len() > 2 << 20);
    write(&root, "content/guides/big.md", &big);
    // A pipe nobody writes to would block a reader forever: the test would hang.
    let output = check(&root);
    assert_fails_with(&output, "not-a-file", "content/guides/pipe.md:1:1");
    assert_fails_with(&output, "file-too-large", "content/guides/big.md:1:1");
    assert!(
        stderr(&output).contains("larger than 1 MiB"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("max-file-size"));

    std::fs::remove_file(&fifo).unwrap();
    // book.toml as a pipe: refused, not waited on.
    let config = std::fs::read(root.join("book.toml")).unwrap();
    std::fs::remove_file(root.join("book.toml")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(root.join("book.toml"))
        .status()
        .unwrap();
    assert!(made.success());
    let output = check(&root);
    assert_fails_with(&output, "no-config", "book.toml:1:1");
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_file(root.join("book.toml")).unwrap();
    std::fs::write(root.join("book.toml"), config).unwrap();
    set_build(&root, "book", "max-file-size = \"4 MiB\"");
    let output = build(&root, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(root.join("book/guides/big.html").is_file());

    set_build(&root, "book", "max-file-size = \"lots\"");
    assert_fails_with(&check(&root), "bad-config", "book.toml:8:1");
}

/// `%XX` sequences decoded, as a browser does before asking for a file.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("a %XX escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 after decoding")
}

/// The values of every `href="…"` of a page.
fn hrefs(html: &str) -> Vec<String> {
    html.split(" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}

#[test]
fn file_names_become_safe_percent_encoded_links() {
    let (_tmp, _work, root) = workspace();
    let oncall = std::fs::read_to_string(root.join("content/sre/2026-Q4/oncall.md")).unwrap();
    let names = ["a#b", "c?d", "50%", "spaced name", "żółw", "tab'quote"];
    for name in names {
        let text = oncall.replace("On-call is calm", &format!("Objective {name}"));
        write(&root, &format!("content/sre/2026-Q4/{name}.md"), text);
    }
    let out = temp();
    let dest = out.path().join("site");
    build_ok(&root, &dest, AS_OF, &[]);
    let site = snapshot(&dest);
    for name in names {
        assert!(
            site.contains_key(&format!("sre/2026-Q4/{name}.html")),
            "{name} has its page"
        );
    }
    let team = String::from_utf8_lossy(&site["teams/sre.html"]).into_owned();
    for encoded in [
        "a%23b.html",
        "c%3Fd.html",
        "50%25.html",
        "spaced%20name.html",
        "%C5%BC%C3%B3%C5%82w.html",
    ] {
        assert!(
            team.contains(&format!("2026-Q4/{encoded}\"")),
            "{encoded} in {team}"
        );
    }
    // Every link of every page, decoded, names a file of the site.
    let mut checked = 0;
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for href in hrefs(&html) {
            assert!(
                !href.starts_with("//") && !href.starts_with('\\'),
                "{path}: {href}"
            );
            if href.starts_with('#') || href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let target = href.split(['#', '?']).next().unwrap();
            let target = if path == "404.html" {
                target.trim_start_matches("/okrs/").to_string()
            } else {
                target.to_string()
            };
            let mut parts: Vec<String> = path.split('/').map(str::to_string).collect();
            parts.pop();
            for part in target.split('/') {
                match part {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    part => parts.push(percent_decode(part)),
                }
            }
            let mut resolved = parts.join("/");
            if resolved.is_empty() || target.ends_with('/') {
                resolved.push_str("/index.html");
                resolved = resolved.trim_start_matches('/').to_string();
            }
            assert!(
                site.contains_key(&resolved),
                "{path} links to {href}: {resolved} is missing"
            );
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked} links");
    // The search index and okrs.json carry the encoded paths too.
    let search = String::from_utf8_lossy(&site["search-index.js"]).into_owned();
    assert!(search.contains("sre/2026-Q4/a%23b.html"), "search index");
    let export = String::from_utf8_lossy(&site["okrs.json"]).into_owned();
    assert!(
        export.contains("/okrs/sre/2026-Q4/spaced%20name.html"),
        "okrs.json"
    );
}

#[test]
fn names_that_cannot_be_safe_urls_are_refused() {
    let (_tmp, _work, root) = workspace();
    write(&root, "content/\\\\attacker.example/index.md", "# Hi\n");
    write(&root, "content/guides/bell\u{7}.md", "# Bell\n");
    let output = check(&root);
    assert_fails_with(&output, "unsafe-path", "content/\\\\attacker.example:1:1");
    assert_fails_with(&output, "unsafe-path", "content/guides/bell\u{7}.md:1:1");
    // A name that is not UTF-8.
    std::fs::remove_dir_all(root.join("content/\\\\attacker.example")).unwrap();
    std::fs::remove_file(root.join("content/guides/bell\u{7}.md")).unwrap();
    use std::os::unix::ffi::OsStrExt;
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(root.join("content/guides").join(latin1), "# Caf\n").unwrap();
    let output = check(&root);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("[unsafe-path]"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("is not valid UTF-8"));
}

#[test]
fn paths_equal_but_for_case_or_unicode_normalization_conflict() {
    let (_tmp, _work, root) = workspace();
    let guide = "# A guide\n";
    write(&root, "content/guides/Onboarding.md", guide);
    write(&root, "content/guides/onboarding.md", guide);
    write(&root, "content/guides/caf\u{e9}.md", guide);
    write(&root, "content/guides/cafe\u{301}.md", guide);
    write(&root, "content/Guides/more.md", guide);
    let output = check(&root);
    let text = stderr(&output);
    assert_fails_with(&output, "path-conflict", "content/guides/onboarding.md:1:1");
    assert!(
        text.contains("content/guides/Onboarding.md and content/guides/onboarding.md"),
        "{text}"
    );
    assert_fails_with(&output, "path-conflict", "content/guides/caf\u{e9}.md:1:1");
    assert_fails_with(&output, "path-conflict", "content/guides:1:1");
    assert!(text.contains("content/Guides and content/guides"), "{text}");
    assert!(text.contains("same folder"), "{text}");
    assert_eq!(
        headlines(&text)
            .iter()
            .filter(|h| h.contains("path-conflict"))
            .count(),
        3,
        "one finding per pair: {text}"
    );
}

#[test]
fn a_rewrite_of_the_same_size_with_the_old_time_is_seen() {
    let (_tmp, _work, root) = workspace();
    let path = root.join("content/sre/2026-Q4/oncall.md");
    let as_of = okrbook::date::Date::parse(AS_OF).unwrap();
    let mut caches = okrbook::Caches::default();
    let title = |caches: &mut okrbook::Caches| {
        let checked = okrbook::check_cached(&root, as_of, caches);
        let handbook = checked.handbook.expect("the handbook loads");
        handbook
            .objectives
            .iter()
            .map(|o| o.title.clone())
            .find(|t| t.starts_with("On-call"))
            .unwrap()
    };
    assert_eq!(title(&mut caches), "On-call is calm");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("is calm", "is wild")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(title(&mut caches), "On-call is wild");
}

#[test]
fn init_never_writes_through_a_link() {
    let tmp = temp();
    let dir = tmp.path().join("new");
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(dir.join("content")).unwrap();
    // A link to nothing: following it would create a file outside the handbook.
    symlink(&elsewhere, dir.join("content/index.md")).unwrap();
    symlink(tmp.path().join("elsewhere.toml"), dir.join(".gitignore")).unwrap();
    let output = okrbook().arg("init").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.join("book.toml").is_file());
    assert!(!elsewhere.exists());
    assert!(!tmp.path().join("elsewhere.toml").exists());
    assert!(std::fs::symlink_metadata(dir.join("content/index.md"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn folders_reached_many_ways_through_links_are_read_once() {
    let (_tmp, _work, root) = workspace();
    // d0/a and d0/b lead to d1, whose a and b lead to d2…: 2^24 paths to d24.
    let levels = 24;
    for level in 0..levels {
        let folder = root.join(format!("content/links/d{level}"));
        std::fs::create_dir_all(&folder).unwrap();
        for name in ["a", "b"] {
            symlink(format!("../d{}", level + 1), folder.join(name)).unwrap();
        }
    }
    write(
        &root,
        &format!("content/links/d{levels}/note.md"),
        "# At the bottom\n",
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_okrbook"))
        .arg("check")
        .arg(&root)
        .args(["--as-of", AS_OF])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A guard against a hang, not a measure of speed: read once, this takes well under a second.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("check walked the linked folders over and over");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    let text = stderr(&output);
    assert!(text.contains("warning[symlink-loop]"), "{text}");
    assert!(text.contains("read already through another path"), "{text}");
}
