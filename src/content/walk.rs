//! The one walker of the site folder: every file under a folder, sorted by
//! name, skipping names that start with one of the given characters, and
//! refusing symbolic links that lead out of the site folder (an error at
//! the link) and entries it cannot read (an error naming them).

use std::fs;
use std::path::{Path, PathBuf};

use crate::content::yaml::Pos;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The files under `dir` (a folder inside the site folder `root`), as
/// full paths, sorted by name at each depth. Names starting with a
/// character of `skip` are left out, files and folders alike.
pub fn site_files(root: &Path, dir: &Path, skip: &[char], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let canonical_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with(skip));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map_or_else(|| relative(root, dir), |p| relative(root, p));
                let message = if err.loop_ancestor().is_some() {
                    "this symbolic link makes a loop".to_string()
                } else {
                    format!("cannot read this: {}", err.io_error().map_or(err.to_string(), |e| e.to_string()))
                };
                diags.push(
                    Diagnostic::error(&path, Pos::default(), message).with_hint("remove it or fix its permissions"),
                );
                continue;
            }
        };
        if entry.path_is_symlink() && !fs::canonicalize(entry.path()).is_ok_and(|t| t.starts_with(&canonical_root)) {
            diags.push(
                Diagnostic::error(
                    &relative(root, entry.path()),
                    Pos::default(),
                    "this symbolic link leads out of the site folder, so it is not read",
                )
                .with_hint("copy the file into the site folder instead of linking to it"),
            );
            continue;
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    files
}

/// `path` relative to the site folder `root` (as given when it is outside).
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_files_without_skipped_names() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path();
        for file in [
            "content/b.md",
            "content/a/z.md",
            "content/_drafts/x.md",
            "content/.git/y",
            "content/.hidden.md",
            "content/_n.md",
            "content/c.txt",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            fs::write(path, "x").expect("file");
        }
        let names = |skip: &[char]| {
            let mut diags = Diagnostics::new();
            let files = site_files(root, &root.join("content"), skip, &mut diags);
            assert!(diags.is_empty(), "{diags:?}");
            files.iter().map(|p| relative(root, p).to_string_lossy().replace('\\', "/")).collect::<Vec<_>>()
        };
        assert_eq!(names(&['.', '_']), ["content/a/z.md", "content/b.md", "content/c.txt"]);
        assert_eq!(
            names(&['.']),
            ["content/_drafts/x.md", "content/_n.md", "content/a/z.md", "content/b.md", "content/c.txt"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_folder_are_errors() {
        let outside = tempfile::tempdir().expect("temporary folder");
        fs::write(outside.path().join("secret.md"), "x").expect("file");
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path();
        fs::create_dir_all(root.join("static")).expect("folder");
        fs::write(root.join("static/in.txt"), "x").expect("file");
        std::os::unix::fs::symlink(outside.path().join("secret.md"), root.join("static/out.md")).expect("link");
        std::os::unix::fs::symlink(root.join("static/in.txt"), root.join("static/same.txt")).expect("link");
        let mut diags = Diagnostics::new();
        let files = site_files(root, &root.join("static"), &['.'], &mut diags);
        let names: Vec<_> = files.iter().map(|p| relative(root, p)).collect();
        assert_eq!(names, [PathBuf::from("static/in.txt"), PathBuf::from("static/same.txt")]);
        let problems: Vec<String> = diags.iter().map(|d| format!("{}: {}", d.file.display(), d.message)).collect();
        assert_eq!(problems, ["static/out.md: this symbolic link leads out of the site folder, so it is not read"]);
    }
}
