//! The file work of `annals import`: which files, which are new, where
//! their reports and originals go, writing them (new files only), then
//! checking what was written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::build::{self, BuildOptions};
use crate::content::report::parse_report;
use crate::diagnostics::{Diagnostics, suggestion};
use crate::output;
use crate::period::Period;
use crate::text::slugify;

use super::emit::{self, SourceRef};
use super::readers::{self, Format};

/// Largest document read.
pub const MAX_DOCUMENT: u64 = 64 * 1024 * 1024;

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    pub root: PathBuf,
    pub paths: Vec<PathBuf>,
    pub publisher: Option<String>,
    pub dry_run: bool,
    pub force: bool,
}

/// What became of one document.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Written (or, with `--dry-run`, would be).
    Imported {
        report: PathBuf,
        source: PathBuf,
        /// The report's text (printed by `--dry-run`).
        text: String,
        draft: bool,
        matched: usize,
        unmatched: usize,
        /// What the writer must look at.
        notes: Vec<String>,
    },
    /// Already imported (same SHA-256): not read again.
    Skipped {
        report: PathBuf,
    },
    Failed {
        message: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct FileOutcome {
    pub input: PathBuf,
    pub outcome: Outcome,
}

#[derive(Debug, Default)]
pub struct ImportSummary {
    pub files: Vec<FileOutcome>,
    /// `check`'s findings on the new reports.
    pub diagnostics: Diagnostics,
}

impl ImportSummary {
    pub fn failed(&self) -> usize {
        self.files.iter().filter(|f| matches!(f.outcome, Outcome::Failed { .. })).count()
    }
}

/// Runs the import; `Err` when the site itself cannot be used.
pub fn run(options: &ImportOptions) -> Result<ImportSummary, String> {
    let mut diags = Diagnostics::new();
    let build_options = BuildOptions { root: options.root.clone(), ..BuildOptions::default() };
    let archive = crate::session::load_archive(&build_options, true, &mut diags).ok_or_else(|| {
        format!(
            "{} cannot be read as a site folder: run `annals check --root {}` to see why",
            options.root.display(),
            options.root.display()
        )
    })?;
    let declared: Vec<&str> = archive.config.publishers.iter().map(|p| p.id.as_str()).collect();
    let publisher = options.publisher.as_deref();
    match (publisher, declared.is_empty()) {
        (Some(id), _) if !declared.contains(&id) => {
            let hint = if declared.is_empty() {
                "this site has one publisher: leave out `--publisher`".to_string()
            } else {
                suggestion(id, &declared)
            };
            return Err(format!("publisher \"{id}\" is not declared in site.yaml: {hint}"));
        }
        (None, false) => {
            return Err(format!(
                "this site has several publishers: pass `--publisher` with one of {}",
                declared.join(", ")
            ));
        }
        _ => {}
    }
    if options.paths.is_empty() {
        return Err("name the documents to import: `annals import FILE…` or a folder".to_string());
    }
    // sha256 → report, and (publisher, period) → report, of what the site holds.
    let mut imported: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut taken: BTreeMap<(Option<String>, Period), PathBuf> = BTreeMap::new();
    for r in &archive.reports {
        if let Some(s) = &r.source {
            imported.insert(s.sha256.clone(), r.file.clone());
        }
        taken.insert((r.publisher.clone(), r.period), r.file.clone());
    }
    let mut summary = ImportSummary::default();
    let mut written = Vec::new();
    for input in inputs(&options.paths, &mut summary) {
        let outcome = import_one(&input, options, &archive, &mut imported, &mut taken);
        if let Outcome::Imported { report, text, .. } = &outcome {
            if options.dry_run {
                let mut local = Diagnostics::new();
                parse_report(text, report, &archive.config, &archive.registry, &mut local);
                summary.diagnostics.extend(local.into_vec());
            } else {
                written.push(report.clone());
            }
        }
        summary.files.push(FileOutcome { input, outcome });
    }
    if !written.is_empty() {
        let mut all = Diagnostics::new();
        build::check(&build_options, &mut all);
        summary.diagnostics.extend(all.into_vec().into_iter().filter(|d| written.contains(&d.file)));
    }
    Ok(summary)
}

/// Every file named, folders walked (sorted, hidden names skipped).
fn inputs(paths: &[PathBuf], summary: &mut ImportSummary) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with(['.', '~']));
            for entry in walker.flatten() {
                if entry.file_type().is_file() && Format::of(entry.path()).is_some() {
                    files.push(entry.path().to_path_buf());
                }
            }
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            summary.files.push(FileOutcome {
                input: path.clone(),
                outcome: Outcome::Failed { message: "there is no such file or folder".to_string() },
            });
        }
    }
    files
}

