//! A report's `revisions:` list ([`Revision`]), read from the located YAML
//! tree. A figure's vintage is [`Status`] (`crate::status`).
//!
//! Only what one file can tell is checked here: the keys, the types, the
//! indicator and measure against the registry (with "did you mean"), the
//! publisher against site.yaml. Whether the revised figure exists is a rule
//! over the whole archive (`checks::revisions`).

use std::path::Path;

use crate::config::Config;
use crate::content::fields::Fields;
use crate::content::yaml::{Node, Pos, Value};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};
use crate::period::Period;
use crate::registry::Registry;
use crate::status::Status;

/// Why a figure changed: a new vintage, or a mistake put right.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RevisionKind {
    #[default]
    Revision,
    Correction,
}

impl RevisionKind {
    pub fn id(self) -> &'static str {
        match self {
            RevisionKind::Revision => "revision",
            RevisionKind::Correction => "correction",
        }
    }
}

/// One entry of a report's `revisions:` list, as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    pub period: Period,
    pub indicator: String,
    /// The measure revised (the indicator's headline when not written).
    pub measure: String,
    pub value: f64,
    pub kind: RevisionKind,
    pub reason: Option<String>,
    /// The publisher of the revised figure; `None`: the report's own.
    pub publisher: Option<String>,
    /// The status of the revised figure, when the writer gives it; else the
    /// revised figure keeps the status it had.
    pub status: Option<Status>,
    /// Positions of the entry and of its values, for messages.
    pub pos: Pos,
    pub period_pos: Pos,
    pub indicator_pos: Pos,
    /// The `measure:` value, or the entry when it is not written.
    pub measure_pos: Pos,
    pub value_pos: Pos,
}

const KEYS: &[&str] = &["period", "indicator", "measure", "value", "kind", "reason", "publisher", "status"];

/// Reads a report's `revisions:` list; entries with errors are left out.
pub fn revisions(
    node: &Node,
    file: &Path,
    config: &Config,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Vec<Revision> {
    let Value::Seq(items) = &node.value else {
        diags.push(
            Diagnostic::error(file, node.pos, format!("`revisions` must be a list of revised figures, found {}", node.kind()))
                .with_hint("write `revisions:` then one item per figure, e.g. `  - { period: 2014-08, indicator: broadband-internet, value: 103998, reason: … }`"),
        );
        return Vec::new();
    };
    items.iter().filter_map(|item| revision(item, file, config, registry, diags)).collect()
}

fn revision(
    item: &Node,
    file: &Path,
    config: &Config,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Option<Revision> {
    let errors_before = diags.error_count();
    let f = Fields::new(item, file, KEYS, "a revision", diags)?;
    let required = |key: &str, example: &str, diags: &mut Diagnostics| {
        if f.get(key).is_none() {
            diags.push(
                Diagnostic::error(
                    file,
                    f.key(key).map_or(item.pos, |k| k.pos),
                    format!("this revision has no `{key}`"),
                )
                .with_hint(format!("add `{key}: {example}` to the revision")),
            );
        }
    };
    required("period", "2014-08", diags);
    required("indicator", "broadband-internet", diags);
    required("value", "103998", diags);
    let period_pos = f.get("period").map_or(item.pos, |n| n.pos);
    let period = f.string("period", diags).and_then(|text| {
        let parsed = Period::parse(&text);
        if parsed.is_none() {
            diags.push(
                Diagnostic::error(file, period_pos, format!("period \"{text}\" is not a month in the form YYYY-MM"))
                    .with_hint("write the month of the revised figure, e.g. `period: 2014-08`"),
            );
        }
        parsed
    });
    let indicator_pos = f.get("indicator").map_or(item.pos, |n| n.pos);
    let indicator = f.string("indicator", diags).and_then(|id| match registry.indicator(&id) {
        Some(indicator) => Some(indicator),
        None => {
            diags.push(
                Diagnostic::error(file, indicator_pos, format!("unknown indicator `{id}` in a revision")).with_hint(
                    format!(
                        "{} (indicators are declared in content/indicators.yaml)",
                        suggestion(&id, &registry.indicator_ids())
                    ),
                ),
            );
            None
        }
    });
    let measure_pos = f.get("measure").map_or(item.pos, |n| n.pos);
    let measure = match f.string("measure", diags) {
        None => indicator.map(|i| i.headline.clone()),
        Some(id) if registry.measure(&id).is_some() => Some(id),
        Some(id) => {
            diags.push(
                Diagnostic::error(file, measure_pos, format!("unknown measure `{id}` in a revision")).with_hint(
                    format!(
                        "{} (measures are declared in content/indicators.yaml)",
                        suggestion(&id, &registry.measure_ids())
                    ),
                ),
            );
            None
        }
    };
    let value_node = f.get("value");
    let value_pos = value_node.map_or(item.pos, |n| n.pos);
    let value = match (value_node, indicator, measure.as_deref().and_then(|m| registry.measure(m))) {
        (Some(node), Some(indicator), Some(m)) => {
            let integer = registry.is_integer(indicator, m);
            match super::figure::number(node, file, indicator, &m.id, integer, false, diags) {
                Some(Some(v)) => Some(v),
                _ => None,
            }
        }
        _ => None,
    };
    let kind = match f.string("kind", diags).as_deref() {
        None | Some("revision") => RevisionKind::Revision,
        Some("correction") => RevisionKind::Correction,
        Some(other) => {
            let pos = f.get("kind").map_or(item.pos, |n| n.pos);
            diags.push(
                Diagnostic::error(file, pos, format!("kind \"{other}\" is not `revision` or `correction`"))
                    .with_hint(format!(
                        "write `kind: revision` for a new vintage of the figure, `kind: correction` for a mistake put right ({})",
                        suggestion(other, &["revision", "correction"])
                    )),
            );
            RevisionKind::Revision
        }
    };
    let reason = f.string("reason", diags).filter(|r| !r.is_empty());
    if reason.is_none() {
        diags.push(
            Diagnostic::warning(file, item.pos, "this revision gives no `reason`")
                .with_hint("add `reason: …`: readers of the history page are told why the figure changed"),
        );
    }
    let publisher = publisher(&f, file, config, diags);
    let status = crate::status::read(&f, diags);
    if diags.error_count() != errors_before {
        return None;
    }
    Some(Revision {
        period: period?,
        indicator: indicator?.id.clone(),
        measure: measure?,
        value: value?,
        kind,
        reason,
        publisher,
        status,
        pos: item.pos,
        period_pos,
        indicator_pos,
        measure_pos,
        value_pos,
    })
}

fn publisher(f: &Fields, file: &Path, config: &Config, diags: &mut Diagnostics) -> Option<String> {
    let id = f.string("publisher", diags)?;
    let ids: Vec<&str> = config.publishers.iter().map(|p| p.id.as_str()).collect();
    if !ids.contains(&id.as_str()) {
        let pos = f.get("publisher").map_or(Pos::default(), |n| n.pos);
        let hint = if ids.is_empty() {
            "this site has one publisher: remove the line".to_string()
        } else {
            suggestion(&id, &ids)
        };
        diags.push(
            Diagnostic::error(file, pos, format!("publisher \"{id}\" is not declared in site.yaml")).with_hint(hint),
        );
        return None;
    }
    Some(id)
}
