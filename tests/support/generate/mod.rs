//! The archive generator: synthetic archives for tests, examples and
//! benchmarks, one model. Dev-only, not part of the library: tests and
//! examples include it with `#[path = "…/tests/support/generate/mod.rs"] mod generate;`
//! (`examples/gen-archive.rs` is its command line, `scripts/bench.sh` runs
//! that; the benchmarks, the revision, search and indicator property tests
//! use it).
//!
//! Publishers × months × indicators. The indicators are the telecoms
//! registry of [`INDICATORS`] or synthetic families ([`Registry::Families`]:
//! `ind-000` the sum of `ind-001`…`ind-003`, every fifth a stand-alone
//! decimal figure); the same figure model fills both. Options on the one
//! model: the site language, the first month and the number of months,
//! mismatches spread evenly ([`Params::inconsistencies`]) or chosen
//! ([`Params::sum_errors`], [`Params::continuity_errors`]), missing months
//! and omitted figures, revisions, merged and renamed publishers.
//!
//! Deterministic from a seed: the same parameters give the same files, byte
//! for byte. Bodies are realistic Vietnamese made from the sentences of the
//! bundled report; figures satisfy the registry's `sum_of` and continuity
//! rules unless inconsistencies are injected on purpose (listed in
//! [`Generated::injected`], and every finding the checks must report,
//! gaps included, in [`Generated::expected`], so that tests know exactly
//! where checks must fire).

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fmt::Write as _;

use annals::period::Period;

const SEED_REPORT: &str = include_str!("../../../content/2014/2014-08.md");

#[derive(Clone, Debug)]
pub struct Params {
    pub publishers: usize,
    pub years: usize,
    pub first_year: i16,
    /// Indicators in the registry (at most [`INDICATORS`]'s length; the first 8 have sums).
    pub indicators: usize,
    /// Approximate bytes of Markdown body per report.
    pub body_bytes: usize,
    pub seed: u64,
    /// How many sum or continuity mismatches to inject.
    pub inconsistencies: usize,
    /// How many revisions to inject: a report revises the previous month's
    /// `change_pct` of the first indicator without parts (a measure no
    /// check reads, so the checks' findings stay where they were).
    pub revisions: usize,
    /// The last month of the old map: from the month after, only the first
    /// [`Params::survivors`] publishers report, each other one `merged_into`
    /// one of them (its figures carried on by the successor).
    pub merge_after: Option<Period>,
    /// Publishers that remain after the merge (default 34, as in 2025).
    pub survivors: usize,
    /// From this month the remaining publishers bear a new name (`names`);
    /// default: the month after the merge, when there is one.
    pub rename_from: Option<Period>,
    /// The first month (1-12) of `first_year`.
    pub first_month: u8,
    /// Months per publisher; `None`: `years` × 12.
    pub months: Option<usize>,
    /// The site language: `vi` or `en`.
    pub language: &'static str,
    /// Which indicators the registry has.
    pub registry: Registry,
    /// Month indices (0: the first month) without a report, for every publisher.
    pub missing_months: BTreeSet<usize>,
    /// `(month, indicator index)`: the figure is left out of that report.
    pub omitted: BTreeSet<(usize, usize)>,
    /// `(month, indicator index)` of a parent: its total is off by 7 that
    /// month (its parts no longer add up).
    pub sum_errors: BTreeSet<(usize, usize)>,
    /// `(month, indicator index)` of a leaf: its total (and its parents')
    /// is off by 7 from that month on (its continuity breaks there).
    pub continuity_errors: BTreeSet<(usize, usize)>,
}

/// The indicators of a generated registry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Registry {
    /// The first [`Params::indicators`] of [`INDICATORS`].
    #[default]
    Named,
    /// [`Params::indicators`] synthetic ones, `ind-000`, …: a parent of the
    /// next three at every index that is a multiple of 5 (when it has
    /// parts), and a stand-alone decimal figure at every fifth.
    Families,
}

impl Params {
    /// One publisher, `months` reports from 1990-01, `indicators` synthetic
    /// families, short bodies: the shape of the indicator property tests.
    pub fn families(months: usize, indicators: usize, seed: u64) -> Params {
        Params {
            months: Some(months),
            first_year: 1990,
            indicators,
            registry: Registry::Families,
            body_bytes: 200,
            seed,
            ..Params::default()
        }
    }

