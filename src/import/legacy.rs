//! Pre-Unicode Vietnamese: TCVN3 (ABC, fonts `.VnTime`…) and VNI (fonts
//! `VNI-Times`…) converted to Unicode NFC.
//!
//! No crate converts these, so the tables are ours. TCVN3 is a single-byte
//! code: the byte table below is TCVN 5712 (VN1, a superset of VN3: the
//! extra capitals sit where VN3 leaves holes). VNI writes a base letter
//! followed by a mark character (`a` + `ø` is `à`). Word documents typed in
//! these fonts hold the bytes as the Windows-1252 characters of the same
//! code, which is what both converters read. Pure functions, no I/O.

use unicode_normalization::UnicodeNormalization;

/// Which legacy code a text or a font uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

/// The legacy code of a font name: `.VnTime`, `.VnArialH` → TCVN3;
/// `VNI-Times` → VNI.
pub fn font_code(font: &str) -> Option<Legacy> {
    let lower = font.trim().to_ascii_lowercase();
    if lower.starts_with(".vn") || lower.starts_with("vn3") || lower.starts_with("abc") {
        Some(Legacy::Tcvn3)
    } else if lower.starts_with("vni-") || lower.starts_with("vni ") {
        Some(Legacy::Vni)
    } else {
        None
    }
}

/// Whether a TCVN3 font is one of the capital-letter faces (`.VnTimeH`):
/// their lowercase codes show as capitals.
pub fn font_is_capitals(font: &str) -> bool {
    let name = font.trim();
    name.starts_with('.') && name.ends_with('H')
}

/// TCVN 5712 bytes 0x80..=0xFF (0 where the byte is itself).
const TCVN_HIGH: [u16; 128] = [
    0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8, // 80
    0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128, // 88
    0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8, // 90
    0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168, // 98
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, // A0
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0, // A8
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3, // B0
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4, // B8
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7, // C0
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD, // C8
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, // D0
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2, // D8
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, // E0
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9, // E8
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, // F0
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0, // F8
];

/// The Windows-1252 characters of bytes 0x80..=0x9F, which is how Word
/// keeps those bytes of a legacy-font text.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{02C6}',
    '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}',
    '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
    '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

/// The byte a character of a legacy-font text stands for.
fn legacy_byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    if code < 0x100 {
        return u8::try_from(code).ok();
    }
    CP1252_HIGH.iter().position(|&x| x == c).and_then(|i| u8::try_from(0x80 + i).ok())
}

/// TCVN 5712 capitals kept in control-code positions (VN1).
fn tcvn_low(byte: u8) -> Option<char> {
    Some(match byte {
        0x01 => 'Ú',
        0x02 => 'Ụ',
        0x04 => 'Ừ',
        0x05 => 'Ử',
        0x06 => 'Ữ',
        0x11 => 'Ứ',
        0x12 => 'Ự',
        0x13 => 'Ỳ',
        0x14 => 'Ỷ',
        0x15 => 'Ỹ',
        0x16 => 'Ý',
        0x17 => 'Ỵ',
        _ => return None,
    })
}

/// One TCVN3 byte as Unicode.
fn tcvn_char(byte: u8) -> char {
    if byte < 0x80 {
        return tcvn_low(byte).unwrap_or(char::from(byte));
    }
    char::from_u32(u32::from(TCVN_HIGH[usize::from(byte - 0x80)])).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// TCVN3 bytes to Unicode NFC.
pub fn tcvn3_bytes(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| tcvn_char(b)).nfc().collect()
}

/// A text whose characters are TCVN3 bytes read as Windows-1252 (a Word
/// run in `.VnTime`), to Unicode NFC. `capitals`: a `.VnTimeH` face.
pub fn tcvn3_text(text: &str, capitals: bool) -> String {
    let converted: String = text.chars().map(|c| legacy_byte(c).map_or(c, tcvn_char)).nfc().collect();
    if capitals { converted.to_uppercase() } else { converted }
}

