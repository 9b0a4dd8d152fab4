//! Incremental builds on disk: two trees, one swapped for the other.
//!
//! A full build writes every file into a fresh staging folder and swaps it
//! in (`output::Staging`). An incremental build keeps a second tree beside
//! the output, `.public.annals-spare/`, holding the build before the current
//! one. It brings that tree up to date — writing only the files whose
//! bytes differ from what it holds, and linking in, from the current output,
//! those that did not change since — and then exchanges the two folders in
//! one `renameat2(RENAME_EXCHANGE)`, as a full build does: readers see the
//! old build or the new one, never a mix, and a failed build leaves the
//! output as it was. The output that was replaced becomes the next spare.
//!
//! Each tree carries its [`State`] (`output_state`): the archive's digest, the
//! templates' hash, and every file's length and hash. The spare's state is
//! removed before the first write and written back last, so a spare whose
//! build was killed has none and is not trusted again (it is removed and
//! made afresh). No file is ever written in place: a changed file is
//! written beside its name and renamed over it, so the two trees may share
//! the files that are the same in both (hard links), and the spare costs
//! the disk space of the files that changed.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::output::{MARKER, Previous, Sink};
use crate::output_state::{Hashing, STATE, Stamp, State, stamp};
use crate::render::digest::Digest;

/// What a build was made from, known without reading the files. Kept beside
/// the output (`.public.annals-inputs.json`), not in it: it depends on the
/// machine (file times), and the output is the same on every machine. It
/// names the state it goes with, so it is never taken for another build's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Inputs {
    /// The stamp of the output's state file.
    pub state: Stamp,
    /// `content::stamps` of the site, with `sources`.
    pub stamp: u64,
    /// The originals of imported reports (relative to the site folder).
    pub sources: Vec<PathBuf>,
    /// `--base-url`, `--drafts`, `--strict`.
    pub options: u64,
    /// The build printed no diagnostic (so doing nothing says the same).
    pub quiet: bool,
}

impl Inputs {
    /// `.public.annals-inputs.json` beside `target`.
    pub(crate) fn file(target: &Path) -> PathBuf {
        beside(target, "inputs.json")
    }

    /// The inputs of the build `target` holds, if they go with its state (`state`: its stamp).
    pub(crate) fn read(target: &Path, state: Stamp) -> Option<Inputs> {
        let inputs: Inputs = serde_json::from_slice(&fs::read(Inputs::file(target)).ok()?).ok()?;
        (inputs.state == state).then_some(inputs)
    }

    /// Writes them beside `target` (through a file beside, renamed).
    pub(crate) fn write(&self, target: &Path) -> io::Result<()> {
        let file = Inputs::file(target);
        let temp = file.with_extension(format!("tmp-{}", std::process::id()));
        fs::write(&temp, serde_json::to_vec(self).map_err(io::Error::other)?)?;
        fs::rename(&temp, &file)
    }
}

/// `.public.annals-spare` beside `target`.
pub fn spare_folder(target: &Path) -> PathBuf {
    beside(target, "spare")
}

/// `.public.annals-<what>` beside `target`.
pub(crate) fn beside(target: &Path, what: &str) -> PathBuf {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    parent.join(format!(".{name}.annals-{what}"))
}

/// The spare tree being brought up to date: a [`Sink`] that writes only
/// what differs from what the spare holds.
pub(crate) struct Spare {
    target: PathBuf,
    folder: PathBuf,
    /// What the output holds (the files carried over come from it).
    live: State,
    /// What the spare holds.
    held: BTreeMap<String, Stamp>,
    /// Every file of the new build.
    made: Mutex<BTreeMap<String, Stamp>>,
    files: AtomicUsize,
    bytes: AtomicUsize,
    /// What they are now (a failed build writes the spare's state from it).
    changed: Mutex<BTreeMap<String, Stamp>>,
    committed: bool,
    temp: AtomicUsize,
    _lock: Option<fs::File>,
}

impl Spare {
    /// The spare of `target`, whose state is `live`, ready to be brought up
    /// to date; `None` when another build is using it. A spare without a
    /// trusted state is removed and made again from links to `target`'s files.
    pub(crate) fn open(target: &Path, live: State) -> io::Result<Option<Spare>> {
        let folder = spare_folder(target);
        let mut held = if fs::symlink_metadata(&folder).is_ok() {
            if crate::output::lock_is_held(&folder.join(MARKER)) {
                return Ok(None);
            }
            State::read(&folder).map(|s| s.files)
        } else {
            None
        };
        let trusted = held.is_some();
        if !trusted {
            let _ = fs::remove_dir_all(&folder);
            link_tree(target, &folder, &live)?;
            held = Some(live.files.clone());
        }
        let lock = crate::output::lock_marker(&folder.join(MARKER))?;
        if let (true, Some(held)) = (trusted, &held) {
            remove_strays(&folder, held)?;
        }
        // From here on the spare is not what its state says.
        match fs::remove_file(folder.join(STATE)) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
            _ => {}
        }
        Ok(Some(Spare {
            target: target.to_path_buf(),
            folder,
            live,
            held: held.unwrap_or_default(),
            made: Mutex::new(BTreeMap::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            changed: Mutex::new(BTreeMap::new()),
            committed: false,
            temp: AtomicUsize::new(0),
            _lock: lock,
        }))
    }

