use super::*;
use crate::content::yaml;

fn period(text: &str) -> Period {
    Period::parse(text).unwrap()
}

/// Parses a `publishers:` block; returns the list and each diagnostic as
/// `line:column message | hint`.
fn run(text: &str) -> (Vec<Publisher>, Vec<String>) {
    let node = yaml::parse(text, 0).unwrap();
    let entries = node.entries().unwrap();
    let mut diags = Diagnostics::new();
    let list = parse(&entries[0].1, Path::new("site.yaml"), &mut diags);
    let messages = diags
        .iter()
        .map(|d| format!("{}:{} {} | {}", d.line, d.column, d.message, d.hint.clone().unwrap_or_default()))
        .collect();
    (list, messages)
}

const MERGE: &str = "publishers:
  bac-kan:
    name: Sở TTTT Bắc Kạn
    until: 2025-06
    merged_into: thai-nguyen
  thai-nguyen:
    name: Sở TTTT Thái Nguyên
    names: { 2025-03: Sở KH&CN Thái Nguyên, 2025-07: Sở KH&CN tỉnh Thái Nguyên }
  quang-ninh:
    name: Sở TTTT Quảng Ninh
    from: 2006-01
";

#[test]
fn the_contract_example_parses() {
    let (list, messages) = run(MERGE);
    assert_eq!(messages, Vec::<String>::new());
    let [bac_kan, thai_nguyen, quang_ninh] = list.as_slice() else { panic!("{list:?}") };
    assert!(bac_kan.is_active(period("2025-06")));
    assert!(!bac_kan.is_active(period("2025-07")));
    assert!(bac_kan.is_active(period("1999-01")));
    assert_eq!(bac_kan.successor(), Some("thai-nguyen"));
    assert_eq!(thai_nguyen.predecessors(), ["bac-kan".to_string()]);
    assert!(bac_kan.predecessors().is_empty());
    assert_eq!(thai_nguyen.successor(), None);
    assert!(!quang_ninh.is_active(period("2005-12")));
    assert!(quang_ninh.is_active(period("2006-01")));
    assert!(quang_ninh.is_active(period("2040-01")));
    assert_eq!(thai_nguyen.name_at(period("2025-02")), "Sở TTTT Thái Nguyên");
    assert_eq!(thai_nguyen.name_at(period("2025-03")), "Sở KH&CN Thái Nguyên");
    assert_eq!(thai_nguyen.name_at(period("2025-06")), "Sở KH&CN Thái Nguyên");
    assert_eq!(thai_nguyen.name_at(period("2026-01")), "Sở KH&CN tỉnh Thái Nguyên");
    assert_eq!(thai_nguyen.latest_name(), "Sở KH&CN tỉnh Thái Nguyên");
    assert_eq!(
        thai_nguyen.name_spans(),
        vec![
            NameSpan { name: "Sở TTTT Thái Nguyên".into(), from: None, until: Some(period("2025-02")) },
            NameSpan {
                name: "Sở KH&CN Thái Nguyên".into(),
                from: Some(period("2025-03")),
                until: Some(period("2025-06"))
            },
            NameSpan { name: "Sở KH&CN tỉnh Thái Nguyên".into(), from: Some(period("2025-07")), until: None },
        ]
    );
    assert_eq!(active_in(&list, period("2025-06")).count(), 3);
    assert_eq!(
        active_in(&list, period("2025-07")).map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["thai-nguyen", "quang-ninh"]
    );
    assert_eq!(reporting_for(&list, "bac-kan", period("2025-07")).map(|p| p.id.as_str()), Some("thai-nguyen"));
    assert_eq!(reporting_for(&list, "bac-kan", period("2025-06")).map(|p| p.id.as_str()), Some("bac-kan"));
}

