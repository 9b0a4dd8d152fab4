//! The shape of `src/`: no import circles between modules.
//!
//! The test reads every file of the library (following `mod` declarations
//! from `src/lib.rs`, `#[path]` included), builds the module dependency
//! graph from the paths the code names, and fails, naming the circle and
//! where each step of it is written, when any exists.
//!
//! The granularity (what one node of the graph is):
//! - a node is a module file: `src/content/report.rs` is `content::report`,
//!   `src/search/mod.rs` is `search`;
//! - a module's inline modules are part of it; its tests are not counted
//!   (`#[cfg(test)]` modules, inline or in files such as `publisher/tests.rs`
//!   and `render/incremental_tests.rs`): a test may use any module to check
//!   its own (`render::incremental`'s tests compare it with `render::digest`);
//! - an edge a → b is a path written in a's code (`use crate::…`,
//!   `crate::…`, `super::…`, `self::…`, or a child module's name) that names
//!   b or an item of b, b being the deepest module file the path reaches;
//! - edges between a module and its own ancestors are not counted: a parent
//!   declares, re-exports and orchestrates its children, and a child may use
//!   what its parent defines (`super::Sink`). That is containment; two
//!   siblings, or modules of different branches, that use each other are a
//!   circle (`data::catalog` ↔ `data::package`, `config` ↔ `content::report`).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

/// A token of Rust source, comments and literals removed.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
    /// A string literal's text (only `#[path = "…"]` needs one).
    Str(String),
}

/// Tokens with their line numbers.
fn tokenize(text: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line) = (0, 1);
    let count_lines = |from: usize, to: usize, chars: &[char]| chars[from..to].iter().filter(|&&c| c == '\n').count();
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let (start, mut depth) = (i, 0);
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            line += count_lines(start, i.min(chars.len()), &chars);
        } else if c == 'r'
            && (next == Some('"') || (next == Some('#') && chars.get(i + 2).is_some_and(|&c| c == '"' || c == '#')))
        {
            // A raw string: r"…", r#"…"#.
            let start = i;
            i += 1;
            let mut hashes = 0;
            while chars.get(i) == Some(&'#') {
                hashes += 1;
                i += 1;
            }
            i += 1;
            let body = i;
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '"' && (0..hashes).all(|h| chars.get(i + 1 + h) == Some(&'#')) {
                    break;
                }
                i += 1;
            }
            tokens.push((Token::Str(chars[body..i.min(chars.len())].iter().collect()), line));
            i = (i + 1 + hashes).min(chars.len());
            line += count_lines(start, i, &chars);
        } else if c == '"' {
            let start = i;
            i += 1;
            let mut s = String::new();
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&c) = chars.get(i) {
                    s.push(c);
                }
                i += 1;
            }
            i += 1;
            line += count_lines(start, i.min(chars.len()), &chars);
            tokens.push((Token::Str(s), line));
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{a0}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // `b"…"` and `br"…"`: the literal follows.
            if !(matches!(word.as_str(), "b" | "br") && chars.get(i).is_some_and(|&c| c == '"' || c == '#')) {
                tokens.push((Token::Ident(word), line));
            } else if word == "br" {
                i -= 1; // let the raw-string branch see the `r`
            }
        } else if c == ':' && next == Some(':') {
            tokens.push((Token::Path, line));
            i += 2;
        } else {
            tokens.push((Token::Punct(c), line));
            i += 1;
        }
    }
    tokens
}

/// A module file of the library.
#[derive(Debug)]
struct ModuleFile {
    /// `content::report`; `""` for the crate root.
    path: String,
    file: PathBuf,
    /// Under `#[cfg(test)]` (itself or an ancestor): not part of the graph.
    test: bool,
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() { name.to_string() } else { format!("{parent}::{name}") }
}