    /// What the output held (the previous build).
    pub(crate) fn live(&self) -> &State {
        &self.live
    }

    pub(crate) fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    pub(crate) fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Removes what the new build does not have, writes the state and
    /// exchanges the spare with the output; returns the files of the new
    /// build that differ from the previous build's, and the stamp of its state.
    pub(crate) fn commit(mut self, templates: u64, digest: Digest) -> io::Result<(usize, Stamp)> {
        let made = std::mem::take(&mut *self.made.lock().map_err(|_| io::Error::other("a writing thread panicked"))?);
        remove_temporary_files(&self.folder)?;
        let gone: Vec<String> = self.held.keys().filter(|p| !made.contains_key(*p)).cloned().collect();
        for path in gone {
            // Forgotten first: should removing fail, the state a failed build writes stays true.
            self.held.remove(&path);
            remove_with_empty_parents(&self.folder, &path)?;
        }
        let changed = made.iter().filter(|(p, s)| self.live.files.get(*p) != Some(s)).count()
            + self.live.files.keys().filter(|p| !made.contains_key(*p)).count();
        let state = State::new(templates, digest, made).write(&self.folder)?;
        let retired = crate::output::retired_name(&self.target);
        // From the exchange on, the spare is the previous output, with its own state.
        self.committed = true;
        crate::output::swap_keeping(&self.folder, &self.target, &retired)?;
        Ok((changed, state))
    }

    /// Notes that the spare holds `stamp` at `path` now.
    fn wrote(&self, path: &str, stamp: Stamp) -> io::Result<()> {
        self.changed.lock().map_err(|_| io::Error::other("poisoned"))?.insert(path.to_string(), stamp);
        Ok(())
    }

    fn check(path: &str) -> io::Result<()> {
        if path.is_empty() || path.starts_with('/') || path.split('/').any(|s| s == ".." || s == "." || s.is_empty()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("bad output path {path:?}")));
        }
        if path == MARKER || path == STATE {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{path} is annals' own file")));
        }
        Ok(())
    }

    /// Records `path` as made with `stamp`; true when the spare must get it.
    fn record(&self, path: &str, stamp: Stamp) -> io::Result<bool> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(stamp.0 as usize, Ordering::Relaxed);
        self.made.lock().map_err(|_| io::Error::other("poisoned"))?.insert(path.to_string(), stamp);
        Ok(self.held.get(path) != Some(&stamp))
    }

    fn temp_name(&self) -> String {
        format!(".annals-tmp-{}", self.temp.fetch_add(1, Ordering::Relaxed))
    }
}

impl Sink for Spare {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        Spare::check(path)?;
        let stamp = stamp(bytes);
        if self.record(path, stamp)? {
            replace_via(&self.folder, path, &self.temp_name(), |file| file.write_all(bytes))?;
            self.wrote(path, stamp)?;
        }
        Ok(())
    }

    fn put_with(&self, path: &str, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        Spare::check(path)?;
        // The hash is known only once written: write beside, then keep or drop.
        let temp = self.folder.join(self.temp_name());
        let mut out = Hashing::new(io::BufWriter::with_capacity(1 << 16, fs::File::create(&temp)?));
        let written = write(&mut out).and_then(|()| out.flush());
        let stamp = out.finish();
        if let Err(err) = written {
            let _ = fs::remove_file(&temp);
            return Err(err);
        }
        if self.record(path, stamp)? {
            rename_into(&self.folder, &temp, path)?;
            self.wrote(path, stamp)?;
        } else {
            fs::remove_file(&temp)?;
        }
        Ok(())
    }

    fn put_default(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let taken = self.made.lock().map_err(|_| io::Error::other("poisoned"))?.contains_key(path);
        if taken { Ok(()) } else { self.put(path, bytes) }
    }

    /// The output's file, linked into the spare unless it holds the same.
    fn carry(&self, _previous: &dyn Previous, path: &str) -> io::Result<bool> {
        let Some(&stamp) = self.live.files.get(path) else { return Ok(false) };
        Spare::check(path)?;
        if self.record(path, stamp)? {
            let temp = self.folder.join(self.temp_name());
            link_or_copy(&self.target.join(path), &temp)?;
            rename_into(&self.folder, &temp, path)?;
            self.wrote(path, stamp)?;
        }
        Ok(true)
    }
}

/// Every file under `folder` but the marker and the state, as `/`-separated paths.
fn listing(folder: &Path) -> Vec<String> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let relative = e.path().strip_prefix(folder).ok()?;
            let parts: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            Some(parts.join("/"))
        })
        .filter(|p| p != MARKER && p != STATE)
        .collect()
}

