//! Publishers over time: the `publishers:` mapping of site.yaml.
//!
//! A [`Publisher`] reports in the months `from`…`until` (both optional),
//! bears `name` until the first of its `names` changes, and may be
//! `merged_into` a successor from the month after `until`. Parsing checks
//! every rule of the contract ("Publishers over time") with site.yaml's
//! positions: months in the form YYYY-MM, `from` ≤ `until`, `merged_into`
//! with an `until` and a declared successor active the month after, no
//! cycle of successors, names in month order inside the active months.
//! Knows nothing about reports; [`Publisher::is_active`] is what every
//! count of "publishers expected in a month" asks.

use std::path::Path;

use crate::content::fields::{Fields, report_duplicates};
use crate::content::yaml::{Node, Pos, Value};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};
use crate::period::Period;

/// The keys of one publisher's mapping.
pub const KEYS: &[&str] = &["name", "from", "until", "merged_into", "names"];

#[derive(Clone, Debug, PartialEq)]
pub struct Publisher {
    pub id: String,
    /// The name from its first month (or forever, without `names`).
    pub name: String,
    /// The position of its key in site.yaml.
    pub pos: Pos,
    /// Its first month, if bounded.
    pub from: Option<Period>,
    /// Its last month, if bounded.
    pub until: Option<Period>,
    /// The id of the publisher that reports for it after `until`.
    pub merged_into: Option<String>,
    /// Later names, each from its month on, in month order.
    pub names: Vec<(Period, String)>,
    /// The ids of the publishers merged into this one, in site.yaml order
    /// (filled by [`parse`] from the others' `merged_into`).
    pub predecessors: Vec<String>,
    /// Where `until` and `merged_into` are written, for messages.
    pub until_pos: Option<Pos>,
}

/// One name of a publisher and the months it was borne.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameSpan {
    pub name: String,
    /// `None`: from the publisher's first month (or always).
    pub from: Option<Period>,
    /// `None`: to its last month (or still).
    pub until: Option<Period>,
}

impl Publisher {
    /// A publisher with one name, active forever.
    pub fn simple(id: &str, name: &str) -> Publisher {
        Publisher {
            id: id.to_string(),
            name: name.to_string(),
            pos: Pos::default(),
            from: None,
            until: None,
            merged_into: None,
            names: Vec::new(),
            predecessors: Vec::new(),
            until_pos: None,
        }
    }

    /// Whether the publisher reports for `period` (inside `from`…`until`).
    pub fn is_active(&self, period: Period) -> bool {
        self.from.is_none_or(|f| f <= period) && self.until.is_none_or(|u| period <= u)
    }

    /// The name valid in `period`: the latest of `names` from that month or
    /// before, else `name`.
    pub fn name_at(&self, period: Period) -> &str {
        self.names.iter().rev().find(|(from, _)| *from <= period).map_or(self.name.as_str(), |(_, n)| n.as_str())
    }

    /// The name it bears last (its current name, or the one it ended with).
    pub fn latest_name(&self) -> &str {
        self.names.last().map_or(self.name.as_str(), |(_, n)| n.as_str())
    }

    /// The publisher that reports for it after `until`.
    pub fn successor(&self) -> Option<&str> {
        self.merged_into.as_deref()
    }

    /// The publishers merged into this one.
    pub fn predecessors(&self) -> &[String] {
        &self.predecessors
    }

    /// Its names, oldest first, with the months each was borne.
    pub fn name_spans(&self) -> Vec<NameSpan> {
        let mut spans = vec![NameSpan { name: self.name.clone(), from: self.from, until: None }];
        for (from, name) in &self.names {
            if let Some(last) = spans.last_mut() {
                last.until = Some(from.previous());
            }
            spans.push(NameSpan { name: name.clone(), from: Some(*from), until: None });
        }
        if let Some(last) = spans.last_mut() {
            last.until = self.until;
        }
        spans
    }
}

/// The publisher `id` of `list`.
pub fn find<'a>(list: &'a [Publisher], id: &str) -> Option<&'a Publisher> {
    list.iter().find(|p| p.id == id)
}

/// The ids of the publishers active in `period`, in site.yaml order.
pub fn active_in(list: &[Publisher], period: Period) -> impl Iterator<Item = &Publisher> {
    list.iter().filter(move |p| p.is_active(period))
}

/// The publisher that reports for `id` in `period`: `id` itself while it is
/// active, else its successor (followed through later merges).
pub fn reporting_for<'a>(list: &'a [Publisher], id: &str, period: Period) -> Option<&'a Publisher> {
    let mut current = find(list, id)?;
    // At most one step per publisher: cycles are refused by `parse`, but a
    // hand-made list must not loop either.
    for _ in 0..=list.len() {
        if current.until.is_none_or(|u| period <= u) {
            return Some(current);
        }
        current = find(list, current.merged_into.as_deref()?)?;
    }
    None
}

/// The successors of `id`: the one it was merged into, that one's, and so on.
pub fn successors_of(list: &[Publisher], id: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = find(list, id);
    while let Some(next) = current.and_then(|p| p.successor()) {
        if next == id || out.iter().any(|o| o == next) {
            break;
        }
        out.push(next.to_string());
        current = find(list, next);
    }
    out
}

