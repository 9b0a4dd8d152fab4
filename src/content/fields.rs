//! Typed reading of a YAML mapping, with diagnostics.
//!
//! [`Fields`] wraps one mapping of a located YAML tree. Creating it reports
//! keys the caller does not accept (with the nearest accepted one) and keys
//! given twice (naming both lines); its getters check types and report what
//! was expected. Nothing here stops at the first problem.

use std::path::Path;

use crate::content::yaml::{Key, Node, Value, duplicate_keys};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};

pub struct Fields<'a> {
    file: &'a Path,
    entries: &'a [(Key, Node)],
}

impl<'a> Fields<'a> {
    /// Reads `node` as a mapping whose keys must be among `allowed`.
    /// `what` names the mapping in messages ("front matter", "site.yaml").
    pub fn new(node: &'a Node, file: &'a Path, allowed: &[&str], what: &str, diags: &mut Diagnostics) -> Option<Self> {
        let Some(entries) = node.entries() else {
            diags.push(
                Diagnostic::error(
                    file,
                    node.pos,
                    format!("{what} must be a mapping of `key: value` lines, found {}", node.kind()),
                )
                .with_hint("write one `key: value` per line"),
            );
            return None;
        };
        report_duplicates(entries, file, what, diags);
        for (key, _) in entries {
            if !allowed.contains(&key.name.as_str()) {
                diags.push(
                    Diagnostic::error(file, key.pos, format!("unknown key `{}` in {what}", key.name))
                        .with_hint(suggestion(&key.name, allowed)),
                );
            }
        }
        Some(Fields { file, entries })
    }

    pub fn file(&self) -> &'a Path {
        self.file
    }

    /// The first value of `key`, if present and not null.
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v).filter(|v| !v.is_null())
    }

    /// The key's own position, for "missing value" messages.
    pub fn key(&self, key: &str) -> Option<&'a Key> {
        self.entries.iter().find(|(k, _)| k.name == key).map(|(k, _)| k)
    }

    /// A text value. Numbers and booleans are accepted as their text (a title
    /// may well be `2014`).
    pub fn string(&self, key: &str, diags: &mut Diagnostics) -> Option<String> {
        let node = self.get(key)?;
        match &node.value {
            Value::Str(s) => Some(s.trim().to_string()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => Some(node.raw.clone()),
            _ => {
                diags.push(
                    Diagnostic::error(self.file, node.pos, format!("`{key}` must be text, found {}", node.kind()))
                        .with_hint(format!("write `{key}: …` on one line")),
                );
                None
            }
        }
    }

    pub fn bool(&self, key: &str, diags: &mut Diagnostics) -> Option<bool> {
        let node = self.get(key)?;
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                diags.push(
                    Diagnostic::error(self.file, node.pos, format!("`{key}` must be true or false, found {node}"))
                        .with_hint(format!("write `{key}: true` or `{key}: false`")),
                );
                None
            }
        }
    }

    /// A whole number from `min` up.
    pub fn count(&self, key: &str, min: i64, diags: &mut Diagnostics) -> Option<usize> {
        let node = self.get(key)?;
        match node.value {
            Value::Int(i) if i >= min => usize::try_from(i).ok(),
            _ => {
                diags.push(
                    Diagnostic::error(
                        self.file,
                        node.pos,
                        format!("`{key}` must be a whole number of at least {min}, found {node}"),
                    )
                    .with_hint(format!("write for example `{key}: 20`")),
                );
                None
            }
        }
    }

    /// A list of texts. A single text is an error, not a list of one: YAML
    /// reads `sum_of: a, b` as the one text "a, b", which is never meant.
    pub fn strings(&self, key: &str, diags: &mut Diagnostics) -> Vec<String> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                diags.push(
                    Diagnostic::error(self.file, node.pos, format!("`{key}` must be a list, found the text {node}"))
                        .with_hint(format!("write it in brackets: `{key}: [{}]`", node.raw)),
                );
                Vec::new()
            }
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| match &item.value {
                    Value::Str(s) => Some(s.trim().to_string()),
                    Value::Int(_) | Value::Float(_) | Value::Bool(_) => Some(item.raw.clone()),
                    _ => {
                        diags.push(
                            Diagnostic::error(
                                self.file,
                                item.pos,
                                format!("each item of `{key}` must be text, found {}", item.kind()),
                            )
                            .with_hint("quote items that contain a comma or a colon"),
                        );
                        None
                    }
                })
                .collect(),
            _ => {
                diags.push(
                    Diagnostic::error(self.file, node.pos, format!("`{key}` must be a list, found {}", node.kind()))
                        .with_hint(format!("write `{key}: [first, second]`")),
                );
                Vec::new()
            }
        }
    }

    pub fn entries(&self) -> &'a [(Key, Node)] {
        self.entries
    }
}

/// Reports every key given twice in one mapping, naming both lines.
pub fn report_duplicates(entries: &[(Key, Node)], file: &Path, what: &str, diags: &mut Diagnostics) {
    for (first, again) in duplicate_keys(entries) {
        diags.push(
            Diagnostic::error(
                file,
                again.pos,
                format!(
                    "key `{}` is given twice in {what}: on line {} and on line {}",
                    again.name, first.pos.line, again.pos.line
                ),
            )
            .with_hint("keep one of them: YAML would silently use the last one"),
        );
    }
}
