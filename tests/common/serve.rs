//! `okrbook serve`, two ways:
//!
//! - [`Session`]: the incremental rebuild serve runs after an edit, in
//!   process (`okrbook::rebuild` with a cache and a fingerprint), so a test
//!   can compare the site it keeps with a full build;
//! - [`Served`]: the real binary on a free loopback port, spoken to over
//!   HTTP, stopped when dropped.

use okrbook::date::Date;
use okrbook::internals::Fingerprint;
use okrbook::internals::Site;
use okrbook::{BuildOptions, Caches};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The as-of date serve sessions use unless told otherwise.
pub const SERVE_AS_OF: &str = "2026-11-15";

// ------------------------------------------------------------ in process

/// An incremental rebuild for `okrbook serve`, as of 2026-11-15, with the
/// site it keeps between edits.
pub struct Session {
    pub options: BuildOptions,
    pub cache: Caches,
    pub fingerprint: Option<Fingerprint>,
    pub site: Site,
}

/// What one incremental rebuild did.
#[derive(Debug, Clone, Copy)]
pub struct Rebuilt {
    /// How many files it rendered.
    pub rendered: usize,
    /// Whether it rendered the whole site.
    pub full: bool,
}

impl Session {
    /// Builds `root` once; the first build renders every file.
    pub fn new(root: &Path) -> Session {
        let mut session = Session {
            options: BuildOptions {
                root: root.to_path_buf(),
                dest_dir: None,
                as_of: Date::parse(SERVE_AS_OF).expect("date"),
                include_private: false,
                site_url: None,
            },
            cache: Caches::default(),
            fingerprint: None,
            site: Site::new(),
        };
        let first = session.rebuild();
        assert_eq!(
            first.rendered,
            session.site.len(),
            "the first build renders everything"
        );
        session
    }

    /// Applies an incremental rebuild of the sources as they are now.
    pub fn rebuild(&mut self) -> Rebuilt {
        let (rendered, _) = okrbook::rebuild(
            &self.options,
            "/",
            &mut self.cache,
            self.fingerprint.as_ref(),
        )
        .unwrap_or_else(|errors| panic!("{errors:?}"));
        let done = Rebuilt {
            rendered: rendered.files.len(),
            full: rendered.full,
        };
        if rendered.full {
            self.site = rendered.files;
        } else {
            for path in &rendered.removed {
                self.site.remove(path);
            }
            self.site.extend(rendered.files);
        }
        self.fingerprint = Some(rendered.fingerprint);
        done
    }

    /// The incremental site equals a full build of the same sources, byte for byte.
    #[track_caller]
    pub fn assert_matches_full_build(&self, what: &str) {
        let (full, _) =
            okrbook::rebuild(&self.options, "/", &mut Caches::default(), None).expect("full build");
        let served: Vec<&String> = self.site.keys().collect();
        let built: Vec<&String> = full.files.keys().collect();
        assert_eq!(served, built, "{what}: the same files");
        for (path, bytes) in &full.files {
            assert!(
                self.site.get(path) == Some(bytes),
                "{what}: {path} differs from a full build"
            );
        }
    }

    /// A file of the kept site, as text.
    pub fn page(&self, path: &str) -> String {
        String::from_utf8_lossy(self.site.get(path).expect("page")).into_owned()
    }
}

// ------------------------------------------------------------ over HTTP

/// A running `okrbook serve`, stopped when dropped.
pub struct Served {
    pub child: Child,
    /// `127.0.0.1:PORT`.
    pub address: String,
    /// The handbook being served.
    pub root: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP response.
pub struct Response {
    pub status: u16,
    pub content_type: String,
    /// The body as text (lossy).
    pub body: String,
    /// The body's bytes, exactly as sent.
    pub bytes: Vec<u8>,
}

impl Served {
    /// Serves a copy of the fixture `name` as of 2026-11-15.
    pub fn fixture(name: &str) -> Served {
        let (dir, root) = super::copy_fixture(name);
        let mut served = Served::start(&root, &["--as-of", SERVE_AS_OF]);
        served._dir = Some(dir);
        served
    }

    /// `okrbook serve ROOT --port 0 ARGS…`, once it says where it listens.
    /// The handbook is served where it is: the caller keeps it alive.
    pub fn start(root: &Path, args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_okrbook"))
            .arg("serve")
            .arg(root)
            .args(["--port", "0"])
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start okrbook serve");
        let stdout = child.stdout.take().expect("stdout");
        let address = address_in(&first_line(stdout));
        assert!(
            address.starts_with("127.0.0.1:"),
            "binds to loopback by default: {address}"
        );
        Served {
            child,
            address,
            root: root.to_path_buf(),
            _dir: None,
        }
    }

    pub fn get(&self, path: &str) -> Response {
        self.send(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        ))
    }

    /// Sends `request` as it is and reads the whole response.
    pub fn send(&self, request: &str) -> Response {
        self.send_bytes(request.as_bytes())
    }

    pub fn send_bytes(&self, request: &[u8]) -> Response {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        stream.write_all(request).expect("send");
        let mut raw = Vec::new();
        // A server may close the connection while a long request is still being sent.
        let _ = stream.read_to_end(&mut raw);
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(raw.len());
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let bytes = raw.get(split + 4..).unwrap_or_default().to_vec();
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
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    pub fn port(&self) -> &str {
        self.address.rsplit(':').next().unwrap_or_default()
    }

    /// Polls `path` until `done` holds for its body, for at most 15 s.
    pub fn wait_for(&self, path: &str, done: impl Fn(&str) -> bool) -> Response {
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

    /// Replaces `from` (which must occur) by `to` in a source file.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).expect("read source");
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replace(from, to)).expect("write source");
    }
}

/// The first line a stream prints, waiting at most 30 s for it.
pub fn first_line(stream: impl Read + Send + 'static) -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stream).read_line(&mut line);
        let _ = sender.send(line);
    });
    receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("a first line within 30 s")
}

/// `127.0.0.1:PORT` from a `Serving on http://127.0.0.1:PORT/` line.
pub fn address_in(line: &str) -> String {
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

/// The live-reload script serve adds to every HTML page, taken out again:
/// `<script>(function () {\n  var loaded = N;` … `})();</script>`, which
/// serve puts right before the last `</body>` (or at the end). Panics when
/// the page does not end that way: nothing else is removed.
#[track_caller]
pub fn strip_live_reload(served: &[u8]) -> Vec<u8> {
    const OPEN: &[u8] = b"<script>(function () {\n  var loaded = ";
    const CLOSE: &[u8] = b"})();</script>";
    let text = served;
    let body_end = rfind(text, b"</body>").unwrap_or(text.len());
    let before = &text[..body_end];
    assert!(
        before.ends_with(CLOSE),
        "no live-reload script right before </body>"
    );
    let start = rfind(before, OPEN).expect("the live-reload script's start");
    let script = &before[start..];
    assert!(
        contains(script, b"new EventSource(\"/__okrbook/events\")"),
        "the script removed is the live-reload script"
    );
    let version_end = script[OPEN.len()..]
        .iter()
        .position(|b| !b.is_ascii_digit())
        .map(|n| OPEN.len() + n);
    assert!(
        version_end.is_some_and(|end| end > OPEN.len() && script[end..].starts_with(b";\n")),
        "the script starts with the page's version number"
    );
    assert!(
        !contains(&script[OPEN.len()..], b"<script"),
        "one script is removed, not more"
    );
    let mut stripped = text[..start].to_vec();
    stripped.extend_from_slice(&text[body_end..]);
    stripped
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
