//! The search index's analysis kept between builds (`search::cache`): an
//! edit re-analyzes only its own block of reports, and the index comes out
//! byte for byte as a fresh build's.

#[path = "support/generate/mod.rs"]
mod generate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use annals::archive::Archive;
use annals::search::{AnalysisStore, DiskStore, MemoryStore};

/// A generated archive of `publishers` publishers over a year.
fn site(publishers: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let params = generate::Params { publishers, years: 1, indicators: 4, ..generate::Params::default() };
    generate::write(&generate::generate(&params), dir.path()).expect("the archive is written");
    dir
}

fn archive(root: &Path) -> Archive {
    let mut diags = annals::diagnostics::Diagnostics::new();
    let content = annals::content::load(root, &mut diags).unwrap_or_else(|| panic!("loads: {diags:?}"));
    Archive::new(content, false).render_bodies(None)
}

/// The newest report of the `n`-th publisher (folders in name order).
fn newest_report(root: &Path, n: usize) -> PathBuf {
    let sorted = |dir: &Path| {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("a folder").flatten().map(|e| e.path()).collect();
        entries.sort();
        entries
    };
    let publishers: Vec<PathBuf> = sorted(&root.join("content")).into_iter().filter(|p| p.is_dir()).collect();
    let years = sorted(&publishers[n]);
    sorted(years.last().expect("a year")).pop().expect("a report")
}

/// Changes a word of the report's body (not its front matter).
fn edit_body(report: &Path) {
    let text = std::fs::read_to_string(report).expect("the report");
    let at = text.rfind("\n---\n").map_or(0, |i| i + 5);
    let (head, body) = text.split_at(at);
    std::fs::write(report, format!("{head}{body}\nĐoạn mới về dịch Zika và cáp quang biển.\n")).expect("written");
}

fn counts(store: &DiskStore) -> (usize, usize) {
    store.counts.get()
}

#[test]
fn an_edited_body_reanalyzes_its_block_only_and_the_index_is_the_fresh_one() {
    let dir = site(5);
    let store_dir = tempfile::tempdir().expect("a temporary folder");
    let first = archive(dir.path());
    let store = DiskStore::at(store_dir.path().join("analyses"));
    let built = annals::search::build_with(&first, &store);
    let (reused, blocks) = counts(&store);
    // five publishers' blocks and the indicators'
    assert_eq!((reused, blocks), (0, 6));
    assert_eq!(built.files, annals::search::build(&first).files, "a store changes nothing on a first build");
    store.prune();
    let kept = std::fs::read_dir(store.folder()).expect("the store's folder").count();
    assert_eq!(kept, blocks, "one file per block");

    edit_body(&newest_report(dir.path(), 2));
    let second = archive(dir.path());
    let store = DiskStore::at(store_dir.path().join("analyses"));
    let built = annals::search::build_with(&second, &store);
    assert_eq!(counts(&store), (blocks - 1, 1), "only the edited publisher's block is analyzed again");
    let fresh = annals::search::build(&second);
    assert_eq!(built.version, fresh.version);
    assert_eq!(built.files, fresh.files, "the index equals a fresh build's");
    assert!(
        fresh.files.iter().any(|(_, bytes)| String::from_utf8_lossy(bytes).contains("zika")),
        "the edit is in the index"
    );
    store.prune();
    assert_eq!(std::fs::read_dir(store.folder()).expect("folder").count(), blocks, "the old block's file is gone");
}

#[test]
fn a_damaged_entry_is_analyzed_again_and_put_right() {
    let dir = site(3);
    let store_dir = tempfile::tempdir().expect("a temporary folder");
    let archive = archive(dir.path());
    let folder = store_dir.path().join("analyses");
    let fresh = annals::search::build(&archive);
    annals::search::build_with(&archive, &DiskStore::at(folder.clone()));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder).expect("folder").flatten().map(|e| e.path()).collect();
    files.sort();
    // one file cut short, one with a byte changed, one emptied
    let bytes = std::fs::read(&files[0]).expect("an entry");
    std::fs::write(&files[0], &bytes[..bytes.len() / 2]).expect("cut");
    let mut bytes = std::fs::read(&files[1]).expect("an entry");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&files[1], &bytes).expect("changed");
    std::fs::write(&files[2], b"").expect("emptied");
    let store = DiskStore::at(folder.clone());
    let built = annals::search::build_with(&archive, &store);
    assert_eq!(store.counts.get(), (files.len() - 3, 3));
    assert_eq!(built.files, fresh.files);
    // rewritten whole: the next build reuses every block
    let store = DiskStore::at(folder);
    annals::search::build_with(&archive, &store);
    assert_eq!(store.counts.get(), (files.len(), 0));
}

#[test]
fn serve_keeps_the_analyses_in_memory() {
    let dir = site(4);
    let store = MemoryStore::default();
    let first = archive(dir.path());
    annals::search::build_with(&first, &store);
    store.keep_only_used();
    edit_body(&newest_report(dir.path(), 0));
    let second = archive(dir.path());
    let built = annals::search::build_with(&second, &store);
    assert_eq!(store.counts.get(), (4, 5 + 1), "4 blocks reused; 5 analyzed first, then the edited one");
    assert_eq!(built.files, annals::search::build(&second).files);
    assert!(store.enabled());
}

/// `annals build` into the output of an earlier build, after an edit:
/// the index files are a fresh build's, and the analyses beside the output
/// were reused (the store holds one file per block, the stale one pruned).
#[test]
fn an_incremental_build_writes_the_index_of_a_fresh_build() {
    let dir = site(3);
    let out = dir.path().join("public");
    let build = |out: &Path| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_annals"))
            .args(["build", "--quiet", "--root"])
            .arg(dir.path())
            .arg("--out")
            .arg(out)
            .status()
            .expect("annals runs");
        assert!(status.success(), "the generated archive builds");
    };
    build(&out);
    let analyses = dir.path().join(".public.annals-search");
    let entries = |folder: &Path| -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(folder)
            .expect("a folder")
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("readable")))
            .collect()
    };
    let before = entries(&analyses);
    assert_eq!(before.len(), 4, "three publishers' blocks and the indicators'");
    edit_body(&newest_report(dir.path(), 1));
    build(&out);
    let after = entries(&analyses);
    assert_eq!(after.len(), 4, "the edited block's old analysis is pruned");
    let kept = after.iter().filter(|(name, bytes)| before.get(*name) == Some(*bytes)).count();
    assert_eq!(kept, 3, "the other blocks' analyses are the same files");
    let fresh = dir.path().join("fresh");
    build(&fresh);
    let index = |root: &Path| -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        for entry in walk(&root.join("search")) {
            let name = entry.strip_prefix(root).expect("inside").to_string_lossy().into_owned();
            files.insert(name, std::fs::read(&entry).expect("readable"));
        }
        files
    };
    let (incremental, fresh_index) = (index(&out), index(&fresh));
    assert!(incremental.len() > 10);
    assert_eq!(incremental.keys().collect::<Vec<_>>(), fresh_index.keys().collect::<Vec<_>>());
    let differ: Vec<&String> =
        incremental.iter().filter(|(k, v)| fresh_index.get(*k) != Some(*v)).map(|e| e.0).collect();
    assert!(differ.is_empty(), "index files differ from a fresh build's: {differ:?}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
