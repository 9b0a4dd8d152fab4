//! From the archive to the bytes of every output file.
//!
//! [`plan`] lists every file to emit, pages and the others (pure);
//! [`render_page`] renders one page with the theme's templates. [`render_into`], the one entry point (called by
//! [`Session::render_into`](crate::session::Session::render_into)),
//! renders every file of the site in parallel into a sink (`build` streams
//! them into a staging folder, `serve` and tests collect them in memory);
//! pages an [`incremental::Invalidation`] does not affect are carried over from
//! the previous output. Nothing here touches the file system.

pub(crate) mod by_publisher;
pub(crate) mod chart;
pub(crate) mod cite;
pub(crate) mod combined_view;
pub(crate) mod coverage;
pub(crate) mod data_page;
pub(crate) mod digest;
pub(crate) mod feeds;
pub(crate) mod fingerprint;
pub(crate) mod history;
pub(crate) mod home_view;
pub(crate) mod incremental;
pub(crate) mod indicator_views;
pub(crate) mod national_views;
pub(crate) mod opendata;
pub(crate) mod plan;
pub(crate) mod publisher_views;
pub(crate) mod raster;
pub(crate) mod report_view;
pub(crate) mod reports_view;
pub(crate) mod reuse;
pub(crate) mod revision_views;
pub(crate) mod scale;
pub(crate) mod share;
pub(crate) mod site;
pub(crate) mod takeaway;
pub(crate) mod templates;
pub(crate) mod views;

use serde::Serialize;
use tera::{Context, Tera};

use crate::routes;
pub(crate) use plan::{Entry, plan};
// What the pipeline's public types carry (`Session::render_into`, the
// output folder's state, `session::template_errors`).
pub use raster::{NoStore, Store};
pub use reuse::{RenderError, Reuse};
pub(crate) use site::render_into;
pub use site::{Rendered, SearchIndex};
pub use templates::TemplateError;

/// What the benchmarks (`examples/page-times.rs`, `chart-times.rs`) and
/// the incremental oracle (`tests/incremental.rs`) reach beside the
/// pipeline: one step of rendering at a time. Nothing else of `render` or
/// `data` is public.
pub mod bench {
    pub use super::plan::pages;
    pub use super::raster::png;
    pub use super::site::search_index_files;
    pub use super::takeaway::{ChartImage, images as chart_images, svg as chart_svg};
    pub use super::templates::load as load_templates;
    pub use super::views::Views;
    pub use super::{Page, PageKind, common_context, render_page};
    pub use crate::data::Sizes;
    pub use crate::data::catalog::catalog;
    pub use crate::data::package::datapackage;
}
use views::{Link, Views};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Reports,
    Year(i16),
    Report(usize),
    Search,
    /// `/indicators/`.
    Indicators,
    /// `/indicators/<id>/`: index in the registry.
    Indicator(usize),
    /// `/indicators/<id>/<publisher>/`: indices in the registry and in site.yaml's publishers.
    IndicatorPublisher(usize, usize),
    /// `/reports/<publisher>/`: index in site.yaml's publishers.
    Publisher(usize),
    /// `/reports/<publisher>/<year>/`.
    PublisherYear(usize, i16),
    /// `/embed/<id>/` (and `/embed/<id>/<publisher>/`): a chart for other sites to frame.
    Embed(usize, Option<usize>),
    /// `/data/`: the catalogue of every download (rendered after the files it lists).
    Data,
    /// `/coverage/`: which publisher reported which month, on time or late.
    Coverage,
    NotFound,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// Site path: `reports/2014/08/` for a folder page, `404.html` for a file.
    pub path: String,
    pub kind: PageKind,
}

impl Page {
    /// The output file: folder pages become `…/index.html`.
    pub fn file(&self) -> String {
        if self.path.is_empty() || self.path.ends_with('/') {
            format!("{}index.html", self.path)
        } else {
            self.path.clone()
        }
    }
}

/// What every page gets: `site`, `t` (the UI strings) and `generator`.
/// No page names the search index's version (the script asks
/// `search/index/version.json`): a page's bytes depend only on what it
/// shows, so an incremental build leaves unchanged pages alone.
pub fn common_context(views: &Views) -> Context {
    let mut context = Context::new();
    let site = views.site();
    context.insert("site", &site);
    context.insert("t", &views.locale.strings());
    context.insert("open_site", &share::site(views));
    context.insert("generator", &format!("annals {}", env!("CARGO_PKG_VERSION")));
    context
}