/// Reads the `publishers:` mapping of site.yaml.
pub fn parse(node: &Node, file: &Path, diags: &mut Diagnostics) -> Vec<Publisher> {
    let Some(entries) = node.entries() else {
        diags.push(
            Diagnostic::error(file, node.pos, "`publishers` must be a mapping of publisher id to `{ name: … }`")
                .with_hint("write `publishers:` then lines like `  quang-ninh: { name: Sở TTTT Quảng Ninh }`"),
        );
        return Vec::new();
    };
    report_duplicates(entries, file, "publishers", diags);
    let mut list = Vec::new();
    // Where each publisher's `merged_into` value is, for the checks across publishers.
    let mut successor_pos = Vec::new();
    for (key, value) in entries {
        if !crate::registry::is_slug(&key.name) {
            diags.push(
                Diagnostic::error(file, key.pos, format!("publisher id \"{}\" is not a slug", key.name)).with_hint(
                    format!(
                        "use lowercase letters, digits and hyphens, e.g. `{}`",
                        crate::registry::slugify(&key.name)
                    ),
                ),
            );
        }
        let Some(fields) = Fields::new(value, file, KEYS, "a publisher", diags) else {
            continue;
        };
        let Some(name) = fields.string("name", diags).filter(|n| !n.is_empty()) else {
            diags.push(
                Diagnostic::error(file, value.pos, format!("publisher `{}` needs a name", key.name))
                    .with_hint(format!("write `{}: {{ name: … }}`", key.name)),
            );
            continue;
        };
        let from = month(&fields, "from", diags);
        let until = month(&fields, "until", diags);
        if let (Some(f), Some(u)) = (from, until)
            && u < f
        {
            let pos = fields.get("until").map_or(key.pos, |n| n.pos);
            diags.push(
                Diagnostic::error(
                    file,
                    pos,
                    format!("publisher `{}` ends (until {u}) before it starts (from {f})", key.name),
                )
                .with_hint("`from` is its first month and `until` its last: swap them or correct one"),
            );
        }
        let merged_into = fields.string("merged_into", diags).filter(|s| !s.is_empty());
        let merged_pos = fields.get("merged_into").map(|n| n.pos);
        if merged_into.is_some() && fields.get("until").is_none() {
            diags.push(
                Diagnostic::error(
                    file,
                    merged_pos.unwrap_or(key.pos),
                    format!("publisher `{}` has `merged_into` but no `until`", key.name),
                )
                .with_hint(format!(
                    "add `until: YYYY-MM`, its last month: `{}` reports for it from the month after",
                    merged_into.as_deref().unwrap_or_default()
                )),
            );
        }
        let names = names(&fields, &key.name, from, until, diags);
        successor_pos.push(merged_pos);
        list.push(Publisher {
            id: key.name.clone(),
            name,
            pos: key.pos,
            from,
            until,
            merged_into,
            names,
            predecessors: Vec::new(),
            until_pos: fields.get("until").map(|n| n.pos),
        });
    }
    check_successors(&list, &successor_pos, file, diags);
    link_predecessors(&mut list);
    list
}

/// A month value (`from`, `until`), with a located error when it is not one.
fn month(fields: &Fields, key: &str, diags: &mut Diagnostics) -> Option<Period> {
    let node = fields.get(key)?;
    let text = match &node.value {
        Value::Str(s) => s.trim().to_string(),
        _ => node.raw.clone(),
    };
    let parsed = Period::parse(&text);
    if parsed.is_none() {
        diags.push(
            Diagnostic::error(
                fields.file(),
                node.pos,
                format!("`{key}` \"{text}\" is not a month in the form YYYY-MM"),
            )
            .with_hint(format!("write the month as YYYY-MM, e.g. `{key}: 2025-06`")),
        );
    }
    parsed
}

