//! The report cache of `annals build`, kept beside the output.
//!
//! `.public.annals-reports/` (named after the output folder like the spare
//! tree and the chart cache, so the `.gitignore` line `annals init` writes
//! covers it) holds one file per publisher folder of `content/` (one for the
//! reports directly in `content/`): each report parsed there and its
//! rendered body, under a hash of the file's text (SHA-256, first 128
//! bits). A build reads every report file as before, but parses and renders
//! only those whose text is not in the cache; the cache is filled as the
//! [`ReportCache`](super::ReportCache) of `serve` is, and a hit gives the
//! same values a parse would, so the output is the same.
//!
//! A file is used only when it was written for the same site.yaml and
//! registry texts, by the same annals executable (its version, size and
//! modification time) and in the same [`FORMAT`]; each entry carries a
//! checksum and is checked before it is decoded. An entry that is not
//! intact is skipped (that report is parsed again) and its file written
//! again. Reports with any message (warning or error) are never kept: they
//! are parsed every time, so their messages are shown every time. Nothing
//! here can fail a build: a cache that cannot be read or written only costs
//! the time to parse.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;
use sha2::{Digest as _, Sha256};

use super::codec::{Codec, Reader, Writer};
use super::markdown::RenderedBody;
use super::report::Report;
use crate::render::fingerprint::Fx;

/// The layout of an entry; bump it whenever [`super::codec`] changes.
pub(crate) const FORMAT: u64 = 1;

const MAGIC: &[u8; 8] = b"annalsRC";

/// The content key of a report's text.
pub(crate) fn text_hash(text: &str) -> u128 {
    let digest = Sha256::digest(text.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    u128::from_le_bytes(first)
}

/// What every entry of a file depends on besides its text: `basis` (the
/// site.yaml and registry texts), the format and the executable.
pub(crate) fn key_of(basis: u64) -> u64 {
    let mut h = Fx(basis);
    h.word(FORMAT);
    h.text(env!("CARGO_PKG_VERSION"));
    // The same version number covers many builds of annals while it is
    // developed: the executable's size and time tell them apart.
    let exe = std::env::current_exe().ok().and_then(|exe| fs::metadata(exe).ok());
    match exe {
        Some(m) => {
            h.word(m.len());
            let time = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            h.word(time.map_or(0, |d| d.as_nanos() as u64));
        }
        // Unknown: nothing written can be trusted to be ours.
        None => h.word(rand_word()),
    }
    h.0
}

fn rand_word() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(std::process::id().into());
    h.finish()
}

/// The file a report's entry is kept in: the first folder under `content/`.
fn chunk_of(file: &Path) -> String {
    let mut parts = file.components().filter_map(|c| match c {
        Component::Normal(part) => Some(part),
        _ => None,
    });
    let _content = parts.next();
    let first = parts.next();
    match (first, parts.next()) {
        (Some(folder), Some(_)) => folder.to_string_lossy().into_owned(),
        _ => String::new(),
    }
}

fn file_name(chunk: &str) -> String {
    let mut h = Fx(0);
    h.text(chunk);
    format!("{:016x}.bin", h.0)
}

/// One report as kept: the hash of its text, the report parsed from it
/// and its rendered body (none for a draft never rendered).
#[derive(Clone, Debug)]
pub(crate) struct Kept {
    pub hash: u128,
    pub report: Arc<Report>,
    pub body: Option<Arc<RenderedBody>>,
}

/// What a load found on disk: the entries, and per file a signature of
/// what it held intact (`None`: damaged, to be written again).
pub(crate) struct Loaded {
    pub entries: HashMap<PathBuf, Kept>,
    pub chunks: BTreeMap<String, Option<u64>>,
}

/// A signature of the entries a file holds (to write only files that changed).
fn signature<'a>(entries: impl Iterator<Item = (&'a Path, &'a Kept)>) -> u64 {
    let mut sorted: Vec<(&Path, u128)> = entries.map(|(p, e)| (p, e.hash)).collect();
    sorted.sort_unstable();
    let mut h = Fx(0);
    for (path, hash) in sorted {
        h.text(&path.to_string_lossy());
        h.word(hash as u64);
        h.word((hash >> 64) as u64);
    }
    h.0
}

/// Reads every file of the cache in `folder` written under `key`.
pub(crate) fn load(folder: &Path, key: u64) -> Loaded {
    let names: Vec<PathBuf> = match fs::read_dir(folder) {
        Ok(dir) => dir.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "bin")).collect(),
        Err(_) => Vec::new(),
    };
    let files: Vec<ChunkFile> = names.par_iter().filter_map(|path| read_file(path, key)).collect();
    let mut loaded = Loaded { entries: HashMap::new(), chunks: BTreeMap::new() };
    for (chunk, entries, intact) in files {
        let sig = intact.then(|| signature(entries.iter().map(|(p, e)| (p.as_path(), e))));
        loaded.chunks.insert(chunk, sig);
        loaded.entries.extend(entries);
    }
    loaded
}

/// A file's folder name, its entries, and whether it was intact.
type ChunkFile = (String, Vec<(PathBuf, Kept)>, bool);

