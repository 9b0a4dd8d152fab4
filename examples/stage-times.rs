//! Prints how long each stage of a build takes on a site folder (for profiling).
//! cargo run --release --example stage-times -- DIR
use std::time::Instant;

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let mut diags = annals::diagnostics::Diagnostics::new();
    let t = Instant::now();
    let content = annals::content::load(&root, &mut diags).expect("loads");
    eprintln!("load: {:?} ({} reports)", t.elapsed(), content.reports.len());
    let t = Instant::now();
    let archive = annals::archive::Archive::new(content, false);
    eprintln!("archive: {:?}", t.elapsed());
    let t = Instant::now();
    let theme = annals::content::theme::load(&root, &archive.config.theme, &mut diags);
    let tera = annals::render::templates::load(&theme).expect("templates");
    eprintln!("templates: {:?}", t.elapsed());
    let t = Instant::now();
    let output = annals::render::render_site(&archive, &tera, &theme).expect("renders");
    eprintln!("render: {:?} ({} files, {} bytes)", t.elapsed(), output.len(), output.total_bytes());
    let t = Instant::now();
    output.write_atomic(&std::env::temp_dir().join("annals-stage-times")).expect("writes");
    eprintln!("write: {:?}", t.elapsed());
}
