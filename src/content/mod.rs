//! The only reader of a site folder's input: site.yaml, the registry and
//! every report under `content/`.
//!
//! Walks `content/` (walkdir), refuses what must not be read (symbolic links
//! leading out of the site, files over 10 MiB, text that is not UTF-8) and
//! hands each file's text to the pure parsers. Reports are parsed in
//! parallel; all problems are collected, none stops the walk.
//! [`load_cached`] keeps parsed reports in a [`ReportCache`] between loads,
//! so `serve` reads and parses only the files that changed.

pub mod cache;
mod codec;
pub mod fields;
pub mod figure;
pub mod front_matter;
pub mod markdown;
pub mod report;
pub mod revision;
pub mod sources;
pub mod stamps;
mod stored;
pub mod strings;
pub mod theme;
pub mod walk;
pub mod yaml;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::registry::{self, Registry};
pub use cache::ReportCache;
use report::Report;
use yaml::Pos;

/// Largest report file accepted.
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Everything read from a site folder, validated.
#[derive(Debug)]
pub struct Content {
    pub config: Config,
    pub registry: Registry,
    /// Every report, drafts included, in no particular order; shared with
    /// the cache that `serve` keeps (a report is never copied).
    pub reports: Vec<Arc<Report>>,
}

/// Reads and validates a site folder. `None` when site.yaml itself is unusable.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Content> {
    load_cached(root, &mut ReportCache::one_off(), diags)
}

/// [`load`], reusing the reports of `cache` whose files did not change.
pub fn load_cached(root: &Path, cache: &mut ReportCache, diags: &mut Diagnostics) -> Option<Content> {
    resolve_root(root);
    let config_path = PathBuf::from(config::FILE_NAME);
    let config_text = read_text(
        root,
        &config_path,
        diags,
        "a site folder needs a site.yaml: run `annals init` to make one, or pass `--root` with the site folder",
    )?;
    let config = Config::parse(&config_text, &config_path, diags);
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error(Path::new("content"), Pos::default(), "there is no content/ folder")
                .with_hint("create a content/ folder beside site.yaml and put the reports (*.md) in it"),
        );
        return None;
    }
    let registry_path = Path::new("content").join(registry::FILE_NAME);
    let registry_text =
        if root.join(&registry_path).exists() { read_text(root, &registry_path, diags, "") } else { None };
    let registry =
        registry_text.as_deref().map(|text| Registry::parse(text, &registry_path, diags)).unwrap_or_default();
    let mut config = config?;
    config.locale = strings::load(root, &config.theme, config.language, diags);
    cache.begin(cache::hash_text(&[Some(&config_text), registry_text.as_deref()]));
    // Where every change is marked (`serve`), the files of the last load
    // less those gone; else (and whenever a marked path is new) a walk.
    let files = match cache.listed_files(root) {
        Some(files) => files,
        None => {
            let mut walked = Diagnostics::new();
            let files = report_files(root, &mut walked);
            cache.keep_listing(walked.is_empty().then_some(files.as_slice()));
            diags.extend(walked.into_vec());
            files
        }
    };
    let results: Vec<(Option<cache::Entry>, Option<cache::Entry>, bool)> = files
        .par_iter()
        .map(|file| {
            if let Some(hit) = cache.unmarked(file) {
                return (Some(hit.clone()), None, false);
            }
            let stamp = fs::metadata(root.join(file)).ok().map(|m| stamps::stamp(&m));
            if let Some(hit) = cache.fresh(file, stamp) {
                return (Some(hit.clone()), None, false);
            }
            let mut local = Diagnostics::new();
            let Some(text) = read_text(root, file, &mut local, "") else {
                let failed =
                    cache::Entry { stamp: None, hash: 0, report: None, body: None, diagnostics: local.into_vec() };
                return (Some(failed), None, false);
            };
            let hash = cache.hash(&text);
            if let Some(hit) = cache.same_text(file, hash) {
                let entry = cache::Entry { stamp, ..hit.clone() };
                return (Some(entry.clone()), Some(entry), false);
            }
            let mut report = report::parse_report(&text, file, &config, &registry, &mut local);
            // A cache that keeps bodies renders each body now and releases its Markdown.
            let body = report.as_mut().filter(|_| cache.keeps_bodies()).map(|report| {
                let body = markdown::render(&report.body, config.allow_html);
                report.body = String::new();
                Arc::new(body)
            });
            let entry = cache::Entry { stamp, hash, report: report.map(Arc::new), body, diagnostics: local.into_vec() };
            (Some(entry.clone()), Some(entry), true)
        })
        .collect();
    let mut reports = Vec::with_capacity(results.len());
    let (mut read, mut parsed) = (0, 0);
    let mut entries = Vec::with_capacity(results.len());
    for (file, (used, new_entry, was_parsed)) in files.into_iter().zip(results) {
        read += usize::from(new_entry.is_some());
        parsed += usize::from(was_parsed);
        if let Some(used) = used {
            diags.extend(used.diagnostics);
            reports.extend(used.report);
        }
        entries.push((file, new_entry));
    }
    cache.finish(entries, read, parsed);
    check_unique_keys(&mut reports, diags);
    Some(Content { config, registry, reports })
}

