//! Pages of a site with several publishers: each publisher's archive
//! (`/reports/<publisher>/`, `/reports/<publisher>/<year>/`), the list of
//! publishers on `/reports/`, and the year page's publishers × months table.
//!
//! A national archive holds tens of thousands of reports: these views never
//! build a card per report of the whole archive, only of one publisher.

use serde::Serialize;

use super::views::{Link, Views, YearGroup};
use crate::config::Publisher;
use crate::period::Period;

/// A publisher in the list on `/reports/`.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct PublisherEntry {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) count: String,
    /// The number of reports, for sorting.
    pub(crate) count_value: usize,
    /// Its latest report, if any.
    pub(crate) latest: Option<Link>,
    /// Its months, when bounded: "Reports until tháng 6/2025".
    pub(crate) active: Option<String>,
    /// The publisher it was merged into, if any.
    pub(crate) successor: Option<Link>,
}

/// One name of a publisher, with the months it was borne.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct NameView {
    pub(crate) name: String,
    /// "từ tháng 3/2025 đến tháng 6/2025"; empty for a publisher with one name always.
    pub(crate) when: String,
    pub(crate) from_iso: String,
    pub(crate) until_iso: String,
}

/// A publisher related to this one by a merge.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct RelatedView {
    pub(crate) id: String,
    pub(crate) link: Link,
    /// "From tháng 7/2025, merged into …" / "Merged from … (reports until …)".
    pub(crate) text: String,
    /// The month of the merge: the first month the successor reports for it.
    pub(crate) merged_iso: String,
}

/// `/reports/<publisher>/`.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct PublisherView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) count: String,
    pub(crate) years: Vec<YearGroup>,
    /// Its history page of every indicator it has figures for.
    pub(crate) indicators: Vec<Link>,
    /// Its months, when bounded.
    pub(crate) active: Option<String>,
    /// Its names, oldest first; empty when it only ever had one.
    pub(crate) names: Vec<NameView>,
    pub(crate) successor: Option<RelatedView>,
    pub(crate) predecessors: Vec<RelatedView>,
}

/// Publishers as rows, months as columns: one link per report of the year.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct YearMatrix {
    /// Column headings: `T1`…`T12` / `Jan`…`Dec`, and their full names.
    pub(crate) months: Vec<Link>,
    pub(crate) rows: Vec<MatrixRow>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct MatrixRow {
    pub(crate) name: String,
    /// The publisher's page for this year.
    pub(crate) url: String,
    /// Twelve cells: the report's page, or `None` for a month without report.
    pub(crate) cells: Vec<Option<Link>>,
    /// Twelve flags: the months outside the publisher's `from`…`until`
    /// (not expected, never "missing").
    pub(crate) inactive: Vec<bool>,
}

/// The name a publisher bears in `year`: the one of its last active month in it.
pub(crate) fn publisher_name_in_year(publisher: &Publisher, year: i16) -> String {
    let december = Period { year, month: 12 };
    let last = publisher.until.filter(|u| *u < december).unwrap_or(december);
    publisher.name_at(last).to_string()
}

/// "Báo cáo từ … đến …" for a bounded publisher, `None` otherwise.
pub(crate) fn active_text(views: &Views, publisher: &Publisher) -> Option<String> {
    let key = match (publisher.from, publisher.until) {
        (Some(_), Some(_)) => "reports_from_until",
        (Some(_), None) => "reports_from",
        (None, Some(_)) => "reports_until",
        (None, None) => return None,
    };
    Some(fill(views, key, publisher.from, publisher.until, ""))
}

/// A UI string with `{from}`, `{until}` (as months) and `{name}` filled in.
fn fill(views: &Views, key: &str, from: Option<Period>, until: Option<Period>, name: &str) -> String {
    let month = |p: Option<Period>| p.map(|p| views.locale.period(p)).unwrap_or_default();
    views.locale.fill(key, &[("from", &month(from)), ("until", &month(until)), ("name", name)])
}

fn names_view(views: &Views, publisher: &Publisher) -> Vec<NameView> {
    if publisher.names.is_empty() {
        return Vec::new();
    }
    publisher
        .name_spans()
        .into_iter()
        .map(|span| {
            let key = match (span.from, span.until) {
                (Some(_), Some(_)) => "name_from_until",
                (Some(_), None) => "name_from",
                (None, Some(_)) => "name_until",
                (None, None) => "",
            };
            NameView {
                when: if key.is_empty() { String::new() } else { fill(views, key, span.from, span.until, "") },
                from_iso: span.from.map(|p| p.to_string()).unwrap_or_default(),
                until_iso: span.until.map(|p| p.to_string()).unwrap_or_default(),
                name: span.name,
            }
        })
        .collect()
}

pub(crate) fn successor_view(views: &Views, publisher: &Publisher) -> Option<RelatedView> {
    let successor = views.archive.config.publisher(publisher.successor()?)?;
    let merged = publisher.until?.next();
    let name = successor.name_at(merged);
    Some(RelatedView {
        id: successor.id.clone(),
        link: Link { title: name.to_string(), url: views.url(&crate::routes::publisher(&successor.id)) },
        text: fill(views, "merged_into", Some(merged), None, name),
        merged_iso: merged.to_string(),
    })
}

