//! The search index's version, known before the index is built.
//!
//! Every page carries the version of the search index (`data-version`, which
//! the script appends to the index URLs so browsers never mix an old index
//! with new pages). Taking it from the index files would make every page
//! wait for the index; instead it is a fingerprint of everything the index
//! is made from — site.yaml, the registry, every report (its metadata,
//! figures and the text of its rendered body) and the annals version —
//! so the index can be built while the pages are rendered. Same input, same
//! version; any change to what a report says changes it. (The rendered body,
//! not the Markdown: `build` releases the Markdown once it is rendered.)

use rayon::prelude::*;

use crate::archive::Archive;
use crate::content::markdown::RenderedBody;
use crate::content::report::Report;

/// A fast, deterministic 64-bit hash (the multiply-rotate of rustc's
/// FxHasher, eight bytes at a time): a cache key, not a defence.
#[derive(Clone, Copy)]
pub(crate) struct Fx(pub(crate) u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    pub(crate) fn word(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.word(u64::from_le_bytes(last));
        self.word(bytes.len() as u64);
    }

    pub(crate) fn text(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    pub(crate) fn debug(&mut self, value: &impl std::fmt::Debug) {
        self.text(&format!("{value:?}"));
    }
}

/// `content/2014/2014-08.md` on every system: the Windows build walks the
/// folder as `content\2014\2014-08.md`, and the version of a folder must not
/// depend on the system that built it (pages are byte-identical everywhere).
fn portable_path(path: &std::path::Path) -> String {
    let parts: Vec<String> = path.components().map(|c| c.as_os_str().to_string_lossy().replace('\\', "/")).collect();
    parts.join("/")
}

/// Every field, named, so a field added to [`Report`] must be decided on here.
fn report_hash(report: &Report, rendered: &RenderedBody) -> u64 {
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
        // The index does not read the link to the original document.
        source: _,
        metrics,
        status,
        revisions,
        body: _,
        body_line: _,
        period_pos: _,
    } = report;
    let mut h = Fx(0);
    h.text(&portable_path(file));
    h.debug(&(period, publisher, number, issued, place, organization, signer, recipients, summary, tags, draft));
    h.text(title);
    // Cards show the latest figures: a revision or a status may change them.
    h.debug(&(status, revisions));
    for metric in metrics {
        h.text(&metric.indicator);
        for value in &metric.values {
            h.text(&value.measure);
            h.word(value.value.map_or(u64::MAX, f64::to_bits));
        }
    }
    // The index reads the text, not the markup: the HTML is left out (half
    // the bytes). If it ever reads more of the body, add it here.
    let RenderedBody { parts: _, headings: _, plain, first_paragraph } = rendered;
    h.text(plain);
    h.text(first_paragraph);
    h.0
}