/// `mod` declarations of a file's tokens: (name, `#[path]`, under `#[cfg(test)]`).
fn declared_modules(tokens: &[(Token, usize)]) -> Vec<(String, Option<String>, bool)> {
    let mut found = Vec::new();
    let mut attrs: Vec<String> = Vec::new();
    let mut i = 0;
    let mut depth = 0usize;
    while i < tokens.len() {
        match &tokens[i].0 {
            Token::Punct('#') if matches!(tokens.get(i + 1), Some((Token::Punct('['), _))) => {
                let mut text = String::new();
                let mut j = i + 2;
                let mut nest = 1;
                while j < tokens.len() && nest > 0 {
                    match &tokens[j].0 {
                        Token::Punct('[') => nest += 1,
                        Token::Punct(']') => nest -= 1,
                        _ => {}
                    }
                    if nest > 0 {
                        match &tokens[j].0 {
                            Token::Ident(w) => text.push_str(w),
                            Token::Str(s) => text.push_str(&format!("\"{s}\"")),
                            Token::Path => text.push_str("::"),
                            Token::Punct(c) => text.push(*c),
                        }
                    }
                    j += 1;
                }
                attrs.push(text);
                i = j;
                continue;
            }
            Token::Ident(w) if w == "mod" && depth == 0 => {
                if let (Some((Token::Ident(name), _)), Some((Token::Punct(';'), _))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    let path = attrs
                        .iter()
                        .find_map(|a| a.strip_prefix("path=\"").map(|p| p.trim_end_matches('"').to_string()));
                    let test = attrs.iter().any(|a| a == "cfg(test)");
                    found.push((name.clone(), path, test));
                }
                attrs.clear();
            }
            Token::Ident(w) if matches!(w.as_str(), "pub" | "crate" | "in" | "self" | "super") => {}
            Token::Punct('(') | Token::Punct(')') => {}
            Token::Punct('{') => {
                depth += 1;
                attrs.clear();
            }
            Token::Punct('}') => {
                depth = depth.saturating_sub(1);
                attrs.clear();
            }
            _ => attrs.clear(),
        }
        i += 1;
    }
    found
}

