//! The preview's search index, built off the rebuild thread.
//!
//! Rebuilding the index of a large archive takes seconds, and a reader who
//! saved a report wants to see the page. So a rebuild renders and publishes
//! the pages with the previous index files (and the previous
//! `version.json`, which names them), and [`IndexJob`] builds the
//! new index on a thread of its own; the rebuild loop swaps it in when it
//! is ready — if it is still the one the served pages need — without a
//! reload: the preview serves index files uncached, so the next search
//! fetches the new ones. A job for an archive that an edit has replaced in
//! the meantime is finished and dropped, and one for the latest started.
//! The job runs on a rayon pool of its own, half the cores, at a lower
//! priority, so that a rebuild after the next edit is never queued behind
//! it and gets the processor first.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use crate::archive::Archive;

/// One index being built: its version and, when done, its files.
pub(crate) struct IndexJob {
    pub(crate) version: String,
    started: Instant,
    done: Receiver<Vec<(String, Vec<u8>)>>,
}

/// Where a job is.
pub(crate) enum JobState {
    Running,
    Done(BuiltIndex),
    /// The thread died (a bug): the rebuild loop starts another.
    Died,
}

/// What a finished job gives.
pub(crate) struct BuiltIndex {
    pub(crate) version: String,
    pub(crate) files: Vec<(String, Vec<u8>)>,
    pub(crate) took: Duration,
}

impl IndexJob {
    /// Starts building the index of `archive` (version `version`).
    pub(crate) fn start(archive: Arc<Archive>, version: String) -> Option<IndexJob> {
        let (sender, done) = mpsc::channel();
        let version_of_job = version.clone();
        std::thread::Builder::new()
            .name("annals-index".into())
            .stack_size(64 << 20)
            .spawn(move || {
                // Threads of its own: on rayon's global pool, a rebuild's
                // tasks would queue behind the index's until it is done.
                let threads = std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1));
                // Blocks of reports whose text did not change since the
                // last index: their analysis is reused (see search::cache).
                let analyses = crate::search::cache::MemoryStore::global();
                let build = || {
                    let files = crate::render::site::search_index_files_with(&archive, &version_of_job, analyses);
                    analyses.keep_only_used();
                    files
                };
                let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).start_handler(|_| lower_priority());
                let files = match pool.build() {
                    Ok(pool) => pool.install(build),
                    Err(_) => build(),
                };
                let _ = sender.send(files);
            })
            .ok()?;
        Some(IndexJob { version, started: Instant::now(), done })
    }

    pub(crate) fn poll(&self) -> JobState {
        match self.done.try_recv() {
            Ok(files) => {
                JobState::Done(BuiltIndex { version: self.version.clone(), files, took: self.started.elapsed() })
            }
            Err(TryRecvError::Empty) => JobState::Running,
            Err(TryRecvError::Disconnected) => JobState::Died,
        }
    }
}

/// Makes the calling thread yield to the rebuilds (nice 10).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; on Linux,
    // PRIO_PROCESS with `who = 0` names the calling thread alone. A failure
    // leaves the priority as it was, which is harmless.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
