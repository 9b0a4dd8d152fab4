//! The views of the report lists: every report by year (`/reports/`), one
//! year (`/reports/2014/`) and one publisher's year (`/reports/<id>/2014/`).

use serde::Serialize;

use super::publisher_views;
use super::views::{Link, ReportCard, Views, YearGroup};
use crate::config::Publisher;

#[derive(Serialize, Clone, Debug)]
pub(crate) struct ReportsView {
    /// Newest first; on sites with several publishers, counts only (no cards).
    pub(crate) years: Vec<YearGroup>,
    pub(crate) count: String,
    /// Sites with several publishers: each with its page.
    pub(crate) publishers: Vec<super::publisher_views::PublisherEntry>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct YearView {
    pub(crate) year: i16,
    pub(crate) count: String,
    /// Newest first; empty when `matrix` is set.
    pub(crate) reports: Vec<ReportCard>,
    pub(crate) previous_year: Option<Link>,
    pub(crate) next_year: Option<Link>,
    /// Sites with several publishers: publishers × months instead of cards.
    pub(crate) matrix: Option<super::publisher_views::YearMatrix>,
}

pub(crate) fn reports(views: &Views) -> ReportsView {
    let multi = views.has_publishers();
    ReportsView {
        years: if multi { publisher_views::year_counts(views) } else { views.year_groups() },
        count: views.locale.report_count(views.archive.reports.len()),
        publishers: if multi { publisher_views::publisher_entries(views) } else { Vec::new() },
    }
}

pub(crate) fn year(views: &Views, year: i16) -> YearView {
    let multi = views.has_publishers();
    let cards = views.cards();
    let reports: Vec<ReportCard> = if multi {
        Vec::new()
    } else {
        views
            .newest_first()
            .iter()
            .filter(|&&i| views.archive.reports[i].period.year == year)
            .map(|&i| cards[i].clone())
            .collect()
    };
    let count = views.archive.reports.iter().filter(|r| r.period.year == year).count();
    let years = views.archive.years();
    let link = |y: i16| Link { title: y.to_string(), url: views.url(&crate::routes::year(y)) };
    YearView {
        year,
        count: views.locale.report_count(count),
        reports,
        previous_year: years.iter().copied().filter(|&y| y < year).max().map(link),
        next_year: years.iter().copied().filter(|&y| y > year).min().map(link),
        matrix: multi.then(|| publisher_views::year_matrix(views, year)),
    }
}

/// One publisher's reports of one year, as a year page.
pub(crate) fn publisher_year(views: &Views, publisher: &Publisher, year: i16) -> YearView {
    let mine = views.reports_of(&publisher.id);
    let reports: Vec<ReportCard> =
        mine.iter().filter(|&&i| views.archive.reports[i].period.year == year).map(|&i| views.card(i)).collect();
    let years: Vec<i16> = mine.iter().map(|&i| views.archive.reports[i].period.year).collect();
    let link = |y: i16| Link { title: y.to_string(), url: views.url(&crate::routes::publisher_year(&publisher.id, y)) };
    YearView {
        year,
        count: views.locale.report_count(reports.len()),
        reports,
        previous_year: years.iter().copied().filter(|&y| y < year).max().map(link),
        next_year: years.iter().copied().filter(|&y| y > year).min().map(link),
        matrix: None,
    }
}
