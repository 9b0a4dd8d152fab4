//! The analysis of unchanged documents, reused: an incremental `build` (a
//! report added or edited) and `serve` after an edit analyze only the
//! blocks of documents that changed.
//!
//! The index build analyzes documents in blocks ([`super::index`]): each
//! publisher's reports from a multiple of [`super::docs::ID_BLOCK`], cut
//! every 256 documents, then the indicators. A block's analysis (a
//! [`Chunk`]: its vocabulary and counts) depends only on the text of its
//! documents, so it is kept under [`key`], a digest of exactly what the
//! analysis reads (every field's text and kind, the synthetic terms, the
//! number of documents) with [`FORMAT`] and the annals version: never a
//! file's time. A report added at the end of one publisher's run changes
//! that publisher's last block only.
//!
//! - [`MemoryStore`] (`serve`): in memory, what the last build used.
//! - [`DiskStore`] (`build`): one file per block in
//!   `.public.annals-search/` beside the output (named after the output
//!   folder like the chart cache, so the `.gitignore` line `annals init`
//!   writes covers it). A file is checked whole before use (magic, format,
//!   key, length, CRC-32, then every index it holds against the sizes it
//!   declares); one that fails is analyzed again and rewritten. After a
//!   build, the files it did not use are removed.
//!
//! Nothing here can fail a build or change its output: a store that cannot
//! be read or written costs only the time to analyze.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;

use super::analyze::{Chunk, FIELDS, Key, LocalTerm, NO_EXACT, WIDE_KEY};
use super::docs::SearchDoc;
use crate::render::fingerprint::Fx;

/// The version of what the analysis makes and of the file layout: bump it
/// whenever tokenizing, the fields or [`Chunk`] change (old entries are
/// then never read, and pruned).
pub(crate) const FORMAT: u32 = 1;
const MAGIC: &[u8; 8] = b"annals-a";

/// Where the analyses of blocks are kept between builds.
pub trait AnalysisStore: Sync {
    /// Whether anything is kept (when not, no key is computed).
    fn enabled(&self) -> bool {
        true
    }
    /// The analysis kept under `key`, if any (intact).
    fn get(&self, key: u64) -> Option<Arc<Chunk>>;
    /// Keeps `chunk`, the analysis just made of the block of `key`.
    fn put(&self, key: u64, chunk: &Arc<Chunk>);
}

/// Keeps nothing: every block is analyzed.
pub struct NoStore;

impl AnalysisStore for NoStore {
    fn enabled(&self) -> bool {
        false
    }
    fn get(&self, _: u64) -> Option<Arc<Chunk>> {
        None
    }
    fn put(&self, _: u64, _: &Arc<Chunk>) {}
}

/// Blocks taken from a store and analyzed, so far.
#[derive(Debug, Default)]
pub struct Counts {
    reused: AtomicUsize,
    analyzed: AtomicUsize,
}

impl Counts {
    /// (blocks reused, blocks analyzed).
    pub fn get(&self) -> (usize, usize) {
        (self.reused.load(Ordering::Relaxed), self.analyzed.load(Ordering::Relaxed))
    }
}

/// The digest of what [`super::analyze::analyze`] reads of `docs`.
pub(crate) fn key(docs: &[SearchDoc<'_>]) -> u64 {
    let mut h = Fx(0);
    h.text(env!("CARGO_PKG_VERSION"));
    h.word(u64::from(FORMAT));
    h.word(docs.len() as u64);
    for doc in docs {
        h.word(doc.fields.len() as u64);
        for (field, text) in &doc.fields {
            h.word(*field as u64);
            h.text(text);
        }
        h.word(doc.terms.len() as u64);
        for (field, term) in &doc.terms {
            h.word(*field as u64);
            h.text(term);
        }
    }
    h.0
}

/// In memory (`serve`): the analyses the last build used, and this one's.
#[derive(Default)]
pub struct MemoryStore {
    kept: Mutex<FxHashMap<u64, Arc<Chunk>>>,
    used: Mutex<BTreeSet<u64>>,
    pub counts: Counts,
}

impl MemoryStore {
    /// The store of this process's preview (`serve`).
    pub fn global() -> &'static MemoryStore {
        static STORE: OnceLock<MemoryStore> = OnceLock::new();
        STORE.get_or_init(MemoryStore::default)
    }

    /// Forgets what the build just finished did not use.
    pub fn keep_only_used(&self) {
        let (Ok(mut kept), Ok(mut used)) = (self.kept.lock(), self.used.lock()) else { return };
        kept.retain(|key, _| used.contains(key));
        used.clear();
    }
}

impl AnalysisStore for MemoryStore {
    fn get(&self, key: u64) -> Option<Arc<Chunk>> {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        let chunk = self.kept.lock().ok()?.get(&key).cloned()?;
        self.counts.reused.fetch_add(1, Ordering::Relaxed);
        Some(chunk)
    }

    fn put(&self, key: u64, chunk: &Arc<Chunk>) {
        self.counts.analyzed.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut kept) = self.kept.lock() {
            kept.insert(key, Arc::clone(chunk));
        }
    }
}

