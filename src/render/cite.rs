//! How to cite a report or an indicator, and the source line drawn into a
//! chart. A citation comes in every language of
//! [`LANGUAGES`](crate::locale::LANGUAGES), whatever the site language (a
//! reader may write in any): its forms are the strings files' `cite_*`
//! texts (the Vietnamese administrative form in `vi.yaml`), labelled by
//! the site's `cite_in_<code>`.
//!
//! Output is deterministic: the only dates are the report's own. The date
//! a reader consulted the page is left for the reader to fill in
//! ("truy cập ngày …/…/…", "accessed …"), since a build has no business
//! knowing today's date.

use serde::Serialize;

use crate::archive::Archive;
use crate::content::report::Report;
use crate::locale::{Language, Locale};
use crate::period::Period;
use crate::registry::Indicator;
use crate::series::Series;

/// A citation in every language, in [`LANGUAGES`](crate::locale::LANGUAGES)
/// order. Templates get `forms` (a list) and each form's text by its
/// language code (`citation.vi`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Citation {
    pub(crate) forms: Vec<Form>,
}

/// A citation in one language.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub(crate) struct Form {
    /// The language's code (the `lang` of the element that holds it).
    pub(crate) lang: &'static str,
    /// Which language, in the site's: its `cite_in_<code>` ("Tiếng Việt", "In English").
    pub(crate) label: String,
    pub(crate) text: String,
}

impl Citation {
    /// The citation `cite` writes in each language.
    pub(crate) fn new(archive: &Archive, cite: impl Fn(Language) -> String) -> Citation {
        let site = &archive.config.locale;
        let forms = Language::all()
            .map(|language| {
                let label = site.text(&format!("cite_in_{}", language.code())).to_string();
                Form { lang: language.code(), label, text: cite(language) }
            })
            .collect();
        Citation { forms }
    }
}

impl Serialize for Citation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.forms.len() + 1))?;
        map.serialize_entry("forms", &self.forms)?;
        for form in &self.forms {
            map.serialize_entry(form.lang, &form.text)?;
        }
        map.end()
    }
}

/// Who speaks in a report: its own organization, else its publisher's
/// name, else the site's organization, else the site's title. (A report
/// without `organization` gets the site's; with publishers, the publisher
/// is the better name for it.)
pub(crate) fn author(archive: &Archive, report: &Report) -> String {
    let config = &archive.config;
    let own =
        report.organization.clone().filter(|o| report.publisher.is_none() || Some(o) != config.organization.as_ref());
    let publisher = report.publisher.as_deref().and_then(|p| crate::publisher::find(&archive.config.publishers, p));
    own.or_else(|| publisher.map(|p| p.name_at(report.period).to_string()))
        .or_else(|| config.organization.clone())
        .unwrap_or_else(|| config.title.clone())
}

/// The latest name of a declared publisher (a series spans its names).
pub(crate) fn publisher_name(archive: &Archive, id: &str) -> Option<String> {
    crate::publisher::find(&archive.config.publishers, id).map(|p| p.latest_name().to_string())
}

/// Who publishes the site as a whole: its organization, else its title.
pub(crate) fn site_author(archive: &Archive) -> String {
    archive.config.organization.clone().unwrap_or_else(|| archive.config.title.clone())
}

/// The strings of `language`: the site's own (with its overrides) when it
/// is the site language, else the default theme's.
pub(crate) fn locale_of(archive: &Archive, language: Language) -> Locale {
    if archive.config.locale.language == language { archive.config.locale.clone() } else { Locale::new(language) }
}

/// `Báo cáo số 285/BC-STTTT ngày 19/8/2014` / `Report No. 285/BC-STTTT of 19 August 2014`;
/// without a number, `Báo cáo tháng 8/2014` / `Report for August 2014`.
pub(crate) fn document(archive: &Archive, report: &Report, language: Language) -> String {
    let l = locale_of(archive, language);
    let text = match &report.number {
        Some(number) => l.fill("cite_document_number", &[("number", number)]),
        None => l.fill("cite_document_period", &[("period", &l.period(report.period))]),
    };
    match report.issued {
        Some(issued) => l.fill("cite_document_issued", &[("document", &text), ("date", &l.date(issued))]),
        None => text,
    }
}

/// "Sở Thông tin và Truyền thông Quảng Ninh, Báo cáo số 285/BC-STTTT ngày
/// 19/8/2014, «title», <url>, truy cập ngày …/…/…."
pub(crate) fn report(archive: &Archive, index: usize) -> Citation {
    let report = &archive.reports[index];
    let who = author(archive, report);
    let url = archive.config.base_url.absolute(&archive.report_path(report));
    let cite = |language| {
        locale_of(archive, language).fill(
            "cite_report",
            &[
                ("who", &who),
                ("document", &document(archive, report, language)),
                ("title", &report.title),
                ("url", &url),
            ],
        )
    };
    Citation::new(archive, cite)
}

