//! The output of a build and the only writer of it.
//!
//! [`Output`] is the site as (path, bytes) pairs, sorted by path. [`Output::write_atomic`]
//! writes it into a fresh folder beside the target and swaps it in only when
//! every file was written, so a failed build leaves the previous output as it
//! was, and files of deleted reports disappear. `serve` keeps an `Output` in
//! memory instead.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file; `path` is relative, `/`-separated.
    pub fn insert(&mut self, path: String, bytes: Vec<u8>) {
        self.files.insert(path, bytes);
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
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
}