/// Every module file of the library, from `src/lib.rs`.
fn module_files(src: &Path) -> Vec<ModuleFile> {
    let mut files = Vec::new();
    let mut queue = VecDeque::from([(String::new(), src.join("lib.rs"), false)]);
    while let Some((path, file, under_test)) = queue.pop_front() {
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let here = file.parent().unwrap_or(src).to_path_buf();
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let mod_rs = path.is_empty() || stem == "mod";
        for (name, path_attr, test) in declared_modules(&tokenize(&text)) {
            let child = match path_attr {
                Some(p) => here.join(p),
                None => {
                    let dir = if mod_rs { here.clone() } else { here.join(&stem) };
                    let flat = dir.join(format!("{name}.rs"));
                    if flat.exists() { flat } else { dir.join(&name).join("mod.rs") }
                }
            };
            queue.push_back((join(&path, &name), child, under_test || test));
        }
        files.push(ModuleFile { path, file, test: under_test });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The module paths a file's code names, absolute (`content::report::number`), with their lines.
fn named_paths(tokens: &[(Token, usize)], module: &str, children: &BTreeSet<String>) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    // Inline modules open at this brace depth: (name, depth).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let current = |inline: &[(String, usize)]| inline.iter().fold(module.to_string(), |m, (n, _)| join(&m, n));
    let mut i = 0;
    while i < tokens.len() {
        let (token, line) = &tokens[i];
        match token {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            Token::Ident(w) if w == "mod" => {
                if let (Some((Token::Ident(name), _)), Some((Token::Punct('{'), _))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    if under_cfg_test(tokens, i) {
                        i = skip_block(tokens, i + 2);
                        continue;
                    }
                    inline.push((name.clone(), depth));
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Token::Ident(w) if w == "use" => {
                let end = (i..tokens.len()).find(|&j| tokens[j].0 == Token::Punct(';')).unwrap_or(tokens.len());
                let here = current(&inline);
                for tree in use_paths(&tokens[i + 1..end]) {
                    if let Some(p) = absolute(&tree, &here, children, inline.is_empty()) {
                        found.push((p, *line));
                    }
                }
                i = end;
                continue;
            }
            Token::Ident(w) if matches!(w.as_str(), "crate" | "super" | "self") => {
                let preceded_by_path = i > 0 && tokens[i - 1].0 == Token::Path;
                if !preceded_by_path && tokens.get(i + 1).is_some_and(|t| t.0 == Token::Path) {
                    let mut segments = vec![w.clone()];
                    let mut j = i + 1;
                    while let (Some((Token::Path, _)), Some((Token::Ident(s), _))) = (tokens.get(j), tokens.get(j + 1))
                    {
                        segments.push(s.clone());
                        j += 2;
                    }
                    if let Some(p) = absolute(&segments, &current(&inline), children, inline.is_empty()) {
                        found.push((p, *line));
                    }
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Whether the item whose keyword is at `at` has `#[cfg(test)]` (before its visibility).
fn under_cfg_test(tokens: &[(Token, usize)], at: usize) -> bool {
    let mut k = at;
    let modifier = |t: &Token| match t {
        Token::Ident(w) => matches!(w.as_str(), "pub" | "crate" | "in" | "super"),
        Token::Punct(c) => matches!(c, '(' | ')'),
        _ => false,
    };
    while k > 0 && modifier(&tokens[k - 1].0) {
        k -= 1;
    }
    let want = [
        Token::Punct('#'),
        Token::Punct('['),
        Token::Ident("cfg".into()),
        Token::Punct('('),
        Token::Ident("test".into()),
        Token::Punct(')'),
        Token::Punct(']'),
    ];
    k >= want.len() && tokens[k - want.len()..k].iter().map(|t| &t.0).eq(want.iter())
}

/// The index after the block whose `{` is at `open`.
fn skip_block(tokens: &[(Token, usize)], open: usize) -> usize {
    let mut depth = 0;
    for (k, (t, _)) in tokens.iter().enumerate().skip(open) {
        match t {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

/// The paths of a `use` tree (`crate::a::{b, c::{self, d}}`), as segments.
fn use_paths(tokens: &[(Token, usize)]) -> Vec<Vec<String>> {
    fn walk(tokens: &[(Token, usize)], prefix: &[String], out: &mut Vec<Vec<String>>) {
        // Split at top-level commas.
        let mut items: Vec<&[(Token, usize)]> = Vec::new();
        let (mut start, mut depth) = (0, 0);
        for (k, (t, _)) in tokens.iter().enumerate() {
            match t {
                Token::Punct('{') => depth += 1,
                Token::Punct('}') => depth -= 1,
                Token::Punct(',') if depth == 0 => {
                    items.push(&tokens[start..k]);
                    start = k + 1;
                }
                _ => {}
            }
        }
        items.push(&tokens[start..]);
        for item in items {
            let mut path = prefix.to_vec();
            let mut k = 0;
            while k < item.len() {
                match &item[k].0 {
                    Token::Ident(w) if w == "as" => break,
                    Token::Ident(w) if w == "self" && !path.is_empty() => {}
                    Token::Ident(w) => path.push(w.clone()),
                    Token::Punct('{') => {
                        let close = item.iter().rposition(|t| t.0 == Token::Punct('}')).unwrap_or(item.len());
                        walk(&item[k + 1..close], &path, out);
                        path.clear();
                        break;
                    }
                    _ => {}
                }
                k += 1;
            }
            if !path.is_empty() {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    let start = usize::from(tokens.first().is_some_and(|t| t.0 == Token::Path));
    walk(&tokens[start..], &[], &mut out);
    out
}

/// `segments` from `here` made absolute; `None` for other crates and local items.
fn absolute(segments: &[String], here: &str, children: &BTreeSet<String>, at_file_level: bool) -> Option<String> {
    let mut base: Vec<&str> = if here.is_empty() { Vec::new() } else { here.split("::").collect() };
    let mut rest = segments;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        Some("self") => rest = &rest[1..],
        // A child module of the file, named without `self::`.
        Some(first) if at_file_level && children.contains(&join(here, first)) => {}
        _ => return None,
    }
    Some(base.into_iter().map(str::to_string).chain(rest.iter().cloned()).collect::<Vec<_>>().join("::"))
}

/// Where an edge is written: file and line.
type Edges = BTreeMap<String, BTreeMap<String, (PathBuf, usize)>>;

/// The module graph of the library under `src`.
fn module_graph(src: &Path) -> Edges {
    let files: Vec<ModuleFile> = module_files(src).into_iter().filter(|f| !f.test).collect();
    let modules: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut edges = Edges::new();
    for f in &files {
        edges.entry(f.path.clone()).or_default();
        let text = fs::read_to_string(&f.file).unwrap_or_default();
        let children: BTreeSet<String> = modules
            .iter()
            .filter(|m| m.rsplit_once("::").map_or(!m.is_empty() && f.path.is_empty(), |(p, _)| p == f.path))
            .cloned()
            .collect();
        for (path, line) in named_paths(&tokenize(&text), &f.path, &children) {
            // The deepest module file the path reaches.
            let segments: Vec<&str> = path.split("::").collect();
            let Some(target) =
                (0..=segments.len()).rev().map(|n| segments[..n].join("::")).find(|m| modules.contains(m))
            else {
                continue;
            };
            let from = &f.path;
            let related = |a: &str, b: &str| a.is_empty() || b.is_empty() || a == b || b.starts_with(&format!("{a}::"));
            if related(from, &target) || related(&target, from) {
                continue;
            }
            edges.entry(from.clone()).or_default().entry(target).or_insert_with(|| (f.file.clone(), line));
        }
    }
    edges
}

/// The circles of a graph: one shortest circle per strongly connected component of more than one node.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    components(edges).into_iter().map(|(circle, _)| circle).collect()
}

/// The strongly connected components of more than one node (sorted), each
/// with a shortest circle through its first node.
fn components(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<(Vec<String>, Vec<String>)> {
    // Tarjan's algorithm, iteratively, in sorted order (deterministic messages).
    let nodes: BTreeSet<&String> = edges.keys().chain(edges.values().flatten()).collect();
    let nodes: Vec<&String> = nodes.into_iter().collect();
    let index_of: BTreeMap<&String, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let succ: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| edges.get(*n).map(|s| s.iter().map(|m| index_of[m]).collect()).unwrap_or_default())
        .collect();
    let n = nodes.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut next, mut components) = (Vec::new(), 0, Vec::new());
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = succ[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    components.push(component);
                }
            }
        }
    }
    // One shortest circle through the component's first node (breadth first, inside the component).
    let mut found: Vec<(Vec<String>, Vec<String>)> = components
        .into_iter()
        .map(|component| {
            let inside: BTreeSet<usize> = component.iter().copied().collect();
            let start = *inside.iter().next().unwrap_or(&0);
            let mut came_from: BTreeMap<usize, usize> = BTreeMap::new();
            let mut queue = VecDeque::from([start]);
            let mut last = start;
            'search: while let Some(v) = queue.pop_front() {
                for &w in &succ[v] {
                    if w == start {
                        last = v;
                        break 'search;
                    }
                    if inside.contains(&w) && !came_from.contains_key(&w) {
                        came_from.insert(w, v);
                        queue.push_back(w);
                    }
                }
            }
            let mut circle = vec![last];
            while let Some(&p) = came_from.get(circle.last().unwrap_or(&start)) {
                circle.push(p);
            }
            circle.reverse();
            if circle.first() != Some(&start) {
                circle.insert(0, start);
            }
            circle.push(start);
            let members = inside.iter().map(|&i| nodes[i].clone()).collect();
            (circle.into_iter().map(|i| nodes[i].clone()).collect(), members)
        })
        .collect();
    found.sort();
    found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_import_circles_in_src() {
    let edges = module_graph(&src());
    let plain: BTreeMap<String, BTreeSet<String>> =
        edges.iter().map(|(a, bs)| (a.clone(), bs.keys().cloned().collect())).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let report: Vec<String> = components(&plain)
        .iter()
        .map(|(circle, members)| {
            let steps: Vec<String> = circle
                .windows(2)
                .map(|pair| {
                    let (file, line) = &edges[&pair[0]][&pair[1]];
                    let file = file.strip_prefix(root).unwrap_or(file).display();
                    format!("  {} → {} ({file}:{line})", pair[0], pair[1])
                })
                .collect();
            let more = if members.len() + 1 > circle.len() {
                format!("\n  (and more circles among {})", members.join(", "))
            } else {
                String::new()
            };
            format!("import circle {}:\n{}{more}", circle.join(" → "), steps.join("\n"))
        })
        .collect();
    assert!(
        report.is_empty(),
        "{}\n\nmove what both sides need to the module that owns its meaning (see docs/architecture.md)",
        report.join("\n")
    );
}

#[test]
fn the_graph_sees_the_library() {
    let edges = module_graph(&src());
    // Every module file is a node, test files folded into their module.
    for module in ["content::report", "data::catalog", "render::views", "search::shards", "output"] {
        assert!(edges.contains_key(module), "{module} is a node: {:?}", edges.keys().collect::<Vec<_>>());
    }
    // Every file of the library is read: all of src/ but the binary's and the test files.
    let read: BTreeSet<PathBuf> = module_files(&src()).into_iter().map(|f| f.file).collect();
    let mut on_disk = BTreeSet::new();
    let mut dirs = vec![src()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if path.is_dir() {
                dirs.push(path);
            } else if name.ends_with(".rs") {
                on_disk.insert(path);
            }
        }
    }
    let binary: BTreeSet<PathBuf> = ["main.rs", "cli.rs"].iter().map(|f| src().join(f)).collect();
    let unread: Vec<&PathBuf> = on_disk.iter().filter(|p| !read.contains(*p) && !binary.contains(*p)).collect();
    assert!(unread.is_empty(), "files the module walk did not reach: {unread:?}");
    let tests: Vec<String> = module_files(&src()).into_iter().filter(|f| f.test).map(|f| f.path).collect();
    assert!(
        tests.contains(&"search::reference".to_string()) && tests.contains(&"publisher::tests".to_string()),
        "{tests:?}"
    );
    assert!(!edges.contains_key("publisher::tests"), "a #[cfg(test)] child file is not counted");
    assert!(!edges.contains_key("render::incremental::tests"), "#[path] test files neither");
    assert!(
        !edges.get("render::incremental").is_some_and(|e| e.contains_key("render::digest")),
        "only render::incremental's tests use render::digest"
    );
    // Edges the code is known to have (one-way).
    let has = |a: &str, b: &str| edges.get(a).is_some_and(|e| e.contains_key(b));
    assert!(has("content::report", "config"), "use crate::config::Config");
    assert!(has("series", "archive"), "use crate::archive::Archive");
    assert!(has("routes", "period"), "routes build paths from periods");
}

fn graph(pairs: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in pairs {
        g.entry(a.to_string()).or_default().insert(b.to_string());
    }
    g
}

#[test]
fn circles_of_tiny_graphs() {
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a [&'a str]]);
    let cases: &[Case] = &[
        (&[], &[]),
        (&[("a", "b"), ("b", "c")], &[]),
        (&[("a", "b"), ("b", "a")], &[&["a", "b", "a"]]),
        (&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")], &[&["a", "b", "c", "a"]]),
        // The shortest circle through the first node.
        (&[("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("b", "a")], &[&["a", "b", "a"]]),
        // Two separate circles, both named.
        (
            &[("a", "b"), ("b", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("b", "x")],
            &[&["a", "b", "a"], &["x", "y", "z", "x"]],
        ),
        // A diamond is not a circle.
        (&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")], &[]),
    ];
    for (pairs, want) in cases {
        let got = circles(&graph(pairs));
        let want: Vec<Vec<String>> = want.iter().map(|c| c.iter().map(|s| s.to_string()).collect()).collect();
        assert_eq!(got, want, "{pairs:?}");
    }
}

#[test]
fn paths_named_by_code() {
    let children: BTreeSet<String> = ["data::catalog".to_string()].into();
    let code = r#"
        use crate::a::{b::{self, C}, d as e};
        use super::sibling::Thing;
        use catalog::write; // a child module named plainly
        use std::fs; // another crate
        fn f() { let _ = crate::routes::report(None, p); let s = "crate::not::code"; }
        /* crate::commented::out */
        mod inner {
            use super::*;
            use super::super::up::There;
        }
        #[cfg(test)]
        mod tests {
            use crate::tests_only::Helper;
        }
    "#;
    let got: Vec<String> = named_paths(&tokenize(code), "data", &children).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        got,
        ["a::b", "a::b::C", "a::d", "sibling::Thing", "data::catalog::write", "routes::report", "data", "up::There"]
    );
}

#[test]
fn module_declarations() {
    let code = "pub mod a;\n#[cfg(test)]\nmod tests;\n#[cfg(test)]\n#[path = \"x_tests.rs\"]\nmod x;\npub(crate) mod b;\nmod inline { mod not_a_file; }";
    let got = declared_modules(&tokenize(code));
    assert_eq!(
        got,
        [
            ("a".to_string(), None, false),
            ("tests".to_string(), None, true),
            ("x".to_string(), Some("x_tests.rs".to_string()), true),
            ("b".to_string(), None, false),
        ]
    );
}
