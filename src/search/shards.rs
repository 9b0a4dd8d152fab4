//! The index as files: a small manifest, term shards, tails and doc shards.
//!
//! ```text
//! search/index/manifest.json   {"v":1,"n":docs,"k":tier,"t":[first term of each term shard],"d":[first doc of each doc shard]}
//! search/index/t/<i>.json      {"t":[[term, df, [variants], [postings], tail], …]}   terms in UTF-16 order
//! search/index/x/<j>.json      {"d":[doc-id gaps], "m":[variant masks]?}               the rest of a common term
//! search/index/d/<i>.json      [[kind, title, period, number, path, snippet source], …] cards by doc id
//! ```
//!
//! A term's postings are sorted by impact; the first `tier` are in its term
//! shard, by document, as `doc-id gap, impact` (plus `mask` when the term has
//! several diacritic variants), so a query reads one shard per word however
//! common the word.
//! The remaining postings ("tail") go to their own file as sorted doc-id gaps
//! with one impact for all (`tail = [file, impact]`), fetched only when the
//! first tiers do not yield enough results. Output is deterministic: same
//! index, same bytes.

use std::fmt::Write as _;

use super::docs::Card;
use super::index::{Index, Posting, TermEntry};

/// Where the index files go, under the site root.
pub const INDEX_DIR: &str = "search/index/";

#[derive(Clone, Copy, Debug)]
pub struct ShardOptions {
    /// Postings kept in a term's shard; the rest go to its tail file.
    pub tier: usize,
    /// A term shard is closed once it holds this many bytes.
    pub term_shard_bytes: usize,
    /// A doc shard is closed once it holds this many bytes.
    pub doc_shard_bytes: usize,
    /// Cards totalling at most this many bytes go in a single doc shard.
    pub single_doc_file_bytes: usize,
}

impl Default for ShardOptions {
    fn default() -> Self {
        ShardOptions {
            tier: 400,
            term_shard_bytes: 24 * 1024,
            doc_shard_bytes: 3 * 1024,
            single_doc_file_bytes: 64 * 1024,
        }
    }
}

/// The index files: (path under the site root, bytes), sorted by path.
#[derive(Debug, Default)]
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    /// A short hash of every file, for cache-busting URLs (`?v=…`).
    pub version: String,
}

fn json_str(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn push_ints(out: &mut String, values: impl IntoIterator<Item = u32>) {
    out.push('[');
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{v}");
    }
    out.push(']');
}

/// One term as it appears in its shard, and its tail file if any.
fn encode_term(entry: &TermEntry, tier: usize, tail_id: usize) -> (String, Option<String>) {
    let many = entry.variants.len() > 1;
    let (head, rest) = entry.postings.split_at(entry.postings.len().min(tier.max(1)));
    let mut out = String::new();
    let _ = write!(out, "[{},{},[", json_str(&entry.term), entry.postings.len());
    for (i, v) in entry.variants.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_str(v));
    }
    out.push_str("],");
    let mut head: Vec<&Posting> = head.iter().collect();
    head.sort_unstable_by_key(|p| p.doc);
    let mut previous = 0;
    push_ints(
        &mut out,
        head.iter().flat_map(|p| {
            let gap = p.doc - previous;
            previous = p.doc;
            if many { vec![gap, p.impact, p.mask] } else { vec![gap, p.impact] }
        }),
    );
    if rest.is_empty() {
        out.push_str(",0]");
        return (out, None);
    }
    let mean = rest.iter().map(|p| u64::from(p.impact)).sum::<u64>() / rest.len() as u64;
    let _ = write!(out, ",[{tail_id},{}]]", mean.max(1));
    let mut by_doc: Vec<(u32, u32)> = rest.iter().map(|p| (p.doc, p.mask)).collect();
    by_doc.sort_unstable();
    let mut tail = String::from("{\"d\":");
    let mut previous = 0;
    push_ints(
        &mut tail,
        by_doc.iter().map(|&(doc, _)| {
            let gap = doc - previous;
            previous = doc;
            gap
        }),
    );
    if many {
        tail.push_str(",\"m\":");
        push_ints(&mut tail, by_doc.iter().map(|&(_, m)| m));
    }
    tail.push('}');
    (out, Some(tail))
}

fn encode_card(card: &Card) -> String {
    format!(
        "[{},{},{},{},{},{}]",
        json_str(card.kind),
        json_str(&card.title),
        json_str(&card.period),
        json_str(&card.number),
        json_str(&card.path),
        json_str(&card.text)
    )
}

