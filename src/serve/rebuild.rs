//! Rebuilding the site in memory after a change, reusing what did not change.
//!
//! [`Builder`] keeps the last [`Session`] between edits and opens the next
//! from it (the pipeline `annals build` runs, minus the write): parsed reports come from a
//! [`ReportCache`], rendered bodies from the previous archive, and pages that
//! the [`Invalidation`] between the previous archive and the new one does not
//! affect are carried over from the previous output. A template change
//! renders every page; a change of templates or static files alone does not
//! read the content again. A failed rebuild changes nothing: the last good
//! output stays served, and its diagnostics go to the terminal and the
//! browser overlay.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::watch::Batch;
use crate::archive::Archive;
use crate::chart_cache::ChartCache;
use crate::content::ReportCache;
use crate::diagnostics::Diagnostics;
use crate::locale::Language;
use crate::output::Output;
use crate::render::incremental::Invalidation;
use crate::render::{self, Reuse, SearchIndex};
use crate::session::{self, BuildOptions, Loading, Session};

/// The last good build: what the served output was made from.
struct Built {
    /// The archive (shared with the thread that builds its search index), theme and templates.
    session: Session,
    output: Arc<Output>,
    /// The search index's version for `archive` (the pages carry it).
    search_version: String,
    /// The version of the index files in `output`: an earlier one until
    /// the index for this archive is ready (see `serve::index_job`).
    index_version: String,
    /// The pages of the plan (for the terminal).
    pages: usize,
}

/// The result of one rebuild.
pub enum Outcome {
    Built(Rebuilt),
    /// Nothing changed in the served site; these are the errors.
    Failed(Diagnostics),
}

pub struct Rebuilt {
    pub output: Arc<Output>,
    /// Output files added, removed or changed since the previous build.
    pub changed: Vec<String>,
    /// Pages rendered (the others were carried over).
    pub rendered: usize,
    pub pages: usize,
    pub reports: usize,
    /// Report files read and parsed.
    pub files_read: usize,
    pub files_parsed: usize,
    /// Warnings of the checks (never stop a build).
    pub warnings: Diagnostics,
    pub took: Duration,
}

/// An original document as last read: read again only when its size or
/// modification time changed.
struct SourceFile {
    len: u64,
    modified: Option<std::time::SystemTime>,
    bytes: bytes::Bytes,
}

pub struct Builder {
    options: BuildOptions,
    /// The original documents of imported reports, by site path.
    sources: std::collections::BTreeMap<String, SourceFile>,
    cache: ReportCache,
    last: Option<Built>,
    /// The last rebuild failed: the next one reads everything it must.
    failed: bool,
    /// The site language of the last site.yaml that could be read.
    pub language: Language,
    /// The chart images already made (shared with `build` into the default output).
    charts: ChartCache,
}