#[test]
fn errors_are_located_in_site_yaml() {
    let cases: &[(&str, &str)] = &[
        (
            "publishers:\n  a: { name: A, until: 2025-13 }\n",
            "2:24 `until` \"2025-13\" is not a month in the form YYYY-MM | write the month as YYYY-MM, e.g. `until: 2025-06`",
        ),
        (
            "publishers:\n  a: { name: A, from: 202501 }\n",
            "2:23 `from` \"202501\" is not a month in the form YYYY-MM | write the month as YYYY-MM, e.g. `from: 2025-06`",
        ),
        (
            "publishers:\n  a: { name: A, from: 2025-07, until: 2025-06 }\n",
            "2:39 publisher `a` ends (until 2025-06) before it starts (from 2025-07) | `from` is its first month and `until` its last: swap them or correct one",
        ),
        (
            "publishers:\n  a: { name: A, merged_into: b }\n  b: { name: B }\n",
            "2:30 publisher `a` has `merged_into` but no `until` | add `until: YYYY-MM`, its last month: `b` reports for it from the month after",
        ),
        (
            "publishers:\n  bac-kan: { name: A, until: 2025-06, merged_into: thai-ngyen }\n  thai-nguyen: { name: B }\n",
            "2:52 `merged_into: thai-ngyen` of publisher `bac-kan` names no declared publisher | did you mean `thai-nguyen`?",
        ),
        (
            "publishers:\n  a: { name: A, until: 2025-06, merged_into: b }\n  b: { name: B, from: 2025-09 }\n",
            "2:46 `b` takes over from `a` in 2025-07, but does not report in that month (it reports from 2025-09) | correct `until` of `a` or the months of `b`",
        ),
        (
            "publishers:\n  a: { name: A, names: { 2025-07: C, 2025-03: B } }\n",
            "2:38 the name from 2025-03 comes after the name from 2025-07 | list the names of `names` in month order, oldest first",
        ),
        (
            "publishers:\n  a: { name: A, until: 2025-06, names: { 2025-09: B } }\n",
            "2:42 the name of `a` from 2025-09 is after its last month (2025-06) | a name change must fall inside the months it reports: correct the month or `until`",
        ),
        (
            "publishers:\n  a: { name: A, from: 2025-03, names: { 2025-01: B } }\n",
            "2:41 the name of `a` from 2025-01 is at or before its first month (2025-03) | give the name of its first month as `name`, and in `names` only later names",
        ),
        (
            "publishers:\n  a: { name: A, names: { 2025-3x: B } }\n",
            "2:26 \"2025-3x\" in `names` is not a month in the form YYYY-MM | each key of `names` is the first month of a name, e.g. `2025-03: …`",
        ),
        (
            "publishers:\n  a: { name: A, names: [B] }\n",
            "2:24 `names` must be a mapping of month to name, found a list | write `names: { 2025-03: Sở Khoa học và Công nghệ … }`: the name from that month on",
        ),
        (
            "publishers:\n  a: { name: A, untill: 2025-06 }\n",
            "2:17 unknown key `untill` in a publisher | did you mean `until`?",
        ),
    ];
    for (text, want) in cases {
        let (_, messages) = run(text);
        assert_eq!(messages, vec![want.to_string()], "{text}");
    }
}

#[test]
fn a_cycle_of_successors_is_reported_once() {
    let text = "publishers:
  a: { name: A, until: 2025-06, merged_into: b }
  b: { name: B, until: 2025-06, merged_into: c }
  c: { name: C, until: 2025-06, merged_into: a }
";
    let (_, messages) = run(text);
    let cycles: Vec<&String> = messages.iter().filter(|m| m.contains("cycle")).collect();
    assert_eq!(
        cycles,
        [
            "2:46 publishers merge into each other in a cycle: a → b → c → a | a successor reports after its predecessors: remove the `merged_into` that leads back"
        ]
    );
    let (_, messages) = run("publishers:\n  a: { name: A, until: 2025-06, merged_into: a }\n");
    assert!(messages.iter().any(|m| m.contains("cycle: a → a")), "{messages:?}");
    // A list with a cycle (made by hand) still answers.
    let mut list = vec![Publisher::simple("a", "A"), Publisher::simple("b", "B")];
    list[0].until = Some(period("2020-01"));
    list[0].merged_into = Some("b".into());
    list[1].until = Some(period("2020-01"));
    list[1].merged_into = Some("a".into());
    assert_eq!(reporting_for(&list, "a", period("2021-01")), None);
    assert_eq!(successors_of(&list, "a"), ["b"]);
}

#[test]
fn successors_are_followed_through_later_merges() {
    let mut list: Vec<Publisher> = ["a", "b", "c"].iter().map(|id| Publisher::simple(id, id)).collect();
    list[0].merged_into = Some("b".into());
    list[1].merged_into = Some("c".into());
    assert_eq!(successors_of(&list, "a"), ["b", "c"]);
    assert_eq!(successors_of(&list, "b"), ["c"]);
    assert!(successors_of(&list, "c").is_empty());
}