    fn month_count(&self) -> usize {
        self.months.unwrap_or(self.years * 12)
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            publishers: 1,
            years: 10,
            first_year: 2010,
            indicators: 20,
            body_bytes: 8000,
            seed: 1,
            inconsistencies: 0,
            revisions: 0,
            merge_after: None,
            survivors: 34,
            rename_from: None,
            first_month: 1,
            months: None,
            language: "vi",
            registry: Registry::Named,
            missing_months: BTreeSet::new(),
            omitted: BTreeSet::new(),
            sum_errors: BTreeSet::new(),
            continuity_errors: BTreeSet::new(),
        }
    }
}

/// One injected mismatch: where a check must fire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Injected {
    pub publisher: Option<String>,
    pub period: Period,
    pub indicator: String,
    pub measure: String,
    /// `sum` or `continuity`.
    pub rule: &'static str,
}

/// One injected revision: where pages and open data must show it.
#[derive(Clone, Debug, PartialEq)]
pub struct InjectedRevision {
    pub publisher: Option<String>,
    /// The month of the revised figure.
    pub period: Period,
    pub indicator: String,
    pub measure: String,
    /// As published, and revised (plain machine numbers).
    pub published: String,
    pub value: String,
    /// `revision` or `correction`.
    pub kind: &'static str,
    /// The revising report's period (the month after).
    pub by: Period,
}

/// One figure as written in a report.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub indicator: String,
    pub measure: &'static str,
    /// The value as written (rounded as in the file).
    pub value: f64,
}

/// One generated report's figures.
#[derive(Clone, Debug)]
pub struct GeneratedReport {
    pub publisher: Option<String>,
    /// Its month's index (0: the first month).
    pub month: usize,
    pub period: Period,
    pub figures: Vec<Figure>,
}

/// A finding the checks must report: (publisher, period, indicator, measure, kind).
pub type Expected = (Option<String>, String, String, String, &'static str);

#[derive(Clone, Debug)]
pub struct Generated {
    /// (relative path, text), site.yaml and registry included.
    pub files: Vec<(String, String)>,
    pub injected: Vec<Injected>,
    pub revisions: Vec<InjectedRevision>,
    /// Every report's figures, in the order written.
    pub reports: Vec<GeneratedReport>,
    /// Every finding the checks must report (injected mismatches, gaps).
    pub expected: BTreeSet<Expected>,
}

impl Generated {
    /// The figure written for `indicator`'s `measure` in the report of `period` (`YYYY-MM`).
    pub fn value(&self, period: &str, indicator: &str, measure: &str) -> Option<f64> {
        let report = self.reports.iter().find(|r| r.period.to_string() == period)?;
        report.figures.iter().find(|f| f.indicator == indicator && f.measure == measure).map(|f| f.value)
    }
}

/// (id, name, unit, group, integer, parts): a row of [`INDICATORS`].
pub type IndicatorSpec = (&'static str, &'static str, &'static str, &'static str, bool, &'static [&'static str]);

/// One indicator of a generated registry.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub group: String,
    pub integer: bool,
    /// Its parts (`sum_of`); empty for a leaf.
    pub parts: Vec<String>,
}

/// The id of the `index`-th synthetic indicator.
pub fn indicator_id(index: usize) -> String {
    format!("ind-{index:03}")
}

/// The indicators of the registry `params` asks for.
pub fn indicators(params: &Params) -> Vec<Indicator> {
    match params.registry {
        Registry::Named => INDICATORS[..params.indicators.clamp(1, INDICATORS.len())]
            .iter()
            .map(|(id, name, unit, group, integer, parts)| Indicator {
                id: id.to_string(),
                name: name.to_string(),
                unit: unit.to_string(),
                group: group.to_string(),
                integer: *integer,
                parts: parts.iter().map(|p| p.to_string()).collect(),
            })
            .collect(),
        Registry::Families => {
            let count = params.indicators.max(1);
            (0..count)
                .map(|i| {
                    let parts: Vec<String> = match i % 5 {
                        0 => (i + 1..=i + 3).filter(|&p| p < count).map(indicator_id).collect(),
                        _ => Vec::new(),
                    };
                    let decimal = i % 5 == 4 || (i % 5 == 0 && parts.is_empty());
                    Indicator {
                        id: indicator_id(i),
                        name: format!("Chỉ tiêu số {i}"),
                        unit: if decimal { "triệu đồng" } else { "thuê bao" }.into(),
                        group: format!("Nhóm {}", i / 10 + 1),
                        integer: !decimal,
                        parts,
                    }
                })
                .collect()
        }
    }
}

