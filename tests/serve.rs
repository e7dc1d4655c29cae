//! `okrbook serve` as a reader's browser sees it: real HTTP on a free port,
//! edits on disk, rebuilt pages, the error overlay, and hostile paths.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `okrbook serve`, stopped when dropped.
struct Served {
    child: Child,
    address: String,
    root: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(fixture: &str) -> Served {
    let (dir, root) = common::copy_fixture(fixture);
    let mut child = Command::new(env!("CARGO_BIN_EXE_okrbook"))
        .arg("serve")
        .arg(&root)
        .args(["--port", "0", "--as-of", "2026-11-15"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start okrbook serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let address = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert!(
        address.starts_with("127.0.0.1:"),
        "binds to loopback by default: {address}"
    );
    Served {
        child,
        address,
        root,
        _dir: dir,
    }
}

struct Response {
    status: u16,
    content_type: String,
    body: String,
}

impl Served {
    fn get(&self, path: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let content_type = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-type:")
                    .map(|v| v.trim().to_string())
            })
            .unwrap_or_default();
        Response {
            status,
            content_type,
            body: body.to_string(),
        }
    }

    /// Polls `path` until `done` holds for its body, for at most 15 s.
    fn wait_for(&self, path: &str, done: impl Fn(&str) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let response = self.get(path);
            if done(&response.body) {
                return response;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "{path} never changed:\n{}",
                response.body
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).expect("read source");
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replace(from, to)).expect("write source");
    }
}

const OBJECTIVE: &str = "/web/2026-Q4/fast-pages.html";
const SOURCE: &str = "content/web/2026-Q4/fast-pages.md";

#[test]
fn serves_pages_with_types_a_404_page_and_the_reload_script() {
    let served = serve("linked");
    let home = served.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    assert!(home.body.contains("new EventSource(\"/__okrbook/events\")"));
    let css = served.get("/assets/okrbook.css");
    assert_eq!(
        (css.status, css.content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    let json = served.get("/okrs.json");
    assert_eq!(
        (json.status, json.content_type.as_str()),
        (200, "application/json")
    );
    let missing = served.get("/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the theme's 404 page"
    );
    assert_eq!(
        served.get("/teams/").status,
        404,
        "a folder without index.html"
    );
}

#[test]
fn nothing_outside_the_site_is_served() {
    let served = serve("linked");
    std::os::unix::fs::symlink("/etc/hostname", served.root.join("content/link-out.txt"))
        .expect("symlink");
    for hostile in [
        "/../book.toml",
        "/..%2fbook.toml",
        "/%2e%2e/book.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/web/../../book.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/book.toml",
        "/content/web/2026-Q4/fast-pages.md",
        "/content/link-out.txt",
        "/link-out.txt",
        "/a%00b",
        "/..\\book.toml",
    ] {
        let response = served.get(hostile);
        assert_eq!(response.status, 404, "{hostile} was served");
        assert!(
            !response.body.contains("[book]"),
            "{hostile} leaked book.toml"
        );
    }
}

#[test]
fn an_edit_is_served_rebuilt() {
    let served = serve("linked");
    assert!(served
        .get(OBJECTIVE)
        .body
        .contains("<h1>Pages load instantly on phones</h1>"));
    served.edit(
        SOURCE,
        "title: Pages load instantly on phones",
        "title: Pages load in a blink",
    );
    served.wait_for(OBJECTIVE, |body| {
        body.contains("<h1>Pages load in a blink</h1>")
    });
    // Its neighbours are rebuilt too: the parent lists the new title.
    let parent = served.get("/company/2026-Q4/grow.html");
    assert!(parent.body.contains("Pages load in a blink"));
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_shows_the_error_everywhere() {
    let served = serve("linked");
    served.edit(SOURCE, "period: 2026-Q4", "period: 2026-Q9");
    let broken = served.wait_for(OBJECTIVE, |body| body.contains("id=\"okrbook-overlay\""));
    assert!(
        broken
            .body
            .contains("<h1>Pages load instantly on phones</h1>"),
        "the last good page stays"
    );
    assert!(
        broken
            .body
            .contains(&format!("{SOURCE}:3:9: error[bad-period]")),
        "{}",
        broken.body
    );
    let other = served.get("/teams/web.html");
    assert_eq!(other.status, 200);
    assert!(
        other.body.contains("id=\"okrbook-overlay\""),
        "every page shows the error"
    );

    served.edit(SOURCE, "period: 2026-Q9", "period: 2026-Q4");
    served.edit(
        SOURCE,
        "title: Pages load instantly on phones",
        "title: Fixed and faster",
    );
    let fixed = served.wait_for(OBJECTIVE, |body| body.contains("<h1>Fixed and faster</h1>"));
    assert!(!fixed.body.contains("id=\"okrbook-overlay\""));
}

#[test]
fn deleted_and_renamed_files_are_handled() {
    let served = serve("linked");
    let guide = "/guides/how.html";
    assert_eq!(served.get(guide).status, 200);
    std::fs::rename(
        served.root.join("content/guides/how.md"),
        served.root.join("content/guides/how-we-work.md"),
    )
    .expect("rename");
    served.wait_for("/guides/how-we-work.html", |body| {
        body.contains("<h1>How we write OKRs</h1>")
    });
    assert_eq!(served.get(guide).status, 404, "the old URL is gone");
    std::fs::remove_file(served.root.join("content/people/ana-lima/2026-Q4/learn.md"))
        .expect("delete");
    served.wait_for("/web/2026-Q4/fast-pages.html", |body| {
        !body.contains("Ana can profile")
    });
    assert_eq!(
        served.get("/people/ana-lima/2026-Q4/learn.html").status,
        404
    );
}

#[test]
fn open_pages_hear_about_rebuilds() {
    let served = serve("linked");
    let mut stream = TcpStream::connect(&served.address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .expect("timeout");
    write!(
        stream,
        "GET /__okrbook/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("send");
    let mut reader = BufReader::new(stream);
    let mut seen = String::new();
    let read_until = |reader: &mut BufReader<TcpStream>, seen: &mut String, wanted: &str| {
        while !seen.contains(wanted) {
            let mut line = String::new();
            let read = reader.read_line(&mut line).expect("event stream");
            assert!(read > 0, "stream closed before {wanted:?}:\n{seen}");
            seen.push_str(&line);
        }
    };
    read_until(&mut reader, &mut seen, "event: reload\ndata: 1\n");
    assert!(seen.contains("text/event-stream"));
    served.edit(
        SOURCE,
        "title: Pages load instantly on phones",
        "title: Heard about it",
    );
    read_until(&mut reader, &mut seen, "event: reload\ndata: 2\n");
    served.edit(SOURCE, "period: 2026-Q4", "period: nope");
    read_until(&mut reader, &mut seen, "event: broken\ndata: ");
}

#[test]
fn serve_output_is_not_in_build_output() {
    let (_dir, root) = common::copy_fixture("linked");
    let dest = root.join("site");
    common::build_ok(&root, &dest, "2026-11-15", &[]);
    let files = common::snapshot(Path::new(&dest));
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__okrbook"),
            "{path} carries serve-only code"
        );
    }
}
