//! The one place where YAML is parsed.
//!
//! Front matter, `site.yaml` and `indicators.yaml` are read into a small
//! located tree ([`Node`]) with serde-saphyr. Every node keeps its line and
//! column in the *file* (the caller passes the line offset of the YAML block),
//! and every scalar keeps its source text, so that later checks can quote what
//! the writer typed (`135.368`, not the float YAML made of it).
//!
//! Mappings keep their entries in order and keep repeated keys: YAML parsers
//! silently let the last one win, and a figure must never vanish silently, so
//! [`Node::entries`] callers report duplicates themselves (see
//! [`duplicate_keys`]). This module knows nothing about reports or indicators.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, NonFiniteFloatPolicy, Options, Spanned};

/// Deepest nesting of mappings and sequences accepted in one document.
pub const MAX_DEPTH: usize = 64;

/// A position in a file: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// One YAML value with its position and, for scalars, its source text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
    /// The scalar as written in the file (empty for mappings and sequences).
    pub raw: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

/// A YAML syntax error, located in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
    /// How to fix it, when this module knows better than the caller.
    pub hint: Option<String>,
}

impl Node {
    /// The kind of value, in words, for messages ("a number", "a list"...).
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
}

/// The text a scalar was written as, for messages. Strings are quoted.
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Str(s) => write!(f, "\"{s}\""),
            Value::Seq(_) => f.write_str("[…]"),
            Value::Map(_) => f.write_str("{…}"),
        }
    }
}

/// Pairs of entries of one mapping that share a key: (first, repeated), in
/// the order of the repetitions (linear-logarithmic: mappings may be large).
pub fn duplicate_keys(entries: &[(Key, Node)]) -> Vec<(&Key, &Key)> {
    let mut first: std::collections::BTreeMap<&str, &Key> = std::collections::BTreeMap::new();
    let mut found = Vec::new();
    for (key, _) in entries {
        match first.get(key.name.as_str()) {
            Some(earlier) => found.push((*earlier, key)),
            None => {
                first.insert(key.name.as_str(), key);
            }
        }
    }
    found
}

/// Parse one YAML document. `line_offset` is the number of file lines before
/// the document, so that positions are file positions.
///
/// An empty document is `Value::Null`.
pub fn parse(text: &str, line_offset: usize) -> Result<Node, SyntaxError> {
    // Deserializing recurses once per level; a document that may nest deeply
    // is parsed on a thread with a stack large enough for the limit, so that
    // no caller's stack size matters.
    if nesting_bound(text) > 16 {
        let owned = text.to_string();
        let worker = std::thread::Builder::new().stack_size(256 << 20).spawn(move || parse_here(&owned, line_offset));
        if let Ok(Ok(result)) = worker.map(|h| h.join()) {
            return result;
        }
        return Err(SyntaxError {
            pos: Pos { line: line_offset + 1, column: 1 },
            message: "this YAML could not be read".into(),
            hint: None,
        });
    }
    parse_here(text, line_offset)
}

