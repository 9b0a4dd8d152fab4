//! The chart images already made, kept beside the output so that no build
//! (full or incremental) and no `serve` rasterizes the same SVG twice.
//!
//! `.public.annals-charts/` (named after the output folder, like the spare
//! tree, so the `.gitignore` line `annals init` writes covers it) holds one
//! `<key>.png` per SVG, `key` being [`raster::key`]: a digest of the SVG,
//! the fonts, the rasterizer's settings and the annals version. A PNG taken
//! from it is checked whole ([`raster::intact`]) before it is used; one
//! that is not is made again and put right. Nothing here can fail a build:
//! a folder that cannot be read or written only costs the time to
//! rasterize. A full build then removes what it did not use and that is
//! older than [`KEEP_DAYS`] days (so `serve`, whose images name the preview
//! address, keeps its own between sessions).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use crate::render::raster::{self, Store};

/// A kept image not used for this long is removed by the next full build.
pub(crate) const KEEP_DAYS: u64 = 7;

/// The chart cache of one output folder.
pub(crate) struct ChartCache {
    folder: PathBuf,
    /// The keys this build asked for or kept.
    used: Mutex<BTreeSet<String>>,
    temp: AtomicUsize,
    /// Images taken from the cache, and made.
    hits: AtomicUsize,
    made: AtomicUsize,
}

impl ChartCache {
    /// The cache beside `target` (the output folder): `.<name>.annals-charts/`.
    pub(crate) fn beside(target: &Path) -> ChartCache {
        ChartCache::at(crate::output_spare::beside(target, "charts"))
    }

    /// The cache in `folder`.
    pub(crate) fn at(folder: PathBuf) -> ChartCache {
        ChartCache {
            folder,
            used: Mutex::new(BTreeSet::new()),
            temp: AtomicUsize::new(0),
            hits: AtomicUsize::new(0),
            made: AtomicUsize::new(0),
        }
    }

    /// (taken from the cache, made) so far: what the tests look at.
    #[cfg(test)]
    fn counts(&self) -> (usize, usize) {
        (self.hits.load(Ordering::Relaxed), self.made.load(Ordering::Relaxed))
    }

    fn file(&self, key: &str) -> Option<PathBuf> {
        // Our own keys only: 64 hex digits, nothing that could leave the folder.
        (key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit())).then(|| self.folder.join(format!("{key}.png")))
    }

    fn note(&self, key: &str) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key.to_string());
        }
    }

    /// Removes the images this build did not use that were last used more
    /// than [`KEEP_DAYS`] days ago, and what interrupted writes left.
    pub(crate) fn prune(&self) {
        let Ok(used) = self.used.lock() else { return };
        let Ok(entries) = fs::read_dir(&self.folder) else { return };
        let old = SystemTime::now().checked_sub(Duration::from_secs(KEEP_DAYS * 24 * 3600));
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let keep = match name.strip_suffix(".png") {
                Some(key) if used.contains(key) => true,
                Some(_) => {
                    let modified = entry.metadata().and_then(|m| m.modified()).ok();
                    matches!((modified, old), (Some(m), Some(old)) if m > old)
                }
                // A temporary file of a build still running is young.
                None => name.starts_with(".tmp-") && is_young(&entry),
            };
            if !keep {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

fn is_young(entry: &fs::DirEntry) -> bool {
    let modified = entry.metadata().and_then(|m| m.modified()).ok();
    modified.and_then(|m| m.elapsed().ok()).is_some_and(|age| age < Duration::from_secs(3600))
}

impl Store for ChartCache {
    fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.note(key);
        let file = self.file(key)?;
        let bytes = fs::read(&file).ok()?;
        if raster::intact(&bytes) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            // Used now: the next prune keeps it for another while.
            if let Ok(f) = fs::File::options().append(true).open(&file) {
                let _ = f.set_modified(SystemTime::now());
            }
        }
        Some(bytes)
    }

    fn put(&self, key: &str, png: &[u8]) {
        self.note(key);
        self.made.fetch_add(1, Ordering::Relaxed);
        let Some(file) = self.file(key) else { return };
        // Through a file beside, renamed: a reader never sees half an image.
        let temp =
            self.folder.join(format!(".tmp-{}-{}", std::process::id(), self.temp.fetch_add(1, Ordering::Relaxed)));
        let written = fs::create_dir_all(&self.folder).and_then(|()| fs::write(&temp, png));
        if written.and_then(|()| fs::rename(&temp, &file)).is_err() {
            let _ = fs::remove_file(&temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\">\
                       <circle cx=\"10\" cy=\"10\" r=\"6\" fill=\"#17375e\"/></svg>";

    #[test]
    fn an_image_is_kept_and_taken_back_and_a_damaged_one_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ChartCache::at(dir.path().join("charts"));
        let made = raster::png_kept(SVG, &cache).unwrap();
        assert_eq!(cache.counts(), (0, 1));
        let file = dir.path().join("charts").join(format!("{}.png", raster::key(SVG)));
        assert_eq!(fs::read(&file).unwrap(), made);
        assert_eq!(raster::png_kept(SVG, &cache).unwrap(), made);
        assert_eq!(cache.counts(), (1, 1));
        // Cut short, emptied, or a folder in its place: made again, never a panic.
        fs::write(&file, &made[..made.len() / 3]).unwrap();
        assert_eq!(raster::png_kept(SVG, &cache).unwrap(), made);
        assert_eq!(fs::read(&file).unwrap(), made, "put right");
        fs::write(&file, b"").unwrap();
        assert_eq!(raster::png_kept(SVG, &cache).unwrap(), made);
        fs::remove_file(&file).unwrap();
        fs::create_dir(&file).unwrap();
        assert_eq!(raster::png_kept(SVG, &cache).unwrap(), made);
    }

    #[test]
    fn a_cache_that_cannot_be_written_costs_only_time() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the folder should be.
        fs::write(dir.path().join("charts"), b"in the way").unwrap();
        let cache = ChartCache::at(dir.path().join("charts"));
        assert_eq!(raster::png_kept(SVG, &cache).unwrap(), raster::png(SVG).unwrap());
        cache.prune();
        assert_eq!(fs::read(dir.path().join("charts")).unwrap(), b"in the way");
    }

    #[test]
    fn pruning_keeps_what_was_used_and_what_is_recent() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("charts");
        let first = ChartCache::at(folder.clone());
        raster::png_kept(SVG, &first).unwrap();
        let other = SVG.replace("#17375e", "#c0392b");
        raster::png_kept(&other, &first).unwrap();
        let stale = folder.join(format!("{}.png", "0".repeat(64)));
        fs::write(&stale, b"old").unwrap();
        let long_ago = SystemTime::now() - Duration::from_secs((KEEP_DAYS + 1) * 24 * 3600);
        fs::File::options().append(true).open(&stale).unwrap().set_modified(long_ago).unwrap();
        fs::write(folder.join("stray.txt"), b"?").unwrap();
        // A second build uses only the first image.
        let second = ChartCache::at(folder.clone());
        raster::png_kept(SVG, &second).unwrap();
        second.prune();
        let mut left: Vec<String> =
            fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        left.sort();
        let mut expected = vec![format!("{}.png", raster::key(SVG)), format!("{}.png", raster::key(&other))];
        expected.sort();
        assert_eq!(left, expected, "the unused recent one stays, the old one and the stray go");
    }
}
