//! The archive generator: synthetic archives for tests, examples and
//! benchmarks. Dev-only, not part of the library: tests and examples include
//! it with `#[path = "…/tests/support/generate/mod.rs"] mod generate;`
//! (`examples/gen-archive.rs` is its command line, `scripts/bench.sh` runs
//! that). [`families`] is a second, smaller model beside it, one publisher, for the
//! indicator property tests (chosen missing months, omitted figures, sum and
//! continuity mismatches, and the findings they must produce).
//!
//! Deterministic from a seed: the same parameters give the same files, byte
//! for byte. Bodies are realistic Vietnamese made from the sentences of the
//! bundled report; figures satisfy the registry's `sum_of` and continuity
//! rules unless inconsistencies are injected on purpose (listed in
//! [`Generated::injected`] so that tests know exactly where checks must fire).

#![allow(dead_code)]

use std::fmt::Write as _;

use annals::period::Period;

pub mod families;

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

#[derive(Clone, Debug)]
pub struct Generated {
    /// (relative path, text), site.yaml and registry included.
    pub files: Vec<(String, String)>,
    pub injected: Vec<Injected>,
    pub revisions: Vec<InjectedRevision>,
}

/// (id, name, unit, group, integer, parts)
pub type IndicatorSpec = (&'static str, &'static str, &'static str, &'static str, bool, &'static [&'static str]);

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
    let indicators = &INDICATORS[..params.indicators.clamp(1, INDICATORS.len())];
    let publishers = plan(params);
    let mut files = vec![
        ("site.yaml".to_string(), site_yaml(&publishers)),
        ("content/indicators.yaml".to_string(), registry(indicators)),
    ];
    let mut injected = Vec::new();
    let sentences = sentences();
    let months = params.years * 12;
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
        let mut period = Period::new(params.first_year, 1).unwrap_or(Period { year: 2010, month: 1 });
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
            let (text, injection) = report(
                params,
                indicators,
                &mut rng,
                &mut totals,
                period,
                publisher.id.as_deref(),
                &publisher.place,
                &sentences,
                inject,
            );
            if let Some(injection) = injection {
                injected.push(injection);
            }
            let path = match &publisher.id {
                Some(id) => format!("content/{id}/{}/{period}.md", period.year),
                None => format!("content/{}/{period}.md", period.year),
            };
            let revise = report_index >= next_revision && revisions.len() < params.revisions && m > 0;
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
            if let Some((last, successor)) = publisher.merged
                && period == last
            {
                for (carried, total) in absorbed[successor].iter_mut().zip(&totals) {
                    *carried += total;
                }
            }
            period = period.next();
            report_index += 1;
        }
    }
    Generated { files, injected, revisions }
}