/// An upper bound of how deep `text` nests: indentation plus brackets.
fn nesting_bound(text: &str) -> usize {
    let mut flow = 0usize;
    let mut max_flow = 0usize;
    let mut max_indent = 0usize;
    for line in text.lines() {
        let indent = line.chars().take_while(|c| *c == ' ' || *c == '-').count();
        max_indent = max_indent.max(indent);
        for c in line.chars() {
            match c {
                '[' | '{' => {
                    flow += 1;
                    max_flow = max_flow.max(flow);
                }
                ']' | '}' => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
    }
    max_indent + max_flow
}

fn parse_here(text: &str, line_offset: usize) -> Result<Node, SyntaxError> {
    if text.trim().is_empty() {
        return Ok(Node { pos: Pos { line: line_offset + 1, column: 1 }, value: Value::Null, raw: String::new() });
    }
    let options: Options = serde_saphyr::options! {
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        merge_keys: serde_saphyr::MergeKeyPolicy::Error,
        non_finite_float_policy: NonFiniteFloatPolicy::PassThrough,
        strict_booleans: true,
    };
    DEPTH.with(|d| d.set(0));
    let parsed: Result<Spanned<RawNode>, _> = serde_saphyr::from_str_with_options(text, options);
    match parsed {
        Ok(root) => Ok(root_node(root, text, line_offset)),
        Err(err) => {
            let pos = err
                .location()
                .filter(|l| l.line() > 0)
                .map(|l| Pos { line: l.line() as usize + line_offset, column: l.column().max(1) as usize })
                .unwrap_or(Pos { line: line_offset + 1, column: 1 });
            let (message, hint) = explain(&clean_message(&err.without_snippet().to_string()));
            Err(SyntaxError { pos, message, hint })
        }
    }
}

/// Our words for the errors this module makes serde-saphyr raise.
fn explain(message: &str) -> (String, Option<String>) {
    if message.contains("Depth") || message.contains("recursion limit") {
        return (format!("nesting deeper than {MAX_DEPTH} levels is not accepted"), None);
    }
    if message.contains("merge key") {
        return (
            "merge keys (`<<`) are not accepted: they copy entries from elsewhere silently".into(),
            Some("write every entry out in full instead of `<<: *name`".into()),
        );
    }
    if let Some(key) = message.split("NONSTRING:").nth(1) {
        let key = key.split_whitespace().next().unwrap_or_default();
        let read_as = match key {
            "~" => "nothing (null)",
            "true" | "false" => "true/false",
            _ => "a number",
        };
        let hint = if key == "~" {
            "write a name before the colon".to_string()
        } else {
            format!("put the key in quotes if it is meant as a name: `\"{key}\":`")
        };
        return (format!("the key `{key}` is read as {read_as}, not as a name"), Some(hint));
    }
    (message.to_string(), None)
}

/// serde-saphyr's messages may carry their own location suffix; ours is added
/// by the diagnostic, so keep the first line and drop a trailing " at line…".
fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    cut.trim_end_matches(':').to_string()
}

thread_local! {
    /// Nesting depth of the document being parsed (a recursion guard).
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// The tree as serde hands it over, before positions are made file positions.
#[derive(Debug)]
enum RawNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<String>, Spanned<RawNode>)>),
}

fn root_node(root: Spanned<RawNode>, text: &str, line_offset: usize) -> Node {
    convert(root, text, line_offset)
}

fn position(loc: &serde_saphyr::Location, line_offset: usize) -> Pos {
    Pos { line: loc.line() as usize + line_offset, column: loc.column() as usize }
}

fn convert(node: Spanned<RawNode>, text: &str, line_offset: usize) -> Node {
    let pos = position(&node.referenced, line_offset);
    let raw = match node.value {
        RawNode::Seq(_) | RawNode::Map(_) => String::new(),
        _ => source_text(&node.referenced, text),
    };
    let value = match node.value {
        RawNode::Null => Value::Null,
        RawNode::Bool(b) => Value::Bool(b),
        RawNode::Int(i) => Value::Int(i),
        RawNode::Float(x) => Value::Float(x),
        RawNode::Str(s) => Value::Str(s),
        RawNode::Seq(items) => Value::Seq(items.into_iter().map(|n| convert(n, text, line_offset)).collect()),
        RawNode::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    (Key { name: k.value, pos: position(&k.referenced, line_offset) }, convert(v, text, line_offset))
                })
                .collect(),
        ),
    };
    Node { pos, value, raw }
}

