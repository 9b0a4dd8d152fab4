//! Tokenizing for the search index: text to (exact, folded) syllables.
//!
//! The search script in the theme (`search.js`, `tokenize`) applies the same
//! rules to queries; both are tested against `tests/fixtures/tokens.tsv`, so a
//! change here must be made there too.
//!
//! Rules:
//! - a token is a run of letters, digits and combining marks
//!   (`char::is_alphanumeric` or a mark; JavaScript `[\p{Alphabetic}\p{N}\p{M}]`);
//! - digit groups joined by one `.` or `,` are one number: `1.727.388` is
//!   `1727388` (the Vietnamese thousands separator);
//! - an all-digit token loses its leading zeros: `08` is `8`, so `2014-08`
//!   and `8/2014` meet;
//! - the exact form is lowercase NFC (diacritics kept), the folded form is
//!   [`crate::text::fold`] of it;
//! - tokens longer than [`MAX_TOKEN_CHARS`] are dropped (URLs, hashes).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::text::fold;

/// Longer tokens are not indexed.
pub(crate) const MAX_TOKEN_CHARS: usize = 40;
/// Joins the two syllables of a pair term: `thue bao`. It sorts before
/// every token character, so a word's pairs come right after the word
/// (`thue`, `thue bao`, `thue dien`, …, `thuen`): a query's first word and
/// its pair with the next word usually lie in one shard. Tokens never hold
/// a space.
pub const PAIR_SEPARATOR: char = ' ';
/// Diacritic variants tracked per folded term (more are rare; extra ones
/// never count as exact matches).
pub(crate) const MAX_VARIANTS: usize = 16;

/// Figures above four digits make no pairs: each is nearly unique, so its
/// pairs would double the index for phrases nobody types. The script skips
/// the same pairs in a quoted phrase (`pairable` in search.js).
pub(crate) fn pairable(folded: &str) -> bool {
    !(folded.len() > 4 && folded.bytes().all(|b| b.is_ascii_digit()))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Lowercase, NFC, diacritics kept: `thuê`.
    pub exact: String,
    /// Folded: `thue`.
    pub folded: String,
}

fn is_token_char(c: char) -> bool {
    match c {
        // fast paths: ASCII, Latin-1 to Latin Extended-B, Vietnamese letters
        '\0'..='\x7f' => c.is_ascii_alphanumeric(),
        '\u{d7}' | '\u{f7}' => false,
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// Whether `text` is already NFC (the common case: then its slices are the
/// raw tokens, with no copy). May say no of NFC text, never yes of other text.
pub(crate) fn is_nfc(text: &str) -> bool {
    // ASCII, U+0080–U+02FF, U+1E00–U+1EFF (precomposed Latin, Vietnamese)
    // and most general punctuation are each NFC and of combining class 0, so
    // a text made of them is NFC; the bytes tell without decoding.
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // eight ASCII bytes at a time
        if let Some(word) = bytes.get(i..i + 8)
            && u64::from_le_bytes([word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7]])
                & 0x8080_8080_8080_8080
                == 0
        {
            i += 8;
            continue;
        }
        i += match (b, bytes.get(i + 1).copied().unwrap_or(0)) {
            (0..=0x7f, _) => 1,
            (0xc2..=0xcb, _) => 2,
            (0xe1, 0xb8..=0xbb) => 3,
            (0xe2, 0x80) if matches!(bytes.get(i + 2), Some(0x90..=0xa7 | 0xb0..=0xbf)) => 3,
            _ => return matches!(is_nfc_quick(text.chars()), IsNormalized::Yes),
        };
    }
    true
}

/// ASCII bytes: 1 a letter, 2 a digit, 0 anything else.
const ASCII_CLASS: [u8; 128] = {
    let mut class = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        class[b] = match b as u8 {
            b'0'..=b'9' => 2,
            b'a'..=b'z' | b'A'..=b'Z' => 1,
            _ => 0,
        };
        b += 1;
    }
    class
};