/// One file's entries, and whether it was intact; `None` when it is not
/// ours (another format, site or executable) or cannot be read.
fn read_file(path: &Path, key: u64) -> Option<ChunkFile> {
    let bytes = fs::read(path).ok()?;
    let mut r = Reader::new(&bytes);
    if r.take(MAGIC.len())? != MAGIC || r.u64()? != FORMAT || r.u64()? != key {
        return None;
    }
    let chunk = r.str()?.to_string();
    if path.file_name()?.to_string_lossy() != file_name(&chunk) {
        return None;
    }
    let mut entries = Vec::new();
    let mut intact = true;
    while !r.is_empty() {
        let Some((len, sum)) = r.u64().zip(r.take(8)) else {
            intact = false;
            break;
        };
        let Some(bytes) = usize::try_from(len).ok().and_then(|len| r.take(len)) else {
            intact = false;
            break;
        };
        let mut h = Fx(0);
        h.bytes(bytes);
        if h.0.to_le_bytes() != sum {
            intact = false;
            continue;
        }
        match decode(bytes) {
            Some(entry) if chunk_of(&entry.0) == chunk => entries.push(entry),
            _ => intact = false,
        }
    }
    Some((chunk, entries, intact))
}

fn decode(bytes: &[u8]) -> Option<(PathBuf, Kept)> {
    let mut r = Reader::new(bytes);
    let file = PathBuf::get(&mut r)?;
    let low = r.take(16)?;
    let hash = u128::from_le_bytes(low.try_into().ok()?);
    let report = Report::get(&mut r)?;
    let body = Option::<RenderedBody>::get(&mut r)?;
    if !r.is_empty() || report.file != file {
        return None;
    }
    Some((file, Kept { hash, report: Arc::new(report), body: body.map(Arc::new) }))
}

/// Writes the files whose entries differ from what `before` found, and
/// removes those of folders that no longer have reports. `entries` are the
/// reports to keep (parsed without a word to say: the caller decides).
pub(crate) fn save(folder: &Path, key: u64, entries: &[(PathBuf, Kept)], before: &BTreeMap<String, Option<u64>>) {
    let mut chunks: BTreeMap<String, Vec<(&Path, &Kept)>> = BTreeMap::new();
    for (file, entry) in entries {
        if file.to_str().is_some() {
            chunks.entry(chunk_of(file)).or_default().push((file.as_path(), entry));
        }
    }
    let changed: Vec<(&String, &Vec<(&Path, &Kept)>)> = chunks
        .iter()
        .filter(|(chunk, list)| before.get(*chunk).copied().flatten() != Some(signature(list.iter().copied())))
        .collect();
    if !changed.is_empty() && fs::create_dir_all(folder).is_err() {
        return;
    }
    changed.par_iter().for_each(|(chunk, list)| write_file(folder, key, chunk, list));
    let keep: BTreeSet<String> = chunks.keys().map(|c| file_name(c)).collect();
    let Ok(dir) = fs::read_dir(folder) else { return };
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = if name.starts_with(".tmp-") { !is_young(&entry) } else { !keep.contains(&name) };
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn write_file(folder: &Path, key: u64, chunk: &str, list: &[(&Path, &Kept)]) {
    let mut sorted = list.to_vec();
    sorted.sort_unstable_by_key(|(file, _)| *file);
    let mut w = Writer::default();
    w.bytes.extend_from_slice(MAGIC);
    w.u64(FORMAT);
    w.u64(key);
    w.str(chunk);
    let mut one = Writer::default();
    for (file, entry) in sorted {
        let report = &entry.report;
        one.bytes.clear();
        file.to_path_buf().put(&mut one);
        one.bytes.extend_from_slice(&entry.hash.to_le_bytes());
        report.put(&mut one);
        entry.body.as_deref().cloned().put(&mut one);
        let mut h = Fx(0);
        h.bytes(&one.bytes);
        w.u64(one.bytes.len() as u64);
        w.bytes.extend_from_slice(&h.0.to_le_bytes());
        w.bytes.extend_from_slice(&one.bytes);
    }
    let name = file_name(chunk);
    let temp = folder.join(format!(".tmp-{}-{name}", std::process::id()));
    if fs::write(&temp, &w.bytes).and_then(|()| fs::rename(&temp, folder.join(&name))).is_err() {
        let _ = fs::remove_file(&temp);
    }
}

/// A temporary file of a build still running is young.
fn is_young(entry: &fs::DirEntry) -> bool {
    let modified = entry.metadata().and_then(|m| m.modified()).ok();
    modified.and_then(|m| m.elapsed().ok()).is_some_and(|age| age < Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_kept_in_the_file_of_its_publisher_folder() {
        assert_eq!(chunk_of(Path::new("content/ha-noi/2014/2014-08.md")), "ha-noi");
        assert_eq!(chunk_of(Path::new("content/ha-noi/2014-08.md")), "ha-noi");
        assert_eq!(chunk_of(Path::new("content/2014-08.md")), "");
        assert_ne!(file_name("ha-noi"), file_name(""));
    }

    #[test]
    fn the_text_hash_sees_every_byte() {
        assert_ne!(text_hash("total: 12"), text_hash("total: 13"));
        assert_eq!(text_hash("a"), text_hash("a"));
    }
}