/// Twelve hex digits, like the index files' own version.
pub(crate) fn search_version(archive: &Archive) -> String {
    let memo = |i: usize| archive.search_hashes.get(i);
    let reports: Vec<u64> = (archive.reports.par_iter().zip(archive.bodies.par_iter()).enumerate())
        .map(|(i, (r, b))| match memo(i) {
            Some(known) => *known.get_or_init(|| report_hash(r, b)),
            None => report_hash(r, b),
        })
        .collect();
    let mut h = Fx(0);
    h.text(env!("CARGO_PKG_VERSION"));
    h.debug(&archive.config);
    h.debug(&archive.registry);
    for report in reports {
        h.word(report);
    }
    format!("{:012x}", h.0 & 0xffff_ffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::{Content, report};
    use crate::diagnostics::Diagnostics;
    use crate::registry::Registry;
    use std::path::Path;
    use std::sync::Arc;

    fn version(body: &str, title: &str) -> String {
        version_of("content/a.md", body, title)
    }

    fn version_of(file: &str, body: &str, title: &str) -> String {
        let mut diags = Diagnostics::new();
        let config = Config::parse("title: T\nbase_url: http://localhost/\n", Path::new("site.yaml"), &mut diags);
        let text = format!("---\ntitle: {title}\nperiod: 2014-08\n---\n{body}\n");
        let report = report::parse_report(
            &text,
            Path::new(file),
            &config.clone().expect("config"),
            &Registry::default(),
            &mut diags,
        );
        let content = Content {
            config: config.expect("config"),
            registry: Registry::default(),
            reports: vec![Arc::new(report.expect("report"))],
        };
        search_version(&Archive::new(content, false).render_bodies_releasing())
    }

    #[test]
    fn the_version_follows_what_is_searched() {
        let base = version("Thuê bao tăng.", "Báo cáo");
        assert_eq!(base.len(), 12);
        assert_eq!(base, version("Thuê bao tăng.", "Báo cáo"), "same input, same version");
        assert_ne!(base, version("Thuế bao tăng.", "Báo cáo"), "a body edit");
        assert_ne!(base, version("Thuê bao tăng.", "Báo cáo mới"), "a title edit");
    }

    /// Two reports' archive, the second report's body given.
    fn two_reports(second_body: &str) -> Archive<()> {
        let mut diags = Diagnostics::new();
        let config = Config::parse("title: T\nbase_url: http://localhost/\n", Path::new("site.yaml"), &mut diags)
            .expect("config");
        let mut report = |file: &str, period: &str, body: &str| {
            let text = format!("---\ntitle: Báo cáo\nperiod: {period}\n---\n{body}\n");
            Arc::new(
                report::parse_report(&text, Path::new(file), &config, &Registry::default(), &mut diags)
                    .expect("report"),
            )
        };
        let reports =
            vec![report("content/a.md", "2014-08", "Thuê bao."), report("content/b.md", "2014-09", second_body)];
        Archive::new(Content { config: config.clone(), registry: Registry::default(), reports }, false)
    }

    #[test]
    fn a_rebuild_reuses_the_fingerprints_of_unchanged_reports_only() {
        let first = two_reports("Tăng.").render_bodies(None);
        let version = search_version(&first);
        assert!(first.search_hashes.iter().all(|h| h.get().is_some()), "made on first use");
        // The first report shared (as serve's cache shares it), the second edited.
        let mut edited = two_reports("Giảm.");
        edited.reports[0] = Arc::clone(&first.reports[0]);
        let second = edited.render_bodies(Some(&first));
        assert_eq!(second.search_hashes[0].get(), first.search_hashes[0].get(), "taken from the previous archive");
        assert!(second.search_hashes[1].get().is_none(), "the edited report's is made again");
        let fresh = search_version(&two_reports("Giảm.").render_bodies(None));
        assert_eq!(search_version(&second), fresh, "the same version as a fresh archive's");
        assert_ne!(fresh, version);
    }

    #[test]
    fn the_version_is_the_same_on_every_system() {
        // What the Windows build reads for content/2014/a.md, and what it
        // hashed before the fix (the cause of different `data-version`s).
        let windows = r"content\2014\a.md";
        let unix = "content/2014/a.md";
        assert_eq!(portable_path(Path::new(windows)), unix);
        assert_eq!(portable_path(&Path::new("content").join("2014").join("a.md")), unix);
        assert_eq!(version_of(windows, "Thuê bao.", "Báo cáo"), version_of(unix, "Thuê bao.", "Báo cáo"));
        assert_ne!(version_of(unix, "Thuê bao.", "Báo cáo"), version_of("content/2014/b.md", "Thuê bao.", "Báo cáo"));
    }

    #[test]
    fn every_byte_counts() {
        let hash = |text: &str| {
            let mut h = Fx(0);
            h.text(text);
            h.0
        };
        assert_ne!(hash("thuê bao"), hash("thuế bao"));
        assert_ne!(hash("abcdefgh"), hash("abcdefgh\0"));
        assert_ne!(hash(""), hash("\0"));
        assert_eq!(hash("Báo cáo tháng 8"), hash("Báo cáo tháng 8"));
    }
}
