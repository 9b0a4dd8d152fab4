//! Language as data: every key the code and the templates use exists in
//! every language's strings file, and a site can replace any of them.

mod common;

use std::fs;
use std::path::Path;

use annals::locale::{Language, default_strings};
use common::Site;

/// Keys used in Rust (`text("key")`, `fill("key", …)`) and in templates (`t.key`).
fn used_keys() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut scan = |dir: &Path, patterns: &[&str]| {
        for entry in walk(dir) {
            let text = fs::read_to_string(&entry).unwrap_or_default();
            for pattern in patterns {
                let mut rest = text.as_str();
                while let Some(at) = rest.find(pattern) {
                    // `t.key`, not `report.key`: the pattern starts a word.
                    let starts_word = !rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
                    rest = &rest[at + pattern.len()..];
                    if !starts_word && !pattern.starts_with('.') {
                        continue;
                    }
                    let key: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    let closed = !pattern.ends_with('"') || rest[key.len()..].starts_with('"');
                    if !key.is_empty() && closed && key != "no_such_key" {
                        found.push((entry.display().to_string(), key));
                    }
                }
            }
        }
    };
    scan(&root.join("src"), &[".text(\"", ".fill(\""]);
    scan(&root.join("themes/default/templates"), &["t."]);
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn every_key_in_use_exists_in_every_language() {
    let used = used_keys();
    assert!(used.len() > 50, "the scan found only {} keys: is it still looking in the right places?", used.len());
    let mut missing = Vec::new();
    for language in [Language::Vi, Language::En] {
        let strings = default_strings(language);
        for (file, key) in &used {
            if !strings.contains_key(key) {
                missing.push(format!("{}: `{key}` (used in {file})", language.code()));
            }
        }
    }
    missing.dedup();
    assert!(missing.is_empty(), "keys missing from themes/default/i18n/*.yaml:\n{}", missing.join("\n"));
}

#[test]
fn a_site_replaces_strings_and_a_typo_is_located() {
    let report = common::report("2014-08", "", "Nội dung.\n");
    let site = Site::new(&[("content/2014/2014-08.md", &report), ("i18n/vi.yaml", "home: Trang đầu\n")]);
    site.run(&["build"]).ok();
    let home = fs::read_to_string(site.path("public/index.html")).expect("home page");
    assert!(home.contains(">Trang đầu<"), "the site's own text for `home` is used");
    site.write("i18n/vi.yaml", "home: Trang đầu\nreprots: Văn bản\n");
    site.run(&["check"]).failed().has("i18n/vi.yaml:2:1", "unknown key `reprots` in the strings file").says("reports");
}
