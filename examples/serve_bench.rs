//! Benchmark of `annals serve`: from saving a report to the reload event.
//!
//! Generates a deterministic archive (same input on every run), starts the
//! real binary on it, listens to the reload channel, then saves one report
//! at a time and measures until its `reload` event arrives. Also measures a
//! template change (every page rendered again) and a stylesheet change.
//!
//! ```text
//! cargo build --release && cargo run --release --example serve_bench -- 360
//! cargo run --release --example serve_bench -- 15000 [path/to/annals] [edits]
//! cargo run --release --example serve_bench -- path/to/site [path/to/annals] [edits]
//! ```
//! With more than 360 reports the archive has several publishers (360
//! months each, 1995–2024), as when a ministry gathers every province's.
//! Given a site folder instead (e.g. one from `gen-archive`, as
//! `scripts/bench.sh` does), a copy of it is served and edited.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const MONTHS: usize = 360;
const INDICATORS: [&str; 8] = [
    "fixed-wired",
    "fixed-wireless",
    "mobile-postpaid",
    "mobile-prepaid",
    "broadband-xdsl",
    "broadband-ftth",
    "post-offices",
    "websites",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let site = args.get(1).map(PathBuf::from).filter(|p| p.join("site.yaml").is_file());
    let reports: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(360);
    let binary = args.get(2).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("target/release/annals"));
    let edits: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(20);
    let dir = tempfile::tempdir().expect("temporary folder");
    let files = match &site {
        Some(site) => copy_site(site, dir.path()),
        None => generate(dir.path(), reports),
    };
    let reports = files.len();
    println!("archive: {reports} reports in {}", dir.path().display());

    let started = Instant::now();
    let mut server = Server::start(&binary, dir.path());
    println!("first build and start: {} ms ({})", started.elapsed().as_millis(), server.last_line("Built in"));
    let events = listen(server.port);
    expect(&events, "hello", Duration::from_secs(600));

    // Body edits leave the report's entry in lists alone (its page only is
    // rendered); title edits change it (lists, year and neighbours too).
    let (mut body_times, mut title_times) = (Vec::new(), Vec::new());
    for edit in 0..edits {
        let file = &files[(edit * 7919 + reports / 2) % files.len()];
        let text = std::fs::read_to_string(file).expect("report");
        let text = if edit % 2 == 0 {
            text.replacen("\n## ", &format!("\n## (sửa lần {edit}) "), 1)
        } else {
            text.replacen("\ntitle: ", &format!("\ntitle: (sửa lần {edit}) "), 1)
        };
        std::thread::sleep(Duration::from_millis(300));
        let saved = Instant::now();
        std::fs::write(file, text).expect("save");
        expect(&events, "reload", Duration::from_secs(300));
        if edit % 2 == 0 { &mut body_times } else { &mut title_times }.push(saved.elapsed());
    }
    summary("save a report, body edit → reload event", &mut body_times);
    summary("save a report, title edit → reload event", &mut title_times);
    std::thread::sleep(Duration::from_millis(300));
    println!("  server's own rebuild time, last edit: {}", server.last_line(": rebuilt in"));
    println!("  then, off the rebuild thread: {}", server.last_line("search index rebuilt in"));

    let template = dir.path().join("templates/report.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    let saved = Instant::now();
    std::fs::write(
        &template,
        include_str!("../themes/default/templates/report.html").replace("</article>", "<!-- edited --></article>"),
    )
    .unwrap();
    expect(&events, "reload", Duration::from_secs(600));
    println!("template change (all pages) → reload event: {} ms", saved.elapsed().as_millis());
    std::thread::sleep(Duration::from_millis(300));
    println!("  {}", server.last_line(": rebuilt in"));

    let stylesheet = dir.path().join("static/static/annals.css");
    std::fs::create_dir_all(stylesheet.parent().unwrap()).unwrap();
    let saved = Instant::now();
    std::fs::write(&stylesheet, "body { color: #222 }\n").unwrap();
    expect(&events, "css", Duration::from_secs(30));
    println!("stylesheet change → css event: {} ms", saved.elapsed().as_millis());
    std::thread::sleep(Duration::from_millis(300));
    println!("  {}", server.last_line(": rebuilt in"));
    server.stop();
}

fn summary(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    println!(
        "{what}: {} edits, min {:.0} ms, median {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        times.len(),
        at(0.0),
        at(0.5),
        at(0.9),
        at(1.0)
    );
}

