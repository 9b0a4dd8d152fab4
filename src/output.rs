//! The output of a build and the only writer of it.
//!
//! Rendering hands every file to a [`Sink`] as soon as it is made, from many
//! threads at once. `annals build` uses a [`Staging`] folder: each file is
//! written as it arrives into a fresh folder beside the target, which is
//! swapped in only when every file was written, so a failed build leaves the
//! previous output as it was, files of deleted reports disappear, and no
//! more than a few pages are ever held in memory. `serve` collects the files
//! into an [`Output`] instead (a `Mutex<Output>` is a sink): file contents are
//! reference-counted [`Bytes`], so carrying an unchanged page from one build
//! to the next, or handing it to a response, copies no bytes.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;

/// Where rendered files go, from many threads at once. A path is relative
/// and `/`-separated; a path given twice keeps the last bytes, but the
/// renderer never gives one twice except through [`Sink::put_default`].
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Writes a large file piece by piece (default: in memory, then [`Sink::put`]).
    fn put_with(&self, path: &str, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(path, &bytes)
    }

    /// Writes a file unless one was already put at `path` (static files
    /// give way to generated ones).
    fn put_default(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Copies an unchanged file from the previous output; false when it has
    /// no such file.
    fn carry(&self, previous: &dyn Previous, path: &str) -> io::Result<bool> {
        match previous.bytes(path) {
            Some(bytes) => self.put(path, bytes).map(|()| true),
            None => Ok(false),
        }
    }
}

/// The output a rebuild starts from: `serve`'s [`Output`] in memory, or
/// the manifest of the folder an incremental `build` replaces (whose sink
/// carries files from that folder itself).
pub trait Previous: Sync {
    /// Whether the previous output has a file at `path`.
    fn has(&self, path: &str) -> bool;
    /// Every path it has that starts with `prefix`, sorted.
    fn paths_under(&self, prefix: &str) -> Vec<String>;
    /// The size of the file, if the previous output has it.
    fn size(&self, path: &str) -> Option<u64>;
    /// The bytes of the file, when they are in memory.
    fn bytes(&self, path: &str) -> Option<&[u8]>;
    /// The output itself, when it is in memory (to share its bytes).
    fn output(&self) -> Option<&Output> {
        None
    }
}

impl Previous for crate::output_state::State {
    fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    fn paths_under(&self, prefix: &str) -> Vec<String> {
        self.files
            .range(prefix.to_string()..)
            .take_while(|(p, _)| p.starts_with(prefix))
            .map(|(p, _)| p.clone())
            .collect()
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.files.get(path).map(|s| s.0)
    }

    fn bytes(&self, _path: &str) -> Option<&[u8]> {
        None
    }
}

impl Previous for Output {
    fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    fn paths_under(&self, prefix: &str) -> Vec<String> {
        self.files.keys().filter(|p| p.starts_with(prefix)).cloned().collect()
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.files.get(path).map(|b| b.len() as u64)
    }

    fn bytes(&self, path: &str) -> Option<&[u8]> {
        self.get(path)
    }

    fn output(&self) -> Option<&Output> {
        Some(self)
    }
}

impl Sink for Mutex<Output> {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let bytes = Bytes::copy_from_slice(bytes);
        self.lock().map_err(|_| io::Error::other("poisoned"))?.files.insert(path.to_string(), bytes);
        Ok(())
    }

    fn put_default(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let mut output = self.lock().map_err(|_| io::Error::other("poisoned"))?;
        if !output.files.contains_key(path) {
            output.files.insert(path.to_string(), Bytes::copy_from_slice(bytes));
        }
        Ok(())
    }

    fn carry(&self, previous: &dyn Previous, path: &str) -> io::Result<bool> {
        match previous.output() {
            Some(previous) => Ok(self.lock().map_err(|_| io::Error::other("poisoned"))?.carry(previous, path)),
            None => match previous.bytes(path) {
                Some(bytes) => self.put(path, bytes).map(|()| true),
                None => Ok(false),
            },
        }
    }
}

