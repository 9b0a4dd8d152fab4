//! The incremental oracle: `annals serve` re-renders only what an edit
//! changed; after every edit of a random sequence its output must equal a
//! fresh build of the same files, byte for byte, search index included once
//! it is rebuilt.
//!
//! The serve session is driven in-process ([`Builder`]) with the batch the
//! watcher would give it; the fresh build is [`session::render_output`], the
//! pipeline of `annals build` into memory.

use std::fs;
use std::path::{Path, PathBuf};

use annals::build::{self, BuildOptions};
use annals::diagnostics::Diagnostics;
use annals::output::Output;
use annals::serve::rebuild::{Builder, Outcome};
use annals::serve::watch::{Batch, classify};
use proptest::prelude::*;

const BASE: &str = "http://127.0.0.1:1111/";

/// The three-publisher golden scenario, copied into a temporary folder.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden/publishers");
    copy(&from, dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).expect("fixture folder").flatten() {
        let (path, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_name() == "expected" {
            continue;
        }
        if path.is_dir() {
            fs::create_dir_all(&target).expect("folder");
            copy(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy");
        }
    }
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions { root: root.to_path_buf(), base_url: Some(BASE.into()), ..BuildOptions::default() }
}

/// One edit a writer or a web team makes to a site.
#[derive(Clone, Debug)]
enum Edit {
    Body(usize),
    Title(usize),
    Figure(usize, u32),
    NewReport(usize),
    DeleteReport(usize),
    Registry,
    SiteYaml,
    Template,
    Static,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (0..64usize).prop_map(Edit::Body),
        2 => (0..64usize).prop_map(Edit::Title),
        3 => (0..64usize, 1..5000u32).prop_map(|(i, v)| Edit::Figure(i, v)),
        2 => (0..3usize).prop_map(Edit::NewReport),
        2 => (0..64usize).prop_map(Edit::DeleteReport),
        1 => Just(Edit::Registry),
        1 => Just(Edit::SiteYaml),
        1 => Just(Edit::Template),
        1 => Just(Edit::Static),
    ]
}

