//! Figures as Vietnamese documents write them: `1.727.388` (dots group
//! thousands), `12,5` (comma before decimals), `-1%`, `−5`, `1 500`.

/// The number a table cell holds; `None` when it holds none (empty, `-`, text).
pub(crate) fn read(cell: &str) -> Option<f64> {
    let text = cell.trim().replace(['–', '—', '−'], "-");
    let text = text.trim_end_matches('%').trim();
    if text.is_empty() || text == "-" {
        return None;
    }
    crate::content::figure::plain_number(text)?.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Whether a cell holds nothing to read: empty or a dash.
pub(crate) fn is_blank(cell: &str) -> bool {
    matches!(cell.trim(), "" | "-" | "–" | "—" | "x" | "X")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_forms() {
        let cases = [
            ("1.727.388", Some(1_727_388.0)),
            ("135.368", Some(135_368.0)),
            ("1.960", Some(1960.0)),
            ("-1%", Some(-1.0)),
            ("116%", Some(116.0)),
            ("−5 %", Some(-5.0)),
            ("– 34%", Some(-34.0)),
            ("12,5", Some(12.5)),
            ("1.234,5", Some(1234.5)),
            ("1 500", Some(1500.0)),
            ("70", Some(70.0)),
            ("09", Some(9.0)),
            ("", None),
            ("-", None),
            ("Thuê bao", None),
            ("1.2.3", None),
        ];
        for (cell, want) in cases {
            assert_eq!(read(cell), want, "{cell}");
        }
    }
}
