//! Prints how long each stage of a build takes on a site folder (for profiling),
//! through the same [`Session`] as `annals build`.
//!
//! ```text
//! cargo run --release --example stage-times -- DIR [--out FOLDER]
//! ```
//! Renders into a staging folder beside FOLDER (default: a temporary folder)
//! as `annals build` does; the search index is also timed alone, in memory.
use std::time::Instant;

use annals::build::BuildOptions;
use annals::content::ReportCache;
use annals::render::SearchIndex;
use annals::session::{Loading, Session};

/// Resident and peak memory of this process, in MB (Linux).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status.lines().find(|l| l.starts_with(name)).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!("[RSS {} MB, peak {} MB]", rss / 1024, peak / 1024),
        _ => String::new(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = std::path::PathBuf::from(args.first().cloned().unwrap_or_else(|| ".".into()));
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("annals-stage-times"));
    let options = BuildOptions { root, ..BuildOptions::default() };
    let started = Instant::now();
    let mut diags = annals::diagnostics::Diagnostics::new();
    let t = Instant::now();
    let mut cache = ReportCache::one_off();
    let archive = Session::archive(&options, Loading::one_off(&mut cache), &mut diags).expect("loads");
    eprintln!("load and archive: {:?} ({} reports) {}", t.elapsed(), archive.reports.len(), memory());
    let t = Instant::now();
    let session = Session::with_theme(&options, archive, None, &mut diags).expect("templates");
    eprintln!("theme and templates: {:?}", t.elapsed());
    let t = Instant::now();
    let index = annals::search::build(&session.archive);
    let bytes: usize = index.files.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "search index alone, in memory: {:?} ({} files, {bytes} bytes) {}",
        t.elapsed(),
        index.files.len(),
        memory()
    );
    drop(index);
    let t = Instant::now();
    let staging = annals::output::Staging::new(&out).expect("staging folder");
    session.render_into(None, SearchIndex::Fresh, &staging, &annals::render::NoStore).expect("renders");
    eprintln!(
        "render and write: {:?} ({} files, {} bytes) {}",
        t.elapsed(),
        staging.files(),
        staging.bytes(),
        memory()
    );
    let t = Instant::now();
    staging.commit().expect("swaps");
    eprintln!("swap (and removal of the previous output): {:?}", t.elapsed());
    eprintln!("total: {:?}", started.elapsed());
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
