//! The whole site into a [`Sink`]: every entry of the [`plan`] (pages,
//! search index, open data, feeds, static files), each file handed over as
//! soon as it is made.
//!
//! ```text
//!            ┌─ search::build ──────────────────────────────┐
//! Archive ───┤                                              ├─▶ Sink (files in a staging folder,
//!            └─ pages ∥ data files ─▶ feeds ─▶ static files ┘         or an Output in memory)
//! ```
//!
//! Both sides run at once on rayon's threads; the pages know the index's
//! version beforehand (`fingerprint`). One code path serves `build`, which
//! streams into a [`Staging`](crate::output::Staging) folder, and `serve`,
//! which collects an [`Output`](crate::output::Output) and carries unchanged pages over from the
//! previous one ([`Reuse`]). Nothing here touches the file system itself.

use std::io;

use rayon::prelude::*;
use tera::Tera;

use super::raster::Store;
use super::reuse::{RenderError, Reuse};
use super::views::Views;
use super::{Entry, Page, PageKind, common_context, feeds, fingerprint, plan, render_page};
use crate::archive::Archive;
use crate::content::theme::ThemeFiles;
use crate::data::DataFile;
use crate::output::Sink;
use crate::routes;
use crate::search::cache::AnalysisStore;

fn put(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
    sink.put(path, bytes).map_err(|error| RenderError::Write { path: path.to_string(), error })
}

/// What [`render_into`] did.
pub struct Rendered {
    /// Pages rendered (the others were carried over).
    pub pages: usize,
    /// The search index's version for this archive (the pages carry it).
    pub search_version: String,
}

/// Which search index goes into the sink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchIndex {
    /// This archive's, made afresh unless the archive is the same as
    /// the one `reuse` was made from (only templates or static files changed).
    Fresh,
    /// The previous output's, whatever changed, when there is one (`serve`
    /// builds the new one afterwards, off the rebuild's thread).
    Previous,
}

/// Renders every file of the site's [`plan`] into `sink`, carrying over
/// from `reuse.previous` every file that `reuse.change` does not affect
/// ([`Invalidation::affects`](super::incremental::Invalidation::affects)).
/// Feeds, catalogues and static files are always made afresh; the search
/// index as `index` says. A chart's PNG comes from `charts` when it holds
/// the PNG of the same SVG.
///
/// A fresh index takes the analysis of unchanged documents from `analyses`
/// (`build`: beside the output); `serve`'s ([`SearchIndex::Previous`]
/// without a previous output: its first build) from its memory store.
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_into(
    archive: &Archive,
    tera: &Tera,
    theme: &ThemeFiles,
    reuse: Option<Reuse>,
    index: SearchIndex,
    sink: &dyn Sink,
    charts: &dyn Store,
    analyses: &dyn AnalysisStore,
) -> Result<Rendered, RenderError> {
    let views = Views::new(archive);
    let search_version = fingerprint::search_version(archive);
    let common = common_context(&views);
    let plan = plan(archive, Some(theme));
    let steps = Steps::of(&plan);
    let (index, rendered) = rayon::join(
        || {
            if !steps.index {
                return Ok(());
            }
            match reuse {
                // The archive did not change (a template or a static file
                // did): the index would come out the same.
                Some(reuse)
                    if !reuse.change.affects(archive, &Entry::SearchIndex) || index == SearchIndex::Previous =>
                {
                    reuse.previous.paths_under(routes::SEARCH_INDEX).into_iter().try_for_each(|path| {
                        match sink.carry(reuse.previous, &path) {
                            Ok(_) => Ok(()),
                            Err(error) => Err(RenderError::Write { path, error }),
                        }
                    })
                }
                _ => {
                    let analyses = match index {
                        SearchIndex::Previous => crate::search::cache::MemoryStore::global(),
                        SearchIndex::Fresh => analyses,
                    };
                    let files = search_index_files_with(archive, &search_version, analyses);
                    crate::timings::mark("search index made");
                    files
                }
                .par_iter()
                .try_for_each(|(path, bytes)| put(sink, path, bytes)),
            }
        },
        || -> Result<usize, RenderError> {
            let ((rendered, data), images) = rayon::join(
                || {
                    rayon::join(
                        || render_pages(&views, tera, &common, &steps.pages, reuse, sink),
                        || write_data(archive, &steps.data, reuse, sink),
                    )
                },
                || super::opendata::write_charts(&views, &steps.images, reuse, sink, charts),
            );
            crate::timings::mark("pages, data files and charts");
            let mut sizes = data?;
            sizes.extend(images?);
            let catalogues =
                super::opendata::write_catalogues(&views, tera, &common, &steps.catalogues, sizes, reuse, sink)?;
            for entry in &steps.feeds {
                let text = match entry {
                    Feed::Atom => feeds::atom(&views),
                    Feed::Sitemap => feeds::sitemap(&views, &steps.sitemap),
                    Feed::Robots => feeds::robots(&views),
                };
                put(sink, entry.path(), text.as_bytes())?;
            }
            Ok(rendered? + catalogues)
        },
    );
    index?;
    crate::timings::mark("search index written");
    let rendered = rendered?;
    // Static files give way to generated ones; the site's override the theme's.
    let statics = super::plan::static_files(theme);
    steps.statics.into_par_iter().try_for_each(|path| {
        let bytes = statics.get(path).copied().unwrap_or_default();
        sink.put_default(path, bytes).map_err(|error| RenderError::Write { path: path.to_string(), error })
    })?;
    Ok(Rendered { pages: rendered, search_version })
}

