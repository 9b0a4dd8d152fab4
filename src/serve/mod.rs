//! `annals serve`: build in memory, serve, watch, rebuild, reload the tabs.
//!
//! ```text
//!  notify ─▶ Watch::next_batch ─▶ Builder::rebuild ─▶ Snapshot ─watch channel─▶ server (axum)
//!  (watch.rs: classify, debounce)  (rebuild.rs)        (swapped whole)          (server.rs: pages, SSE)
//! ```
//!
//! One thread owns the watcher and the [`rebuild::Builder`]; after each
//! rebuild it publishes a new immutable [`Snapshot`] (the whole output, and
//! the errors if the rebuild failed) on a `tokio::sync::watch` channel, which
//! the server's handlers and every open reload stream read. Nothing is ever
//! written to disk: the development build (with its reload script and local
//! addresses) lives in memory only, so public/ is never touched.

pub mod rebuild;
pub mod request;
pub mod server;
pub mod watch;

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use tokio::net::TcpListener;

use crate::build::BuildOptions;
use crate::diagnostics::{self, Diagnostic, Diagnostics, Style};
use crate::locale::{Language, Locale};
use crate::output::Output;
use rebuild::{Builder, Outcome};
use watch::{Batch, Watch};

/// How long the folder must be quiet before a burst of events is rebuilt.
const QUIET: Duration = Duration::from_millis(30);
/// The longest a burst may delay a rebuild.
const MAX_WAIT: Duration = Duration::from_millis(500);
/// At most this many diagnostics go to the browser overlay.
const OVERLAY_LIMIT: usize = 50;

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
}

/// What the server shows at one moment; replaced whole after each rebuild.
#[derive(Debug)]
pub struct Snapshot {
    /// The last good build.
    pub output: Arc<Output>,
    /// Distinguishes two runs of the server (a tab reloads after a restart).
    pub instance: u64,
    /// Bumped on every published change.
    pub generation: u64,
    /// The generation of the last change that needs a full page reload.
    pub reload: u64,
    /// Set when only stylesheets changed in this generation.
    pub stylesheets: Vec<String>,
    /// The overlay's JSON when the last rebuild failed.
    pub problems: Option<Arc<str>>,
}

impl Snapshot {
    /// What a page was built from: a tab whose build differs reloads.
    pub fn build_id(&self) -> String {
        format!("{:x}-{}", self.instance, self.reload)
    }
}

pub fn run(options: ServeOptions) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the server: {err}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match runtime.block_on(bind(options.bind, options.port)) {
        Ok(listener) => listener,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or_else(|_| SocketAddr::new(options.bind, options.port));
    let url = format!("http://{}/", display_address(address));
    let mut builder = Builder::new(BuildOptions {
        root: options.root.clone(),
        out: None,
        base_url: Some(url.clone()),
        drafts: options.drafts,
        strict: false,
    });
    // Watch before the first build, so that no edit made during it is lost.
    let watch = match Watch::start(&options.root) {
        Ok(watch) => Some(watch),
        Err(err) => {
            eprintln!("warning: cannot watch {}: {err}; the preview will not follow edits", options.root.display());
            None
        }
    };
    let instance = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let initial = Snapshot {
        output: Arc::new(Output::new()),
        instance,
        generation: 0,
        reload: 0,
        stylesheets: Vec::new(),
        problems: None,
    };
    let (sender, snapshots) = tokio::sync::watch::channel(Arc::new(initial));
    let mut publisher = Publisher { sender, root: options.root.clone() };
    let first = rebuild_safely(&mut builder, &Batch::default());
    publisher.publish(first, &Batch::default(), &builder);
    if let Some(watch) = watch {
        let spawned =
            std::thread::Builder::new().name("annals-rebuild".into()).stack_size(256 << 20).spawn(move || {
                rebuild_loop(watch, builder, publisher);
            });
        if let Err(err) = spawned {
            eprintln!("warning: cannot start the watcher thread: {err}; the preview will not follow edits");
        }
    }
    let drafts = if options.drafts { " (drafts included)" } else { "" };
    eprintln!("Serving the site at {url}{drafts} — edits are shown as you save. Press Ctrl-C to stop.");
    if options.open {
        open_browser(&url);
    }
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let state = server::AppState {
        snapshots,
        shutdown: stopped.clone(),
        hosts: request::Hosts::new(address.ip(), address.port()),
    };
    runtime.block_on(serve_until_stopped(listener, server::router(state), stop, stopped));
    eprintln!("Stopped.");
    ExitCode::SUCCESS
}

/// Serves until Ctrl-C (or SIGTERM), then closes the reload streams and
/// lets open requests finish, for at most 3 seconds.
async fn serve_until_stopped(
    listener: TcpListener,
    app: axum::Router,
    stop: tokio::sync::watch::Sender<bool>,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = stopped.wait_for(|s| *s).await;
    });
    let mut task = tokio::spawn(server.into_future());
    tokio::select! {
        _ = shutdown_signal() => {}
        result = &mut task => {
            if let Ok(Err(err)) = result {
                eprintln!("error: the server stopped: {err}");
            }
            return;
        }
    }
    eprintln!("Stopping…");
    let _ = stop.send(true);
    let _ = tokio::time::timeout(Duration::from_secs(3), task).await;
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Listens on `port`, or on the next free one of the nine after it.
async fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, String> {
    let tries = if port == 0 { 1 } else { 10 };
    for offset in 0..tries {
        let Some(candidate) = port.checked_add(offset) else { break };
        match TcpListener::bind((ip, candidate)).await {
            Ok(listener) => {
                if offset > 0 {
                    eprintln!("Port {port} is busy (another server is using it): using port {candidate} instead.");
                }
                return Ok(listener);
            }
            Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(err) => return Err(format!("cannot listen on {ip} port {candidate}: {err}")),
        }
    }
    Err(format!(
        "port {port} and the next ones are busy: stop the other server, or pass another port, e.g. `annals serve --port 8080`"
    ))
}