/// Writes a new file at `root/relative` for the authoring commands (`new`,
/// `import`), creating its folders: never replaces a file that exists
/// (the error is then of kind [`io::ErrorKind::AlreadyExists`]).
pub fn create_new(root: &Path, relative: &Path, bytes: &[u8]) -> io::Result<()> {
    let full = root.join(relative);
    if let Some(parent) = full.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&full)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if written.is_err() {
        drop(file);
        let _ = fs::remove_file(&full);
    }
    written
}

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

    /// Adds or replaces a file with bytes shared with another owner.
    pub fn insert_shared(&mut self, path: String, bytes: Bytes) {
        self.files.insert(path, bytes);
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

    /// Keeps only the files whose path `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.files.retain(|path, _| keep(path));
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_ref()))
    }

    /// Paths that differ between `self` and `newer`: added, removed or changed.
    /// Files carried from one output to the other are compared by pointer.
    /// Sorted by path (both maps are walked side by side, in path order).
    pub fn differences(&self, newer: &Output) -> Vec<String> {
        use std::cmp::Ordering;
        let same = |a: &Bytes, b: &Bytes| (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b;
        let mut changed = Vec::new();
        let (mut old, mut new) = (self.files.iter().peekable(), newer.files.iter().peekable());
        loop {
            let order = match (old.peek(), new.peek()) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((a, _)), Some((b, _))) => a.cmp(b),
            };
            match order {
                // Only in the older output: removed.
                Ordering::Less => changed.extend(old.next().map(|(path, _)| path.clone())),
                // Only in the newer: added.
                Ordering::Greater => changed.extend(new.next().map(|(path, _)| path.clone())),
                Ordering::Equal => {
                    if let (Some((path, a)), Some((_, b))) = (old.next(), new.next())
                        && !same(a, b)
                    {
                        changed.push(path.clone());
                    }
                }
            }
        }
        changed
    }
}

/// The file every output folder of `annals build` carries: a folder holding
/// it was made by annals and may be replaced whole by the next build; any
/// other folder is refused as an output (see `build::check_output_folder`).
pub const MARKER: &str = ".annals-output";

pub(crate) const MARKER_TEXT: &str = "This folder was made by `annals build` and is replaced whole by the next build.\n\
Do not keep other files here: they would be deleted.\n";

/// Whether `folder` carries the [`MARKER`] (a regular file, not a link).
pub fn is_marked_output(folder: &Path) -> bool {
    fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// The hidden names a build uses beside `target`: `.public.annals-new-<pid>`
/// (the staging folder) and `.public.annals-old-<pid>` (the retired output).
fn sibling(target: &Path, kind: &str) -> PathBuf {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    parent.join(format!(".{}.annals-{kind}-{}", target_name(target), std::process::id()))
}

/// Where a swap without exchange puts the previous output for a moment
/// (`.public.annals-old-<pid>`, restored by [`remove_leftovers`] if the
/// build dies then).
pub(crate) fn retired_name(target: &Path) -> PathBuf {
    sibling(target, "old")
}

fn target_name(target: &Path) -> String {
    target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into())
}

/// Which leftover of a build a folder name beside `target` is, if any.
fn leftover_kind(target: &Path, name: &str) -> Option<&'static str> {
    let rest = name.strip_prefix('.')?.strip_prefix(target_name(target).as_str())?.strip_prefix(".annals-")?;
    let (kind, pid) = rest.split_once('-')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match kind {
        "new" => Some("new"),
        "old" => Some("old"),
        _ => None,
    }
}

/// Removes the staging and retired folders that builds of `target` killed
/// mid-run left beside it, whatever their process id; a folder whose build
/// is still running (it holds the lock on its marker) is left alone. When a
/// build died between the two renames of the fallback swap (no
/// `renameat2`), `target` is missing and its retired folder is put back.
/// Returns the folders removed or restored.
pub fn remove_leftovers(target: &Path) -> Vec<PathBuf> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(parent) else { return Vec::new() };
    let mut found: Vec<(PathBuf, &'static str)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let kind = leftover_kind(target, &name)?;
            e.file_type().ok().filter(|t| t.is_dir()).map(|_| (e.path(), kind))
        })
        .collect();
    found.sort();
    let mut cleaned = Vec::new();
    for (folder, kind) in found {
        if lock::is_held(&folder.join(MARKER)) {
            continue;
        }
        if kind == "old" && fs::symlink_metadata(target).is_err() && fs::rename(&folder, target).is_ok() {
            cleaned.push(folder);
            continue;
        }
        if fs::remove_dir_all(&folder).is_ok() {
            cleaned.push(folder);
        }
    }
    cleaned
}