/// A feed of the plan.
#[derive(Clone, Copy)]
enum Feed {
    Atom,
    Sitemap,
    Robots,
}

impl Feed {
    fn path(self) -> &'static str {
        match self {
            Feed::Atom => routes::ATOM,
            Feed::Sitemap => routes::SITEMAP,
            Feed::Robots => routes::ROBOTS,
        }
    }
}

/// The plan's entries by the step of rendering that makes them, in the
/// plan's order within a step.
#[derive(Default)]
struct Steps<'p> {
    /// Every page but the catalogue page (`/data/`, made once every file's
    /// size is known): the entry and its page.
    pages: Vec<(&'p Entry, &'p Page)>,
    data: Vec<DataFile>,
    /// Chart images and the share card.
    images: Vec<&'p Entry>,
    /// The report CSVs' schema, the Data Package, the catalogue, then the `/data/` page.
    catalogues: Vec<&'p Entry>,
    feeds: Vec<Feed>,
    /// The pages the sitemap lists from (all of them, in the plan's order).
    sitemap: Vec<&'p Page>,
    index: bool,
    statics: Vec<&'p str>,
}

impl<'p> Steps<'p> {
    fn of(plan: &'p [Entry]) -> Steps<'p> {
        let mut steps = Steps::default();
        let mut data_pages = Vec::new();
        for entry in plan {
            match entry {
                Entry::Page(page) => {
                    steps.sitemap.push(page);
                    match page.kind {
                        PageKind::Data => data_pages.push(entry),
                        _ => steps.pages.push((entry, page)),
                    }
                }
                Entry::Data(file) => steps.data.push(*file),
                Entry::Chart(_) | Entry::Card => steps.images.push(entry),
                Entry::ReportSchema | Entry::DataPackage | Entry::Catalog => steps.catalogues.push(entry),
                Entry::Atom => steps.feeds.push(Feed::Atom),
                Entry::Sitemap => steps.feeds.push(Feed::Sitemap),
                Entry::Robots => steps.feeds.push(Feed::Robots),
                Entry::SearchIndex => steps.index = true,
                Entry::Static(path) => steps.statics.push(path),
            }
        }
        steps.catalogues.extend(data_pages);
        steps
    }
}

/// The search index's files and the file naming their version (`version`,
/// [`fingerprint::search_version`] of the same archive).
pub fn search_index_files(archive: &Archive, version: &str) -> Vec<(String, Vec<u8>)> {
    search_index_files_with(archive, version, &crate::search::cache::NoStore)
}

/// [`search_index_files`], reusing the analyses `analyses` holds.
pub(crate) fn search_index_files_with(
    archive: &Archive,
    version: &str,
    analyses: &dyn AnalysisStore,
) -> Vec<(String, Vec<u8>)> {
    let mut files = crate::search::build_with(archive, analyses).files;
    files.push((routes::search_version(), format!("{{\"v\":\"{version}\"}}\n").into_bytes()));
    files
}

fn render_pages(
    views: &Views,
    tera: &Tera,
    common: &tera::Context,
    pages: &[(&Entry, &Page)],
    reuse: Option<Reuse>,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let (mut fresh, mut carried) = (Vec::new(), Vec::new());
    for &(entry, page) in pages {
        match reuse {
            Some(reuse) if !reuse.change.affects(views.archive, entry) && reuse.previous.has(&page.file()) => {
                carried.push(page)
            }
            _ => fresh.push(page),
        }
    }
    if let Some(reuse) = reuse {
        for page in carried {
            let path = page.file();
            sink.carry(reuse.previous, &path).map_err(|error| RenderError::Write { path, error })?;
        }
    }
    fresh.par_iter().try_for_each(|page| {
        let html = render_page(views, tera, common, page)?;
        put(sink, &page.file(), html.as_bytes())
    })?;
    Ok(fresh.len())
}

/// Counts the bytes that pass through it.
struct Counting<'a> {
    inner: &'a mut dyn io::Write,
    count: u64,
}

impl io::Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Every data file; returns their sizes (for the catalogues).
fn write_data(
    archive: &Archive,
    files: &[DataFile],
    reuse: Option<Reuse>,
    sink: &dyn Sink,
) -> Result<crate::data::Sizes, RenderError> {
    let sizes = files
        .par_iter()
        .map(|&file| {
            let path = file.path(archive);
            let previous = match reuse {
                Some(reuse) if !reuse.change.affects(archive, &Entry::Data(file)) => reuse.previous.size(&path),
                _ => None,
            };
            let written = match (previous, reuse) {
                (Some(size), Some(reuse)) => sink.carry(reuse.previous, &path).map(|_| size),
                _ => {
                    let mut size = 0;
                    sink.put_with(&path, &mut |out| {
                        let mut counting = Counting { inner: out, count: 0 };
                        // The writers of data files (serde_json above all)
                        // write a few bytes at a time: gathered here, the
                        // sink's layers (counting, hashing, the file) see
                        // large pieces (a third of the CPU of writing them).
                        let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut counting);
                        file.write(archive, &mut buffered)?;
                        io::Write::flush(&mut buffered)?;
                        drop(buffered);
                        size = counting.count;
                        Ok(())
                    })
                    .map(|()| size)
                }
            };
            written.map(|size| (path.clone(), size)).map_err(|error| RenderError::Write { path, error })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(sizes.into_iter().collect())
}