pub const INDICATORS: &[IndicatorSpec] = &[
    (
        "phone-subscribers",
        "Tổng số thuê bao điện thoại",
        "thuê bao",
        "Viễn thông",
        true,
        &["fixed-wired", "fixed-wireless", "mobile-postpaid", "mobile-prepaid"],
    ),
    ("fixed-wired", "Điện thoại cố định có dây", "thuê bao", "Viễn thông", true, &[]),
    ("fixed-wireless", "Điện thoại cố định không dây", "thuê bao", "Viễn thông", true, &[]),
    ("mobile-postpaid", "Điện thoại di động trả sau", "thuê bao", "Viễn thông", true, &[]),
    ("mobile-prepaid", "Điện thoại di động trả trước", "thuê bao", "Viễn thông", true, &[]),
    (
        "broadband-internet",
        "Tổng số thuê bao Internet băng thông rộng",
        "thuê bao",
        "Internet",
        true,
        &["broadband-xdsl", "broadband-ftth"],
    ),
    ("broadband-xdsl", "Thuê bao Internet băng thông rộng xDSL", "thuê bao", "Internet", true, &[]),
    ("broadband-ftth", "Thuê bao Internet cáp quang (FTTH)", "thuê bao", "Internet", true, &[]),
    ("mobile-broadband", "Thuê bao Internet di động 3G", "thuê bao", "Internet", true, &[]),
    ("bts-stations", "Trạm thu phát sóng di động (BTS)", "trạm", "Hạ tầng", true, &[]),
    ("postal-points", "Điểm phục vụ bưu chính", "điểm", "Bưu chính", true, &[]),
    ("postal-items", "Bưu gửi chuyển phát", "bưu gửi", "Bưu chính", true, &[]),
    ("news-websites", "Trang thông tin điện tử tổng hợp được cấp phép", "trang", "Báo chí", true, &[]),
    ("press-agencies", "Cơ quan báo chí", "cơ quan", "Báo chí", true, &[]),
    ("publications", "Xuất bản phẩm được cấp phép", "xuất bản phẩm", "Xuất bản", true, &[]),
    ("digital-signatures", "Chữ ký số đã cấp", "chữ ký số", "Công nghệ thông tin", true, &[]),
    ("online-services", "Dịch vụ công trực tuyến mức độ 3, 4", "dịch vụ", "Công nghệ thông tin", true, &[]),
    ("inspections", "Cuộc thanh tra, kiểm tra", "cuộc", "Thanh tra", true, &[]),
    ("fines", "Tiền xử phạt vi phạm hành chính", "triệu đồng", "Thanh tra", false, &[]),
    ("telecom-revenue", "Doanh thu viễn thông", "tỷ đồng", "Viễn thông", false, &[]),
];

