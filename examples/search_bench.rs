//! Search index benchmark: builds the index of a generated archive and
//! writes its files, for `tests/browser/bench.mjs` to replay queries against.
//!
//! ```text
//! cargo run --release --example search_bench -- 15000 target/search-bench/15000
//! node tests/browser/bench.mjs target/search-bench/15000
//! ```
//!
//! The archive is deterministic (a fixed-seed generator): `publishers ×
//! months` reports whose bodies are sentences of the bundled report
//! (content/2014/2014-08.md) drawn at random, with their figures replaced by
//! random numbers and the province named, plus the bundled registry's
//! indicators. Prints the index size (files, bytes) and the build time.

use std::path::PathBuf;
use std::time::Instant;

use annals::search::docs::{Card, Field, SearchDoc};
use annals::search::{ShardOptions, build_from_docs};

const SOURCE: &str = include_str!("../content/2014/2014-08.md");

const PROVINCES: &[&str] = &[
    "Quảng Ninh",
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Hồ Chí Minh",
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Tĩnh",
    "Hải Dương",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

const INDICATORS: &[(&str, &str)] = &[
    ("fixed-wired", "Điện thoại cố định có dây"),
    ("fixed-wireless", "Điện thoại cố định không dây"),
    ("mobile-postpaid", "Điện thoại di động trả sau"),
    ("mobile-prepaid", "Điện thoại di động trả trước"),
    ("broadband-xdsl", "Internet băng thông rộng xDSL"),
    ("broadband-ftth", "Internet cáp quang FTTH"),
    ("phone-subscribers", "Tổng số thuê bao điện thoại"),
    ("broadband-internet", "Thuê bao Internet băng thông rộng"),
];

/// xorshift64*: small, fast, the same on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn sentences() -> Vec<String> {
    let body = SOURCE.splitn(3, "\n---").nth(2).unwrap_or(SOURCE);
    body.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('|') && !l.starts_with("{{"))
        .flat_map(|l| l.split(". "))
        .map(|s| s.trim().trim_start_matches("- ").to_string())
        .filter(|s| s.chars().count() > 25)
        .collect()
}

/// Replaces each digit run with random digits of the same length.
fn reshuffle_numbers(text: &str, rng: &mut Rng) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { char::from(b'0' + rng.below(10) as u8) } else { c }).collect()
}

fn generate(count: usize) -> Vec<SearchDoc> {
    let sentences = sentences();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let publishers = count.div_ceil(120).max(1);
    let mut docs = Vec::with_capacity(count + INDICATORS.len());
    for i in 0..count {
        let (publisher, month_index) = (i / 120, i % 120);
        let province = PROVINCES[publisher % PROVINCES.len()];
        let org = if publisher < PROVINCES.len() {
            format!("Sở Thông tin và Truyền thông {province}")
        } else {
            format!("Trung tâm Công nghệ thông tin và Truyền thông {province}")
        };
        let (year, month) = (2010 + month_index / 12, month_index % 12 + 1);
        let title = format!(
            "Báo cáo hoạt động thông tin và truyền thông tháng {month} và nhiệm vụ trọng tâm tháng {} năm {year}",
            month % 12 + 1
        );
        // one known document number for the benchmark's number query
        let serial = match 100 + rng.below(400) {
            285 => 286,
            n => n,
        };
        let number = match (publisher, year, month) {
            (0, 2014, 8) => "285/BC-STTTT".to_string(),
            _ if publisher == 0 => format!("{serial}/BC-STTTT"),
            _ => format!("{serial}/BC-STTTT{publisher}"),
        };
        let mut body = Vec::new();
        for _ in 0..30 {
            let s = &sentences[rng.below(sentences.len())];
            body.push(reshuffle_numbers(&s.replace("Quảng Ninh", province), &mut rng));
        }
        let body = body.join(". ");
        let summary: String = body.chars().take(300).collect();
        docs.push(SearchDoc {
            fields: vec![
                (Field::Title, title.clone()),
                (Field::Number, number.clone()),
                (Field::Period, format!("tháng {month}/{year}")),
                (Field::Organization, org),
                (Field::Indicators, INDICATORS.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(" · ")),
                (Field::Body, body),
            ],
            terms: vec![(Field::Period, format!("p{year:04}{month:02}"))],
            card: Card {
                kind: "r",
                title,
                period: format!("Tháng {month}/{year}"),
                number,
                path: if publishers > 1 {
                    format!("reports/p{publisher}/{year:04}/{month:02}/")
                } else {
                    format!("reports/{year:04}/{month:02}/")
                },
                text: summary.chars().take(240).collect(),
            },
        });
    }
    for (id, name) in INDICATORS {
        docs.push(SearchDoc {
            fields: vec![(Field::Title, name.to_string()), (Field::Body, format!("Số {name} trên toàn tỉnh."))],
            terms: Vec::new(),
            card: Card {
                kind: "i",
                title: name.to_string(),
                period: String::new(),
                number: String::new(),
                path: format!("indicators/{id}/"),
                text: format!("Số {name} trên toàn tỉnh."),
            },
        });
    }
    docs
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(120);
    let out = PathBuf::from(args.next().unwrap_or_else(|| format!("target/search-bench/{count}")));
    let started = Instant::now();
    let docs = generate(count);
    let generated = started.elapsed().as_secs_f64();
    let files = build_from_docs(&docs, ShardOptions::default());
    let built = started.elapsed().as_secs_f64() - generated;
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let mut total = 0usize;
    let mut largest = (0usize, String::new());
    for (path, bytes) in &files.files {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes)?;
        total += bytes.len();
        if bytes.len() > largest.0 {
            largest = (bytes.len(), path.clone());
        }
    }
    let count_of = |dir: &str| files.files.iter().filter(|(p, _)| p.contains(dir)).count();
    let manifest = files.files.iter().find(|(p, _)| p.ends_with("manifest.json")).map_or(0, |(_, b)| b.len());
    println!("reports: {count} (+{} indicators)", INDICATORS.len());
    println!(
        "index: {} files, {} bytes ({} term shards, {} tails, {} doc shards); manifest {} bytes; largest {} ({} bytes)",
        files.files.len(),
        total,
        count_of("/t/"),
        count_of("/x/"),
        count_of("/d/"),
        manifest,
        largest.1,
        largest.0
    );
    println!("time: generate {generated:.1} s, index {built:.1} s; written to {}", out.display());
    Ok(())
}
