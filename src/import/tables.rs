//! A table of figures to `metrics`: rows to indicators by `name`, `short`
//! or `aliases`, columns to measures by `label` or `aliases`, cells read
//! as Vietnamese numbers. Whatever cannot be matched is listed, never
//! guessed.

use crate::registry::Registry;
use crate::text::fold;

use super::numbers;

/// One figures table, matched.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct MatchedTable {
    /// (indicator id, [(measure id, value)]) in the table's row order.
    pub(crate) rows: Vec<(String, Vec<(String, f64)>)>,
    /// The rows that matched no indicator, as they were written (header first).
    pub(crate) leftover: Vec<Vec<String>>,
    /// What could not be matched, each said for the writer.
    pub(crate) unmatched: Vec<String>,
    pub(crate) matched_figures: usize,
    pub(crate) unmatched_figures: usize,
}

#[derive(Clone, Debug, PartialEq)]
enum Role {
    Index,
    Name,
    Unit,
    Note,
    Measure(String),
    Unknown(String),
}

/// The words documents shorten: `ĐT`, `DĐ`/`DD`, `TB`, `CĐ`.
const ABBREVIATIONS: &[(&str, &str)] =
    &[("dt", "dienthoai"), ("dd", "didong"), ("tb", "thuebao"), ("cd", "codinh"), ("bc", "buuchinh")];

/// The form names are compared in: folded (case, diacritics), without
/// spaces or punctuation, the usual abbreviations spelled out.
pub(crate) fn match_key(text: &str) -> String {
    let folded = fold(text);
    let mut key = String::new();
    for token in folded.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
        key.push_str(&expand(token));
    }
    key
}

fn expand(token: &str) -> String {
    if let Some((_, full)) = ABBREVIATIONS.iter().find(|(short, _)| *short == token) {
        return (*full).to_string();
    }
    // `dtdd`: abbreviations written together.
    if token.len() >= 4 && token.len().is_multiple_of(2) && token.is_ascii() {
        let parts: Option<Vec<&str>> = (0..token.len())
            .step_by(2)
            .map(|i| ABBREVIATIONS.iter().find(|(s, _)| *s == &token[i..i + 2]).map(|(_, f)| *f))
            .collect();
        if let Some(parts) = parts {
            return parts.concat();
        }
    }
    token.to_string()
}

fn role(header: &str, registry: &Registry) -> Role {
    let key = match_key(header);
    match key.as_str() {
        "" | "tt" | "stt" | "sott" | "so" => return Role::Index,
        "tenchitieu" | "chitieu" | "noidung" | "danhmuc" | "tendichvu" | "loaihinh" => return Role::Name,
        "donvitinh" | "dvt" | "donvi" => return Role::Unit,
        "ghichu" => return Role::Note,
        _ => {}
    }
    let found: Vec<&str> = registry
        .measures
        .iter()
        .filter(|m| {
            match_key(&m.label) == key || m.id == header.trim() || m.aliases.iter().any(|a| match_key(a) == key)
        })
        .map(|m| m.id.as_str())
        .collect();
    match found.as_slice() {
        [one] => Role::Measure((*one).to_string()),
        _ => Role::Unknown(header.trim().to_string()),
    }
}

/// The indicator a row name stands for, when exactly one does.
pub(crate) fn indicator_for(name: &str, registry: &Registry) -> Option<String> {
    let key = match_key(strip_numbering(name));
    if key.is_empty() {
        return None;
    }
    let found: Vec<&str> = registry
        .indicators
        .iter()
        .filter(|i| {
            match_key(&i.name) == key
                || i.short.as_deref().is_some_and(|s| match_key(s) == key)
                || i.aliases.iter().any(|a| match_key(a) == key)
                || i.id == name.trim()
        })
        .map(|i| i.id.as_str())
        .collect();
    match found.as_slice() {
        [one] => Some((*one).to_string()),
        _ => None,
    }
}

/// `1. ĐT cố định` → `ĐT cố định`; `a) …` likewise.
fn strip_numbering(name: &str) -> &str {
    let t = name.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let rest = &t[digits..];
    if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")) { rest[2..].trim() } else { t }
}

/// Whether a table holds figures at all (some cell is a number outside the
/// first column).
pub(crate) fn has_figures(rows: &[Vec<String>]) -> bool {
    rows.iter().skip(1).any(|r| r.iter().skip(1).any(|c| numbers::read(c).is_some()))
}

