//! Card packs: the cards of every report of one publisher, or of one year,
//! in one small file, so that a filtered search shows its first page with
//! one request for all its cards (its results are mostly documents outside
//! any term's best, whose cards no shard carries). On a small site all the
//! reports' cards are one pack, in the manifest.
//!
//! ```text
//! f/p<k>.json  {"s":[field templates],"k":[[kind, title, period, number, path templates], …],"c":[[doc gap, tuple, "values"], …]}
//!              the reports of publisher entry k (its first name)
//! f/y<year>.json   the reports of that year
//! manifest "a"     every report, while that pack is at most ALL_CARDS_BYTES
//! ```
//!
//! A card is `kind, title, period, number, path` (no snippet source: the
//! packs stay small). In each field every distinct run of ASCII digits
//! becomes a slot: U+E000 + n for the card's n-th distinct run, U+E100 + n
//! for that run padded to two digits (the `04` of a path beside the `4` of
//! its title). Fields are then templates shared by many cards (`Báo cáo …
//! tháng \u{e000} năm \u{e001}`, `reports/da-nang/\u{e001}/\u{e100}/`), a
//! card names its tuple of templates and gives its runs (`"4 2018 303"`). A
//! card whose text holds a character of the slot range is written whole:
//! `[doc gap, [kind, title, period, number, path]]`. Pure: cards in, JSON
//! out; deterministic.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::docs::Card;
use super::json;

/// Slots are U+E000 + n (the run) and U+E100 + n (padded); at most this many distinct runs per card.
const SLOTS: u32 = 256;
const SLOT_BASE: u32 = 0xE000;
/// The pack of every report goes into the manifest while it is at most this long.
pub(crate) const ALL_CARDS_BYTES: usize = 16 * 1024;

/// The pack files: (path under the index directory, JSON), publishers then
/// years. `publishers` are the manifest's (id, name) entries; a report's
/// [`Card::publisher`] indexes them, and a publisher's pack is named by the
/// first entry of its id.
pub(crate) fn files(cards: &[Card], publishers: &[(String, String)]) -> Vec<(String, String)> {
    let first_of = |i: usize| publishers.iter().position(|p| Some(&p.0) == publishers.get(i).map(|q| &q.0));
    let mut by_publisher: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    let mut by_year: BTreeMap<i16, Vec<u32>> = BTreeMap::new();
    for (doc, card) in cards.iter().enumerate() {
        if card.kind != "r" {
            continue;
        }
        if let Some(k) = card.publisher.and_then(|p| first_of(usize::from(p))) {
            by_publisher.entry(k).or_default().push(doc as u32);
        }
        if let Some(year) = card.year {
            by_year.entry(year).or_default().push(doc as u32);
        }
    }
    let mut out = Vec::with_capacity(by_publisher.len() + by_year.len());
    for (k, docs) in &by_publisher {
        out.push((format!("f/p{k}.json"), pack(cards, docs)));
    }
    for (year, docs) in &by_year {
        out.push((format!("f/y{year}.json"), pack(cards, docs)));
    }
    out
}

/// The pack of every report, when it is at most [`ALL_CARDS_BYTES`].
pub(crate) fn all_reports(cards: &[Card]) -> Option<String> {
    let docs: Vec<u32> = (0..cards.len() as u32).filter(|&d| cards[d as usize].kind == "r").collect();
    Some(pack(cards, &docs)).filter(|p| p.len() <= ALL_CARDS_BYTES)
}

/// One pack of the cards of `docs` (ascending).
pub(crate) fn pack(cards: &[Card], docs: &[u32]) -> String {
    let mut templates: Vec<String> = Vec::new();
    let mut template_of: FxHashMap<String, usize> = FxHashMap::default();
    let mut tuples: Vec<[usize; 5]> = Vec::new();
    let mut tuple_of: FxHashMap<[usize; 5], usize> = FxHashMap::default();
    let mut body = String::with_capacity(docs.len() * 24);
    let mut previous = 0;
    for (i, &doc) in docs.iter().enumerate() {
        let card = &cards[doc as usize];
        if i > 0 {
            body.push(',');
        }
        body.push('[');
        json::push_int(&mut body, i64::from(doc - previous));
        previous = doc;
        body.push(',');
        let fields = [card.kind, &card.title, &card.period, &card.number, &card.path];
        match slotted(&fields, |t| template_of.contains_key(t)) {
            Some((slotted, values)) => {
                let mut tuple = [0usize; 5];
                for (k, field) in slotted.into_iter().enumerate() {
                    let next = templates.len();
                    tuple[k] = *template_of.entry(field.clone()).or_insert(next);
                    if tuple[k] == next {
                        templates.push(field);
                    }
                }
                let next = tuples.len();
                let t = *tuple_of.entry(tuple).or_insert(next);
                if t == next {
                    tuples.push(tuple);
                }
                json::push_int(&mut body, t as i64);
                body.push(',');
                json::push_str(&mut body, &values);
            }
            None => json::push_strs(&mut body, fields),
        }
        body.push(']');
    }
    let mut out = String::with_capacity(body.len() + templates.iter().map(|t| t.len() + 3).sum::<usize>() + 16);
    out.push_str("{\"s\":");
    json::push_strs(&mut out, templates.iter().map(String::as_str));
    out.push_str(",\"k\":[");
    for (i, t) in tuples.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::push_ints(&mut out, t.iter().map(|&x| x as i64));
    }
    out.push_str("],\"c\":[");
    out.push_str(&body);
    out.push_str("]}");
    out
}

