//! The month × publisher table of an indicator's comparison page: the
//! headline figure of every publisher, newest month first, with the
//! national sum of the months every active publisher reported.

use serde::Serialize;

use super::indicator_views::headline_unit;
use super::views::Views;
use crate::data;
use crate::national::National;
use crate::registry::Indicator;

#[derive(Serialize, Clone, Debug)]
pub(crate) struct ByPublisherTable {
    /// Column headings: the publishers' names without the words they all
    /// share ("Quảng Ninh" for "Sở Thông tin và Truyền thông Quảng Ninh").
    pub(crate) columns: Vec<ByPublisherColumn>,
    pub(crate) rows: Vec<ByPublisherRow>,
    /// The measure adds up: the table has a national column.
    pub(crate) has_total: bool,
    pub(crate) csv_url: String,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct ByPublisherColumn {
    pub(crate) short: String,
    pub(crate) name: String,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct ByPublisherRow {
    pub(crate) period: String,
    pub(crate) period_iso: String,
    /// Formatted figures, in the order of the columns; empty: not reported.
    pub(crate) cells: Vec<String>,
    /// The national sum, when every active publisher reported.
    pub(crate) total: String,
    /// "8/10 publishers reported" when some did not.
    pub(crate) reported: String,
}

/// The words every name starts with, dropped from all of them (kept whole
/// when that would leave a name empty).
pub(crate) fn short_names(names: &[&str]) -> Vec<String> {
    let words: Vec<Vec<&str>> = names.iter().map(|n| n.split_whitespace().collect()).collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let mut common = 0;
    while names.len() > 1 && common + 1 < shortest && words.iter().all(|w| w[common] == words[0][common]) {
        common += 1;
    }
    words.iter().map(|w| w[common..].join(" ")).collect()
}

pub(crate) fn table(views: &Views, indicator: &Indicator) -> Option<ByPublisherTable> {
    let archive = views.archive;
    let l = &views.locale;
    if archive.config.publishers.len() < 2 {
        return None;
    }
    let national = National::new(archive, indicator);
    if national.months.is_empty() {
        return None;
    }
    let unit = headline_unit(archive, indicator);
    let names: Vec<&str> = archive.config.publishers.iter().map(|p| p.latest_name()).collect();
    let columns = short_names(&names)
        .into_iter()
        .zip(&names)
        .map(|(short, name)| ByPublisherColumn { short, name: name.to_string() })
        .collect();
    let rows = national
        .months
        .iter()
        .rev()
        .map(|month| ByPublisherRow {
            period: l.period_title(month.period),
            period_iso: month.period.to_string(),
            cells: national
                .figures_of(month.period)
                .into_iter()
                .map(|v| v.map(|v| l.value_with_unit(v, unit)).unwrap_or_default())
                .collect(),
            total: if national.adds_up && month.complete() {
                l.value_with_unit(month.sum, unit)
            } else {
                String::new()
            },
            reported: if month.complete() {
                String::new()
            } else {
                l.fill("reported_of", &[("n", &month.reported.to_string()), ("m", &month.active.to_string())])
            },
        })
        .collect();
    Some(ByPublisherTable {
        columns,
        rows,
        has_total: national.adds_up,
        csv_url: views.url(&data::by_publisher_csv_path(&indicator.id)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_words_are_dropped() {
        assert_eq!(
            short_names(&["Sở Thông tin và Truyền thông Quảng Ninh", "Sở Thông tin và Truyền thông Hà Nội"]),
            ["Quảng Ninh", "Hà Nội"]
        );
        assert_eq!(short_names(&["Sở A", "Sở A B"]), ["A", "A B"]);
        assert_eq!(short_names(&["Only one"]), ["Only one"]);
    }
}