impl Builder {
    /// `options.base_url` should be the preview server's address.
    pub fn new(options: BuildOptions) -> Self {
        let charts = ChartCache::beside(&options.out.clone().unwrap_or_else(|| options.root.join("public")));
        Builder {
            charts,
            options,
            sources: std::collections::BTreeMap::new(),
            cache: ReportCache::watched(),
            last: None,
            failed: false,
            language: Language::default(),
        }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The output being served, if a build ever succeeded.
    pub fn output(&self) -> Option<Arc<Output>> {
        self.last.as_ref().map(|b| Arc::clone(&b.output))
    }

    /// Rebuilds after `batch`; the first call builds everything. Every
    /// report file changed since the last call must be in a batch
    /// (`content`), or the batch must ask for a rescan: files not named
    /// are taken as unchanged without a look at the disk.
    pub fn rebuild(&mut self, batch: &Batch) -> Outcome {
        let started = Instant::now();
        let outcome = self.try_rebuild(batch, started);
        self.failed = matches!(outcome, Outcome::Failed(_));
        outcome
    }

    fn try_rebuild(&mut self, batch: &Batch, started: Instant) -> Outcome {
        crate::timings::mark("serve: rebuild starts");
        if batch.rescan {
            self.cache.mark_all_stale();
        }
        for path in &batch.content {
            self.cache.mark_stale(path);
        }
        let mut diags = Diagnostics::new();
        // Only templates or static files changed, and the content was good:
        // the archive stays as it is.
        let theme_only = !self.failed && batch.theme_only();
        let previous = self.last.as_ref().map(|b| &b.session);
        let loading = Loading {
            cache: &mut self.cache,
            previous,
            same_content: theme_only,
            release_sources: false,
            compare_with: None,
        };
        let Some(archive) = Session::archive(&self.options, loading, &mut diags) else {
            return Outcome::Failed(diags);
        };
        self.language = archive.config.language;
        let Some(session) = Session::with_theme(&self.options, archive, previous, &mut diags) else {
            return Outcome::Failed(diags);
        };
        let change = match previous.filter(|p| p.theme.templates == session.theme.templates) {
            Some(last) if Arc::ptr_eq(&last.archive, &session.archive) => Invalidation::default(),
            Some(last) => Invalidation::between(&last.archive, &session.archive),
            None => Invalidation::everything(),
        };
        let reuse = self.last.as_ref().map(|b| Reuse { previous: &*b.output, change: &change });
        // The pages first: the search index of this archive is built
        // afterwards, off this thread, and swapped in when it is ready.
        let (mut output, rendered) = match session.render_output(reuse, SearchIndex::Previous, &self.charts) {
            Ok(done) => done,
            Err(err) => {
                diags.extend(session::render_error(err, std::path::Path::new(""), &session.theme));
                return Outcome::Failed(diags);
            }
        };
        crate::timings::mark("serve: pages rendered");
        let render::Rendered { pages: rendered, search_version } = rendered;
        let archive = &*session.archive;
        // The original documents, beside their report pages, as `build` publishes them.
        if let Err(diagnostic) = add_sources(&self.options.root, &mut self.sources, archive, &mut output) {
            diags.push(diagnostic);
            return Outcome::Failed(diags);
        }
        // No page names the index's version (`search/index/version.json`
        // does, and comes with the index): carried pages need no patch.
        let index_version = match &self.last {
            Some(last) => last.index_version.clone(),
            None => search_version.clone(),
        };
        let changed = match &self.last {
            Some(last) => last.output.differences(&output),
            None => output.iter().map(|(path, _)| path.to_string()).collect(),
        };
        // The same front matter, the same plan: its pages need no count.
        let known_pages = self.last.as_ref().filter(|last| archive.differs_in_bodies_only(&*last.session.archive));
        let pages = known_pages.map_or_else(|| render::plan::pages(archive).len(), |last| last.pages);
        let reports = archive.reports.len();
        let output = Arc::new(output);
        crate::timings::mark("serve: rebuilt");
        let built = Built { session, output: Arc::clone(&output), search_version, index_version, pages };
        let previous = self.last.replace(built);
        // Freeing the previous archive (thousands of reports) need not delay the reload.
        if let Some(previous) = previous {
            let _ = std::thread::Builder::new().name("annals-free".into()).spawn(move || drop(previous));
        }
        Outcome::Built(Rebuilt {
            output,
            changed,
            rendered,
            pages,
            reports,
            files_read: if theme_only { 0 } else { self.cache.files_read },
            files_parsed: if theme_only { 0 } else { self.cache.files_parsed },
            warnings: diags,
            took: started.elapsed(),
        })
    }

    /// The archive whose search index is not served yet, and its version.
    pub fn stale_index(&self) -> Option<(Arc<Archive>, String)> {
        let last = self.last.as_ref()?;
        (last.index_version != last.search_version)
            .then(|| (Arc::clone(&last.session.archive), last.search_version.clone()))
    }

    /// Serves `files`, the search index of version `version`, if it is
    /// still the one the served pages need; returns the new output.
    pub fn install_index(&mut self, version: &str, files: Vec<(String, Vec<u8>)>) -> Option<Arc<Output>> {
        let last = self.last.as_mut().filter(|b| b.search_version == version)?;
        let mut output = Output::clone(&last.output);
        output.retain(|path| !path.starts_with(crate::routes::SEARCH_INDEX));
        for (path, bytes) in files {
            output.insert(path, bytes);
        }
        last.output = Arc::new(output);
        last.index_version = version.to_string();
        Some(Arc::clone(&last.output))
    }
}

/// Puts each report's original document into `output` at the path the
/// report page links, reading it again only when it changed on disk.
fn add_sources(
    root: &std::path::Path,
    sources: &mut std::collections::BTreeMap<String, SourceFile>,
    archive: &Archive,
    output: &mut Output,
) -> Result<(), crate::diagnostics::Diagnostic> {
    let mut kept = std::collections::BTreeMap::new();
    for (path, file, report) in crate::content::sources::published_files(archive) {
        let on_disk = root.join(file);
        let meta = std::fs::metadata(&on_disk).map_err(|e| crate::content::sources::unreadable(report, &e))?;
        let modified = meta.modified().ok();
        let bytes = match sources.remove(&path) {
            Some(known) if known.len == meta.len() && known.modified == modified && modified.is_some() => known.bytes,
            _ => bytes::Bytes::from(
                std::fs::read(&on_disk).map_err(|e| crate::content::sources::unreadable(report, &e))?,
            ),
        };
        output.insert_shared(path.clone(), bytes.clone());
        kept.insert(path, SourceFile { len: meta.len(), modified, bytes });
    }
    *sources = kept;
    Ok(())
}
