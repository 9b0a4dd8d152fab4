//! The output of a build and the only writer of it.
//!
//! Rendering hands every file to a [`Sink`] as soon as it is made, from many
//! threads at once. `annals build` uses a [`Staging`] folder: each file is
//! written as it arrives into a fresh folder beside the target, which is
//! swapped in only when every file was written, so a failed build leaves the
//! previous output as it was, files of deleted reports disappear, and no
//! more than a few pages are ever held in memory. `serve` collects the files
//! into an [`Output`] instead (a `Mutex<Output>` is a sink): file contents are
//! reference-counted [`Bytes`], so carrying an unchanged page from one build
//! to the next, or handing it to a response, copies no bytes.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use rayon::prelude::*;

/// Where rendered files go, from many threads at once. A path is relative
/// and `/`-separated; a path given twice keeps the last bytes, but the
/// renderer never gives one twice except through [`Sink::put_default`].
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Writes a large file piece by piece (default: in memory, then [`Sink::put`]).
    fn put_with(&self, path: &str, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(path, &bytes)
    }

    /// Writes a file unless one was already put at `path` (static files
    /// give way to generated ones).
    fn put_default(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Copies an unchanged file from the previous output; false when it has
    /// no such file.
    fn carry(&self, previous: &Output, path: &str) -> io::Result<bool> {
        match previous.get(path) {
            Some(bytes) => self.put(path, bytes).map(|()| true),
            None => Ok(false),
        }
    }
}

impl Sink for Mutex<Output> {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let bytes = Bytes::copy_from_slice(bytes);
        self.lock().map_err(|_| io::Error::other("poisoned"))?.files.insert(path.to_string(), bytes);
        Ok(())
    }

    fn put_default(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let mut output = self.lock().map_err(|_| io::Error::other("poisoned"))?;
        if !output.files.contains_key(path) {
            output.files.insert(path.to_string(), Bytes::copy_from_slice(bytes));
        }
        Ok(())
    }

    fn carry(&self, previous: &Output, path: &str) -> io::Result<bool> {
        Ok(self.lock().map_err(|_| io::Error::other("poisoned"))?.carry(previous, path))
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    files: BTreeMap<String, Bytes>,
}

impl Output {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file; `path` is relative, `/`-separated.
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) {
        self.files.insert(path, Bytes::from(bytes));
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| b.as_ref())
    }

    /// A file's bytes, shared (no copy).
    pub fn get_shared(&self, path: &str) -> Option<Bytes> {
        self.files.get(path).cloned()
    }

    /// Copies the file at `path` from `previous` (sharing its bytes);
    /// false when `previous` has no such file.
    pub fn carry(&mut self, previous: &Output, path: &str) -> bool {
        match previous.files.get(path) {
            Some(bytes) => {
                self.files.insert(path.to_string(), bytes.clone());
                true
            }
            None => false,
        }
    }

    /// Replaces the first `from` found in the last `tail` bytes of every
    /// file whose path ends with `suffix` by `to` (in parallel). serve uses
    /// it to give the pages it carried over the search index's new version,
    /// which every page names at its end.
    pub fn replace_near_end(&mut self, suffix: &str, tail: usize, from: &[u8], to: &[u8]) {
        use rayon::prelude::*;
        if from.is_empty() || from == to {
            return;
        }
        let patched: Vec<(String, Bytes)> = self
            .files
            .par_iter()
            .filter(|(path, _)| path.ends_with(suffix))
            .filter_map(|(path, bytes)| {
                let start = bytes.len().saturating_sub(tail);
                let at = bytes[start..].windows(from.len()).rposition(|w| w == from)? + start;
                let mut new = Vec::with_capacity(bytes.len() + to.len() - from.len().min(to.len()));
                new.extend_from_slice(&bytes[..at]);
                new.extend_from_slice(to);
                new.extend_from_slice(&bytes[at + from.len()..]);
                Some((path.clone(), Bytes::from(new)))
            })
            .collect();
        self.files.extend(patched);
    }

    /// Keeps only the files whose path `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.files.retain(|path, _| keep(path));
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Bytes::len).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_ref()))
    }

    /// Paths that differ between `self` and `newer`: added, removed or changed.
    /// Files carried from one output to the other are compared by pointer.
    pub fn differences(&self, newer: &Output) -> Vec<String> {
        let same = |a: &Bytes, b: &Bytes| (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b;
        let mut changed: Vec<String> = newer
            .files
            .iter()
            .filter(|(path, bytes)| self.files.get(*path).is_none_or(|old| !same(old, bytes)))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(self.files.keys().filter(|p| !newer.files.contains_key(*p)).cloned());
        changed.sort();
        changed
    }

    /// Writes every file into `target`, replacing what was there, atomically
    /// as seen from outside (through a [`Staging`] folder).
    pub fn write_atomic(&self, target: &Path) -> io::Result<()> {
        let staging = Staging::new(target)?;
        self.files.par_iter().try_for_each(|(path, bytes)| staging.put(path, bytes))?;
        staging.commit()
    }
}

