//! Whether a site's input files changed since a build, without reading them.
//!
//! A stamp of every file a build may read — site.yaml, `content/`,
//! `templates/`, `static/`, `i18n/`, `themes/`, `sources/`, and the
//! originals the reports name — from its metadata only: path, size,
//! modification time and, on Unix, the change time and inode (which no tool
//! sets back). `annals build` keeps the stamp in the output's state and, when
//! nothing changed since and that build had nothing to say, does nothing.

use std::fs;
use std::path::{Path, PathBuf};

use crate::render::fingerprint::Fx;

/// The folders and files of the site a build reads.
const INPUTS: &[&str] = &["site.yaml", "content", "templates", "static", "i18n", "themes", "sources"];

/// The stamp of every input of the site at `root`, and of `extra` files
/// (relative to `root`): [`folders`] and [`files`] combined.
pub fn inputs(root: &Path, extra: &[PathBuf]) -> u64 {
    combine(folders(root), files(root, extra))
}

/// The two stamps as one.
pub fn combine(folders: u64, files: u64) -> u64 {
    let mut h = Fx(folders);
    h.word(files);
    h.0
}

/// The stamp of site.yaml and every file in the input folders.
pub fn folders(root: &Path) -> u64 {
    let mut h = Fx(0);
    for name in INPUTS {
        let walker = walkdir::WalkDir::new(root.join(name)).follow_links(true).sort_by_file_name();
        for entry in walker.into_iter().filter_map(Result::ok) {
            if let Ok(metadata) = entry.metadata() {
                h.text(&entry.path().to_string_lossy());
                stamp(&metadata).iter().for_each(|&w| h.word(w));
            }
        }
    }
    h.0
}

/// The stamp of these files (relative to `root`).
pub fn files(root: &Path, files: &[PathBuf]) -> u64 {
    let mut h = Fx(0);
    for file in files {
        h.text(&file.to_string_lossy());
        match fs::metadata(root.join(file)) {
            Ok(metadata) => stamp(&metadata).iter().for_each(|&w| h.word(w)),
            Err(_) => h.word(u64::MAX),
        }
    }
    h.0
}

/// What identifies a file's version without reading it ([`stamp`]).
pub(crate) type Stamp = [u64; 4];

/// A file's size, modification time and, on Unix, change time and inode.
pub(crate) fn stamp(metadata: &fs::Metadata) -> Stamp {
    let nanos = |t: std::io::Result<std::time::SystemTime>| {
        t.ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as u64)
    };
    #[cfg(unix)]
    let (changed, inode) = {
        use std::os::unix::fs::MetadataExt;
        (
            (metadata.ctime() as u64).wrapping_mul(1_000_000_000).wrapping_add(metadata.ctime_nsec() as u64),
            metadata.ino(),
        )
    };
    #[cfg(not(unix))]
    let (changed, inode) = (0, 0);
    [metadata.len() | (u64::from(metadata.is_dir()) << 63), nanos(metadata.modified()), changed, inode]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_of_an_input_changes_the_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content/2014")).unwrap();
        fs::write(root.join("site.yaml"), "title: T\n").unwrap();
        fs::write(root.join("content/2014/a.md"), "one").unwrap();
        fs::write(root.join("notes.txt"), "not an input").unwrap();
        let first = inputs(root, &[]);
        assert_eq!(first, inputs(root, &[]), "nothing changed");
        fs::write(root.join("notes.txt"), "still not an input").unwrap();
        assert_eq!(first, inputs(root, &[]), "not an input");
        // Same size, same text: a rewrite still changes the change time.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(root.join("content/2014/a.md"), "one").unwrap();
        let rewritten = inputs(root, &[]);
        assert_ne!(first, rewritten, "rewritten");
        fs::write(root.join("content/2014/b.md"), "two").unwrap();
        assert_ne!(rewritten, inputs(root, &[]), "a new file");
        let with_extra = inputs(root, &[PathBuf::from("notes.txt")]);
        assert_ne!(with_extra, inputs(root, &[]), "an original the reports name");
    }
}