/// Every `*.md` under content/, sorted, skipping names starting with `.` or
/// `_`, refusing symbolic links that lead out of the site folder.
pub fn report_files(root: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    walk::site_files(root, &root.join("content"), &['.', '_'], diags)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| walk::relative(root, &path))
        .collect()
}

/// Reads a UTF-8 text file of the site (path relative to `root`).
/// A file reached through a symbolic link that leads out of the site folder
/// is refused, whichever file it is (site.yaml, the registry, a report).
fn read_text(root: &Path, file: &Path, diags: &mut Diagnostics, missing_hint: &str) -> Option<String> {
    let full = root.join(file);
    if leads_out(root, &full) {
        diags.push(
            Diagnostic::error(
                file,
                Pos::default(),
                "this symbolic link leads out of the site folder, so it is not read",
            )
            .with_hint("copy the file into the site folder instead of linking to it"),
        );
        return None;
    }
    let metadata = match fs::metadata(&full) {
        Ok(m) => m,
        Err(err) => {
            let mut d =
                Diagnostic::error(file, Pos::default(), format!("cannot read {}: {}", file.display(), io_reason(&err)));
            if !missing_hint.is_empty() {
                d = d.with_hint(missing_hint);
            }
            diags.push(d);
            return None;
        }
    };
    if metadata.len() > MAX_FILE_SIZE {
        diags.push(
            Diagnostic::error(
                file,
                Pos::default(),
                format!(
                    "this file is {} MiB; files over {} MiB are not read",
                    metadata.len() / (1024 * 1024),
                    MAX_FILE_SIZE / (1024 * 1024)
                ),
            )
            .with_hint("a report is text: check that this is the right file, or split it"),
        );
        return None;
    }
    let bytes = match fs::read(&full) {
        Ok(b) => b,
        Err(err) => {
            diags.push(Diagnostic::error(
                file,
                Pos::default(),
                format!("cannot read {}: {}", file.display(), io_reason(&err)),
            ));
            return None;
        }
    };
    // simdutf8 checks Vietnamese text (mostly multi-byte letters) many
    // times faster than the standard library; std finds where it fails.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        // A file saved on Windows (Notepad, Word) may start with a BOM and
        // end its lines with CRLF: every parser sees the same text as on Linux.
        return Some(match front_matter::normalize(text) {
            std::borrow::Cow::Owned(text) => text,
            std::borrow::Cow::Borrowed(same) if same.len() == bytes.len() => {
                // SAFETY: simdutf8 has just found `bytes` to be UTF-8 (and
                // the text is `bytes` whole): not copied, not checked twice.
                unsafe { String::from_utf8_unchecked(bytes) }
            }
            std::borrow::Cow::Borrowed(text) => text.to_string(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(front_matter::normalize(&text).into_owned()),
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            diags.push(
                Diagnostic::error(file, Pos { line, column }, "this file is not UTF-8 text")
                    .with_hint("save it again as UTF-8 (in Word or Notepad: Save As, Encoding: UTF-8)"),
            );
            None
        }
    }
}

/// Whether `full` (a path inside `root`) resolves to somewhere outside it.
fn leads_out(root: &Path, full: &Path) -> bool {
    let Ok(target) = fs::canonicalize(full) else { return false };
    !target.starts_with(canonical(root))
}

/// The site folder last resolved ([`canonical`]).
static CANONICAL_ROOT: std::sync::Mutex<Option<(PathBuf, PathBuf)>> = std::sync::Mutex::new(None);

/// `root` with every symbolic link resolved: found again at the start of
/// each load ([`resolve_root`]), not for each of its files.
fn canonical(root: &Path) -> PathBuf {
    if let Ok(last) = CANONICAL_ROOT.lock()
        && let Some((given, resolved)) = last.as_ref()
        && given == root
    {
        return resolved.clone();
    }
    resolve_root(root)
}

fn resolve_root(root: &Path) -> PathBuf {
    let resolved = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if let Ok(mut last) = CANONICAL_ROOT.lock() {
        *last = Some((root.to_path_buf(), resolved.clone()));
    }
    resolved
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => err.to_string(),
    }
}

/// Two reports for one (publisher, period) is an error naming both files.
/// Keeps the first (by file name) of each pair.
fn check_unique_keys(reports: &mut Vec<Arc<Report>>, diags: &mut Diagnostics) {
    reports.sort_by(|a, b| (&a.publisher, a.period, &a.file).cmp(&(&b.publisher, b.period, &b.file)));
    let mut kept: Vec<Arc<Report>> = Vec::with_capacity(reports.len());
    for report in reports.drain(..) {
        if let Some(first) = kept.last().filter(|k| k.publisher == report.publisher && k.period == report.period) {
            let whose = report.publisher.as_deref().map(|p| format!(" of publisher `{p}`")).unwrap_or_default();
            diags.push(
                Diagnostic::error(
                    &report.file,
                    report.period_pos,
                    format!(
                        "period {}{whose} is also the period of {}: two reports for one month",
                        report.period,
                        first.file.display()
                    ),
                )
                .with_hint(format!(
                    "correct the `period:` of one of {} and {}",
                    first.file.display(),
                    report.file.display()
                )),
            );
            continue;
        }
        kept.push(report);
    }
    *reports = kept;
}
