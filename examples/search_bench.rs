//! Search index benchmark: loads a site (for example one written by
//! `gen-archive`), builds its search index, times each stage and writes the
//! index files, for `tests/browser/bench.mjs` to replay queries against.
//!
//! ```text
//! cargo run --release --example gen-archive -- --publishers 63 --years 20 --out /tmp/annals-bench/L
//! cargo run --release --example search_bench -- /tmp/annals-bench/L target/search-bench/L
//! node tests/browser/bench.mjs target/search-bench/L
//! ```
//!
//! Prints the index size (files, bytes by kind) and the time of the index
//! build alone (the archive is loaded first and not counted).

use std::path::PathBuf;
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/search-bench/out".into()));
    let mut diags = annals::diagnostics::Diagnostics::new();
    let started = Instant::now();
    let Some(content) = annals::content::load(&root, &mut diags) else {
        eprintln!("{} does not load", root.display());
        std::process::exit(1);
    };
    let archive = annals::archive::Archive::new(content, false).render_bodies(None);
    let loaded = started.elapsed().as_secs_f64();
    let loaded_peak = peak_mb();
    // for profiling: build the index this many more times first
    let repeat: usize = std::env::var("SEARCH_BENCH_REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(0);
    for _ in 0..repeat {
        std::hint::black_box(annals::search::build(&archive));
    }
    // the stages of `annals::search::build`, timed one by one
    if std::env::var_os("SEARCH_BENCH_MARK").is_some() {
        // for `perf record -k CLOCK_MONOTONIC`: where the timed stages start
        eprintln!("index from monotonic {:.6}", monotonic());
    }
    let cpu = cpu_seconds();
    let faults = minor_faults();
    let started = Instant::now();
    let (docs, starts) = annals::search::bench::collect_blocks(&archive);
    let collected = started.elapsed().as_secs_f64();
    let collected_cpu = cpu_seconds();
    let collected_faults = minor_faults();
    let grouped = annals::search::bench::group_blocks(&docs, &starts, &annals::search::NoStore);
    let grouped_at = started.elapsed().as_secs_f64();
    let grouped_cpu = cpu_seconds();
    let grouped_faults = minor_faults();
    let postings: u64 = grouped.dfs().iter().map(|&d| u64::from(d)).sum();
    let term_count = grouped.dfs().len();
    let cards: Vec<_> = docs.iter().map(|d| d.card.clone()).collect();
    let publishers: Vec<(String, String)> =
        archive.config.publishers.iter().map(|p| (p.id.clone(), p.name.clone())).collect();
    let passages: Vec<_> = docs.iter().map(|d| d.passages.clone()).collect();
    let site = annals::search::bench::Site { cards: &cards, passages: &passages, publishers: &publishers };
    let files = annals::search::bench::write_grouped(&grouped, &site, options());
    let built = started.elapsed().as_secs_f64();
    let end_cpu = cpu_seconds();
    let end_faults = minor_faults();
    eprintln!(
        "stages: collect {collected:.2} s, analyze+group {:.2} s, write {:.2} s; CPU {:.2} s \
         (collect {:.2}, analyze+group {:.2}, write {:.2})",
        grouped_at - collected,
        built - grouped_at,
        end_cpu - cpu,
        collected_cpu - cpu,
        grouped_cpu - collected_cpu,
        end_cpu - grouped_cpu,
    );
    eprintln!(
        "fresh pages (minor faults): collect {}, analyze+group {}, write {}",
        collected_faults - faults,
        grouped_faults - collected_faults,
        end_faults - grouped_faults,
    );
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let mut total = 0usize;
    for (path, bytes) in &files.files {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes)?;
        total += bytes.len();
    }
    let kind = |dir: &str| {
        let of: Vec<usize> = files.files.iter().filter(|(p, _)| p.contains(dir)).map(|(_, b)| b.len()).collect();
        format!("{} files {:.1} MB", of.len(), of.iter().sum::<usize>() as f64 / 1e6)
    };
    let manifest = files.files.iter().find(|(p, _)| p.ends_with("manifest.json")).map_or(0, |(_, b)| b.len());
    println!("documents: {} reports, {} indicators", archive.reports.len(), archive.registry.indicators.len());
    println!(
        "index: {} files, {:.1} MB; terms {}; tails {}; cards {}; manifest {} bytes",
        files.files.len(),
        total as f64 / 1e6,
        kind("/t/"),
        kind("/x/"),
        kind("/d/"),
        manifest
    );
    println!("terms {term_count}, postings {postings}");
    println!("time: load {loaded:.1} s, index {built:.2} s; written to {}", out.display());
    println!("peak memory: {loaded_peak} MB after loading, {} MB after the index", peak_mb());
    Ok(())
}

/// The peak resident memory of this process so far, in MB (Linux; 0 elsewhere).
fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or_default();
    line.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()).unwrap_or(0) / 1024
}

/// User + system CPU time of this process so far (Unix; 0 elsewhere).
fn cpu_seconds() -> f64 {
    #[cfg(unix)]
    {
        // SAFETY: getrusage writes into the struct it is given, nothing else.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0 {
            let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            return seconds(usage.ru_utime) + seconds(usage.ru_stime);
        }
    }
    0.0
}

/// CLOCK_MONOTONIC in seconds (Unix; 0 elsewhere).
fn monotonic() -> f64 {
    #[cfg(unix)]
    {
        // SAFETY: clock_gettime writes into the struct it is given, nothing else.
        let mut t: libc::timespec = unsafe { std::mem::zeroed() };
        if unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut t) } == 0 {
            return t.tv_sec as f64 + t.tv_nsec as f64 / 1e9;
        }
    }
    0.0
}

/// Minor page faults of this process so far (Unix; 0 elsewhere): each is a
/// fresh page the kernel zeroed.
fn minor_faults() -> i64 {
    #[cfg(unix)]
    {
        // SAFETY: getrusage writes into the struct it is given, nothing else.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0 {
            return usage.ru_minflt;
        }
    }
    0
}

/// The default shard options, each overridable for experiments:
/// `SHARD_TIER=200 SHARD_BYTES=32768 CARD_FILE_BYTES=8192 …`.
fn options() -> annals::search::ShardOptions {
    let mut o = annals::search::ShardOptions::default();
    let var = |name: &str, value: &mut usize| {
        if let Some(v) = std::env::var(name).ok().and_then(|v| v.parse().ok()) {
            *value = v;
        }
    };
    var("SHARD_TIER", &mut o.tier);
    var("SHARD_BYTES", &mut o.term_shard_bytes);
    var("CARD_FILE_BYTES", &mut o.doc_shard_bytes);
    var("SINGLE_CARD_FILE_BYTES", &mut o.single_doc_file_bytes);
    var("INLINE_TAIL_BYTES", &mut o.inline_tail_bytes);
    var("CARDS_PER_TERM", &mut o.cards_per_term);
    var("CARD_COPIES", &mut o.card_copies);
    o
}

// the allocator of `annals` (src/main.rs), so the times are the build's
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
