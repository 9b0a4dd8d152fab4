//! Text helpers: folding (shared by slugs, heading anchors and the search
//! index), plain numbers, percent-decoding and HTML escaping.
//!
//! Folding is Unicode NFD, combining marks removed, `đ`/`Đ` to `d`, then
//! lowercase: "Thuê bao ĐIỆN THOẠI" folds to "thue bao dien thoai". The search
//! script in the theme folds queries the same way; both are tested against
//! `tests/fixtures/folding.tsv`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Case- and diacritic-insensitive form of `text`.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// An ASCII slug: folded, letters and digits kept, everything else one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// HTML-escapes text for element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Shortens text to at most `max` characters at a word boundary, adding `…`.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c)))
}

/// `value` as an integer when it is a whole number that an `f64` holds
/// exactly (below 2^53 in magnitude); `-0` is `0`. The fast path of every
/// number printed.
pub fn as_whole(value: f64) -> Option<i64> {
    (value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0).then_some(value as i64)
}

/// A plain machine number: `135368`, `-1`, `12.5`: whole numbers without a
/// decimal point, others in the shortest form that reads back as the same
/// value. For data files and YAML, where a figure must survive a round trip.
pub fn plain(value: f64) -> String {
    match as_whole(value) {
        Some(whole) => whole.to_string(),
        None => format!("{value}"),
    }
}

/// A plain number rounded to at most `decimals` decimals, trailing zeros
/// dropped: for messages, where a difference of decimals carries the noise
/// of binary fractions (`0.1 + 0.2 - 0.3` is `0`, not `5.551115123125783e-17`).
pub fn plain_rounded(value: f64, decimals: usize) -> String {
    if let Some(whole) = as_whole(value) {
        return whole.to_string();
    }
    let text = format!("{value:.decimals$}");
    if !text.contains('.') {
        return text;
    }
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_string() } else { text.to_string() }
}

/// The bytes of `text` with its `%XX` escapes decoded, and whether every
/// `%` began a valid escape (an invalid one is kept as written).
fn percent_decode_bytes(text: &str) -> (Vec<u8>, bool) {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut valid = true;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit));
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
            valid = false;
        }
        out.push(bytes[i]);
        i += 1;
    }
    (out, valid)
}

/// Decodes `%XX` escapes strictly: `None` for a bad escape or a result that
/// is not UTF-8 (request paths).
pub fn percent_decode(text: &str) -> Option<String> {
    let (bytes, valid) = percent_decode_bytes(text);
    if valid { String::from_utf8(bytes).ok() } else { None }
}

/// Decodes `%XX` escapes leniently: a bad escape stays as written and bytes
/// that are not UTF-8 become U+FFFD (to see through an obfuscated link).
pub fn percent_decode_lossy(text: &str) -> String {
    String::from_utf8_lossy(&percent_decode_bytes(text).0).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        let cases = [
            ("Thuê bao", "thue bao"),
            ("THUÊ BAO", "thue bao"),
            ("Điện thoại", "dien thoai"),
            ("đường", "duong"),
            ("Quảng Ninh", "quang ninh"),
            ("ỨNG DỤNG", "ung dung"),
            // precomposed and decomposed input fold alike
            ("Vie\u{0302}\u{0323}t", "viet"),
            ("Việt", "viet"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("I. Đánh giá chung"), "i-danh-gia-chung");
        assert_eq!(slugify("  1. Về Bưu chính, Viễn thông "), "1-ve-buu-chinh-vien-thong");
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate_words("một hai ba bốn", 8), "một hai…");
        assert_eq!(truncate_words("ngắn", 8), "ngắn");
    }

    #[test]
    fn plain_numbers() {
        // (value, exact, rounded to 6 decimals)
        let cases: &[(f64, &str, &str)] = &[
            (135368.0, "135368", "135368"),
            (-1.0, "-1", "-1"),
            (-0.0, "0", "0"),
            (12.5, "12.5", "12.5"),
            (-0.25, "-0.25", "-0.25"),
            (0.1 + 0.2, "0.30000000000000004", "0.3"),
            (-0.0000001, "-0.0000001", "0"),
            (1e15, "1000000000000000", "1000000000000000"),
            (9_007_199_254_740_993.0, "9007199254740992", "9007199254740992"),
            (1e20, "100000000000000000000", "100000000000000000000"),
            (2.0 / 3.0, "0.6666666666666666", "0.666667"),
        ];
        for &(value, exact, rounded) in cases {
            assert_eq!(plain(value), exact, "{value}");
            assert_eq!(plain_rounded(value, 6), rounded, "{value}");
        }
        assert_eq!(plain_rounded(2.5, 0), "2");
        assert_eq!(as_whole(3.0), Some(3));
        assert_eq!(as_whole(3.5), None);
        assert_eq!(as_whole(f64::NAN), None);
    }

    #[test]
    fn percent_decoding() {
        // (text, strict, lenient)
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("/b%C3%A1o-c%C3%A1o/", Some("/báo-cáo/"), "/báo-cáo/"),
            ("a%20b", Some("a b"), "a b"),
            ("100%", None, "100%"),
            ("%zz%41", None, "%zzA"),
            ("%4", None, "%4"),
            ("%ff", None, "\u{fffd}"),
            ("java%73cript:", Some("javascript:"), "javascript:"),
            ("", Some(""), ""),
        ];
        for &(text, strict, lenient) in cases {
            assert_eq!(percent_decode(text).as_deref(), strict, "{text}");
            assert_eq!(percent_decode_lossy(text), lenient, "{text}");
        }
    }
}