/// `tháng 1/2010 – tháng 8/2014` in one language.
fn range(archive: &Archive, first: Period, last: Period, language: Language) -> String {
    let l = locale_of(archive, language);
    if first == last { l.period(first) } else { format!("{} – {}", l.period(first), l.period(last)) }
}

/// The series of an indicator (one publisher's, or every report's) as a
/// citable work: who, what, which months, where.
pub(crate) fn indicator(archive: &Archive, indicator: &Indicator, publisher: Option<&str>) -> Citation {
    let series = Series::new(archive, indicator, publisher);
    let who = match publisher {
        Some(p) => publisher_name(archive, p).unwrap_or_else(|| site_author(archive)),
        None => site_author(archive),
    };
    let path = match publisher {
        Some(p) => crate::routes::indicator_publisher(&indicator.id, p),
        None => crate::routes::indicator(&indicator.id),
    };
    let url = archive.config.base_url.absolute(&path);
    let months = |language| match (series.first_period(), series.last_period()) {
        (Some(first), Some(last)) => format!(", {}", range(archive, first, last, language)),
        _ => String::new(),
    };
    let measure = archive.registry.measure(&indicator.headline).map_or(indicator.headline.as_str(), |m| &m.label);
    let cite = |language| {
        locale_of(archive, language).fill(
            "cite_indicator",
            &[
                ("who", &who),
                ("name", &indicator.name),
                ("measure", measure),
                ("months", &months(language)),
                ("url", &url),
            ],
        )
    };
    Citation::new(archive, cite)
}

/// The source line of a chart, in the site language: "Nguồn: Sở …, các
/// báo cáo tháng 1/2010 – tháng 8/2014; mới nhất: báo cáo số 285/BC-STTTT
/// ngày 19/8/2014".
pub(crate) fn chart_source(archive: &Archive, indicator: &Indicator, publisher: Option<&str>) -> String {
    let l = &archive.config.locale;
    let language = l.language;
    let series = Series::new(archive, indicator, publisher);
    let (Some(first), Some(last)) = (series.first_period(), series.last_period()) else {
        return l.text("chart_source_none").to_string();
    };
    let months = range(archive, first, last, language);
    let several = publisher.is_none() && !archive.config.publishers.is_empty();
    if several {
        // The publishers of the points, once (reports are sorted by publisher).
        let mut present: Vec<&str> =
            series.points.iter().filter_map(|x| archive.reports[x.report].publisher.as_deref()).collect();
        present.dedup();
        present.sort_unstable();
        present.dedup();
        let count = archive.config.publishers.iter().filter(|p| present.binary_search(&p.id.as_str()).is_ok()).count();
        return l.fill("chart_source_publishers", &[("count", &count.to_string()), ("months", &months)]);
    }
    let latest = series.points.last().map(|p| &archive.reports[p.report]);
    let who = latest.map_or_else(|| site_author(archive), |r| author(archive, r));
    let text = l.fill("chart_source", &[("who", &who), ("months", &months)]);
    match latest.filter(|r| r.number.is_some() || r.issued.is_some()) {
        Some(report) => {
            let document = document(archive, report, language);
            let mut chars = document.chars();
            let lowered: String = chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default();
            l.fill("chart_source_latest", &[("source", &text), ("document", &lowered)])
        }
        None => text,
    }
}

/// "Giấy phép: Creative Commons Attribution 4.0 (CC-BY-4.0)" in the site
/// language; `None` when site.yaml declares no licence.
pub(crate) fn license_line(archive: &Archive) -> Option<String> {
    let license = archive.config.license.as_ref()?;
    Some(archive.config.locale.fill("license_line", &[("name", &license.name), ("id", &license.id)]))
}

#[cfg(test)]
mod tests {
    use super::{Citation, Form};
    use crate::locale::{Language, default_strings};

    #[test]
    fn every_strings_file_labels_a_citation_in_every_language() {
        for language in Language::all() {
            for other in Language::all() {
                let key = format!("cite_in_{}", other.code());
                assert!(default_strings(language).contains_key(&key), "{}.yaml has no `{key}`", language.code());
            }
        }
    }

    #[test]
    fn templates_get_the_forms_in_order_and_each_text_by_its_code() {
        let form = |lang: &'static str, text: &str| Form { lang, label: format!("in {lang}"), text: text.into() };
        let citation = Citation { forms: vec![form("vi", "Báo cáo"), form("en", "Report")] };
        let value = serde_json::to_value(&citation).expect("serializes");
        assert_eq!(value["vi"], "Báo cáo");
        assert_eq!(value["en"], "Report");
        assert_eq!(value["forms"][0]["lang"], "vi");
        assert_eq!(value["forms"][1]["label"], "in en");
        assert_eq!(value["forms"][1]["text"], "Report");
    }
}
