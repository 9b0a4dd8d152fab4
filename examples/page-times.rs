//! Times the rendering of each kind of page on a site folder, one thread
//! (for profiling): `cargo run --release --example page-times -- DIR [KIND]`;
//! with KIND (`report`, `indicator`…), only the pages of that kind.
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use annals::render::bench::{self, PageKind};

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let only = std::env::args().nth(2);
    let mut diags = annals::diagnostics::Diagnostics::new();
    let content = annals::content::load(&root, &mut diags).expect("loads");
    let archive = annals::archive::Archive::new(content, false).render_bodies(None);
    let theme = annals::content::theme::load(&root, &archive.config.theme, &mut diags);
    let tera = bench::load_templates(&theme).expect("templates");
    let views = bench::Views::new(&archive);
    let common = bench::common_context(&views);
    let mut times: BTreeMap<&str, (usize, Duration, usize)> = BTreeMap::new();
    for page in bench::pages(&archive) {
        let kind = match page.kind {
            PageKind::Home => "home",
            PageKind::Reports => "reports",
            PageKind::Year(_) => "year",
            PageKind::Report(_) => "report",
            PageKind::Search => "search",
            PageKind::Indicators => "indicators",
            PageKind::Indicator(_) => "indicator",
            PageKind::IndicatorPublisher(..) => "indicator-publisher",
            PageKind::Publisher(_) => "publisher",
            PageKind::PublisherYear(..) => "publisher-year",
            PageKind::Embed(..) => "embed",
            PageKind::Data => "data",
            PageKind::Coverage => "coverage",
            PageKind::NotFound => "404",
        };
        if only.as_deref().is_some_and(|o| o != kind) {
            continue;
        }
        let t = Instant::now();
        let html = bench::render_page(&views, &tera, &common, &page).expect("renders");
        let e = times.entry(kind).or_default();
        e.0 += 1;
        e.1 += t.elapsed();
        e.2 += html.len();
    }
    for (kind, (n, d, bytes)) in times {
        println!(
            "{kind:20} {n:6} pages  total {:8.1} ms  each {:8.3} ms  {:8.1} KB each",
            d.as_secs_f64() * 1e3,
            d.as_secs_f64() * 1e3 / n as f64,
            bytes as f64 / n as f64 / 1e3
        );
    }
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
