//! Generates a synthetic archive for tests and benchmarks.
//!
//! cargo run --release --example gen-archive -- --publishers 63 --years 20 --out /tmp/archive-l
//! Options: --publishers N (1), --years N (10), --indicators N (20), --body-bytes N (8000),
//! --seed N (1), --inconsistencies N (0), --revisions N (0: later reports revising
//! earlier months' figures), --out DIR (required). Prints the injected
//! inconsistencies, one per line: publisher period indicator measure rule.
//! Publishers over time: --merge-after YYYY-MM (the old map's last month),
//! --survivors N (34: the publishers that remain, the others merged into them),
//! --rename-from YYYY-MM (the remaining ones' new names; default the month after the merge).
//! 63 provinces until 2025-06, then 34:
//! cargo run --release --example gen-archive -- --publishers 63 --years 2 --first-year 2025 --merge-after 2025-06 --out /tmp/merged

#[path = "../tests/support/generate/mod.rs"]
mod generate;

use generate::Params;

fn main() {
    let mut params = Params::default();
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        let number =
            || value.parse::<usize>().unwrap_or_else(|_| fail(&format!("{flag} takes a number, not {value:?}")));
        match flag.as_str() {
            "--publishers" => params.publishers = number(),
            "--years" => params.years = number(),
            "--indicators" => params.indicators = number(),
            "--body-bytes" => params.body_bytes = number(),
            "--seed" => params.seed = number() as u64,
            "--inconsistencies" => params.inconsistencies = number(),
            "--revisions" => params.revisions = number(),
            "--first-year" => params.first_year = number() as i16,
            "--merge-after" => params.merge_after = Some(month(&flag, &value)),
            "--survivors" => params.survivors = number(),
            "--rename-from" => params.rename_from = Some(month(&flag, &value)),
            "--out" => out = Some(std::path::PathBuf::from(value)),
            _ => fail(&format!("unknown option {flag}")),
        }
    }
    let out = out.unwrap_or_else(|| fail("--out DIR is required"));
    if out.exists() && std::fs::read_dir(&out).map(|mut d| d.next().is_some()).unwrap_or(true) {
        fail(&format!("{} exists and is not empty", out.display()));
    }
    let generated = generate::generate(&params);
    if let Err(err) = generate::write(&generated, &out) {
        fail(&format!("cannot write {}: {err}", out.display()));
    }
    for i in &generated.injected {
        println!("{} {} {} {} {}", i.publisher.as_deref().unwrap_or("-"), i.period, i.indicator, i.measure, i.rule);
    }
    eprintln!("wrote {} files to {}", generated.files.len(), out.display());
}

fn month(flag: &str, value: &str) -> annals::period::Period {
    annals::period::Period::parse(value)
        .unwrap_or_else(|| fail(&format!("{flag} takes a month as YYYY-MM, not {value:?}")))
}

fn fail(message: &str) -> ! {
    eprintln!("gen-archive: {message}");
    std::process::exit(2);
}
