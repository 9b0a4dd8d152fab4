//! `content/indicators.yaml`: the registry of measures and indicators.
//!
//! Measures are the columns of indicator tables (added, removed, total…);
//! indicators are the rows (fixed-line subscribers…). Reports may only use
//! what is declared here. The registry is read once and never changes.

use std::path::Path;

use crate::content::fields::Fields;
use crate::content::yaml::{self, Node, Pos};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};

pub const FILE_NAME: &str = "indicators.yaml";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Registry {
    pub measures: Vec<Measure>,
    pub indicators: Vec<Indicator>,
    /// Lookups made once by [`Registry::parse`], so that no question about
    /// the graph costs more than its answer (a registry may hold thousands
    /// of indicators chained by `sum_of`). Verified on use: a registry
    /// changed after parsing falls back to scanning.
    lookup: Lookup,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Lookup {
    /// Indicator id → index, sorted by id.
    by_id: Vec<(String, usize)>,
    /// For each indicator (by index), the indices of those listing it in `sum_of`.
    parents: Vec<Vec<usize>>,
}

impl Lookup {
    fn new(indicators: &[Indicator]) -> Lookup {
        let mut by_id: Vec<(String, usize)> = indicators.iter().enumerate().map(|(i, x)| (x.id.clone(), i)).collect();
        // Stable: of two equal ids the first declared wins, as with a scan.
        by_id.sort_by(|a, b| a.0.cmp(&b.0));
        by_id.dedup_by(|later, first| later.0 == first.0);
        let mut lookup = Lookup { by_id, parents: vec![Vec::new(); indicators.len()] };
        for (i, indicator) in indicators.iter().enumerate() {
            let mut parts: Vec<usize> = indicator.sum_of.iter().filter_map(|p| lookup.index(p)).collect();
            parts.sort_unstable();
            parts.dedup();
            for part in parts {
                lookup.parents[part].push(i);
            }
        }
        lookup
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.by_id.binary_search_by(|(k, _)| k.as_str().cmp(id)).ok().map(|i| self.by_id[i].1)
    }

    fn fits(&self, indicators: &[Indicator]) -> bool {
        self.parents.len() == indicators.len()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    pub id: String,
    pub label: String,
    pub unit: Option<String>,
    pub integer: bool,
    pub description: Option<String>,
    /// Other spellings of the label in documents (`annals import`).
    pub aliases: Vec<String>,
    /// The `role:` written on the measure, if any (see [`Registry::stock_measures`]).
    pub role: Option<Role>,
    /// Where `role:`'s value is written, for messages.
    pub role_pos: Option<Pos>,
}

/// What a measure is to a stock: what comes in during the month, what goes
/// out, and what there is at its end (continuity:
/// previous stock + inflow − outflow = stock).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Inflow,
    Outflow,
    Stock,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Inflow, Role::Outflow, Role::Stock];

    /// The word written after `role:`.
    pub fn id(self) -> &'static str {
        match self {
            Role::Inflow => "inflow",
            Role::Outflow => "outflow",
            Role::Stock => "stock",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == text)
    }

    /// The id of the measure that has this role when no measure says
    /// `role:` it: `added`, `removed`, `total`.
    pub fn default_measure(self) -> &'static str {
        match self {
            Role::Inflow => "added",
            Role::Outflow => "removed",
            Role::Stock => "total",
        }
    }
}

/// The measures of the stock, by id (see [`Registry::stock_measures`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StockMeasures<'a> {
    pub inflow: &'a str,
    pub outflow: &'a str,
    pub stock: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub short: Option<String>,
    pub unit: Option<String>,
    pub group: Option<String>,
    /// The measure charted and listed.
    pub headline: String,
    /// Overrides the measures' `integer` for this indicator.
    pub integer: Option<bool>,
    pub description: Option<String>,
    pub sum_of: Vec<String>,
    /// Shown on the home page.
    pub featured: bool,
    /// Other spellings of the name in documents (`annals import`).
    pub aliases: Vec<String>,
    pub pos: Pos,
}

