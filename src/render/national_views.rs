//! The home page of a site with several publishers: each publisher's
//! latest report, named, and the link to the reporting coverage. The
//! national figures themselves are the indicator cards
//! (`indicator_views::card` without a publisher).

use serde::Serialize;

use super::views::{Link, Views};

/// A publisher and its latest report, on the home page.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct PublisherLatest {
    pub(crate) name: String,
    /// The publisher's archive page.
    pub(crate) url: String,
    /// Its latest report (title: the period), if any.
    pub(crate) latest: Option<Link>,
    pub(crate) latest_iso: String,
    /// The report's own title.
    pub(crate) title: Option<String>,
    pub(crate) issued: Option<String>,
    pub(crate) issued_iso: Option<String>,
    /// Its latest report is of the archive's latest month.
    pub(crate) current: bool,
}

/// Every declared publisher with its latest report, in site.yaml's order.
pub(crate) fn latest_of_each(views: &Views) -> Vec<PublisherLatest> {
    let archive = views.archive;
    let l = &views.locale;
    let newest = archive.reports.iter().map(|r| r.period).max();
    archive
        .config
        .publishers
        .iter()
        .map(|p| {
            // Reports are sorted by (publisher, period): the last of its run.
            let reports = &archive.reports;
            let end = reports.partition_point(|r| r.publisher.as_deref() <= Some(p.id.as_str()));
            let latest = end.checked_sub(1).map(|i| &reports[i]).filter(|r| r.publisher.as_deref() == Some(&p.id));
            PublisherLatest {
                name: latest.map_or_else(|| p.latest_name().to_string(), |r| p.name_at(r.period).to_string()),
                url: views.url(&crate::routes::publisher(&p.id)),
                latest: latest
                    .map(|r| Link { title: l.period_title(r.period), url: views.url(&archive.report_path(r)) }),
                latest_iso: latest.map(|r| r.period.to_string()).unwrap_or_default(),
                title: latest.map(|r| r.title.clone()),
                issued: latest.and_then(|r| r.issued).map(|d| l.date(d)),
                issued_iso: latest.and_then(|r| r.issued).map(|d| d.to_string()),
                current: latest.is_some_and(|r| Some(r.period) == newest),
            }
        })
        .collect()
}
