//! The inverted index: folded terms (syllables and adjacent-syllable pairs)
//! to postings with precomputed BM25F impacts.
//!
//! Pure: documents in, a sorted term list out; [`super::shards`] turns it
//! into files. Each posting's impact is the term's whole BM25F contribution
//! to that document (field weights and length normalization included), so
//! the script only adds numbers. A pair term (`thue~bao`) lets
//! a quoted phrase match syllables in order and ranks adjacent words higher.

use std::collections::{BTreeSet, HashMap};

use super::docs::{Field, SearchDoc};
use super::tokens::tokenize;

/// BM25 saturation.
const K1: f64 = 1.2;
/// Impacts are stored as integers: score × this.
const IMPACT_SCALE: f64 = 10.0;
/// Joins the two syllables of a pair term: `thue~bao`. It sorts after every
/// letter, so a word's pairs come after all the words it begins, and a
/// prefix's words stay together in one shard.
pub const PAIR_SEPARATOR: char = '~';
/// Diacritic variants tracked per folded term (more are rare; extra ones
/// never count as exact matches).
pub const MAX_VARIANTS: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub impact: u32,
    /// Bit i: the document holds `variants[i]` (only when there are several).
    pub mask: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermEntry {
    /// Folded; pairs are two folded syllables joined by [`PAIR_SEPARATOR`].
    pub term: String,
    /// Exact (diacritic) forms seen, sorted; empty for pairs and synthetic terms.
    pub variants: Vec<String>,
    /// Highest impact first, then by document.
    pub postings: Vec<Posting>,
}

#[derive(Debug, Default)]
pub struct Index {
    pub doc_count: usize,
    /// Sorted by [`compare_terms`].
    pub terms: Vec<TermEntry>,
}

/// Per-document statistics of one term.
#[derive(Default)]
struct DocTerm {
    tf: [u32; 6],
    variants: BTreeSet<String>,
}

struct DocStats {
    lengths: [u32; 6],
    terms: HashMap<String, DocTerm>,
}

fn analyze(doc: &SearchDoc) -> DocStats {
    let mut stats = DocStats { lengths: [0; 6], terms: HashMap::new() };
    for (field, text) in &doc.fields {
        let f = *field as usize;
        let tokens = tokenize(text);
        stats.lengths[f] += tokens.len() as u32;
        for (i, token) in tokens.iter().enumerate() {
            let entry = stats.terms.entry(token.folded.clone()).or_default();
            entry.tf[f] += 1;
            entry.variants.insert(token.exact.clone());
            if let Some(next) = tokens.get(i + 1).filter(|next| pairable(token) && pairable(next)) {
                let pair = format!("{}{PAIR_SEPARATOR}{}", token.folded, next.folded);
                stats.terms.entry(pair).or_default().tf[f] += 1;
            }
        }
    }
    for (field, term) in &doc.terms {
        stats.terms.entry(term.clone()).or_default().tf[*field as usize] += 1;
        stats.lengths[*field as usize] += 1;
    }
    stats
}

/// Figures above four digits make no pairs: each is nearly unique, so its
/// pairs would double the index for phrases nobody types. The script skips
/// the same pairs in a quoted phrase (`pairable` in search.js).
pub fn pairable(token: &super::tokens::Token) -> bool {
    !(token.folded.len() > 4 && token.folded.bytes().all(|b| b.is_ascii_digit()))
}

struct TermBuild {
    variants: BTreeSet<String>,
    docs: Vec<(u32, [u32; 6], BTreeSet<String>)>,
}

