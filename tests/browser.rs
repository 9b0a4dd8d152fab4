//! Runs the search script's Node test suites from `cargo test`.
//!
//! `tests/browser/unit.test.mjs` (folding, tokenizing and ranking in the
//! script, checked against the same vectors as the Rust index) needs only
//! `node`. `tests/browser/e2e.test.mjs` drives Debian's headless Chromium
//! through playwright-core against a built fixture site; it needs
//! `tests/browser/setup.sh` to have run, so it and the accessibility suite
//! are `#[ignore]`d: `cargo test` lists them as ignored, and
//! `cargo test --test browser -- --ignored` (what CI runs) runs them and
//! fails when a tool is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("browser")
}

fn node_available() -> bool {
    Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// A tool a test needs is missing: that is a failure, never a skip.
fn missing(what: &str) -> ! {
    panic!("{what}; run `bash tests/browser/setup.sh` to install it");
}

fn run_node_suite(file: &str) {
    let status = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg(file)
        .current_dir(browser_dir())
        .env("ANNALS_BIN", env!("CARGO_BIN_EXE_annals"))
        .status()
        .unwrap_or_else(|err| panic!("cannot run node: {err}"));
    assert!(status.success(), "node --test {file} failed (see its output above)");
}

/// Pseudo-random texts of tricky characters with the index's tokens for
/// them (`input<TAB>folded tokens`), for the script to compare its own with.
fn differential_vectors() -> String {
    const PIECES: &[&str] = &[
        "a",
        "ă",
        "Ắ",
        "đ",
        "Đ",
        "ư",
        "ơ",
        "e\u{0302}",
        "\u{0301}",
        "\u{0323}",
        "ﬁ",
        "İ",
        "ß",
        "Σ",
        "ς",
        "ǅ",
        "Ⅻ",
        "٣",
        "0",
        "1",
        "08",
        ".",
        ",",
        "-",
        "/",
        " ",
        "~",
        "😀",
        "'",
        "\"",
        "x",
        "Q",
        "thuê",
        "1.727.388",
        "a1,5",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut out = String::new();
    for _ in 0..500 {
        let mut text = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        for k in 0..(seed % 9) {
            text.push_str(PIECES[((seed >> (k * 5)) % PIECES.len() as u64) as usize]);
        }
        let tokens: Vec<String> = annals::search::bench::tokenize(&text).into_iter().map(|t| t.folded).collect();
        out.push_str(&format!("{text}\t{}\n", tokens.join(" ")));
    }
    out
}

#[test]
fn search_script_unit_tests() {
    if !node_available() {
        missing("node is not installed");
    }
    let vectors = std::env::temp_dir().join(format!("annals-token-vectors-{}.tsv", std::process::id()));
    std::fs::write(&vectors, differential_vectors()).unwrap_or_else(|err| panic!("cannot write vectors: {err}"));
    let status = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg("unit.test.mjs")
        .current_dir(browser_dir())
        .env("TOKEN_VECTORS", &vectors)
        .status()
        .unwrap_or_else(|err| panic!("cannot run node: {err}"));
    let _ = std::fs::remove_file(&vectors);
    assert!(status.success(), "node --test unit.test.mjs failed (see its output above)");
}

#[test]
#[ignore = "needs Chromium and tests/browser/node_modules: run `bash tests/browser/setup.sh`, then `cargo test --test browser -- --ignored`"]
fn search_in_headless_chromium() {
    if !node_available() {
        missing("node is not installed");
    }
    if !browser_dir().join("node_modules").join("playwright-core").is_dir() {
        missing("tests/browser/node_modules is missing (npm ci)");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing(&format!("{chromium} is missing (Debian package `chromium`)"));
    }
    run_node_suite("e2e.test.mjs");
}

#[test]
#[ignore = "needs Chromium and tests/browser/node_modules: run `bash tests/browser/setup.sh`, then `cargo test --test browser -- --ignored`"]
fn accessibility_of_every_kind_of_page() {
    if !node_available() {
        missing("node is not installed");
    }
    if !browser_dir().join("node_modules").join("axe-core").is_dir() {
        missing("tests/browser/node_modules is missing (npm ci)");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing(&format!("{chromium} is missing (Debian package `chromium`)"));
    }
    // The suite generates a multi-publisher archive with the project's
    // generator, which `cargo test` builds with the other examples.
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debug/examples/gen-archive");
    assert!(generator.exists(), "{} is missing: run `cargo build --example gen-archive`", generator.display());
    run_node_suite("a11y.test.mjs");
}

/// No sideways scrolling at 360 px, chart text of at least 12 px on a
/// phone, a short header, national figures on the home and indicator
/// pages: `tests/browser/layout.test.mjs` on the bundled site and a
/// generated archive of 10 publishers.
#[test]
#[ignore = "needs Chromium and tests/browser/node_modules: run `bash tests/browser/setup.sh`, then `cargo test --test browser -- --ignored`"]
fn layout_at_phone_and_desktop_widths() {
    if !node_available() {
        missing("node is not installed");
    }
    if !browser_dir().join("node_modules").join("playwright-core").is_dir() {
        missing("tests/browser/node_modules is missing (npm ci)");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing(&format!("{chromium} is missing (Debian package `chromium`)"));
    }
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debug/examples/gen-archive");
    assert!(generator.exists(), "{} is missing: run `cargo build --example gen-archive`", generator.display());
    run_node_suite("layout.test.mjs");
}
