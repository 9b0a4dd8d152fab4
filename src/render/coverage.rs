//! `/coverage/`: which publisher reported which month, on time or late
//! (its `issued` date against site.yaml's `due`), and which months are
//! missing; each publisher's latest period. Without `due`, only reported or
//! missing. Every status is a word in the cell (a symbol for the eye, a
//! word for screen readers), never a colour alone.

use serde::Serialize;

use super::views::{Link, Views};
use crate::config::Due;
use crate::national::active_publishers;
use crate::period::{Date, Period};

/// One publisher × month.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct CoverageCell {
    /// `on-time`, `late`, `reported` (no due date, or no date of issue),
    /// `missing`, or `none` (the publisher was not expected to report).
    pub(crate) status: &'static str,
    /// What the eye reads: `✓`, `+5` (days late), `●`, `✗`, or empty.
    pub(crate) mark: String,
    /// The status in words, with the date of issue.
    pub(crate) label: String,
    /// The report's page, when there is one.
    pub(crate) url: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct CoverageRow {
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) cells: Vec<CoverageCell>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct CoverageYear {
    pub(crate) year: i16,
    pub(crate) id: String,
    /// The latest year is shown open.
    pub(crate) open: bool,
    pub(crate) rows: Vec<CoverageRow>,
}

/// A publisher's totals over the whole archive.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct CoverageSummary {
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) latest: Option<Link>,
    pub(crate) latest_iso: String,
    pub(crate) on_time: String,
    pub(crate) late: String,
    pub(crate) reported: String,
    pub(crate) missing: String,
    pub(crate) missing_value: usize,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct LegendItem {
    pub(crate) status: &'static str,
    pub(crate) mark: &'static str,
    pub(crate) label: String,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct CoverageView {
    pub(crate) has_due: bool,
    /// "Due by day 20 of the month after the period."
    pub(crate) due: Option<String>,
    pub(crate) first_period: Option<String>,
    pub(crate) last_period: Option<String>,
    /// Column headings (`T1`…`T12`), with the full month name as `url`.
    pub(crate) months: Vec<Link>,
    pub(crate) summary: Vec<CoverageSummary>,
    /// Newest first.
    pub(crate) years: Vec<CoverageYear>,
    pub(crate) legend: Vec<LegendItem>,
}

/// The status of one report against the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    OnTime,
    /// Days after the due date.
    Late(i64),
    /// Reported; no due date, or the report gives no date of issue.
    Reported,
}

/// A report of `period` issued on `issued`, against `due`.
pub(crate) fn status(period: Period, issued: Option<Date>, due: Option<Due>) -> Status {
    match (issued, due) {
        (Some(issued), Some(due)) => {
            let deadline = due.date(period);
            if issued <= deadline { Status::OnTime } else { Status::Late(days_between(deadline, issued)) }
        }
        _ => Status::Reported,
    }
}

fn days_between(from: Date, to: Date) -> i64 {
    let civil = |d: Date| jiff::civil::Date::new(d.year, d.month as i8, d.day as i8).ok();
    match (civil(from), civil(to)) {
        (Some(a), Some(b)) => a.until(b).map(|span| i64::from(span.get_days())).unwrap_or(0),
        _ => 0,
    }
}

fn periods(first: Period, last: Period) -> Vec<Period> {
    let mut out = Vec::new();
    let mut p = first;
    while p <= last {
        out.push(p);
        p = p.next();
    }
    out
}

