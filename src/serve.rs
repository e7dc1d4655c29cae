//! `okrbook serve`: builds the site in memory, serves it over HTTP, watches
//! the sources and rebuilds on change. Open pages reload themselves through
//! server-sent events; while the sources are broken, the last good site stays
//! up and every page shows the errors in an overlay.
//!
//! Files are served from memory, never from disk, so no request can reach a
//! file outside the site whatever its path. Only GET and HEAD are answered,
//! and only for a `Host` that names this server (its address, or a loopback
//! name with its port), so that a web page cannot read the preview through
//! DNS rebinding. HTTP is hyper's, on a single-threaded tokio runtime.

use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::render::Site;
use crate::BuildOptions;
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use notify::{RecursiveMode, Watcher};
use std::convert::Infallible;
use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// Where the live-reload events are served; no page of a handbook can have this path.
const EVENTS_PATH: &str = "/__okrbook/events";
/// How long the watcher waits for more changes before it rebuilds. A save is
/// a burst of events within a millisecond or two; a `git checkout` of 10,500
/// files (1-2.4 s long) still gave one rebuild with 5 ms here
/// (bench/checkout_rebuilds.py, BENCHMARKS.md), so 20 ms keeps a margin
/// while adding little to the time from a save to the page.
const QUIET_PERIOD: Duration = Duration::from_millis(20);
/// How often an idle event stream sends a comment, so that proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long a client may take to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The most a request's line and headers may take, in bytes.
const MAX_HEAD: usize = 64 * 1024;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build, from where and as of when; the site is built in memory, so `dest_dir` is not used.
    pub build: BuildOptions,
    /// The address or name to listen on, as given to `-n`.
    pub hostname: String,
    /// The port to listen on; 0 picks a free one.
    pub port: u16,
}

/// Why the server did not start.
#[derive(Debug)]
pub enum StartError {
    /// Private objectives were asked for on an address other machines can reach.
    PrivateBeyondLoopback {
        /// The hostname as given, which other machines can reach.
        hostname: String,
    },
    /// The address could not be resolved or bound, or the runtime not started.
    Listen(io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::PrivateBeyondLoopback { hostname } => write!(
                f,
                "refusing to serve private objectives (--include-private) on {hostname}, which other machines can reach. \
                 Preview them on this machine only (the default -n 127.0.0.1), \
                 or drop --include-private to share the public handbook."
            ),
            StartError::Listen(error) => write!(f, "cannot listen: {error}"),
        }
    }
}

impl std::error::Error for StartError {}

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
    /// Whether other machines can read the preview: then the error overlay
    /// only counts the errors, since a finding's file and line may come from
    /// a private objective.
    beyond_loopback: bool,
}

/// Event streams of open pages.
#[derive(Default)]
struct Subscribers {
    senders: Mutex<Vec<UnboundedSender<String>>>,
}

