//! Reading a site's theme files: `templates/`, `themes/<theme>/` and `static/`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::content::walk::relative as rel;
use crate::content::yaml::Pos;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Templates and static files found in the site folder (the embedded default
/// theme is not included: the renderer adds it beneath these).
#[derive(Debug, Default, Clone)]
pub struct ThemeFiles {
    /// (name relative to a templates folder, text); site overrides last.
    pub templates: Vec<(String, String)>,
    /// (output path, bytes): the theme's static files, then the site's.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// (template name, file relative to the site folder), as `templates`.
    pub sources: Vec<(String, PathBuf)>,
}

impl ThemeFiles {
    /// The file a template comes from, for messages: the site's override,
    /// the theme's, or the default theme built into annals.
    pub fn source(&self, template: &str) -> PathBuf {
        match self.sources.iter().rev().find(|(name, _)| name == template) {
            Some((_, file)) => file.clone(),
            None => Path::new("themes/default/templates").join(template),
        }
    }
}

pub fn load(root: &Path, theme: &str, diags: &mut Diagnostics) -> ThemeFiles {
    let mut files = ThemeFiles::default();
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        diags.push(
            Diagnostic::error(
                Path::new("site.yaml"),
                theme_line(root),
                format!("theme \"{theme}\" is not a folder under themes/"),
            )
            .with_hint("create themes/<name>/templates/, or remove the `theme:` line to use the default theme"),
        );
    }
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        for (name, path) in walk(root, &dir, diags) {
            match fs::read_to_string(&path) {
                Ok(text) => {
                    files.sources.push((name.clone(), rel(root, &path)));
                    // CRLF and a BOM from a Windows editor: the pages are the same as on Linux.
                    files.templates.push((name, super::front_matter::normalize(&text).into_owned()));
                }
                Err(err) => diags.push(Diagnostic::error(
                    &rel(root, &path),
                    Pos::default(),
                    format!("cannot read this template: {err}"),
                )),
            }
        }
    }
    for dir in [theme_dir.join("static"), root.join("static")] {
        for (name, path) in walk(root, &dir, diags) {
            match fs::read(&path) {
                Ok(bytes) => files.static_files.push((name, bytes)),
                Err(err) => diags.push(Diagnostic::error(
                    &rel(root, &path),
                    Pos::default(),
                    format!("cannot read this file: {err}"),
                )),
            }
        }
    }
    files
}

/// Where site.yaml says `theme:` (read again only when the theme is missing).
fn theme_line(root: &Path) -> Pos {
    let text = fs::read_to_string(root.join(crate::config::FILE_NAME)).unwrap_or_default();
    let node = crate::content::yaml::parse(&text, 0).ok();
    let entries = node.as_ref().and_then(|n| n.entries()).unwrap_or_default();
    entries.iter().find(|(k, _)| k.name == "theme").map_or(Pos { line: 1, column: 1 }, |(_, v)| v.pos)
}

/// Files under `dir` as (slash-separated name relative to `dir`, path),
/// sorted, skipping hidden names and links that leave the site folder.
fn walk(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    super::walk::site_files(root, dir, &['.'], diags)
        .into_iter()
        .filter_map(|path| {
            let name = path.strip_prefix(dir).ok()?;
            let name = name.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            Some((name, path))
        })
        .collect()
}
