//! Times what open data adds to a build, apart from the rest: the chart
//! images (SVG composition and PNG rasterization, on one thread and on
//! every core), the Data Package and the DCAT catalogue.
//! `cargo run --release --example chart-times -- DIR`
use std::time::Instant;

use annals::render::bench;
use rayon::prelude::*;

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let mut diags = annals::diagnostics::Diagnostics::new();
    let content = annals::content::load(&root, &mut diags).expect("loads");
    let archive = annals::archive::Archive::new(content, false).render_bodies(None);
    let views = bench::Views::new(&archive);
    let images = bench::chart_images(&archive);
    let t = Instant::now();
    let svgs: Vec<String> = images.iter().map(|&i| bench::chart_svg(&views, i)).collect();
    let compose = t.elapsed();
    let t = Instant::now();
    let one: usize = svgs.iter().take(40).map(|s| bench::png(s).map(|p| p.len()).unwrap_or(0)).sum();
    let per_png = t.elapsed() / svgs.len().min(40) as u32;
    let t = Instant::now();
    let bytes: usize = svgs.par_iter().map(|s| bench::png(s).map(|p| p.len()).unwrap_or(0)).sum();
    let parallel = t.elapsed();
    let sizes = bench::Sizes::new();
    let t = Instant::now();
    let package = bench::datapackage(&archive, &sizes);
    let package_time = t.elapsed();
    let t = Instant::now();
    let catalog = bench::catalog(&archive, &sizes);
    let catalog_time = t.elapsed();
    println!("chart images        {:6}", images.len());
    println!("compose SVGs        {:8.1} ms (one thread)", compose.as_secs_f64() * 1e3);
    println!("rasterize one PNG   {:8.1} ms (one thread, mean of {})", per_png.as_secs_f64() * 1e3, svgs.len().min(40));
    println!(
        "rasterize all PNGs  {:8.1} ms (every core), {:.1} MB, first 40: {:.1} MB",
        parallel.as_secs_f64() * 1e3,
        bytes as f64 / 1e6,
        one as f64 / 1e6
    );
    println!("datapackage.json    {:8.1} ms, {:.1} MB", package_time.as_secs_f64() * 1e3, package.len() as f64 / 1e6);
    println!("catalog.jsonld      {:8.1} ms, {:.1} MB", catalog_time.as_secs_f64() * 1e3, catalog.len() as f64 / 1e6);
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