/// A folder beside the target that a build fills, file by file, from many
/// threads; [`Staging::commit`] swaps it in for the target in one step.
/// Dropped without a commit (an error, a panic), it removes itself: the
/// target is untouched. Killed, it is left behind with its marker unlocked,
/// and the next build removes it ([`remove_leftovers`]).
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    folder: PathBuf,
    written: Mutex<std::collections::HashSet<String>>,
    /// Each file's length and hash, for the state an incremental build reads.
    stamps: Mutex<BTreeMap<String, crate::output_state::Stamp>>,
    files: AtomicUsize,
    bytes: AtomicUsize,
    committed: bool,
    /// The marker, open and locked while this build runs.
    _lock: Option<fs::File>,
}

impl Staging {
    /// An empty staging folder for `target` (whose parent is created),
    /// holding only the [`MARKER`]; leftovers of killed builds are removed first.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let folder = sibling(target, "new");
        if let Some(parent) = folder.parent() {
            fs::create_dir_all(parent)?;
        }
        remove_leftovers(target);
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder)?;
        let mut marker = fs::File::create(folder.join(MARKER))?;
        marker.write_all(MARKER_TEXT.as_bytes())?;
        let lock = lock::hold(marker);
        Ok(Staging {
            target: target.to_path_buf(),
            folder,
            written: Mutex::new([MARKER.to_string(), crate::output_state::STATE.to_string()].into_iter().collect()),
            stamps: Mutex::new(BTreeMap::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            committed: false,
            _lock: lock,
        })
    }

    /// Files written so far.
    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Writes the state an incremental build starts from (the files written
    /// so far, `templates` and `digest`) into the folder; returns its stamp.
    pub fn write_state(
        &self,
        templates: u64,
        digest: crate::render::digest::Digest,
    ) -> io::Result<crate::output_state::Stamp> {
        let stamps = self.stamps.lock().map_err(|_| io::Error::other("poisoned"))?.clone();
        crate::output_state::State::new(templates, digest, stamps).write(&self.folder)
    }

    fn stamp(&self, path: &str, stamp: crate::output_state::Stamp) -> io::Result<()> {
        self.stamps.lock().map_err(|_| io::Error::other("poisoned"))?.insert(path.to_string(), stamp);
        Ok(())
    }

    /// Swaps the filled folder in for the target, in one step where the
    /// system can ([`swap`]), and removes the previous output.
    pub fn commit(mut self) -> io::Result<()> {
        swap(&self.folder, &self.target, &sibling(&self.target, "old"), Exchange::IfSupported)?;
        self.committed = true;
        Ok(())
    }

    /// Creates the file, and its folders when they are missing.
    fn create(&self, path: &str) -> io::Result<fs::File> {
        if path.is_empty() || path.starts_with('/') || path.split('/').any(|s| s == ".." || s == "." || s.is_empty()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("bad output path {path:?}")));
        }
        if path == MARKER || path == crate::output_state::STATE {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{path} is annals' own file")));
        }
        let full = self.folder.join(path);
        self.written.lock().map_err(|_| io::Error::other("poisoned"))?.insert(path.to_string());
        self.files.fetch_add(1, Ordering::Relaxed);
        match fs::File::create(&full) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = full.parent() {
                    fs::create_dir_all(dir)?;
                }
                fs::File::create(&full)
            }
            other => other,
        }
    }
}
impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.create(path)?.write_all(bytes)?;
        self.stamp(path, crate::output_state::stamp(bytes))?;
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok(())
    }

    fn put_with(&self, path: &str, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        let mut out = crate::output_state::Hashing::new(io::BufWriter::with_capacity(1 << 16, self.create(path)?));
        write(&mut out)?;
        out.flush()?;
        let stamp = out.finish();
        self.stamp(path, stamp)?;
        self.bytes.fetch_add(stamp.0 as usize, Ordering::Relaxed);
        Ok(())
    }

    fn put_default(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let taken = self.written.lock().map_err(|_| io::Error::other("poisoned"))?.contains(path);
        if taken { Ok(()) } else { self.put(path, bytes) }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.folder);
        }
    }
}

/// How [`swap`] replaces an existing target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exchange {
    /// One atomic exchange (`renameat2(RENAME_EXCHANGE)` on Linux) when the
    /// system and file system offer it, else [`Exchange::Renames`].
    IfSupported,
    /// Two renames (target → retired, staging → target): the fallback on
    /// other systems, where the target is missing for an instant.
    Renames,
}

