//! The archive generator: deterministic, consistent, and the checks fire
//! exactly where inconsistencies were injected.

mod common;
#[path = "support/generate/mod.rs"]
mod generate;

use common::Site;
use generate::Params;

fn site_of(params: &Params) -> (Site, generate::Generated) {
    let generated = generate::generate(params);
    let site = Site::empty();
    generate::write(&generated, site.root()).unwrap();
    (site, generated)
}

#[test]
fn the_same_parameters_give_the_same_files() {
    let params = Params { years: 2, publishers: 3, seed: 7, ..Params::default() };
    assert_eq!(generate::generate(&params).files, generate::generate(&params).files);
    let other = Params { seed: 8, ..params.clone() };
    assert_ne!(generate::generate(&params).files, generate::generate(&other).files);
}

#[test]
fn a_clean_archive_has_no_warning() {
    let (site, _) = site_of(&Params { years: 3, ..Params::default() });
    let run = site.check().ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    run.says("Checked 36 reports");
}

#[test]
fn checks_fire_exactly_where_mismatches_were_injected() {
    for publishers in [1, 3] {
        let params = Params { years: 3, publishers, inconsistencies: 6, body_bytes: 500, ..Params::default() };
        let (site, generated) = site_of(&params);
        assert_eq!(generated.injected.len(), 6);
        assert!(
            generated.injected.iter().any(|i| i.rule == "sum")
                && generated.injected.iter().any(|i| i.rule == "continuity")
        );
        let run = site.run(&["check", "--format", "json"]);
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let warnings: Vec<String> = value["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(warnings.len(), 6, "{warnings:#?}");
        for injected in &generated.injected {
            let who = injected.publisher.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
            let start = format!("{}{who}: `{}` of `{}` is ", injected.period, injected.measure, injected.indicator);
            let kind = if injected.rule == "sum" { "the sum of its parts" } else { "+ added" };
            assert!(
                warnings.iter().any(|w| w.starts_with(&start) && w.contains(kind) && w.ends_with("difference +7")),
                "{start} {kind} in {warnings:#?}"
            );
        }
    }
}

#[test]
fn a_multi_publisher_archive_builds_with_publisher_urls() {
    let (site, _) = site_of(&Params { years: 1, publishers: 3, body_bytes: 300, ..Params::default() });
    site.build().ok();
    assert!(site.path("public/reports/quang-ninh/2010/01/index.html").is_file());
    assert!(site.path("public/reports/ha-noi/2010/12/index.html").is_file());
    assert!(!site.path("public/reports/2010/01").exists());
}

#[test]
fn a_merged_archive_has_63_publishers_until_the_merge_then_34() {
    let merge_after = annals::period::Period::parse("2025-06");
    let params = Params {
        years: 1,
        first_year: 2025,
        publishers: 63,
        indicators: 8,
        body_bytes: 300,
        merge_after,
        ..Params::default()
    };
    let (site, generated) = site_of(&params);
    assert_eq!(generated.files.len() - 2, 63 * 6 + 34 * 6, "reports before and after the merge");
    let yaml = site.read("site.yaml");
    // The 35th province (index 34) is merged into the first.
    assert!(
        yaml.contains(
            "  kon-tum: { name: \"Sở Thông tin và Truyền thông Kon Tum\", until: 2025-06, merged_into: quang-ninh }"
        ),
        "{yaml}"
    );
    assert!(yaml.contains("  quang-ninh: { name: \"Sở Thông tin và Truyền thông Quảng Ninh\", names: { 2025-07: \"Sở Khoa học và Công nghệ Quảng Ninh\" } }"));
    assert_eq!(yaml.matches("merged_into:").count(), 29);
    assert!(
        !site.path("content/yen-bai/2025/2025-07.md").exists() && site.path("content/yen-bai/2025/2025-06.md").exists()
    );
    // Continuity holds across the merge: the successors carry their predecessors' totals on.
    let run = site.check().ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    run.says("Checked 582 reports");
    let same = generate::generate(&params);
    assert_eq!(same.files, generated.files, "deterministic");
}

#[test]
fn the_findings_are_the_ones_the_generator_expects() {
    // Mismatches spread evenly and chosen ones, missing months and omitted
    // figures, over three publishers: the checks report exactly `expected`.
    let mut params = Params { years: 2, publishers: 3, inconsistencies: 4, body_bytes: 200, ..Params::default() };
    params.missing_months.insert(7);
    params.omitted.insert((14, 1));
    params.sum_errors.insert((3, 0));
    params.continuity_errors.insert((10, 2));
    let (site, generated) = site_of(&params);
    let options = annals::build::BuildOptions { root: site.root().to_path_buf(), ..Default::default() };
    let mut diags = annals::diagnostics::Diagnostics::new();
    let archive = annals::session::load_archive(&options, false, &mut diags).expect("the archive loads");
    let found: std::collections::BTreeSet<generate::Expected> = archive
        .findings
        .iter()
        .map(|f| {
            let report = &archive.reports[f.report];
            (report.publisher.clone(), report.period.to_string(), f.indicator.clone(), f.measure.clone(), f.kind.id())
        })
        .collect();
    assert_eq!(found, generated.expected);
    let kinds: std::collections::BTreeSet<&str> = found.iter().map(|e| e.4).collect();
    assert_eq!(kinds, ["continuity", "gap", "sum"].into(), "every kind is there");
    // The missing month is missing for every publisher: a gap in every indicator the month after.
    assert_eq!(found.iter().filter(|e| e.1 == "2010-09" && e.4 == "gap").count(), 3 * 20);
}
