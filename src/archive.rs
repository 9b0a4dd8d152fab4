//! The archive: everything a build or a check needs, built once, read-only.
//!
//! [`Archive::new`], the one constructor, takes the validated [`Content`],
//! keeps the reports to publish (drafts only when asked) in (publisher,
//! period) order and runs the consistency checks: an `Archive<()>`, whose
//! type says that no body is rendered (`check`, `new`, `import`). The
//! rendered bodies are a value of their own, [`Bodies`]: an [`Archive`]
//! (`Archive<Bodies>`, what the render side reads) is made from it by
//! [`Archive::render_bodies`] (sharing the bodies of unchanged reports with
//! a previous archive: `serve`) or [`Archive::render_bodies_releasing`]
//! (the Markdown released once rendered: `build`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::checks::{self, Finding};
use crate::config::Config;
use crate::content::Content;
use crate::content::markdown::{self, RenderedBody};
use crate::content::report::Report;
use crate::diagnostics::Diagnostic;
use crate::points::SeriesCache;
use crate::registry::Registry;
use crate::revisions::Revisions;

/// The rendered body of each report: `bodies[i]` is that of `reports[i]`.
pub type Bodies = Vec<Arc<RenderedBody>>;

/// The archive; `B` says whether the reports' bodies are rendered
/// ([`Bodies`], the default) or not (`()`).
#[derive(Debug)]
pub struct Archive<B = Bodies> {
    pub config: Config,
    pub registry: Registry,
    /// Sorted by (publisher, period); shared with `serve`'s cache and the
    /// previous archive.
    pub reports: Vec<Arc<Report>>,
    /// `bodies[i]` is the rendered body of `reports[i]` (shared with the
    /// previous archive when `serve` rebuilds and the body did not change);
    /// `()` before they are rendered.
    pub bodies: B,
    /// Findings on the latest figures (revisions in effect).
    pub findings: Vec<Finding>,
    /// The revisions in effect.
    pub revisions: Revisions,
    /// Revisions that break a rule (errors, and warnings for no-op ones).
    pub revision_problems: Vec<Diagnostic>,
    /// Findings on the figures as published that revisions put right.
    pub resolved: Vec<Finding>,
    /// Every indicator's points, made on first use (`Series::new`).
    pub series: SeriesCache,
    /// Each report's part of the search index's version
    /// (`render::fingerprint`), made on first use; taken from the previous
    /// archive for a report and body that did not change (`serve`). Empty
    /// before the bodies are rendered.
    pub(crate) search_hashes: Vec<OnceLock<u64>>,
}

/// What the checks say about the reports: findings, revisions in effect,
/// revisions that break a rule, and what the revisions put right.
fn checked(reports: &[Arc<Report>], registry: &Registry, config: &Config) -> Checked {
    let (revisions, revision_problems) = checks::revisions::resolve(reports, registry, config);
    let publishers = &config.publishers;
    let findings = checks::run_with(reports, registry, publishers, &revisions);
    let resolved = if revisions.is_empty() {
        Vec::new()
    } else {
        checks::resolved_by_revisions(checks::run_with(reports, registry, publishers, &Revisions::none()), &findings)
    };
    Checked { findings, revisions, revision_problems, resolved }
}

struct Checked {
    findings: Vec<Finding>,
    revisions: Revisions,
    revision_problems: Vec<Diagnostic>,
    resolved: Vec<Finding>,
}

impl Archive<()> {
    /// The reports to publish, checked; no body rendered.
    pub fn new(content: Content, include_drafts: bool) -> Archive<()> {
        let (config, registry, reports) = Self::publishable(content, include_drafts);
        let Checked { findings, revisions, revision_problems, resolved } = checked(&reports, &registry, &config);
        let series = SeriesCache::new(registry.indicators.len());
        Archive {
            config,
            registry,
            reports,
            bodies: (),
            findings,
            revisions,
            revision_problems,
            resolved,
            series,
            search_hashes: Vec::new(),
        }
    }

