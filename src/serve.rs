//! `okrbook serve`: builds the site in memory, serves it over HTTP, watches
//! the sources and rebuilds on change. Open pages reload themselves through
//! server-sent events; while the sources are broken, the last good site stays
//! up and every page shows the errors in an overlay.
//!
//! Files are served from memory, never from disk, so no request can reach a
//! file outside the site whatever its path.

use crate::diagnostic::Diagnostic;
use crate::render::Site;
use crate::BuildOptions;
use notify::{RecursiveMode, Watcher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Where the live-reload events are served; no page of a handbook can have this path.
const EVENTS_PATH: &str = "__okrbook/events";
const QUIET_PERIOD: Duration = Duration::from_millis(50);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub hostname: String,
    pub port: u16,
}

/// The site being served and the state of the last build.
struct State {
    site: Site,
    /// Counts successful builds; pages reload when it moves on.
    version: u64,
    /// The errors of the last build, when it failed.
    errors: Option<Vec<Diagnostic>>,
}

type Shared = Arc<RwLock<State>>;

/// What the watcher keeps between builds so that an edit rebuilds only what it touches.
struct Builder {
    options: BuildOptions,
    cache: crate::Caches,
    /// What the site being served was made from; `None` forces a full build.
    fingerprint: Option<crate::render::incremental::Fingerprint>,
}

/// Event streams of open pages.
#[derive(Default)]
struct Subscribers {
    senders: Mutex<Vec<Sender<String>>>,
}

impl Subscribers {
    fn subscribe(&self) -> Receiver<String> {
        let (sender, receiver) = mpsc::channel();
        if let Ok(mut senders) = self.senders.lock() {
            senders.push(sender);
        }
        receiver
    }

    fn broadcast(&self, event: &str) {
        if let Ok(mut senders) = self.senders.lock() {
            senders.retain(|sender| sender.send(event.to_string()).is_ok());
        }
    }
}

/// A running server: its address, and the handle that keeps it alive.
pub struct Server {
    pub url: String,
    http: Arc<tiny_http::Server>,
    state: Shared,
    subscribers: Arc<Subscribers>,
    _watcher: Option<notify::RecommendedWatcher>,
}

impl Server {
    /// Builds the site, binds the address and starts watching. Fails when the
    /// address cannot be bound; a broken handbook still serves (its errors).
    pub fn start(options: ServeOptions) -> io::Result<Server> {
        let state: Shared = Arc::new(RwLock::new(State {
            site: Site::new(),
            version: 0,
            errors: None,
        }));
        let subscribers = Arc::new(Subscribers::default());
        let mut builder = Builder {
            options: options.build.clone(),
            cache: crate::Caches::default(),
            fingerprint: None,
        };
        rebuild(&mut builder, &state, &subscribers);
        let http = tiny_http::Server::http((options.hostname.as_str(), options.port))
            .map_err(|e| io::Error::new(io::ErrorKind::AddrNotAvailable, e.to_string()))?;
        let address = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| io::Error::other("the server has no IP address"))?;
        let host = if address.is_ipv6() {
            format!("[{}]", address.ip())
        } else {
            address.ip().to_string()
        };
        let url = format!("http://{host}:{}/", address.port());
        let watcher = watch(builder, Arc::clone(&state), Arc::clone(&subscribers));
        if let Err(error) = &watcher {
            eprintln!("warning: cannot watch the sources, so edits will not rebuild: {error}");
        }
        Ok(Server {
            url,
            http: Arc::new(http),
            state,
            subscribers,
            _watcher: watcher.ok(),
        })
    }

    /// Answers requests until the process ends; each request gets its own thread.
    pub fn run(&self) {
        for request in self.http.incoming_requests() {
            let state = Arc::clone(&self.state);
            let subscribers = Arc::clone(&self.subscribers);
            std::thread::spawn(move || respond(request, &state, &subscribers));
        }
    }
}

/// Builds into memory and swaps the result in; on failure keeps the last good site.
fn rebuild(builder: &mut Builder, state: &Shared, subscribers: &Subscribers) {
    let started = Instant::now();
    let result = crate::rebuild(
        &builder.options,
        "/",
        &mut builder.cache,
        builder.fingerprint.as_ref(),
    );
    let Ok(mut state) = state.write() else {
        return;
    };
    match result {
        Ok((rendered, warnings)) => {
            let written = rendered.files.len();
            if rendered.full {
                state.site = rendered.files;
            } else {
                for path in &rendered.removed {
                    state.site.remove(path);
                }
                state.site.extend(rendered.files);
            }
            builder.fingerprint = Some(rendered.fingerprint);
            state.version += 1;
            state.errors = None;
            eprintln!(
                "Built {written} of {} files in {} ms{}",
                state.site.len(),
                started.elapsed().as_millis(),
                if warnings.is_empty() {
                    String::new()
                } else {
                    format!(", {} warning(s) (see `okrbook check`)", warnings.len())
                }
            );
            subscribers.broadcast(&format!("event: reload\ndata: {}\n\n", state.version));
        }
        Err(errors) => {
            for error in errors.iter().filter(|d| d.is_error()) {
                eprint!("{}", error.render_human());
            }
            eprintln!("The build failed; still serving the last good site.");
            let payload = serde_json::to_string(&overlay_text(&errors)).unwrap_or_default();
            state.errors = Some(errors);
            subscribers.broadcast(&format!("event: broken\ndata: {payload}\n\n"));
        }
    }
}

