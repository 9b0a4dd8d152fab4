//! One figure as a writer typed it in a report (`figures:` or a
//! `revisions:` entry): read from the located YAML tree into a number, with
//! messages that quote it and say how to write it plainly.

use std::path::Path;

use crate::content::yaml::{Node, Value};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::registry::Indicator;

/// Reads one figure. `Some(None)`: left empty (to fill); `None`: an error was reported.
pub(crate) fn number(
    node: &Node,
    file: &Path,
    indicator: &Indicator,
    measure: &str,
    integer: bool,
    draft: bool,
    diags: &mut Diagnostics,
) -> Option<Option<f64>> {
    let what = format!("`{measure}` of `{}`", indicator.id);
    let error = |message: String, hint: String| Diagnostic::error(file, node.pos, message).with_hint(hint);
    match &node.value {
        Value::Int(i) => Some(Some(*i as f64)),
        Value::Float(x) if !x.is_finite() => {
            diags.push(error(
                format!("{what} is {}, which is not a number", node.raw),
                format!(
                    "write the figure as a plain number, e.g. `{measure}: 0`, or remove the line if it is not known"
                ),
            ));
            None
        }
        Value::Float(x) => {
            if integer && x.fract() != 0.0 {
                let (message, hint) = match thousands_plain(&node.raw) {
                    Some(plain) => (
                        format!(
                            "{what} is {}, a decimal number, but it counts whole units: the dot looks like a thousands separator",
                            node.raw
                        ),
                        format!("write `{measure}: {plain}` (no thousands separators)"),
                    ),
                    None => (
                        format!("{what} is {}, but it must be a whole number", node.raw),
                        format!("write a whole number, e.g. `{measure}: {}`", x.round()),
                    ),
                };
                diags.push(error(message, hint));
                return None;
            }
            Some(Some(*x))
        }
        Value::Null => {
            let message = format!("to fill: {what} is still empty");
            let hint = format!("write the figure after `{measure}:`, or remove the line");
            if draft {
                diags.push(Diagnostic::warning(file, node.pos, message).with_hint(hint));
            } else {
                diags.push(error(message, format!("{hint}; a report that is not a draft must have every figure")));
            }
            Some(None)
        }
        Value::Str(text) => {
            let message = format!("{what} is written as text \"{text}\", not as a number");
            let hint = match plain_number(text) {
                Some(plain) => format!(
                    "write `{measure}: {plain}`: a plain number, without quotes, spaces, % or thousands separators"
                ),
                None => format!("write a plain number, e.g. `{measure}: 1234`"),
            };
            diags.push(error(message, hint));
            None
        }
        _ => {
            diags.push(error(
                format!("{what} must be a number, found {}", node.kind()),
                format!("write a plain number, e.g. `{measure}: 1234`"),
            ));
            None
        }
    }
}

/// `135.368` → `135368` when the dot groups thousands (every group 3 digits).
fn thousands_plain(raw: &str) -> Option<String> {
    let (sign, digits) = raw.strip_prefix('-').map_or(("", raw), |r| ("-", r));
    let groups: Vec<&str> = digits.split('.').collect();
    let ok = groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| format!("{sign}{}", groups.concat()))
}

/// The plain number a writer meant by `"1.727.388"`, `"135,368"`, `"12,5"`,
/// `"39%"` or `"1 500"`.
pub fn plain_number(text: &str) -> Option<String> {
    let t: String =
        text.trim().trim_end_matches('%').chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    let (sign, digits) = match t.strip_prefix(['-', '−']) {
        Some(rest) => ("-", rest),
        None => ("", t.strip_prefix('+').unwrap_or(&t)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    if !digits.starts_with(|c: char| c.is_ascii_digit()) || !digits.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    let plain = match (dots, commas) {
        (0, 0) => digits.to_string(),
        (_, 0)
            if thousands_plain(digits).is_some()
                && (dots > 1 || digits.split('.').nth(1).is_some_and(|g| g.len() == 3)) =>
        {
            digits.replace('.', "")
        }
        (1, 0) => digits.to_string(),
        (0, _) if digits.replace(',', ".").split('.').skip(1).all(|g| g.len() == 3) => digits.replace(',', ""),
        (0, 1) => digits.replace(',', "."),
        (_, 1) if digits.rfind(',') > digits.rfind('.') => digits.replace('.', "").replace(',', "."),
        (1, _) if digits.rfind('.') > digits.rfind(',') => digits.replace(',', ""),
        _ => return None,
    };
    Some(format!("{sign}{plain}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers() {
        let cases = [
            ("1.727.388", Some("1727388")),
            ("135,368", Some("135368")),
            ("135.368", Some("135368")),
            ("12,5", Some("12.5")),
            ("1.234,5", Some("1234.5")),
            ("1,234.5", Some("1234.5")),
            ("39%", Some("39")),
            ("-1 %", Some("-1")),
            ("1 500", Some("1500")),
            ("0.5", Some("0.5")),
            ("abc", None),
            ("1.2.3", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(plain_number(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn thousands() {
        assert_eq!(thousands_plain("135.368").as_deref(), Some("135368"));
        assert_eq!(thousands_plain("1.727.388").as_deref(), Some("1727388"));
        assert_eq!(thousands_plain("12.5"), None);
        assert_eq!(thousands_plain("-26.331").as_deref(), Some("-26331"));
    }
}