/// The character that starts at `bytes[i]` (a character boundary of a
/// `str`, not ASCII) and its length in bytes.
fn char_at(bytes: &[u8], i: usize) -> (char, usize) {
    let b = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3f);
    let lead = u32::from(bytes[i]);
    let (code, len) = match lead {
        0xc0..=0xdf => ((lead & 0x1f) << 6 | b(1), 2),
        0xe0..=0xef => ((lead & 0x0f) << 12 | b(1) << 6 | b(2), 3),
        _ => ((lead & 0x07) << 18 | b(1) << 12 | b(2) << 6 | b(3), 4),
    };
    (char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER), len)
}

/// Calls `f` with each raw token of `text` (which must be NFC, see
/// [`is_nfc`]) as a slice, and whether it holds digit separators (`1.727.388`).
/// [`forms`] turns a raw token into its exact and folded forms.
///
/// Reads bytes, ASCII through a table (the build's tokenizing runs over
/// every body twice: for the index and for snippets); what it finds is
/// what the plain loop over `char_indices` finds (a test compares them).
pub(crate) fn scan<'t>(text: &'t str, mut f: impl FnMut(&'t str, bool)) {
    let bytes = text.as_bytes();
    let (mut start, mut in_token, mut digits, mut separators) = (0, false, true, false);
    let mut previous_digit = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (token, digit, len) = if b < 0x80 {
            let class = ASCII_CLASS[b as usize];
            (class != 0, class == 2, 1)
        } else {
            let (c, len) = char_at(bytes, i);
            (is_token_char(c), false, len)
        };
        if token {
            if !in_token {
                (start, in_token, digits, separators) = (i, true, true, false);
            }
            digits &= digit;
            previous_digit = digit;
            i += len;
            continue;
        }
        let joins_digits = (b == b'.' || b == b',')
            && in_token
            && digits
            && previous_digit
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        previous_digit = false;
        if joins_digits {
            separators = true;
        } else if in_token {
            f(&text[start..i], separators);
            in_token = false;
        }
        i += len;
    }
    if in_token {
        f(&text[start..], separators);
    }
}

/// The forms of a raw token from [`scan`], or `None` when it is not indexed
/// (too long, or nothing left once folded).
pub(crate) fn forms(raw: &str, separators: bool) -> Option<Token> {
    let joined: String;
    let mut raw = if separators {
        joined = raw.chars().filter(|c| *c != '.' && *c != ',').collect();
        joined.as_str()
    } else {
        raw
    };
    if raw.chars().nth(MAX_TOKEN_CHARS).is_some() {
        return None;
    }
    if raw.bytes().all(|b| b.is_ascii_digit()) {
        raw = raw.trim_start_matches('0');
        if raw.is_empty() {
            raw = "0";
        }
    }
    let exact = exact_form(raw);
    let folded = fold(&exact);
    (!folded.is_empty()).then_some(Token { exact, folded })
}

/// Lowercase one character at a time (as the script does), then NFC.
fn exact_form(raw: &str) -> String {
    if raw.is_ascii() {
        return raw.to_ascii_lowercase();
    }
    let lower: String = raw.nfc().flat_map(char::to_lowercase).collect();
    lower.nfc().collect()
}

/// The tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut push = |raw: &str, separators: bool| tokens.extend(forms(raw, separators));
    if is_nfc(text) {
        scan(text, &mut push);
    } else {
        let normalized: String = text.nfc().collect();
        scan(&normalized, &mut push);
    }
    tokens
}