/// `127.0.0.1:1111`, `[::1]:1111`; an address bound to every interface is shown as localhost.
fn display_address(address: SocketAddr) -> String {
    match address.ip() {
        ip if ip.is_unspecified() => format!("localhost:{}", address.port()),
        IpAddr::V6(ip) => format!("[{ip}]:{}", address.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", address.port()),
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(err) = command {
        eprintln!("Cannot open a browser ({err}): open {url} yourself.");
    }
}

fn rebuild_loop(mut watch: Watch, mut builder: Builder, mut publisher: Publisher) {
    while let Some(batch) = watch.next_batch(QUIET, MAX_WAIT) {
        if batch.is_empty() {
            continue;
        }
        let outcome = rebuild_safely(&mut builder, &batch);
        publisher.publish(outcome, &batch, &builder);
        if publisher.sender.is_closed() {
            break;
        }
    }
}

/// A rebuild that panics (a bug) is reported, and the next one starts afresh.
fn rebuild_safely(builder: &mut Builder, batch: &Batch) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| builder.rebuild(batch))) {
        Ok(outcome) => outcome,
        Err(_) => {
            *builder = Builder::new(builder.options().clone());
            let mut diags = Diagnostics::new();
            diags.push(
                Diagnostic::error(Path::new("annals"), Default::default(), "internal error while rebuilding")
                    .with_hint("please report it with the file you just saved; saving again retries"),
            );
            Outcome::Failed(diags)
        }
    }
}

/// Tells the terminal and the server about each rebuild.
struct Publisher {
    sender: tokio::sync::watch::Sender<Arc<Snapshot>>,
    root: PathBuf,
}

impl Publisher {
    fn publish(&mut self, outcome: Outcome, batch: &Batch, builder: &Builder) {
        let current = Arc::clone(&self.sender.borrow());
        let first = current.generation == 0;
        let next = match outcome {
            Outcome::Built(rebuilt) => {
                let what = if first { "Built".to_string() } else { format!("{}: rebuilt", batch.describe()) };
                let warnings = match rebuilt.warnings.warning_count() {
                    0 => String::new(),
                    n => format!(", {n} warning{} (`annals check` lists them)", if n == 1 { "" } else { "s" }),
                };
                eprintln!(
                    "{what} in {} ms: {} of {} pages rendered, {} file{} read, {} report{}{warnings}.",
                    rebuilt.took.as_millis(),
                    rebuilt.rendered,
                    rebuilt.pages,
                    rebuilt.files_read,
                    if rebuilt.files_read == 1 { "" } else { "s" },
                    rebuilt.reports,
                    if rebuilt.reports == 1 { "" } else { "s" },
                );
                if rebuilt.changed.is_empty() && current.problems.is_none() && !first {
                    return;
                }
                let generation = current.generation + 1;
                let css_only =
                    !first && !rebuilt.changed.is_empty() && rebuilt.changed.iter().all(|p| p.ends_with(".css"));
                let reload = if rebuilt.changed.is_empty() || css_only { current.reload } else { generation };
                let stylesheets = if css_only { rebuilt.changed } else { Vec::new() };
                Snapshot { output: rebuilt.output, generation, reload, stylesheets, problems: None, ..*current }
            }
            Outcome::Failed(diags) => {
                self.print_problems(&diags);
                Snapshot {
                    output: Arc::clone(&current.output),
                    generation: current.generation + 1,
                    reload: current.reload,
                    stylesheets: Vec::new(),
                    problems: Some(overlay_json(&diags, builder.language).into()),
                    ..*current
                }
            }
        };
        self.sender.send_replace(Arc::new(next));
    }

    fn print_problems(&self, diags: &Diagnostics) {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let root = self.root.clone();
        let source = move |file: &Path| std::fs::read_to_string(root.join(file)).ok();
        eprint!("{}", diagnostics::render_human(diags, Style { color }, &source));
        eprintln!("The preview keeps showing the last good version; fix the file and save it.");
    }
}

/// The overlay's data: UI strings in the site language and the diagnostics.
pub fn overlay_json(diags: &Diagnostics, language: Language) -> String {
    #[derive(Serialize)]
    struct Overlay<'a> {
        lang: &'static str,
        strings: std::collections::BTreeMap<&'static str, &'static str>,
        diagnostics: Vec<&'a Diagnostic>,
        more: usize,
    }
    let locale = Locale::new(language);
    let sorted = diags.sorted();
    let strings = locale.strings().into_iter().filter(|(key, _)| key.starts_with("serve_")).collect();
    let overlay = Overlay {
        lang: language.code(),
        strings,
        more: sorted.len().saturating_sub(OVERLAY_LIMIT),
        diagnostics: sorted.into_iter().take(OVERLAY_LIMIT).collect(),
    };
    serde_json::to_string(&overlay).unwrap_or_else(|_| "{\"diagnostics\":[]}".into())
}