/// Beside the output (`build`): one file per block.
pub struct DiskStore {
    folder: PathBuf,
    used: Mutex<BTreeSet<u64>>,
    temp: AtomicUsize,
    pub counts: Counts,
}

impl DiskStore {
    /// The store beside `target` (the output folder): `.<name>.annals-search/`.
    pub fn beside(target: &Path) -> DiskStore {
        DiskStore::at(crate::output_spare::beside(target, "search"))
    }

    pub fn at(folder: PathBuf) -> DiskStore {
        DiskStore { folder, used: Mutex::new(BTreeSet::new()), temp: AtomicUsize::new(0), counts: Counts::default() }
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    fn file(&self, key: u64) -> PathBuf {
        self.folder.join(format!("{key:016x}.bin"))
    }

    /// Removes every file the build just finished did not use (the
    /// analyses of texts that are no longer there) and what interrupted
    /// writes left. Call it after a build that succeeded.
    pub fn prune(&self) {
        let Ok(used) = self.used.lock() else { return };
        if used.is_empty() {
            // the index was not made (carried over from the previous output): all still serve
            return;
        }
        let Ok(entries) = fs::read_dir(&self.folder) else { return };
        let names: BTreeSet<String> = used.iter().map(|k| format!("{k:016x}.bin")).collect();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let young_temp = name.starts_with(".tmp-")
                && entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|m| m.elapsed().ok())
                    .is_some_and(|age| age.as_secs() < 3600);
            if !names.contains(&name) && !young_temp {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

impl AnalysisStore for DiskStore {
    fn get(&self, key: u64) -> Option<Arc<Chunk>> {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        let bytes = fs::read(self.file(key)).ok()?;
        let chunk = decode(&bytes, key)?;
        self.counts.reused.fetch_add(1, Ordering::Relaxed);
        Some(Arc::new(chunk))
    }

    fn put(&self, key: u64, chunk: &Arc<Chunk>) {
        self.counts.analyzed.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        if fs::create_dir_all(&self.folder).is_err() {
            return;
        }
        // Written aside, then renamed: a reader never sees half a file.
        let n = self.temp.fetch_add(1, Ordering::Relaxed);
        let temp = self.folder.join(format!(".tmp-{}-{n}", std::process::id()));
        if fs::write(&temp, encode(chunk, key)).is_err() || fs::rename(&temp, self.file(key)).is_err() {
            let _ = fs::remove_file(&temp);
        }
    }
}

/// A chunk as bytes: magic, format, key, payload length, payload, CRC-32
/// of everything before it (little-endian throughout).
pub(crate) fn encode(chunk: &Chunk, key: u64) -> Vec<u8> {
    let mut p = Vec::with_capacity(64 + chunk.records.len() * 4 + chunk.lengths.len() * 4 * FIELDS);
    let u32s = |p: &mut Vec<u8>, values: &mut dyn Iterator<Item = u32>| {
        for v in values {
            p.extend_from_slice(&v.to_le_bytes());
        }
    };
    let text = |p: &mut Vec<u8>, s: &str| {
        p.extend_from_slice(&(s.len() as u32).to_le_bytes());
        p.extend_from_slice(s.as_bytes());
    };
    for n in [chunk.terms.len(), chunk.exact.len(), chunk.keys.len(), chunk.doc_ends.len(), chunk.records.len()] {
        p.extend_from_slice(&(n as u32).to_le_bytes());
    }
    for term in &chunk.terms {
        match term {
            LocalTerm::Word(w) => {
                p.push(0);
                text(&mut p, w);
            }
            LocalTerm::Pair(a, b) => {
                p.push(1);
                u32s(&mut p, &mut [*a, *b].into_iter());
            }
        }
    }
    for e in &chunk.exact {
        text(&mut p, e);
    }
    for k in &chunk.keys {
        u32s(&mut p, &mut [k.term, k.exact].into_iter());
        p.push(u8::from(k.plain));
    }
    u32s(&mut p, &mut chunk.doc_ends.iter().copied());
    u32s(&mut p, &mut chunk.lengths.iter().flatten().copied());
    u32s(&mut p, &mut chunk.records.iter().copied());
    let mut out = Vec::with_capacity(p.len() + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&(p.len() as u64).to_le_bytes());
    out.extend_from_slice(&p);
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Reads what [`encode`] wrote, `None` unless it is whole, of this format
/// and key, and every index in it lies within what it holds.
pub(crate) fn decode(bytes: &[u8], key: u64) -> Option<Chunk> {
    let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let mut r = Reader { bytes: body, at: 0 };
    if r.take(8)? != MAGIC || r.u32()? != FORMAT || r.u64()? != key || r.u64()? != (body.len() - 28) as u64 {
        return None;
    }
    let [terms, exact, keys, docs, records] = [r.u32()?, r.u32()?, r.u32()?, r.u32()?, r.u32()?];
    // every count is bounded by the bytes left (no huge allocation from a bad file)
    let left = body.len();
    if [terms, exact, keys, docs, records].iter().any(|&n| n as usize > left) {
        return None;
    }
    let mut chunk = Chunk::default();
    let is_word = |terms: &[LocalTerm], t: u32| matches!(terms.get(t as usize), Some(LocalTerm::Word(_)));
    for _ in 0..terms {
        chunk.terms.push(match r.byte()? {
            0 => LocalTerm::Word(r.text()?),
            1 => LocalTerm::Pair(r.u32()?, r.u32()?),
            _ => return None,
        });
    }
    // a pair is made of two words of the chunk
    let pairs_of_words = chunk.terms.iter().all(|t| match t {
        LocalTerm::Pair(a, b) => is_word(&chunk.terms, *a) && is_word(&chunk.terms, *b),
        LocalTerm::Word(_) => true,
    });
    if !pairs_of_words {
        return None;
    }
    for _ in 0..exact {
        chunk.exact.push(r.text()?);
    }
    for _ in 0..keys {
        let (term, exact_at, plain) = (r.u32()?, r.u32()?, r.byte()?);
        let named = exact_at == NO_EXACT || (exact_at < exact && is_word(&chunk.terms, term));
        if term >= terms || !named || plain > 1 {
            return None;
        }
        chunk.keys.push(Key { term, exact: exact_at, plain: plain == 1 });
    }
    let mut previous = 0;
    for _ in 0..docs {
        let end = r.u32()?;
        if end < previous || end > records {
            return None;
        }
        previous = end;
        chunk.doc_ends.push(end);
    }
    for _ in 0..docs {
        let mut lengths = [0u32; FIELDS];
        for l in &mut lengths {
            *l = r.u32()?;
        }
        chunk.lengths.push(lengths);
    }
    for _ in 0..records {
        chunk.records.push(r.u32()?);
    }
    if r.at != body.len() || chunk.doc_ends.last().is_some_and(|&end| end as usize != chunk.records.len()) {
        return None;
    }
    // every record names a key of the chunk, and each document's records
    // end at a record's end (not between a wide record's two words)
    let mut starts = vec![false; chunk.records.len() + 1];
    starts[chunk.records.len()] = true;
    let mut at = 0usize;
    while let Some(&word) = chunk.records.get(at) {
        starts[at] = true;
        let wide = word >> 9 == WIDE_KEY;
        let key = if wide { *chunk.records.get(at + 1)? } else { word >> 9 };
        if key >= keys || (word >> 6) & 7 >= FIELDS as u32 {
            return None;
        }
        at += 1 + usize::from(wide);
    }
    if chunk.doc_ends.iter().any(|&end| !starts[end as usize]) {
        return None;
    }
    Some(chunk)
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }
    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn text(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::super::docs::tests_support::doc;
    use super::*;

    fn chunk() -> Chunk {
        let long = "dài".repeat(3000);
        let docs = [doc("Thuê bao", "thuê bao THUÊ 1.727.388"), doc("Khác", &format!("thuế {long} {long}"))];
        super::super::analyze::analyze(&docs)
    }

    #[test]
    fn a_chunk_comes_back_as_it_was() {
        let chunk = chunk();
        let bytes = encode(&chunk, 42);
        assert_eq!(decode(&bytes, 42).as_ref(), Some(&chunk));
        assert_eq!(decode(&bytes, 43), None, "another key");
    }

    #[test]
    fn a_damaged_file_is_refused_never_trusted() {
        let bytes = encode(&chunk(), 7);
        for cut in [0, 1, 4, 27, 28, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(decode(&bytes[..cut], 7), None, "cut at {cut}");
        }
        for at in (0..bytes.len()).step_by(3) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x41;
            assert_eq!(decode(&damaged, 7), None, "byte {at} changed");
        }
    }

    /// A file whose CRC is right but whose content is not (written by
    /// another program, say) is refused by the checks of its indices.
    #[test]
    fn indices_are_checked_even_when_the_crc_holds() {
        let chunk = chunk();
        let reseal = |mut c: Chunk, change: &dyn Fn(&mut Chunk)| {
            change(&mut c);
            encode(&c, 1)
        };
        let cases: [&dyn Fn(&mut Chunk); 5] = [
            &|c| c.records[0] = (c.keys.len() as u32) << 9 | 6 << 6 | 1,
            &|c| c.records[0] = 1 << 9 | 7 << 6 | 1,
            &|c| c.keys[0].term = c.terms.len() as u32,
            &|c| c.doc_ends[0] = c.records.len() as u32 + 1,
            &|c| c.terms.push(LocalTerm::Pair(0, 1_000)),
        ];
        for (i, change) in cases.iter().enumerate() {
            assert_eq!(decode(&reseal(chunk.clone(), change), 1), None, "case {i}");
        }
    }

    #[test]
    fn keys_follow_the_text_only() {
        let a = [doc("Thuê bao", "một hai")];
        let b = [doc("Thuê bao", "một hai")];
        let c = [doc("Thuê bao", "một ba")];
        assert_eq!(key(&a), key(&b));
        assert_ne!(key(&a), key(&c));
        let mut moved = doc("Thuê bao", "một hai");
        moved.fields.swap(0, 1);
        assert_ne!(key(&a), key(&[moved]), "the field of a text counts");
    }
}