/// Puts `staging` in place of `target` and removes what `target` held.
/// With an exchange, `target` holds the old or the new build at every
/// instant, and a crash leaves at worst the old tree under the staging name.
pub fn swap(staging: &Path, target: &Path, retired: &Path, how: Exchange) -> io::Result<()> {
    if fs::symlink_metadata(target).is_err() {
        return rename(staging, target);
    }
    if how == Exchange::IfSupported && exchange(staging, target)? {
        // `staging` now names the previous output.
        return fs::remove_dir_all(staging);
    }
    // Windows: a folder another program holds a file of cannot be renamed;
    // wait for it a moment, else replace its files one by one.
    #[cfg(windows)]
    if let Err(err) = crate::replace::rename_patiently(target, retired) {
        return if crate::replace::is_held(&err) {
            crate::replace::replace_in_place(staging, target)
        } else {
            Err(err)
        };
    }
    #[cfg(not(windows))]
    fs::rename(target, retired)?;
    if let Err(err) = rename(staging, target) {
        let _ = rename(retired, target);
        return Err(err);
    }
    let removed = fs::remove_dir_all(retired);
    // Windows: the new output is in place; a retired folder that a program
    // still holds (a Command Prompt inside it) is left for the next build's
    // `remove_leftovers`, rather than reporting that nothing was written.
    if cfg!(windows) { Ok(()) } else { removed }
}

