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
