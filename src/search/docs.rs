//! What is searchable: one [`SearchDoc`] per report and per indicator.
//!
//! Built from the archive (read-only); nothing here knows about shards or
//! files. Fields carry the text to index (borrowed from the archive where it
//! can be: a body's plain text is never copied); the card carries what a
//! result shows (title, period, number, link, snippet source); publisher and
//! year are what results can be narrowed by.

use std::borrow::Cow;

use std::collections::BTreeMap;

use crate::archive::Archive;
use crate::locale::Locale;
use crate::period::Period;
use crate::registry::Indicator;
use crate::series::{Dated, Series};

/// The fields of a document, each with its own weight in ranking (at most
/// 8: a record packs the field in 3 bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// A report's title, an indicator's name and short name.
    Title = 0,
    Number = 1,
    Period = 2,
    /// The publisher's name and the place the report was signed at.
    Publisher = 3,
    /// The signer's name and title.
    Signer = 4,
    /// Organization, recipients, tags, the names of the report's
    /// indicators; an indicator's group.
    Meta = 5,
    Body = 6,
}

/// Number of [`Field`]s.
pub(crate) const FIELDS: usize = Field::ALL.len();

impl Field {
    pub const ALL: [Field; 7] =
        [Field::Title, Field::Number, Field::Period, Field::Publisher, Field::Signer, Field::Meta, Field::Body];

    /// BM25F weight: a match in the title, the number, the publisher or
    /// the signer counts several times one in the body.
    pub fn weight(self) -> f64 {
        match self {
            Field::Title => 6.0,
            Field::Number => 10.0,
            Field::Period => 10.0,
            Field::Publisher => 5.0,
            Field::Signer => 5.0,
            Field::Meta => 1.5,
            Field::Body => 1.0,
        }
    }

    /// BM25F length normalization: full for the body, light for short fields.
    pub fn b(self) -> f64 {
        match self {
            Field::Body => 0.75,
            Field::Title | Field::Meta => 0.4,
            _ => 0.0,
        }
    }
}

/// What a result shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// `r` report, `i` indicator.
    pub kind: &'static str,
    pub title: String,
    /// Formatted for the site language (`Tháng 8/2014`); empty for indicators.
    pub period: String,
    pub number: String,
    /// Site path relative to the base (`reports/2014/08/`).
    pub path: String,
    /// Text the snippet is cut from when no passage matched (summary or description).
    pub text: String,
    /// Index in site.yaml's `publishers` (reports of multi-publisher sites).
    pub publisher: Option<u16>,
    /// The year of a report's period.
    pub year: Option<i16>,
    /// An indicator's latest headline figure, formatted with its period
    /// (`1.727.388 · Tháng 8/2014`); empty for reports and without figures.
    pub latest: String,
    /// An indicator's recent headline values scaled to the digits 0–9, oldest
    /// first (the result's sparkline); empty for reports.
    pub trend: String,
}

impl Card {
    /// The card of an unused document id (see [`ID_BLOCK`]): kind `""`, no
    /// publisher, no year; no term holds it and no file shows it.
    pub fn gap() -> Card {
        Card {
            kind: "",
            title: String::new(),
            period: String::new(),
            number: String::new(),
            path: String::new(),
            text: String::new(),
            publisher: None,
            year: None,
            latest: String::new(),
            trend: String::new(),
        }
    }

    pub fn is_gap(&self) -> bool {
        self.kind.is_empty()
    }
}

/// A report's body as passages: the plain text and where each section starts.
#[derive(Clone, Debug, Default)]
pub struct Passages<'a> {
    pub text: &'a str,
    /// (byte offset in `text`, heading anchor), in order.
    pub sections: Vec<(usize, &'a str)>,
    /// `text` is known to be NFC ([`super::tokens::is_nfc`], checked once
    /// for the analysis and the snippets); when false, each checks.
    pub nfc: bool,
}

impl Passages<'_> {
    /// The anchor of the section holding byte `at` ("" before the first heading).
    pub fn anchor_at(&self, at: usize) -> &str {
        let i = self.sections.partition_point(|s| s.0 <= at);
        if i == 0 { "" } else { self.sections[i - 1].1 }
    }
}

#[derive(Clone, Debug)]
pub struct SearchDoc<'a> {
    /// (field, text) pairs; a field may appear several times.
    pub fields: Vec<(Field, Cow<'a, str>)>,
    /// Terms added as is (not tokenized): the period term.
    pub terms: Vec<(Field, String)>,
    pub card: Card,
    /// The body, which snippets are cut from.
    pub passages: Passages<'a>,
}

/// Longest snippet source kept per document, in characters.
const SNIPPET_SOURCE_CHARS: usize = 240;
/// Values in an indicator result's sparkline.
const TREND_POINTS: usize = 24;

