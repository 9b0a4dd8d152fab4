//! The open-data files that describe or picture the others: chart images
//! (SVG and PNG, rasterized in parallel), the share card, and — once every
//! file is written and its size known — `/datapackage.json`,
//! `/catalog.jsonld`, the report CSVs' shared schema and the `/data/` page.
//!
//! `serve` carries a chart image over from the previous output when the
//! change does not touch its indicator (or its publisher), so an edit of a
//! report's text rasterizes nothing; a chart whose SVG came out the same
//! takes its PNG from the chart store (`crate::chart_cache`).

use rayon::prelude::*;
use tera::{Context, Tera};

use super::raster::{self, Store};
use super::reuse::{RenderError, Reuse};
use super::takeaway::{self, ChartImage};
use super::views::Views;
use super::{Entry, render_page};
use crate::data::{self, Sizes};
use crate::output::Sink;

fn write_error(path: &str, error: std::io::Error) -> RenderError {
    RenderError::Write { path: path.to_string(), error }
}

fn raster_error(path: &str, error: raster::RasterError) -> RenderError {
    write_error(path, std::io::Error::other(error.0))
}

/// Carries `path` over from the previous output when `unchanged`; its size, if carried.
fn carried(reuse: Option<Reuse>, unchanged: bool, path: &str, sink: &dyn Sink) -> Result<Option<u64>, RenderError> {
    match reuse {
        Some(reuse) if unchanged => match reuse.previous.size(path) {
            Some(size) => {
                sink.carry(reuse.previous, path).map_err(|e| write_error(path, e))?;
                Ok(Some(size))
            }
            None => Ok(None),
        },
        _ => Ok(None),
    }
}

/// One chart's SVG and PNG; their sizes.
fn write_chart(
    views: &Views,
    image: ChartImage,
    unchanged: bool,
    reuse: Option<Reuse>,
    sink: &dyn Sink,
    charts: &dyn Store,
) -> Result<Sizes, RenderError> {
    let archive = views.archive;
    let (svg_path, png_path) = (image.svg_path(archive), image.png_path(archive));
    let mut sizes = Sizes::new();
    let both = reuse.is_some_and(|r| r.previous.has(&svg_path) && r.previous.has(&png_path));
    if let (true, Some(svg), Some(png)) =
        (both, carried(reuse, unchanged, &svg_path, sink)?, carried(reuse, unchanged, &png_path, sink)?)
    {
        sizes.insert(svg_path, svg);
        sizes.insert(png_path, png);
        return Ok(sizes);
    }
    let svg = takeaway::svg(views, image);
    let png = raster::png_kept(&svg, charts).map_err(|e| raster_error(&png_path, e))?;
    sink.put(&svg_path, svg.as_bytes()).map_err(|e| write_error(&svg_path, e))?;
    sink.put(&png_path, &png).map_err(|e| write_error(&png_path, e))?;
    sizes.insert(svg_path, svg.len() as u64);
    sizes.insert(png_path, png.len() as u64);
    Ok(sizes)
}

/// Every chart image and the share card (`images`: entries of the plan),
/// in parallel; their sizes.
pub(crate) fn write_charts(
    views: &Views,
    images: &[&Entry],
    reuse: Option<Reuse>,
    sink: &dyn Sink,
    charts: &dyn Store,
) -> Result<Sizes, RenderError> {
    images.par_iter().map(|&entry| write_image(views, entry, reuse, sink, charts)).try_reduce(Sizes::new, |mut a, b| {
        a.extend(b);
        Ok(a)
    })
}

/// One chart's images or the share card; their sizes (none for another entry).
fn write_image(
    views: &Views,
    entry: &Entry,
    reuse: Option<Reuse>,
    sink: &dyn Sink,
    charts: &dyn Store,
) -> Result<Sizes, RenderError> {
    let archive = views.archive;
    let unchanged = reuse.is_some_and(|r| !r.change.affects(archive, entry));
    match entry {
        Entry::Chart(image) => write_chart(views, *image, unchanged, reuse, sink, charts),
        Entry::Card => {
            let path = crate::routes::CARD;
            let size = match carried(reuse, unchanged, path, sink)? {
                Some(size) => size,
                None => {
                    let png =
                        raster::png_kept(&takeaway::card_svg(archive), charts).map_err(|e| raster_error(path, e))?;
                    sink.put(path, &png).map_err(|e| write_error(path, e))?;
                    png.len() as u64
                }
            };
            Ok(Sizes::from([(path.to_string(), size)]))
        }
        // `Steps::of` puts only the two above among the images; a new kind
        // of entry must say here whether it is one.
        Entry::Page(_)
        | Entry::Data(_)
        | Entry::ReportSchema
        | Entry::DataPackage
        | Entry::Catalog
        | Entry::Atom
        | Entry::Sitemap
        | Entry::Robots
        | Entry::SearchIndex
        | Entry::Static(_) => Ok(Sizes::new()),
    }
}

/// The report CSVs' schema, the Data Package, the DCAT catalogue and the
/// `/data/` page (`entries`, in this order), once `sizes` holds every other
/// file's size. The page is carried over when the change does not affect it.
pub(crate) fn write_catalogues(
    views: &Views,
    tera: &Tera,
    common: &Context,
    entries: &[&Entry],
    mut sizes: Sizes,
    reuse: Option<Reuse>,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let archive = views.archive;
    let mut rendered = 0;
    // The catalogues describe every other file by its size: they may be
    // carried over only if no size changed either.
    let same_sizes = reuse.is_some_and(|r| sizes.iter().all(|(path, &size)| r.previous.size(path) == Some(size)));
    for &entry in entries {
        if matches!(entry, Entry::ReportSchema | Entry::DataPackage | Entry::Catalog) {
            let path = entry.path(archive);
            let carried = match reuse {
                Some(reuse) if same_sizes && !reuse.change.affects(archive, entry) => {
                    match reuse.previous.size(&path) {
                        Some(size) if sink.carry(reuse.previous, &path).map_err(|e| write_error(&path, e))? => {
                            Some(size)
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            if let Some(size) = carried {
                sizes.insert(path, size);
                continue;
            }
        }
        let bytes = match entry {
            Entry::ReportSchema => data::package::report_schema(archive),
            Entry::DataPackage => data::package::datapackage(archive, &sizes),
            Entry::Catalog => data::catalog::catalog(archive, &sizes),
            Entry::Page(page) => {
                let path = page.file();
                match reuse {
                    Some(reuse) if !reuse.change.affects(archive, entry) && reuse.previous.has(&path) => {
                        sink.carry(reuse.previous, &path).map_err(|e| write_error(&path, e))?;
                    }
                    _ => {
                        let _ = views.sizes.set(sizes.clone());
                        let html = render_page(views, tera, common, page)?;
                        sink.put(&path, html.as_bytes()).map_err(|e| write_error(&path, e))?;
                        rendered += 1;
                    }
                }
                continue;
            }
            // not catalogues (`Steps::of` puts only the four above here)
            Entry::Data(_)
            | Entry::Chart(_)
            | Entry::Card
            | Entry::Atom
            | Entry::Sitemap
            | Entry::Robots
            | Entry::SearchIndex
            | Entry::Static(_) => continue,
        };
        let path = entry.path(archive);
        sink.put(&path, &bytes).map_err(|e| write_error(&path, e))?;
        sizes.insert(path, bytes.len() as u64);
    }
    Ok(rendered)
}
