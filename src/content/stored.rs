//! The report cache of `annals build`, kept beside the output.
//!
//! `.public.annals-reports/` (named after the output folder like the spare
//! tree and the chart cache, so the `.gitignore` line `annals init` writes
//! covers it) holds one file per publisher folder of `content/` (one for the
//! reports directly in `content/`): each report parsed there and its
//! rendered body, under a hash of the file's text (SHA-256, first 128
//! bits) and the file's stamp when it was read (size, modification time,
//! change time, inode: [`super::stamps`]). A build does not read a report
//! whose stamp is the one kept (on Unix; elsewhere every file is read),
//! reads the others, and parses and renders only those whose text is not
//! in the cache; the cache is filled as the [`ReportCache`](super::ReportCache)
//! of `serve` is, and a hit gives the same values a parse would, so the
//! output is the same. New entries are appended to a publisher's file
//! ([`save`]), which is written whole only when a quarter of it is out of date.
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
pub(crate) const FORMAT: u64 = 2;

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
    /// The file's stamp when it was read ([`super::stamps::stamp`]; none
    /// where there is no change time): the next build reads it only if it differs.
    pub stamp: Option<super::stamps::Stamp>,
    pub report: Arc<Report>,
    pub body: Option<Arc<RenderedBody>>,
}

/// What a load found on disk: the entries, and per file what it held
/// intact (`None`: damaged, to be written again).
pub(crate) struct Loaded {
    pub entries: HashMap<PathBuf, Kept>,
    pub chunks: BTreeMap<String, Option<Held>>,
}

/// What one intact file holds: a signature of its entries in effect (to
/// write only files that changed), the text hash of each, how many entries
/// it holds in all (the later of two for one report is in effect) and its length.
#[derive(Clone, Debug, Default)]
pub(crate) struct Held {
    signature: u64,
    hashes: HashMap<PathBuf, (u128, Option<super::stamps::Stamp>)>,
    entries: usize,
    len: u64,
}

/// A signature of the entries a file holds (to write only files that changed).
fn signature<'a>(entries: impl Iterator<Item = (&'a Path, &'a Kept)>) -> u64 {
    let mut sorted: Vec<(&Path, u128, Option<super::stamps::Stamp>)> =
        entries.map(|(p, e)| (p, e.hash, e.stamp)).collect();
    sorted.sort_unstable();
    let mut h = Fx(0);
    for (path, hash, stamp) in sorted {
        h.text(&path.to_string_lossy());
        h.word(hash as u64);
        h.word((hash >> 64) as u64);
        stamp.unwrap_or_default().iter().for_each(|&w| h.word(w));
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
    for (chunk, entries, intact, len) in files {
        let count = entries.len();
        // Entries appended later replace earlier ones of the same report.
        let in_effect: HashMap<PathBuf, Kept> = entries.into_iter().collect();
        let held = intact.then(|| Held {
            signature: signature(in_effect.iter().map(|(p, e)| (p.as_path(), e))),
            hashes: in_effect.iter().map(|(p, e)| (p.clone(), (e.hash, e.stamp))).collect(),
            entries: count,
            len,
        });
        loaded.chunks.insert(chunk, held);
        loaded.entries.extend(in_effect);
    }
    loaded
}

/// A file's folder name, its entries, whether it was intact, and its length.
type ChunkFile = (String, Vec<(PathBuf, Kept)>, bool, u64);

/// One file's entries, and whether it was intact; `None` when it is not
/// ours (another format, site or executable) or cannot be read.
fn read_file(path: &Path, key: u64) -> Option<ChunkFile> {
    // Each thread reads its files into one buffer: memory touched for the
    // first time costs more than the read on this kind of machine (a
    // virtual one zeroes, and its host backs, every new page), and the
    // entries are decoded out of it (copied).
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| {
        let mut bytes = buffer.try_borrow_mut().ok()?;
        bytes.clear();
        fs::File::open(path).and_then(|mut file| std::io::Read::read_to_end(&mut file, &mut bytes)).ok()?;
        read_entries(path, key, &bytes)
    })
}

fn read_entries(path: &Path, key: u64, bytes: &[u8]) -> Option<ChunkFile> {
    let mut r = Reader::new(bytes);
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
    Some((chunk, entries, intact, bytes.len() as u64))
}

fn decode(bytes: &[u8]) -> Option<(PathBuf, Kept)> {
    let mut r = Reader::new(bytes);
    let file = PathBuf::get(&mut r)?;
    let low = r.take(16)?;
    let hash = u128::from_le_bytes(low.try_into().ok()?);
    let stamp = match r.u8()? {
        0 => None,
        1 => Some([r.u64()?, r.u64()?, r.u64()?, r.u64()?]),
        _ => return None,
    };
    let report = Report::get(&mut r)?;
    let body = Option::<RenderedBody>::get(&mut r)?;
    if !r.is_empty() || report.file != file {
        return None;
    }
    Some((file, Kept { hash, stamp, report: Arc::new(report), body: body.map(Arc::new) }))
}

