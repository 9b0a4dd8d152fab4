//! Windows fallbacks for the output swap in `output.rs`.
//!
//! Windows refuses to rename a folder while any program has a file in it
//! open, or has it as its current folder: an antivirus scanning the files
//! just written, the search indexer, Explorer's preview pane, a second web
//! server, a Command Prompt `cd`'d into `public`. The first kind lets go
//! within a moment, so [`rename_patiently`] retries for about two seconds.
//! When the target folder stays held, [`replace_in_place`] moves the new
//! files into it one by one (each file still replaced whole, by a rename)
//! and removes the files the new output no longer has: not atomic as a
//! whole, but the best the system allows, and what the user asked for.
//!
//! Compiled everywhere, so its tests run on Linux; only Windows calls it
//! (output.rs), so the swap elsewhere is exactly as it was (and elsewhere
//! the compiler sees it unused: dead-code warnings are off here only).

#![cfg_attr(not(windows), allow(dead_code))]

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Waits between tries of a refused rename: about two seconds in all.
const WAITS_MS: [u64; 7] = [20, 50, 100, 200, 350, 500, 800];

/// Whether `err` is Windows saying that another program holds the file.
pub(crate) fn is_held(err: &io::Error) -> bool {
    // ERROR_ACCESS_DENIED (5), ERROR_SHARING_VIOLATION (32), ERROR_LOCK_VIOLATION (33).
    err.kind() == io::ErrorKind::PermissionDenied || (cfg!(windows) && matches!(err.raw_os_error(), Some(5 | 32 | 33)))
}

/// `fs::rename`, tried again for a moment while the file is held.
pub(crate) fn rename_patiently(from: &Path, to: &Path) -> io::Result<()> {
    for wait in WAITS_MS {
        match fs::rename(from, to) {
            Err(err) if is_held(&err) => std::thread::sleep(Duration::from_millis(wait)),
            other => return other,
        }
    }
    fs::rename(from, to)
}

/// Makes `target` hold exactly the files of `staging`, file by file, then
/// removes `staging`. An error names the file that could not be replaced.
pub(crate) fn replace_in_place(staging: &Path, target: &Path) -> io::Result<()> {
    let new_files = files_under(staging)?;
    for relative in &new_files {
        let (from, to) = (staging.join(relative), target.join(relative));
        if let Some(parent) = to.parent() {
            make_folder(parent, target)?;
        }
        if to.is_dir() {
            fs::remove_dir_all(&to).map_err(|e| named(&to, e))?;
        }
        rename_patiently(&from, &to).map_err(|e| named(&to, e))?;
    }
    let keep: BTreeSet<&PathBuf> = new_files.iter().collect();
    for relative in files_under(target)?.iter().filter(|f| !keep.contains(f)) {
        let path = target.join(relative);
        fs::remove_file(&path).map_err(|e| named(&path, e))?;
    }
    remove_empty_folders(target, target, staging)?;
    fs::remove_dir_all(staging)
}

/// Creates `folder` (under `target`), replacing a file that has its name.
fn make_folder(folder: &Path, target: &Path) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut at = folder;
    while at != target && !at.is_dir() {
        missing.push(at);
        match at.parent() {
            Some(parent) => at = parent,
            None => break,
        }
    }
    for path in missing.into_iter().rev() {
        if path.is_file() {
            fs::remove_file(path).map_err(|e| named(path, e))?;
        }
        fs::create_dir(path).map_err(|e| named(path, e))?;
    }
    Ok(())
}

/// Removes the folders of `target` that are empty and absent from `staging`.
fn remove_empty_folders(folder: &Path, target: &Path, staging: &Path) -> io::Result<()> {
    for entry in fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_empty_folders(&path, target, staging)?;
            let relative = path.strip_prefix(target).unwrap_or(&path);
            let empty = fs::read_dir(&path)?.next().is_none();
            if empty && !staging.join(relative).is_dir() {
                fs::remove_dir(&path).map_err(|e| named(&path, e))?;
            }
        }
    }
    Ok(())
}

/// Every file under `root`, relative to it, sorted.
fn files_under(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                folders.push(path);
            } else {
                files.push(path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path));
            }
        }
    }
    files.sort();
    Ok(files)
}

fn named(path: &Path, err: io::Error) -> io::Error {
    let hint = if is_held(&err) { " (is it open in another program? close it and build again)" } else { "" };
    io::Error::new(err.kind(), format!("{}: {err}{hint}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn listing(root: &Path) -> Vec<(String, String)> {
        files_under(root)
            .unwrap()
            .into_iter()
            .map(|f| {
                let text = fs::read_to_string(root.join(&f)).unwrap();
                (f.to_string_lossy().replace('\\', "/"), text)
            })
            .collect()
    }

    #[test]
    fn the_target_ends_with_exactly_the_new_files() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, target) = (dir.path().join(".public.new"), dir.path().join("public"));
        write(&target, "index.html", "old home");
        write(&target, "2014/08/index.html", "old report");
        write(&target, "gone/index.html", "a deleted report");
        write(&target, "static/app.css", "old css");
        write(&target, "was-a-file", "a file where a folder comes");
        write(&target, "was-a-folder/x.html", "a folder where a file comes");
        write(&staging, "index.html", "new home");
        write(&staging, "2014/08/index.html", "new report");
        write(&staging, "static/app.css", "new css");
        write(&staging, "was-a-file/index.html", "now a folder");
        write(&staging, "was-a-folder", "now a file");
        fs::create_dir_all(staging.join("empty-but-new")).unwrap();
        replace_in_place(&staging, &target).unwrap();
        assert_eq!(
            listing(&target),
            [
                ("2014/08/index.html", "new report"),
                ("index.html", "new home"),
                ("static/app.css", "new css"),
                ("was-a-file/index.html", "now a folder"),
                ("was-a-folder", "now a file"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        assert!(!target.join("gone").exists(), "the emptied folder of a deleted report is removed");
        assert!(!staging.exists(), "the staging folder is removed");
    }

    #[test]
    fn a_rename_that_cannot_happen_fails_at_once_with_its_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = rename_patiently(&dir.path().join("missing"), &dir.path().join("b")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(!is_held(&err));
        assert!(is_held(&io::Error::from(io::ErrorKind::PermissionDenied)));
    }
}
