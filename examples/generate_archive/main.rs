//! Writes a deterministic test archive, for benchmarks and for looking at
//! large sites: `cargo run --example generate_archive -- OUT [REPORTS] [INDICATORS] [SEED]`
//! (defaults: 360 reports, 50 indicators, seed 1). A few months are left
//! out and a few mismatches injected, so the check notes show too.

mod generator;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first().map(PathBuf::from) else {
        eprintln!("usage: generate_archive OUT [REPORTS] [INDICATORS] [SEED]");
        std::process::exit(2);
    };
    let number = |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let mut spec = generator::Spec::new(number(1, 360) as usize, number(2, 50) as usize, number(3, 1));
    if spec.reports > 40 {
        spec.missing_months.extend([30, 31, 32]);
        spec.sum_errors.insert((20, 0));
        spec.continuity_errors.insert((25, 1));
    }
    let generated = generator::generate(&spec);
    if let Err(err) = generator::write(&generated, &out) {
        eprintln!("cannot write {}: {err}", out.display());
        std::process::exit(1);
    }
    eprintln!(
        "Wrote {} reports × {} indicators to {} ({} findings expected).",
        generated.reports.len(),
        spec.indicators,
        out.display(),
        generated.expected.len()
    );
}