/// The 63 provinces and cities: (id, name).
pub const PROVINCES: &[(&str, &str)] = &[
    ("quang-ninh", "Quảng Ninh"),
    ("ha-noi", "Hà Nội"),
    ("ho-chi-minh", "TP. Hồ Chí Minh"),
    ("hai-phong", "Hải Phòng"),
    ("da-nang", "Đà Nẵng"),
    ("can-tho", "Cần Thơ"),
    ("an-giang", "An Giang"),
    ("ba-ria-vung-tau", "Bà Rịa – Vũng Tàu"),
    ("bac-giang", "Bắc Giang"),
    ("bac-kan", "Bắc Kạn"),
    ("bac-lieu", "Bạc Liêu"),
    ("bac-ninh", "Bắc Ninh"),
    ("ben-tre", "Bến Tre"),
    ("binh-dinh", "Bình Định"),
    ("binh-duong", "Bình Dương"),
    ("binh-phuoc", "Bình Phước"),
    ("binh-thuan", "Bình Thuận"),
    ("ca-mau", "Cà Mau"),
    ("cao-bang", "Cao Bằng"),
    ("dak-lak", "Đắk Lắk"),
    ("dak-nong", "Đắk Nông"),
    ("dien-bien", "Điện Biên"),
    ("dong-nai", "Đồng Nai"),
    ("dong-thap", "Đồng Tháp"),
    ("gia-lai", "Gia Lai"),
    ("ha-giang", "Hà Giang"),
    ("ha-nam", "Hà Nam"),
    ("ha-tinh", "Hà Tĩnh"),
    ("hai-duong", "Hải Dương"),
    ("hau-giang", "Hậu Giang"),
    ("hoa-binh", "Hòa Bình"),
    ("hung-yen", "Hưng Yên"),
    ("khanh-hoa", "Khánh Hòa"),
    ("kien-giang", "Kiên Giang"),
    ("kon-tum", "Kon Tum"),
    ("lai-chau", "Lai Châu"),
    ("lam-dong", "Lâm Đồng"),
    ("lang-son", "Lạng Sơn"),
    ("lao-cai", "Lào Cai"),
    ("long-an", "Long An"),
    ("nam-dinh", "Nam Định"),
    ("nghe-an", "Nghệ An"),
    ("ninh-binh", "Ninh Bình"),
    ("ninh-thuan", "Ninh Thuận"),
    ("phu-tho", "Phú Thọ"),
    ("phu-yen", "Phú Yên"),
    ("quang-binh", "Quảng Bình"),
    ("quang-nam", "Quảng Nam"),
    ("quang-ngai", "Quảng Ngãi"),
    ("quang-tri", "Quảng Trị"),
    ("soc-trang", "Sóc Trăng"),
    ("son-la", "Sơn La"),
    ("tay-ninh", "Tây Ninh"),
    ("thai-binh", "Thái Bình"),
    ("thai-nguyen", "Thái Nguyên"),
    ("thanh-hoa", "Thanh Hóa"),
    ("thua-thien-hue", "Thừa Thiên Huế"),
    ("tien-giang", "Tiền Giang"),
    ("tra-vinh", "Trà Vinh"),
    ("tuyen-quang", "Tuyên Quang"),
    ("vinh-long", "Vĩnh Long"),
    ("vinh-phuc", "Vĩnh Phúc"),
    ("yen-bai", "Yên Bái"),
];

/// SplitMix64: a tiny, well-known deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

fn sentences() -> Vec<&'static str> {
    let body = SEED_REPORT.splitn(3, "---\n").nth(2).unwrap_or("");
    body.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("{{"))
        .flat_map(|l| l.split(". "))
        .map(|s| s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' '))
        .filter(|s| s.len() > 40)
        .collect()
}

/// One publisher of a generated archive: beyond the 63 provinces (the XL
/// tier's 630 publishers), each province has further units, `<id>-kv2`…
/// ("<place> – khu vực 2"), in rounds, so the first 63 stay those of L.
struct Generating {
    id: Option<String>,
    place: String,
    /// Its last month, and the index of its successor, when it is merged.
    merged: Option<(Period, usize)>,
    /// Its new name's first month, if renamed.
    renamed: Option<Period>,
}

fn plan(params: &Params) -> Vec<Generating> {
    if params.publishers <= 1 {
        return vec![Generating { id: None, place: "Quảng Ninh".into(), merged: None, renamed: None }];
    }
    let count = params.publishers;
    let survivors = match params.merge_after {
        Some(_) => params.survivors.clamp(1, count),
        None => count,
    };
    let rename_from = params.rename_from.or(params.merge_after.map(Period::next));
    (0..count)
        .map(|i| {
            let (id, place) = PROVINCES[i % PROVINCES.len()];
            let (id, place) = match i / PROVINCES.len() {
                0 => (id.to_string(), place.to_string()),
                round => (format!("{id}-kv{}", round + 1), format!("{place} – khu vực {}", round + 1)),
            };
            let merged = params.merge_after.filter(|_| i >= survivors).map(|last| (last, i % survivors));
            // A name change must fall inside the months it reports.
            let renamed = rename_from.filter(|from| merged.is_none_or(|(last, _)| *from <= last));
            Generating { id: Some(id), place, merged, renamed }
        })
        .collect()
}