pub(crate) fn coverage(views: &Views) -> CoverageView {
    let archive = views.archive;
    let l = &views.locale;
    let due = archive.config.due;
    let first = archive.reports.iter().map(|r| r.period).min();
    let last = archive.reports.iter().map(|r| r.period).max();
    let months = (1..=12u8).map(|m| Link { title: l.month_short(m), url: l.month(m) }).collect();
    // (id, name, url): the declared publishers, or the site itself.
    let publishers: Vec<(Option<&str>, String, String)> = if archive.config.publishers.is_empty() {
        let name = archive.config.organization.clone().unwrap_or_else(|| archive.config.title.clone());
        vec![(None, name, views.url(crate::routes::REPORTS))]
    } else {
        archive
            .config
            .publishers
            .iter()
            .map(|p| (Some(p.id.as_str()), p.latest_name().to_string(), views.url(&crate::routes::publisher(&p.id))))
            .collect()
    };
    let (Some(first), Some(last)) = (first, last) else {
        return CoverageView {
            has_due: due.is_some(),
            due: due.map(|d| due_text(views, d)),
            first_period: None,
            last_period: None,
            months,
            summary: Vec::new(),
            years: Vec::new(),
            legend: legend(views, due.is_some()),
        };
    };
    let all = periods(first, last);
    // The grid: per publisher, per month of `all`, its cell.
    let grid: Vec<Vec<CoverageCell>> = publishers
        .iter()
        .map(|(id, name, _)| {
            let mine: Vec<usize> =
                (0..archive.reports.len()).filter(|&i| archive.reports[i].publisher.as_deref() == *id).collect();
            all.iter()
                .map(|&period| {
                    let report = mine.iter().copied().find(|&i| archive.reports[i].period == period);
                    let active = id.is_none_or(|id| active_publishers(archive, period).iter().any(|p| p.id == id));
                    cell(views, name, period, report, active, due)
                })
                .collect()
        })
        .collect();
    let summary = publishers
        .iter()
        .zip(&grid)
        .map(|((id, name, url), cells)| {
            let count = |s: &str| cells.iter().filter(|c| c.status == s).count();
            let latest =
                archive.reports.iter().filter(|r| r.publisher.as_deref() == *id).max_by_key(|r| r.period).map(|r| {
                    (r.period, Link { title: l.period_title(r.period), url: views.url(&archive.report_path(r)) })
                });
            let missing = count("missing");
            CoverageSummary {
                name: name.clone(),
                url: url.clone(),
                latest_iso: latest.as_ref().map(|(p, _)| p.to_string()).unwrap_or_default(),
                latest: latest.map(|(_, link)| link),
                on_time: l.number(count("on-time") as f64, 0),
                late: l.number(count("late") as f64, 0),
                reported: l.number(count("reported") as f64, 0),
                missing: l.number(missing as f64, 0),
                missing_value: missing,
            }
        })
        .collect();
    let mut years: Vec<CoverageYear> = (first.year..=last.year)
        .map(|year| CoverageYear {
            year,
            id: format!("y{year}"),
            open: year == last.year,
            rows: publishers
                .iter()
                .zip(&grid)
                .map(|((_, name, url), cells)| CoverageRow {
                    name: name.clone(),
                    url: url.clone(),
                    cells: (1..=12u8)
                        .map(|month| {
                            all.iter()
                                .position(|p| p.year == year && p.month == month)
                                .map(|i| cells[i].clone())
                                .unwrap_or_else(|| CoverageCell {
                                    status: "none",
                                    mark: String::new(),
                                    label: String::new(),
                                    url: None,
                                })
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    years.reverse();
    CoverageView {
        has_due: due.is_some(),
        due: due.map(|d| due_text(views, d)),
        first_period: Some(l.period(first)),
        last_period: Some(l.period(last)),
        months,
        summary,
        years,
        legend: legend(views, due.is_some()),
    }
}

fn due_text(views: &Views, due: Due) -> String {
    let key = if due.next_month { "due_next" } else { "due_same" };
    views.locale.text(key).replace("{d}", &due.day.to_string())
}

fn legend(views: &Views, has_due: bool) -> Vec<LegendItem> {
    let l = &views.locale;
    let mut items = Vec::new();
    if has_due {
        items.push(LegendItem { status: "on-time", mark: "✓", label: l.text("on_time").into() });
        items.push(LegendItem {
            status: "late",
            mark: "+n",
            label: format!("{} ({})", l.text("late"), l.text("days_late").replace("{n}", "n")),
        });
        items.push(LegendItem {
            status: "reported",
            mark: "●",
            label: format!("{} ({})", l.text("reported"), l.text("no_issue_date")),
        });
    } else {
        items.push(LegendItem { status: "reported", mark: "●", label: l.text("reported").into() });
    }
    items.push(LegendItem { status: "missing", mark: "✗", label: l.text("missing").into() });
    if views.archive.config.publishers.iter().any(|p| p.from.is_some() || p.until.is_some()) {
        items.push(LegendItem { status: "inactive", mark: "–", label: l.text("coverage_inactive").into() });
    }
    items
}

fn cell(
    views: &Views,
    name: &str,
    period: Period,
    report: Option<usize>,
    active: bool,
    due: Option<Due>,
) -> CoverageCell {
    let l = &views.locale;
    let archive = views.archive;
    let Some(index) = report else {
        return if active {
            CoverageCell {
                status: "missing",
                mark: "✗".into(),
                label: format!("{name}, {}: {}", l.period(period), l.text("missing")),
                url: None,
            }
        } else {
            // Outside the publisher's `from`…`until`: not expected, never missing.
            CoverageCell {
                status: "inactive",
                mark: "–".into(),
                label: format!("{name}, {}: {}", l.period(period), l.text("coverage_inactive")),
                url: None,
            }
        };
    };
    let r = &archive.reports[index];
    let issued = r.issued.map(|d| l.date(d));
    let (status, mark, words) = match status(period, r.issued, due) {
        Status::OnTime => ("on-time", "✓".to_string(), l.text("on_time").to_string()),
        Status::Late(days) => (
            "late",
            format!("+{days}"),
            format!("{}, {}", l.text("late"), l.text("days_late").replace("{n}", &days.to_string())),
        ),
        Status::Reported if due.is_some() => {
            ("reported", "●".into(), format!("{} ({})", l.text("reported"), l.text("no_issue_date")))
        }
        Status::Reported => ("reported", "●".into(), l.text("reported").to_string()),
    };
    let label = match issued {
        Some(date) => format!("{name}, {}: {words} ({} {date})", l.period(period), l.text("issued").to_lowercase()),
        None => format!("{name}, {}: {words}", l.period(period)),
    };
    CoverageCell { status, mark, label, url: Some(views.url(&archive.report_path(r))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_time_late_and_reported() {
        let p = Period::new(2014, 8).unwrap();
        let date = |text: &str| Date::parse(text);
        let next = Some(Due { day: 20, next_month: true });
        let same = Some(Due { day: 20, next_month: false });
        assert_eq!(status(p, date("2014-09-20"), next), Status::OnTime);
        assert_eq!(status(p, date("2014-09-25"), next), Status::Late(5));
        assert_eq!(status(p, date("2014-08-19"), same), Status::OnTime);
        assert_eq!(status(p, date("2014-08-21"), same), Status::Late(1));
        assert_eq!(status(p, None, next), Status::Reported);
        assert_eq!(status(p, date("2014-12-01"), None), Status::Reported);
        // Day 31 of a 30-day month is its last day.
        let feb = Period::new(2015, 1).unwrap();
        assert_eq!(status(feb, date("2015-02-28"), Some(Due { day: 31, next_month: true })), Status::OnTime);
    }
}