/// A folder beside the target that a build fills, file by file, from many
/// threads; [`Staging::commit`] renames it into place. Dropped without a
/// commit (an error, a panic), it removes itself: the target is untouched.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    folder: PathBuf,
    written: Mutex<std::collections::HashSet<String>>,
    files: AtomicUsize,
    bytes: AtomicUsize,
    committed: bool,
}

impl Staging {
    /// An empty staging folder for `target` (whose parent is created).
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let folder = parent.join(format!(".{name}.annals-new-{}", std::process::id()));
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder)?;
        Ok(Staging {
            target: target.to_path_buf(),
            folder,
            written: Mutex::default(),
            files: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Files written so far.
    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Swaps the filled folder in for the target.
    pub fn commit(mut self) -> io::Result<()> {
        let parent = self.folder.parent().unwrap_or(Path::new(".")).to_path_buf();
        let name = self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let retired = parent.join(format!(".{name}.annals-old-{}", std::process::id()));
        swap(&self.folder, &self.target, &retired)?;
        self.committed = true;
        Ok(())
    }

    /// Creates the file, and its folders when they are missing.
    fn create(&self, path: &str) -> io::Result<fs::File> {
        if path.is_empty() || path.starts_with('/') || path.split('/').any(|s| s == ".." || s == ".") {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("bad output path {path:?}")));
        }
        let full = self.folder.join(path);
        self.written.lock().map_err(|_| io::Error::other("poisoned"))?.insert(path.to_string());
        self.files.fetch_add(1, Ordering::Relaxed);
        match fs::File::create(&full) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = full.parent() {
                    fs::create_dir_all(dir)?;
                }
                fs::File::create(&full)
            }
            other => other,
        }
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.create(path)?.write_all(bytes)?;
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok(())
    }

    fn put_with(&self, path: &str, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        let mut out = Counted { inner: io::BufWriter::with_capacity(1 << 16, self.create(path)?), bytes: 0 };
        write(&mut out)?;
        out.flush()?;
        self.bytes.fetch_add(out.bytes, Ordering::Relaxed);
        Ok(())
    }

    fn put_default(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let taken = self.written.lock().map_err(|_| io::Error::other("poisoned"))?.contains(path);
        if taken { Ok(()) } else { self.put(path, bytes) }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.folder);
        }
    }
}

/// A writer that counts what goes through it.
struct Counted<W: Write> {
    inner: W,
    bytes: usize,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn swap(staging: &Path, target: &Path, retired: &Path) -> io::Result<()> {
    if target.exists() {
        fs::rename(target, retired)?;
        if let Err(err) = fs::rename(staging, target) {
            let _ = fs::rename(retired, target);
            return Err(err);
        }
        fs::remove_dir_all(retired)
    } else {
        fs::rename(staging, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let mut first = Output::new();
        first.insert("a/index.html".into(), b"one".to_vec());
        first.insert("old.html".into(), b"old".to_vec());
        first.write_atomic(&target).unwrap();
        let mut second = Output::new();
        second.insert("a/index.html".into(), b"two".to_vec());
        second.write_atomic(&target).unwrap();
        assert_eq!(fs::read(target.join("a/index.html")).unwrap(), b"two");
        assert!(!target.join("old.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn differences_list_added_removed_and_changed_files() {
        let mut old = Output::new();
        old.insert("same.html".into(), b"s".to_vec());
        old.insert("changed.css".into(), b"a".to_vec());
        old.insert("gone.html".into(), b"g".to_vec());
        let mut new = Output::new();
        assert!(new.carry(&old, "same.html"));
        assert!(!new.carry(&old, "missing.html"));
        new.insert("changed.css".into(), b"b".to_vec());
        new.insert("added.html".into(), b"n".to_vec());
        assert_eq!(old.differences(&new), vec!["added.html", "changed.css", "gone.html"]);
        assert!(new.differences(&new.clone()).is_empty());
    }
}