fn reports(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.join("content")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Applies `edit` and returns the files it touched.
fn apply(root: &Path, edit: &Edit, step: usize) -> Vec<PathBuf> {
    let files = reports(root);
    let pick = |i: usize| files[i % files.len()].clone();
    let rewrite = |path: &Path, f: &dyn Fn(&str) -> String| {
        let text = fs::read_to_string(path).expect("readable");
        fs::write(path, f(&text)).expect("written");
        vec![path.to_path_buf()]
    };
    match edit {
        Edit::Body(i) => rewrite(&pick(*i), &|t| format!("{t}\nĐoạn thêm số {step} về cáp quang.\n")),
        Edit::Title(i) => rewrite(&pick(*i), &|t| t.replacen("title: ", &format!("title: Sửa {step} "), 1)),
        Edit::Figure(i, v) => rewrite(&pick(*i), &|t| {
            t.replacen("fixed-wireless: { total: ", &format!("fixed-wireless: {{ total: {v}"), 1)
        }),
        Edit::NewReport(p) => {
            let publisher = ["quang-ninh", "ha-noi", "da-nang"][*p];
            let year = 2015 + step % 3;
            let month = 1 + step % 12;
            let path = root.join(format!("content/{publisher}/{year}/{year}-{month:02}.md"));
            if path.exists() {
                return Vec::new();
            }
            fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            let text = format!(
                "---\ntitle: Báo cáo mới {step}\nperiod: {year}-{month:02}\npublisher: {publisher}\nmetrics:\n  fixed-wired: {{ total: {} }}\n---\nMột báo cáo mới về thuê bao.\n",
                1000 + step
            );
            fs::write(&path, text).expect("written");
            vec![path]
        }
        Edit::DeleteReport(i) => {
            if files.len() <= 4 {
                return Vec::new();
            }
            let path = pick(*i);
            fs::remove_file(&path).expect("removed");
            vec![path]
        }
        Edit::Registry => rewrite(&root.join("content/indicators.yaml"), &|t| {
            t.replacen("name: Điện thoại cố định có dây", &format!("name: Điện thoại cố định có dây {step}"), 1)
        }),
        Edit::SiteYaml => {
            rewrite(&root.join("site.yaml"), &|t| format!("{}\ndescription: Mô tả {step}\n", strip_description(t)))
        }
        Edit::Template => {
            let path = root.join("templates/404.html");
            fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            let text = format!(
                "{{% extends \"base.html\" %}}{{% block content %}}<h1>Không có trang {step}</h1>{{% endblock content %}}\n"
            );
            fs::write(&path, text).expect("written");
            vec![path]
        }
        Edit::Static => {
            let path = root.join("static/notice.txt");
            fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            fs::write(&path, format!("notice {step}\n")).expect("written");
            vec![path]
        }
    }
}

fn strip_description(text: &str) -> String {
    text.lines().filter(|l| !l.starts_with("description:") && !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// Rebuilds after the touched files, then builds and installs the search
/// index as serve's index job does.
fn rebuild(builder: &mut Builder, root: &Path, touched: &[PathBuf]) -> Output {
    let mut batch = Batch::default();
    for path in touched {
        batch.add(classify(root, path));
    }
    match builder.rebuild(&batch) {
        Outcome::Built(_) => {}
        Outcome::Failed(diags) => panic!("serve's rebuild failed: {diags:?}"),
    }
    if let Some((archive, version)) = builder.stale_index() {
        let files = annals::render::bench::search_index_files(&archive, &version);
        builder.install_index(&version, files).expect("the index is still the one the pages need");
    }
    Output::clone(&builder.output().expect("a good build"))
}

fn fresh(root: &Path) -> Output {
    let mut diags = Diagnostics::new();
    let built = annals::session::render_output(&options(root), &mut diags);
    built.unwrap_or_else(|| panic!("the fresh build failed: {diags:?}")).1
}

/// The files that differ, with the first differing line of each.
fn differences(served: &Output, built: &Output) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in built.iter() {
        match served.get(path) {
            None => out.push(format!("{path}: missing in serve")),
            Some(got) if got != bytes => {
                let at = bytes.iter().zip(got).position(|(a, b)| a != b).unwrap_or(bytes.len().min(got.len()));
                let around =
                    |b: &[u8]| String::from_utf8_lossy(&b[at.saturating_sub(40)..(at + 40).min(b.len())]).into_owned();
                out.push(format!("{path}: at byte {at}: build {:?} / serve {:?}", around(bytes), around(got)));
            }
            Some(_) => {}
        }
    }
    for (path, _) in served.iter() {
        if built.get(path).is_none() {
            out.push(format!("{path}: only in serve"));
        }
    }
    out
}

fn run(edits: &[Edit]) -> Result<(), TestCaseError> {
    let dir = site();
    let root = dir.path();
    let mut builder = Builder::new(options(root));
    rebuild(&mut builder, root, &[]);
    for (step, edit) in edits.iter().enumerate() {
        let touched = apply(root, edit, step);
        let served = rebuild(&mut builder, root, &touched);
        let diff = differences(&served, &fresh(root));
        prop_assert!(
            diff.is_empty(),
            "after edit {step} ({edit:?}) of {edits:?}, {} file(s) differ:\n{}",
            diff.len(),
            diff.iter().take(12).cloned().collect::<Vec<_>>().join("\n")
        );
    }
    Ok(())
}

/// Random edit sequences per oracle: few enough that CI stays within its
/// budget (each case builds the site several times, chart images included),
/// `ANNALS_ORACLE_CASES=50 cargo test --test incremental` to search deeper.
fn oracle_cases(default: u32) -> u32 {
    std::env::var("ANNALS_ORACLE_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: oracle_cases(6), max_shrink_iters: 20, ..ProptestConfig::default() })]

    #[test]
    fn serve_after_any_edit_sequence_equals_a_fresh_build(edits in prop::collection::vec(edit(), 1..7)) {
        run(&edits)?;
    }
}

/// The sequences that found the bugs this oracle was written for.
#[test]
fn known_sequences() {
    for edits in [
        vec![Edit::Body(0)],
        vec![Edit::NewReport(0), Edit::DeleteReport(3)],
        vec![Edit::Figure(2, 77), Edit::Title(5), Edit::Template, Edit::Static, Edit::Registry, Edit::SiteYaml],
    ] {
        run(&edits).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Publishers over time: a successor's history holds its predecessors'
/// figures (the combined series), so a figure edit of a merged province
/// re-renders its successor's pages too.
#[test]
fn a_predecessors_figure_edit_reaches_its_successors_combined_series() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path();
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden/merged"), root);
    let mut builder = Builder::new(options(root));
    let before = rebuild(&mut builder, root, &[]);
    // Hồ Chí Minh reports until 2025-03 and was merged into Quảng Ninh.
    let file = root.join("content/ho-chi-minh/2025/2025-02.md");
    let text = fs::read_to_string(&file).expect("readable");
    let edited: Vec<String> = text
        .lines()
        .map(|line| match line.strip_prefix("  fixed-wired: {").and_then(|l| l.rsplit_once("total: ")) {
            Some((head, _)) => format!("  fixed-wired: {{{head}total: 999999 }}"),
            None => line.to_string(),
        })
        .collect();
    fs::write(&file, edited.join("\n") + "\n").expect("written");
    let served = rebuild(&mut builder, root, std::slice::from_ref(&file));
    let successor = "indicators/fixed-wired/quang-ninh/index.html";
    assert_ne!(before.get(successor), served.get(successor), "the combined series follows the edit");
    let diff = differences(&served, &fresh(root));
    assert!(diff.is_empty(), "{} file(s) differ:\n{}", diff.len(), diff.join("\n"));
}

/// Every file under `folder` (relative `/`-separated path → bytes).
fn tree(folder: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("readable folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(folder).expect("inside").to_string_lossy().replace('\\', "/");
                files.insert(relative, fs::read(&path).expect("readable file"));
            }
        }
    }
    files
}

/// The paths that differ between two trees.
fn tree_differences(
    got: &std::collections::BTreeMap<String, Vec<u8>>,
    want: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut out: Vec<String> = want
        .iter()
        .filter(|(path, bytes)| got.get(*path) != Some(bytes))
        .map(|(path, _)| format!("{path}: {}", if got.contains_key(path) { "differs" } else { "missing" }))
        .collect();
    out.extend(got.keys().filter(|p| !want.contains_key(*p)).map(|p| format!("{p}: only in the incremental build")));
    out
}

fn build_into(root: &Path, out: &Path, full: bool) -> annals::build::BuildSummary {
    let mut diags = Diagnostics::new();
    let options = BuildOptions { out: Some(out.to_path_buf()), full, ..options(root) };
    build::build(&options, &mut diags).unwrap_or_else(|| panic!("the build failed: {diags:?}"))
}

/// The spare tree beside `out` holds exactly what its state says.
fn spare_matches_its_state(out: &Path) -> Result<(), String> {
    let spare = annals::output_spare::spare_folder(out);
    let Some(state) = annals::output_state::State::read(&spare) else { return Ok(()) };
    let mut files = tree(&spare);
    files.remove(annals::output::MARKER);
    files.remove(annals::output_state::STATE);
    let stamps: std::collections::BTreeMap<String, annals::output_state::Stamp> =
        files.iter().map(|(p, b)| (p.clone(), annals::output_state::stamp(b))).collect();
    if stamps == state.files {
        Ok(())
    } else {
        Err(format!("{} files in the spare, {} in its state", stamps.len(), state.files.len()))
    }
}

/// `annals build` into the output of the previous build after each edit
/// (incremental) equals a `--full` build into a new folder, whole tree,
/// byte for byte — its state file and marker included.
fn run_builds(edits: &[Edit]) -> Result<(), TestCaseError> {
    let dir = site();
    let root = dir.path();
    let outs = tempfile::tempdir().expect("temporary folder");
    let out = outs.path().join("public");
    let first = build_into(root, &out, false);
    prop_assert!(first.incremental.is_none(), "the first build is a full one");
    for (step, edit) in edits.iter().enumerate() {
        apply(root, edit, step);
        let summary = build_into(root, &out, false);
        prop_assert!(summary.incremental.is_some(), "after edit {step}: not incremental");
        let fresh_out = outs.path().join(format!("fresh-{step}"));
        build_into(root, &fresh_out, true);
        let diff = tree_differences(&tree(&out), &tree(&fresh_out));
        prop_assert!(
            diff.is_empty(),
            "after edit {step} ({edit:?}) of {edits:?}, {} file(s) differ:\n{}",
            diff.len(),
            diff.iter().take(12).cloned().collect::<Vec<_>>().join("\n")
        );
        prop_assert!(spare_matches_its_state(&out).is_ok(), "after edit {step}: {:?}", spare_matches_its_state(&out));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: oracle_cases(5), max_shrink_iters: 20, ..ProptestConfig::default() })]

    #[test]
    fn an_incremental_build_after_any_edit_sequence_equals_a_full_build(edits in prop::collection::vec(edit(), 1..7)) {
        run_builds(&edits)?;
    }
}

