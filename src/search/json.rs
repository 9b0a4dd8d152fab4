//! Writing the index's JSON by hand: escaped strings, integer lists and
//! base64, appended to one buffer (no value trees, no per-value allocation).

use std::fmt::Write as _;

/// Appends `text` as a JSON string (quotes, backslashes and control
/// characters escaped; everything else as UTF-8).
pub(crate) fn push_str(out: &mut String, text: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// Appends `["a","b",…]`.
pub(crate) fn push_strs<'a>(out: &mut String, values: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(out, v);
    }
    out.push(']');
}

/// Appends `[a,b,…]`.
pub(crate) fn push_ints<T: Into<i64>>(out: &mut String, values: impl IntoIterator<Item = T>) {
    out.push('[');
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_int(out, v.into());
    }
    out.push(']');
}

/// Appends an integer in decimal (without `fmt`'s machinery: the index
/// writes millions of them).
pub(crate) fn push_int(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    let mut n = value.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends `bytes` as standard base64 with padding (what `atob` reads).
pub(crate) fn push_base64(out: &mut String, bytes: &[u8]) {
    for group in bytes.chunks(3) {
        let n = group.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(char::from(BASE64[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_valid_json() {
        for text in ["", "thuê bao", "\"q\" \\ /", "a\nb\u{1}\u{1f}\t", "<img src=x onerror=alert(1)>", "\u{2028}😀"]
        {
            let mut out = String::new();
            push_str(&mut out, text);
            assert_eq!(serde_json::from_str::<String>(&out).ok().as_deref(), Some(text), "{out}");
        }
    }

    #[test]
    fn base64_matches_the_standard() {
        let cases: [(&[u8], &str); 5] =
            [(b"", ""), (b"f", "Zg=="), (b"fo", "Zm8="), (b"foo", "Zm9v"), (&[0xff, 0x00, 0x81, 0x7f], "/wCBfw==")];
        for (bytes, want) in cases {
            let mut out = String::new();
            push_base64(&mut out, bytes);
            assert_eq!(out, want);
        }
    }

    #[test]
    fn integer_lists() {
        let mut out = String::new();
        push_ints(&mut out, [3u32, 0, 12, u32::MAX]);
        push_ints(&mut out, Vec::<i32>::new());
        push_ints(&mut out, [-1i32, -20]);
        assert_eq!(out, "[3,0,12,4294967295][][-1,-20]");
    }
}
