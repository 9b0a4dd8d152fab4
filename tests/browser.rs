//! Runs the search script's Node test suites from `cargo test`.
//!
//! `tests/browser/unit.test.mjs` (folding, tokenizing and ranking in the
//! script, checked against the same vectors as the Rust index) needs only
//! `node`. `tests/browser/e2e.test.mjs` drives Debian's headless Chromium
//! through playwright-core against a built fixture site; it needs
//! `tests/browser/setup.sh` to have run. When something is missing the test
//! fails if the `CI` environment variable is set, and otherwise prints why it
//! skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("browser")
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn node_available() -> bool {
    Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Fails in CI, skips with a message elsewhere.
fn missing(what: &str) {
    let message = format!("{what}; run `bash tests/browser/setup.sh` to install it");
    if in_ci() {
        panic!("{message} (CI is set, so this is a failure)");
    }
    eprintln!("SKIPPED: {message}");
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
        let tokens: Vec<String> = annals::search::tokens::tokenize(&text).into_iter().map(|t| t.folded).collect();
        out.push_str(&format!("{text}\t{}\n", tokens.join(" ")));
    }
    out
}

#[test]
fn search_script_unit_tests() {
    if !node_available() {
        return missing("node is not installed");
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
fn search_in_headless_chromium() {
    if !node_available() {
        return missing("node is not installed");
    }
    if !browser_dir().join("node_modules").join("playwright-core").is_dir() {
        return missing("tests/browser/node_modules is missing (npm ci)");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return missing(&format!("{chromium} is missing (Debian package `chromium`)"));
    }
    run_node_suite("e2e.test.mjs");
}

#[test]
fn accessibility_of_every_kind_of_page() {
    if !node_available() {
        return missing("node is not installed");
    }
    if !browser_dir().join("node_modules").join("axe-core").is_dir() {
        return missing("tests/browser/node_modules is missing (npm ci)");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return missing(&format!("{chromium} is missing (Debian package `chromium`)"));
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
fn layout_at_phone_and_desktop_widths() {
    if !node_available() {
        return missing("node is not installed");
    }
    if !browser_dir().join("node_modules").join("playwright-core").is_dir() {
        return missing("tests/browser/node_modules is missing (npm ci)");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return missing(&format!("{chromium} is missing (Debian package `chromium`)"));
    }
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debug/examples/gen-archive");
    assert!(generator.exists(), "{} is missing: run `cargo build --example gen-archive`", generator.display());
    run_node_suite("layout.test.mjs");
}
