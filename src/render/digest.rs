//! What an incremental `annals build` keeps of the archive it rendered.
//!
//! `serve` keeps the previous [`Archive`] in memory and asks
//! [`Invalidation::between`] what an edit changed. A build is a new process: it
//! keeps, in its output folder, a [`Digest`] of the archive instead (a few
//! hashes per report), and [`Invalidation::between_digests`] answers the same
//! question from two digests. The unit tables of `incremental` check that
//! both ways give the same [`Invalidation`] for every case they list, and the
//! oracle in `tests/incremental.rs` that an incremental build equals a
//! fresh one, byte for byte.
//!
//! Pure: hashes of values, no file system.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::fingerprint::Fx;
use super::incremental::{self, Invalidation};
use super::views::Views;
use crate::archive::Archive;
use crate::content::markdown::{BodyPart, RenderedBody};
use crate::content::report::Report;

/// The archive as far as deciding which pages to render again needs it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    /// site.yaml (its UI strings included) and the registry: any change renders everything.
    pub site: u64,
    /// Whether any report writes a revision, and the revisions in effect.
    pub revisions_written: bool,
    pub revisions: u64,
    /// In the archive's order (publisher, then period).
    pub reports: Vec<ReportDigest>,
    pub years: Vec<i16>,
    /// How many indicators the registry declares (for the summary of a build that did nothing).
    pub indicators: usize,
}

/// One report: its page path and hashes of what its pages show.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportDigest {
    pub path: String,
    /// Everything the report says (metadata, figures, rendered body).
    pub whole: u64,
    /// Its card in lists (what [`Views::card`] gives).
    pub card: u64,
    /// Its figures, their status and source (number, date, organization).
    pub figures: u64,
    /// The consistency findings about it.
    pub findings: u64,
    pub year: i16,
    pub publisher: Option<String>,
    /// The indicators it has figures for (empty when it has none).
    pub indicators: Vec<String>,
}

impl Digest {
    /// The digest of `archive` (in parallel over its reports).
    pub fn of(archive: &Archive) -> Digest {
        let views = Views::new(archive);
        let mut findings = vec![Fx(0); archive.reports.len()];
        for finding in &archive.findings {
            if let Some(h) = findings.get_mut(finding.report) {
                h.debug(&(&finding.kind, &finding.indicator, &finding.measure));
                h.word(finding.expected.to_bits());
                h.word(finding.actual.to_bits());
            }
        }
        let reports = (0..archive.reports.len())
            .into_par_iter()
            .map(|i| {
                let report = &archive.reports[i];
                let mut card = Fx(0);
                card.text(&serde_json::to_string(&views.card(i)).unwrap_or_default());
                let indicators = report.metrics.iter().map(|m| m.indicator.clone()).collect();
                ReportDigest {
                    path: archive.report_path(report),
                    whole: whole(report, &archive.bodies[i]),
                    card: card.0,
                    figures: figures(report),
                    findings: findings[i].0,
                    year: report.period.year,
                    publisher: report.publisher.clone(),
                    indicators,
                }
            })
            .collect();
        let mut site = Fx(0);
        site.debug(&archive.config);
        site.debug(&archive.registry);
        let mut revisions = Fx(0);
        revisions.debug(&incremental::revisions_key(archive));
        Digest {
            site: site.0,
            revisions_written: incremental::revisions_written(archive),
            revisions: revisions.0,
            reports,
            years: archive.years(),
            indicators: archive.registry.indicators.len(),
        }
    }
}

/// Every field that a page may show, named, so a field added to [`Report`]
/// must be decided on here. Positions in the file show on no page.
fn whole(report: &Report, body: &RenderedBody) -> u64 {
    let Report {
        file,
        period,
        publisher,
        title,
        number,
        issued,
        place,
        organization,
        signer,
        recipients,
        summary,
        tags,
        draft,
        source,
        metrics: _,
        status: _,
        revisions,
        body: _,
        body_line: _,
        period_pos: _,
    } = report;
    let mut h = Fx(figures(report));
    // The same on every system (`content\\2014\\a.md` on Windows).
    h.text(&file.to_string_lossy().replace('\\', "/"));
    h.debug(&(period, publisher, number, issued, place, organization, signer, recipients, summary, tags, draft));
    h.text(title);
    h.debug(&source.as_ref().map(|s| (&s.file, &s.sha256)));
    for revision in revisions {
        h.debug(&(revision.period, &revision.indicator, &revision.measure, &revision.kind, &revision.reason));
        h.debug(&(&revision.publisher, &revision.status));
        h.word(revision.value.to_bits());
    }
    let RenderedBody { parts, headings, plain: _, first_paragraph } = body;
    for part in parts {
        match part {
            BodyPart::Html(html) => h.text(html),
            BodyPart::Metrics(ids) => h.debug(ids),
        }
    }
    h.debug(headings);
    h.text(first_paragraph);
    h.0
}

