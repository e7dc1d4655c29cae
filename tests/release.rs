//! Releases: scripts/package.sh makes the archive and its checksum,
//! scripts/install.sh (what action.yml runs) downloads it from a loopback
//! server, refuses a corrupted one, and `cargo package` ships the theme but
//! not the tests.

#![cfg(unix)]

mod common;

use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn script(name: &str) -> PathBuf {
    repo_root().join("scripts").join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The host's target triple, from `rustc -vV`.
fn host_triple() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let output = Command::new(rustc).arg("-vV").output().unwrap();
    text(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .unwrap()
        .trim()
        .to_string()
}

/// What the runner on this machine would report, and the release target
/// install.sh picks for it; None where okrbook publishes no release.
fn runner() -> Option<(&'static str, &'static str, String)> {
    let (runner_arch, arch) = match std::env::consts::ARCH {
        "x86_64" => ("X64", "x86_64"),
        "aarch64" => ("ARM64", "aarch64"),
        _ => return None,
    };
    match std::env::consts::OS {
        "linux" => Some(("Linux", runner_arch, format!("{arch}-unknown-linux-musl"))),
        "macos" => Some(("macOS", runner_arch, format!("{arch}-apple-darwin"))),
        _ => None,
    }
}

/// Runs scripts/package.sh with the test's own binary.
fn package(target: &str, out: &Path) -> Output {
    package_binary(target, Path::new(env!("CARGO_BIN_EXE_okrbook")), out)
}

/// Runs scripts/package.sh with `binary` (a stand-in where the check is
/// about the archive, not the 100 MB debug binary it would compress).
fn package_binary(target: &str, binary: &Path, out: &Path) -> Output {
    Command::new("bash")
        .arg(script("package.sh"))
        .args(["--target", target, "--binary"])
        .arg(binary)
        .arg("--out")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap()
}

/// `sha256sum -c` (or `shasum -a 256 -c`) of `file` inside `dir`.
fn checksum_verifies(dir: &Path, file: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(
            "if command -v sha256sum >/dev/null 2>&1; then sha256sum -c \"$1\"; \
             else shasum -a 256 -c \"$1\"; fi",
        )
        .arg("sh")
        .arg(file)
        .current_dir(dir)
        .status()
        .unwrap()
        .success()
}

/// Serves the files of `dir` on 127.0.0.1 (GET only, no subfolders) for at
/// most `requests` connections; returns the base URL and the paths asked for.
fn serve(dir: &Path, requests: usize) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = dir.to_path_buf();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests).flatten() {
            answer(stream, &dir, &log);
        }
    });
    (format!("http://127.0.0.1:{port}"), asked)
}

