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

/// The first shard's file (its separator is "").
const FIRST_SHARD: &str = "search/index/t/811c9dc5.json";

#[test]
fn files_are_named_by_what_they_hold() {
    // tests/browser/unit.test.mjs asserts the script's names are the same
    assert_eq!(shard_name(""), "811c9dc5");
    assert_eq!(shard_name("a"), "e40c292c");
    assert_eq!(shard_name("đ thue"), "116f8e6c");
    assert_eq!(tail_number("b"), 0xe70c2de5);
}

fn options(tier: usize, shard: usize) -> ShardOptions {
    ShardOptions { tier, term_shard_bytes: shard, single_doc_file_bytes: 0, ..ShardOptions::default() }
}

#[test]
fn common_terms_get_a_tail_inline_or_in_a_file() {
    let index = Index { doc_count: 5, terms: vec![term("a", &[], 2), term("b", &["b", "bé"], 5)] };
    let files = write(&index, &[], &[], options(3, 1 << 20));
    assert_eq!(
        file(&files, FIRST_SHARD),
        r#"{"t":[["a",2,[],[0,101,1,100],0],["b",5,["b","bé"],[0,104,1,1,103,1,1,102,1],[100,[3,1],"$$"]]],"c":[]}"#
    );
    let far = ShardOptions { inline_tail_bytes: 0, ..options(3, 1 << 20) };
    let files = write(&index, &[], &[], far);
    assert!(file(&files, FIRST_SHARD).contains(r#"[100,3876335077]]"#), "b's tail is x/<FNV-1a of b>.json");
    assert_eq!(file(&files, "search/index/x/3876335077.json"), r#"[[3,1],"$$"]"#);
    assert_eq!(
        file(&files, "search/index/manifest.json"),
        r#"{"v":2,"n":5,"k":3,"d":1,"t":"0","p":[],"g":[],"i":[],"u":"a b","wc":1}"#
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
    let shard: serde_json::Value = serde_json::from_str(file(&files, FIRST_SHARD)).unwrap_or_default();
    let bitmap = shard["t"][0][4][1].as_str().unwrap_or_default();
    assert!(bitmap.starts_with("/v//"), "docs 1… (0 is the head): {bitmap}");
    assert_eq!(bitmap.len(), 168, "125 bytes in base64");
}

/// The terms of each shard, by the manifest's separators.
fn shards_of(files: &IndexFiles) -> Vec<(String, Vec<String>)> {
    let manifest: serde_json::Value =
        serde_json::from_str(file(files, "search/index/manifest.json")).unwrap_or_default();
    let separators = super::separators(manifest["t"].as_str().unwrap_or_default());
    separators
        .iter()
        .map(|s| {
            let shard: serde_json::Value =
                serde_json::from_str(file(files, &format!("search/index/t/{}.json", shard_name(s))))
                    .unwrap_or_default();
            let terms = shard["t"].as_array().into_iter().flatten();
            (s.to_string(), terms.map(|t| t[0].as_str().unwrap_or_default().to_string()).collect())
        })
        .collect()
}

#[test]
fn shards_split_by_size_with_short_separators() {
    let words: Vec<String> = (0..60).map(|i| format!("w{i:02}")).collect();
    let terms: Vec<TermEntry> = words.iter().map(|t| term(t, &[], 1)).collect();
    let index = Index { doc_count: 1, terms };
    let files = write(&index, &[], &[], options(10, 100));
    let shards = shards_of(&files);
    assert!(shards.len() > 3, "{shards:?}");
    let all: Vec<String> = shards.iter().flat_map(|s| s.1.clone()).collect();
    assert_eq!(all, words, "every term once, in order");
    for (i, (separator, _)) in shards.iter().enumerate() {
        let bytes = file(&files, &format!("search/index/t/{}.json", shard_name(separator))).len();
        // (the cut counts the shard without its closing `],"c":[…]}`)
        assert!(bytes <= 150 + 10, "at most 1.5 × the target: {bytes}");
        if i + 1 < shards.len() {
            assert!(bytes >= 75, "{separator}: {bytes}");
        }
    }
    assert_eq!(shards[0].0, "");
    assert_eq!(separator("thuan", "thue bao", false), "thue");
    assert_eq!(separator("thue", "thue bao", false), "thue ");
    assert_eq!(separator("a", "b", true), "");
}

#[test]
fn a_small_change_leaves_the_other_shards_alone() {
    let words: Vec<String> = (0..400).map(|i| format!("w{i:03}")).collect();
    let index = |grown: usize, new: Option<&str>| {
        let mut terms: Vec<TermEntry> =
            words.iter().enumerate().map(|(i, t)| term(t, &[], if i == grown { 3 } else { 2 })).collect();
        if let Some(new) = new {
            terms.push(term(new, &[], 1));
            terms.sort_by(|a, b| compare_terms(&a.term, &b.term));
        }
        Index { doc_count: 40, terms }
    };
    let shards = |f: &IndexFiles| -> std::collections::BTreeMap<String, Vec<u8>> {
        f.files.iter().filter(|(p, _)| p.contains("/t/")).cloned().collect()
    };
    let before = shards(&write(&index(400, None), &[], &[], options(100, 300)));
    assert!(before.len() > 20, "{} shards", before.len());
    // a term gains a posting; a new term comes in
    for (grown, new) in [(150, None), (10, None), (399, None), (400, Some("w150a")), (400, Some("w000a"))] {
        let after = shards(&write(&index(grown, new), &[], &[], options(100, 300)));
        let changed = after.iter().filter(|(path, bytes)| before.get(*path) != Some(*bytes)).count();
        assert!(changed <= 2, "{grown} {new:?}: {changed} of {} shards changed", after.len());
    }
}

fn cards_of(docs: &[super::super::docs::SearchDoc<'_>]) -> Vec<Card> {
    docs.iter().map(|d| d.card.clone()).collect()
}

#[test]
fn shards_carry_the_cards_of_their_best_documents() {
    let docs = vec![doc("Một", "thuê bao"), doc("Hai", "khác"), doc("Ba", "thuê thuê")];
    let files = write(&build(&docs), &cards_of(&docs), &[], ShardOptions::default());
    let shard: serde_json::Value = serde_json::from_str(file(&files, FIRST_SHARD)).unwrap_or_default();
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
    assert_eq!(manifest["g"], serde_json::json!([[1, 1, 2014, 1, 1]]));
    assert_eq!(manifest.get("pn"), None, "no prefix shared by whole words");
}

#[test]
fn separators_are_front_coded() {
    let list: Vec<String> = ["", "an", "anh", "bao cao", "bao chi", "đà", "đàn", "x"].map(String::from).to_vec();
    let coded = super::front_coded(&list);
    assert_eq!(coded, "0|0an|2h|0bao cao|5hi|0đà|2n|0x");
    assert_eq!(super::separators(&coded), list);
    assert_eq!(super::separators(""), Vec::<String>::new());
    // shared prefixes are counted in UTF-16 code units, as the script slices, and capped at 60
    let long = vec!["a".repeat(70), "a".repeat(70) + "b"];
    assert_eq!(super::separators(&super::front_coded(&long)), long);
}

#[test]
fn the_common_prefix_of_names_ends_after_a_space() {
    let names = ["Sở TTTT Hà Nội", "Sở TTTT Hải Phòng", "Sở TTTT Hà Giang"];
    assert_eq!(super::common_prefix(names.into_iter()), "Sở TTTT ");
    assert_eq!(super::common_prefix(["Sở A"].into_iter()), "", "one name: nothing shared");
    assert_eq!(super::common_prefix(["Hà Nội", "Hải Phòng"].into_iter()), "", "no whole word shared");
}