/// Exchanges two paths atomically; false when the system cannot (then
/// nothing happened).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c =
        |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e));
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths; renameat2 reads them only.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        // No renameat2 (old kernel, seccomp) or a file system without exchange.
        Some(libc::ENOSYS | libc::EINVAL | libc::EPERM | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Whether a running build holds the lock of `marker`.
pub(crate) fn lock_is_held(marker: &Path) -> bool {
    lock::is_held(marker)
}

/// Opens `marker` (writing it if missing) and locks it for this build.
pub(crate) fn lock_marker(marker: &Path) -> io::Result<Option<fs::File>> {
    if fs::symlink_metadata(marker).is_err() {
        fs::write(marker, MARKER_TEXT)?;
    }
    Ok(lock::hold(fs::File::open(marker)?))
}

/// Exchanges `spare` and `target` (both exist): in one step where the
/// system can, else by three renames through `retired`. Afterwards `spare`
/// holds what `target` held.
pub(crate) fn swap_keeping(spare: &Path, target: &Path, retired: &Path) -> io::Result<()> {
    if exchange(spare, target)? {
        return Ok(());
    }
    rename(target, retired)?;
    if let Err(err) = rename(spare, target) {
        let _ = rename(retired, target);
        return Err(err);
    }
    rename(retired, spare)
}

/// An advisory lock on a staging folder's marker: held while its build
/// runs, released by the system when the process ends, however it ends.
mod lock {
    use std::fs;
    use std::path::Path;

    #[cfg(unix)]
    pub(super) fn hold(file: fs::File) -> Option<fs::File> {
        use std::os::fd::AsRawFd;
        // SAFETY: flock on a descriptor this function owns.
        let locked = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        locked.then_some(file)
    }

    /// Whether a running process holds the lock of `marker`.
    #[cfg(unix)]
    pub(super) fn is_held(marker: &Path) -> bool {
        use std::os::fd::AsRawFd;
        let Ok(file) = fs::File::open(marker) else { return false };
        // SAFETY: as above; the lock taken here is released when `file` closes.
        let free = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        !free
    }

    /// Closed at once: Windows refuses to rename a folder while a file in
    /// it is open, even by the process renaming it, so a held marker would
    /// make every commit fail.
    #[cfg(not(unix))]
    pub(super) fn hold(file: fs::File) -> Option<fs::File> {
        drop(file);
        None
    }

    /// Without advisory locks a leftover is removed as far as it can be: on
    /// Windows the files a running build holds open cannot be deleted.
    #[cfg(not(unix))]
    pub(super) fn is_held(_marker: &Path) -> bool {
        false
    }
}

/// `fs::rename`; on Windows, patient with a program (an antivirus scanning
/// the new files) that holds a file for a moment.
fn rename(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(windows)]
    return crate::replace::rename_patiently(from, to);
    #[cfg(not(windows))]
    fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `output` into `target` through a [`Staging`] folder.
    fn write_through_staging(output: &Output, target: &Path) -> io::Result<()> {
        let staging = Staging::new(target)?;
        output.iter().try_for_each(|(path, bytes)| staging.put(path, bytes))?;
        staging.commit()
    }

    #[test]
    fn replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let mut first = Output::new();
        first.insert("a/index.html".into(), b"one".to_vec());
        first.insert("old.html".into(), b"old".to_vec());
        write_through_staging(&first, &target).unwrap();
        let mut second = Output::new();
        second.insert("a/index.html".into(), b"two".to_vec());
        write_through_staging(&second, &target).unwrap();
        assert_eq!(fs::read(target.join("a/index.html")).unwrap(), b"two");
        assert!(!target.join("old.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
        assert!(is_marked_output(&target));
    }

    fn tree(files: &[(&str, &str)], at: &Path) {
        for (path, text) in files {
            let full = at.join(path);
            fs::create_dir_all(full.parent().unwrap()).unwrap();
            fs::write(full, text).unwrap();
        }
    }

    #[test]
    fn both_swaps_replace_the_target_and_leave_nothing_beside_it() {
        for how in [Exchange::IfSupported, Exchange::Renames] {
            let dir = tempfile::tempdir().unwrap();
            let (target, staging, retired) = (dir.path().join("out"), dir.path().join("new"), dir.path().join("old"));
            tree(&[("index.html", "old"), ("gone.html", "x")], &target);
            tree(&[("index.html", "new")], &staging);
            swap(&staging, &target, &retired, how).unwrap();
            assert_eq!(fs::read_to_string(target.join("index.html")).unwrap(), "new", "{how:?}");
            assert!(!target.join("gone.html").exists(), "{how:?}");
            assert!(!staging.exists() && !retired.exists(), "{how:?}");
            // A missing target is simply created.
            tree(&[("a", "1")], &staging);
            fs::remove_dir_all(&target).unwrap();
            swap(&staging, &target, &retired, how).unwrap();
            assert_eq!(fs::read_to_string(target.join("a")).unwrap(), "1");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_exchanges_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        tree(&[("a", "1")], &dir.path().join("x"));
        tree(&[("a", "2")], &dir.path().join("y"));
        assert!(exchange(&dir.path().join("x"), &dir.path().join("y")).unwrap());
        assert_eq!(fs::read_to_string(dir.path().join("x/a")).unwrap(), "2");
        assert_eq!(fs::read_to_string(dir.path().join("y/a")).unwrap(), "1");
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed_whatever_their_pid() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        tree(&[("index.html", "current"), (MARKER, "")], &target);
        tree(&[("index.html", "half"), (MARKER, "")], &dir.path().join(".public.annals-new-999999"));
        tree(&[("index.html", "older")], &dir.path().join(".public.annals-old-12"));
        tree(&[("keep.txt", "mine")], &dir.path().join(".public.annals-new-x"));
        tree(&[("keep.txt", "mine")], &dir.path().join(".other.annals-new-5"));
        let removed = remove_leftovers(&target);
        assert_eq!(removed.len(), 2, "{removed:?}");
        let mut names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, [".other.annals-new-5", ".public.annals-new-x", "public"]);
        assert_eq!(fs::read_to_string(target.join("index.html")).unwrap(), "current");
    }

    #[test]
    fn a_build_killed_between_the_fallback_renames_gets_its_output_back() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        tree(&[("index.html", "previous"), (MARKER, "")], &dir.path().join(".public.annals-old-4242"));
        tree(&[("index.html", "half")], &dir.path().join(".public.annals-new-4242"));
        remove_leftovers(&target);
        assert_eq!(fs::read_to_string(target.join("index.html")).unwrap(), "previous");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn the_staging_folder_of_a_running_build_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let running = Staging::new(&target).unwrap();
        running.put("index.html", b"running").unwrap();
        // The lock is per open file: a second descriptor of this process
        // cannot take it either, as another build could not.
        assert!(remove_leftovers(&target).is_empty());
        assert!(running.folder.join("index.html").exists());
        running.commit().unwrap();
        assert_eq!(fs::read_to_string(target.join("index.html")).unwrap(), "running");
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