impl Indicator {
    /// The label for tables: `short`, else `name`.
    pub fn label(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

const MEASURE_KEYS: &[&str] = &["label", "unit", "integer", "description", "aliases", "role"];
const INDICATOR_KEYS: &[&str] =
    &["name", "short", "unit", "group", "headline", "integer", "description", "sum_of", "featured", "aliases"];

/// `[a-z0-9-]+`, not starting or ending with `-`.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub use crate::text::slugify;

fn is_measure_id(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

impl Registry {
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicator_index(id).map(|i| &self.indicators[i])
    }

    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        if self.lookup.fits(&self.indicators) {
            let found = self.lookup.index(id).filter(|&i| self.indicators[i].id == id);
            if found.is_some() || !self.lookup.by_id.iter().any(|(k, _)| k == id) {
                return found;
            }
        }
        self.indicators.iter().position(|i| i.id == id)
    }

    pub fn measure_index(&self, id: &str) -> Option<usize> {
        self.measures.iter().position(|m| m.id == id)
    }

    /// Whether values of `measure` on `indicator` must be whole numbers.
    pub fn is_integer(&self, indicator: &Indicator, measure: &Measure) -> bool {
        indicator.integer.unwrap_or(measure.integer)
    }

    /// The indicators that list `id` in their `sum_of`.
    pub fn parents_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Indicator> + 'a {
        let indexed = self.lookup.fits(&self.indicators).then(|| self.indicator_index(id)).flatten();
        let (quick, scan) = match indexed {
            Some(i) => (self.lookup.parents[i].as_slice(), None),
            None => (&[][..], Some(self.indicators.iter())),
        };
        quick
            .iter()
            .map(|&p| &self.indicators[p])
            .filter(move |p| p.sum_of.iter().any(|x| x == id))
            .chain(scan.into_iter().flatten().filter(move |i| i.sum_of.iter().any(|p| p == id)))
    }

    /// The measure that has `role`: the one whose `role:` says so, else the
    /// measure of the default id ([`Role::default_measure`]) when it says
    /// no other role.
    pub fn measure_with_role(&self, role: Role) -> Option<&Measure> {
        self.measures
            .iter()
            .find(|m| m.role == Some(role))
            .or_else(|| self.measures.iter().find(|m| m.role.is_none() && m.id == role.default_measure()))
    }

    /// The inflow, outflow and stock measures, when the registry has all
    /// three: what continuity compares.
    pub fn stock_measures(&self) -> Option<StockMeasures<'_>> {
        let id = |role| self.measure_with_role(role).map(|m| m.id.as_str());
        Some(StockMeasures { inflow: id(Role::Inflow)?, outflow: id(Role::Outflow)?, stock: id(Role::Stock)? })
    }

    pub fn measure_ids(&self) -> Vec<&str> {
        self.measures.iter().map(|m| m.id.as_str()).collect()
    }

    pub fn indicator_ids(&self) -> Vec<&str> {
        self.indicators.iter().map(|i| i.id.as_str()).collect()
    }

    /// The indicators' groups, each once, in registry order (the site's keywords in open data).
    pub fn groups(&self) -> Vec<String> {
        let mut groups: Vec<String> = Vec::new();
        for group in self.indicators.iter().filter_map(|i| i.group.clone()) {
            if !groups.contains(&group) {
                groups.push(group);
            }
        }
        groups
    }

    /// Parses the registry text; `file` is used in messages.
    pub fn parse(text: &str, file: &Path, diags: &mut Diagnostics) -> Registry {
        let node = match yaml::parse(text, 0) {
            Ok(node) => node,
            Err(err) => {
                diags.push(
                    Diagnostic::error(file, err.pos, format!("indicators.yaml is not valid YAML: {}", err.message))
                        .with_hint(
                            err.hint.unwrap_or_else(|| "check the indentation and quotes around this line".into()),
                        ),
                );
                return Registry::default();
            }
        };
        if node.is_null() {
            return Registry::default();
        }
        let Some(fields) = Fields::new(&node, file, &["measures", "indicators"], "indicators.yaml", diags) else {
            return Registry::default();
        };
        let measures = fields.get("measures").map(|n| measures(n, file, diags)).unwrap_or_default();
        let mut registry = Registry { measures, ..Registry::default() };
        if let Some(node) = fields.get("indicators") {
            registry.indicators = indicators(node, file, &registry, diags);
        }
        registry.lookup = Lookup::new(&registry.indicators);
        check_sums(&registry, file, diags);
        registry
    }
}

