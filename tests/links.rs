//! The bundled archive builds, and every internal link and asset of every
//! page resolves to a file of the output (and every `#fragment` to an id).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Site paths whose pages come from features still being merged.
const PENDING: &[&str] = &[];

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(html_files(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            files.push(path);
        }
    }
    files
}

fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        found.push(&rest[..rest.find('"').unwrap()]);
    }
    found
}

#[test]
fn every_internal_link_of_the_bundled_site_resolves() {
    // A folder inside the temporary one: what a build keeps beside its
    // output (inputs, chart cache) then stays inside it too.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root = env!("CARGO_MANIFEST_DIR");
    let status = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["build", "--quiet", "--root", root, "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let base = "/bao-cao/";
    let pages = html_files(&out);
    assert!(pages.len() >= 5, "the bundled site has pages");
    let mut checked = 0;
    for page in &pages {
        let html = fs::read_to_string(page).unwrap();
        let ids = attributes(&html, "id");
        for link in attributes(&html, "href").into_iter().chain(attributes(&html, "src")) {
            let link = link.replace("&amp;", "&");
            if link.starts_with("https://") || link.starts_with("http://") || link.starts_with("mailto:") {
                continue;
            }
            if let Some(fragment) = link.strip_prefix('#') {
                assert!(ids.contains(&fragment), "{}: #{fragment} is not an id of the page", page.display());
                continue;
            }
            let path =
                link.strip_prefix(base).unwrap_or_else(|| panic!("{}: {link} is outside {base}", page.display()));
            let path = path.split(['#', '?']).next().unwrap();
            if PENDING.iter().any(|p| path.starts_with(p)) {
                continue;
            }
            let file =
                if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
            assert!(out.join(&file).is_file(), "{}: {link} does not resolve", page.display());
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} links checked");
}

#[test]
fn the_bundled_report_shows_its_real_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["build", "--quiet", "--root", env!("CARGO_MANIFEST_DIR"), "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let page = fs::read_to_string(out.join("reports/2014/08/index.html")).unwrap();
    for figure in [
        ">135.368<",
        ">28.235<",
        ">158.174<",
        ">1.405.611<",
        ">96.439<",
        ">7.559<",
        ">1.727.388<",
        ">103.988<",
        ">49.119<",
        ">-34 %<",
        ">116 %<",
    ] {
        assert!(page.contains(figure), "the report page lacks {figure}");
    }
    assert!(page.contains("285/BC-STTTT") && page.contains("19/8/2014") && page.contains("Đỗ Ngọc Nam"));
    // The real report's broadband total is 10 less than the sum of its parts: shown, not hidden.
    assert!(page.contains("103.998"), "the sum_of note is on the page");
}