fn failed(message: impl Into<String>) -> Outcome {
    Outcome::Failed { message: message.into() }
}

fn import_one(
    input: &Path,
    options: &ImportOptions,
    archive: &crate::archive::Archive<()>,
    imported: &mut BTreeMap<String, PathBuf>,
    taken: &mut BTreeMap<(Option<String>, Period), PathBuf>,
) -> Outcome {
    let Some(format) = Format::of(input) else {
        return failed("annals import reads .txt, .docx, .doc and .pdf files; convert this one to one of those");
    };
    match std::fs::metadata(input) {
        Ok(m) if m.len() > MAX_DOCUMENT => {
            return failed(format!("this file is larger than {} MiB", MAX_DOCUMENT / 1024 / 1024));
        }
        Err(e) => return failed(format!("cannot read this file: {e}")),
        _ => {}
    }
    let bytes = match std::fs::read(input) {
        Ok(b) => b,
        Err(e) => return failed(format!("cannot read this file: {e}")),
    };
    let sha256 = hex(&Sha256::digest(&bytes));
    if let Some(report) = imported.get(&sha256)
        && !options.force
    {
        return Outcome::Skipped { report: report.clone() };
    }
    let read = match readers::read(format, &bytes) {
        Ok(r) => r,
        Err(message) => return failed(message),
    };
    let name = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let parsed = super::parse(&read.document, &archive.registry, &name);
    let Some(period) = parsed.period else {
        return failed(
            "cannot tell which month this report is about: no `tháng N năm YYYY` in its title, no YYYY-MM in its file name and no date of issue",
        );
    };
    let publisher = options.publisher.clone();
    if let Some(existing) = taken.get(&(publisher.clone(), period)) {
        return failed(format!(
            "{} already holds the report of {period}: annals import never overwrites a report (move that file away to import this one)",
            existing.display()
        ));
    }
    let mut folder = PathBuf::new();
    if let Some(p) = &publisher {
        folder.push(p);
    }
    folder.push(period.year.to_string());
    let report_path = Path::new("content").join(&folder).join(format!("{period}.md"));
    if options.root.join(&report_path).exists() {
        return failed(format!("{} already exists: annals import never overwrites a file", report_path.display()));
    }
    let (source_path, copy) = match source_path(&options.root, &folder, input, &bytes) {
        Ok(found) => found,
        Err(message) => return failed(message),
    };
    let source = SourceRef { file: slash_path(&source_path), sha256: sha256.clone() };
    let text = emit::report_text(&parsed, period, publisher.as_deref(), Some(&source));
    if !options.dry_run {
        if copy && let Err(e) = output::create_new(&options.root, &source_path, &bytes) {
            return failed(format!("cannot copy it to {}: {e}", source_path.display()));
        }
        if let Err(e) = output::create_new(&options.root, &report_path, text.as_bytes()) {
            if copy {
                let _ = std::fs::remove_file(options.root.join(&source_path));
            }
            return failed(format!("cannot write {}: {e}", report_path.display()));
        }
    }
    imported.insert(sha256, report_path.clone());
    taken.insert((publisher, period), report_path.clone());
    let mut notes = parsed.uncertain.clone();
    if let Some(encoding) = read.encoding
        && !matches!(encoding, super::decode::Encoding::Utf8)
    {
        notes.insert(0, format!("read as {}", encoding.name()));
    }
    Outcome::Imported {
        report: report_path,
        source: source_path,
        text,
        draft: !parsed.uncertain.is_empty(),
        matched: parsed.matched_figures,
        unmatched: parsed.unmatched_figures,
        notes,
    }
}

/// `sources/<publisher>/<year>/<slug>.<ext>`: a name not yet used, or the
/// one that already holds these very bytes (then nothing is copied).
fn source_path(root: &Path, folder: &Path, input: &Path, bytes: &[u8]) -> Result<(PathBuf, bool), String> {
    let stem = input.file_stem().map(|s| slugify(&s.to_string_lossy())).unwrap_or_default();
    let stem = if stem.is_empty() { "document".to_string() } else { stem };
    let ext = input.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    for n in 1..1000 {
        let name = if n == 1 { format!("{stem}.{ext}") } else { format!("{stem}-{n}.{ext}") };
        let relative = Path::new("sources").join(folder).join(name);
        match std::fs::read(root.join(&relative)) {
            Ok(existing) if existing == bytes => return Ok((relative, false)),
            Ok(_) => continue,
            Err(_) => return Ok((relative, true)),
        }
    }
    Err(format!("sources/{} holds too many files named {stem}", folder.display()))
}

fn slash_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
