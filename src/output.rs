//! The output of a build and the only writer of it.
//!
//! [`Output`] is the site as (path, bytes) pairs, sorted by path. [`Output::write_atomic`]
//! writes it into a fresh folder beside the target and swaps it in only when
//! every file was written, so a failed build leaves the previous output as it
//! was, and files of deleted reports disappear. `serve` keeps an `Output` in
//! memory instead: file contents are reference-counted [`Bytes`], so carrying
//! an unchanged page from one build to the next, or handing it to a response,
//! copies no bytes.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use rayon::prelude::*;

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
    /// as seen from outside: a staging folder beside `target` is filled, then
    /// renamed into place.
    pub fn write_atomic(&self, target: &Path) -> io::Result<()> {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.annals-new-{}", std::process::id()));
        let retired = parent.join(format!(".{name}.annals-old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        let result = self.write_into(&staging).and_then(|()| swap(&staging, target, &retired));
        if result.is_err() {
            let _ = fs::remove_dir_all(&staging);
        }
        result
    }

    fn write_into(&self, folder: &Path) -> io::Result<()> {
        fs::create_dir_all(folder)?;
        let mut dirs: Vec<PathBuf> =
            self.files.keys().filter_map(|p| Path::new(p).parent().map(|d| folder.join(d))).collect();
        dirs.dedup();
        for dir in &dirs {
            fs::create_dir_all(dir)?;
        }
        self.files.par_iter().try_for_each(|(path, bytes)| fs::write(folder.join(path), bytes))
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