impl Subscribers {
    fn subscribe(&self) -> UnboundedReceiver<String> {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
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

/// What every request needs: the site, the open pages, and who may ask.
struct App {
    state: Shared,
    subscribers: Arc<Subscribers>,
    hosts: AllowedHosts,
}

/// A running server: its address, and the handle that keeps it alive.
pub struct Server {
    /// The address to open in a browser, `http://host:port/`.
    pub url: String,
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    app: Arc<App>,
    _watcher: Option<Arc<Mutex<notify::RecommendedWatcher>>>,
}

impl Server {
    /// Binds the address, builds the site and starts watching. Refuses private
    /// objectives on an address beyond loopback before binding anything, and
    /// warns on stderr whenever the address is beyond loopback. A broken
    /// handbook still serves (its errors).
    pub fn start(options: ServeOptions) -> Result<Server, StartError> {
        let addresses: Vec<SocketAddr> = (options.hostname.as_str(), options.port)
            .to_socket_addrs()
            .map_err(StartError::Listen)?
            .collect();
        let beyond_loopback = addresses.iter().any(|a| !a.ip().is_loopback());
        if beyond_loopback && options.build.include_private {
            return Err(StartError::PrivateBeyondLoopback {
                hostname: options.hostname,
            });
        }
        let listener = std::net::TcpListener::bind(&addresses[..]).map_err(StartError::Listen)?;
        listener.set_nonblocking(true).map_err(StartError::Listen)?;
        let bound = listener.local_addr().map_err(StartError::Listen)?;
        if beyond_loopback {
            eprintln!(
                "warning: listening on {bound}, which other machines can reach: anyone on your network can read this preview. \
                 Keep the default -n 127.0.0.1 unless others must see it."
            );
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(StartError::Listen)?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(StartError::Listen)?
        };
        // Bound to every address, the URL to open here is loopback's.
        let host = match bound.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => Ipv4Addr::LOCALHOST.to_string(),
            IpAddr::V6(ip) if ip.is_unspecified() => format!("[{}]", Ipv6Addr::LOCALHOST),
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        let url = format!("http://{host}:{}/", bound.port());

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
            beyond_loopback,
        };
        rebuild(&mut builder, &state, &subscribers);
        let watcher = watch(builder, Arc::clone(&state), Arc::clone(&subscribers));
        if let Err(error) = &watcher {
            eprintln!("warning: cannot watch the sources, so edits will not rebuild: {error}");
        }
        Ok(Server {
            url,
            runtime,
            listener,
            app: Arc::new(App {
                state,
                subscribers,
                hosts: AllowedHosts {
                    bound,
                    name: named_host(&options.hostname),
                },
            }),
            _watcher: watcher.ok(),
        })
    }

    /// Answers requests until the process ends.
    pub fn run(&self) {
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .max_buf_size(MAX_HEAD);
        self.runtime.block_on(async {
            loop {
                let stream = match self.listener.accept().await {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors, say: wait instead of spinning.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let app = Arc::clone(&self.app);
                let connection = http.serve_connection(
                    TokioIo::new(stream),
                    hyper::service::service_fn(move |request| {
                        let response = app.respond(&request);
                        async move { Ok::<_, Infallible>(response) }
                    }),
                );
                tokio::spawn(async move {
                    // A client that goes away or sends garbage ends only its own connection.
                    let _ = connection.await;
                });
            }
        });
    }
}

/// The `Host` values a request may carry: a loopback name with the server's
/// port, or the address it is bound to (with or without the port). Bound to
/// every address (`0.0.0.0`, `::`), any IP address is its own: DNS rebinding
/// needs a name, and other machines reach the server by its IP.
struct AllowedHosts {
    bound: SocketAddr,
    /// The name given with `-n`, when it is a name (`mybox.local`): the user
    /// chose it, so it is this server's.
    name: Option<String>,
}

/// `-n`'s value when it is a host name rather than an IP address.
fn named_host(hostname: &str) -> Option<String> {
    let bare = hostname.trim_start_matches('[').trim_end_matches(']');
    (bare.parse::<IpAddr>().is_err() && !bare.eq_ignore_ascii_case("localhost"))
        .then(|| hostname.to_ascii_lowercase())
}

impl AllowedHosts {
    /// Whether to answer the request, or the plain-text reason not to.
    fn check(&self, request: &Request<Incoming>) -> Result<(), String> {
        let mut hosts = request.headers().get_all(header::HOST).iter();
        let allowed = match (hosts.next(), hosts.next()) {
            (Some(host), None) => host.to_str().is_ok_and(|host| self.allows(host)),
            _ => false,
        };
        // An absolute URL in the request line names the host too, and wins over the header.
        let authority_allowed = match request.uri().authority() {
            Some(authority) => self.allows(authority.as_str()),
            None => true,
        };
        if allowed && authority_allowed {
            Ok(())
        } else {
            Err(format!(
                "Refused: the Host header does not name this preview server, which answers only \
                 to its own address and, on its machine, to http://127.0.0.1:{port}/ and \
                 http://localhost:{port}/ (a guard against DNS rebinding).\n",
                port = self.bound.port()
            ))
        }
    }

    fn allows(&self, host: &str) -> bool {
        let Some((name, ip, port)) = split_host(host) else {
            return false;
        };
        if port.is_some_and(|port| port != self.bound.port()) {
            return false;
        }
        let loopback_name = name.eq_ignore_ascii_case("localhost")
            || ip == Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
            || ip == Some(IpAddr::V6(Ipv6Addr::LOCALHOST));
        // Without a port, a browser means port 80.
        let port_given_or_default = port.is_some() || self.bound.port() == 80;
        if loopback_name && port_given_or_default {
            return true;
        }
        if self
            .name
            .as_deref()
            .is_some_and(|own| own.eq_ignore_ascii_case(name))
        {
            return true;
        }
        ip.is_some_and(|ip| ip == self.bound.ip() || self.bound.ip().is_unspecified())
    }
}

/// A `Host` value's name, its IP address when it is one, and its port:
/// `name`, `name:port`, `[v6]` or `[v6]:port`. `None` when malformed.
fn split_host(host: &str) -> Option<(&str, Option<IpAddr>, Option<u16>)> {
    let (name, ip, rest) = match host.strip_prefix('[') {
        Some(bracketed) => {
            let (inside, rest) = bracketed.split_once(']')?;
            let ip: Ipv6Addr = inside.parse().ok()?;
            (inside, Some(IpAddr::V6(ip)), rest)
        }
        None => {
            let end = host.find(':').unwrap_or(host.len());
            let (name, rest) = host.split_at(end);
            let ip = name.parse::<Ipv4Addr>().ok().map(IpAddr::V4);
            (name, ip, rest)
        }
    };
    let port = match rest {
        "" => None,
        _ => {
            let digits = rest.strip_prefix(':')?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some(digits.parse().ok()?)
        }
    };
    if name.is_empty() {
        return None;
    }
    Some((name, ip, port))
}

impl App {
    fn respond(&self, request: &Request<Incoming>) -> Response<Reply> {
        if let Err(reason) = self.hosts.check(request) {
            return plain(StatusCode::FORBIDDEN, reason);
        }
        if request.method() != Method::GET && request.method() != Method::HEAD {
            let mut response = plain(
                StatusCode::METHOD_NOT_ALLOWED,
                "Only GET and HEAD are answered.\n".to_string(),
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        let raw_path = request.uri().path();
        if raw_path == EVENTS_PATH {
            return self.events();
        }
        let Ok(state) = self.state.read() else {
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The server is broken; restart it.\n".to_string(),
            );
        };
        let (status, path, body) =
            match site_path(raw_path).and_then(|p| state.site.get(&p).map(|b| (p, b))) {
                Some((path, body)) => (StatusCode::OK, path, body.as_slice()),
                None => (
                    StatusCode::NOT_FOUND,
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
            let page = (status == StatusCode::OK).then_some(path.as_str());
            inject(body, page, state.version, state.errors.as_deref())
        } else {
            body.to_vec()
        };
        with_headers(status, content_type, Reply::Whole(Some(Bytes::from(body))))
    }

    /// The live-reload event stream: the current version (and errors) at once, then every rebuild.
    fn events(&self) -> Response<Reply> {
        let events = self.subscribers.subscribe();
        let greeting = match self.state.read() {
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
        let stream = EventStream {
            greeting: Some(greeting),
            events,
            keep_alive: tokio::time::interval_at(
                tokio::time::Instant::now() + KEEP_ALIVE,
                KEEP_ALIVE,
            ),
        };
        with_headers(
            StatusCode::OK,
            "text/event-stream",
            Reply::Events(Box::new(stream)),
        )
    }
}

/// A short plain-text answer.
fn plain(status: StatusCode, text: String) -> Response<Reply> {
    with_headers(
        status,
        "text/plain; charset=utf-8",
        Reply::Whole(Some(Bytes::from(text))),
    )
}

/// A response with its content type; nothing is cached, nothing sniffed.
fn with_headers(status: StatusCode, content_type: &'static str, body: Reply) -> Response<Reply> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A response body: a whole file from memory, or the live-reload event stream.
enum Reply {
    Whole(Option<Bytes>),
    Events(Box<EventStream>),
}

/// Server-sent events for one open page, until it goes away. Each event is
/// its own frame, written as soon as it comes.
struct EventStream {
    greeting: Option<String>,
    events: UnboundedReceiver<String>,
    keep_alive: tokio::time::Interval,
}

impl EventStream {
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<String>> {
        if let Some(greeting) = self.greeting.take() {
            return Poll::Ready(Some(greeting));
        }
        match self.events.poll_recv(cx) {
            Poll::Ready(Some(event)) => {
                self.keep_alive.reset();
                Poll::Ready(Some(event))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => self
                .keep_alive
                .poll_tick(cx)
                .map(|_| Some(": keep-alive\n\n".to_string())),
        }
    }
}

impl Body for Reply {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Reply::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Reply::Events(stream) => stream
                .poll_event(cx)
                .map(|event| event.map(|text| Ok(Frame::data(Bytes::from(text))))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Reply::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Reply::Whole(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            Reply::Whole(None) => SizeHint::with_exact(0),
            Reply::Events(_) => SizeHint::default(),
        }
    }
}

/// Builds into memory and swaps the result in; on failure keeps the last good
/// site. When an edit reaches only some pages, those are swapped in and open
/// pages told to reload before the data files (`okrs.json`, the feed, the
/// search index) are made; these follow a few milliseconds later.
fn rebuild(builder: &mut Builder, state: &Shared, subscribers: &Subscribers) {
    let started = Instant::now();
    let mut pages_shown = None;
    let result = crate::rebuild_in_steps(
        &builder.options,
        "/",
        &mut builder.cache,
        builder.fingerprint.as_ref(),
        |pages, removed| {
            let Ok(mut state) = state.write() else {
                return;
            };
            for path in removed {
                state.site.remove(path);
            }
            state.site.extend(
                pages
                    .iter()
                    .map(|(path, bytes)| (path.clone(), bytes.clone())),
            );
            state.version += 1;
            state.errors = None;
            pages_shown.get_or_insert(started.elapsed());
            let changed: Vec<&String> = pages.keys().chain(removed).collect();
            subscribers.broadcast(&changed_event(state.version, &changed));
        },
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
            let reloaded = pages_shown.is_some();
            if !reloaded {
                state.version += 1;
                state.errors = None;
            }
            eprintln!(
                "Built {written} of {} files in {} ms{}{}",
                state.site.len(),
                started.elapsed().as_millis(),
                match pages_shown {
                    Some(shown) => format!(" (the pages in {} ms)", shown.as_millis()),
                    None => String::new(),
                },
                if warnings.is_empty() {
                    String::new()
                } else {
                    format!(", {} warning(s) (see `okrbook check`)", warnings.len())
                }
            );
            if !reloaded {
                subscribers.broadcast(&format!("event: reload\ndata: {}\n\n", state.version));
            }
        }
        Err(errors) => {
            for error in errors.iter().filter(|d| d.is_error()) {
                eprint!("{}", error.render_human());
            }
            eprintln!("The build failed; still serving the last good site.");
            let errors = if builder.beyond_loopback {
                redacted(&errors)
            } else {
                errors
            };
            let payload = serde_json::to_string(&overlay_text(&errors)).unwrap_or_default();
            state.errors = Some(errors);
            subscribers.broadcast(&format!("event: broken\ndata: {payload}\n\n"));
        }
    }
}

/// Tells open pages which pages a step of a rebuild changed: those pages
/// reload, the others take the new version and stay.
fn changed_event(version: u64, pages: &[&String]) -> String {
    let payload = serde_json::json!({ "version": version, "pages": pages });
    format!("event: changed\ndata: {payload}\n\n")
}

/// What other machines are shown of a broken build: how many errors, not
/// where they are or what the lines say.
fn redacted(errors: &[Diagnostic]) -> Vec<Diagnostic> {
    let count = errors.iter().filter(|d| d.is_error()).count();
    vec![Diagnostic::error(
        Code::BuildFailed,
        "okrbook serve",
        1,
        1,
        format!("{count} error(s); they are printed in the terminal where okrbook serve runs"),
    )]
}

fn overlay_text(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render_human())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a handbook's sources are, as its book.toml says now.
struct Layout {
    src: PathBuf,
    themes: PathBuf,
    /// The conventional folder of data files that key results read with `source:`.
    data: PathBuf,
    settings: PathBuf,
    build_dir: Option<PathBuf>,
}

impl Layout {
    fn of(root: &Path) -> Layout {
        let config = crate::config::Config::load(root).ok();
        Layout {
            src: root.join(config.as_ref().map_or("content", |c| c.src.as_str())),
            themes: root.join("themes"),
            data: root.join("data"),
            settings: root.join("book.toml"),
            build_dir: config.map(|c| root.join(c.build_dir)),
        }
    }

    /// The folders watched recursively: `data/` holds the files key
    /// results name with `source:`.
    fn folders(&self) -> [&Path; 3] {
        [&self.src, &self.themes, &self.data]
    }

    /// Whether an entry at the top of the handbook is one that matters.
    fn is_source_entry(&self, path: &Path) -> bool {
        path == self.src || path == self.themes || path == self.data || path == self.settings
    }
}

/// Watches book.toml, the source folder and the themes, and rebuilds once
/// the changes have been quiet for a moment, so that a save-by-rename or a
/// checkout of many files causes one rebuild. The handbook's folder itself is
/// watched too, so that a source folder deleted and recreated, or renamed
/// away and back, is watched again.
fn watch(
    mut builder: Builder,
    state: Shared,
    subscribers: Arc<Subscribers>,
) -> notify::Result<Arc<Mutex<notify::RecommendedWatcher>>> {
    let (sender, receiver) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(sender)?;
    let root = builder.options.root.clone();
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    rewatch(&mut watcher, &Layout::of(&root));
    let watcher = Arc::new(Mutex::new(watcher));
    // Weak, so that dropping the server drops the watcher, which ends this thread.
    let handle: Weak<Mutex<notify::RecommendedWatcher>> = Arc::downgrade(&watcher);
    std::thread::spawn(move || loop {
        let Ok(first) = receiver.recv() else {
            return;
        };
        // Before `Layout::of`, which reads book.toml: that read is an access
        // event too, and answering it by reading again kept a core busy.
        if only_read(&first) || !relevant(&first, &root, &Layout::of(&root)) {
            continue;
        }
        let mut events = vec![first];
        // Reads (the rebuild's own, or another program's) do not hold the rebuild back.
        let mut quiet_until = Instant::now() + QUIET_PERIOD;
        loop {
            match receiver.recv_timeout(quiet_until.saturating_duration_since(Instant::now())) {
                Ok(event) if only_read(&event) => {}
                Ok(event) => {
                    events.push(event);
                    quiet_until = Instant::now() + QUIET_PERIOD;
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let layout = Layout::of(&root);
        if events.iter().any(|e| reshapes(e, &layout)) {
            let Some(watcher) = handle.upgrade() else {
                return;
            };
            if let Ok(mut watcher) = watcher.lock() {
                rewatch(&mut watcher, &layout);
            };
        }
        // Templates are not part of the fingerprint: a theme edit renders everything.
        if events.iter().any(|e| touches_theme_or_settings(e, &layout)) {
            builder.fingerprint = None;
        }
        rebuild(&mut builder, &state, &subscribers);
    });
    Ok(watcher)
}

/// Whether an event only says that a file was opened, read or closed:
/// every rebuild reads every source, and okrbook reads book.toml to know
/// what to watch, so these are mostly okrbook's own doing and never an edit.
fn only_read(event: &notify::Result<notify::Event>) -> bool {
    matches!(event, Ok(event) if event.kind.is_access())
}

/// Drops the watches of the source folder and themes and watches them again
/// as they are now: after a folder is deleted and recreated, or renamed, its
/// old watch sees nothing or the wrong folder. Called before the rebuild, so
/// the rebuild reads whatever was written before the new watch began.
fn rewatch(watcher: &mut notify::RecommendedWatcher, layout: &Layout) {
    for folder in layout.folders() {
        // Not watched (any more) is fine.
        let _ = watcher.unwatch(folder);
        if folder.is_dir() {
            if let Err(error) = watcher.watch(folder, RecursiveMode::Recursive) {
                eprintln!(
                    "warning: cannot watch {}, so its edits will not rebuild: {error}",
                    folder.display()
                );
            }
        }
    }
}

/// Whether an event touches book.toml, or adds, removes or renames the
/// source folder or the themes: then what to watch may have changed.
fn reshapes(event: &notify::Result<notify::Event>, layout: &Layout) -> bool {
    match event {
        Ok(event) => {
            !event.kind.is_access() && event.paths.iter().any(|path| layout.is_source_entry(path))
        }
        Err(_) => true,
    }
}

/// Whether an event changes the theme or book.toml, which the fingerprint
/// does not cover. Accesses do not count: every rebuild opens book.toml and
/// the theme's files itself, and counting those made every edit a full render.
fn touches_theme_or_settings(event: &notify::Result<notify::Event>, layout: &Layout) -> bool {
    match event {
        Ok(event) => {
            !event.kind.is_access()
                && event
                    .paths
                    .iter()
                    .any(|path| path.starts_with(&layout.themes) || path == &layout.settings)
        }
        Err(_) => true,
    }
}

fn relevant(event: &notify::Result<notify::Event>, root: &Path, layout: &Layout) -> bool {
    let Ok(event) = event else {
        return true;
    };
    if event.kind.is_access() {
        return false;
    }
    event.paths.iter().any(|path| {
        let in_build = layout
            .build_dir
            .as_deref()
            .is_some_and(|dir| path.starts_with(dir));
        let top_level_other = path.parent() == Some(root) && !layout.is_source_entry(path);
        !in_build && !top_level_other
    })
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

/// The `Content-Type` of a file served, by the extension of its path.
pub(crate) fn content_type(path: &str) -> &'static str {
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
/// `page` is the site path of the page served, or `None` for the 404 page,
/// which reloads after any change (the page asked for may now exist).
fn inject(html: &[u8], page: Option<&str>, version: u64, errors: Option<&[Diagnostic]>) -> Vec<u8> {
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
            // JSON is a JavaScript literal; `<` escaped so that no path ends the script.
            .replace(
                "__PAGE__",
                &serde_json::to_string(&page)
                    .unwrap_or_else(|_| "null".to_string())
                    .replace('<', "\\u003c"),
            )
            .replace("__STYLE__", OVERLAY_STYLE)
    );
    let addition = format!("{overlay}{script}");
    match text.rfind("</body>") {
        Some(at) => format!("{}{addition}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{addition}").into_bytes(),
    }
}

const OVERLAY_STYLE: &str = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:99999;background:#fff4f0;color:#5c1d00;border:2px solid #d55e00;border-radius:8px;padding:1rem;font:14px/1.4 ui-monospace,monospace;box-shadow:0 4px 24px rgba(0,0,0,.25)";

/// Listens for rebuilds: reloads on a new version, or when a step of a
/// rebuild changed this page (a page it did not change drops the error
/// overlay of the broken build before); shows the overlay while broken.
const LIVE_RELOAD: &str = r#"(function () {
  var loaded = __VERSION__;
  var page = __PAGE__;
  var source = new EventSource("/__okrbook/events");
  source.addEventListener("reload", function (event) {
    if (Number(event.data) !== loaded) { location.reload(); }
  });
  source.addEventListener("changed", function (event) {
    var change = JSON.parse(event.data);
    if (page === null || change.pages.indexOf(page) !== -1) { location.reload(); return; }
    loaded = change.version;
    // Only a build that worked sends this: the error shown before is gone.
    var box = document.getElementById("okrbook-overlay");
    if (box) { box.remove(); }
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
    fn beyond_loopback_the_overlay_counts_errors_and_shows_none() {
        let errors = vec![
            Diagnostic::error(
                Code::UnknownField,
                "content/board/2026-Q4/acquire-foo.md",
                3,
                1,
                "unknown field `titel`",
            )
            .with_excerpt(Some("titel: Acquire Foo Inc")),
            Diagnostic::warning(Code::NoOwner, "content/a.md", 1, 1, "nobody"),
        ];
        let text = overlay_text(&redacted(&errors));
        assert!(text.contains("1 error(s)"), "{text}");
        for secret in ["acquire-foo", "Acquire Foo", "titel", "content/"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }

    /// The live-reload script run in Node with a stand-in browser: a step
    /// that did not change this page leaves it (and drops the overlay of the
    /// broken build before); one that did, or a new version, reloads it.
    #[test]
    fn open_pages_reload_only_when_their_page_changed() {
        let html = String::from_utf8(inject(b"<body></body>", Some("index.html"), 1, None))
            .unwrap_or_default();
        let script = html
            .split("<script>")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("the injected script");
        let harness = format!(
            r#"var log = [], on = {{}}, box = {{ remove: function () {{ log.push("overlay removed"); }} }};
globalThis.location = {{ reload: function () {{ log.push("page reloads"); }} }};
globalThis.EventSource = function () {{ this.addEventListener = function (name, f) {{ on[name] = f; }}; }};
globalThis.document = {{ getElementById: function () {{ return box; }} }};
{script}
function send(name, data) {{ log.push("event " + name); on[name]({{ data: data }}); }}
send("changed", JSON.stringify({{ version: 2, pages: ["web/a.html"] }}));
send("reload", "2");
send("changed", JSON.stringify({{ version: 3, pages: ["teams.html", "index.html"] }}));
send("reload", "4");
console.log(log.join(","));"#
        );
        let output = std::process::Command::new("node")
            .arg("-e")
            .arg(&harness)
            .output()
            .expect("node runs (the e2e tests need it too)");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            "event changed,overlay removed,event reload,event changed,page reloads,event reload,page reloads"
        );
    }

    #[test]
    fn html_gets_the_script_and_while_broken_the_overlay() {
        let page = b"<html><body><p>hi</p></body></html>";
        let served =
            String::from_utf8(inject(page, Some("index.html"), 3, None)).unwrap_or_default();
        assert!(served.contains("var loaded = 3;"));
        assert!(served.find("<script>").unwrap_or(0) < served.find("</body>").unwrap_or(0));
        assert!(!served.contains("okrbook-overlay\" role"));
        let error = Diagnostic::error(Code::BadDate, "content/a.md", 4, 9, "\"x<y\" is not a date");
        let broken = String::from_utf8(inject(page, Some("index.html"), 3, Some(&[error])))
            .unwrap_or_default();
        assert!(broken.contains("id=\"okrbook-overlay\""));
        assert!(
            broken.contains("content/a.md:4:9: error[bad-date]: &quot;x&lt;y&quot; is not a date")
        );
    }

    fn allowed(bound: &str) -> AllowedHosts {
        AllowedHosts {
            bound: bound.parse().unwrap_or_else(|_| panic!("{bound}")),
            name: None,
        }
    }

    #[test]
    fn the_name_given_with_n_and_port_80_without_a_port_are_this_servers() {
        let named = AllowedHosts {
            name: named_host("MyBox.local"),
            ..allowed("0.0.0.0:4000")
        };
        assert!(named.allows("mybox.local:4000"));
        assert!(named.allows("MYBOX.LOCAL:4000"));
        assert!(!named.allows("mybox.local:4001"));
        assert!(!named.allows("other.local:4000"));
        assert_eq!(named_host("0.0.0.0"), None);
        assert_eq!(named_host("[::]"), None);
        assert_eq!(named_host("localhost"), None);
        let web = allowed("127.0.0.1:80");
        assert!(web.allows("localhost"));
        assert!(web.allows("127.0.0.1"));
        assert!(!web.allows("attacker.example"));
    }

    #[test]
    fn loopback_hosts_answer_to_their_own_names_only() {
        let hosts = allowed("127.0.0.1:4000");
        for host in [
            "127.0.0.1:4000",
            "127.0.0.1",
            "localhost:4000",
            "LocalHost:4000",
            "[::1]:4000",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "attacker.example",
            "attacker.example:4000",
            "localhost",
            "localhost:4001",
            "[::1]",
            "127.0.0.2:4000",
            "127.0.0.1:",
            "127.0.0.1:+4000",
            "127.0.0.1:99999",
            "127.0.0.1:4000:4000",
            "[127.0.0.1]:4000",
            "[::1:4000",
            "user@127.0.0.1:4000",
            ":4000",
            "",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn beyond_loopback_the_bound_address_or_any_ip_when_bound_to_all() {
        let lan = allowed("192.0.2.7:4000");
        assert!(lan.allows("192.0.2.7:4000"));
        assert!(lan.allows("192.0.2.7"));
        assert!(lan.allows("localhost:4000"));
        assert!(!lan.allows("192.0.2.8:4000"));
        assert!(!lan.allows("okrs.example:4000"));
        let all = allowed("0.0.0.0:4000");
        assert!(all.allows("192.0.2.7:4000"));
        assert!(all.allows("127.0.0.1:4000"));
        assert!(!all.allows("192.0.2.7:4001"));
        assert!(!all.allows("rebind.attacker.example:4000"));
        let all_v6 = allowed("[::]:4000");
        assert!(all_v6.allows("[2001:db8::1]:4000"));
        assert!(!all_v6.allows("attacker.example:4000"));
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
