//! The bytes of a text file to Unicode NFC: UTF-8 (with or without BOM),
//! UTF-16 with BOM, and, for files that are not UTF-8, whichever of
//! Windows-1258, TCVN3 and VNI reads as Vietnamese.

use encoding_rs::{UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

use super::legacy;

/// Which code a text file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16,
    Windows1258,
    Tcvn3,
    Vni,
}

impl Encoding {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16 => "UTF-16",
            Encoding::Windows1258 => "Windows-1258",
            Encoding::Tcvn3 => "TCVN3",
            Encoding::Vni => "VNI",
        }
    }
}

/// Decodes a text file.
pub(crate) fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, _) = UTF_8.decode_without_bom_handling(rest);
        return (text.nfc().collect(), Encoding::Utf8);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, _) = UTF_16LE.decode_without_bom_handling(rest);
        return (legacy::repair(&text), Encoding::Utf16);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, _) = UTF_16BE.decode_without_bom_handling(rest);
        return (legacy::repair(&text), Encoding::Utf16);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let repaired = legacy::repair(text);
        return (repaired, Encoding::Utf8);
    }
    let (w1258, _) = WINDOWS_1258.decode_without_bom_handling(bytes);
    let w1258: String = w1258.nfc().collect();
    let tcvn = legacy::tcvn3_bytes(bytes);
    let (latin, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    let vni = legacy::vni_text(&latin);
    let scores = [legacy::vietnamese_score(&w1258), legacy::vietnamese_score(&tcvn), legacy::vietnamese_score(&vni)];
    if scores[1] > scores[0] && scores[1] >= scores[2] {
        (tcvn, Encoding::Tcvn3)
    } else if scores[2] > scores[0] {
        (vni, Encoding::Vni)
    } else {
        (w1258, Encoding::Windows1258)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Báo cáo tháng 8 năm 2014 của Sở Thông tin và Truyền thông: điện thoại di động, thuê bao.";

    #[test]
    fn unicode_forms() {
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom), (SAMPLE.to_string(), Encoding::Utf8));
        assert_eq!(decode(SAMPLE.as_bytes()), (SAMPLE.to_string(), Encoding::Utf8));
        let mut le = vec![0xFF, 0xFE];
        le.extend(SAMPLE.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le), (SAMPLE.to_string(), Encoding::Utf16));
        let mut be = vec![0xFE, 0xFF];
        be.extend(SAMPLE.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be), (SAMPLE.to_string(), Encoding::Utf16));
        // Decomposed input comes out composed (NFC).
        let nfd: String = SAMPLE.nfd().collect();
        assert_eq!(decode(nfd.as_bytes()).0, SAMPLE);
    }

    #[test]
    fn windows_1258() {
        // Windows-1258 writes tones as combining marks after the letter.
        let bytes = b"B\xE1o c\xE1o th\xE1ng 8 n\xE3m 2014 cu\xD2a S\xF5\xD2 \xF0i\xEA\xF2n thoa\xF2i";
        let want = "Báo cáo tháng 8 năm 2014 của Sở điện thoại";
        assert_eq!(decode(bytes), (want.to_string(), Encoding::Windows1258));
    }

    #[test]
    fn tcvn3_and_vni_files() {
        // "Báo cáo tháng 8 năm 2014 của Sở" in TCVN3 bytes.
        let tcvn = b"B\xB8o c\xB8o th\xB8ng 8 n\xA8m 2014 c\xF1a S\xEB";
        assert_eq!(decode(tcvn), ("Báo cáo tháng 8 năm 2014 của Sở".to_string(), Encoding::Tcvn3));
        let (vni, _, _) = WINDOWS_1252.encode("Baùo caùo thaùng 8 naêm 2014 cuûa Sôû");
        assert_eq!(decode(&vni), ("Báo cáo tháng 8 năm 2014 của Sở".to_string(), Encoding::Vni));
    }
}
