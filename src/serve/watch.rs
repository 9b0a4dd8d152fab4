//! Watching the site folder: which changes matter, and when a burst is over.
//!
//! [`classify`] is pure: it maps a changed path to a [`ChangeKind`], ignoring
//! hidden files, editors' side files (`.swp`, `~`, `4913`, `#name#`,
//! `.#name`) and everything outside site.yaml, content/, templates/, static/,
//! themes/ and sources/. [`Watch`] watches folders, not files (an atomic save
//! replaces the file, and a watch on a file dies with it): the site folder
//! itself without recursion, and each of those folders recursively, watched
//! again when it is created, deleted or renamed. [`Watch::next_batch`]
//! gathers events until the folder has been quiet for a moment, so a
//! `git checkout` touching a hundred files gives one rebuild. Reading the
//! site does not trigger a rebuild: access events are ignored.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// The folders watched recursively (`sources/`: the original documents
/// imported reports link to, published beside them).
pub const FOLDERS: [&str; 5] = ["content", "templates", "static", "themes", "sources"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// Not part of the site's input.
    Ignored,
    /// site.yaml.
    Config,
    /// content/indicators.yaml.
    Registry,
    /// A report, or a folder under content/ (path relative to the site folder).
    Content(PathBuf),
    /// A template (site's or theme's), or a theme folder.
    Template,
    /// A static file (site's or theme's).
    Static(PathBuf),
}

/// What a changed path means for the site. `path` may be absolute (under
/// `root`) or relative to `root`.
pub fn classify(root: &Path, path: &Path) -> ChangeKind {
    let relative = path.strip_prefix(root).unwrap_or(path);
    if relative.is_absolute() {
        return ChangeKind::Ignored;
    }
    let names: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some(file_name) = names.last() else { return ChangeKind::Ignored };
    if names.iter().any(|n| n.starts_with('.')) || is_side_file(file_name) {
        return ChangeKind::Ignored;
    }
    match names.first().map(String::as_str) {
        Some("site.yaml") if names.len() == 1 => ChangeKind::Config,
        Some("content") => classify_content(relative, &names),
        Some("templates") => ChangeKind::Template,
        // The site's own UI strings change every page, like site.yaml.
        Some("i18n") => ChangeKind::Config,
        Some("static") => ChangeKind::Static(relative.to_path_buf()),
        // An original document: published as it is, like a static file.
        Some("sources") if names.len() > 1 => ChangeKind::Static(relative.to_path_buf()),
        Some("themes") => match names.get(2).map(String::as_str) {
            Some("static") => ChangeKind::Static(relative.to_path_buf()),
            _ => ChangeKind::Template,
        },
        _ => ChangeKind::Ignored,
    }
}

fn classify_content(relative: &Path, names: &[String]) -> ChangeKind {
    if names.iter().skip(1).any(|n| n.starts_with('_')) {
        return ChangeKind::Ignored;
    }
    if names.len() == 2 && names[1] == crate::registry::FILE_NAME {
        return ChangeKind::Registry;
    }
    match relative.extension() {
        // A report, or a folder of them (folders have no extension).
        Some(ext) if ext == "md" => ChangeKind::Content(relative.to_path_buf()),
        None => ChangeKind::Content(relative.to_path_buf()),
        Some(_) => ChangeKind::Ignored,
    }
}

/// Files editors write beside the one being edited.
pub fn is_side_file(name: &str) -> bool {
    name == "4913"
        || name.ends_with('~')
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".kate-swp", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

/// The changes of one burst of events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// Events were lost: every file must be read again.
    pub rescan: bool,
    pub config: bool,
    pub registry: bool,
    pub templates: bool,
    /// Static files changed (relative paths).
    pub statics: BTreeSet<PathBuf>,
    /// Reports or folders under content/ changed (relative paths).
    pub content: BTreeSet<PathBuf>,
}

