//! The generator's single-publisher families mode: N monthly reports × M
//! indicators, with families of `sum_of` indicators whose figures add up and
//! carry over month to month, decimal indicators, missing months, and
//! mismatches injected on purpose. It also says which check findings the
//! archive must produce, so tests can assert that the checks fire there and
//! nowhere else (`tests/indicators.rs`).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Spec {
    pub reports: usize,
    pub indicators: usize,
    pub seed: u64,
    /// The first period, `(year, month)`.
    pub start: (i32, u32),
    /// `vi` or `en`.
    pub language: &'static str,
    /// Month indices without a report at all.
    pub missing_months: BTreeSet<usize>,
    /// `(month, indicator)`: the indicator is left out of that report.
    pub omitted: BTreeSet<(usize, usize)>,
    /// `(month, parent indicator)`: the parent's `added` and `removed` get +d
    /// (its parts no longer add up; its total still carries over).
    pub sum_errors: BTreeSet<(usize, usize)>,
    /// `(month, part indicator)`: the part's total and its parent's jump by
    /// +d from that month on (both break continuity there, sums still hold).
    pub continuity_errors: BTreeSet<(usize, usize)>,
}

impl Spec {
    pub fn new(reports: usize, indicators: usize, seed: u64) -> Spec {
        Spec {
            reports,
            indicators,
            seed,
            start: (1990, 1),
            language: "vi",
            missing_months: BTreeSet::new(),
            omitted: BTreeSet::new(),
            sum_errors: BTreeSet::new(),
            continuity_errors: BTreeSet::new(),
        }
    }
}

/// The role of an indicator: families of a parent and three parts, and
/// every fifth indicator a stand-alone decimal figure.
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    Parent(Vec<usize>),
    Part(usize),
    Decimal,
}

pub fn role(index: usize, count: usize) -> Role {
    match index % 5 {
        0 => {
            let parts: Vec<usize> = (index + 1..=index + 3).filter(|&p| p < count).collect();
            if parts.is_empty() { Role::Decimal } else { Role::Parent(parts) }
        }
        4 => Role::Decimal,
        _ => Role::Part(index - index % 5),
    }
}

pub fn indicator_id(index: usize) -> String {
    format!("ind-{index:03}")
}

/// One figure: `(indicator index, measure, value)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub indicator: usize,
    pub measure: &'static str,
    pub value: f64,
}

#[derive(Clone, Debug)]
pub struct GeneratedReport {
    pub month: usize,
    /// `YYYY-MM`.
    pub period: String,
    pub figures: Vec<Figure>,
}

