//! Parsed reports kept between two loads of the same site (`serve`).
//!
//! A report is read again only when the watcher marked its file stale or the
//! file's size or modification time changed, and parsed again only when its
//! text changed (compared by hash). Every entry was parsed against one
//! site.yaml and one registry: when either text changes, the cache empties
//! itself. This module holds no file handles and reads nothing: `content`
//! asks it what it already knows.
//!
//! `annals build` keeps its cache on disk beside the output
//! ([`ReportCache::beside`], see [`super::stored`]): the entries of the
//! previous build are read at the start; a file whose stamp (size,
//! modification time, and the change time and inode no tool sets back:
//! Unix only, as the stamps of a build with nothing changed) is the one
//! kept is not read, any other is read and compared by the hash of its
//! text; the files of the folders whose entries changed are written back
//! at the end ([`ReportCache::save`]).

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::markdown::RenderedBody;
use super::report::Report;
use super::stored;
use crate::diagnostics::Diagnostic;

/// What identifies a file's version without reading it ([`super::stamps::stamp`]):
/// size, modification time and, on Unix, change time and inode.
pub(crate) use super::stamps::Stamp;

#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub stamp: Option<Stamp>,
    pub hash: u128,
    /// Shared with the archives made from it (never copied).
    pub report: Option<Arc<Report>>,
    /// Its rendered body, when the cache keeps bodies ([`ReportCache::beside`]:
    /// the Markdown is then released from the report once rendered).
    pub body: Option<Arc<RenderedBody>>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Default)]
pub struct ReportCache {
    basis: Option<u64>,
    entries: HashMap<PathBuf, Entry>,
    stale: HashSet<PathBuf>,
    all_stale: bool,
    /// Files read by the last load.
    pub files_read: usize,
    /// Files parsed by the last load.
    pub files_parsed: usize,
    /// Used for one load only (`check`): texts need no hash.
    one_off: bool,
    /// Kept on disk (`build`).
    store: Option<Store>,
    /// Every change is marked ([`ReportCache::watched`]): a file not
    /// marked stale is known unchanged without a look at the disk.
    trust_marks: bool,
    /// The report files of the last load, sorted, when the walk that
    /// found them had nothing to say (with `trust_marks` only).
    listed: Option<Vec<PathBuf>>,
}

/// Where a cache on disk is, and what the last load found there.
#[derive(Debug)]
struct Store {
    folder: PathBuf,
    key: u64,
    chunks: std::collections::BTreeMap<String, Option<stored::Held>>,
}

