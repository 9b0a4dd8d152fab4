//! Prints how long each stage of a build takes on a site folder (for profiling).
//!
//! ```text
//! cargo run --release --example stage-times -- DIR [--no-search] [--out FOLDER]
//! ```
//! Renders into a staging folder beside FOLDER (default: a temporary folder)
//! as `annals build` does; `--no-search` leaves out the search index, to
//! measure the rest apart from it.
use std::time::Instant;

use annals::render::site::Parts;

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
    let parts = if args.iter().any(|a| a == "--no-search") { Parts::WithoutSearchIndex } else { Parts::All };
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("annals-stage-times"));
    let started = Instant::now();
    let mut diags = annals::diagnostics::Diagnostics::new();
    let t = Instant::now();
    let content = annals::content::load(&root, &mut diags).expect("loads");
    eprintln!("load: {:?} ({} reports) {}", t.elapsed(), content.reports.len(), memory());
    let t = Instant::now();
    let archive = annals::archive::Archive::without_sources(content, false);
    eprintln!("archive: {:?} {}", t.elapsed(), memory());
    let t = Instant::now();
    let theme = annals::content::theme::load(&root, &archive.config.theme, &mut diags);
    let tera = annals::render::templates::load(&theme).expect("templates");
    eprintln!("templates: {:?}", t.elapsed());
    if parts == Parts::All {
        let t = Instant::now();
        let index = annals::search::build(&archive);
        let bytes: usize = index.files.iter().map(|(_, b)| b.len()).sum();
        eprintln!(
            "search index alone, in memory: {:?} ({} files, {bytes} bytes) {}",
            t.elapsed(),
            index.files.len(),
            memory()
        );
    }
    let t = Instant::now();
    let staging = annals::output::Staging::new(&out).expect("staging folder");
    annals::render::site::render_parts(
        &archive,
        &tera,
        &theme,
        None,
        &staging,
        parts,
        &annals::render::raster::NoStore,
    )
    .expect("renders");
    eprintln!(
        "render and write ({parts:?}): {:?} ({} files, {} bytes) {}",
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
