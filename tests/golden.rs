//! Golden trees: whole regions of the built site compared byte for byte.
//!
//! Each scenario under `tests/fixtures/golden/<scenario>/` is a site folder
//! (`site.yaml`, `content/`) with an `expected/` tree beside it; the
//! `bundled` scenario builds the repository's own site. `expected/` holds:
//! - for every page, its `<main>` region (the part a change of page kind
//!   shows in; the header and footer are shared and tested elsewhere);
//! - every open-data file under `data/`, `atom.xml` and `sitemap.xml`,
//!   verbatim;
//! - `check.json`: what `annals check --format json` prints.
//!
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites `expected/`; read the
//! diff before committing it: every changed line must be one you meant.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scenario_dir(name: &str) -> PathBuf {
    repo().join("tests/fixtures/golden").join(name)
}

/// The site folder a scenario builds.
fn site_root(name: &str) -> PathBuf {
    if name == "bundled" { repo() } else { scenario_dir(name) }
}

fn annals(args: &[&str], root: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("annals runs")
}

/// The `<main …>…</main>` region of a page, or the whole page when it has none.
fn main_region(html: &str) -> String {
    match (html.find("<main"), html.rfind("</main>")) {
        (Some(start), Some(end)) if end > start => format!("{}\n", &html[start..end + "</main>".len()]),
        _ => html.to_string(),
    }
}

/// Whether a built file belongs to the golden tree.
fn is_golden(relative: &str) -> bool {
    relative.ends_with(".html")
        || relative.starts_with("data/")
        || matches!(relative, "atom.xml" | "sitemap.xml" | "datapackage.json" | "catalog.jsonld")
}

fn walk(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).expect("readable folder").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, base, out);
        } else {
            out.push(path.strip_prefix(base).expect("inside").to_path_buf());
        }
    }
}

/// What the scenario produces now: relative path → bytes.
fn actual(name: &str) -> BTreeMap<String, Vec<u8>> {
    let root = site_root(name);
    let out = tempfile::tempdir().expect("temporary folder");
    let target = out.path().join("public");
    let built = annals(&["build", "--quiet", "--out", target.to_str().expect("utf-8 path")], &root);
    assert!(
        built.status.success(),
        "{name}: build failed\n{}{}",
        String::from_utf8_lossy(&built.stdout),
        String::from_utf8_lossy(&built.stderr)
    );
    let mut files = Vec::new();
    walk(&target, &target, &mut files);
    let mut tree = BTreeMap::new();
    for relative in files {
        let key = relative.to_str().expect("utf-8 path").replace('\\', "/");
        if !is_golden(&key) {
            continue;
        }
        let bytes = fs::read(target.join(&relative)).expect("readable output");
        let bytes = if key.ends_with(".html") {
            main_region(&String::from_utf8(bytes).expect("pages are UTF-8")).into_bytes()
        } else {
            bytes
        };
        tree.insert(key, bytes);
    }
    let check = annals(&["check", "--format", "json"], &root);
    tree.insert("check.json".to_string(), check.stdout);
    tree
}

fn expected(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut tree = BTreeMap::new();
    if !dir.is_dir() {
        return tree;
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    for relative in files {
        let key = relative.to_str().expect("utf-8 path").replace('\\', "/");
        tree.insert(key, fs::read(dir.join(&relative)).expect("readable golden file"));
    }
    tree
}

/// The first line where two texts differ, for the failure message.
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let want = String::from_utf8_lossy(want);
    let got = String::from_utf8_lossy(got);
    for (n, (a, b)) in want.lines().zip(got.lines()).enumerate() {
        if a != b {
            return format!("line {}:\n    expected: {a}\n    actual:   {b}", n + 1);
        }
    }
    format!("lengths differ: expected {} lines, actual {} lines", want.lines().count(), got.lines().count())
}

fn golden(name: &str) {
    let dir = scenario_dir(name).join("expected");
    let now = actual(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = fs::remove_dir_all(&dir);
        for (key, bytes) in &now {
            let path = dir.join(key);
            fs::create_dir_all(path.parent().expect("has a parent")).expect("golden folder");
            fs::write(path, bytes).expect("golden file written");
        }
        return;
    }
    let want = expected(&dir);
    assert!(
        !want.is_empty(),
        "{name}: no golden tree at {}; run UPDATE_GOLDEN=1 cargo test --test golden",
        dir.display()
    );
    let mut problems = Vec::new();
    for (key, bytes) in &want {
        match now.get(key) {
            None => problems.push(format!("{key}: expected, but the build no longer writes it")),
            Some(got) if got != bytes => problems.push(format!("{key}: differs at {}", first_difference(bytes, got))),
            Some(_) => {}
        }
    }
    for key in now.keys().filter(|key| !want.contains_key(*key)) {
        problems.push(format!("{key}: written by the build, not in the golden tree"));
    }
    assert!(
        problems.is_empty(),
        "{name}: {} golden file(s) differ (UPDATE_GOLDEN=1 cargo test --test golden rewrites them; review the diff):\n{}",
        problems.len(),
        problems.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn bundled_site() {
    golden("bundled");
}

#[test]
fn one_publisher_two_years_with_a_gap_and_a_mismatch() {
    golden("monthly");
}

#[test]
fn three_publishers() {
    golden("publishers");
}

/// Publishers over time: four provinces until 2025-03, then two (renamed),
/// made by `gen-archive --publishers 4 --survivors 2 --merge-after 2025-03
/// --years 1 --first-year 2025 --indicators 3 --body-bytes 400`.
#[test]
fn merged_provinces_and_renamed_departments() {
    golden("merged");
}

#[test]
fn english_site() {
    golden("english");
}

#[test]
fn main_region_is_cut_at_the_main_element() {
    assert_eq!(main_region("<body><header>x</header><main id=m>y</main><footer/></body>"), "<main id=m>y</main>\n");
    assert_eq!(main_region("plain"), "plain");
}