/// The synthetic term that marks a report's period (`p201408`); the script
/// makes the same term from `8/2014`, `2014-08` or `tháng 8/2014` in a query.
pub(crate) fn period_term(year: i16, month: u8) -> String {
    format!("p{year:04}{month:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tests/fixtures/tokens.tsv`: input, then the folded tokens joined by spaces.
    #[test]
    fn shared_token_vectors() {
        let text = include_str!("../../tests/fixtures/tokens.tsv");
        let mut count = 0;
        for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (input, want) = line.split_once('\t').unwrap_or((line, ""));
            let got: Vec<String> = tokenize(input).into_iter().map(|t| t.folded).collect();
            assert_eq!(got.join(" "), want, "tokens of {input:?}");
            count += 1;
        }
        assert!(count >= 10, "too few vectors: {count}");
    }

    /// `tests/fixtures/folding.tsv`: input, then its folded form.
    #[test]
    fn shared_folding_vectors() {
        let text = include_str!("../../tests/fixtures/folding.tsv");
        let mut count = 0;
        for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (input, want) = line.split_once('\t').unwrap_or((line, ""));
            assert_eq!(fold(&unescape(input)), unescape(want), "fold of {input:?}");
            count += 1;
        }
        assert!(count >= 10, "too few vectors: {count}");
    }

    /// `\u{…}` escapes let the file hold decomposed input visibly.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("\\u{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 3..];
            match after
                .find('}')
                .and_then(|end| u32::from_str_radix(&after[..end], 16).ok().and_then(char::from_u32).map(|c| (c, end)))
            {
                Some((c, end)) => {
                    out.push(c);
                    rest = &after[end + 1..];
                }
                None => {
                    out.push_str("\\u{");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn exact_forms_keep_diacritics() {
        let tokens = tokenize("Thuê BAO Điện thoại");
        let exact: Vec<&str> = tokens.iter().map(|t| t.exact.as_str()).collect();
        assert_eq!(exact, ["thuê", "bao", "điện", "thoại"]);
        // decomposed input gives the same exact form as precomposed
        assert_eq!(tokenize("thue\u{0302}")[0].exact, "thuê");
    }

    #[test]
    fn fast_paths_agree_with_unicode() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_token_char(c), c.is_alphanumeric() || is_combining_mark(c), "{c:?}");
            let text = c.to_string();
            // "not NFC" may be said of NFC text (then it is normalized again), never the reverse
            assert!(!is_nfc(&text) || text.nfc().eq(text.chars()), "{c:?}");
        }
        assert!(!is_nfc("thue\u{0302}"));
    }

    /// The plain loop [`scan`] must agree with.
    fn scan_by_chars(text: &str) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let (mut start, mut in_token, mut digits, mut separators) = (0, false, true, false);
        let mut previous_digit = false;
        for (i, c) in text.char_indices() {
            if is_token_char(c) {
                if !in_token {
                    (start, in_token, digits, separators) = (i, true, true, false);
                }
                digits &= c.is_ascii_digit();
                previous_digit = c.is_ascii_digit();
                continue;
            }
            let joins_digits = (c == '.' || c == ',')
                && in_token
                && digits
                && previous_digit
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            previous_digit = false;
            if joins_digits {
                separators = true;
                continue;
            }
            if in_token {
                out.push((&text[start..i], separators));
                in_token = false;
            }
        }
        if in_token {
            out.push((&text[start..], separators));
        }
        out
    }

    #[test]
    fn scan_agrees_with_the_plain_loop() {
        fn scanned(text: &str) -> Vec<(&str, bool)> {
            let mut out = Vec::new();
            scan(text, |raw, sep| out.push((raw, sep)));
            out
        }
        let samples = [
            "Thuê bao điện thoại: 1.727.388 (tăng 2,5%), số 285/BC-STTTT ngày 08/2014.",
            "a.1 1.a 1..2 1,2,3 ,1 1. 12.345,6 x1.2 1.2x ½ ² ٣ 𝟘1 𝐀b 中文 한국 ﬁ e\u{301}",
            "Ⅻ ǅ ß İ ΐ ά ﬀ ǈ ‍ ‌ a\u{200d}b — – … « » “ ” ‘ ’ · •",
            "",
            "1",
            "1.",
            "ạ",
            "😀x😀 x😀y 1😀2",
        ];
        for text in samples {
            assert_eq!(scanned(text), scan_by_chars(text), "{text:?}");
        }
        // every character up to U+3000 and some beyond, between letters, digits and separators
        let chars: Vec<char> =
            (0..0x3000).chain(0xfb00..0xfb10).chain(0x1d400..0x1d410).filter_map(char::from_u32).collect();
        for window in chars.chunks(7) {
            let text: String = window.iter().flat_map(|&c| [c, '1', '.', '2', c, 'a', ' ', c, ',']).collect();
            assert_eq!(scanned(&text), scan_by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        assert_eq!(tokenize(&format!("x {long} y")).len(), 2);
    }

    #[test]
    fn period_terms() {
        assert_eq!(period_term(2014, 8), "p201408");
    }
}