/// `names: { 2025-03: New name }`: months in order, inside `from`…`until`.
fn names(
    fields: &Fields,
    id: &str,
    from: Option<Period>,
    until: Option<Period>,
    diags: &mut Diagnostics,
) -> Vec<(Period, String)> {
    let file = fields.file();
    let Some(node) = fields.get("names") else {
        return Vec::new();
    };
    let Some(entries) = node.entries() else {
        diags.push(
            Diagnostic::error(
                file,
                node.pos,
                format!("`names` must be a mapping of month to name, found {}", node.kind()),
            )
            .with_hint("write `names: { 2025-03: Sở Khoa học và Công nghệ … }`: the name from that month on"),
        );
        return Vec::new();
    };
    report_duplicates(entries, file, "`names`", diags);
    let mut list: Vec<(Period, String)> = Vec::new();
    for (key, value) in entries {
        let Some(period) = Period::parse(&key.name) else {
            diags.push(
                Diagnostic::error(
                    file,
                    key.pos,
                    format!("\"{}\" in `names` is not a month in the form YYYY-MM", key.name),
                )
                .with_hint("each key of `names` is the first month of a name, e.g. `2025-03: …`"),
            );
            continue;
        };
        let name = match &value.value {
            Value::Str(s) if !s.trim().is_empty() => s.trim().to_string(),
            _ => {
                diags.push(
                    Diagnostic::error(
                        file,
                        value.pos,
                        format!("the name from {period} must be text, found {}", value.kind()),
                    )
                    .with_hint(format!("write `{period}: Sở … ` with the name borne from that month")),
                );
                continue;
            }
        };
        if let Some((last, _)) = list.last()
            && period <= *last
        {
            diags.push(
                Diagnostic::error(file, key.pos, format!("the name from {period} comes after the name from {last}"))
                    .with_hint("list the names of `names` in month order, oldest first"),
            );
            continue;
        }
        let outside = from
            .filter(|f| period <= *f)
            .map(|f| format!("at or before its first month ({f})"))
            .or_else(|| until.filter(|u| period > *u).map(|u| format!("after its last month ({u})")));
        if let Some(why) = outside {
            diags.push(
                Diagnostic::error(file, key.pos, format!("the name of `{id}` from {period} is {why}")).with_hint(
                    if from.is_some_and(|f| period <= f) {
                        "give the name of its first month as `name`, and in `names` only later names".to_string()
                    } else {
                        "a name change must fall inside the months it reports: correct the month or `until`".to_string()
                    },
                ),
            );
            continue;
        }
        list.push((period, name));
    }
    list
}

/// `merged_into` names a declared publisher other than itself that reports
/// the month after `until`; following successors never comes back.
fn check_successors(list: &[Publisher], positions: &[Option<Pos>], file: &Path, diags: &mut Diagnostics) {
    let ids: Vec<&str> = list.iter().map(|p| p.id.as_str()).collect();
    for (publisher, pos) in list.iter().zip(positions) {
        let (Some(next), Some(pos)) = (publisher.merged_into.as_deref(), *pos) else { continue };
        let Some(successor) = find(list, next) else {
            let others: Vec<&str> = ids.iter().copied().filter(|id| *id != publisher.id).collect();
            diags.push(
                Diagnostic::error(
                    file,
                    pos,
                    format!("`merged_into: {next}` of publisher `{}` names no declared publisher", publisher.id),
                )
                .with_hint(suggestion(next, &others)),
            );
            continue;
        };
        if let (Some(until), false) = (publisher.until, successor.id == publisher.id) {
            let first = until.next();
            if !successor.is_active(first) {
                diags.push(
                    Diagnostic::error(
                        file,
                        pos,
                        format!(
                            "`{}` takes over from `{}` in {first}, but does not report in that month ({})",
                            successor.id,
                            publisher.id,
                            active_range(successor)
                        ),
                    )
                    .with_hint(format!("correct `until` of `{}` or the months of `{}`", publisher.id, successor.id)),
                );
            }
        }
        if let Some(cycle) = cycle_from(list, publisher)
            && cycle.first().is_some_and(|first| *first == publisher.id)
        {
            diags.push(
                Diagnostic::error(
                    file,
                    pos,
                    format!("publishers merge into each other in a cycle: {} → {}", cycle.join(" → "), publisher.id),
                )
                .with_hint("a successor reports after its predecessors: remove the `merged_into` that leads back"),
            );
        }
    }
}

/// The cycle of successors `start` is on (its ids, starting with the one
/// earliest in site.yaml), or `None` when following successors ends.
fn cycle_from(list: &[Publisher], start: &Publisher) -> Option<Vec<String>> {
    let mut path: Vec<&str> = vec![start.id.as_str()];
    let mut current = start;
    loop {
        let next = find(list, current.merged_into.as_deref()?)?;
        if let Some(at) = path.iter().position(|id| *id == next.id) {
            let cycle = &path[at..];
            // Report each cycle once: rotated to start at its earliest member.
            let first = list.iter().position(|p| cycle.contains(&p.id.as_str()))?;
            let begin = cycle.iter().position(|id| *id == list[first].id)?;
            let mut rotated: Vec<String> =
                cycle[begin..].iter().chain(&cycle[..begin]).map(|s| s.to_string()).collect();
            rotated.dedup();
            return Some(rotated);
        }
        path.push(next.id.as_str());
        current = next;
    }
}

fn link_predecessors(list: &mut [Publisher]) {
    for i in 0..list.len() {
        let predecessors: Vec<String> = list
            .iter()
            .filter(|p| p.merged_into.as_deref() == Some(list[i].id.as_str()) && p.id != list[i].id)
            .map(|p| p.id.clone())
            .collect();
        list[i].predecessors = predecessors;
    }
}

/// `2006-01 – 2025-06`, `from 2006-01`, `until 2025-06` or `every month`.
pub fn active_range(p: &Publisher) -> String {
    match (p.from, p.until) {
        (Some(f), Some(u)) => format!("it reports {f} – {u}"),
        (Some(f), None) => format!("it reports from {f}"),
        (None, Some(u)) => format!("it reports until {u}"),
        (None, None) => "it reports every month".into(),
    }
}

#[cfg(test)]
mod tests;
