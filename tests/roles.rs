//! `role:` on a measure (inflow, outflow, stock): which measures the
//! continuity check reads, and the errors of a bad `role:`, each at its
//! file:line:column with the fix.

mod common;
use common::{Site, report};

/// A registry of Vietnamese measure ids that say their roles.
const VIETNAMESE: &str = "\
measures:
  tang:    { label: Số tăng trong kỳ, integer: true, role: inflow }
  giam:    { label: Số giảm trong kỳ, integer: true, role: outflow }
  hien_co: { label: Hiện có trên mạng, integer: true, role: stock }
indicators:
  co-dinh: { name: Điện thoại cố định có dây, unit: thuê bao, headline: hien_co }
";

fn site(registry: &str, july: &str, august: &str) -> Site {
    let site = Site::new(&[
        ("content/a.md", &report("2014-07", &format!("metrics:\n  co-dinh: {july}\n"), "")),
        ("content/b.md", &report("2014-08", &format!("metrics:\n  co-dinh: {august}\n"), "")),
    ]);
    site.write("content/indicators.yaml", registry);
    site
}

#[test]
fn continuity_reads_the_measures_by_their_roles() {
    let run = site(VIETNAMESE, "{ hien_co: 1000 }", "{ tang: 10, giam: 5, hien_co: 1010 }").check();
    run.ok()
        .has(
            "content/b.md:5:42",
            "2014-08: `hien_co` of `co-dinh` is 1010, but the hien_co of 2014-07 (1000) + tang (10) − giam (5) is 1005: difference +5",
        )
        .says("check this month's tang, giam and hien_co figures, and last month's hien_co");
    let clean = site(VIETNAMESE, "{ hien_co: 1000 }", "{ tang: 10, giam: 5, hien_co: 1005 }").check().ok();
    clean.says("no errors");
    assert!(!clean.stderr.contains("warning"), "{}", clean.stderr);
}

#[test]
fn without_roles_other_ids_are_no_stock() {
    let registry = VIETNAMESE.replace(", role: inflow", "").replace(", role: outflow", "").replace(", role: stock", "");
    let run = site(&registry, "{ hien_co: 1000 }", "{ tang: 10, giam: 5, hien_co: 1010 }").check().ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn a_role_given_explicitly_replaces_the_default_measure() {
    // `total` stays a measure, but the stock is `hien_co`.
    let registry = "measures:\n  added: {}\n  removed: {}\n  total: {}\n  hien_co: { role: stock }\n\
                    indicators:\n  co-dinh: { name: C }\n";
    let run = site(registry, "{ total: 1, hien_co: 1000 }", "{ added: 10, removed: 5, total: 1, hien_co: 1010 }")
        .check()
        .ok();
    run.has(
        "content/b.md:5:56",
        "2014-08: `hien_co` of `co-dinh` is 1010, but the hien_co of 2014-07 (1000) + added (10) − removed (5) is 1005: difference +5",
    );
    assert!(!run.stderr.contains("`total` of"), "{}", run.stderr);
}

#[test]
fn role_errors() {
    // (change to the registry, location, message, words of the hint)
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "role: stock",
            "role: stok",
            "content/indicators.yaml:4:61",
            "role \"stok\" of measure `hien_co` is not one of inflow, outflow, stock",
            "help: write `role: inflow` (what comes in during the month), `role: outflow` (what goes out) or `role: stock` (what there is at its end) (did you mean `stock`?)",
        ),
        (
            "role: stock",
            "role: 3",
            "content/indicators.yaml:4:61",
            "role \"3\" of measure `hien_co` is not one of inflow, outflow, stock",
            "(use one of: `inflow`, `outflow`, `stock`)",
        ),
        (
            "role: outflow",
            "role: inflow",
            "content/indicators.yaml:3:60",
            "measure `giam` has `role: inflow`, which measure `tang` has already (line 2)",
            "help: give `role: inflow` to one measure only: continuity reads one inflow, one outflow and one stock",
        ),
        (
            "role: stock",
            "rol: stock",
            "content/indicators.yaml:4:55",
            "unknown key `rol` in measure `hien_co`",
            "help: did you mean `role`?",
        ),
        (
            "role: stock",
            "role: [stock]",
            "content/indicators.yaml:4:61",
            "`role` must be text, found a list",
            "help: write `role: …` on one line",
        ),
    ];
    for (from, to, location, message, hint) in cases {
        let registry = VIETNAMESE.replace(from, to);
        let run = site(&registry, "{ hien_co: 1000 }", "{ hien_co: 1000 }").check().failed();
        run.has(location, message).says(hint);
    }
}