/// `text` (the report of `by`) with a revision of the `change_pct` of
/// `previous` (the report of `period`), or `None` when it has no such figure.
fn revision(
    indicators: &[IndicatorSpec],
    previous: &str,
    text: &str,
    period: Period,
    by: Period,
    publisher: Option<&str>,
    n: usize,
) -> Option<(String, InjectedRevision)> {
    let id = indicators.iter().find(|i| i.5.is_empty())?.0;
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

fn site_yaml(publishers: &[Generating]) -> String {
    let mut out = String::from(
        "title: Lưu trữ báo cáo thông tin và truyền thông\nbase_url: https://example.gov.vn/bao-cao/\nlanguage: vi\norganization: Bộ Thông tin và Truyền thông\ndescription: Báo cáo tháng của các Sở Thông tin và Truyền thông.\n",
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

fn registry(indicators: &[IndicatorSpec]) -> String {
    let mut out = String::from(
        "measures:\n  added: { label: Số tăng trong kỳ, integer: true }\n  removed: { label: Số giảm trong kỳ, integer: true }\n  change_pct: { label: So với tháng trước, unit: \"%\" }\n  total: { label: Hiện có, integer: true }\n  per_100_people: { label: Trên 100 dân }\nindicators:\n",
    );
    let ids: Vec<&str> = indicators.iter().map(|i| i.0).collect();
    for (id, name, unit, group, integer, parts) in indicators {
        let _ = write!(out, "  {id}:\n    name: \"{name}\"\n    unit: \"{unit}\"\n    group: \"{group}\"\n");
        if !integer {
            out.push_str("    integer: false\n");
        }
        if !parts.is_empty() && parts.iter().all(|p| ids.contains(p)) {
            let _ = writeln!(out, "    featured: true\n    sum_of: [{}]", parts.join(", "));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn report(
    params: &Params,
    indicators: &[IndicatorSpec],
    rng: &mut Rng,
    totals: &mut [f64],
    period: Period,
    publisher: Option<&str>,
    place: &str,
    sentences: &[&str],
    inject: bool,
) -> (String, Option<Injected>) {
    let ids: Vec<&str> = indicators.iter().map(|i| i.0).collect();
    let index = |id: &str| ids.iter().position(|i| *i == id);
    // Leaves first: added/removed and the new total.
    let mut values: Vec<Option<(f64, f64, f64, f64)>> = vec![None; indicators.len()];
    for (i, (_, _, _, _, integer, parts)) in indicators.iter().enumerate() {
        if !parts.is_empty() && parts.iter().all(|p| ids.contains(p)) {
            continue;
        }
        let previous = totals[i];
        let scale = (previous / 100.0).max(10.0) as u64;
        let (mut added, mut removed) = (rng.below(scale) as f64, rng.below(scale * 2 / 3) as f64);
        if !integer {
            added += rng.below(100) as f64 / 100.0;
            removed = (removed / 2.0).floor();
        }
        let total = ((previous + added - removed) * 100.0).round() / 100.0;
        let change = if previous == 0.0 { 0.0 } else { ((total - previous) / previous * 1000.0).round() / 10.0 };
        values[i] = Some((added, removed, change, total));
        totals[i] = total;
    }
    for (i, (_, _, _, _, _, parts)) in indicators.iter().enumerate() {
        if parts.is_empty() || !parts.iter().all(|p| ids.contains(p)) {
            continue;
        }
        let (mut a, mut r, mut t) = (0.0, 0.0, 0.0);
        for part in parts.iter() {
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
    let mut injection = None;
    if inject {
        // Parents carry only `total`, so they have no continuity check: a parent
        // off by 7 breaks only its sum; a leaf off by 7 (its parents following)
        // breaks only its continuity, and the next month carries the new total on.
        let has_parent = indicators[0].5.iter().all(|p| ids.contains(p));
        let sum_rule = has_parent && rng.below(2) == 0;
        let target = if sum_rule { 0 } else { indicators.iter().position(|i| i.5.is_empty()).unwrap_or(0) };
        if let Some((a, r, c, t)) = values[target] {
            values[target] = Some((a, r, c, t + 7.0));
            injection = Some(Injected {
                publisher: publisher.map(str::to_string),
                period,
                indicator: indicators[target].0.to_string(),
                measure: "total".into(),
                rule: if sum_rule { "sum" } else { "continuity" },
            });
            if !sum_rule {
                totals[target] = t + 7.0;
                for (j, ind) in indicators.iter().enumerate() {
                    if ind.5.contains(&indicators[target].0)
                        && let Some((pa, pr, pc, pt)) = values[j]
                    {
                        values[j] = Some((pa, pr, pc, pt + 7.0));
                    }
                }
            }
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
    for (i, (id, _, _, _, _, parts)) in indicators.iter().enumerate() {
        let Some((a, r, c, t)) = values[i] else { continue };
        if parts.is_empty() || !parts.iter().all(|p| ids.contains(p)) {
            let _ = writeln!(
                out,
                "  {id}: {{ added: {}, removed: {}, change_pct: {}, total: {} }}",
                num(a),
                num(r),
                num(c),
                num(t)
            );
        } else {
            let _ = (a, r);
            let _ = writeln!(out, "  {id}: {{ total: {} }}", num(t));
        }
    }
    out.push_str("---\n\n");
    body(&mut out, params.body_bytes, rng, period, indicators, sentences);
    (out, injection)
}

fn num(value: f64) -> String {
    annals::text::plain_rounded(value, 6)
}

fn body(
    out: &mut String,
    bytes: usize,
    rng: &mut Rng,
    period: Period,
    indicators: &[IndicatorSpec],
    sentences: &[&str],
) {
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
            let ids: Vec<&str> = indicators.iter().map(|i| i.0).take(8).collect();
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