    /// Renders every report's Markdown (in parallel); a report whose file
    /// and Markdown are the same as in `previous` shares its rendered body
    /// instead of rendering it.
    pub fn render_bodies(self, previous: Option<&Archive>) -> Archive {
        let allow_html = self.config.allow_html;
        let reusable: HashMap<&Path, usize> = previous
            .filter(|p| p.config.allow_html == allow_html)
            .map(|p| p.reports.iter().enumerate().map(|(i, r)| (r.file.as_path(), i)).collect())
            .unwrap_or_default();
        let (bodies, hashes): (Bodies, Vec<OnceLock<u64>>) = self
            .reports
            .par_iter()
            .map(|r| {
                let old = reusable.get(r.file.as_path()).zip(previous).map(|(&i, p)| (i, p));
                match old {
                    Some((i, p)) if Arc::ptr_eq(&p.reports[i], r) || p.reports[i].body == r.body => {
                        // The same report and body: the same fingerprint.
                        let hash = OnceLock::new();
                        if let Some(&known) = p.search_hashes.get(i).and_then(OnceLock::get)
                            && Arc::ptr_eq(&p.reports[i], r)
                        {
                            let _ = hash.set(known);
                        }
                        (Arc::clone(&p.bodies[i]), hash)
                    }
                    _ => (Arc::new(markdown::render(&r.body, allow_html)), OnceLock::new()),
                }
            })
            .unzip();
        drop(reusable);
        let mut archive = self.with_bodies(bodies);
        archive.search_hashes = hashes;
        archive
    }

    /// [`Archive::render_bodies`] for `build`: each report's Markdown is
    /// released once rendered (nothing after needs it: the pages, the index
    /// and the data use the rendered body), which keeps the text of the
    /// archive in memory once instead of twice.
    pub fn render_bodies_releasing(mut self) -> Archive {
        let allow_html = self.config.allow_html;
        let bodies = self
            .reports
            .par_iter_mut()
            .map(|r| {
                let body = Arc::new(markdown::render(&r.body, allow_html));
                if let Some(report) = Arc::get_mut(r) {
                    report.body = String::new();
                }
                body
            })
            .collect();
        self.with_bodies(bodies)
    }

    /// The bodies `cached` gives (a cache that keeps them, `build`), the
    /// others rendered (in parallel).
    pub fn render_bodies_with(self, cached: impl Fn(&Arc<Report>) -> Option<Arc<RenderedBody>> + Sync) -> Archive {
        let allow_html = self.config.allow_html;
        let bodies = self
            .reports
            .par_iter()
            .map(|r| cached(r).unwrap_or_else(|| Arc::new(markdown::render(&r.body, allow_html))))
            .collect();
        self.with_bodies(bodies)
    }

    fn with_bodies(self, bodies: Bodies) -> Archive {
        let Archive {
            config,
            registry,
            reports,
            bodies: (),
            findings,
            revisions,
            revision_problems,
            resolved,
            series,
            search_hashes: _,
        } = self;
        let search_hashes = reports.iter().map(|_| OnceLock::new()).collect();
        Archive {
            config,
            registry,
            reports,
            bodies,
            findings,
            revisions,
            revision_problems,
            resolved,
            series,
            search_hashes,
        }
    }

    /// The reports to publish, in (publisher, period) order.
    fn publishable(content: Content, include_drafts: bool) -> (Config, Registry, Vec<Arc<Report>>) {
        let Content { config, registry, reports } = content;
        let mut reports: Vec<Arc<Report>> = reports.into_iter().filter(|r| include_drafts || !r.draft).collect();
        reports.sort_by(|a, b| (&a.publisher, a.period).cmp(&(&b.publisher, b.period)));
        (config, registry, reports)
    }
}

impl<B> Archive<B> {
    /// The site path of a report's page: `reports/2014/08/` (or
    /// `reports/<publisher>/2014/08/` when the site declares publishers).
    pub fn report_path(&self, report: &Report) -> String {
        let publisher = report.publisher.as_deref().filter(|_| !self.config.publishers.is_empty());
        crate::routes::report(publisher, report.period)
    }

    /// Findings about one report.
    pub fn findings_of(&self, report_index: usize) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.report == report_index)
    }

    /// The years that have reports, newest first.
    pub fn years(&self) -> Vec<i16> {
        let mut years: Vec<i16> = self.reports.iter().map(|r| r.period.year).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }

    /// Indices of reports, newest first (by period, then publisher).
    pub fn newest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.reports.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&self.reports[a], &self.reports[b]);
            rb.period.cmp(&ra.period).then(ra.publisher.cmp(&rb.publisher))
        });
        order
    }
}
