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
use super::{Page, PageKind, render_page};
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
    reuse: Option<Reuse>,
    sink: &dyn Sink,
    charts: &dyn Store,
) -> Result<Sizes, RenderError> {
    let archive = views.archive;
    let (svg_path, png_path) = (image.svg_path(archive), image.png_path(archive));
    let indicator = &archive.registry.indicators[image.indicator()];
    let unchanged = reuse.is_some_and(|r| !r.change.affects_chart((&indicator.id, image.publisher(archive))));
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

/// Every chart image and the share card, in parallel; their sizes.
pub(crate) fn write_charts(
    views: &Views,
    reuse: Option<Reuse>,
    sink: &dyn Sink,
    charts: &dyn Store,
) -> Result<Sizes, RenderError> {
    let archive = views.archive;
    let card = || -> Result<Sizes, RenderError> {
        let path = takeaway::CARD_PATH;
        let unchanged = reuse.is_some_and(|r| !r.change.everything);
        let size = match carried(reuse, unchanged, path, sink)? {
            Some(size) => size,
            None => {
                let png = raster::png_kept(&takeaway::card_svg(archive), charts).map_err(|e| raster_error(path, e))?;
                sink.put(path, &png).map_err(|e| write_error(path, e))?;
                png.len() as u64
            }
        };
        Ok(Sizes::from([(path.to_string(), size)]))
    };
    let (card, charts) = rayon::join(card, || {
        takeaway::plan(archive).into_par_iter().map(|image| write_chart(views, image, reuse, sink, charts)).try_reduce(
            Sizes::new,
            |mut a, b| {
                a.extend(b);
                Ok(a)
            },
        )
    });
    let mut sizes = card?;
    sizes.extend(charts?);
    Ok(sizes)
}

/// The Data Package, the DCAT catalogue, the report CSVs' schema and the
/// `/data/` page, once `sizes` holds every other file's size.
pub(crate) fn write_catalogues(
    views: &Views,
    tera: &Tera,
    common: &Context,
    pages: &[Page],
    mut sizes: Sizes,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let archive = views.archive;
    if archive.registry.indicators.is_empty() {
        return Ok(0);
    }
    let schema = data::package::report_schema(archive);
    sink.put(data::package::REPORT_SCHEMA_PATH, &schema)
        .map_err(|e| write_error(data::package::REPORT_SCHEMA_PATH, e))?;
    sizes.insert(data::package::REPORT_SCHEMA_PATH.into(), schema.len() as u64);
    let package = data::package::datapackage(archive, &sizes);
    sink.put(crate::routes::DATAPACKAGE, &package).map_err(|e| write_error(crate::routes::DATAPACKAGE, e))?;
    sizes.insert(crate::routes::DATAPACKAGE.into(), package.len() as u64);
    let catalog = data::catalog::catalog(archive, &sizes);
    sink.put(crate::routes::CATALOG, &catalog).map_err(|e| write_error(crate::routes::CATALOG, e))?;
    sizes.insert(crate::routes::CATALOG.into(), catalog.len() as u64);
    let _ = views.sizes.set(sizes);
    let mut rendered = 0;
    for page in pages.iter().filter(|p| p.kind == PageKind::Data) {
        let html = render_page(views, tera, common, page)?;
        sink.put(&page.file(), html.as_bytes()).map_err(|e| write_error(&page.file(), e))?;
        rendered += 1;
    }
    Ok(rendered)
}
