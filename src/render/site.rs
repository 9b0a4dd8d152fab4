//! The whole site into a [`Sink`]: pages, search index, open data, feeds,
//! static files — each file handed over as soon as it is made.
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

use std::collections::BTreeMap;
use std::io;

use rayon::prelude::*;
use tera::Tera;

use super::raster::Store;
use super::reuse::{RenderError, Reuse};
use super::templates;
use super::views::Views;
use super::{Page, common_context, feeds, fingerprint, plan, render_page};
use crate::archive::Archive;
use crate::content::theme::ThemeFiles;
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

/// Renders every file of the site into `sink`, carrying over from
/// `reuse.previous` every page and data file that `reuse.change` does not
/// affect. Feeds, sitemap and static files are always made afresh; the
/// search index as `index` says. A chart's PNG comes from `charts` when it
/// holds the PNG of the same SVG.
///
/// A fresh index takes the analysis of unchanged documents from `analyses`
/// (`build`: beside the output); `serve`'s ([`SearchIndex::Previous`]
/// without a previous output: its first build) from its memory store.
#[allow(clippy::too_many_arguments)]
pub fn render_into(
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
    let pages = plan(archive);
    let (index, rendered) = rayon::join(
        || {
            match reuse {
                // The archive did not change (a template or a static file
                // did): the index would come out the same.
                Some(reuse) if reuse.change.is_empty() || index == SearchIndex::Previous => {
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
            let ((rendered, data), charts) = rayon::join(
                || {
                    rayon::join(
                        || render_pages(&views, tera, &common, &pages, reuse, sink),
                        || write_data(archive, reuse, sink),
                    )
                },
                || super::opendata::write_charts(&views, reuse, sink, charts),
            );
            crate::timings::mark("pages, data files and charts");
            let mut sizes = data?;
            sizes.extend(charts?);
            let rendered = rendered? + super::opendata::write_catalogues(&views, tera, &common, &pages, sizes, sink)?;
            put(sink, routes::ATOM, feeds::atom(&views).as_bytes())?;
            put(sink, routes::SITEMAP, feeds::sitemap(&views, &pages).as_bytes())?;
            put(sink, routes::ROBOTS, feeds::robots(&views).as_bytes())?;
            Ok(rendered)
        },
    );
    index?;
    crate::timings::mark("search index written");
    let rendered = rendered?;
    // Static files give way to generated ones; the site's override the theme's.
    let mut statics: BTreeMap<&str, &[u8]> = templates::DEFAULT_STATIC.iter().copied().collect();
    statics.extend(theme.static_files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice())));
    statics.into_par_iter().try_for_each(|(path, bytes)| {
        sink.put_default(path, bytes).map_err(|error| RenderError::Write { path: path.to_string(), error })
    })?;
    Ok(Rendered { pages: rendered, search_version })
}

/// The search index's files and the file naming their version (`version`,
/// [`fingerprint::search_version`] of the same archive).
pub fn search_index_files(archive: &Archive, version: &str) -> Vec<(String, Vec<u8>)> {
    search_index_files_with(archive, version, &crate::search::cache::NoStore)
}

/// [`search_index_files`], reusing the analyses `analyses` holds.
pub fn search_index_files_with(
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
    pages: &[Page],
    reuse: Option<Reuse>,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    // The catalogue page lists the sizes of files still being written: it comes last.
    let pages = pages.iter().filter(|page| page.kind != super::PageKind::Data);
    let (fresh, carried): (Vec<&Page>, Vec<&Page>) = pages.partition(|page| match reuse {
        Some(reuse) => reuse.change.affects(views.archive, page) || !reuse.previous.has(&page.file()),
        None => true,
    });
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
fn write_data(archive: &Archive, reuse: Option<Reuse>, sink: &dyn Sink) -> Result<crate::data::Sizes, RenderError> {
    let sizes = crate::data::plan(archive)
        .into_par_iter()
        .map(|file| {
            let path = file.path(archive);
            let previous = match reuse {
                Some(reuse) if !reuse.change.affects_data(archive, file) => reuse.previous.size(&path),
                _ => None,
            };
            let written = match (previous, reuse) {
                (Some(size), Some(reuse)) => sink.carry(reuse.previous, &path).map(|_| size),
                _ => {
                    let mut size = 0;
                    sink.put_with(&path, &mut |out| {
                        let mut counting = Counting { inner: out, count: 0 };
                        file.write(archive, &mut counting)?;
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