pub fn generate(params: &Params) -> Generated {
    let indicators = &indicators(params)[..];
    let publishers = plan(params);
    let mut files = vec![
        ("site.yaml".to_string(), site_yaml(&publishers, params.language)),
        ("content/indicators.yaml".to_string(), registry(indicators)),
    ];
    let mut reports = Vec::new();
    let mut injected = Vec::new();
    let sentences = sentences();
    let months = params.month_count();
    let total_reports = publishers.len() * months;
    // Reports that get a mismatch, spread evenly.
    let inject_every = total_reports.checked_div(params.inconsistencies).map_or(usize::MAX, |n| n.max(1));
    let revise_every = total_reports.checked_div(params.revisions).map_or(usize::MAX, |n| n.max(1));
    let mut revisions = Vec::new();
    // The report index of the next revision: spread evenly, moved on a
    // report that cannot revise (the first of a publisher).
    let mut next_revision = revise_every / 2;
    let mut report_index = 0;
    // The merged publishers first: their last totals are their successors' to carry on.
    let mut order: Vec<usize> = (0..publishers.len()).filter(|&p| publishers[p].merged.is_some()).collect();
    order.extend((0..publishers.len()).filter(|&p| publishers[p].merged.is_none()));
    let mut absorbed: Vec<Vec<f64>> = vec![vec![0.0; indicators.len()]; publishers.len()];
    for p in order {
        let publisher = &publishers[p];
        let mut rng = Rng(params.seed ^ ((p as u64 + 1) * 0x1234_5678_9ABC));
        let mut totals: Vec<f64> = indicators.iter().map(|_| 1000.0 + rng.below(200_000) as f64).collect();
        let mut period = Period::new(params.first_year, params.first_month).unwrap_or(Period { year: 2010, month: 1 });
        for m in 0..months {
            if publisher.merged.is_some_and(|(last, _)| period > last) {
                break;
            }
            if params.merge_after.is_some_and(|last| period == last.next()) {
                // The predecessors' subscribers are now this publisher's.
                for (total, carried) in totals.iter_mut().zip(&absorbed[p]) {
                    *total += carried;
                }
            }
            let inject =
                report_index % inject_every == inject_every / 2 && injected.len() < params.inconsistencies && m > 0;
            let (text, figures, injections) = report(
                params,
                indicators,
                &mut rng,
                &mut totals,
                (m, period),
                publisher.id.as_deref(),
                &publisher.place,
                &sentences,
                inject,
            );
            if let Some((last, successor)) = publisher.merged
                && period == last
            {
                for (carried, total) in absorbed[successor].iter_mut().zip(&totals) {
                    *carried += total;
                }
            }
            if params.missing_months.contains(&m) {
                period = period.next();
                report_index += 1;
                continue;
            }
            injected.extend(injections);
            let path = match &publisher.id {
                Some(id) => format!("content/{id}/{}/{period}.md", period.year),
                None => format!("content/{}/{period}.md", period.year),
            };
            let revise = report_index >= next_revision
                && revisions.len() < params.revisions
                && m > 0
                && !params.missing_months.contains(&(m - 1));
            let text = match files.last().filter(|_| revise).and_then(|(_, previous)| {
                revision(
                    indicators,
                    previous,
                    &text,
                    period.previous(),
                    period,
                    publisher.id.as_deref(),
                    revisions.len(),
                )
            }) {
                Some((text, injected)) => {
                    revisions.push(injected);
                    next_revision = next_revision.saturating_add(revise_every);
                    text
                }
                None => text,
            };
            files.push((path, text));
            reports.push(GeneratedReport { publisher: publisher.id.clone(), month: m, period, figures });
            period = period.next();
            report_index += 1;
        }
    }
    let expected = expected_findings(indicators, &reports, &injected);
    Generated { files, injected, revisions, reports, expected }
}