/// Splits the index and the cards into files.
pub fn write(index: &Index, cards: &[Card], options: ShardOptions) -> IndexFiles {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut first_terms: Vec<&str> = Vec::new();
    let mut shard = String::new();
    let mut tails = 0usize;
    let close = |shard: &mut String, files: &mut Vec<(String, Vec<u8>)>, n: usize| {
        shard.push_str("]}");
        files.push((format!("{INDEX_DIR}t/{n}.json"), std::mem::take(shard).into_bytes()));
    };
    for entry in &index.terms {
        if shard.is_empty() {
            first_terms.push(&entry.term);
            shard.push_str("{\"t\":[");
        } else {
            shard.push(',');
        }
        let (encoded, tail) = encode_term(entry, options.tier, tails);
        shard.push_str(&encoded);
        if let Some(tail) = tail {
            files.push((format!("{INDEX_DIR}x/{tails}.json"), tail.into_bytes()));
            tails += 1;
        }
        if shard.len() >= options.term_shard_bytes {
            close(&mut shard, &mut files, first_terms.len() - 1);
        }
    }
    if !shard.is_empty() {
        close(&mut shard, &mut files, first_terms.len() - 1);
    }
    let encoded: Vec<String> = cards.iter().map(encode_card).collect();
    let total: usize = encoded.iter().map(|c| c.len() + 1).sum();
    // A small archive's cards all fit in one file: one request for any results.
    let doc_shard_bytes = if total <= options.single_doc_file_bytes { usize::MAX } else { options.doc_shard_bytes };
    let mut first_docs: Vec<u32> = Vec::new();
    let mut doc_shard = String::new();
    for (id, card) in encoded.iter().enumerate() {
        if doc_shard.is_empty() {
            first_docs.push(id as u32);
            doc_shard.push('[');
        } else {
            doc_shard.push(',');
        }
        doc_shard.push_str(card);
        if doc_shard.len() >= doc_shard_bytes || id + 1 == cards.len() {
            doc_shard.push(']');
            let n = first_docs.len() - 1;
            files.push((format!("{INDEX_DIR}d/{n}.json"), std::mem::take(&mut doc_shard).into_bytes()));
        }
    }
    let mut manifest = format!("{{\"v\":1,\"n\":{},\"k\":{},\"t\":[", index.doc_count, options.tier);
    for (i, term) in first_terms.iter().enumerate() {
        if i > 0 {
            manifest.push(',');
        }
        manifest.push_str(&json_str(term));
    }
    manifest.push_str("],\"d\":");
    push_ints(&mut manifest, first_docs);
    manifest.push('}');
    files.push((format!("{INDEX_DIR}manifest.json"), manifest.into_bytes()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let version = version_of(&files);
    IndexFiles { files, version }
}

/// FNV-1a over every path and its bytes, as 12 hex digits.
fn version_of(files: &[(String, Vec<u8>)]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, bytes) in files {
        for &b in path.as_bytes().iter().chain(bytes.iter()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:012x}", hash & 0xffff_ffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::super::index::build;
    use super::*;

    fn term(term: &str, variants: &[&str], n: u32) -> TermEntry {
        TermEntry {
            term: term.into(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
            postings: (0..n).map(|i| Posting { doc: n - 1 - i, impact: 100 + i, mask: 1 }).collect(),
        }
    }

    fn file<'a>(files: &'a IndexFiles, path: &str) -> &'a str {
        let bytes = &files.files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("no {path}")).1;
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    #[test]
    fn common_terms_get_a_tail() {
        let index = Index { doc_count: 5, terms: vec![term("a", &[], 2), term("b", &["b", "bé"], 5)] };
        let options =
            ShardOptions { tier: 3, term_shard_bytes: 1 << 20, doc_shard_bytes: 1 << 20, single_doc_file_bytes: 0 };
        let files = write(&index, &[], options);
        assert_eq!(
            file(&files, "search/index/t/0.json"),
            r#"{"t":[["a",2,[],[0,101,1,100],0],["b",5,["b","bé"],[2,102,1,1,101,1,1,100,1],[0,103]]]}"#
        );
        assert_eq!(file(&files, "search/index/x/0.json"), r#"{"d":[0,1],"m":[1,1]}"#);
        assert_eq!(file(&files, "search/index/manifest.json"), r#"{"v":1,"n":5,"k":3,"t":["a"],"d":[]}"#);
    }

    #[test]
    fn shards_split_by_size_and_manifest_names_first_terms() {
        let terms: Vec<TermEntry> = ["an", "ba", "bo", "ca", "cu"].iter().map(|t| term(t, &[], 1)).collect();
        let index = Index { doc_count: 1, terms };
        let options = ShardOptions { tier: 10, term_shard_bytes: 30, doc_shard_bytes: 10, single_doc_file_bytes: 0 };
        let files = write(&index, &[], options);
        let manifest = file(&files, "search/index/manifest.json");
        assert_eq!(manifest, r#"{"v":1,"n":1,"k":10,"t":["an","bo","cu"],"d":[]}"#);
        assert!(file(&files, "search/index/t/1.json").contains("\"ca\""));
    }

    #[test]
    fn cards_are_escaped_json_and_output_is_deterministic() {
        let docs = vec![super::super::index::tests_support::doc("<img src=x onerror=alert(1)> \"q\"", "thân")];
        let cards: Vec<Card> = docs.iter().map(|d| d.card.clone()).collect();
        let a = write(&build(&docs), &cards, ShardOptions::default());
        let b = write(&build(&docs), &cards, ShardOptions::default());
        assert_eq!(a.files, b.files);
        assert_eq!(a.version, b.version);
        let shard = file(&a, "search/index/d/0.json");
        let parsed: serde_json::Value = serde_json::from_str(shard).unwrap_or_default();
        assert_eq!(parsed[0][1], "<img src=x onerror=alert(1)> \"q\"");
    }

    #[test]
    fn cards_share_one_file_while_small() {
        let docs: Vec<_> =
            (0..20).map(|i| super::super::index::tests_support::doc(&format!("Báo cáo {i}"), "nội dung")).collect();
        let cards: Vec<Card> = docs.iter().map(|d| d.card.clone()).collect();
        let small = write(&build(&docs), &cards, ShardOptions::default());
        assert_eq!(small.files.iter().filter(|(p, _)| p.contains("/d/")).count(), 1);
        let options = ShardOptions { doc_shard_bytes: 100, single_doc_file_bytes: 0, ..ShardOptions::default() };
        let split = write(&build(&docs), &cards, options);
        let shards = split.files.iter().filter(|(p, _)| p.contains("/d/")).count();
        assert!(shards >= 5, "{shards} doc shards");
        let manifest: serde_json::Value =
            serde_json::from_str(file(&split, "search/index/manifest.json")).unwrap_or_default();
        assert_eq!(manifest["d"].as_array().map(Vec::len), Some(shards));
        assert_eq!(manifest["d"][0], 0);
    }
}