fn answer(mut stream: TcpStream, dir: &Path, log: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut request = Vec::new();
    let mut buffer = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 16 * 1024 {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let request = text(&request);
    let mut words = request.split_whitespace();
    let method = words.next();
    let path = words.next();
    if let Some(path) = path {
        log.lock().unwrap().push(path.to_string());
    }
    let body = match (method, path) {
        (Some("GET"), Some(path)) => path
            .strip_prefix('/')
            .filter(|name| !name.is_empty() && !name.contains('/') && !name.contains(".."))
            .and_then(|name| std::fs::read(dir.join(name)).ok()),
        _ => None,
    };
    let (status, body) = match body {
        Some(body) => ("200 OK", body),
        None => ("404 Not Found", b"not found\n".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// Runs scripts/install.sh against `base` as a runner on this machine would.
fn install(base: &str, install_dir: &Path, github_path: &Path) -> Output {
    let (runner_os, runner_arch, _) = runner().unwrap();
    Command::new("bash")
        .arg(script("install.sh"))
        .env("OKRBOOK_DOWNLOAD_BASE", base)
        .env("OKRBOOK_VERSION", VERSION)
        .env("OKRBOOK_INSTALL_DIR", install_dir)
        .env("GITHUB_PATH", github_path)
        .env("RUNNER_OS", runner_os)
        .env("RUNNER_ARCH", runner_arch)
        .env_remove("OKRBOOK_TARGET")
        .env_remove("OKRBOOK_REPOSITORY")
        .env_remove("OKRBOOK_ACTION_REF")
        .env_remove("GITHUB_ACTION_PATH")
        .output()
        .unwrap()
}

#[test]
fn package_makes_a_verifiable_archive_of_the_binary() {
    let tmp = temp();
    let out = tmp.path().join("dist");
    let target = host_triple();
    let output = package(&target, &out);
    assert!(output.status.success(), "{}", text(&output.stderr));

    let name = format!("okrbook-v{VERSION}-{target}");
    let archive = out.join(format!("{name}.tar.gz"));
    assert_eq!(text(&output.stdout).trim(), archive.to_str().unwrap());
    assert!(archive.is_file());

    let listing = Command::new("tar")
        .arg("-tzvf")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(listing.status.success());
    let listing = text(&listing.stdout);
    let entries: Vec<&str> = listing
        .lines()
        .map(|line| line.split_whitespace().last().unwrap())
        .collect();
    assert_eq!(
        entries,
        [
            format!("{name}/"),
            format!("{name}/LICENSE-APACHE"),
            format!("{name}/LICENSE-MIT"),
            format!("{name}/README.md"),
            format!("{name}/okrbook"),
        ],
        "{listing}"
    );
    for line in listing.lines() {
        assert!(
            line.contains("0/0") || line.contains("root/root") || line.contains(" 0 "),
            "owned by 0: {line}"
        );
    }
    assert!(listing.contains("-rwxr-xr-x"), "{listing}");

    let sums = std::fs::read_to_string(out.join(format!("{name}.tar.gz.sha256"))).unwrap();
    assert!(sums.ends_with(&format!("  {name}.tar.gz\n")), "{sums}");
    assert!(checksum_verifies(&out, &format!("{name}.tar.gz.sha256")));

    // The same inputs make the same bytes, whenever they are packaged.
    let stand_in = tmp.path().join("stand-in");
    std::fs::write(&stand_in, "#!/bin/sh\necho okrbook\n").unwrap();
    let small = tmp.path().join("small");
    let first = package_binary(&target, &stand_in, &small);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let bytes = std::fs::read(small.join(format!("{name}.tar.gz"))).unwrap();
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&stand_in, "#!/bin/sh\necho okrbook\n").unwrap();
    let again = package_binary(&target, &stand_in, &small);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(
        bytes,
        std::fs::read(small.join(format!("{name}.tar.gz"))).unwrap()
    );

    // Windows targets get a .zip with okrbook.exe.
    let windows = package_binary("x86_64-pc-windows-msvc", &stand_in, &out);
    assert!(windows.status.success(), "{}", text(&windows.stderr));
    let zip = format!("okrbook-v{VERSION}-x86_64-pc-windows-msvc.zip");
    assert!(out.join(&zip).is_file());
    let listing = Command::new("unzip")
        .arg("-Z1")
        .arg(out.join(&zip))
        .output()
        .unwrap();
    assert!(listing.status.success(), "{}", text(&listing.stderr));
    let windows_name = format!("okrbook-v{VERSION}-x86_64-pc-windows-msvc");
    assert_eq!(
        text(&listing.stdout).lines().collect::<Vec<_>>(),
        [
            format!("{windows_name}/"),
            format!("{windows_name}/LICENSE-APACHE"),
            format!("{windows_name}/LICENSE-MIT"),
            format!("{windows_name}/README.md"),
            format!("{windows_name}/okrbook.exe"),
        ]
    );
    assert!(checksum_verifies(&out, &format!("{zip}.sha256")));
}

#[test]
fn package_refuses_bad_arguments() {
    let tmp = temp();
    let no_target = Command::new("bash")
        .arg(script("package.sh"))
        .output()
        .unwrap();
    assert!(!no_target.status.success());
    assert!(text(&no_target.stderr).contains("--target is required"));

    let missing = Command::new("bash")
        .arg(script("package.sh"))
        .args(["--target", "x86_64-unknown-linux-gnu", "--binary"])
        .arg(tmp.path().join("nothing"))
        .arg("--out")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("no binary at"));
}

#[test]
fn install_downloads_verifies_and_refuses_a_corrupted_archive() {
    let Some((_, _, target)) = runner() else {
        eprintln!("no okrbook release for this machine: skipped");
        return;
    };
    let tmp = temp();
    let served = tmp.path().join("served");
    let output = package(&target, &served);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let name = format!("okrbook-v{VERSION}-{target}");
    let (base, _) = serve(&served, 16);

    let install_dir = tmp.path().join("installed");
    let github_path = tmp.path().join("github_path");
    std::fs::write(&github_path, "").unwrap();
    let output = install(&base, &install_dir, &github_path);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let bin_dir = install_dir.join(&name);
    assert_eq!(
        std::fs::read_to_string(&github_path).unwrap(),
        format!("{}\n", bin_dir.display())
    );
    assert!(
        text(&output.stdout).contains(VERSION),
        "install.sh prints okrbook --version: {}",
        text(&output.stdout)
    );
    let version = Command::new(bin_dir.join("okrbook"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(version.status.success());
    assert_eq!(text(&version.stdout).trim(), format!("okrbook {VERSION}"));

    // One flipped byte: refused, nothing installed, nothing on the PATH.
    let archive = served.join(format!("{name}.tar.gz"));
    let mut bytes = std::fs::read(&archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();
    let install_dir = tmp.path().join("installed-corrupt");
    let github_path = tmp.path().join("github_path-corrupt");
    std::fs::write(&github_path, "").unwrap();
    let output = install(&base, &install_dir, &github_path);
    assert_ne!(output.status.code(), Some(0));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("checksum"), "{stderr}");
    assert!(stderr.contains("does not match"), "{stderr}");
    assert!(!install_dir.exists(), "nothing installed");
    assert_eq!(std::fs::read_to_string(&github_path).unwrap(), "");

    // A version that was never released: a clear failure, not a hang.
    let output = Command::new("bash")
        .arg(script("install.sh"))
        .env("OKRBOOK_DOWNLOAD_BASE", &base)
        .env("OKRBOOK_VERSION", "0.0.0-none")
        .env("OKRBOOK_INSTALL_DIR", tmp.path().join("installed-none"))
        .env_remove("GITHUB_PATH")
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0));
    assert!(text(&output.stderr).contains("could not download"));
}

#[test]
fn install_needs_a_version_when_the_action_ref_is_not_a_release() {
    let tmp = temp();
    let output = Command::new("bash")
        .arg(script("install.sh"))
        .env_remove("OKRBOOK_VERSION")
        .env("OKRBOOK_ACTION_REF", "main")
        .env_remove("GITHUB_ACTION_PATH")
        .env("OKRBOOK_INSTALL_DIR", tmp.path().join("installed"))
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("'main' is not a release tag"), "{stderr}");
    assert!(stderr.contains("version"), "{stderr}");
}

#[test]
fn the_crate_package_holds_the_theme_and_no_tests() {
    let output = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--locked"])
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let listing = text(&output.stdout);
    let files: Vec<&str> = listing.lines().collect();
    for (path, _) in okrbook::internals::DEFAULT_THEME {
        let packaged = format!("themes/default/{path}");
        assert!(files.contains(&packaged.as_str()), "{packaged}: {listing}");
    }
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "src/main.rs",
        "src/lib.rs",
    ] {
        assert!(files.contains(&needed), "{needed}: {listing}");
    }
    for file in &files {
        for left_out in [
            "tests/",
            "e2e/",
            "fuzz/",
            "bench/",
            "content/",
            "examples/",
            "scripts/",
        ] {
            assert!(!file.starts_with(left_out), "{file} is packaged");
        }
    }
}

