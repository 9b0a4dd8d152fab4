//! The home page's view: the latest report, the years, the headline
//! indicators and, on sites with several publishers, each one's latest report.

use serde::Serialize;

use super::views::{ReportCard, Views, YearGroup};

#[derive(Serialize, Clone, Debug)]
pub(crate) struct HomeView {
    pub(crate) latest: Option<ReportCard>,
    pub(crate) years: Vec<YearGroup>,
    /// The headline indicators with their latest figures; `None` without indicators.
    pub(crate) indicators: Option<super::indicator_views::HomeIndicators>,
    /// Sites with several publishers: each with its latest report.
    pub(crate) publishers: Vec<super::national_views::PublisherLatest>,
    /// The archive's latest month (sites with several publishers).
    pub(crate) latest_period: Option<String>,
    /// `/coverage/`: which publisher reported which month.
    pub(crate) coverage_url: String,
}

pub(crate) fn home(views: &Views) -> HomeView {
    HomeView {
        latest: views.newest_first().first().map(|&i| views.cards()[i].clone()),
        years: if views.has_publishers() { super::publisher_views::year_counts(views) } else { views.year_groups() },
        indicators: super::indicator_views::home(views),
        publishers: super::national_views::latest_of_each(views),
        latest_period: views
            .archive
            .reports
            .iter()
            .map(|r| r.period)
            .max()
            .filter(|_| views.has_publishers())
            .map(|p| views.locale.period_title(p)),
        coverage_url: views.url(crate::routes::COVERAGE),
    }
}