/// Each field with its digit runs replaced by slots, and the card's
/// distinct runs space-separated; `None` when a field holds a slot
/// character or a card has too many distinct runs. A two-digit run equal
/// to a run seen before may be written raw or padded (`10` in `Tháng
/// 10/2018` and in `…/2018/10/`): per field, the form `known` holds, so a
/// publisher's months share their templates.
fn slotted(fields: &[&str; 5], known: impl Fn(&str) -> bool) -> Option<([String; 5], String)> {
    let mut runs: Vec<&str> = Vec::new();
    let mut out: [String; 5] = Default::default();
    for (field, template) in fields.iter().zip(out.iter_mut()) {
        // [raw where ambiguous, padded where ambiguous]
        let mut forms = [String::new(), String::new()];
        let mut rest = *field;
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                let run = &rest[..digits];
                let bare = if digits == 2 { run.strip_prefix('0').unwrap_or(run) } else { "" };
                let padded = runs.iter().position(|r| *r == bare).map(|n| SLOT_BASE + SLOTS + n as u32);
                let raw = match runs.iter().position(|r| *r == run) {
                    Some(n) => Some(SLOT_BASE + n as u32),
                    None if run.starts_with('0') && padded.is_some() => None,
                    None => {
                        runs.push(run);
                        Some(SLOT_BASE + runs.len() as u32 - 1)
                    }
                };
                if runs.len() > SLOTS as usize {
                    return None;
                }
                let (a, b) = (raw.or(padded)?, padded.or(raw)?);
                forms[0].push(char::from_u32(a)?);
                forms[1].push(char::from_u32(b)?);
                rest = &rest[digits..];
                continue;
            }
            let c = rest.chars().next()?;
            if (SLOT_BASE..SLOT_BASE + 2 * SLOTS).contains(&u32::from(c)) {
                return None;
            }
            forms[0].push(c);
            forms[1].push(c);
            rest = &rest[c.len_utf8()..];
        }
        let [raw, padded] = forms;
        *template = if !known(&raw) && known(&padded) { padded } else { raw };
    }
    Some((out, runs.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(title: &str, period: &str, number: &str, path: &str, publisher: u16, year: i16) -> Card {
        Card {
            kind: "r",
            title: title.into(),
            period: period.into(),
            number: number.into(),
            path: path.into(),
            text: "not packed".into(),
            publisher: Some(publisher),
            year: Some(year),
            latest: String::new(),
            trend: String::new(),
        }
    }

    #[test]
    fn cards_share_templates_and_keep_their_digits() {
        let cards = [
            report("Báo cáo tháng 4 năm 2018", "Tháng 4/2018", "303/BC-STTTT", "reports/a/2018/04/", 0, 2018),
            report("Báo cáo tháng 10 năm 2018", "Tháng 10/2018", "17/BC-STTTT", "reports/a/2018/10/", 0, 2018),
            report("Tổng kết", "Năm 2019", "", "reports/a/2019/12/", 0, 2019),
        ];
        let json = pack(&cards, &[0, 1, 2]);
        assert_eq!(
            json,
            "{\"s\":[\"r\",\"Báo cáo tháng \u{e000} năm \u{e001}\",\"Tháng \u{e000}/\u{e001}\",\"\u{e002}/BC-STTTT\",\"reports/a/\u{e001}/\u{e100}/\",\
             \"Tổng kết\",\"Năm \u{e000}\",\"\",\"reports/a/\u{e000}/\u{e001}/\"],\
             \"k\":[[0,1,2,3,4],[0,5,6,7,8]],\
             \"c\":[[0,0,\"4 2018 303\"],[1,0,\"10 2018 17\"],[1,1,\"2019 12\"]]}",
            "the months 4 and 10 share the path's template"
        );
        assert!(!json.contains("not packed"), "no snippet source");
    }

    #[test]
    fn a_card_with_slot_characters_is_written_whole() {
        let cards = [report("A \u{e000} B 1", "P", "", "x/", 0, 2010)];
        assert_eq!(pack(&cards, &[0]), "{\"s\":[],\"k\":[],\"c\":[[0,[\"r\",\"A \u{e000} B 1\",\"P\",\"\",\"x/\"]]]}");
    }

    #[test]
    fn packs_by_publisher_id_and_by_year() {
        let cards = [
            report("a", "", "", "a/", 0, 2010),
            report("b", "", "", "b/", 2, 2011),
            report("c", "", "", "c/", 1, 2011),
            Card { kind: "i", ..report("i", "", "", "i/", 0, 2010) },
        ];
        // entries 0 and 1 are two names of one publisher
        let publishers = [("x".to_string(), "X".to_string()), ("x".into(), "X2".into()), ("y".into(), "Y".into())];
        let files = files(&cards, &publishers);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["f/p0.json", "f/p2.json", "f/y2010.json", "f/y2011.json"]);
        assert!(files[0].1.ends_with("\"c\":[[0,0,\"\"],[2,1,\"\"]]}"), "{}", files[0].1);
        let all = all_reports(&cards).unwrap_or_default();
        assert!(all.contains("\"c\":[[0,0,\"\"],[1,1,\"\"],[1,2,\"\"]]"), "{all}");
    }
}
