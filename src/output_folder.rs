//! Which folder `annals build` may replace: the output is only ever an output.
//!
//! A build replaces its `--out` folder whole, so a wrong `--out` would eat
//! what it names. [`check`] allows only a folder annals made itself (it
//! carries [`MARKER`](crate::output::MARKER)), an empty folder, or a path
//! that does not exist yet; and never a file, the site folder or a folder
//! holding it, a folder of the site (content/, static/, templates/,
//! themes/, .git/, docs/ …), or a path inside one of them. Pure but for
//! reading what exists; the message names the path and why.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::output::is_marked_output;

/// Why `out` may not be the output of the site at `root`; `Ok` when it may.
pub(crate) fn check(root: &Path, out: &Path) -> Result<(), String> {
    let shown = out.display();
    let root_abs = fs::canonicalize(root).unwrap_or_else(|_| absolute(root));
    let out_abs = resolve_existing_prefix(&absolute(out));
    if root_abs.starts_with(&out_abs) {
        let what =
            if root_abs == out_abs { "holds the site folder (it is the site folder)" } else { "holds the site folder" };
        return Err(format!("the output folder {shown} {what}: building would delete the site"));
    }
    let metadata = fs::metadata(out).ok();
    if metadata.as_ref().is_some_and(|m| !m.is_dir()) {
        return Err(format!(
            "the output {shown} is a file, not a folder: building would replace the file with the site"
        ));
    }
    if let Ok(inside) = out_abs.strip_prefix(&root_abs) {
        inside_the_site(&root_abs, inside, out)?;
    }
    if metadata.is_some() && !is_marked_output(out) && !is_empty_folder(out) {
        return Err(format!(
            "the output folder {shown} already holds files and was not made by `annals build` (it has no {}): \
             building would delete them",
            crate::output::MARKER
        ));
    }
    Ok(())
}

/// The names in a site folder that belong to the site, not to an output.
const SITE_NAMES: &[&str] = &["site.yaml", "content", "static", "templates", "themes", "i18n", "docs"];

/// `inside` is `out` relative to the site folder (not empty).
fn inside_the_site(root: &Path, inside: &Path, out: &Path) -> Result<(), String> {
    let shown = out.display();
    let Some(Component::Normal(first)) = inside.components().next() else { return Ok(()) };
    let first = first.to_string_lossy();
    if first == "content" {
        return Err(format!("the output folder {shown} is inside content/: its pages would be read as reports"));
    }
    if SITE_NAMES.contains(&first.as_ref()) || first.starts_with('.') {
        let whole = inside.components().count() == 1;
        let place = if whole { "is" } else { "is inside" };
        return Err(format!(
            "the output folder {shown} {place} `{first}` of the site folder: building would replace what the site is made of"
        ));
    }
    // A new output may not go inside a folder that is already there (another
    // output, a folder of the writer's own): the next build of that one
    // would delete it, or it would be published with the site's files.
    let mut ancestor = root.to_path_buf();
    let components: Vec<Component> = inside.components().collect();
    for component in &components[..components.len() - 1] {
        ancestor.push(component);
        if ancestor.is_dir() {
            let relative = ancestor.strip_prefix(root).unwrap_or(&ancestor).display().to_string();
            return Err(format!(
                "the output folder {shown} is inside `{relative}` of the site folder: pass a folder of its own, \
                 directly in the site folder or outside it"
            ));
        }
    }
    Ok(())
}

fn is_empty_folder(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

fn absolute(path: &Path) -> PathBuf {
    let path =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    normalize(&path)
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Canonicalizes the longest existing prefix of `path` (resolving links), keeping the rest.
fn resolve_existing_prefix(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while fs::symlink_metadata(&existing).is_err() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_of_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for folder in ["content", "static", "templates", "themes/default", ".git", "docs", "made", "mine"] {
            fs::create_dir_all(root.join(folder)).unwrap();
        }
        fs::write(root.join("site.yaml"), "title: t\n").unwrap();
        fs::write(root.join("made").join(crate::output::MARKER), "").unwrap();
        fs::write(root.join("made/index.html"), "").unwrap();
        fs::write(root.join("mine/notes.txt"), "").unwrap();
        fs::create_dir_all(root.join("empty")).unwrap();
        let ok = ["public", "made", "empty", "new/deeper"];
        for out in ok {
            assert_eq!(check(&root, &root.join(out)), Ok(()), "{out}");
        }
        assert_eq!(check(&root, &dir.path().join("elsewhere")), Ok(()));
        let refused = [
            ("site.yaml", "is a file, not a folder"),
            ("static", "is `static` of the site folder"),
            ("templates", "is `templates` of the site folder"),
            ("themes", "is `themes` of the site folder"),
            ("themes/default", "is inside `themes` of the site folder"),
            (".git", "is `.git` of the site folder"),
            ("docs", "is `docs` of the site folder"),
            ("content", "is inside content/"),
            ("content/public", "is inside content/"),
            ("mine", "already holds files and was not made by `annals build`"),
            ("made/sub", "is inside `made` of the site folder"),
            (".", "holds the site folder (it is the site folder)"),
            ("..", "holds the site folder"),
        ];
        for (out, why) in refused {
            let err = check(&root, &root.join(out)).expect_err(out);
            assert!(err.contains(why), "{out}: {err}");
            assert!(err.contains(&root.join(out).display().to_string()), "{out}: {err}");
        }
        assert!(check(&root, Path::new("/")).unwrap_err().contains("holds the site folder"));
    }
}
