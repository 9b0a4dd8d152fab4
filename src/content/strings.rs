//! A theme's or a site's own UI strings: `themes/<theme>/i18n/<language>.yaml`
//! and `i18n/<language>.yaml`, each a mapping `key: text` that replaces the
//! default theme's text of that key (site over theme over default).
//!
//! An unknown key is an error that names the nearest known key: a typo must
//! not leave the default text in place silently.

use std::path::{Path, PathBuf};

use crate::content::fields::Fields;
use crate::content::yaml;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locale::{Language, Locale, Strings, default_strings};

/// The strings files a site may have for `language`, lowest priority first.
pub fn files(theme: &str, language: Language) -> [PathBuf; 2] {
    let name = format!("{}.yaml", language.code());
    [Path::new("themes").join(theme).join("i18n").join(&name), Path::new("i18n").join(name)]
}

/// The site's locale: the defaults with the theme's and the site's strings.
pub fn load(root: &Path, theme: &str, language: Language, diags: &mut Diagnostics) -> Locale {
    let mut overrides = Strings::new();
    for file in files(theme, language) {
        if !root.join(&file).is_file() {
            continue;
        }
        if let Some(text) = super::read_text(root, &file, diags, "") {
            overrides.extend(parse(&text, &file, language, diags));
        }
    }
    Locale::with_overrides(language, overrides)
}

/// Reads one strings file; keys must be the default theme's.
pub fn parse(text: &str, file: &Path, language: Language, diags: &mut Diagnostics) -> Strings {
    let node = match yaml::parse(text, 0) {
        Ok(node) => node,
        Err(err) => {
            diags.push(
                Diagnostic::error(file, err.pos, format!("this strings file is not valid YAML: {}", err.message))
                    .with_hint("write one `key: text` per line; put a text with `:` or `#` in quotes"),
            );
            return Strings::new();
        }
    };
    if node.is_null() {
        return Strings::new();
    }
    let defaults = default_strings(language);
    let known: Vec<&str> = defaults.keys().map(String::as_str).collect();
    let Some(fields) = Fields::new(&node, file, &known, "the strings file", diags) else {
        return Strings::new();
    };
    let mut strings = Strings::new();
    for (key, _) in fields.entries() {
        if !known.contains(&key.name.as_str()) {
            continue;
        }
        match fields.string(&key.name, diags) {
            Some(text) if !text.is_empty() => {
                strings.insert(key.name.clone(), text);
            }
            Some(_) => diags.push(
                Diagnostic::error(
                    file,
                    fields.get(&key.name).map_or(key.pos, |n| n.pos),
                    format!("`{}` is empty", key.name),
                )
                .with_hint("write the text, or remove the line to keep the default"),
            ),
            None => {}
        }
    }
    strings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_replace_the_default_and_typos_are_errors() {
        let mut diags = Diagnostics::new();
        let file = Path::new("i18n/en.yaml");
        let strings = parse("home: Start\nreprots: Papers\n", file, Language::En, &mut diags);
        assert_eq!(strings.get("home").map(String::as_str), Some("Start"));
        assert!(!strings.contains_key("reprots"));
        let errors: Vec<String> =
            diags.sorted().iter().map(|d| format!("{}:{} {}", d.line, d.column, d.message)).collect();
        assert_eq!(errors, ["2:1 unknown key `reprots` in the strings file"]);
        assert!(diags.sorted()[0].hint.as_deref().unwrap_or("").contains("reports"), "{:?}", diags.sorted()[0].hint);
    }

    #[test]
    fn an_empty_file_changes_nothing() {
        let mut diags = Diagnostics::new();
        assert!(parse("", Path::new("i18n/vi.yaml"), Language::Vi, &mut diags).is_empty());
        assert_eq!(diags.error_count(), 0);
    }
}