/// The findings the checks must report: each injected mismatch whose
/// figures are all there to compare (a sum needs the parent and every part,
/// continuity the month before), and every gap in an indicator's months.
fn expected_findings(
    indicators: &[Indicator],
    reports: &[GeneratedReport],
    injected: &[Injected],
) -> BTreeSet<Expected> {
    let present = |publisher: &Option<String>, period: Period, id: &str| {
        reports
            .iter()
            .any(|r| &r.publisher == publisher && r.period == period && r.figures.iter().any(|f| f.indicator == id))
    };
    let mut expected = BTreeSet::new();
    for i in injected {
        let Some(indicator) = indicators.iter().find(|x| x.id == i.indicator) else { continue };
        let comparable = match i.rule {
            "sum" => indicator.parts.iter().all(|p| present(&i.publisher, i.period, p)),
            _ => present(&i.publisher, i.period.previous(), &i.indicator),
        };
        if comparable && present(&i.publisher, i.period, &i.indicator) {
            expected.insert((
                i.publisher.clone(),
                i.period.to_string(),
                i.indicator.clone(),
                i.measure.clone(),
                i.rule,
            ));
        }
    }
    let mut publishers: Vec<&Option<String>> = reports.iter().map(|r| &r.publisher).collect();
    publishers.dedup();
    for publisher in publishers {
        for indicator in indicators {
            let periods: Vec<Period> = reports
                .iter()
                .filter(|r| &r.publisher == publisher && r.figures.iter().any(|f| f.indicator == indicator.id))
                .map(|r| r.period)
                .collect();
            for pair in periods.windows(2) {
                if pair[1] != pair[0].next() {
                    expected.insert((
                        publisher.clone(),
                        pair[1].to_string(),
                        indicator.id.clone(),
                        "total".into(),
                        "gap",
                    ));
                }
            }
        }
    }
    expected
}

/// `text` (the report of `by`) with a revision of the `change_pct` of
/// `previous` (the report of `period`), or `None` when it has no such figure.
fn revision(
    indicators: &[Indicator],
    previous: &str,
    text: &str,
    period: Period,
    by: Period,
    publisher: Option<&str>,
    n: usize,
) -> Option<(String, InjectedRevision)> {
    let id = indicators.iter().find(|i| i.parts.is_empty())?.id.as_str();
    let line = previous.lines().find(|l| l.starts_with(&format!("  {id}: {{")))?;
    let published: f64 = line.split("change_pct: ").nth(1)?.split(',').next()?.trim().parse().ok()?;
    let value = ((published + 0.3 + n as f64 % 3.0) * 10.0).round() / 10.0;
    let kind = if n.is_multiple_of(2) { "revision" } else { "correction" };
    let entry = format!(
        "revisions:\n  - {{ period: {period}, indicator: {id}, measure: change_pct, value: {}, kind: {kind}, reason: Số liệu chính thức của tháng {}. }}\nmetrics:\n",
        num(value),
        period.month
    );
    let revised = text.replacen("metrics:\n", &entry, 1);
    let injected = InjectedRevision {
        publisher: publisher.map(str::to_string),
        period,
        indicator: id.to_string(),
        measure: "change_pct".into(),
        published: num(published),
        value: num(value),
        kind,
        by,
    };
    Some((revised, injected))
}

fn site_yaml(publishers: &[Generating], language: &str) -> String {
    let mut out = format!(
        "title: Lưu trữ báo cáo thông tin và truyền thông\nbase_url: https://example.gov.vn/bao-cao/\nlanguage: {language}\norganization: Bộ Thông tin và Truyền thông\ndescription: Báo cáo tháng của các Sở Thông tin và Truyền thông.\n",
    );
    if publishers.len() > 1 {
        out.push_str("publishers:\n");
        for p in publishers {
            let Some(id) = &p.id else { continue };
            let name = format!("name: \"Sở Thông tin và Truyền thông {}\"", p.place);
            let mut extra = String::new();
            if let Some((last, successor)) = p.merged {
                let successor = publishers[successor].id.as_deref().unwrap_or_default();
                let _ = write!(extra, ", until: {last}, merged_into: {successor}");
            }
            if let Some(from) = p.renamed {
                let _ = write!(extra, ", names: {{ {from}: \"Sở Khoa học và Công nghệ {}\" }}", p.place);
            }
            let _ = writeln!(out, "  {id}: {{ {name}{extra} }}");
        }
    }
    out
}

