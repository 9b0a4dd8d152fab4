//! Tests only: the index computed the plain way (one document at a time,
//! maps of strings) must equal the parallel, chunked build of `index`.

use std::collections::{BTreeMap, BTreeSet};

use super::analyze::FIELDS;
use super::docs::{Field, SearchDoc};
use super::index::{self, Posting, TermEntry};
use super::merge::weighted;
use super::tokens::tokenize;
use super::tokens::{MAX_VARIANTS, PAIR_SEPARATOR, pairable};

#[derive(Default)]
struct Term {
    /// doc → (counts per field, exact forms)
    docs: BTreeMap<u32, ([u16; FIELDS], BTreeSet<String>)>,
}

fn reference(docs: &[SearchDoc<'_>]) -> Vec<TermEntry> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    let mut lengths = vec![[0u32; FIELDS]; docs.len()];
    for (d, doc) in docs.iter().enumerate() {
        for (field, text) in &doc.fields {
            let f = *field as usize;
            let tokens = tokenize(text);
            lengths[d][f] += tokens.len() as u32;
            for (i, t) in tokens.iter().enumerate() {
                let entry = terms.entry(t.folded.clone()).or_default().docs.entry(d as u32).or_default();
                entry.0[f] += 1;
                entry.1.insert(t.exact.clone());
                if let Some(next) = tokens.get(i + 1).filter(|n| pairable(&t.folded) && pairable(&n.folded)) {
                    let pair = format!("{}{PAIR_SEPARATOR}{}", t.folded, next.folded);
                    terms.entry(pair).or_default().docs.entry(d as u32).or_default().0[f] += 1;
                }
            }
        }
        for (field, term) in &doc.terms {
            terms.entry(term.clone()).or_default().docs.entry(d as u32).or_default().0[*field as usize] += 1;
            lengths[d][*field as usize] += 1;
        }
    }
    let real = docs.len() as f64;
    let mut avg = [0f64; FIELDS];
    for l in &lengths {
        for f in 0..FIELDS {
            avg[f] += f64::from(l[f]);
        }
    }
    let avg = avg.map(|a| index::stable(a / real));
    let n = index::stable(real);
    let mut entries: Vec<TermEntry> = terms
        .into_iter()
        .map(|(term, t)| {
            let all: BTreeSet<String> = t.docs.values().flat_map(|(_, v)| v.iter().cloned()).collect();
            let variants: Vec<String> = all.into_iter().take(MAX_VARIANTS).collect();
            let df = t.docs.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.3);
            let postings = t
                .docs
                .iter()
                .map(|(&doc, (tf, forms))| {
                    let w = f64::from(weighted(tf, &lengths[doc as usize], &avg) as f32);
                    let score = idf * w * 2.2 / (w + 1.2);
                    let mask = if variants.len() > 1 {
                        variants.iter().enumerate().filter(|(_, v)| forms.contains(*v)).fold(0, |m, (i, _)| m | 1 << i)
                    } else {
                        0
                    };
                    Posting { doc, impact: (score * 100.0).round().clamp(1.0, 65535.0) as u16, mask }
                })
                .collect();
            let variants = if variants.len() == 1 && variants[0] == term { Vec::new() } else { variants };
            TermEntry { term, variants, postings }
        })
        .collect();
    entries.sort_by(|a, b| index::compare_terms(&a.term, &b.term));
    entries
}

/// Documents of a small vocabulary with diacritic variants, figures and a
/// period term, enough of them for several chunks.
fn documents(count: usize) -> Vec<SearchDoc<'static>> {
    const WORDS: &[&str] = &[
        "thuê",
        "Thuế",
        "bao",
        "báo",
        "cáo",
        "điện",
        "thoại",
        "Internet",
        "băng",
        "thông",
        "rộng",
        "1.727.388",
        "08",
        "2014",
        "thanh",
        "tra",
        "ĐIỆN",
        "viễn",
        "tổng",
        "số",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ];
    let mut seed = 0x9e37_79b9_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    (0..count)
        .map(|i| {
            let mut text = |len: usize| (0..len).map(|_| WORDS[next(WORDS.len())]).collect::<Vec<_>>().join(" ");
            let mut doc = super::docs::tests_support::doc(&text(6), &text(5 + i % 40));
            doc.fields.push((Field::Number, format!("{i}/BC-STTTT").into()));
            doc.terms.push((Field::Period, format!("p2014{:02}", i % 12 + 1)));
            doc
        })
        .collect()
}

#[test]
fn the_chunked_build_equals_the_plain_one() {
    let docs = documents(700);
    let built = index::build(&docs);
    let want = reference(&docs);
    assert_eq!(built.terms.len(), want.len());
    for (got, want) in built.terms.iter().zip(&want) {
        assert_eq!(got, want, "term {}", want.term);
    }
}

/// Words that are prefixes of others (`thu`, `thue`: their pairs sort apart
/// from the words), and characters whose UTF-16 order differs from their
/// byte order (U+1D400 above U+FF54 in bytes, below it in UTF-16, where it
/// is a surrogate pair).
#[test]
fn tricky_orders_equal_the_plain_build() {
    use super::docs::tests_support::doc;
    let texts = [("thu thue", "thu x thue y thuê thuế THUE"), ("ｔｈｕ 𝐀", "𝐀 ｔｈｕ thu ｔｈｕ"), ("a", "a1 a a~b")];
    let docs: Vec<SearchDoc> = texts.iter().map(|(t, b)| doc(t, b)).collect();
    let built = index::build(&docs);
    let want = reference(&docs);
    assert_eq!(built.terms, want);
    let terms: Vec<&str> = built.terms.iter().map(|t| t.term.as_str()).collect();
    assert!(terms.windows(2).all(|w| index::compare_terms(w[0], w[1]).is_lt()), "{terms:?}");
    assert!(terms.iter().position(|t| *t == "𝐀") < terms.iter().position(|t| *t == "ｔｈｕ"), "{terms:?}");
}