fn mapping_entries<'a>(node: &'a Node, file: &Path, what: &str, diags: &mut Diagnostics) -> &'a [(yaml::Key, Node)] {
    match node.entries() {
        Some(entries) => {
            crate::content::fields::report_duplicates(entries, file, what, diags);
            entries
        }
        None => {
            diags.push(
                Diagnostic::error(
                    file,
                    node.pos,
                    format!("`{what}` must be a mapping of id to its description, found {}", node.kind()),
                )
                .with_hint(format!("write `{what}:` and below it one indented `id: {{ … }}` per line")),
            );
            &[]
        }
    }
}

fn measures(node: &Node, file: &Path, diags: &mut Diagnostics) -> Vec<Measure> {
    let mut list = Vec::new();
    for (key, value) in mapping_entries(node, file, "measures", diags) {
        if !is_measure_id(&key.name) {
            diags.push(
                Diagnostic::error(
                    file,
                    key.pos,
                    format!("measure id \"{}\" may only hold lowercase letters, digits, `_` and `-`", key.name),
                )
                .with_hint(format!("write it as `{}`", slugify(&key.name).replace('-', "_"))),
            );
        }
        if list.iter().any(|m: &Measure| m.id == key.name) {
            continue;
        }
        let empty = Node { pos: value.pos, value: yaml::Value::Map(Vec::new()), raw: String::new() };
        let value = if value.is_null() { &empty } else { value };
        let Some(f) = Fields::new(value, file, MEASURE_KEYS, &format!("measure `{}`", key.name), diags) else {
            continue;
        };
        let (role, role_pos) = role(&f, &key.name, &list, diags);
        list.push(Measure {
            id: key.name.clone(),
            label: f.string("label", diags).unwrap_or_else(|| key.name.clone()),
            unit: f.string("unit", diags).filter(|u| !u.is_empty()),
            integer: f.bool("integer", diags).unwrap_or(false),
            description: f.string("description", diags),
            aliases: f.strings("aliases", diags),
            role,
            role_pos,
        });
    }
    list
}

/// A measure's `role:`: one of [`Role::ALL`], given to one measure only.
fn role(f: &Fields, measure: &str, earlier: &[Measure], diags: &mut Diagnostics) -> (Option<Role>, Option<Pos>) {
    let Some(text) = f.string("role", diags) else { return (None, None) };
    let pos = f.get("role").map_or(Pos::default(), |n| n.pos);
    let Some(role) = Role::parse(&text) else {
        let ids: Vec<&str> = Role::ALL.iter().map(|r| r.id()).collect();
        diags.push(
            Diagnostic::error(
                f.file(),
                pos,
                format!("role \"{text}\" of measure `{measure}` is not one of inflow, outflow, stock"),
            )
            .with_hint(format!(
                "write `role: inflow` (what comes in during the month), `role: outflow` (what goes out) or \
                 `role: stock` (what there is at its end) ({})",
                suggestion(&text, &ids)
            )),
        );
        return (None, None);
    };
    if let Some(other) = earlier.iter().find(|m| m.role == Some(role)) {
        let line = other.role_pos.map_or(0, |p| p.line);
        diags.push(
            Diagnostic::error(
                f.file(),
                pos,
                format!(
                    "measure `{measure}` has `role: {}`, which measure `{}` has already (line {line})",
                    role.id(),
                    other.id
                ),
            )
            .with_hint(format!(
                "give `role: {}` to one measure only: continuity reads one inflow, one outflow and one stock",
                role.id()
            )),
        );
        return (None, None);
    }
    (Some(role), Some(pos))
}