/// Each publisher's reports (a run of reports with one publisher, in
/// archive order) take document ids from a multiple of this, and the
/// indicators too: a report added to one publisher shifts no other
/// publisher's ids, nor the indicators' (unless its run fills its last
/// block), so the index files of the others keep their bytes. The ids left
/// over are gaps ([`SearchDoc::gap`]).
pub(crate) const ID_BLOCK: usize = 16;

/// Every report, then every indicator, in archive order, each run of one
/// publisher's reports and the indicators starting at a multiple of
/// [`ID_BLOCK`] (gaps between); and where each publisher's run of reports and the
/// indicators start (the blocks the index analyzes apart, see
/// [`super::index::blocks`]).
pub fn collect_blocks(archive: &Archive) -> (Vec<SearchDoc<'_>>, Vec<usize>) {
    use rayon::prelude::*;
    let locale = archive.config.locale.clone();
    // in parallel (an indicator's trend reads every report), then laid out in order
    let (reports, indicators): (Vec<SearchDoc<'_>>, Vec<SearchDoc<'_>>) = rayon::join(
        || {
            let reports = archive.reports.par_iter().zip(archive.bodies.par_iter());
            reports.map(|(report, body)| report_doc(archive, &locale, report, body)).collect()
        },
        || {
            // every indicator's series in one pass over the reports (shared with the pages)
            archive.series.fill(&archive.reports, &archive.registry, &archive.config, &archive.revisions);
            archive.registry.indicators.par_iter().map(|i| indicator_doc(archive, &locale, i)).collect()
        },
    );
    let mut docs = Vec::with_capacity(reports.len() + indicators.len() + ID_BLOCK * 64);
    let mut starts = vec![0];
    for (i, doc) in reports.into_iter().enumerate() {
        if i > 0 && archive.reports[i - 1].publisher != archive.reports[i].publisher {
            pad(&mut docs);
            starts.push(docs.len());
        }
        docs.push(doc);
    }
    pad(&mut docs);
    starts.push(docs.len());
    docs.extend(indicators);
    (docs, starts)
}

/// Gaps up to the next multiple of [`ID_BLOCK`].
fn pad(docs: &mut Vec<SearchDoc<'_>>) {
    while !docs.len().is_multiple_of(ID_BLOCK) {
        docs.push(SearchDoc::gap());
    }
}

impl SearchDoc<'_> {
    /// An unused document id: nothing to index, a [`Card::gap`].
    pub fn gap() -> Self {
        SearchDoc { fields: Vec::new(), terms: Vec::new(), card: Card::gap(), passages: Passages::default() }
    }
}

fn report_doc<'a>(
    archive: &'a Archive,
    locale: &Locale,
    report: &'a crate::content::report::Report,
    body: &'a crate::content::markdown::RenderedBody,
) -> SearchDoc<'a> {
    let borrowed = |text: &'a str| Cow::Borrowed(text);
    let mut fields = vec![(Field::Title, borrowed(&report.title))];
    if let Some(number) = &report.number {
        fields.push((Field::Number, borrowed(number)));
    }
    fields.push((Field::Period, Cow::Owned(locale.period(report.period))));
    // the name the publisher bore in the report's period (the manifest lists every name)
    if let Some(p) = report.publisher.as_ref().and_then(|id| archive.config.publishers.iter().find(|p| &p.id == id)) {
        fields.push((Field::Publisher, borrowed(p.name_at(report.period))));
    }
    let publisher = report.publisher.as_ref().and_then(|id| super::publisher_entry(archive, id, report.period));
    if let Some(place) = &report.place {
        fields.push((Field::Publisher, borrowed(place)));
    }
    if let Some(signer) = &report.signer {
        fields.push((Field::Signer, borrowed(&signer.name)));
        for text in [&signer.title, &signer.on_behalf].into_iter().flatten() {
            fields.push((Field::Signer, borrowed(text)));
        }
    }
    if let Some(org) = report.organization.as_ref() {
        fields.push((Field::Meta, borrowed(org)));
    }
    for text in report.recipients.iter().chain(&report.tags) {
        fields.push((Field::Meta, borrowed(text)));
    }
    for indicator in report.metrics.iter().filter_map(|m| archive.registry.indicator(&m.indicator)) {
        fields.push((Field::Meta, borrowed(&indicator.name)));
        if let Some(short) = &indicator.short {
            fields.push((Field::Meta, borrowed(short)));
        }
    }
    if let Some(summary) = &report.summary {
        fields.push((Field::Body, borrowed(summary)));
    }
    fields.push((Field::Body, borrowed(&body.plain)));
    let source = report.summary.as_deref().unwrap_or(&body.first_paragraph);
    SearchDoc {
        fields,
        terms: vec![(Field::Period, super::tokens::period_term(report.period.year, report.period.month))],
        card: Card {
            kind: "r",
            title: report.title.clone(),
            period: locale.period_title(report.period),
            number: report.number.clone().unwrap_or_default(),
            path: archive.report_path(report),
            text: crate::text::truncate_words(source, SNIPPET_SOURCE_CHARS),
            publisher: publisher.and_then(|i| u16::try_from(i).ok()),
            year: Some(report.period.year),
            latest: String::new(),
            trend: String::new(),
        },
        passages: passages(body),
    }
}