/// A finding the checks must report: (period, indicator id, measure, kind).
pub type Expected = (String, String, String, &'static str);

#[derive(Clone, Debug)]
pub struct Generated {
    pub spec: Spec,
    pub reports: Vec<GeneratedReport>,
    pub expected: BTreeSet<Expected>,
}

impl Generated {
    pub fn value(&self, period: &str, indicator: &str, measure: &str) -> Option<f64> {
        let report = self.reports.iter().find(|r| r.period == period)?;
        report.figures.iter().find(|f| indicator_id(f.indicator) == indicator && f.measure == measure).map(|f| f.value)
    }
}

/// splitmix64: small, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

pub fn period(spec: &Spec, month: usize) -> String {
    let zero_based = spec.start.0 * 12 + spec.start.1 as i32 - 1 + month as i32;
    format!("{:04}-{:02}", zero_based / 12, zero_based % 12 + 1)
}

pub fn generate(spec: &Spec) -> Generated {
    let mut rng = Rng(spec.seed);
    let n = spec.indicators;
    let roles: Vec<Role> = (0..n).map(|i| role(i, n)).collect();
    // The true running totals of every part, over every month (reported or not).
    let mut totals: Vec<f64> = (0..n).map(|_| (10_000 + rng.below(990_000)) as f64).collect();
    let mut shift = vec![0.0; n];
    let mut reports = Vec::new();
    for month in 0..spec.reports {
        let mut added = vec![0.0; n];
        let mut removed = vec![0.0; n];
        let mut change = vec![0.0; n];
        for i in 0..n {
            if let Role::Part(_) = roles[i] {
                added[i] = rng.below(5_000) as f64;
                removed[i] = (rng.below(4_000) as f64).min(totals[i] + added[i]);
                totals[i] += added[i] - removed[i];
                change[i] = (rng.below(1_001) as f64 - 500.0) / 10.0;
            }
        }
        for &(m, part) in spec.continuity_errors.iter().filter(|(m, _)| *m == month) {
            if let Some(Role::Part(_)) = roles.get(part) {
                let _ = m;
                shift[part] += 1.0 + rng.below(500) as f64;
            }
        }
        let decimal: Vec<f64> = (0..n).map(|_| rng.below(10_000_000) as f64 / 100.0).collect();
        let per_100: Vec<f64> = (0..n).map(|_| rng.below(20_000) as f64 / 100.0).collect();
        if spec.missing_months.contains(&month) {
            continue;
        }
        let mut figures = Vec::new();
        for i in 0..n {
            if spec.omitted.contains(&(month, i)) {
                continue;
            }
            match &roles[i] {
                Role::Part(_) => {
                    figures.push(Figure { indicator: i, measure: "added", value: added[i] });
                    figures.push(Figure { indicator: i, measure: "removed", value: removed[i] });
                    figures.push(Figure { indicator: i, measure: "change_pct", value: change[i] });
                    figures.push(Figure { indicator: i, measure: "total", value: totals[i] + shift[i] });
                }
                Role::Parent(parts) => {
                    let sum = |v: &[f64]| parts.iter().map(|&p| v[p]).sum::<f64>();
                    let d = if spec.sum_errors.contains(&(month, i)) { 1.0 + rng.below(99) as f64 } else { 0.0 };
                    let total: f64 = parts.iter().map(|&p| totals[p] + shift[p]).sum();
                    figures.push(Figure { indicator: i, measure: "added", value: sum(&added) + d });
                    figures.push(Figure { indicator: i, measure: "removed", value: sum(&removed) + d });
                    figures.push(Figure { indicator: i, measure: "total", value: total });
                    figures.push(Figure { indicator: i, measure: "per_100", value: per_100[i] });
                }
                Role::Decimal => figures.push(Figure { indicator: i, measure: "total", value: decimal[i] }),
            }
        }
        reports.push(GeneratedReport { month, period: period(spec, month), figures });
    }
    let expected = expected_findings(spec, &roles, &reports);
    Generated { spec: spec.clone(), reports, expected }
}

fn present(reports: &[GeneratedReport], month: usize, indicator: usize) -> bool {
    reports.iter().any(|r| r.month == month && r.figures.iter().any(|f| f.indicator == indicator))
}

fn expected_findings(spec: &Spec, roles: &[Role], reports: &[GeneratedReport]) -> BTreeSet<Expected> {
    let mut expected = BTreeSet::new();
    let p = |m: usize| period(spec, m);
    for &(month, parent) in &spec.sum_errors {
        if let Some(Role::Parent(parts)) = roles.get(parent)
            && present(reports, month, parent)
            && parts.iter().all(|&q| present(reports, month, q))
        {
            for measure in ["added", "removed"] {
                expected.insert((p(month), indicator_id(parent), measure.to_string(), "sum"));
            }
        }
    }
    for &(month, part) in &spec.continuity_errors {
        let Some(Role::Part(parent)) = roles.get(part) else { continue };
        for who in [part, *parent] {
            if month > 0 && present(reports, month, who) && present(reports, month - 1, who) {
                expected.insert((p(month), indicator_id(who), "total".to_string(), "continuity"));
            }
        }
    }
    for indicator in 0..roles.len() {
        let months: Vec<usize> =
            reports.iter().filter(|r| r.figures.iter().any(|f| f.indicator == indicator)).map(|r| r.month).collect();
        for pair in months.windows(2) {
            if pair[1] - pair[0] > 1 {
                expected.insert((p(pair[1]), indicator_id(indicator), "total".to_string(), "gap"));
            }
        }
    }
    expected
}

/// Writes the site folder: site.yaml, content/indicators.yaml and one report per month.
pub fn write(generated: &Generated, root: &Path) -> std::io::Result<()> {
    let spec = &generated.spec;
    std::fs::create_dir_all(root.join("content"))?;
    std::fs::write(
        root.join("site.yaml"),
        format!(
            "title: Generated archive\nbase_url: https://example.org/bao-cao/\nlanguage: {}\norganization: Test\n",
            spec.language
        ),
    )?;
    std::fs::write(root.join("content/indicators.yaml"), registry(spec))?;
    for report in &generated.reports {
        let year = &report.period[..4];
        let dir = root.join("content").join(year);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{}.md", report.period)), report_text(report))?;
    }
    Ok(())
}

pub fn registry(spec: &Spec) -> String {
    let mut out = String::from(
        "measures:\n  added: { label: Số tăng, integer: true }\n  removed: { label: Số giảm, integer: true }\n  \
         change_pct: { label: So với tháng trước, unit: \"%\" }\n  total: { label: Hiện có, integer: true }\n  \
         per_100: { label: Trên 100 dân }\nindicators:\n",
    );
    for i in 0..spec.indicators {
        let role = role(i, spec.indicators);
        let _ = writeln!(out, "  {}:", indicator_id(i));
        let _ = writeln!(out, "    name: Chỉ tiêu số {i}");
        let _ = writeln!(out, "    unit: {}", if role == Role::Decimal { "triệu đồng" } else { "thuê bao" });
        let _ = writeln!(out, "    group: Nhóm {}", i / 10 + 1);
        match role {
            Role::Parent(parts) => {
                let ids: Vec<String> = parts.iter().map(|&p| indicator_id(p)).collect();
                let _ = writeln!(out, "    sum_of: [{}]", ids.join(", "));
                if i == 0 {
                    let _ = writeln!(out, "    featured: true");
                }
                let _ = writeln!(out, "    description: Tổng của **{}** chỉ tiêu thành phần.", ids.len());
            }
            Role::Decimal => {
                let _ = writeln!(out, "    integer: false");
            }
            Role::Part(_) => {}
        }
    }
    out
}

fn report_text(report: &GeneratedReport) -> String {
    let mut out = format!("---\ntitle: Báo cáo {}\nperiod: {}\nmetrics:\n", report.period, report.period);
    let mut indicators: Vec<usize> = report.figures.iter().map(|f| f.indicator).collect();
    indicators.dedup();
    for i in indicators {
        let values: Vec<String> =
            report.figures.iter().filter(|f| f.indicator == i).map(|f| format!("{}: {}", f.measure, f.value)).collect();
        let _ = writeln!(out, "  {}: {{ {} }}", indicator_id(i), values.join(", "));
    }
    let _ = write!(out, "---\nBáo cáo tháng {}.\n", report.period);
    out
}