impl Batch {
    pub fn add(&mut self, kind: ChangeKind) {
        match kind {
            ChangeKind::Ignored => {}
            ChangeKind::Config => self.config = true,
            ChangeKind::Registry => self.registry = true,
            ChangeKind::Template => self.templates = true,
            ChangeKind::Static(path) => {
                self.statics.insert(path);
            }
            ChangeKind::Content(path) => {
                self.content.insert(path);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Batch::default()
    }

    /// Only templates or static files changed: the content need not be read.
    pub fn theme_only(&self) -> bool {
        !self.is_empty() && !self.rescan && !self.config && !self.registry && self.content.is_empty()
    }

    /// A few words for the terminal: "content/2014/08.md changed".
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.rescan {
            parts.push("many files".into());
        }
        if self.config {
            parts.push("site.yaml".into());
        }
        if self.registry {
            parts.push(format!("content/{}", crate::registry::FILE_NAME));
        }
        if self.templates {
            parts.push("templates".into());
        }
        for set in [&self.content, &self.statics] {
            match set.len() {
                0 => {}
                1 => parts.extend(set.iter().map(|p| p.display().to_string())),
                n => parts.push(format!("{n} files")),
            }
        }
        format!("{} changed", parts.join(", "))
    }
}

/// A notify watcher over a site folder and the receiving end of its events.
pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    pub fn start(root: &Path) -> notify::Result<Watch> {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })?;
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch { root, watcher, events, watched: BTreeSet::new() };
        watch.rewatch(&BTreeSet::new());
        Ok(watch)
    }

    /// Watches each folder that exists and is not watched yet, or that an
    /// event named (it may have been deleted and created again).
    fn rewatch(&mut self, touched: &BTreeSet<PathBuf>) {
        for name in FOLDERS {
            let folder = self.root.join(name);
            let known = self.watched.contains(&folder) && !touched.contains(&folder);
            if known {
                continue;
            }
            if self.watched.remove(&folder) {
                let _ = self.watcher.unwatch(&folder);
            }
            if folder.is_dir() && self.watcher.watch(&folder, RecursiveMode::Recursive).is_ok() {
                self.watched.insert(folder);
            }
        }
    }

    /// Blocks until a burst of relevant changes is over: `quiet` without a
    /// new event, or `max_wait` after the first; with `idle`, returns an
    /// empty batch when nothing happened for that long. `None` when the
    /// watcher stopped.
    pub fn next_batch(&mut self, quiet: Duration, max_wait: Duration, idle: Option<Duration>) -> Option<Batch> {
        let mut batch = Batch::default();
        let mut touched = BTreeSet::new();
        let mut first: Option<Instant> = None;
        loop {
            let received = match (first, idle) {
                (None, None) => self.events.recv().map_err(|_| RecvTimeoutError::Disconnected),
                (None, Some(idle)) => self.events.recv_timeout(idle),
                (Some(start), _) => {
                    let left = max_wait.saturating_sub(start.elapsed());
                    self.events.recv_timeout(quiet.min(left))
                }
            };
            match received {
                Ok(Ok(event)) => {
                    if self.add_event(&mut batch, &mut touched, event) && first.is_none() {
                        first = Some(Instant::now());
                    }
                }
                Ok(Err(_)) => {
                    batch.rescan = true;
                    first.get_or_insert_with(Instant::now);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        self.rewatch(&touched);
        Some(batch)
    }

    /// Adds one event; true when it is relevant.
    fn add_event(&self, batch: &mut Batch, touched: &mut BTreeSet<PathBuf>, event: Event) -> bool {
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        if event.need_rescan() {
            batch.rescan = true;
            return true;
        }
        let mut relevant = false;
        for path in &event.paths {
            if path.parent() == Some(self.root.as_path()) {
                touched.insert(path.clone());
            }
            let kind = classify(&self.root, path);
            relevant |= kind != ChangeKind::Ignored;
            batch.add(kind);
        }
        relevant
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        let root = Path::new("/site");
        let content = |p: &str| ChangeKind::Content(PathBuf::from(p));
        let cases: &[(&str, ChangeKind)] = &[
            ("/site/site.yaml", ChangeKind::Config),
            ("site.yaml", ChangeKind::Config),
            ("/site/content/indicators.yaml", ChangeKind::Registry),
            ("/site/content/2014/2014-08.md", content("content/2014/2014-08.md")),
            ("/site/content/2014", content("content/2014")),
            ("/site/content", content("content")),
            ("/site/content/2014/indicators.yaml", ChangeKind::Ignored),
            ("/site/content/2014/photo.jpg", ChangeKind::Ignored),
            ("/site/content/_drafts/a.md", ChangeKind::Ignored),
            ("/site/content/2014/_notes.md", ChangeKind::Ignored),
            ("/site/content/2014/.2014-08.md.swp", ChangeKind::Ignored),
            ("/site/content/2014/2014-08.md.swp", ChangeKind::Ignored),
            ("/site/content/2014/2014-08.md~", ChangeKind::Ignored),
            ("/site/content/2014/4913", ChangeKind::Ignored),
            ("/site/content/2014/#2014-08.md#", ChangeKind::Ignored),
            ("/site/content/2014/.#2014-08.md", ChangeKind::Ignored),
            ("/site/content/.git/index", ChangeKind::Ignored),
            ("/site/content/2014/a.md___jb_tmp___", ChangeKind::Ignored),
            ("/site/templates/base.html", ChangeKind::Template),
            ("/site/themes/plain/templates/base.html", ChangeKind::Template),
            ("/site/themes/plain", ChangeKind::Template),
            ("/site/static/site.css", ChangeKind::Static(PathBuf::from("static/site.css"))),
            ("/site/themes/plain/static/a.css", ChangeKind::Static(PathBuf::from("themes/plain/static/a.css"))),
            ("/site/sources/2014/bao-cao-285.doc", ChangeKind::Static(PathBuf::from("sources/2014/bao-cao-285.doc"))),
            ("/site/sources/2014/~$o-cao-285.doc", ChangeKind::Static(PathBuf::from("sources/2014/~$o-cao-285.doc"))),
            ("/site/sources", ChangeKind::Ignored),
            ("/site/public/index.html", ChangeKind::Ignored),
            ("/site/README.md", ChangeKind::Ignored),
            ("/site/.git/HEAD", ChangeKind::Ignored),
            ("/elsewhere/site.yaml", ChangeKind::Ignored),
            ("/site", ChangeKind::Ignored),
        ];
        for (path, want) in cases {
            assert_eq!(&classify(root, Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn a_batch_names_what_changed() {
        let mut batch = Batch::default();
        assert!(batch.is_empty() && !batch.theme_only());
        batch.add(ChangeKind::Static(PathBuf::from("static/a.css")));
        assert!(batch.theme_only());
        let mut batch = Batch::default();
        batch.add(ChangeKind::Ignored);
        assert!(batch.is_empty());
        batch.add(ChangeKind::Content(PathBuf::from("content/a.md")));
        assert_eq!(batch.describe(), "content/a.md changed");
        assert!(!batch.theme_only());
        batch.add(ChangeKind::Content(PathBuf::from("content/b.md")));
        batch.add(ChangeKind::Config);
        assert_eq!(batch.describe(), "site.yaml, 2 files changed");
    }
}