/// Copies a site folder into `to`; returns its report files, sorted.
fn copy_site(from: &Path, to: &Path) -> Vec<PathBuf> {
    let status = Command::new("cp").arg("-r").arg(format!("{}/.", from.display())).arg(to).status();
    assert!(status.is_ok_and(|s| s.success()), "cannot copy {}", from.display());
    let _ = std::fs::remove_dir_all(to.join("public"));
    let mut files = Vec::new();
    let mut folders = vec![to.join("content")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("content folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A small deterministic generator (no randomness from the system).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// Writes the site; returns the report files.
fn generate(root: &Path, reports: usize) -> Vec<PathBuf> {
    let publishers = reports.div_ceil(MONTHS);
    let mut site = String::from(
        "title: Lưu trữ báo cáo thử tải\nbase_url: https://example.gov.vn/bao-cao/\nlanguage: vi\norganization: Sở Thông tin và Truyền thông\n",
    );
    if publishers > 1 {
        site.push_str("publishers:\n");
        for p in 0..publishers {
            site.push_str(&format!("  tinh-{p:02}: {{ name: Sở TTTT tỉnh số {p} }}\n"));
        }
    }
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("site.yaml"), site).unwrap();
    let mut registry = String::from(
        "measures:\n  added: { label: Số tăng trong kỳ, integer: true }\n  removed: { label: Số giảm trong kỳ, integer: true }\n  total: { label: Hiện có, integer: true }\nindicators:\n",
    );
    for id in INDICATORS {
        registry.push_str(&format!("  {id}:\n    name: Chỉ tiêu {id}\n    unit: đơn vị\n    group: Viễn thông\n"));
    }
    std::fs::write(root.join("content/indicators.yaml"), registry).unwrap();
    let mut rng = Lcg(2014);
    let mut files = Vec::with_capacity(reports);
    let mut totals = [0u64; INDICATORS.len()];
    for n in 0..reports {
        let (publisher, month) = (n / MONTHS, n % MONTHS);
        if month == 0 {
            totals = [100_000; INDICATORS.len()];
        }
        let (year, month) = (1995 + month / 12, month % 12 + 1);
        let folder =
            if publishers > 1 { format!("content/tinh-{publisher:02}/{year}") } else { format!("content/{year}") };
        std::fs::create_dir_all(root.join(&folder)).unwrap();
        let file = root.join(format!("{folder}/{year}-{month:02}.md"));
        std::fs::write(&file, report(&mut rng, &mut totals, publishers > 1, publisher, year, month)).unwrap();
        files.push(file);
    }
    files
}

/// One report; its figures carry on from the previous month's `totals`, so
/// the consistency checks find nothing (as in a well-kept archive).
fn report(rng: &mut Lcg, totals: &mut [u64], several: bool, publisher: usize, year: usize, month: usize) -> String {
    let mut text = format!(
        "---\ntitle: Báo cáo hoạt động thông tin và truyền thông tháng {month} năm {year}\nperiod: {year}-{month:02}\n"
    );
    if several {
        text.push_str(&format!("publisher: tinh-{publisher:02}\n"));
    }
    text.push_str(&format!(
        "number: {}/BC-STTTT\nissued: {year}-{month:02}-{:02}\nplace: Quảng Ninh\nsigner:\n  name: Nguyễn Văn {}\n  title: Phó Giám đốc\nrecipients: [Tỉnh ủy, \"HĐND, UBND tỉnh\", Bộ Thông tin và Truyền thông]\ntags: [viễn thông, internet, bưu chính]\nmetrics:\n",
        100 + rng.next(900),
        1 + rng.next(27),
        ["An", "Bình", "Cường", "Dũng"][rng.next(4) as usize]
    ));
    for (id, total) in INDICATORS.iter().zip(totals.iter_mut()) {
        let (added, removed) = (rng.next(5000), rng.next(3000));
        *total = *total + added - removed;
        text.push_str(&format!("  {id}: {{ added: {added}, removed: {removed}, total: {total} }}\n"));
    }
    text.push_str("---\n\n## I. Tình hình chung\n\n");
    for paragraph in 0..6 {
        text.push_str(&format!(
            "Trong tháng {month}, các doanh nghiệp bưu chính, viễn thông trên địa bàn tỉnh hoạt động ổn định, đáp ứng nhu cầu thông tin liên lạc của nhân dân (mục {paragraph}). Tổng số thuê bao tăng {} so với tháng trước; công tác quản lý nhà nước được tăng cường.\n\n",
            rng.next(10_000)
        ));
    }
    text.push_str("## II. Nhiệm vụ tháng tới\n\n| Nhiệm vụ | Đơn vị | Thời hạn |\n|---|---|---|\n");
    for task in 0..5 {
        text.push_str(&format!("| Nhiệm vụ số {task} | Phòng {} | {}/{year} |\n", rng.next(9), month));
    }
    text
}

struct Server {
    child: Child,
    port: u16,
    log: Receiver<String>,
    lines: Vec<String>,
}

impl Server {
    fn start(binary: &Path, root: &Path) -> Server {
        let mut child = Command::new(binary)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {}: {e} (build it with `cargo build --release`)", binary.display())
            });
        let stderr = child.stderr.take().unwrap();
        let (sender, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let mut server = Server { child, port: 0, log, lines: Vec::new() };
        while server.port == 0 {
            let line = server.log.recv_timeout(Duration::from_secs(900)).expect("the server did not start");
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                server.port = rest.split('/').next().and_then(|p| p.parse().ok()).unwrap_or(0);
            }
            server.lines.push(line);
        }
        server
    }

    fn last_line(&mut self, containing: &str) -> String {
        self.lines.extend(self.log.try_iter());
        self.lines.iter().rev().find(|l| l.contains(containing)).cloned().unwrap_or_default()
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn listen(port: u16) -> Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let request = format!("GET /__annals/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ") {
                let _ = sender.send(name.to_string());
            }
        }
    });
    receiver
}

fn expect(events: &Receiver<String>, name: &str, timeout: Duration) {
    let started = Instant::now();
    loop {
        match events.recv_timeout(timeout.saturating_sub(started.elapsed())) {
            Ok(event) if event == name => return,
            Ok(_) => continue,
            Err(_) => panic!("no `{name}` event within {timeout:?}"),
        }
    }
}