impl ReportCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The cache of a site whose changes are all marked ([`ReportCache::mark_stale`],
    /// [`ReportCache::mark_all_stale`] when events were lost: `serve`'s
    /// watcher): a load reads and stats only the files marked, and walks
    /// `content/` only when a marked path is not a known report file.
    pub fn watched() -> Self {
        ReportCache { trust_marks: true, ..Self::default() }
    }

    /// A cache for a single load, which never compares texts with a later one.
    pub fn one_off() -> Self {
        ReportCache { one_off: true, ..Self::default() }
    }

    /// The cache of the builds into `out`, kept beside it
    /// (`.<name>.annals-reports/`): read on the first load, written by [`ReportCache::save`].
    pub fn beside(out: &Path) -> Self {
        let folder = crate::output_spare::beside(out, "reports");
        ReportCache { store: Some(Store { folder, key: 0, chunks: Default::default() }), ..Self::default() }
    }

    /// Whether each report parsed is rendered at once and its Markdown
    /// released ([`Entry::body`]).
    pub(crate) fn keeps_bodies(&self) -> bool {
        self.store.is_some()
    }

    /// The rendered body the cache keeps for `report` (the very report it gave).
    pub fn body_of(&self, report: &Arc<Report>) -> Option<Arc<RenderedBody>> {
        let entry = self.entries.get(&report.file)?;
        entry.report.as_ref().filter(|r| Arc::ptr_eq(r, report))?;
        entry.body.clone()
    }

    /// Writes the cache back to disk, when it is kept there: only the
    /// files of folders whose entries changed. Never fails (a cache not
    /// written costs the next build the time to parse).
    pub fn save(&self) {
        if let Some(store) = &self.store {
            // Reports parsed without a word to say: the others are parsed
            // on every build, so that their messages are shown every time.
            let kept: Vec<(PathBuf, stored::Kept)> = self
                .entries
                .iter()
                .filter(|(_, e)| e.diagnostics.is_empty())
                .filter_map(|(file, e)| {
                    let report = Arc::clone(e.report.as_ref()?);
                    // A stamp without a change time (not Unix) could be set back by hand: not kept.
                    let stamp = e.stamp.filter(|s| s[2] != 0);
                    Some((file.clone(), stored::Kept { hash: e.hash, stamp, report, body: e.body.clone() }))
                })
                .collect();
            stored::save(&store.folder, store.key, &kept, &store.chunks);
        }
    }

    /// The hash a later load compares a file's text with (none for a one-off cache).
    pub(crate) fn hash(&self, text: &str) -> u128 {
        if self.one_off { 0 } else { stored::text_hash(text) }
    }

    /// The file, or every file in the folder (relative to the site folder),
    /// must be read again.
    pub fn mark_stale(&mut self, file: &Path) {
        self.stale.insert(file.to_path_buf());
    }

    /// Every file must be read again (the watcher lost track of events);
    /// unchanged texts are still not parsed again.
    pub fn mark_all_stale(&mut self) {
        self.all_stale = true;
    }

    /// Empties the cache when the texts reports are parsed against changed.
    pub(crate) fn begin(&mut self, basis: u64) {
        if self.basis != Some(basis) {
            self.entries.clear();
            self.basis = Some(basis);
            if let Some(store) = &mut self.store {
                store.key = stored::key_of(basis);
                let loaded = stored::load(&store.folder, store.key);
                self.entries = loaded
                    .entries
                    .into_iter()
                    .map(|(file, kept)| {
                        let stored::Kept { hash, stamp, report, body } = kept;
                        let entry = Entry { stamp, hash, report: Some(report), body, diagnostics: Vec::new() };
                        (file, entry)
                    })
                    .collect();
                store.chunks = loaded.chunks;
                crate::timings::mark("report cache read");
            }
        }
        self.files_read = 0;
        self.files_parsed = 0;
    }

    /// The entry of a file known unchanged without reading it.
    pub(crate) fn fresh(&self, file: &Path, stamp: Option<Stamp>) -> Option<&Entry> {
        if self.all_stale || stamp.is_none() || file.ancestors().any(|a| self.stale.contains(a)) {
            return None;
        }
        self.entries.get(file).filter(|e| e.stamp == stamp)
    }

    /// The entry of a file known unchanged without a look at the disk: its
    /// changes are all marked, and it is not (nor a folder above it).
    pub(crate) fn unmarked(&self, file: &Path) -> Option<&Entry> {
        if !self.trust_marks || self.all_stale || file.ancestors().any(|a| self.stale.contains(a)) {
            return None;
        }
        // A file that could not be read is looked at again on every load.
        self.entries.get(file).filter(|e| e.stamp.is_some())
    }

    /// The report files (relative to `root`, sorted) without walking
    /// `content/`: the last load's, less the marked ones that are gone.
    /// `None` when the folder must be walked: changes not all marked,
    /// events lost, the last walk had something to say, or a marked path
    /// is not a known report file (a new file, a folder, a link).
    pub(crate) fn listed_files(&mut self, root: &Path) -> Option<Vec<PathBuf>> {
        if !self.trust_marks || self.all_stale {
            return None;
        }
        let listed = self.listed.as_mut()?;
        let mut gone = HashSet::new();
        for path in &self.stale {
            let known = listed.binary_search(path).is_ok();
            match std::fs::symlink_metadata(root.join(path)) {
                Ok(meta) if known && meta.file_type().is_file() => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    if known {
                        gone.insert(path);
                    } else if listed.iter().any(|file| file.starts_with(path)) {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        if !gone.is_empty() {
            listed.retain(|file| !gone.contains(file));
        }
        Some(listed.clone())
    }

    /// Keeps the list of report files a load found, for [`ReportCache::listed_files`]
    /// (`None`: the next load walks `content/`).
    pub(crate) fn keep_listing(&mut self, files: Option<&[PathBuf]>) {
        // Sorted as the walk gives them (by name at each depth: the order of `Path`).
        self.listed = files.filter(|files| self.trust_marks && files.is_sorted()).map(<[PathBuf]>::to_vec);
    }

    /// The entry of a file whose text hashes to `hash`.
    pub(crate) fn same_text(&self, file: &Path, hash: u128) -> Option<&Entry> {
        self.entries.get(file).filter(|e| e.hash == hash)
    }

    /// Keeps the entries of this load (files gone since are dropped).
    pub(crate) fn finish(&mut self, entries: Vec<(PathBuf, Option<Entry>)>, read: usize, parsed: usize) {
        let mut kept = HashMap::with_capacity(entries.len());
        for (file, entry) in entries {
            match entry {
                Some(entry) => {
                    kept.insert(file, entry);
                }
                None => {
                    if let Some(old) = self.entries.remove(&file) {
                        kept.insert(file, old);
                    }
                }
            }
        }
        self.entries = kept;
        self.stale.clear();
        self.all_stale = false;
        self.files_read = read;
        self.files_parsed = parsed;
    }
}

pub(crate) fn hash_text(parts: &[Option<&str>]) -> u64 {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(hash: u128, stamp: Option<Stamp>) -> Entry {
        Entry { stamp, hash, report: None, body: None, diagnostics: Vec::new() }
    }

    #[test]
    fn an_entry_is_fresh_until_marked_stale_or_touched() {
        let mut cache = ReportCache::new();
        cache.begin(1);
        let file = Path::new("content/a.md");
        let stamp = Some([10, 0, 0, 0]);
        cache.finish(vec![(file.to_path_buf(), Some(entry(7, stamp)))], 1, 1);
        assert!(cache.fresh(file, stamp).is_some());
        assert!(cache.fresh(file, Some([11, 0, 0, 0])).is_none(), "size changed");
        cache.mark_stale(file);
        assert!(cache.fresh(file, stamp).is_none());
        assert!(cache.same_text(file, 7).is_some());
        cache.finish(vec![(file.to_path_buf(), None)], 0, 0);
        assert!(cache.fresh(file, stamp).is_some(), "kept, no longer stale");
        cache.mark_stale(Path::new("content"));
        assert!(cache.fresh(file, stamp).is_none(), "its folder was replaced");
        cache.finish(vec![(file.to_path_buf(), None)], 0, 0);
        cache.mark_all_stale();
        assert!(cache.fresh(file, stamp).is_none());
    }

    #[test]
    fn a_watched_cache_lists_and_trusts_without_looking_at_unmarked_files() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/2014")).expect("folder");
        let (a, b) = (PathBuf::from("content/2014/a.md"), PathBuf::from("content/2014/b.md"));
        for file in [&a, &b] {
            std::fs::write(root.join(file), "x").expect("written");
        }
        let load = |cache: &mut ReportCache| {
            cache.begin(1);
            let files = [a.clone(), b.clone()];
            cache.keep_listing(Some(&files));
            cache.finish(files.iter().map(|f| (f.clone(), Some(entry(1, Some([1, 0, 0, 0]))))).collect(), 2, 2);
        };
        // Not watched: every file is looked at, content/ walked.
        let mut cache = ReportCache::new();
        load(&mut cache);
        assert!(cache.unmarked(&a).is_none() && cache.listed_files(root).is_none());

        let mut cache = ReportCache::watched();
        load(&mut cache);
        assert!(cache.unmarked(&a).is_some(), "nothing marked: unchanged, no stat");
        assert_eq!(cache.listed_files(root), Some(vec![a.clone(), b.clone()]));
        cache.mark_stale(&a);
        assert!(cache.unmarked(&a).is_none(), "marked: looked at again");
        assert!(cache.unmarked(&b).is_some());
        assert_eq!(cache.listed_files(root), Some(vec![a.clone(), b.clone()]), "a known file, still a file");
        // A path that is gone and no report was under (an editor's temporary file).
        cache.mark_stale(Path::new("content/2014/tmp1234"));
        assert_eq!(cache.listed_files(root), Some(vec![a.clone(), b.clone()]));
        // A report deleted: dropped from the list, no walk.
        std::fs::remove_file(root.join(&b)).expect("removed");
        cache.mark_stale(&b);
        assert_eq!(cache.listed_files(root), Some(vec![a.clone()]));
        // A new file, a folder, lost events: content/ is walked.
        for marked in ["content/2014/c.md", "content/2014"] {
            let mut cache = ReportCache::watched();
            load(&mut cache);
            std::fs::write(root.join("content/2014/c.md"), "x").expect("written");
            cache.mark_stale(Path::new(marked));
            assert!(cache.listed_files(root).is_none(), "{marked}");
            assert!(cache.unmarked(&a).is_some() || marked == "content/2014", "{marked}");
            assert!(marked != "content/2014" || cache.unmarked(&a).is_none(), "its folder was marked");
        }
        let mut cache = ReportCache::watched();
        load(&mut cache);
        cache.mark_all_stale();
        assert!(cache.listed_files(root).is_none() && cache.unmarked(&a).is_none());
        // A walk that had something to say is walked again next time.
        let mut cache = ReportCache::watched();
        load(&mut cache);
        cache.keep_listing(None);
        assert!(cache.listed_files(root).is_none());
    }

    #[test]
    fn a_new_basis_empties_the_cache_and_gone_files_are_dropped() {
        let mut cache = ReportCache::new();
        cache.begin(1);
        cache.finish(vec![(PathBuf::from("a.md"), Some(entry(1, Some([1, 0, 0, 0]))))], 1, 1);
        cache.begin(1);
        assert!(cache.same_text(Path::new("a.md"), 1).is_some());
        cache.finish(vec![], 0, 0);
        assert!(cache.same_text(Path::new("a.md"), 1).is_none(), "file gone");
        cache.finish(vec![(PathBuf::from("b.md"), Some(entry(2, None)))], 1, 1);
        cache.begin(2);
        assert!(cache.same_text(Path::new("b.md"), 2).is_none(), "site.yaml or registry changed");
    }
}