fn indicators(node: &Node, file: &Path, registry: &Registry, diags: &mut Diagnostics) -> Vec<Indicator> {
    let mut list = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let measure_ids = registry.measure_ids();
    for (key, value) in mapping_entries(node, file, "indicators", diags) {
        if !is_slug(&key.name) {
            let slug = slugify(&key.name);
            diags.push(
                Diagnostic::error(
                    file,
                    key.pos,
                    format!(
                        "indicator id \"{}\" is not a slug: it becomes the web address of the indicator's page",
                        key.name
                    ),
                )
                .with_hint(format!(
                    "use lowercase ASCII letters, digits and hyphens only, e.g. `{}`",
                    if slug.is_empty() { "fixed-wired" } else { &slug }
                )),
            );
        }
        if !seen.insert(key.name.as_str()) {
            continue;
        }
        let what = format!("indicator `{}`", key.name);
        let Some(f) = Fields::new(value, file, INDICATOR_KEYS, &what, diags) else {
            continue;
        };
        let name = f.string("name", diags).filter(|n| !n.is_empty()).unwrap_or_else(|| {
            diags.push(
                Diagnostic::error(file, key.pos, format!("indicator `{}` needs a `name`", key.name))
                    .with_hint("add `name: …`, the indicator's full name as readers should see it"),
            );
            key.name.clone()
        });
        let default_headline =
            if measure_ids.contains(&"total") { "total" } else { measure_ids.first().copied().unwrap_or("total") };
        let headline = match f.string("headline", diags) {
            Some(h) if measure_ids.contains(&h.as_str()) => h,
            Some(h) => {
                let pos = f.get("headline").map_or(key.pos, |n| n.pos);
                diags.push(
                    Diagnostic::error(
                        file,
                        pos,
                        format!("headline \"{h}\" of indicator `{}` is not a declared measure", key.name),
                    )
                    .with_hint(suggestion(&h, &measure_ids)),
                );
                default_headline.to_string()
            }
            None => default_headline.to_string(),
        };
        list.push(Indicator {
            id: key.name.clone(),
            name,
            short: f.string("short", diags).filter(|s| !s.is_empty()),
            unit: f.string("unit", diags).filter(|s| !s.is_empty()),
            group: f.string("group", diags).filter(|s| !s.is_empty()),
            headline,
            integer: f.bool("integer", diags),
            description: f.string("description", diags).filter(|s| !s.is_empty()),
            sum_of: f.strings("sum_of", diags),
            featured: f.bool("featured", diags).unwrap_or(false),
            aliases: f.strings("aliases", diags),
            pos: key.pos,
        });
    }
    list
}

/// `sum_of` names declared indicators, not itself, without cycles: one
/// pass over the graph, linear in indicators plus `sum_of` entries.
fn check_sums(registry: &Registry, file: &Path, diags: &mut Diagnostics) {
    let ids = registry.indicator_ids();
    for indicator in &registry.indicators {
        for part in &indicator.sum_of {
            if part == &indicator.id {
                diags.push(
                    Diagnostic::error(
                        file,
                        indicator.pos,
                        format!("indicator `{}` lists itself in its `sum_of`", indicator.id),
                    )
                    .with_hint("list only its parts"),
                );
            } else if registry.indicator(part).is_none() {
                diags.push(
                    Diagnostic::error(
                        file,
                        indicator.pos,
                        format!("`sum_of` of `{}` names \"{part}\", which is not a declared indicator", indicator.id),
                    )
                    .with_hint(suggestion(part, &ids)),
                );
            }
        }
    }
    for (i, on_cycle) in on_cycles(registry).into_iter().enumerate() {
        if on_cycle {
            let indicator = &registry.indicators[i];
            diags.push(
                Diagnostic::error(
                    file,
                    indicator.pos,
                    format!("the `sum_of` of `{}` leads back to itself", indicator.id),
                )
                .with_hint("an indicator cannot be a part of its own parts"),
            );
        }
    }
}