/// The figures (indicator, measure, value, in order), their status and
/// their source as charts and citations name it (number, date, organization).
fn figures(report: &Report) -> u64 {
    let mut h = Fx(0);
    h.debug(&(&report.status, &report.number, &report.issued, &report.organization));
    for metric in &report.metrics {
        for value in &metric.values {
            h.text(&metric.indicator);
            h.text(&value.measure);
            h.word(value.value.map_or(u64::MAX, f64::to_bits));
        }
    }
    h.0
}

impl Invalidation {
    /// What changed from the archive `old` digests to the one `new` does:
    /// the same as [`Invalidation::between`] the two archives.
    pub(crate) fn between_digests(
        old: &Digest,
        new: &Digest,
        successors: impl Fn(&str) -> Vec<String>,
    ) -> Invalidation {
        let same_revisions = (!old.revisions_written && !new.revisions_written) || old.revisions == new.revisions;
        if old.site != new.site || !same_revisions {
            return Invalidation::everything();
        }
        let index = |d: &Digest| -> HashMap<String, usize> {
            d.reports.iter().enumerate().map(|(i, r)| (r.path.clone(), i)).collect()
        };
        let (old_index, new_index) = (index(old), index(new));
        let mut change = Invalidation::default();
        let mut figures = BTreeSet::new();
        for report in &new.reports {
            let (changed, listed, figures_changed) = match old_index.get(&report.path).map(|&j| &old.reports[j]) {
                Some(was) if was.whole == report.whole => {
                    let findings = was.findings != report.findings;
                    (findings, false, findings)
                }
                Some(was) => {
                    let figures = was.figures != report.figures || was.findings != report.findings;
                    (true, was.card != report.card, figures)
                }
                None => (true, true, true),
            };
            if changed {
                change.reports.insert(report.path.clone());
                if listed {
                    change.listed.insert(report.path.clone());
                }
                if figures_changed {
                    figures.insert(report.path.clone());
                }
            }
        }
        for report in old.reports.iter().filter(|r| !new_index.contains_key(&r.path)) {
            change.reports.insert(report.path.clone());
            change.listed.insert(report.path.clone());
            figures.insert(report.path.clone());
        }
        for (side, index) in [(old, &old_index), (new, &new_index)] {
            for path in &change.reports {
                if let Some(&i) = index.get(path) {
                    let report = &side.reports[i];
                    if figures.contains(path) && !report.indicators.is_empty() {
                        change.indicators.extend(report.indicators.iter().cloned());
                        change.publishers.extend(report.publisher.clone());
                    }
                    change.report_pages.insert(path.clone());
                }
            }
            for path in &change.listed {
                if let Some(&i) = index.get(path) {
                    change.years.insert(side.reports[i].year);
                    change.listed_publishers.extend(side.reports[i].publisher.clone());
                    change.report_pages.extend(neighbours(side, i));
                }
            }
        }
        let successors: Vec<String> = change.publishers.iter().flat_map(|p| successors(p)).collect();
        change.publishers.extend(successors);
        change.year_list = old.years != new.years;
        change
    }
}

/// Page paths of the previous and next report of the same publisher.
fn neighbours(digest: &Digest, i: usize) -> impl Iterator<Item = String> + '_ {
    let reports = &digest.reports;
    let same = move |j: usize| reports[j].publisher == reports[i].publisher;
    let previous = i.checked_sub(1).filter(|&j| same(j));
    let next = Some(i + 1).filter(|&j| j < reports.len() && same(j));
    previous.into_iter().chain(next).map(|j| reports[j].path.clone())
}
