//! An [`ImportedReport`] as the text of a report file (front matter + body).

use std::fmt::Write;

use crate::period::Period;
use crate::scaffold::yaml_string;

use super::ImportedReport;

/// Where the original was copied and its digest.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SourceRef {
    /// Relative to the site folder, `/`-separated.
    pub(crate) file: String,
    pub(crate) sha256: String,
}

/// The report's text. `period` is the report's (the import fails without one).
pub(crate) fn report_text(
    report: &ImportedReport,
    period: Period,
    publisher: Option<&str>,
    source: Option<&SourceRef>,
) -> String {
    let mut out = String::from("---\n");
    let title = report.title.clone().unwrap_or_else(|| format!("Báo cáo tháng {} năm {}", period.month, period.year));
    let _ = writeln!(out, "title: {}", yaml_string(&title));
    let _ = writeln!(out, "period: {period}");
    if let Some(p) = publisher {
        let _ = writeln!(out, "publisher: {}", yaml_string(p));
    }
    if let Some(n) = &report.number {
        let _ = writeln!(out, "number: {}", yaml_string(n));
    }
    if let Some(d) = report.issued {
        let _ = writeln!(out, "issued: {d}");
    }
    if let Some(p) = &report.place {
        let _ = writeln!(out, "place: {}", yaml_string(p));
    }
    if let Some(o) = &report.organization {
        let _ = writeln!(out, "organization: {}", yaml_string(o));
    }
    if let Some(s) = &report.signer {
        let _ = writeln!(out, "signer:\n  name: {}", yaml_string(&s.name));
        if let Some(t) = &s.title {
            let _ = writeln!(out, "  title: {}", yaml_string(t));
        }
        if let Some(b) = &s.on_behalf {
            let _ = writeln!(out, "  on_behalf: {}", yaml_string(b));
        }
    }
    if !report.recipients.is_empty() {
        out.push_str("recipients:\n");
        for r in &report.recipients {
            let _ = writeln!(out, "  - {}", yaml_string(r));
        }
    }
    if !report.uncertain.is_empty() {
        out.push_str("# annals import: check these, then remove `draft: true`:\n");
        for note in &report.uncertain {
            let _ = writeln!(out, "#   - {}", note.replace('\n', " "));
        }
        out.push_str("draft: true\n");
    }
    if let Some(s) = source {
        let _ = writeln!(out, "source: {{ file: {}, sha256: {} }}", flow_string(&s.file), s.sha256);
    }
    if !report.metrics.is_empty() {
        out.push_str("metrics:\n");
        for (indicator, values) in &report.metrics {
            let figures: Vec<String> = values.iter().map(|(m, v)| format!("{m}: {}", crate::text::plain(*v))).collect();
            let _ = writeln!(out, "  {indicator}: {{ {} }}", figures.join(", "));
        }
    }
    out.push_str("---\n");
    out.push_str(&report.body);
    out
}

/// A string inside a flow mapping (`{ … }`), where `,` also needs quotes.
fn flow_string(text: &str) -> String {
    let plain = yaml_string(text);
    if plain.starts_with('"') || !text.contains([',', '{', '}', '[', ']']) {
        plain
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_strings_read_back() {
        for text in ["sources/2014/a.txt", "sources/2014/a, b.docx", "sources/{x}.pdf"] {
            let yaml = format!("s: {{ file: {} }}\n", flow_string(text));
            let node = crate::content::yaml::parse(&yaml, 0).unwrap();
            let inner = &node.entries().unwrap()[0].1;
            assert_eq!(inner.entries().unwrap()[0].1.as_str(), Some(text), "{yaml}");
        }
    }
}