#[test]
fn incremental_builds_of_known_sequences() {
    for edits in [
        vec![Edit::Body(0), Edit::Body(0)],
        vec![Edit::NewReport(0), Edit::DeleteReport(3), Edit::Title(1)],
        vec![Edit::Figure(2, 77), Edit::Title(5), Edit::Template, Edit::Static, Edit::Registry, Edit::SiteYaml],
    ] {
        run_builds(&edits).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Nothing changed: nothing is rendered but the feeds, nothing is written,
/// and the output keeps its files (their inodes: readers and rsync see no change).
#[cfg(unix)]
#[test]
fn a_build_with_nothing_changed_writes_nothing() {
    use std::os::unix::fs::MetadataExt;
    let dir = site();
    let root = dir.path();
    let outs = tempfile::tempdir().expect("temporary folder");
    let out = outs.path().join("public");
    build_into(root, &out, false);
    build_into(root, &out, false);
    let inode = |p: &str| fs::metadata(out.join(p)).expect("file").ino();
    let before = (inode("index.html"), inode("reports/ha-noi/2014/03/index.html"));
    let again = build_into(root, &out, false);
    let done = again.incremental.expect("incremental");
    assert_eq!((done.rendered, done.changed), (0, 0));
    assert_eq!((inode("index.html"), inode("reports/ha-noi/2014/03/index.html")), before);
    // A body edit: that report's page changes, the home page keeps its file.
    let file = reports(root).into_iter().find(|p| p.ends_with("ha-noi/2014/2014-03.md")).expect("a report of 2014-03");
    fs::write(&file, fs::read_to_string(&file).expect("text") + "\nMột đoạn nữa.\n").expect("written");
    let edited = build_into(root, &out, false).incremental.expect("incremental");
    assert!(edited.rendered >= 1 && edited.changed >= 1, "{edited:?}");
    assert_eq!(inode("index.html"), before.0);
    // `--full` writes everything into a new folder.
    assert!(build_into(root, &out, true).incremental.is_none());
    assert_ne!(inode("index.html"), before.0);
}

/// The report cache beside the output (`.public.annals-reports/`, one file
/// per publisher folder): a build parses only the reports whose text it does
/// not hold; files of it truncated, damaged or replaced are read past (those
/// reports parsed again) and the output is still a fresh build's, byte for
/// byte; a report is known by its text, so an edit that keeps its size and
/// modification time is seen.
#[test]
fn the_report_cache_is_keyed_by_text_and_survives_damage() {
    let dir = site();
    let root = dir.path();
    let outs = tempfile::tempdir().expect("temporary folder");
    let out = outs.path().join("public");
    let all = reports(root).len();
    assert_eq!(build_into(root, &out, false).parsed, all, "an empty cache: every report parsed");
    let cache = outs.path().join(".public.annals-reports");
    let mut files: Vec<PathBuf> = fs::read_dir(&cache).expect("the cache folder").flatten().map(|e| e.path()).collect();
    files.sort();
    assert_eq!(files.len(), 3, "one file per publisher folder: {files:?}");

    // A body edit of the same length, the file's modification time put back.
    let file = reports(root).into_iter().find(|p| p.ends_with("ha-noi/2014/2014-03.md")).expect("a report of 2014-03");
    let text = fs::read_to_string(&file).expect("text");
    let modified = fs::metadata(&file).and_then(|m| m.modified()).expect("a modification time");
    let body_at = text.rfind("\n---").map_or(0, |i| i + 4);
    let at = body_at + text[body_at..].find(|c: char| c.is_ascii_lowercase()).expect("a letter in the body");
    let letter = text.as_bytes()[at];
    let swapped = if letter == b'z' { 'y' } else { (letter + 1) as char };
    let edited = format!("{}{swapped}{}", &text[..at], &text[at + 1..]);
    assert_eq!(edited.len(), text.len());
    fs::write(&file, &edited).expect("written");
    fs::File::options().write(true).open(&file).and_then(|f| f.set_modified(modified)).expect("time put back");
    assert_eq!(
        fs::metadata(&file).map(|m| (m.len(), m.modified().ok())).ok(),
        Some((text.len() as u64, Some(modified)))
    );
    let summary = build_into(root, &out, false);
    assert_eq!(summary.parsed, 1, "only the edited report is parsed");
    let fresh_out = outs.path().join("fresh-edit");
    build_into(root, &fresh_out, true);
    let diff = tree_differences(&tree(&out), &tree(&fresh_out));
    assert!(diff.is_empty(), "after a same-size edit: {diff:?}");

    // Damage: one file cut short, one with a byte flipped in its middle, one replaced by noise.
    let bytes = fs::read(&files[0]).expect("a cache file");
    fs::write(&files[0], &bytes[..bytes.len() / 2]).expect("truncated");
    let mut bytes = fs::read(&files[1]).expect("a cache file");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    fs::write(&files[1], &bytes).expect("damaged");
    fs::write(&files[2], b"annalsRC not a cache at all").expect("replaced");
    // A new paragraph, so that the build is not a no-op.
    fs::write(&file, edited.clone() + "\nMột đoạn nữa.\n").expect("written");
    let summary = build_into(root, &out, false);
    assert!(
        summary.parsed > 1 && summary.parsed < all,
        "damaged entries parsed again, intact ones not: {}",
        summary.parsed
    );
    let fresh_out = outs.path().join("fresh-damage");
    build_into(root, &fresh_out, true);
    let diff = tree_differences(&tree(&out), &tree(&fresh_out));
    assert!(diff.is_empty(), "after damage to the cache: {diff:?}");
    // The damaged files were written again: the next build parses only what changed.
    fs::write(&file, edited + "\nMột đoạn khác.\n").expect("written");
    assert_eq!(build_into(root, &out, false).parsed, 1, "the cache was put right");
}