#[test]
fn install_finds_the_release_of_the_action_itself() {
    let Some((runner_os, runner_arch, target)) = runner() else {
        eprintln!("no okrbook release for this machine: skipped");
        return;
    };
    let tmp = temp();
    let (server, asked) = serve(tmp.path(), 8);
    let release = |envs: &[(&str, &str)]| {
        let mut command = Command::new("bash");
        command
            .arg(script("install.sh"))
            .env("GITHUB_SERVER_URL", &server)
            .env("RUNNER_OS", runner_os)
            .env("RUNNER_ARCH", runner_arch)
            .env("OKRBOOK_INSTALL_DIR", tmp.path().join("installed"))
            .env_remove("OKRBOOK_VERSION")
            .env_remove("OKRBOOK_DOWNLOAD_BASE")
            .env_remove("OKRBOOK_REPOSITORY")
            .env_remove("OKRBOOK_ACTION_REF")
            .env_remove("OKRBOOK_TARGET")
            .env_remove("GITHUB_ACTION_PATH")
            .env_remove("GITHUB_PATH");
        for (key, value) in envs {
            command.env(key, value);
        }
        let output = command.output().unwrap();
        assert_ne!(output.status.code(), Some(0), "nothing is served");
        assert!(text(&output.stderr).contains("could not download"));
        asked.lock().unwrap().pop().unwrap()
    };

    // What action.yml passes: github.action_repository and github.action_ref.
    let path = release(&[
        ("OKRBOOK_REPOSITORY", "someone/okrbook-fork"),
        ("OKRBOOK_ACTION_REF", "v1.2.3"),
    ]);
    assert_eq!(
        path,
        format!("/someone/okrbook-fork/releases/download/v1.2.3/okrbook-v1.2.3-{target}.tar.gz")
    );

    // When those are empty: the action's own folder, _actions/{owner}/{name}/{ref}.
    let path = release(&[(
        "GITHUB_ACTION_PATH",
        "/home/runner/work/_actions/someone/okrbook-fork/v2.0.0",
    )]);
    assert_eq!(
        path,
        format!("/someone/okrbook-fork/releases/download/v2.0.0/okrbook-v2.0.0-{target}.tar.gz")
    );

    // An explicit version wins over the action's ref.
    let path = release(&[
        (
            "GITHUB_ACTION_PATH",
            "/home/runner/work/_actions/someone/okrbook-fork/main",
        ),
        ("OKRBOOK_VERSION", "0.3.0"),
    ]);
    assert_eq!(
        path,
        format!("/someone/okrbook-fork/releases/download/v0.3.0/okrbook-v0.3.0-{target}.tar.gz")
    );
}