/// The marks a VNI mark character adds to the letter before it.
fn vni_marks(c: char) -> Option<&'static [char]> {
    const ACUTE: char = '\u{301}';
    const GRAVE: char = '\u{300}';
    const HOOK: char = '\u{309}';
    const TILDE: char = '\u{303}';
    const DOT: char = '\u{323}';
    const CIRC: char = '\u{302}';
    const BREVE: char = '\u{306}';
    Some(match c.to_ascii_lowercase() {
        'ù' | 'Ù' => &[ACUTE],
        'ø' | 'Ø' => &[GRAVE],
        'û' | 'Û' => &[HOOK],
        'õ' | 'Õ' => &[TILDE],
        'ï' | 'Ï' => &[DOT],
        'â' | 'Â' => &[CIRC],
        'á' | 'Á' => &[CIRC, ACUTE],
        'à' | 'À' => &[CIRC, GRAVE],
        'å' | 'Å' => &[CIRC, HOOK],
        'ã' | 'Ã' => &[CIRC, TILDE],
        'ä' | 'Ä' => &[CIRC, DOT],
        'ê' | 'Ê' => &[BREVE],
        'é' | 'É' => &[BREVE, ACUTE],
        'è' | 'È' => &[BREVE, GRAVE],
        'ú' | 'Ú' => &[BREVE, HOOK],
        'ü' | 'Ü' => &[BREVE, TILDE],
        'ë' | 'Ë' => &[BREVE, DOT],
        _ => return None,
    })
}