/// Builds the index of `docs`; document ids are positions in `docs`.
pub fn build(docs: &[SearchDoc]) -> Index {
    use rayon::prelude::*;
    let stats: Vec<DocStats> = docs.par_iter().map(analyze).collect();
    let n = docs.len();
    let mut avg = [0f64; 6];
    for s in &stats {
        for (a, l) in avg.iter_mut().zip(s.lengths) {
            *a += f64::from(l);
        }
    }
    for a in &mut avg {
        *a = if n == 0 { 0.0 } else { *a / n as f64 };
    }
    let mut lengths = Vec::with_capacity(n);
    let mut builds: HashMap<String, TermBuild> = HashMap::new();
    for (doc, s) in stats.into_iter().enumerate() {
        lengths.push(s.lengths);
        for (term, dt) in s.terms {
            let b = builds.entry(term).or_insert_with(|| TermBuild { variants: BTreeSet::new(), docs: Vec::new() });
            b.variants.extend(dt.variants.iter().cloned());
            b.docs.push((doc as u32, dt.tf, dt.variants));
        }
    }
    let mut terms: Vec<TermEntry> = builds
        .into_par_iter()
        .map(|(term, b)| {
            let df = b.docs.len();
            let idf = (1.0 + (n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
            let variants: Vec<String> = b.variants.into_iter().take(MAX_VARIANTS).collect();
            let many = variants.len() > 1;
            let mut postings: Vec<Posting> = b
                .docs
                .into_iter()
                .map(|(doc, tf, doc_variants)| {
                    let score = bm25f(idf, &tf, &lengths[doc as usize], &avg);
                    let mask = if many {
                        variants
                            .iter()
                            .enumerate()
                            .filter(|(_, v)| doc_variants.contains(*v))
                            .fold(0, |m, (i, _)| m | 1 << i)
                    } else {
                        0
                    };
                    Posting { doc, impact: ((score * IMPACT_SCALE).round() as u32).max(1), mask }
                })
                .collect();
            postings.sort_by(|a, b| b.impact.cmp(&a.impact).then(a.doc.cmp(&b.doc)));
            let variants = if variants.len() == 1 && variants[0] == term { Vec::new() } else { variants };
            TermEntry { term, variants, postings }
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| compare_terms(&a.term, &b.term));
    Index { doc_count: n, terms }
}

/// UTF-16 code unit order: the order of JavaScript's `<` on strings, so the
/// script can binary-search the shard boundaries.
pub fn compare_terms(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn bm25f(idf: f64, tf: &[u32; 6], lengths: &[u32; 6], avg: &[f64; 6]) -> f64 {
    let mut weighted = 0.0;
    for field in Field::ALL {
        let f = field as usize;
        if tf[f] == 0 {
            continue;
        }
        let b = field.b();
        let norm = if avg[f] > 0.0 { 1.0 - b + b * f64::from(lengths[f]) / avg[f] } else { 1.0 };
        weighted += field.weight() * f64::from(tf[f]) / norm.max(0.05);
    }
    idf * weighted * (K1 + 1.0) / (weighted + K1)
}

#[cfg(test)]
pub(crate) mod tests_support {
    use super::super::docs::{Card, Field, SearchDoc};

    /// A document with a title and a body, for tests.
    pub(crate) fn doc(title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            fields: vec![(Field::Title, title.into()), (Field::Body, body.into())],
            terms: Vec::new(),
            card: Card {
                kind: "r",
                title: title.into(),
                period: String::new(),
                number: String::new(),
                path: String::new(),
                text: String::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::doc;
    use super::*;

    fn entry<'a>(index: &'a Index, term: &str) -> &'a TermEntry {
        index.terms.iter().find(|t| t.term == term).unwrap_or_else(|| panic!("no term {term}"))
    }

    #[test]
    fn terms_are_sorted_folded_with_pairs() {
        let index = build(&[doc("Thuê bao", "Điện thoại 12345 tháng 8")]);
        let terms: Vec<&str> = index.terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(
            terms,
            ["12345", "8", "bao", "dien", "dien~thoai", "thang", "thang~8", "thoai", "thue", "thue~bao"],
            "big figures make no pairs"
        );
    }

    #[test]
    fn title_outweighs_body() {
        let index = build(&[doc("Internet", "khác"), doc("Khác", "internet"), doc("Ba", "bốn")]);
        let postings = &entry(&index, "internet").postings;
        assert_eq!(postings[0].doc, 0, "the title match ranks first");
        assert!(2 * postings[0].impact > 3 * postings[1].impact);
    }

    #[test]
    fn a_document_number_outranks_a_mention() {
        let mut numbered = doc("Báo cáo tháng 8", "nội dung");
        numbered.fields.push((Field::Number, "285/BC-STTTT".into()));
        let mention = doc("Báo cáo tháng 9", "Theo báo cáo số 285/BC-STTTT tháng trước");
        let index = build(&[mention, numbered, doc("Khác", "khác")]);
        for term in ["285", "bc", "stttt"] {
            assert_eq!(entry(&index, term).postings[0].doc, 1, "{term}");
        }
    }

    #[test]
    fn rarer_terms_weigh_more() {
        let index = build(&[doc("a", "chung riêng"), doc("b", "chung"), doc("c", "chung")]);
        assert!(entry(&index, "rieng").postings[0].impact > entry(&index, "chung").postings[0].impact);
    }

    #[test]
    fn variants_and_masks() {
        let index = build(&[doc("Thuế", ""), doc("Thuê bao", ""), doc("thue", "thuê")]);
        let thue = entry(&index, "thue");
        assert_eq!(thue.variants, ["thue", "thuê", "thuế"]);
        let mask_of = |d: u32| thue.postings.iter().find(|p| p.doc == d).map(|p| p.mask);
        assert_eq!(mask_of(0), Some(0b100));
        assert_eq!(mask_of(1), Some(0b010));
        assert_eq!(mask_of(2), Some(0b011));
        // a single variant equal to the folded term is not stored
        assert!(entry(&index, "bao").variants.is_empty());
    }

    #[test]
    fn longer_bodies_weigh_less() {
        let long = "internet ".to_string() + &"chữ ".repeat(200);
        let index = build(&[doc("x", "internet chữ"), doc("y", &long)]);
        let p = &entry(&index, "internet").postings;
        assert_eq!(p[0].doc, 0);
    }

    #[test]
    fn empty_input() {
        let index = build(&[]);
        assert_eq!(index.doc_count, 0);
        assert!(index.terms.is_empty());
        let index = build(&[doc("", "")]);
        assert!(index.terms.is_empty());
    }
}