/// Writes the files whose entries differ from what `before` found, and
/// removes those of folders that no longer have reports. `entries` are the
/// reports to keep (parsed without a word to say: the caller decides).
///
/// A file that holds every report of its folder but a few is not written
/// again: the new entries are appended to it (one new month of each
/// publisher writes a few hundred kilobytes, not the whole cache). It is
/// written whole again when the entries no longer in effect (replaced or
/// of reports gone) would be more than a quarter of it.
pub(crate) fn save(folder: &Path, key: u64, entries: &[(PathBuf, Kept)], before: &BTreeMap<String, Option<Held>>) {
    let mut chunks: BTreeMap<String, Listed> = BTreeMap::new();
    for (file, entry) in entries {
        if file.to_str().is_some() {
            chunks.entry(chunk_of(file)).or_default().push((file.as_path(), entry));
        }
    }
    let changed: Vec<(&String, &Listed, Option<&Held>)> = chunks
        .iter()
        .map(|(chunk, list)| (chunk, list, before.get(chunk).and_then(Option::as_ref)))
        .filter(|(_, list, held)| held.map(|h| h.signature) != Some(signature(list.iter().copied())))
        .collect();
    if !changed.is_empty() && fs::create_dir_all(folder).is_err() {
        return;
    }
    changed.par_iter().for_each(|(chunk, list, held)| {
        let appended = held.is_some_and(|held| append_to_file(folder, key, chunk, list, held));
        if !appended {
            write_file(folder, key, chunk, list);
        }
    });
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

/// The entries of one file to be, by report file.
type Listed<'a> = Vec<(&'a Path, &'a Kept)>;

/// The first bytes of a file: what makes its entries ours.
fn header(key: u64, chunk: &str) -> Vec<u8> {
    let mut w = Writer::default();
    w.bytes.extend_from_slice(MAGIC);
    w.u64(FORMAT);
    w.u64(key);
    w.str(chunk);
    w.bytes
}

/// Entries, each with its length and checksum, one after the other, into
/// `out` as each is encoded (a file of the cache is never whole in memory).
fn put_entries(out: &mut impl std::io::Write, list: &[(&Path, &Kept)]) -> std::io::Result<()> {
    let mut sorted = list.to_vec();
    sorted.sort_unstable_by_key(|(file, _)| *file);
    let mut one = Writer::default();
    let mut head = Writer::default();
    for (file, entry) in sorted {
        let report = &entry.report;
        one.bytes.clear();
        one.str(&file.to_string_lossy());
        one.bytes.extend_from_slice(&entry.hash.to_le_bytes());
        match entry.stamp {
            None => one.u8(0),
            Some(stamp) => {
                one.u8(1);
                stamp.iter().for_each(|&w| one.u64(w));
            }
        }
        report.put(&mut one);
        // As `Option<RenderedBody>` is written, without copying the body.
        match entry.body.as_deref() {
            None => one.u8(0),
            Some(body) => {
                one.u8(1);
                body.put(&mut one);
            }
        }
        let mut h = Fx(0);
        h.bytes(&one.bytes);
        head.bytes.clear();
        head.u64(one.bytes.len() as u64);
        head.bytes.extend_from_slice(&h.0.to_le_bytes());
        out.write_all(&head.bytes)?;
        out.write_all(&one.bytes)?;
    }
    Ok(())
}

/// Appends to the file `held` describes the entries of `list` it does not
/// hold; false when it must be written whole instead (too many entries no
/// longer in effect, or the file is not the one that was read).
fn append_to_file(folder: &Path, key: u64, chunk: &str, list: &[(&Path, &Kept)], held: &Held) -> bool {
    use std::io::{Read, Write};
    let new: Vec<(&Path, &Kept)> = list
        .iter()
        .copied()
        .filter(|(file, entry)| held.hashes.get(*file) != Some(&(entry.hash, entry.stamp)))
        .collect();
    let not_in_effect = (held.entries + new.len()).saturating_sub(list.len());
    if not_in_effect * 4 > list.len() {
        return false;
    }
    let path = folder.join(file_name(chunk));
    let Ok(mut file) = fs::OpenOptions::new().read(true).append(true).open(&path) else { return false };
    // Only the very file that was read (another build may have written it since).
    let expected = header(key, chunk);
    let mut start = vec![0; expected.len()];
    let same =
        file.metadata().is_ok_and(|m| m.len() == held.len) && file.read_exact(&mut start).is_ok() && start == expected;
    if !same {
        return false;
    }
    let mut bytes = Vec::new();
    if put_entries(&mut bytes, &new).is_err() {
        return false;
    }
    // One write: a build killed during it leaves an entry cut short, which
    // the next build reads as damage (the file is then written whole).
    file.write_all(&bytes).is_ok()
}

fn write_file(folder: &Path, key: u64, chunk: &str, list: &[(&Path, &Kept)]) {
    use std::io::Write;
    let name = file_name(chunk);
    let temp = folder.join(format!(".tmp-{}-{name}", std::process::id()));
    let written = fs::File::create(&temp).and_then(|file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        out.write_all(&header(key, chunk))?;
        put_entries(&mut out, list)?;
        out.into_inner().map_err(|e| e.into_error())?;
        fs::rename(&temp, folder.join(&name))
    });
    if written.is_err() {
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

    fn kept(month: u32, text: &str) -> (PathBuf, Kept) {
        let file = PathBuf::from(format!("content/ha-noi/2014/2014-{month:02}.md"));
        let source = format!("---\ntitle: B\u{e1}o c\u{e1}o\nperiod: 2014-{month:02}\n---\n\n{text}\n");
        let mut diags = crate::diagnostics::Diagnostics::new();
        let config = crate::config::Config::parse(
            "title: T\nbase_url: https://example.org/\n",
            "site.yaml".as_ref(),
            &mut diags,
        )
        .expect("a config");
        let registry = crate::registry::Registry::default();
        let report =
            crate::content::report::parse_report(&source, &file, &config, &registry, &mut diags).expect("a report");
        let body = crate::content::markdown::render(&report.body, false);
        let hash = text_hash(&source);
        (
            file,
            Kept {
                hash,
                stamp: Some([source.len() as u64, 1, 2, 3]),
                report: Arc::new(report),
                body: Some(Arc::new(body)),
            },
        )
    }

    fn inode(path: &Path) -> u64 {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(path).map(|m| m.ino()).unwrap_or(0)
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            0
        }
    }

    /// New entries are appended to a publisher's file (the same file,
    /// longer), the later entry of a report is the one in effect, and the
    /// file is written whole again once a quarter of it is out of date.
    #[test]
    fn new_entries_are_appended_until_a_quarter_is_out_of_date() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let folder = dir.path().join("cache");
        let mut entries: Vec<(PathBuf, Kept)> = (1..=8).map(|m| kept(m, "M\u{1ed9}t.")).collect();
        save(&folder, 7, &entries, &BTreeMap::new());
        let file = folder.join(file_name("ha-noi"));
        let (first_len, first_inode) = (fs::metadata(&file).expect("written").len(), inode(&file));

        // A new month and one month edited: appended.
        let loaded = load(&folder, 7);
        assert_eq!(loaded.entries.len(), 8);
        entries.push(kept(9, "Hai."));
        entries[0] = kept(1, "S\u{1eed}a l\u{1ea1}i.");
        save(&folder, 7, &entries, &loaded.chunks);
        assert!(fs::metadata(&file).expect("kept").len() > first_len, "appended");
        assert_eq!(inode(&file), first_inode, "the same file");
        let loaded = load(&folder, 7);
        assert_eq!(loaded.entries.len(), 9);
        assert!(loaded.chunks.values().all(Option::is_some), "intact");
        let january = &loaded.entries[Path::new("content/ha-noi/2014/2014-01.md")];
        assert_eq!(january.hash, entries[0].1.hash, "the later entry is in effect");
        assert_eq!(january.stamp, entries[0].1.stamp);
        assert_eq!(january.body.as_ref().map(|b| b.plain.clone()), entries[0].1.body.as_ref().map(|b| b.plain.clone()));

        // Nothing changed: the file is left alone.
        let len = fs::metadata(&file).expect("kept").len();
        save(&folder, 7, &entries, &loaded.chunks);
        assert_eq!(fs::metadata(&file).expect("kept").len(), len);

        // Three of nine edited on top of the one replaced: written whole, each report once.
        for month in 2..=4 {
            entries[month - 1] = kept(month as u32, "Ba.");
        }
        save(&folder, 7, &entries, &loaded.chunks);
        let loaded = load(&folder, 7);
        assert_eq!(loaded.entries.len(), 9);
        let held = loaded.chunks["ha-noi"].as_ref().expect("intact");
        assert_eq!(held.entries, 9, "written whole: no entry out of date");

        // An append cut short (a build killed while writing) is damage: read past, then written whole.
        let bytes = fs::read(&file).expect("kept");
        entries.push(kept(10, "M\u{1b0}\u{1edd}i."));
        save(&folder, 7, &entries, &loaded.chunks);
        let appended = fs::read(&file).expect("kept");
        assert!(appended.len() > bytes.len());
        fs::write(&file, &appended[..appended.len() - 3]).expect("cut short");
        let loaded = load(&folder, 7);
        assert_eq!(loaded.entries.len(), 9, "the entry cut short is not used");
        assert!(loaded.chunks["ha-noi"].is_none(), "damaged");
        save(&folder, 7, &entries, &loaded.chunks);
        let loaded = load(&folder, 7);
        assert_eq!(loaded.entries.len(), 10);
        assert_eq!(loaded.chunks["ha-noi"].as_ref().map(|h| h.entries), Some(10));

        // Another key (another executable or site): not appended to, written whole.
        let loaded_other = load(&folder, 8);
        assert!(loaded_other.entries.is_empty());
        save(&folder, 8, &entries, &loaded_other.chunks);
        assert_eq!(load(&folder, 8).entries.len(), 10);
        assert!(load(&folder, 7).entries.is_empty());
    }

    #[test]
    fn the_text_hash_sees_every_byte() {
        assert_ne!(text_hash("total: 12"), text_hash("total: 13"));
        assert_eq!(text_hash("a"), text_hash("a"));
    }
}