/// Whether `folder` holds exactly the files `state` names (by path: a file
/// added or removed by hand is found, one edited in place is not).
pub(crate) fn holds_exactly(folder: &Path, state: &State) -> bool {
    let found = listing(folder);
    found.len() == state.files.len() && found.iter().all(|p| state.files.contains_key(p))
}

/// Removes from `folder` every file that `held` does not name (files put
/// there by hand, which the previous output carried).
fn remove_strays(folder: &Path, held: &BTreeMap<String, Stamp>) -> io::Result<()> {
    for path in listing(folder).into_iter().filter(|p| !held.contains_key(p)) {
        remove_with_empty_parents(folder, &path)?;
    }
    Ok(())
}

/// A build that failed leaves the spare as good as before: its state says
/// what it holds now (no digest: it is only ever a spare until a commit).
impl Drop for Spare {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = remove_temporary_files(&self.folder);
        let mut files = std::mem::take(&mut self.held);
        if let Ok(changed) = self.changed.get_mut() {
            files.append(changed);
        }
        let _ = State::new(0, Digest::default(), files).write(&self.folder);
    }
}

/// Removes the files a build writes beside their names, left by a failure.
fn remove_temporary_files(folder: &Path) -> io::Result<()> {
    for entry in fs::read_dir(folder)?.flatten() {
        if entry.file_name().to_string_lossy().starts_with(".annals-tmp-") {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Writes `bytes` at `folder/path` through a file beside it (never in place).
fn replace(folder: &Path, path: &str, bytes: &[u8]) -> io::Result<()> {
    replace_via(folder, path, &format!(".annals-tmp-state-{}", std::process::id()), |f| f.write_all(bytes))
}

fn replace_via(
    folder: &Path,
    path: &str,
    temp: &str,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<()> {
    let temp = folder.join(temp);
    let mut file = fs::File::create(&temp)?;
    if let Err(err) = write(&mut file) {
        drop(file);
        let _ = fs::remove_file(&temp);
        return Err(err);
    }
    drop(file);
    rename_into(folder, &temp, path)
}

/// Renames `temp` to `folder/path`, making its folders (or replacing a
/// folder of that name) when needed.
fn rename_into(folder: &Path, temp: &Path, path: &str) -> io::Result<()> {
    let target = folder.join(path);
    match fs::rename(temp, &target) {
        Ok(()) => Ok(()),
        Err(_) if target.is_dir() => {
            fs::remove_dir_all(&target)?;
            fs::rename(temp, &target)
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound && temp.exists() => {
            if let Some(parent) = target.parent() {
                make_folders(folder, parent)?;
            }
            fs::rename(temp, &target)
        }
        Err(err) => {
            let _ = fs::remove_file(temp);
            Err(err)
        }
    }
}

/// Creates `parent` (inside `folder`), replacing a file that stands in its way.
fn make_folders(folder: &Path, parent: &Path) -> io::Result<()> {
    match fs::create_dir_all(parent) {
        Ok(()) => Ok(()),
        Err(err) => {
            // A file where a folder must be (a page became a folder).
            let mut at = parent.to_path_buf();
            while at.starts_with(folder) && at != folder {
                if at.is_file() {
                    fs::remove_file(&at)?;
                    return fs::create_dir_all(parent);
                }
                at.pop();
            }
            Err(err)
        }
    }
}

/// A hard link to `from` at `to`, or a copy where links cannot be made.
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    match fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(_) => fs::copy(from, to).map(|_| ()),
    }
}

/// Makes `folder` a copy of `target` made of links to its files.
fn link_tree(target: &Path, folder: &Path, live: &State) -> io::Result<()> {
    use rayon::prelude::*;
    fs::create_dir_all(folder)?;
    let mut folders = std::collections::BTreeSet::new();
    for path in live.files.keys() {
        let mut parent = Path::new(path).parent();
        while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
            if !folders.insert(p.to_path_buf()) {
                break;
            }
            parent = p.parent();
        }
    }
    for relative in &folders {
        match fs::create_dir(folder.join(relative)) {
            Err(err) if err.kind() != io::ErrorKind::AlreadyExists => return Err(err),
            _ => {}
        }
    }
    live.files.par_iter().try_for_each(|(path, _)| link_or_copy(&target.join(path), &folder.join(path)))?;
    replace(folder, MARKER, crate::output::MARKER_TEXT.as_bytes())
}

/// Removes `folder/path` and the folders it leaves empty.
fn remove_with_empty_parents(folder: &Path, path: &str) -> io::Result<()> {
    match fs::remove_file(folder.join(path)) {
        // A folder of the new build stands there now (a file became a folder).
        Err(_) if folder.join(path).is_dir() => return Ok(()),
        Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    let mut parent = Path::new(path).parent();
    while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
        if fs::remove_dir(folder.join(p)).is_err() {
            break;
        }
        parent = p.parent();
    }
    Ok(())
}
