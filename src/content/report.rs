//! A report: typed metadata, figures and Markdown body.
//!
//! [`parse_report`] is a pure constructor from the file's text: it checks the
//! front matter against the contract and the registry and reports every
//! problem with its file position. A report with errors is not returned.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::fields::{Fields, report_duplicates};
use crate::content::figure;
use crate::content::front_matter::{self, SplitError};
use crate::content::revision::{self, Revision};
use crate::content::yaml::{self, Node, Pos, Value};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};
use crate::period::{Date, Period};
use crate::registry::Registry;
use crate::status::Status;

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Path relative to the site folder (`content/2014/2014-08.md`).
    pub file: PathBuf,
    pub period: Period,
    pub publisher: Option<String>,
    pub title: String,
    pub number: Option<String>,
    pub issued: Option<Date>,
    pub place: Option<String>,
    pub organization: Option<String>,
    pub signer: Option<Signer>,
    pub recipients: Vec<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// The original document this report was imported from (`annals import`).
    pub source: Option<Source>,
    /// In the order of the front matter.
    pub metrics: Vec<Metric>,
    /// The vintage of the report's own figures, as written (`None`: the
    /// site's default, see [`Report::status`]).
    pub status: Option<Status>,
    /// Figures of earlier months this report revises, in the order written.
    pub revisions: Vec<Revision>,
    pub body: String,
    /// File line of the body's first line.
    pub body_line: usize,
    /// Position of the `period:` value, for messages about the report as a whole.
    pub period_pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Signer {
    pub name: String,
    pub title: Option<String>,
    /// The authority signed for (`KT. GIÁM ĐỐC`).
    pub on_behalf: Option<String>,
}

/// `source: { file, sha256 }`: the original document, kept in the site
/// folder and published beside the report page.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// Relative to the site folder (`sources/2014/bao-cao-285.docx`).
    pub file: PathBuf,
    /// Lowercase hex SHA-256 of the file, as imported.
    pub sha256: String,
    /// Position of the `source:` value.
    pub pos: Pos,
}