/// One page's HTML.
pub fn render_page(views: &Views, tera: &Tera, common: &Context, page: &Page) -> Result<String, TemplateError> {
    let l = &views.locale;
    let archive = views.archive;
    let site_title = archive.config.title.clone();
    let description = archive.config.description.clone().unwrap_or_default();
    let (template, meta, view) = match page.kind {
        PageKind::Home => (
            "index.html",
            views.meta(site_title, &page.path, description, "home", vec![]),
            to_value(&home_view::home(views)),
        ),
        PageKind::Reports => (
            "reports.html",
            views.meta(l.text("all_reports").into(), &page.path, description, "reports", vec![views.crumb_home()]),
            to_value(&reports_view::reports(views)),
        ),
        PageKind::Year(year) => (
            "year.html",
            views.meta(
                format!("{} {year}", l.text("reports_of_year")),
                &page.path,
                description,
                "reports",
                vec![views.crumb_home(), views.crumb_reports()],
            ),
            to_value(&reports_view::year(views, year)),
        ),
        PageKind::Report(index) => {
            let report = &archive.reports[index];
            let view = report_view::report(views, index);
            let year = report.period.year;
            let mut crumbs = vec![views.crumb_home(), views.crumb_reports()];
            match report.publisher.as_deref().and_then(|p| views.publisher_link_at(p, report.period)) {
                Some(publisher) => {
                    let url = views
                        .url(&crate::routes::publisher_year(report.publisher.as_deref().unwrap_or_default(), year));
                    crumbs.push(publisher);
                    crumbs.push(Link { title: year.to_string(), url });
                }
                None => crumbs.push(Link { title: year.to_string(), url: views.url(&crate::routes::year(year)) }),
            }
            let meta = views.meta(views.report_title(report), &page.path, view.summary.clone(), "reports", crumbs);
            ("report.html", meta, to_value(&view))
        }
        PageKind::Publisher(p) => {
            let publisher = &archive.config.publishers[p];
            let meta = views.meta(
                publisher.latest_name().to_string(),
                &page.path,
                description,
                "reports",
                vec![views.crumb_home(), views.crumb_reports()],
            );
            ("publisher.html", meta, to_value(&publisher_views::publisher(views, publisher)))
        }
        PageKind::PublisherYear(p, year) => {
            let publisher = &archive.config.publishers[p];
            let crumbs = vec![
                views.crumb_home(),
                views.crumb_reports(),
                Link {
                    title: publisher.latest_name().to_string(),
                    url: views.url(&crate::routes::publisher(&publisher.id)),
                },
            ];
            let name = publisher_views::publisher_name_in_year(publisher, year);
            let title = format!("{name} — {} {year}", l.text("year").to_lowercase());
            (
                "year.html",
                views.meta(title, &page.path, description, "reports", crumbs),
                to_value(&reports_view::publisher_year(views, publisher, year)),
            )
        }
        PageKind::Search => (
            "search.html",
            views.meta(l.text("search").into(), &page.path, description, "search", vec![views.crumb_home()]),
            to_value(&crate::search::page_view(archive, crate::routes::publisher)),
        ),
        PageKind::Indicators | PageKind::Indicator(_) | PageKind::IndicatorPublisher(..) => indicator_page(views, page),
        PageKind::Embed(..) => {
            let image = share::page_chart(page).unwrap_or(takeaway::ChartImage::Indicator(0));
            let view = data_page::embed(views, image);
            ("embed.html", views.meta(view.title.clone(), &page.path, view.alt.clone(), "", vec![]), to_value(&view))
        }
        PageKind::Data => (
            "data.html",
            views.meta(
                l.text("data_catalog").into(),
                &page.path,
                l.text("data_catalog_lead").into(),
                "data",
                vec![views.crumb_home()],
            ),
            to_value(&data_page::view(views)),
        ),
        PageKind::Coverage => (
            "coverage.html",
            views.meta(
                l.text("coverage").into(),
                &page.path,
                l.text("coverage_lead").into(),
                "",
                vec![views.crumb_home()],
            ),
            to_value(&coverage::coverage(views)),
        ),
        PageKind::NotFound => (
            "404.html",
            views.meta(l.text("not_found_title").into(), &page.path, String::new(), "", vec![]),
            to_value(&views::NotFoundView {}),
        ),
    };
    let mut context = common.clone();
    context.insert("share", &share::page(views, page, &meta));
    context.insert("page", &meta);
    context.insert_value("view", view);
    templates::render(tera, template, &context)
}

/// The template, metadata and view of an indicator page.
fn indicator_page(views: &Views, page: &Page) -> (&'static str, views::PageMeta, tera::Value) {
    let l = &views.locale;
    let archive = views.archive;
    let crumb_indicators = || Link { title: l.text("indicators").into(), url: views.url(routes::INDICATORS) };
    let registry = &archive.registry;
    match page.kind {
        PageKind::Indicator(i) | PageKind::IndicatorPublisher(i, _) => {
            let indicator = &registry.indicators[i];
            let (view, title, crumbs) = match page.kind {
                PageKind::IndicatorPublisher(_, p) => {
                    let publisher = &archive.config.publishers[p];
                    let indicator_crumb = Link {
                        title: indicator.name.clone(),
                        url: views.url(&crate::routes::indicator(&indicator.id)),
                    };
                    (
                        history::history(views, indicator, Some(&publisher.id)),
                        format!("{} — {}", indicator.name, publisher.latest_name()),
                        vec![views.crumb_home(), crumb_indicators(), indicator_crumb],
                    )
                }
                _ if !archive.config.publishers.is_empty() => (
                    history::comparison(views, indicator),
                    indicator.name.clone(),
                    vec![views.crumb_home(), crumb_indicators()],
                ),
                _ => (
                    history::history(views, indicator, None),
                    indicator.name.clone(),
                    vec![views.crumb_home(), crumb_indicators()],
                ),
            };
            let description = indicator.description.clone().unwrap_or_else(|| view.table.caption.clone());
            ("indicator.html", views.meta(title, &page.path, description, "indicators", crumbs), to_value(&view))
        }
        _ => (
            "indicators.html",
            views.meta(
                l.text("indicators").into(),
                &page.path,
                l.text("indicators_lead").into(),
                "indicators",
                vec![views.crumb_home()],
            ),
            to_value(&indicator_views::index(views)),
        ),
    }
}

/// The view as the templates get it (straight into Tera's values, without
/// a detour through `serde_json::Value`).
fn to_value<T: Serialize>(view: &T) -> tera::Value {
    tera::Value::from_serializable(view)
}