fn registry(indicators: &[Indicator]) -> String {
    let mut out = String::from(
        "measures:\n  added: { label: Số tăng trong kỳ, integer: true }\n  removed: { label: Số giảm trong kỳ, integer: true }\n  change_pct: { label: So với tháng trước, unit: \"%\" }\n  total: { label: Hiện có, integer: true }\n  per_100_people: { label: Trên 100 dân }\nindicators:\n",
    );
    let ids: Vec<&str> = indicators.iter().map(|i| i.id.as_str()).collect();
    for Indicator { id, name, unit, group, integer, parts } in indicators {
        let _ = write!(out, "  {id}:\n    name: \"{name}\"\n    unit: \"{unit}\"\n    group: \"{group}\"\n");
        if !integer {
            out.push_str("    integer: false\n");
        }
        if !parts.is_empty() && parts.iter().all(|p| ids.contains(&p.as_str())) {
            let _ = writeln!(out, "    featured: true\n    sum_of: [{}]", parts.join(", "));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn report(
    params: &Params,
    indicators: &[Indicator],
    rng: &mut Rng,
    totals: &mut [f64],
    (month, period): (usize, Period),
    publisher: Option<&str>,
    place: &str,
    sentences: &[&str],
    inject: bool,
) -> (String, Vec<Figure>, Vec<Injected>) {
    let ids: Vec<&str> = indicators.iter().map(|i| i.id.as_str()).collect();
    let index = |id: &str| ids.iter().position(|i| *i == id);
    let is_parent = |i: &Indicator| !i.parts.is_empty() && i.parts.iter().all(|p| ids.contains(&p.as_str()));
    // Leaves first: added/removed and the new total.
    let mut values: Vec<Option<(f64, f64, f64, f64)>> = vec![None; indicators.len()];
    for (i, indicator) in indicators.iter().enumerate() {
        if is_parent(indicator) {
            continue;
        }
        let previous = totals[i];
        let scale = (previous / 100.0).max(10.0) as u64;
        let (mut added, mut removed) = (rng.below(scale) as f64, rng.below(scale * 2 / 3) as f64);
        if !indicator.integer {
            added += rng.below(100) as f64 / 100.0;
            removed = (removed / 2.0).floor();
        }
        let total = ((previous + added - removed) * 100.0).round() / 100.0;
        let change = if previous == 0.0 { 0.0 } else { ((total - previous) / previous * 1000.0).round() / 10.0 };
        values[i] = Some((added, removed, change, total));
        totals[i] = total;
    }
    for (i, indicator) in indicators.iter().enumerate() {
        if !is_parent(indicator) {
            continue;
        }
        let (mut a, mut r, mut t) = (0.0, 0.0, 0.0);
        for part in &indicator.parts {
            if let Some(Some((pa, pr, _, pt))) = index(part).map(|j| values[j]) {
                a += pa;
                r += pr;
                t += pt;
            }
        }
        let previous = totals[i];
        values[i] =
            Some((a, r, if previous == 0.0 { 0.0 } else { ((t - previous) / previous * 1000.0).round() / 10.0 }, t));
        totals[i] = t;
    }
    // Parents carry only `total`, so they have no continuity check: a parent
    // off by 7 breaks only its sum; a leaf off by 7 (its parents following)
    // breaks only its continuity, and the next month carries the new total on.
    let mut injections = Vec::new();
    let mut off_by_seven = |target: usize, sum_rule: bool, values: &mut [Option<(f64, f64, f64, f64)>]| {
        let Some((a, r, c, t)) = values[target] else { return };
        values[target] = Some((a, r, c, t + 7.0));
        injections.push(Injected {
            publisher: publisher.map(str::to_string),
            period,
            indicator: indicators[target].id.clone(),
            measure: "total".into(),
            rule: if sum_rule { "sum" } else { "continuity" },
        });
        if !sum_rule {
            totals[target] = t + 7.0;
            for (j, ind) in indicators.iter().enumerate() {
                if ind.parts.contains(&indicators[target].id)
                    && let Some((pa, pr, pc, pt)) = values[j]
                {
                    values[j] = Some((pa, pr, pc, pt + 7.0));
                }
            }
        }
    };
    if inject {
        let sum_rule = is_parent(&indicators[0]) && rng.below(2) == 0;
        let target = if sum_rule { 0 } else { indicators.iter().position(|i| i.parts.is_empty()).unwrap_or(0) };
        off_by_seven(target, sum_rule, &mut values);
    }
    for (i, indicator) in indicators.iter().enumerate() {
        if params.sum_errors.contains(&(month, i)) && is_parent(indicator) {
            off_by_seven(i, true, &mut values);
        }
        if params.continuity_errors.contains(&(month, i)) && !is_parent(indicator) {
            off_by_seven(i, false, &mut values);
        }
    }
    let mut out = String::with_capacity(params.body_bytes + 2048);
    let number = 100 + rng.below(400);
    let next = period.next();
    let _ = write!(
        out,
        "---\ntitle: Báo cáo hoạt động thông tin và truyền thông tháng {} và nhiệm vụ trọng tâm tháng {} năm {}\nperiod: {period}\n",
        period.month, next.month, period.year
    );
    if let Some(id) = publisher {
        let _ = writeln!(out, "publisher: {id}");
    }
    let _ = write!(
        out,
        "number: {number}/BC-STTTT\nissued: {}-{:02}-{:02}\nplace: \"{place}\"\nsigner: {{ name: Nguyễn Văn {}, title: Phó Giám đốc, on_behalf: KT. Giám đốc }}\nrecipients: [Bộ Thông tin và Truyền thông, \"HĐND, UBND tỉnh\", Lưu VT]\nmetrics:\n",
        period.year,
        period.month,
        10 + rng.below(18),
        ["An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Minh", "Nam"][rng.below(8) as usize],
    );
    let mut figures = Vec::new();
    for (i, indicator) in indicators.iter().enumerate() {
        let Some((a, r, c, t)) = values[i] else { continue };
        if params.omitted.contains(&(month, i)) {
            continue;
        }
        let written: &[(&'static str, f64)] = if is_parent(indicator) {
            &[("total", t)]
        } else {
            &[("added", a), ("removed", r), ("change_pct", c), ("total", t)]
        };
        let pairs: Vec<String> = written.iter().map(|(m, v)| format!("{m}: {}", num(*v))).collect();
        let _ = writeln!(out, "  {}: {{ {} }}", indicator.id, pairs.join(", "));
        for (measure, value) in written {
            let value = num(*value).parse().unwrap_or(*value);
            figures.push(Figure { indicator: indicator.id.clone(), measure, value });
        }
    }
    out.push_str("---\n\n");
    body(&mut out, params.body_bytes, rng, period, indicators, sentences);
    (out, figures, injections)
}

fn num(value: f64) -> String {
    annals::text::plain_rounded(value, 6)
}

fn body(out: &mut String, bytes: usize, rng: &mut Rng, period: Period, indicators: &[Indicator], sentences: &[&str]) {
    let next = period.next();
    let sections = [
        "## I. Đánh giá chung".to_string(),
        format!("## II. Kết quả hoạt động thông tin và truyền thông tháng {}/{}", period.month, period.year),
        "### 1. Về Bưu chính, Viễn thông".to_string(),
        "### 2. Về Công nghệ thông tin".to_string(),
        "### 3. Về Báo chí xuất bản".to_string(),
        format!("## III. Nhiệm vụ trọng tâm tháng {}/{}", next.month, next.year),
    ];
    let per_section = bytes / sections.len();
    for (s, heading) in sections.iter().enumerate() {
        out.push_str(heading);
        out.push_str("\n\n");
        let section_start = out.len();
        let mut in_paragraph = 0;
        while out.len() - section_start < per_section && !sentences.is_empty() {
            let sentence = sentences[rng.below(sentences.len() as u64) as usize];
            out.push_str(sentence.trim_end_matches('.'));
            out.push_str(". ");
            in_paragraph += 1;
            if in_paragraph == 3 {
                out.push_str("\n\n");
                in_paragraph = 0;
            }
        }
        out.push_str("\n\n");
        if s == 2 {
            let ids: Vec<&str> = indicators.iter().map(|i| i.id.as_str()).take(8).collect();
            let _ = write!(
                out,
                "Các chỉ tiêu ước thực hiện tháng {} năm {}:\n\n{{{{ metrics {} }}}}\n\n",
                period.month,
                period.year,
                ids.join(" ")
            );
        }
    }
}

/// Writes the generated files under `dir`.
pub fn write(generated: &Generated, dir: &std::path::Path) -> std::io::Result<()> {
    for (path, text) in &generated.files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, text)?;
    }
    Ok(())
}