fn predecessor_views(views: &Views, publisher: &Publisher) -> Vec<RelatedView> {
    let config = &views.archive.config;
    publisher
        .predecessors()
        .iter()
        .filter_map(|id| config.publisher(id))
        .map(|p| {
            let name = p.until.map_or(p.latest_name(), |u| p.name_at(u));
            RelatedView {
                id: p.id.clone(),
                link: Link { title: name.to_string(), url: views.url(&crate::routes::publisher(&p.id)) },
                text: fill(views, "merged_from", p.until.map(Period::next), p.until, name),
                merged_iso: p.until.map(|u| u.next().to_string()).unwrap_or_default(),
            }
        })
        .collect()
}

/// Every publisher, in site.yaml's order, with its count and latest report.
pub(crate) fn publisher_entries(views: &Views) -> Vec<PublisherEntry> {
    views
        .archive
        .config
        .publishers
        .iter()
        .map(|p| {
            let mine = views.reports_of(&p.id);
            let latest = mine.first().map(|&i| {
                let r = &views.archive.reports[i];
                Link { title: views.locale.period_title(r.period), url: views.url(&views.archive.report_path(r)) }
            });
            PublisherEntry {
                id: p.id.clone(),
                name: p.latest_name().to_string(),
                url: views.url(&crate::routes::publisher(&p.id)),
                count: views.locale.report_count(mine.len()),
                count_value: mine.len(),
                latest,
                active: active_text(views, p),
                successor: successor_view(views, p).map(|s| s.link),
            }
        })
        .collect()
}

/// Cards of `indices` (newest first) grouped by year; `year_url` names each year's page.
fn group_by_year(views: &Views, indices: &[usize], year_url: &dyn Fn(i16) -> String) -> Vec<YearGroup> {
    let mut groups: Vec<YearGroup> = Vec::new();
    for &i in indices {
        let year = views.archive.reports[i].period.year;
        if groups.last().is_none_or(|g| g.year != year) {
            groups.push(YearGroup { year, url: year_url(year), count: String::new(), reports: Vec::new() });
        }
        if let Some(group) = groups.last_mut() {
            group.reports.push(views.card(i));
        }
    }
    for group in &mut groups {
        group.count = views.locale.report_count(group.reports.len());
    }
    groups
}

pub(crate) fn publisher(views: &Views, publisher: &Publisher) -> PublisherView {
    let mine = views.reports_of(&publisher.id);
    let id = publisher.id.as_str();
    let indicators = views
        .archive
        .registry
        .indicators
        .iter()
        .filter(|ind| mine.iter().any(|&i| views.archive.reports[i].metric(&ind.id).is_some()))
        .map(|ind| Link { title: ind.name.clone(), url: views.url(&crate::routes::indicator_publisher(&ind.id, id)) })
        .collect();
    PublisherView {
        id: id.to_string(),
        name: publisher.latest_name().to_string(),
        count: views.locale.report_count(mine.len()),
        years: group_by_year(views, &mine, &|y| views.url(&crate::routes::publisher_year(id, y))),
        indicators,
        active: active_text(views, publisher),
        names: names_view(views, publisher),
        successor: successor_view(views, publisher),
        predecessors: predecessor_views(views, publisher),
    }
}

/// The publishers × months table of a year.
pub(crate) fn year_matrix(views: &Views, year: i16) -> YearMatrix {
    let months = (1..=12u8).map(|m| Link { title: views.locale.month_short(m), url: views.locale.month(m) }).collect();
    let months_of =
        |p: &Publisher| -> Vec<bool> { (1..=12u8).map(|m| p.is_active(Period { year, month: m })).collect() };
    let rows = views
        .archive
        .config
        .publishers
        .iter()
        .map(|p| (p, views.reports_of(&p.id)))
        // A publisher with no month in this year and no report in it has no row.
        .filter(|(p, mine)| {
            months_of(p).contains(&true) || mine.iter().any(|&i| views.archive.reports[i].period.year == year)
        })
        .map(|(p, mine)| {
            let mut cells = vec![None; 12];
            for i in mine {
                let r = &views.archive.reports[i];
                if r.period.year == year {
                    cells[usize::from(r.period.month) - 1] = Some(Link {
                        title: views.locale.period_title(r.period),
                        url: views.url(&views.archive.report_path(r)),
                    });
                }
            }
            MatrixRow {
                name: publisher_name_in_year(p, year),
                url: views.url(&crate::routes::publisher_year(&p.id, year)),
                cells,
                inactive: months_of(p).into_iter().map(|a| !a).collect(),
            }
        })
        .collect();
    YearMatrix { months, rows }
}

/// Year groups with counts only (no cards): the archive list of a national archive.
pub(crate) fn year_counts(views: &Views) -> Vec<YearGroup> {
    let mut groups: Vec<YearGroup> = views
        .archive
        .years()
        .into_iter()
        .map(|year| YearGroup {
            year,
            url: views.url(&crate::routes::year(year)),
            count: String::new(),
            reports: vec![],
        })
        .collect();
    for group in &mut groups {
        let n = views.archive.reports.iter().filter(|r| r.period.year == group.year).count();
        group.count = views.locale.report_count(n);
    }
    groups
}
