//! From the archive to the bytes of every output file.
//!
//! [`plan`] lists the pages to emit (pure); [`render_site`] renders them in
//! parallel with the theme's templates and adds feeds, sitemap, robots.txt
//! and static files. [`render_site_reusing`] is the same path for `serve`'s
//! rebuilds: pages an [`incremental::Change`] does not affect are carried
//! over from the previous output. Nothing here touches the file system.

pub mod feeds;
pub mod incremental;
pub mod templates;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::archive::Archive;
use crate::content::theme::ThemeFiles;
use crate::output::Output;
use incremental::Change;
use templates::TemplateError;
use views::{Link, Views};

/// Where the default stylesheet is written.
pub const STYLESHEET: &str = "static/annals.css";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Reports,
    Year(i16),
    Report(usize),
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

/// Every HTML page of the site.
pub fn plan(archive: &Archive) -> Vec<Page> {
    let mut pages = vec![
        Page { path: String::new(), kind: PageKind::Home },
        Page { path: "reports/".into(), kind: PageKind::Reports },
        Page { path: "404.html".into(), kind: PageKind::NotFound },
    ];
    pages.extend(archive.years().into_iter().map(|y| Page { path: Archive::year_path(y), kind: PageKind::Year(y) }));
    pages.extend(
        archive
            .reports
            .iter()
            .enumerate()
            .map(|(i, r)| Page { path: archive.report_path(r), kind: PageKind::Report(i) }),
    );
    pages
}

/// Renders every file of the site.
pub fn render_site(archive: &Archive, tera: &Tera, theme: &ThemeFiles) -> Result<Output, TemplateError> {
    render_site_reusing(archive, tera, theme, None).map(|(output, _)| output)
}

/// A previous output and what changed since it was rendered.
#[derive(Clone, Copy)]
pub struct Reuse<'a> {
    pub previous: &'a Output,
    pub change: &'a Change,
}

/// Renders the site, carrying over from `reuse.previous` every page that
/// `reuse.change` does not affect. Feeds, sitemap and static files are
/// always made afresh (they are cheap). Also returns how many pages were
/// rendered.
pub fn render_site_reusing(
    archive: &Archive,
    tera: &Tera,
    theme: &ThemeFiles,
    reuse: Option<Reuse>,
) -> Result<(Output, usize), TemplateError> {
    let views = Views::new(archive);
    let common = common_context(&views);
    let pages = plan(archive);
    let (fresh, carried): (Vec<&Page>, Vec<&Page>) = pages.iter().partition(|page| match reuse {
        Some(reuse) => reuse.change.affects(page) || reuse.previous.get(&page.file()).is_none(),
        None => true,
    });
    let rendered: Result<Vec<(String, Vec<u8>)>, TemplateError> = fresh
        .par_iter()
        .map(|page| render_page(&views, tera, &common, page).map(|html| (page.file(), html.into_bytes())))
        .collect();
    let mut output = Output::new();
    for (path, bytes) in templates::DEFAULT_STATIC {
        output.insert(path.to_string(), bytes.to_vec());
    }
    for (path, bytes) in &theme.static_files {
        output.insert(path.clone(), bytes.clone());
    }
    if let Some(reuse) = reuse {
        for page in carried {
            output.carry(reuse.previous, &page.file());
        }
    }
    for (path, bytes) in rendered? {
        output.insert(path, bytes);
    }
    output.insert("atom.xml".into(), feeds::atom(&views).into_bytes());
    output.insert("sitemap.xml".into(), feeds::sitemap(&views, &pages).into_bytes());
    output.insert("robots.txt".into(), feeds::robots(&views).into_bytes());
    Ok((output, fresh.len()))
}

fn common_context(views: &Views) -> Context {
    let mut context = Context::new();
    context.insert("site", &views.site());
    context.insert("t", &views.locale.strings());
    context.insert("generator", &format!("annals {}", env!("CARGO_PKG_VERSION")));
    context
}

fn render_page(views: &Views, tera: &Tera, common: &Context, page: &Page) -> Result<String, TemplateError> {
    let l = &views.locale;
    let archive = views.archive;
    let site_title = archive.config.title.clone();
    let description = archive.config.description.clone().unwrap_or_default();
    let (template, meta, view) = match page.kind {
        PageKind::Home => {
            ("index.html", views.meta(site_title, &page.path, description, "home", vec![]), to_value(&views.home()))
        }
        PageKind::Reports => (
            "reports.html",
            views.meta(l.text("all_reports").into(), &page.path, description, "reports", vec![views.crumb_home()]),
            to_value(&views.reports()),
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
            to_value(&views.year(year)),
        ),
        PageKind::Report(index) => {
            let report = &archive.reports[index];
            let view = views.report(index);
            let year =
                Link { title: report.period.year.to_string(), url: views.url(&Archive::year_path(report.period.year)) };
            let meta = views.meta(
                views.report_title(report),
                &page.path,
                view.summary.clone(),
                "reports",
                vec![views.crumb_home(), views.crumb_reports(), year],
            );
            ("report.html", meta, to_value(&view))
        }
        PageKind::NotFound => (
            "404.html",
            views.meta(l.text("not_found_title").into(), &page.path, String::new(), "", vec![]),
            to_value(&views::NotFoundView {}),
        ),
    };
    let mut context = common.clone();
    context.insert("page", &meta);
    context.insert("view", &view);
    templates::render(tera, template, &context)
}

fn to_value<T: Serialize>(view: &T) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or(serde_json::Value::Null)
}