fn overlay_text(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render_human())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Watches book.toml, the source folder and the themes, and rebuilds once
/// the changes have been quiet for a moment, so that a save-by-rename or a
/// checkout of many files causes one rebuild.
fn watch(
    mut builder: Builder,
    state: Shared,
    subscribers: Arc<Subscribers>,
) -> notify::Result<notify::RecommendedWatcher> {
    let (sender, receiver) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(sender)?;
    let root = builder.options.root.clone();
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    for folder in watched_folders(&root) {
        if folder.is_dir() {
            watcher.watch(&folder, RecursiveMode::Recursive)?;
        }
    }
    let build_dir = crate::config::Config::load(&root)
        .map(|c| root.join(c.build_dir))
        .ok();
    std::thread::spawn(move || loop {
        let Ok(first) = receiver.recv() else {
            return;
        };
        if !relevant(&first, &root, build_dir.as_deref()) {
            continue;
        }
        let mut events = vec![first];
        loop {
            match receiver.recv_timeout(QUIET_PERIOD) {
                Ok(event) => events.push(event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // Templates are not part of the fingerprint: a theme edit renders everything.
        if events.iter().any(|e| touches_theme_or_settings(e, &root)) {
            builder.fingerprint = None;
        }
        rebuild(&mut builder, &state, &subscribers);
    });
    Ok(watcher)
}

/// The folders whose changes matter: the source folder and the themes.
fn watched_folders(root: &Path) -> Vec<PathBuf> {
    let src = crate::config::Config::load(root)
        .map(|c| c.src)
        .unwrap_or_else(|_| "content".to_string());
    vec![root.join(src), root.join("themes")]
}

fn touches_theme_or_settings(event: &notify::Result<notify::Event>, root: &Path) -> bool {
    match event {
        Ok(event) => event
            .paths
            .iter()
            .any(|path| path.starts_with(root.join("themes")) || path == &root.join("book.toml")),
        Err(_) => true,
    }
}

fn relevant(event: &notify::Result<notify::Event>, root: &Path, build_dir: Option<&Path>) -> bool {
    let Ok(event) = event else {
        return true;
    };
    if event.kind.is_access() {
        return false;
    }
    event.paths.iter().any(|path| {
        let in_build = build_dir.is_some_and(|dir| path.starts_with(dir));
        let top_level_other =
            path.parent() == Some(root) && path.file_name().is_some_and(|n| n != "book.toml");
        !in_build && !top_level_other
    })
}

fn respond(request: tiny_http::Request, state: &Shared, subscribers: &Subscribers) {
    let raw_path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if request.method() != &tiny_http::Method::Get && request.method() != &tiny_http::Method::Head {
        let _ = request.respond(tiny_http::Response::empty(405));
        return;
    }
    if raw_path == format!("/{EVENTS_PATH}") {
        stream_events(request, state, subscribers);
        return;
    }
    let Ok(state) = state.read() else {
        let _ = request.respond(tiny_http::Response::empty(500));
        return;
    };
    let (status, path, body) =
        match site_path(&raw_path).and_then(|p| state.site.get(&p).map(|b| (p, b))) {
            Some((path, body)) => (200, path, body.as_slice()),
            None => (
                404,
                "404.html".to_string(),
                state
                    .site
                    .get("404.html")
                    .map(Vec::as_slice)
                    .unwrap_or(b"Not found"),
            ),
        };
    let content_type = content_type(&path);
    let body = if content_type.starts_with("text/html") {
        inject(body, state.version, state.errors.as_deref())
    } else {
        body.to_vec()
    };
    let response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// A header from constants (never from a request).
fn header(name: &'static str, value: &'static str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name, value).expect("header names and values are ASCII constants")
}

/// The site path a request names, or `None` for anything that tries to leave the site:
/// `..` or `.` segments (also percent-encoded), backslashes, NUL bytes, bad encoding.
pub fn site_path(url_path: &str) -> Option<String> {
    let decoded = percent_decode(url_path)?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded[1..].split('/') {
        match segment {
            "" => continue,
            "." | ".." => return None,
            other => segments.push(other),
        }
    }
    let mut path = segments.join("/");
    if path.is_empty() || decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script, and the error overlay while the build is broken.
fn inject(html: &[u8], version: u64, errors: Option<&[Diagnostic]>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let overlay = errors
        .map(|errors| {
            format!(
                "<div id=\"okrbook-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>okrbook: the last edit broke the build; this is the last good version.</strong><pre style=\"white-space:pre-wrap;margin:.5rem 0 0\">{}</pre></div>",
                crate::theme::escape_html(&overlay_text(errors))
            )
        })
        .unwrap_or_default();
    let script = format!(
        "<script>{}</script>",
        LIVE_RELOAD
            .replace("__VERSION__", &version.to_string())
            .replace("__STYLE__", OVERLAY_STYLE)
    );
    let addition = format!("{overlay}{script}");
    match text.rfind("</body>") {
        Some(at) => format!("{}{addition}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{addition}").into_bytes(),
    }
}

const OVERLAY_STYLE: &str = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:99999;background:#fff4f0;color:#5c1d00;border:2px solid #d55e00;border-radius:8px;padding:1rem;font:14px/1.4 ui-monospace,monospace;box-shadow:0 4px 24px rgba(0,0,0,.25)";

/// Listens for rebuilds: reloads on a new version, shows or hides the error overlay.
const LIVE_RELOAD: &str = r#"(function () {
  var loaded = __VERSION__;
  var source = new EventSource("/__okrbook/events");
  source.addEventListener("reload", function (event) {
    if (Number(event.data) !== loaded) { location.reload(); }
  });
  source.addEventListener("broken", function (event) {
    var box = document.getElementById("okrbook-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "okrbook-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "__STYLE__";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "okrbook: the last edit broke the build; this is the last good version.";
    var text = document.createElement("pre");
    text.style.whiteSpace = "pre-wrap";
    text.textContent = JSON.parse(event.data);
    box.appendChild(title);
    box.appendChild(text);
  });
})();"#;

/// Streams server-sent events to one page until it goes away. The socket is
/// written directly and flushed after every event: a buffered response body
/// would hold events back.
fn stream_events(request: tiny_http::Request, state: &Shared, subscribers: &Subscribers) {
    let receiver = subscribers.subscribe();
    let greeting = match state.read() {
        Ok(state) => match &state.errors {
            Some(errors) => format!(
                "event: reload\ndata: {}\n\nevent: broken\ndata: {}\n\n",
                state.version,
                serde_json::to_string(&overlay_text(errors)).unwrap_or_default()
            ),
            None => format!("event: reload\ndata: {}\n\n", state.version),
        },
        Err(_) => String::new(),
    };
    let mut socket = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if write_flushed(&mut socket, head).is_err() || write_flushed(&mut socket, &greeting).is_err() {
        return;
    }
    loop {
        let event = match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if write_flushed(&mut socket, &event).is_err() {
            return;
        }
    }
}

fn write_flushed(socket: &mut dyn Write, text: &str) -> io::Result<()> {
    socket.write_all(text.as_bytes())?;
    socket.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/teams/").as_deref(), Some("teams/index.html"));
        assert_eq!(
            site_path("/teams/web.html").as_deref(),
            Some("teams/web.html")
        );
        assert_eq!(site_path("/a%20b.html").as_deref(), Some("a b.html"));
        assert_eq!(
            site_path("//teams//web.html").as_deref(),
            Some("teams/web.html")
        );
        for hostile in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/%2E%2E/x",
            "/a/./b",
            "/a\\b",
            "/%00",
            "/%zz",
            "etc/passwd",
        ] {
            assert_eq!(site_path(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn html_gets_the_script_and_while_broken_the_overlay() {
        let page = b"<html><body><p>hi</p></body></html>";
        let served = String::from_utf8(inject(page, 3, None)).unwrap_or_default();
        assert!(served.contains("var loaded = 3;"));
        assert!(served.find("<script>").unwrap_or(0) < served.find("</body>").unwrap_or(0));
        assert!(!served.contains("okrbook-overlay\" role"));
        let error = Diagnostic::error("bad-date", "content/a.md", 4, 9, "\"x<y\" is not a date");
        let broken = String::from_utf8(inject(page, 3, Some(&[error]))).unwrap_or_default();
        assert!(broken.contains("id=\"okrbook-overlay\""));
        assert!(
            broken.contains("content/a.md:4:9: error[bad-date]: &quot;x&lt;y&quot; is not a date")
        );
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/okrbook.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("okrs.json"), "application/json");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
    }
}