/// For each indicator, whether following `sum_of` (never through a part
/// naming itself) leads back to it: the members of the strongly connected
/// components of more than one indicator (Tarjan's algorithm, iterative, so
/// that a chain of any length needs no deep stack).
fn on_cycles(registry: &Registry) -> Vec<bool> {
    let n = registry.indicators.len();
    let edges: Vec<Vec<usize>> = registry
        .indicators
        .iter()
        .enumerate()
        .map(|(i, x)| x.sum_of.iter().filter_map(|p| registry.indicator_index(p)).filter(|&p| p != i).collect())
        .collect();
    const UNSEEN: usize = usize::MAX;
    let (mut order, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let mut stack: Vec<usize> = Vec::new();
    let mut result = vec![false; n];
    let mut counter = 0;
    for start in 0..n {
        if order[start] != UNSEEN {
            continue;
        }
        // (node, next edge to follow)
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        order[start] = counter;
        low[start] = counter;
        counter += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                if order[to] == UNSEEN {
                    order[to] = counter;
                    low[to] = counter;
                    counter += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(order[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut members = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    members.push(member);
                    if member == node {
                        break;
                    }
                }
                if members.len() > 1 {
                    for member in members {
                        result[member] = true;
                    }
                }
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Registry, Diagnostics) {
        let mut diags = Diagnostics::new();
        let registry = Registry::parse(text, Path::new("content/indicators.yaml"), &mut diags);
        (registry, diags)
    }

    #[test]
    fn reads_measures_and_indicators_in_order() {
        let (registry, diags) = parse(
            "measures:\n  added: { label: Số tăng, integer: true }\n  total: { label: Hiện có, integer: true }\n\
             indicators:\n  b-one: { name: B }\n  a-two: { name: A, headline: added, sum_of: [b-one] }\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(registry.indicator_ids(), ["b-one", "a-two"]);
        assert_eq!(registry.indicator("b-one").unwrap().headline, "total");
        assert_eq!(registry.indicator("a-two").unwrap().headline, "added");
        assert_eq!(registry.parents_of("b-one").next().unwrap().id, "a-two");
    }

    #[test]
    fn rejects_bad_ids_and_unknown_parts() {
        let (_, diags) = parse(
            "measures:\n  total: {}\nindicators:\n  Fixed_Wired: { name: X }\n  sum: { name: S, sum_of: [fixed-wird, sum] }\n",
        );
        let messages: Vec<String> = diags.iter().map(|d| format!("{}: {}", d.line, d.message)).collect();
        assert!(
            messages.iter().any(|m| m.starts_with("4: indicator id \"Fixed_Wired\" is not a slug")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("\"fixed-wird\", which is not a declared indicator")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("lists itself")), "{messages:?}");
    }

    #[test]
    fn long_chains_and_fans_are_checked_in_one_pass() {
        let n = 20_000;
        let mut chain = String::from("measures:\n  total: {}\nindicators:\n");
        for i in 0..n {
            let part = if i + 1 < n { format!(", sum_of: [i{}]", i + 1) } else { String::new() };
            chain.push_str(&format!("  i{i}: {{ name: I{part} }}\n"));
        }
        let (registry, diags) = parse(&chain);
        assert!(diags.is_empty(), "{:?}", diags.iter().next());
        assert_eq!(registry.indicators.len(), n);
        assert_eq!(registry.parents_of("i19999").next().unwrap().id, "i19998");
        assert_eq!(registry.indicator("i12345").unwrap().sum_of, ["i12346"]);
        // Closing the chain makes every link part of one cycle.
        let closed = chain.replacen("  i19999: { name: I }", "  i19999: { name: I, sum_of: [i0] }", 1);
        let (_, diags) = parse(&closed);
        assert_eq!(diags.iter().filter(|d| d.message.contains("leads back to itself")).count(), n);
        // A fan: one total of 20,000 parts, each also summed by a chain above it.
        let mut fan = String::from("measures:\n  total: {}\nindicators:\n  all: { name: All, sum_of: [");
        fan.push_str(&(0..n).map(|i| format!("p{i}")).collect::<Vec<_>>().join(", "));
        fan.push_str("] }\n");
        for i in 0..n {
            fan.push_str(&format!("  p{i}: {{ name: P }}\n"));
        }
        let (registry, diags) = parse(&fan);
        assert!(diags.is_empty());
        assert_eq!(registry.parents_of("p777").map(|p| p.id.as_str()).collect::<Vec<_>>(), ["all"]);
    }

    #[test]
    fn only_the_members_of_a_cycle_are_named() {
        let (_, diags) = parse(
            "measures:\n  total: {}\nindicators:\n  top: { name: T, sum_of: [a] }\n  a: { name: A, sum_of: [b] }\n  b: { name: B, sum_of: [a, leaf] }\n  leaf: { name: L }\n",
        );
        let named: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
        assert_eq!(named, ["the `sum_of` of `a` leads back to itself", "the `sum_of` of `b` leads back to itself"]);
    }

    #[test]
    fn detects_cycles() {
        let (_, diags) = parse(
            "measures:\n  total: {}\nindicators:\n  a: { name: A, sum_of: [b] }\n  b: { name: B, sum_of: [a] }\n",
        );
        assert!(diags.iter().any(|d| d.message.contains("leads back to itself")), "{diags:?}");
    }
}
