//! `annals serve`: build in memory, serve, watch, rebuild, reload the tabs.
//!
//! ```text
//!  notify ─▶ Watch::next_batch ─▶ Builder::rebuild ─▶ Announcer ─▶ Snapshot ─watch channel─▶ server (axum)
//!  (watch.rs: classify,          (rebuild.rs)        (announce.rs:  (swapped whole)         (server.rs: pages,
//!   debounce)                                         terminal)                              SSE; listen.rs)
//! ```
//!
//! One thread owns the watcher and the [`rebuild::Builder`]; after each
//! rebuild it publishes a new immutable [`Snapshot`] (the whole output, and
//! the errors if the rebuild failed) on a `tokio::sync::watch` channel, which
//! the server's handlers and every open reload stream read. Nothing is ever
//! written to disk: the development build (with its reload script and local
//! addresses) lives in memory only, so public/ is never touched. The
//! search index of a changed archive is built afterwards on another thread
//! and swapped in when ready (`index_job.rs`), so an edit reloads without
//! waiting for it.

mod announce;
pub(crate) mod index_job;
mod limits;
mod listen;
pub mod rebuild;
pub(crate) mod request;
pub(crate) mod server;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::build::BuildOptions;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use announce::Announcer;
pub use announce::overlay_json;
use rebuild::{Builder, Outcome};
use watch::{Batch, Watch};

/// How long the folder must be quiet before a burst of events is rebuilt.
const QUIET: Duration = Duration::from_millis(30);
/// The longest a burst may delay a rebuild.
const MAX_WAIT: Duration = Duration::from_millis(500);
/// How often the rebuild loop looks whether a search index is ready.
const INDEX_POLL: Duration = Duration::from_millis(20);

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
    if !options.root.is_dir() {
        eprintln!(
            "error: {} is not a folder\n  help: pass the site folder (the one holding site.yaml) with `--root`",
            options.root.display()
        );
        return ExitCode::FAILURE;
    }
    // serve writes nothing to disk, but it tidies what killed builds left.
    crate::output::remove_leftovers(&options.root.join("public"));
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the server: {err}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match runtime.block_on(listen::bind(options.bind, options.port)) {
        Ok(listener) => listener,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or_else(|_| SocketAddr::new(options.bind, options.port));
    let url = format!("http://{}/", listen::display_address(address));
    let snapshots = start_building(&options, &url);
    let drafts = if options.drafts { " (drafts included)" } else { "" };
    eprintln!("Serving the site at {url}{drafts} — edits are shown as you save. Press Ctrl-C to stop.");
    if options.open {
        listen::open_browser(&url);
    }
    let hosts = request::Hosts::new(address.ip(), address.port());
    runtime.block_on(listen::serve_until_stopped(listener, snapshots, hosts));
    eprintln!("Stopped.");
    ExitCode::SUCCESS
}

/// Builds the site once, then rebuilds it on a thread of its own after
/// every change; returns the channel the snapshots are published on.
fn start_building(options: &ServeOptions, url: &str) -> tokio::sync::watch::Receiver<Arc<Snapshot>> {
    let mut builder = Builder::new(BuildOptions {
        root: options.root.clone(),
        out: None,
        base_url: Some(url.to_string()),
        drafts: options.drafts,
        strict: false,
        progress: false,
        full: false,
    });
    // Watch before the first build, so that no edit made during it is lost.
    let watch = match Watch::start(&options.root) {
        Ok(watch) => Some(watch),
        Err(err) => {
            eprintln!("warning: cannot watch {}: {err}; the preview will not follow edits", options.root.display());
            None
        }
    };
    let (mut announcer, snapshots) = Announcer::new(&options.root);
    let first = rebuild_safely(&mut builder, &Batch::default());
    announcer.publish(first, &Batch::default(), &builder);
    if let Some(watch) = watch {
        let spawned =
            std::thread::Builder::new().name("annals-rebuild".into()).stack_size(256 << 20).spawn(move || {
                rebuild_loop(watch, builder, announcer);
            });
        if let Err(err) = spawned {
            eprintln!("warning: cannot start the watcher thread: {err}; the preview will not follow edits");
        }
    }
    snapshots
}

fn rebuild_loop(mut watch: Watch, mut builder: Builder, mut announcer: Announcer) {
    let mut job: Option<index_job::IndexJob> = None;
    while let Some(batch) = watch.next_batch(QUIET, MAX_WAIT, job.as_ref().map(|_| INDEX_POLL)) {
        if !batch.is_empty() {
            let outcome = rebuild_safely(&mut builder, &batch);
            announcer.publish(outcome, &batch, &builder);
            if announcer.is_closed() {
                break;
            }
        }
        // The search index: swapped in when ready, started when missing.
        match job.as_ref().map(index_job::IndexJob::poll) {
            Some(index_job::JobState::Done(built)) => {
                job = None;
                if let Some(output) = builder.install_index(&built.version, built.files) {
                    announcer.publish_index(output, built.took);
                }
            }
            Some(index_job::JobState::Died) => job = None,
            Some(index_job::JobState::Running) | None => {}
        }
        if job.is_none()
            && let Some((archive, version)) = builder.stale_index()
        {
            job = index_job::IndexJob::start(archive, version);
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