fn indicator_doc<'a>(archive: &'a Archive, locale: &Locale, indicator: &'a Indicator) -> SearchDoc<'a> {
    let mut fields = vec![(Field::Title, Cow::Borrowed(indicator.name.as_str()))];
    if let Some(short) = &indicator.short {
        fields.push((Field::Title, Cow::Borrowed(short.as_str())));
    }
    // The group is a category ("Viễn thông"), not what the indicator is
    // about: it weighs like the names a report carries, below its text.
    if let Some(group) = &indicator.group {
        fields.push((Field::Meta, Cow::Borrowed(group.as_str())));
    }
    let description = indicator.description.as_deref().unwrap_or_default();
    fields.push((Field::Body, Cow::Borrowed(description)));
    let (latest, trend) = trend(archive, locale, indicator);
    SearchDoc {
        fields,
        terms: Vec::new(),
        card: Card {
            kind: "i",
            title: indicator.name.clone(),
            period: String::new(),
            number: indicator.short.clone().unwrap_or_default(),
            path: crate::routes::indicator(&indicator.id),
            text: crate::text::truncate_words(description, SNIPPET_SOURCE_CHARS),
            publisher: None,
            year: None,
            latest,
            trend,
        },
        passages: Passages::default(),
    }
}

/// Where each heading's section starts in the body's plain text: the plain
/// text holds each heading's text as a line of its own, in order.
pub(crate) fn passages(body: &crate::content::markdown::RenderedBody) -> Passages<'_> {
    let text = body.plain.as_str();
    let mut sections = Vec::with_capacity(body.headings.len());
    let mut headings = body.headings.iter().peekable();
    let mut at = 0;
    for line in text.split('\n') {
        if let Some(h) = headings.peek()
            && line.trim() == h.text
        {
            sections.push((at, h.id.as_str()));
            headings.next();
        }
        at += line.len() + 1;
    }
    Passages { text, sections, nfc: super::tokens::is_nfc(text) }
}

/// An indicator's latest headline figure and its recent values as digits:
/// the indicator's series on a one-publisher site; on a site of several,
/// the sum over publishers of a count in the months every publisher with
/// figures reported (as the comparison pages total it), else nothing.
fn trend(archive: &Archive, locale: &Locale, indicator: &Indicator) -> (String, String) {
    let headline = Series::new(archive, indicator, None).headline();
    let points: Vec<Dated> = if archive.config.publishers.len() < 2 {
        headline
    } else {
        let counts =
            archive.registry.measure(&indicator.headline).is_some_and(|m| archive.registry.is_integer(indicator, m));
        if !counts {
            return (String::new(), String::new());
        }
        let mut sums: BTreeMap<Period, (f64, usize)> = BTreeMap::new();
        for d in headline {
            let e = sums.entry(d.period).or_default();
            e.0 += d.value;
            e.1 += 1;
        }
        let most = sums.values().map(|s| s.1).max().unwrap_or(0);
        sums.into_iter().filter(|(_, s)| s.1 == most).map(|(period, (value, _))| Dated { period, value }).collect()
    };
    let Some(last) = points.last() else { return (String::new(), String::new()) };
    let unit =
        archive.registry.measure(&indicator.headline).and_then(|m| m.unit.as_deref()).or(indicator.unit.as_deref());
    let latest = format!("{} · {}", locale.value_with_unit(last.value, unit), locale.period_title(last.period));
    let window = &points[points.len().saturating_sub(TREND_POINTS)..];
    let min = window.iter().map(|d| d.value).fold(f64::INFINITY, f64::min);
    let max = window.iter().map(|d| d.value).fold(f64::NEG_INFINITY, f64::max);
    let trend = window
        .iter()
        .map(|d| {
            let level = if max > min { ((d.value - min) / (max - min) * 9.0).round() as u8 } else { 5 };
            char::from(b'0' + level.min(9))
        })
        .collect();
    (latest, trend)
}

#[cfg(test)]
pub(crate) mod tests_support {
    use super::{Card, Field, SearchDoc};

    /// A document with a title and a body, for tests.
    pub(crate) fn doc(title: &str, body: &str) -> SearchDoc<'static> {
        // tests only: the body outlives the test, as an archive's does
        let text: &'static str = Box::leak(body.to_string().into_boxed_str());
        SearchDoc {
            fields: vec![(Field::Title, title.to_string().into()), (Field::Body, body.to_string().into())],
            terms: Vec::new(),
            card: Card { kind: "r", title: title.into(), ..Card::gap() },
            passages: super::Passages { text, sections: Vec::new(), nfc: false },
        }
    }
}
