//! The original documents reports name in `source: { file, sha256 }`
//! (written by `annals import`): checked to exist, and read one at a time
//! when the build publishes each beside its report page.

use std::fs;
use std::path::Path;

use crate::archive::Archive;
use crate::content::report::Report;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Largest original document published.
pub const MAX_SOURCE: u64 = 64 * 1024 * 1024;

/// Each report's source file exists in the site folder, is not too large
/// and is not a web page (it is published as it is).
pub fn check(root: &Path, reports: &[std::sync::Arc<Report>], diags: &mut Diagnostics) {
    for report in reports {
        let Some(source) = &report.source else { continue };
        let shown = source.file.display();
        let name = source.published_name().to_ascii_lowercase();
        let problem = if name == "index.html" || name.ends_with(".html") || name.ends_with(".htm") {
            Some((
                format!("source file {shown} is a web page: it would be published as a page of the site"),
                "name the original document (.docx, .doc, .pdf, .txt), not a web page".to_string(),
            ))
        } else {
            match fs::metadata(root.join(&source.file)) {
                Ok(m) if !m.is_file() => Some((
                    format!("source file {shown} is not a file"),
                    "name the original document, e.g. `sources/2014/bao-cao-285.docx`".to_string(),
                )),
                Ok(m) if m.len() > MAX_SOURCE => Some((
                    format!("source file {shown} is larger than {} MiB", MAX_SOURCE / 1024 / 1024),
                    "publish a smaller copy of the original, or remove the `source:` line".to_string(),
                )),
                Ok(_) => None,
                Err(_) => Some((
                    format!("source file {shown} does not exist"),
                    "copy the original document there, or remove the `source:` line".to_string(),
                )),
            }
        };
        if let Some((message, hint)) = problem {
            diags.push(Diagnostic::error(&report.file, source.pos, message).with_hint(hint));
        }
    }
}

/// The site path a report's source is published at, beside its page:
/// `reports/2014/08/bao-cao-285.docx`.
pub fn published_path<B>(archive: &Archive<B>, report: &Report) -> Option<String> {
    let source = report.source.as_ref()?;
    Some(format!("{}{}", archive.report_path(report), source.published_name()))
}

/// The same path as a URL path (each byte outside `A-Za-z0-9-._~/` percent-encoded).
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Each published source as (site path, the file in the site folder, the
/// report naming it), for serve, which reads a file again only when it changed.
pub fn published_files<'a>(archive: &'a Archive) -> impl Iterator<Item = (String, &'a Path, &'a Report)> + 'a {
    archive.reports.iter().filter_map(move |report| {
        let source = report.source.as_ref()?;
        Some((published_path(archive, report)?, source.file.as_path(), &**report))
    })
}

/// The error of a source file that cannot be read.
pub fn unreadable(report: &Report, err: &std::io::Error) -> Diagnostic {
    let Some(source) = &report.source else {
        return Diagnostic::error(
            &report.file,
            crate::content::yaml::Pos::default(),
            format!("cannot read source file: {err}"),
        );
    };
    Diagnostic::error(&report.file, source.pos, format!("cannot read source file {}: {err}", source.file.display()))
        .with_hint("copy the original document there, or remove the `source:` line")
}

/// Each published source as (site path, bytes), read when asked for.
pub fn published<'a>(
    root: &'a Path,
    archive: &'a Archive,
) -> impl Iterator<Item = Result<(String, Vec<u8>), Diagnostic>> + 'a {
    archive.reports.iter().filter_map(move |report| {
        let source = report.source.as_ref()?;
        let path = published_path(archive, report)?;
        Some(match fs::read(root.join(&source.file)) {
            Ok(bytes) => Ok((path, bytes)),
            Err(err) => Err(unreadable(report, &err)),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths() {
        assert_eq!(url_path("reports/2014/08/bao-cao-285.docx"), "reports/2014/08/bao-cao-285.docx");
        assert_eq!(url_path("reports/2014/08/báo cáo.pdf"), "reports/2014/08/b%C3%A1o%20c%C3%A1o.pdf");
    }
}