impl Source {
    /// The file name it is published under, beside the report page.
    pub fn published_name(&self) -> String {
        self.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    pub indicator: String,
    pub pos: Pos,
    pub values: Vec<MetricValue>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MetricValue {
    pub measure: String,
    /// `None`: left empty, still to fill (a draft from `annals new`).
    pub value: Option<f64>,
    pub pos: Pos,
}

impl Report {
    /// The value of one measure of one indicator, if reported.
    pub fn value(&self, indicator: &str, measure: &str) -> Option<f64> {
        self.metric(indicator)?.values.iter().find(|v| v.measure == measure)?.value
    }

    /// The status of the report's own figures: its `status:`, else the
    /// site's, else final.
    pub fn status(&self, config: &Config) -> Status {
        self.status.or(config.status).unwrap_or_default()
    }

    pub fn metric(&self, indicator: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.indicator == indicator)
    }

    pub fn value_pos(&self, indicator: &str, measure: &str) -> Pos {
        self.metric(indicator)
            .and_then(|m| m.values.iter().find(|v| v.measure == measure))
            .map_or(self.period_pos, |v| v.pos)
    }
}

const KEYS: &[&str] = &[
    "title",
    "period",
    "publisher",
    "number",
    "issued",
    "place",
    "organization",
    "signer",
    "recipients",
    "summary",
    "tags",
    "draft",
    "source",
    "metrics",
    "status",
    "revisions",
];

/// Builds a report from its file text. `file` is relative to the site folder.
pub fn parse_report(
    text: &str,
    file: &Path,
    config: &Config,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Option<Report> {
    let errors_before = diags.error_count();
    let text = front_matter::normalize(text);
    let split = match front_matter::split(&text) {
        Ok(split) => split,
        Err(err) => {
            let (message, hint) = match err {
                SplitError::NoFrontMatter => (
                    "this report has no front matter".to_string(),
                    "start the file with a line `---`, then `title:` and `period:` lines, then another `---` line before the text".to_string(),
                ),
                SplitError::Unclosed => (
                    "the front matter opened on line 1 is never closed".to_string(),
                    "add a line `---` between the front matter and the text of the report".to_string(),
                ),
                SplitError::TooLarge => (
                    format!("the front matter is larger than {} KiB", front_matter::MAX_FRONT_MATTER / 1024),
                    "keep the front matter to the report's metadata and figures; move long text into the body".to_string(),
                ),
            };
            diags.push(Diagnostic::error(file, Pos { line: 1, column: 1 }, message).with_hint(hint));
            return None;
        }
    };
    let node = match yaml::parse(split.yaml, split.yaml_line_offset) {
        Ok(node) => node,
        Err(err) => {
            diags.push(
                Diagnostic::error(file, err.pos, format!("the front matter is not valid YAML: {}", err.message))
                    .with_hint(err.hint.unwrap_or_else(|| "check the indentation, and put quotes around values that contain `: ` or start with `[`, `{`, `*` or `&`".into())),
            );
            return None;
        }
    };
    let fields = Fields::new(&node, file, KEYS, "the front matter", diags)?;
    let title = fields.string("title", diags).filter(|t| !t.is_empty());
    if title.is_none() && fields.get("title").is_none() {
        diags.push(
            Diagnostic::error(file, Pos { line: 2, column: 1 }, "this report has no `title`")
                .with_hint("add a line such as `title: Báo cáo tháng 8 năm 2014` to the front matter"),
        );
    }
    let period_pos = fields.get("period").map_or(Pos { line: 2, column: 1 }, |n| n.pos);
    let period = period(&fields, file, diags);
    let issued = fields.string("issued", diags).and_then(|text| {
        let parsed = Date::parse(&text);
        if parsed.is_none() {
            let pos = fields.get("issued").map_or(Pos::default(), |n| n.pos);
            diags.push(
                Diagnostic::error(file, pos, format!("issued \"{text}\" is not a date"))
                    .with_hint("write the date of issue as YYYY-MM-DD, e.g. `issued: 2014-08-19`"),
            );
        }
        parsed
    });
    let draft = fields.bool("draft", diags).unwrap_or(false);
    let publisher = publisher(&fields, file, config, diags);
    if let (Some(id), Some(p)) = (&publisher, period) {
        check_active(config, id, p, period_pos, file, diags);
    }
    let metrics = fields.get("metrics").map(|n| metrics(n, file, registry, draft, diags)).unwrap_or_default();
    let status = crate::status::read(&fields, diags);
    let revisions =
        fields.get("revisions").map(|n| revision::revisions(n, file, config, registry, diags)).unwrap_or_default();
    let report = Report {
        file: file.to_path_buf(),
        period: period?,
        publisher,
        title: title.unwrap_or_default(),
        number: fields.string("number", diags).filter(|s| !s.is_empty()),
        issued,
        place: fields.string("place", diags).filter(|s| !s.is_empty()),
        organization: fields
            .string("organization", diags)
            .filter(|s| !s.is_empty())
            // The site's organization speaks for the reports of a site with
            // one publisher; with several, it is the body that gathers them
            // (a ministry), not the one that issued this report: the
            // report's publisher names that.
            .or_else(|| config.organization.clone().filter(|_| config.publishers.is_empty())),
        signer: fields.get("signer").and_then(|n| signer(n, file, diags)),
        recipients: fields.strings("recipients", diags),
        summary: fields.string("summary", diags).filter(|s| !s.is_empty()),
        tags: fields.strings("tags", diags),
        draft,
        source: fields.get("source").and_then(|n| source(n, file, diags)),
        metrics,
        status,
        revisions,
        body: split.body.to_string(),
        body_line: split.body_line,
        period_pos,
    };
    (diags.error_count() == errors_before).then_some(report)
}

fn period(fields: &Fields, file: &Path, diags: &mut Diagnostics) -> Option<Period> {
    let Some(node) = fields.get("period") else {
        diags.push(
            Diagnostic::error(
                file,
                fields.key("period").map_or(Pos { line: 2, column: 1 }, |k| k.pos),
                "this report has no `period`",
            )
            .with_hint("add the month the report is about as `period: YYYY-MM`, e.g. `period: 2014-08`"),
        );
        return None;
    };
    let text = match &node.value {
        Value::Str(s) => s.clone(),
        _ => node.raw.clone(),
    };
    let parsed = Period::parse(&text);
    if parsed.is_none() {
        let hint = guess_period(&text)
            .map(|p| format!("write `period: {p}`"))
            .unwrap_or_else(|| "write the month reported on as YYYY-MM, e.g. `period: 2014-08`".into());
        diags.push(
            Diagnostic::error(file, node.pos, format!("period \"{text}\" is not a month in the form YYYY-MM"))
                .with_hint(hint),
        );
    }
    parsed
}

/// `8/2014`, `08-2014`, `2014/08` → `2014-08`, to suggest the right spelling.
fn guess_period(text: &str) -> Option<Period> {
    let parts: Vec<&str> = text.split(['/', '-', '.', ' ']).filter(|p| !p.is_empty()).collect();
    let [a, b] = parts.as_slice() else { return None };
    let (year, month) = if a.len() == 4 { (a, b) } else { (b, a) };
    Period::new(year.parse().ok()?, month.parse().ok()?)
}

fn publisher(fields: &Fields, file: &Path, config: &Config, diags: &mut Diagnostics) -> Option<String> {
    let ids: Vec<&str> = config.publishers.iter().map(|p| p.id.as_str()).collect();
    let value = fields.string("publisher", diags);
    match (&value, ids.is_empty()) {
        (None, false) => {
            diags.push(
                Diagnostic::error(
                    file,
                    Pos { line: 2, column: 1 },
                    "this report names no `publisher`, and site.yaml declares several",
                )
                .with_hint(format!("add `publisher: …` with one of: {}", ids.join(", "))),
            );
            None
        }
        (Some(id), _) if !ids.contains(&id.as_str()) => {
            let pos = fields.get("publisher").map_or(Pos::default(), |n| n.pos);
            let hint = if ids.is_empty() {
                "declare the publishers in site.yaml under `publishers:`, or remove this line".to_string()
            } else {
                suggestion(id, &ids)
            };
            diags.push(
                Diagnostic::error(file, pos, format!("publisher \"{id}\" is not declared in site.yaml"))
                    .with_hint(hint),
            );
            None
        }
        _ => value,
    }
}

/// A report outside its publisher's `from`…`until` is an error at its `period`.
fn check_active(config: &Config, id: &str, period: Period, pos: Pos, file: &Path, diags: &mut Diagnostics) {
    let Some(p) = config.publisher(id) else { return };
    if p.is_active(period) {
        return;
    }
    let range = crate::publisher::active_range(p);
    let message = if p.from.is_some_and(|f| period < f) {
        format!("period {period} is before publisher `{id}` starts reporting ({range})")
    } else {
        format!("period {period} is after publisher `{id}` stopped reporting ({range})")
    };
    let hint = match crate::publisher::reporting_for(&config.publishers, id, period) {
        Some(other) if other.id != id && other.is_active(period) => {
            format!("`{id}` was merged into `{}`: write `publisher: {}`, or correct the period", other.id, other.id)
        }
        _ => format!("correct the period, or the `from`/`until` of `{id}` in site.yaml"),
    };
    diags.push(Diagnostic::error(file, pos, message).with_hint(hint));
}

fn signer(node: &Node, file: &Path, diags: &mut Diagnostics) -> Option<Signer> {
    if let Value::Str(name) = &node.value {
        return Some(Signer { name: name.trim().to_string(), title: None, on_behalf: None });
    }
    let f = Fields::new(node, file, &["name", "title", "on_behalf"], "`signer`", diags)?;
    let Some(name) = f.string("name", diags).filter(|n| !n.is_empty()) else {
        diags.push(
            Diagnostic::error(file, node.pos, "`signer` needs a `name`")
                .with_hint("write `signer: { name: Đỗ Ngọc Nam, title: Phó Giám đốc }`"),
        );
        return None;
    };
    Some(Signer { name, title: f.string("title", diags), on_behalf: f.string("on_behalf", diags) })
}

fn source(node: &Node, file: &Path, diags: &mut Diagnostics) -> Option<Source> {
    let f = Fields::new(node, file, &["file", "sha256"], "`source`", diags)?;
    let hint = "write `source: { file: sources/2014/bao-cao-285.docx, sha256: … }` (annals import writes it)";
    let Some(path) = f.string("file", diags).filter(|p| !p.trim().is_empty()) else {
        diags.push(Diagnostic::error(file, node.pos, "`source` needs a `file`").with_hint(hint));
        return None;
    };
    let relative = PathBuf::from(path.trim());
    let escapes = relative.is_absolute()
        || relative.components().any(|c| !matches!(c, std::path::Component::Normal(_)))
        || relative.file_name().is_none();
    if escapes {
        let pos = f.get("file").map_or(node.pos, |n| n.pos);
        diags.push(
            Diagnostic::error(file, pos, format!("source file \"{path}\" is not a path inside the site folder"))
                .with_hint("write the path relative to the site folder, e.g. `sources/2014/bao-cao-285.docx`"),
        );
        return None;
    }
    let sha256 = f.string("sha256", diags).unwrap_or_default().trim().to_ascii_lowercase();
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        let pos = f.get("sha256").map_or(node.pos, |n| n.pos);
        diags.push(
            Diagnostic::error(file, pos, format!("`sha256` of `source` is \"{sha256}\", not 64 hexadecimal digits"))
                .with_hint(
                    "write the file's SHA-256 digest (`sha256sum FILE` prints it), or let annals import write it",
                ),
        );
        return None;
    }
    Some(Source { file: relative, sha256, pos: node.pos })
}

fn metrics(node: &Node, file: &Path, registry: &Registry, draft: bool, diags: &mut Diagnostics) -> Vec<Metric> {
    let Some(entries) = node.entries() else {
        diags.push(
            Diagnostic::error(file, node.pos, format!("`metrics` must be a mapping of indicator id to figures, found {}", node.kind()))
                .with_hint("write `metrics:` then one indented line per indicator, e.g. `  fixed-wired: { added: 178, total: 135368 }`"),
        );
        return Vec::new();
    };
    report_duplicates(entries, file, "`metrics`", diags);
    let ids = registry.indicator_ids();
    let mut list: Vec<Metric> = Vec::new();
    for (key, value) in entries {
        let Some(indicator) = registry.indicator(&key.name) else {
            let hint = if ids.is_empty() {
                "declare it in content/indicators.yaml first".to_string()
            } else {
                format!("{} (indicators are declared in content/indicators.yaml)", suggestion(&key.name, &ids))
            };
            diags.push(Diagnostic::error(file, key.pos, format!("unknown indicator `{}`", key.name)).with_hint(hint));
            continue;
        };
        if list.iter().any(|m| m.indicator == key.name) {
            continue;
        }
        let values = match &value.value {
            Value::Map(measures) => {
                report_duplicates(measures, file, &format!("the figures of `{}`", key.name), diags);
                let mut values: Vec<MetricValue> = Vec::new();
                for (mkey, mvalue) in measures {
                    if values.iter().any(|v| v.measure == mkey.name) {
                        continue;
                    }
                    let Some(measure) = registry.measure(&mkey.name) else {
                        diags.push(
                            Diagnostic::error(
                                file,
                                mkey.pos,
                                format!("unknown measure `{}` for indicator `{}`", mkey.name, key.name),
                            )
                            .with_hint(format!(
                                "{} (measures are declared in content/indicators.yaml)",
                                suggestion(&mkey.name, &registry.measure_ids())
                            )),
                        );
                        continue;
                    };
                    let integer = registry.is_integer(indicator, measure);
                    if let Some(v) = figure::number(mvalue, file, indicator, &measure.id, integer, draft, diags) {
                        values.push(MetricValue { measure: measure.id.clone(), value: v, pos: mvalue.pos });
                    }
                }
                values
            }
            _ => {
                let measure = &indicator.headline;
                let integer = registry.measure(measure).is_some_and(|m| registry.is_integer(indicator, m));
                match figure::number(value, file, indicator, measure, integer, draft, diags) {
                    Some(v) => vec![MetricValue { measure: measure.clone(), value: v, pos: value.pos }],
                    None => Vec::new(),
                }
            }
        };
        list.push(Metric { indicator: key.name.clone(), pos: key.pos, values });
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_guesses() {
        assert_eq!(guess_period("8/2014").map(|p| p.to_string()).as_deref(), Some("2014-08"));
        assert_eq!(guess_period("2014/08").map(|p| p.to_string()).as_deref(), Some("2014-08"));
        assert_eq!(guess_period("August"), None);
    }
}