/// The source text of a scalar, from its byte span.
fn source_text(loc: &serde_saphyr::Location, text: &str) -> String {
    let span = loc.span();
    let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) else {
        return String::new();
    };
    let (start, len) = (start as usize, len as usize);
    text.get(start..start.saturating_add(len)).unwrap_or_default().trim().to_string()
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let depth = DEPTH.with(|d| {
            let depth = d.get() + 1;
            d.set(depth);
            depth
        });
        let result = if depth > MAX_DEPTH {
            Err(de::Error::custom(format!("nesting deeper than {MAX_DEPTH} levels is not accepted")))
        } else {
            deserializer.deserialize_any(RawVisitor)
        };
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
        result
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNode, E> {
        match i64::try_from(v) {
            Ok(i) => Ok(RawNode::Int(i)),
            Err(_) => Ok(RawNode::Float(v as f64)),
        }
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawNode, E> {
        match i64::try_from(v) {
            Ok(i) => Ok(RawNode::Int(i)),
            Err(_) => Ok(RawNode::Float(v as f64)),
        }
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawNode, E> {
        match i64::try_from(v) {
            Ok(i) => Ok(RawNode::Int(i)),
            Err(_) => Ok(RawNode::Float(v as f64)),
        }
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<RawNode>>()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<RawNode>>()?;
            let key = Spanned { value: key.value.0, referenced: key.referenced, defined: key.defined };
            entries.push((key, value));
        }
        Ok(RawNode::Map(entries))
    }
}

/// A mapping key: any scalar, kept as the text it reads as.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match RawNode::deserialize(deserializer)? {
            RawNode::Str(s) => Ok(KeyText(s)),
            RawNode::Int(i) => Err(de::Error::custom(format!("NONSTRING:{i}"))),
            RawNode::Float(x) => Err(de::Error::custom(format!("NONSTRING:{x}"))),
            RawNode::Bool(b) => Err(de::Error::custom(format!("NONSTRING:{b}"))),
            RawNode::Null => Err(de::Error::custom("NONSTRING:~")),
            RawNode::Seq(_) | RawNode::Map(_) => {
                Err(de::Error::custom("a key must be a plain word, not a list or mapping"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(node: &'a Node, key: &str) -> &'a Node {
        &node.entries().unwrap().iter().find(|(k, _)| k.name == key).unwrap().1
    }

    #[test]
    fn positions_are_file_positions_and_raw_text_is_kept() {
        let node = parse("a: 1.500\nb: \"1.727.388\"\nc: { d: -1 }\n", 1).unwrap();
        let a = entry(&node, "a");
        assert_eq!(a.pos, Pos { line: 2, column: 4 });
        assert_eq!(a.raw, "1.500");
        assert_eq!(a.value, Value::Float(1.5));
        assert_eq!(entry(&node, "b").value, Value::Str("1.727.388".into()));
        let d = entry(entry(&node, "c"), "d");
        assert_eq!(d.pos, Pos { line: 4, column: 9 });
        assert_eq!(d.value, Value::Int(-1));
    }

    #[test]
    fn repeated_keys_are_kept_and_found() {
        let node = parse("m:\n  x: 1\n  y: 2\n  x: 3\n", 0).unwrap();
        let entries = entry(&node, "m").entries().unwrap();
        assert_eq!(entries.len(), 3);
        let dups = duplicate_keys(entries);
        assert_eq!(dups.len(), 1);
        assert_eq!((dups[0].0.pos.line, dups[0].1.pos.line), (2, 4));
    }

    #[test]
    fn yes_and_no_stay_words_and_nan_is_a_float() {
        let node = parse("a: y\nb: .nan\n", 0).unwrap();
        assert_eq!(entry(&node, "a").value, Value::Str("y".into()));
        assert!(matches!(entry(&node, "b").value, Value::Float(x) if x.is_nan()));
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse("a: 1\nb: [1, 2\nc: 3\n", 10).unwrap_err();
        assert!(err.pos.line > 10, "{err:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let result =
            std::thread::Builder::new().stack_size(64 << 20).spawn(move || parse(&deep, 0)).unwrap().join().unwrap();
        let err = result.unwrap_err();
        assert!(err.message.contains("64 levels"), "{err:?}");
    }
}
