//! `okrbook serve` as a reader's browser sees it: real HTTP on a free port,
//! edits on disk, rebuilt pages, the error overlay, and hostile paths.

mod common;

use common::serve::{first_line, Response, Served};

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn serve(fixture: &str) -> Served {
    Served::fixture(fixture)
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
        "GET /__okrbook/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        served.address
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
    // The edited objective's page comes first, then the pages that show it;
    // each open page reloads when its own path is listed.
    read_until(
        &mut reader,
        &mut seen,
        "event: changed\ndata: {\"pages\":[\"web/2026-Q4/fast-pages.html\"],\"version\":2}\n",
    );
    read_until(&mut reader, &mut seen, "\"version\":3}\n");
    let second = seen.lines().last().unwrap_or_default();
    for page in ["company/2026-Q4/grow.html", "index.html", "teams/web.html"] {
        assert!(second.contains(&format!("\"{page}\"")), "{page}: {second}");
    }
    assert!(
        !second.contains("\"web/2026-Q4/fast-pages.html\""),
        "{second}"
    );
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

/// What a refused request must not carry: anything of the handbook.
fn assert_refused(response: &Response, what: &str) {
    assert!(
        matches!(response.status, 403 | 421 | 400),
        "{what} was answered with {}:\n{}",
        response.status,
        response.body
    );
    for page_content in ["<html", "Pages load", "okrbook.css", "EventSource"] {
        assert!(
            !response.body.contains(page_content),
            "{what} leaked {page_content:?}:\n{}",
            response.body
        );
    }
}

#[test]
fn requests_for_other_hosts_are_refused() {
    let served = serve("linked");
    let port = served.port().to_string();
    for host in [
        "attacker.example".to_string(),
        format!("attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
        format!("127.0.0.1.attacker.example:{port}"),
        format!("127.0.0.2:{port}"),
        "localhost:1".to_string(),
        String::new(),
    ] {
        let response = served.send(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_refused(&response, &format!("Host: {host}"));
        if response.status != 400 {
            assert!(
                response.content_type.starts_with("text/plain"),
                "a short plain-text reason, not {:?}",
                response.content_type
            );
            assert!(
                response.body.to_lowercase().contains("host"),
                "{}",
                response.body
            );
        }
    }
    let no_host = served.send("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_refused(&no_host, "a request without Host");
    let events = served.send(&format!(
        "GET /__okrbook/events HTTP/1.1\r\nHost: attacker.example:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_refused(&events, "the event stream for another host");
    let absolute = served.send(&format!(
        "GET http://attacker.example:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_refused(&absolute, "an absolute URL naming another host");
}

#[test]
fn loopback_names_with_the_port_are_served() {
    let served = serve("linked");
    let port = served.port().to_string();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        "127.0.0.1".to_string(),
    ] {
        let response = served.send(&format!(
            "GET {OBJECTIVE} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(response.status, 200, "Host: {host}");
        assert!(
            response
                .body
                .contains("<h1>Pages load instantly on phones</h1>"),
            "Host: {host}"
        );
    }
    let absolute = served.send(&format!(
        "GET http://127.0.0.1:{port}{OBJECTIVE} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(absolute.status, 200, "an absolute URL naming this server");
}

#[test]
fn only_get_and_head_are_answered() {
    let served = serve("linked");
    let address = served.address.clone();
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let response = served.send(&format!(
            "{method} / HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(response.status, 405, "{method}");
        assert!(!response.body.contains("<html"), "{method}");
    }
    let head = served.send(&format!(
        "HEAD {OBJECTIVE} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(head.status, 200);
    assert_eq!(head.content_type, "text/html; charset=utf-8");
    assert_eq!(head.body, "", "HEAD has no body");
}

#[test]
fn hostile_requests_get_an_answer_and_the_server_stays_up() {
    let served = serve("linked");
    let address = served.address.clone();
    let long = format!("/{}", "a/".repeat(20_000));
    let requests: Vec<Vec<u8>> = vec![
        format!("GET {long} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").into_bytes(),
        format!("GET /%ff%fe%c3 HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
            .into_bytes(),
        format!("GET /%c3%28.html HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
            .into_bytes(),
        format!("GET /../../etc/passwd HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
            .into_bytes(),
        format!("GET /% HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").into_bytes(),
        format!("GET /%e2%82 HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
            .into_bytes(),
        format!("GET * HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").into_bytes(),
        format!("CONNECT {address} HTTP/1.1\r\nHost: {address}\r\n\r\n").into_bytes(),
        format!("GET / HTTP/1.1\r\nHost: {address}\r\nHost: attacker.example\r\nConnection: close\r\n\r\n")
            .into_bytes(),
        format!("GET / HTTP/1.1\r\nHost: {address}\r\nX-Bad: a\rb\r\nConnection: close\r\n\r\n")
            .into_bytes(),
        b"GET /\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".to_vec(),
        b"\x00\x01\x02 garbage\r\n\r\n".to_vec(),
        [
            format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}", served.port()).as_bytes(),
            b"\xff\r\nConnection: close\r\n\r\n",
        ]
        .concat(),
    ];
    for request in &requests {
        let response = served.send_bytes(request);
        assert!(
            response.status == 0 || response.status >= 400,
            "{:?} was answered with {}",
            String::from_utf8_lossy(&request[..request.len().min(80)]),
            response.status
        );
        assert!(
            !response.body.contains("root:"),
            "a file outside the site was served"
        );
    }
    // Smuggling: with both lengths the connection ends after one answer, so a
    // request hidden in the body is never answered.
    let smuggled = served.send(&format!(
        "GET / HTTP/1.1\r\nHost: {address}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /okrs.json HTTP/1.1\r\nHost: {address}\r\n\r\n"
    ));
    assert!(
        !smuggled.body.contains("HTTP/1.1 "),
        "a second request was answered on the same connection"
    );
    let doubled = served.send(&format!(
        "GET / HTTP/1.1\r\nHost: {address}\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n"
    ));
    assert_eq!(doubled.status, 400, "an unknown transfer coding");
    let home = served.get("/");
    assert_eq!(home.status, 200, "the server is still up");
}

/// Starts `okrbook serve` on the linked fixture with `args`, and returns the child with its stderr piped.
fn spawn_serve(args: &[&str]) -> (Child, tempfile::TempDir) {
    let (dir, root) = common::copy_fixture("linked");
    let child = Command::new(env!("CARGO_BIN_EXE_okrbook"))
        .arg("serve")
        .arg(&root)
        .args(["--port", "0", "--as-of", "2026-11-15"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start okrbook serve");
    (child, dir)
}

#[test]
fn serving_beyond_loopback_warns() {
    let (mut child, _dir) = spawn_serve(&["-n", "0.0.0.0"]);
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
        for line in lines.by_ref() {
            text.push_str(&line);
            text.push('\n');
            if line.starts_with("warning") || line.starts_with("Built") {
                break;
            }
        }
        let _ = sender.send(text);
        // Keep reading: a closed stderr would fail the server's next message.
        lines.for_each(drop);
    });
    let warned = receiver.recv_timeout(Duration::from_secs(30));
    let line = first_line(stdout);
    let _ = child.kill();
    let _ = child.wait();
    let warned = warned.expect("stderr within 30 s");
    let first = warned
        .lines()
        .find(|l| l.starts_with("warning"))
        .unwrap_or_else(|| panic!("no warning before the first build:\n{warned}"));
    assert!(first.contains("0.0.0.0"), "{first}");
    assert!(first.contains("other machines"), "{first}");
    assert!(
        line.contains("Serving on http://127.0.0.1:"),
        "a URL this machine can open: {line}"
    );
}

#[test]
fn private_objectives_are_never_served_beyond_loopback() {
    let (dir, root) = common::copy_fixture("linked");
    let output = common::okrbook()
        .arg("serve")
        .arg(&root)
        .args(["--port", "0", "-n", "0.0.0.0", "--include-private"])
        .timeout(Duration::from_secs(30))
        .output()
        .expect("okrbook serve ends by itself");
    drop(dir);
    assert_ne!(output.status.code(), Some(0), "refused");
    assert!(
        output.status.code().is_some(),
        "ended on its own, not killed"
    );
    let stderr = common::stderr(&output);
    assert!(stderr.contains("--include-private"), "{stderr}");
    assert!(
        stderr.contains("127.0.0.1"),
        "says what to do instead: {stderr}"
    );
    assert!(
        !common::stdout(&output).contains("Serving on"),
        "bound nothing"
    );
    assert!(!stderr.contains("Built "), "built nothing: {stderr}");
}

fn showing_the_objective(body: &str) -> bool {
    body.contains("<h1>Pages load instantly on phones</h1>")
        && !body.contains("id=\"okrbook-overlay\"")
}

#[test]
fn the_content_folder_deleted_and_recreated_is_watched_again() {
    let served = serve("linked");
    assert!(showing_the_objective(&served.get(OBJECTIVE).body));
    let content = served.root.join("content");
    std::fs::remove_dir_all(&content).expect("remove content");
    served.wait_for(OBJECTIVE, |body| !showing_the_objective(body));
    std::fs::create_dir(&content).expect("recreate content");
    common::copy_dir(&common::fixture("linked").join("content"), &content);
    served.wait_for(OBJECTIVE, showing_the_objective);
    served.edit(
        SOURCE,
        "title: Pages load instantly on phones",
        "title: Back and watched",
    );
    served.wait_for(OBJECTIVE, |body| body.contains("<h1>Back and watched</h1>"));
}

#[test]
fn the_content_folder_renamed_and_back_is_still_watched() {
    let served = serve("linked");
    let content = served.root.join("content");
    let away = served.root.join("content-away");
    std::fs::rename(&content, &away).expect("rename away");
    served.wait_for(OBJECTIVE, |body| !showing_the_objective(body));
    std::fs::rename(&away, &content).expect("rename back");
    served.wait_for(OBJECTIVE, showing_the_objective);
    served.edit(
        SOURCE,
        "title: Pages load instantly on phones",
        "title: Renamed and watched",
    );
    served.wait_for(OBJECTIVE, |body| {
        body.contains("<h1>Renamed and watched</h1>")
    });
}

#[test]
fn book_toml_deleted_and_recreated_is_watched_again() {
    let served = serve("linked");
    let book = served.root.join("book.toml");
    let settings = std::fs::read_to_string(&book).expect("book.toml");
    std::fs::remove_file(&book).expect("remove book.toml");
    served.wait_for(OBJECTIVE, |body| !showing_the_objective(body));
    std::fs::write(&book, &settings).expect("recreate book.toml");
    served.wait_for(OBJECTIVE, showing_the_objective);
    served.edit(
        SOURCE,
        "title: Pages load instantly on phones",
        "title: Settings back",
    );
    served.wait_for(OBJECTIVE, |body| body.contains("<h1>Settings back</h1>"));
}

/// A rewrite that keeps the size and restores the old modification time is
/// still served: files are read again on every build and parsed again when
/// their text changed.
#[test]
fn a_same_size_rewrite_with_the_old_mtime_is_picked_up() {
    let served = serve("linked");
    let path = served.root.join(SOURCE);
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let text = std::fs::read_to_string(&path).expect("read source");
    let rewritten = text.replace(
        "title: Pages load instantly on phones",
        "title: Pages load INSTANTLY on phones",
    );
    assert_eq!(rewritten.len(), text.len(), "same size");
    std::fs::write(&path, rewritten).expect("rewrite");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|file| file.set_modified(modified))
        .expect("restore the mtime");
    served.wait_for(OBJECTIVE, |body| {
        body.contains("<h1>Pages load INSTANTLY on phones</h1>")
    });
}

/// The rebuild reads book.toml and the theme, which the watcher reports as
/// accesses; those must not count as edits of the settings, or every save
/// renders the whole site again. Each edit of an objective renders only the
/// pages it reaches, as serve's "Built N of M files" line says.
#[test]
fn an_objective_edit_renders_only_the_pages_it_reaches() {
    let (child, dir) = spawn_serve(&[]);
    // Stopped when the test ends, also when an assertion fails.
    let mut child = KillOnDrop(child);
    let root = dir.path().join("handbook");
    let stdout = child.0.stdout.take().expect("stdout");
    let stderr = child.0.stderr.take().expect("stderr");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.starts_with("Built ") && sender.send(line).is_err() {
                return;
            }
        }
    });
    let _ = first_line(stdout);
    let next_build = || {
        receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("a build within 30 s")
    };
    let first = next_build();
    let counts = |line: &str| -> (usize, usize) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let number = |at: usize| words.get(at).and_then(|w| w.parse().ok());
        match (number(1), number(3)) {
            (Some(rendered), Some(all)) => (rendered, all),
            _ => panic!("not a build line: {line}"),
        }
    };
    let (rendered, all) = counts(&first);
    assert_eq!(rendered, all, "the first build renders everything: {first}");
    let source = root.join(SOURCE);
    for round in 0..3 {
        let text = std::fs::read_to_string(&source).expect("read source");
        let edited = text.replacen("title: ", &format!("title: Round {round} "), 1);
        std::fs::write(&source, edited).expect("write source");
        let line = next_build();
        let (rendered, total) = counts(&line);
        assert!(
            rendered < all && total == all,
            "edit {round} rendered {rendered} of {all} files: {line}"
        );
    }
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The CPU time a process has used, in clock ticks (Linux: /proc/PID/stat).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc stat");
    // The fields after the command name (which may hold spaces), from `state`.
    let after_name = &stat[stat.rfind(')').expect("a stat line") + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks = |at: usize| fields[at].parse::<u64>().expect("a tick count");
    ticks(11) + ticks(12)
}

/// Reading book.toml to know what to watch is itself an access the watcher
/// reports: answering it by reading again kept a core busy for as long as
/// serve ran. Waiting for edits must cost next to nothing.
#[test]
fn an_idle_server_uses_no_cpu() {
    let served = serve("linked");
    served.wait_for("/", |body| body.contains("EventSource"));
    std::thread::sleep(Duration::from_millis(500));
    let pid = served.child.id();
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(pid) - before;
    // 2 s of wall time is 200 ticks at the usual 100 a second; a busy core uses them all.
    assert!(
        used < 20,
        "serve used {used} ticks of CPU in 2 s while idle"
    );
}