/// Matches a table whose first row names the columns. `None` when nothing
/// in it matched the registry (it stays a table in the text).
pub(crate) fn match_table(rows: &[Vec<String>], registry: &Registry, taken: &[String]) -> Option<MatchedTable> {
    let (header, body) = rows.split_first()?;
    let roles: Vec<Role> = header.iter().map(|h| role(h, registry)).collect();
    let name_col = roles.iter().position(|r| *r == Role::Name).or_else(|| {
        (0..header.len()).find(|&c| {
            matches!(roles[c], Role::Unknown(_))
                && body.iter().filter(|r| r.get(c).is_some_and(|x| numbers::read(x).is_none() && !x.is_empty())).count()
                    * 2
                    > body.len()
        })
    })?;
    let any_measure = roles.iter().any(|r| matches!(r, Role::Measure(_)));
    let any_row = body.iter().any(|r| r.get(name_col).is_some_and(|n| indicator_for(n, registry).is_some()));
    if !any_measure && !any_row {
        return None;
    }
    let mut table = MatchedTable::default();
    for (c, r) in roles.iter().enumerate() {
        if let Role::Unknown(label) = r
            && c != name_col
            && body.iter().any(|row| row.get(c).is_some_and(|x| !numbers::is_blank(x)))
        {
            table.unmatched.push(format!(
                "column \"{label}\" matches no measure: add it to content/indicators.yaml, or add \"{label}\" to a measure's `aliases`"
            ));
        }
    }
    let mut leftover_rows = Vec::new();
    let mut used: Vec<String> = taken.to_vec();
    for row in body {
        let name = row.get(name_col).map(String::as_str).unwrap_or("").trim();
        let cells: Vec<(usize, &String)> = row.iter().enumerate().filter(|(c, _)| *c != name_col).collect();
        let figures: Vec<(usize, &String)> = cells
            .iter()
            .copied()
            .filter(|(c, x)| {
                !numbers::is_blank(x) && matches!(roles.get(*c), Some(Role::Measure(_)) | Some(Role::Unknown(_)) | None)
            })
            .collect();
        if name.is_empty() && figures.is_empty() {
            continue;
        }
        let indicator = indicator_for(name, registry).filter(|id| !used.contains(id));
        let Some(id) = indicator else {
            let why = if indicator_for(name, registry).is_some() {
                "is given twice in this document".to_string()
            } else {
                "matches no indicator: add it to content/indicators.yaml, or add it to an indicator's `aliases`"
                    .to_string()
            };
            table.unmatched.push(format!("row \"{name}\" {why}"));
            table.unmatched_figures += figures.len();
            leftover_rows.push(row.clone());
            continue;
        };
        let mut values = Vec::new();
        for (c, cell) in figures {
            match (roles.get(c), numbers::read(cell)) {
                (Some(Role::Measure(m)), Some(v)) => {
                    values.push((m.clone(), v));
                    table.matched_figures += 1;
                }
                (Some(Role::Measure(m)), None) => {
                    table.unmatched.push(format!("row \"{name}\", column `{m}`: \"{}\" is not a number", cell.trim()));
                    table.unmatched_figures += 1;
                }
                _ => table.unmatched_figures += 1,
            }
        }
        used.push(id.clone());
        table.rows.push((id, values));
    }
    if !leftover_rows.is_empty() {
        table.leftover.push(header.clone());
        table.leftover.extend(leftover_rows);
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn registry() -> Registry {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/indicators.yaml"))
            .unwrap_or_default();
        let mut diags = crate::diagnostics::Diagnostics::new();
        Registry::parse(&text, Path::new("indicators.yaml"), &mut diags)
    }

    #[test]
    fn keys_fold_spacing_case_and_abbreviations() {
        let cases = [
            ("ĐT DD trả sau", "Điện thoại di động trả sau"),
            ("ĐTDĐ trả sau", "Điện thoại di động trả sau"),
            ("đt  dđ TRẢ SAU", "Điện thoại di động trả sau"),
            ("TB internet băng thông rộng xDSL", "Thuê bao Internet băng thông rộng xDSL"),
            ("ĐT CĐ có dây", "Điện thoại cố định có dây"),
            ("Số tăng trong kỳ", "SỐ TĂNG TRONG KỲ"),
        ];
        for (a, b) in cases {
            assert_eq!(match_key(a), match_key(b), "{a} / {b}");
        }
        assert_ne!(match_key("ĐT DD trả sau"), match_key("ĐT DD trả trước"));
    }

    #[test]
    fn rows_and_columns_match_the_registry() {
        let registry = registry();
        let cases = [
            ("ĐT cố định có dây", Some("fixed-wired")),
            ("01. ĐT cố định không dây", Some("fixed-wireless")),
            ("Điện thoại di động trả sau", Some("mobile-postpaid")),
            ("ĐTDĐ trả trước", Some("mobile-prepaid")),
            ("Thuê bao FTTH", Some("broadband-ftth")),
            ("Thuê bao truyền hình", None),
        ];
        for (name, want) in cases {
            assert_eq!(indicator_for(name, &registry).as_deref(), want, "{name}");
        }
        let roles: Vec<Role> = ["T T", "Tên chỉ tiêu", "Đơn vị tính", "Số tăng trong kỳ", "Doanh thu"]
            .iter()
            .map(|h| role(h, &registry))
            .collect();
        assert_eq!(
            roles,
            vec![Role::Index, Role::Name, Role::Unit, Role::Measure("added".into()), Role::Unknown("Doanh thu".into())]
        );
    }

    #[test]
    fn unmatched_rows_columns_and_values_are_listed() {
        let registry = registry();
        let rows: Vec<Vec<String>> = [
            vec!["TT", "Tên chỉ tiêu", "Số tăng trong kỳ", "Doanh thu"],
            vec!["1", "ĐT cố định có dây", "1.178", "5"],
            vec!["2", "Thuê bao truyền hình", "12", ""],
            vec!["3", "Thuê bao FTTH", "n/a", ""],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let table = match_table(&rows, &registry, &[]).unwrap();
        assert_eq!(
            table.rows,
            vec![
                ("fixed-wired".to_string(), vec![("added".to_string(), 1178.0)]),
                ("broadband-ftth".to_string(), vec![])
            ]
        );
        assert_eq!(table.matched_figures, 1);
        assert_eq!(table.unmatched_figures, 3);
        assert_eq!(table.unmatched.len(), 3, "{:?}", table.unmatched);
        assert!(table.unmatched[0].starts_with("column \"Doanh thu\" matches no measure"));
        assert!(table.unmatched[1].starts_with("row \"Thuê bao truyền hình\" matches no indicator"));
        assert_eq!(table.unmatched[2], "row \"Thuê bao FTTH\", column `added`: \"n/a\" is not a number");
        assert_eq!(table.leftover.len(), 2);
    }
}
