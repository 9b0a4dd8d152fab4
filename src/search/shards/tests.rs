//! Tests of the index files: heads and tails, bitmaps and masks, shard
//! cuts and separators, cards in shards and in card files, the manifest.

use super::super::docs::tests_support::doc;
use super::super::index::build;
use super::*;

fn term(term: &str, variants: &[&str], n: u32) -> TermEntry {
    TermEntry {
        term: term.into(),
        variants: variants.iter().map(|v| v.to_string()).collect(),
        postings: (0..n).map(|d| Posting { doc: d, impact: 100 + (n - 1 - d) as u16, mask: 1 }).collect(),
    }
}

fn file<'a>(files: &'a IndexFiles, path: &str) -> &'a str {
    let bytes = &files.files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("no {path}")).1;
    std::str::from_utf8(bytes).unwrap_or_default()
}

fn options(tier: usize, shard: usize) -> ShardOptions {
    ShardOptions { tier, term_shard_bytes: shard, single_doc_file_bytes: 0, ..ShardOptions::default() }
}

#[test]
fn common_terms_get_a_tail_inline_or_in_a_file() {
    let index = Index { doc_count: 5, terms: vec![term("a", &[], 2), term("b", &["b", "bé"], 5)] };
    let files = write(&index, &[], &[], options(3, 1 << 20));
    assert_eq!(
        file(&files, "search/index/t/0.json"),
        r#"{"t":[["a",2,[],[0,101,1,100],0],["b",5,["b","bé"],[0,104,1,1,103,1,1,102,1],[100,[3,1],"$$"]]],"c":[]}"#
    );
    let far = ShardOptions { inline_tail_bytes: 0, ..options(3, 1 << 20) };
    let files = write(&index, &[], &[], far);
    assert!(file(&files, "search/index/t/0.json").contains(r#"[100,1]]"#), "term 1's tail is x/1.json");
    assert_eq!(file(&files, "search/index/x/1.json"), r#"[[3,1],"$$"]"#);
    assert_eq!(
        file(&files, "search/index/manifest.json"),
        r#"{"v":2,"n":5,"k":3,"d":1,"t":[""],"p":[],"g":[],"i":[],"u":"a b","wc":1}"#
    );
}

#[test]
fn masks_are_runs_or_characters() {
    assert_eq!(encode_masks([[2u16; 20].as_slice(), &[6]].concat().into_iter()), "[2,20,6,1]");
    assert_eq!(encode_masks([1u16, 2, 1, 2, 4].into_iter()), r##""$%$%'""##);
    assert_eq!(encode_masks([60u16, 1, 60, 1].into_iter()), "[60,1,1,1,60,1,1,1]");
}

#[test]
fn dense_tails_are_bitmaps() {
    let dense = TermEntry {
        term: "x".into(),
        variants: Vec::new(),
        postings: (0..1000).map(|d| Posting { doc: d, impact: 10, mask: 0 }).collect(),
    };
    let files = write(&Index { doc_count: 1000, terms: vec![dense] }, &[], &[], options(1, 1 << 20));
    let shard: serde_json::Value = serde_json::from_str(file(&files, "search/index/t/0.json")).unwrap_or_default();
    let bitmap = shard["t"][0][4][1].as_str().unwrap_or_default();
    assert!(bitmap.starts_with("/v//"), "docs 1… (0 is the head): {bitmap}");
    assert_eq!(bitmap.len(), 168, "125 bytes in base64");
}

#[test]
fn shards_split_by_size_with_short_separators() {
    let terms: Vec<TermEntry> = ["an", "ba", "bo", "ca", "cu"].iter().map(|t| term(t, &[], 1)).collect();
    let index = Index { doc_count: 1, terms };
    let files = write(&index, &[], &[], options(10, 30));
    let manifest: serde_json::Value =
        serde_json::from_str(file(&files, "search/index/manifest.json")).unwrap_or_default();
    assert_eq!(manifest["t"], serde_json::json!(["", "bo", "cu"]));
    assert!(file(&files, "search/index/t/1.json").contains("\"ca\""));
    assert_eq!(separator("thuan", "thue bao", false), "thue");
    assert_eq!(separator("thue", "thue bao", false), "thue ");
    assert_eq!(separator("a", "b", true), "");
}

fn cards_of(docs: &[super::super::docs::SearchDoc<'_>]) -> Vec<Card> {
    docs.iter().map(|d| d.card.clone()).collect()
}

#[test]
fn shards_carry_the_cards_of_their_best_documents() {
    let docs = vec![doc("Một", "thuê bao"), doc("Hai", "khác"), doc("Ba", "thuê thuê")];
    let files = write(&build(&docs), &cards_of(&docs), &[], ShardOptions::default());
    let shard: serde_json::Value = serde_json::from_str(file(&files, "search/index/t/0.json")).unwrap_or_default();
    let docs_with_cards: Vec<u64> = shard["c"].as_array().into_iter().flatten().filter_map(|c| c[0].as_u64()).collect();
    assert_eq!(docs_with_cards, [0, 1, 2]);
    assert_eq!(shard["c"][2][2], "Ba");
}

#[test]
fn cards_are_escaped_json_and_output_is_deterministic() {
    let docs = vec![doc("<img src=x onerror=alert(1)> \"q\"", "thân")];
    let a = write(&build(&docs), &cards_of(&docs), &[], ShardOptions::default());
    let b = write(&build(&docs), &cards_of(&docs), &[], ShardOptions::default());
    assert_eq!(a.files, b.files);
    assert_eq!(a.version, b.version);
    let parsed: serde_json::Value = serde_json::from_str(file(&a, "search/index/d/0.json")).unwrap_or_default();
    assert_eq!(parsed[0][1], "<img src=x onerror=alert(1)> \"q\"");
}

#[test]
fn cards_share_one_file_while_small() {
    let docs: Vec<_> = (0..20).map(|i| doc(&format!("Báo cáo {i}"), "nội dung")).collect();
    let small = write(&build(&docs), &cards_of(&docs), &[], ShardOptions::default());
    assert_eq!(small.files.iter().filter(|(p, _)| p.contains("/d/")).count(), 1);
    let options = ShardOptions { doc_shard_bytes: 100, single_doc_file_bytes: 0, ..ShardOptions::default() };
    let split = write(&build(&docs), &cards_of(&docs), &[], options);
    let shards = split.files.iter().filter(|(p, _)| p.contains("/d/")).count();
    assert!(shards >= 5, "{shards} card files");
    let manifest: serde_json::Value =
        serde_json::from_str(file(&split, "search/index/manifest.json")).unwrap_or_default();
    assert_eq!(manifest["d"].as_u64().map(|c| 20usize.div_ceil(c as usize)), Some(shards));
}

#[test]
fn publishers_are_named_in_the_manifest() {
    let mut docs = vec![doc("Một", "a"), doc("Hai", "b")];
    docs[0].card.publisher = Some(1);
    docs[0].card.year = Some(2014);
    let publishers = [("ha-noi".to_string(), "Hà Nội".to_string()), ("quang-ninh".into(), "Quảng Ninh".into())];
    let files = write(&build(&docs), &cards_of(&docs), &publishers, ShardOptions::default());
    let manifest: serde_json::Value =
        serde_json::from_str(file(&files, "search/index/manifest.json")).unwrap_or_default();
    assert_eq!(manifest["p"][1], serde_json::json!(["quang-ninh", "Quảng Ninh"]));
    assert_eq!(manifest["g"], serde_json::json!([[1, 2014, 1], [-1, 0, 1]]));
}