/// VNI letters that stand alone (not marks).
fn vni_letter(c: char) -> Option<char> {
    Some(match c {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'í' => 'í',
        'Í' => 'Í',
        'ì' => 'ì',
        'Ì' => 'Ì',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

/// Whether VNI marks may follow `c` (its base letter, NFD's first char).
fn takes_marks(c: char, marks: &[char]) -> bool {
    let base = c.nfd().next().unwrap_or(c).to_ascii_lowercase();
    match marks.first() {
        Some('\u{302}') => matches!(base, 'a' | 'e' | 'o'),
        Some('\u{306}') => base == 'a',
        _ => matches!(base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'),
    }
}

/// A VNI text (its bytes read as Windows-1252) to Unicode NFC.
pub fn vni_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last: Option<char> = None;
    for c in text.chars() {
        if let (Some(prev), Some(marks)) = (last, vni_marks(c))
            && takes_marks(prev, marks)
        {
            let combined: String = std::iter::once(prev).chain(marks.iter().copied()).nfc().collect();
            out.pop();
            out.push_str(&combined);
            last = combined.chars().last();
            continue;
        }
        let letter = vni_letter(c).unwrap_or(c);
        out.push(letter);
        last = Some(letter);
    }
    out.nfc().collect()
}

/// Common Vietnamese syllables, to tell which reading of a text is right.
const COMMON: &[&str] = &[
    "và", "của", "các", "được", "trong", "thông", "tháng", "năm", "báo", "cáo", "người", "những", "đã", "có", "không",
    "này", "với", "để", "theo", "là", "một", "cho", "về", "tỉnh", "số", "thực", "hiện", "triển", "khai", "công", "tác",
    "đơn", "vị", "quản", "lý", "ngày", "truyền", "điện", "thoại", "thuê", "bao", "giám", "đốc", "nhận", "nơi", "chỉ",
    "tiêu",
];

/// How Vietnamese a text reads: the count of common syllables in it.
pub fn vietnamese_score(text: &str) -> usize {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            let lower = w.to_lowercase();
            COMMON.contains(&lower.as_str())
        })
        .count()
}

/// Which legacy code a Unicode text was typed in, if it reads better
/// converted (a text already in Unicode Vietnamese is left alone).
pub fn detect(text: &str) -> Option<Legacy> {
    let plain = vietnamese_score(text);
    if plain > 0 && text.chars().any(|c| ('\u{1EA0}'..='\u{1EF9}').contains(&c)) {
        return None;
    }
    let t = vietnamese_score(&tcvn3_text(text, false));
    let v = vietnamese_score(&vni_text(text));
    if t > plain && t >= v {
        Some(Legacy::Tcvn3)
    } else if v > plain {
        Some(Legacy::Vni)
    } else {
        None
    }
}

/// Converts a text from a legacy code (`None`: only composed to NFC).
pub fn convert(text: &str, code: Option<Legacy>) -> String {
    match code {
        Some(Legacy::Tcvn3) => tcvn3_text(text, false),
        Some(Legacy::Vni) => vni_text(text),
        None => text.nfc().collect(),
    }
}

/// A Unicode text that was typed in a legacy font and saved as Unicode
/// characters (common in exports): converted when that reads better.
pub fn repair(text: &str) -> String {
    convert(text, detect(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_known_words() {
        let cases: &[(&[u8], &str)] = &[
            (b"B\xB6o Th\xBEng", "Bảo Thắng"),
            // The soft hyphen 0xAD is `ư`: a copy of such text must keep it.
            (b"M\xAD\xEAng Kh\xAD\xACng", "Mường Khương"),
            (b"B\xB8t X\xB8t", "Bát Xát"),
            (b"Qu\xB6ng Ninh", "Quảng Ninh"),
            (b"thu\xAA bao \xAEi\xD6n tho\xB9i", "thuê bao điện thoại"),
            (b"\xA7\xE9c l\xCBp - T\xF9 do - H\xB9nh ph\xF3c", "Độc lập - Tự do - Hạnh phúc"),
            (b"B\xB8o c\xB8o th\xB8ng 8 n\xA8m 2014", "Báo cáo tháng 8 năm 2014"),
            (b"Ph\xE8 Gi\xB8m \xAE\xE8c", "Phố Giám đốc"),
        ];
        for (bytes, want) in cases {
            assert_eq!(tcvn3_bytes(bytes), *want, "{bytes:?}");
        }
    }

    #[test]
    fn tcvn3_from_word_characters() {
        // As Word keeps `.VnTime` runs: each byte as its Windows-1252 character.
        assert_eq!(tcvn3_text("B\u{00B8}o c\u{00B8}o", false), "Báo cáo");
        assert_eq!(tcvn3_text("b\u{00B8}o c\u{00B8}o", true), "BÁO CÁO");
        assert_eq!(tcvn3_text("Gi\u{00B8}m \u{00AE}\u{00E8}c", false), "Giám đốc");
    }

    #[test]
    fn vni_known_words() {
        let cases = [
            ("Xin chaøo caùc baïn", "Xin chào các bạn"),
            ("Quaûng Ninh", "Quảng Ninh"),
            ("Baùo caùo thaùng 8 naêm 2014", "Báo cáo tháng 8 năm 2014"),
            ("Ñieän thoaïi di ñoäng", "Điện thoại di động"),
            ("thueâ bao", "thuê bao"),
            ("Ngöôøi", "Người"),
            ("Vieät Nam", "Việt Nam"),
            ("GIAÙM ÑOÁC", "GIÁM ĐỐC"),
            ("Sôû Thoâng tin vaø Truyeàn thoâng", "Sở Thông tin và Truyền thông"),
        ];
        for (vni, want) in cases {
            assert_eq!(vni_text(vni), want, "{vni}");
        }
    }

    #[test]
    fn repair_picks_the_reading_that_is_vietnamese() {
        assert_eq!(repair("Baùo caùo thaùng 8 cuûa Sôû"), "Báo cáo tháng 8 của Sở");
        assert_eq!(repair("B\u{00B8}o c\u{00B8}o th\u{00B8}ng 8 c\u{00F1}a"), "Báo cáo tháng 8 của");
        assert_eq!(repair("Báo cáo tháng 8 của Sở"), "Báo cáo tháng 8 của Sở");
        assert_eq!(repair("plain ASCII text"), "plain ASCII text");
    }

    #[test]
    fn fonts() {
        assert_eq!(font_code(".VnTime"), Some(Legacy::Tcvn3));
        assert_eq!(font_code(".VnTimeH"), Some(Legacy::Tcvn3));
        assert!(font_is_capitals(".VnTimeH"));
        assert!(!font_is_capitals(".VnTime"));
        assert_eq!(font_code("VNI-Times"), Some(Legacy::Vni));
        assert_eq!(font_code("Times New Roman"), None);
    }
}
