//! `annals serve` end to end: the real binary over a copy of
//! tests/fixtures/serve, edited while it runs, asked with raw HTTP.

mod serve_support;

use std::time::Duration;

use serve_support::{Events, Server, WAIT};

const AUGUST: &str = "content/2014/2014-08.md";

#[test]
fn an_edit_changes_the_page_its_neighbours_and_sends_a_reload() {
    let server = Server::start("serve");
    let events = server.events();
    let page = server.get("/reports/2014/08/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Báo cáo tháng 08 năm 2014"));
    assert!(page.body.contains("<script src=\"/__annals/reload.js\""), "the reload script is injected");

    let text = server.read(AUGUST).replace("Báo cáo tháng 08 năm 2014", "Tháng Tám đã sửa");
    server.write(AUGUST, &text);
    events.expect("reload", WAIT);
    assert!(server.get("/reports/2014/08/").body.contains("Tháng Tám đã sửa"));
    // The neighbours link to it by title; the archive and its year list it.
    for path in ["/reports/2014/07/", "/reports/2014/09/", "/reports/", "/reports/2014/"] {
        assert!(server.get(path).body.contains("Tháng Tám đã sửa"), "{path} was not re-rendered");
    }
    // A stylesheet alone: the tab swaps it without reloading.
    server.write("static/static/annals.css", "body { color: #123456 }\n");
    events.expect("css", WAIT);
    assert!(server.get("/static/annals.css").body.contains("#123456"));
    // A template: every page is rendered again.
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/base.html"));
    server.write("templates/base.html", &base.unwrap().replace("</footer>", "<p>Bản xem thử</p></footer>"));
    events.expect("reload", WAIT);
    for path in ["/", "/reports/2014/07/", "/404.html"] {
        assert!(server.get(path).body.contains("Bản xem thử"), "{path} was not re-rendered");
    }
    assert!(!server.path("public").exists(), "serve never writes public/");
    server.wait_for_log("a rebuild", |log| log.contains("rebuilt in"));
}

#[test]
fn a_broken_file_shows_the_overlay_keeps_the_last_good_site_and_recovers() {
    let server = Server::start("serve");
    let events = server.events();
    let good = server.read(AUGUST);
    server.write(AUGUST, &good.replace("total: 100008", "total: \"100.008\""));
    let problems = events.expect("problems", WAIT);
    assert!(problems.contains("content/2014/2014-08.md"), "{problems}");
    let json = server.get("/__annals/problems.json");
    assert_eq!(json.header("content-type"), Some("application/json; charset=utf-8"));
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let first = &value["diagnostics"][0];
    assert_eq!(first["file"], "content/2014/2014-08.md");
    assert_eq!(first["line"], 5, "{first}");
    assert!(first["column"].as_u64().unwrap() > 0);
    assert!(first["hint"].as_str().unwrap().contains("100008"), "{first}");
    assert_eq!(value["strings"]["serve_hint"], "Cách sửa:");
    // The last good pages are still served.
    let page = server.get("/reports/2014/08/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("100.008"), "the last good figure");
    server.wait_for_log("the error and its location", |log| {
        log.contains("error:") && log.contains("--> content/2014/2014-08.md:5")
    });

    server.write(AUGUST, &good.replace("total: 100008", "total: 100009"));
    events.expect("reload", WAIT);
    assert!(server.get("/reports/2014/08/").body.contains("100.009"));
    let json: serde_json::Value = serde_json::from_str(&server.get("/__annals/problems.json").body).unwrap();
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(0));

    // A broken template, then removing it.
    server
        .write("templates/report.html", "{% extends \"base.html\" %}{% block content %}{% if %}{% endblock content %}");
    let problems = events.expect("problems", WAIT);
    assert!(problems.contains("templates/"), "{problems}");
    assert!(server.get("/reports/2014/08/").body.contains("100.009"), "the last good page");
    std::fs::remove_file(server.path("templates/report.html")).unwrap();
    events.expect("ok", WAIT);
    assert!(server.get("/__annals/problems.json").body.contains("\"diagnostics\":[]"));
}

#[test]
fn atomic_saves_renames_new_and_deleted_files_and_side_files() {
    let server = Server::start("serve");
    let good = server.read(AUGUST);
    // Editors' side files are ignored, even when they are not reports.
    server.write("content/2014/4913", "not a report");
    server.write("content/2014/2014-08.md.swp", "---\nbroken");
    server.write("content/2014/#2014-08.md#", "---\nbroken");
    server.save_atomically(AUGUST, &good.replace("ổn định", "rất ổn định"));
    server.wait_for_page("/reports/2014/08/", "the atomic save", |r| r.body.contains("rất ổn định"));
    assert!(server.get("/__annals/problems.json").body.contains("\"diagnostics\":[]"));

    // A new report in a new folder, saved atomically.
    let january = good.replace("period: 2014-08", "period: 2015-01").replace("tháng 08", "tháng 01/2015");
    server.save_atomically("content/2015/2015-01.md", &january);
    server.wait_for_page("/reports/2015/01/", "the new report", |r| r.status == 200);
    assert!(server.get("/reports/2015/").body.contains("tháng 01/2015"));

    // A renamed file keeps its page; a renamed folder too.
    std::fs::rename(server.path(AUGUST), server.path("content/2014/thang-tam.md")).unwrap();
    std::fs::rename(server.path("content/2015"), server.path("content/nam-2015")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    server.wait_for_page("/reports/2014/08/", "the renamed report", |r| r.body.contains("rất ổn định"));
    server.wait_for_page("/reports/2015/01/", "the report in the renamed folder", |r| r.status == 200);

    // Deleted: a file, then a whole folder.
    std::fs::remove_file(server.path("content/2014/2014-07.md")).unwrap();
    server.wait_for_page("/reports/2014/07/", "a 404 for the deleted report", |r| r.status == 404);
    std::fs::remove_dir_all(server.path("content/nam-2015")).unwrap();
    server.wait_for_page("/reports/2015/01/", "a 404 for the deleted folder", |r| r.status == 404);
    assert!(!server.get("/reports/2014/08/").body.contains("2014/07/"), "the link to the deleted report is gone");
}

#[test]
fn a_burst_of_a_hundred_files_gives_one_rebuild() {
    let server = Server::start("serve");
    let template = server.read(AUGUST);
    let before = server.log().matches("rebuilt in").count();
    for n in 0..100 {
        let period = format!("{}-{:02}", 2000 + n / 12, n % 12 + 1);
        let text = template.replace("period: 2014-08", &format!("period: {period}"));
        server.write(&format!("content/burst/{period}.md"), &text);
    }
    server.wait_for_page("/reports/2008/04/", "the last report of the burst", |r| r.status == 200);
    std::thread::sleep(Duration::from_millis(500));
    let rebuilds = server.log().matches("rebuilt in").count() - before;
    // One, unless the machine stalled mid-burst longer than the quiet period:
    // then the events that came during the rebuild make exactly one more.
    assert!((1..=2).contains(&rebuilds), "{rebuilds} rebuilds:\n{}", server.log());
}

#[test]
fn requests_never_escape_the_site() {
    let server = Server::start("serve");
    let port = server.port;
    let attempts = [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2e%2e/site.yaml",
        "/..%2fsite.yaml",
        "/..%5csite.yaml",
        "/\\..\\site.yaml",
        "/reports/../../site.yaml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/content/2014/2014-08.md",
        "/site.yaml",
    ];
    for path in attempts {
        let response = server.get(path);
        assert!(matches!(response.status, 400 | 404), "{path}: {}", response.status);
        assert!(!response.body.contains("base_url") && !response.body.contains("root:"), "{path} leaked a file");
    }
    let absolute = format!(
        "GET http://127.0.0.1:{port}/../site.yaml HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    let response = server.raw(absolute.as_bytes());
    assert!(matches!(response.status, 400 | 404) && !response.body.contains("base_url"), "{}", response.status);
    let bad_utf8 = server.raw(b"GET /%ff%fe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert!((400..500).contains(&bad_utf8.status), "{}", bad_utf8.status);
}

#[test]
fn malformed_requests_get_4xx_and_the_server_goes_on() {
    let server = Server::start("serve");
    let port = server.port;
    let huge = |size: usize| {
        format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nX-Big: {}\r\nConnection: close\r\n\r\n", "a".repeat(size))
    };
    let requests: Vec<Vec<u8>> = vec![
        b"GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".to_vec(),
        format!("GET /%zz HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n").into_bytes(),
        b"GET /\xff\xfe HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec(),
        b"BLAH\r\n\r\n".to_vec(),
        huge(100_000).into_bytes(),
        huge(2_000_000).into_bytes(),
        format!("POST / HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .into_bytes(),
        b"GET / HTTP/1.0\r\n\r\n".to_vec(),
    ];
    for request in &requests {
        let response = server.raw(request);
        let shown = String::from_utf8_lossy(&request[..request.len().min(40)]).into_owned();
        assert!((400..500).contains(&response.status), "{shown}: {}", response.status);
    }
    assert_eq!(server.get("/").status, 200, "still serving");
    // Many at once.
    let handles: Vec<_> = (0..40)
        .map(|i| {
            let path = if i % 2 == 0 { "/" } else { "/reports/2014/08/" };
            let request = format!("GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
                stream.set_read_timeout(Some(WAIT)).unwrap();
                stream.write_all(request.as_bytes()).unwrap();
                let mut bytes = Vec::new();
                let _ = stream.read_to_end(&mut bytes);
                bytes.starts_with(b"HTTP/1.1 200")
            })
        })
        .collect();
    assert!(handles.into_iter().all(|h| h.join().unwrap_or(false)), "every concurrent request was served");
}

#[test]
fn hosts_origins_types_and_the_404_page() {
    let server = Server::start("serve");
    let port = server.port;
    assert_eq!(server.get_with("/", "Host: evil.example\r\n").status, 400, "two Host headers");
    let rebinding = format!("GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(server.raw(rebinding.as_bytes()).status, 403);
    let localhost = format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(server.raw(localhost.as_bytes()).status, 200);

    let foreign = Events::open(port, "Origin: http://evil.example\r\n");
    assert_eq!(foreign.status, 403);
    let other_port = Events::open(port, "Origin: http://localhost:1\r\n");
    assert_eq!(other_port.status, 403);
    let cross_site = Events::open(port, "Sec-Fetch-Site: cross-site\r\n");
    assert_eq!(cross_site.status, 403);
    let own = Events::open(port, &format!("Origin: http://localhost:{port}\r\n"));
    assert_eq!(own.status, 200);
    own.expect("hello", WAIT);

    let types = [
        ("/", "text/html; charset=utf-8"),
        ("/static/annals.css", "text/css; charset=utf-8"),
        ("/__annals/reload.js", "text/javascript; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/__annals/problems.json", "application/json; charset=utf-8"),
    ];
    for (path, content_type) in types {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(content_type), "{path}");
        assert_eq!(response.header("access-control-allow-origin"), None, "{path}");
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"), "{path}");
    }
    let head = server.raw(format!("HEAD / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n").as_bytes());
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    let redirect = server.get("/reports/2014?x=1");
    assert_eq!((redirect.status, redirect.header("location")), (308, Some("/reports/2014/?x=1")));
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Không tìm thấy trang"), "the site's own 404 page");
    assert!(server.get("/atom.xml").body.contains(&format!("http://127.0.0.1:{port}/")), "base_url is the server's");
}

#[test]
fn drafts_only_with_the_flag_and_a_save_that_changes_nothing_sends_nothing() {
    let server = Server::start("serve");
    assert_eq!(server.get("/reports/2014/10/").status, 404, "drafts are left out by default");
    let events = server.events();
    let rebuilds = server.log().matches("rebuilt in").count();
    let text = server.read(AUGUST);
    server.write(AUGUST, &text);
    let started = std::time::Instant::now();
    while server.log().matches("rebuilt in").count() == rebuilds {
        assert!(started.elapsed() < WAIT, "no rebuild after the save:\n{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(events.next_within(Duration::from_millis(500)), None, "nothing changed: the tab is left alone");

    let with_drafts = Server::start_with("serve", 0, &["--drafts"]);
    let draft = with_drafts.get("/reports/2014/10/");
    assert_eq!(draft.status, 200);
    assert!(draft.body.contains("dự thảo") && with_drafts.log().contains("(drafts included)"));
}

#[test]
fn a_busy_port_is_said_and_the_next_free_one_used() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let server = Server::start_on("serve", port);
    assert_ne!(server.port, port);
    assert!(server.log().contains(&format!("Port {port} is busy")), "{}", server.log());
    assert_eq!(server.get("/").status, 200);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let mut server = Server::start("serve");
    let _events = server.events();
    let status = std::process::Command::new("kill").args(["-INT", &server.child.id().to_string()]).status();
    assert!(status.is_ok_and(|s| s.success()));
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(server.log().contains("Stopped."));
}

#[test]
fn the_search_index_follows_an_edit_without_a_second_reload() {
    let server = Server::start("serve");
    let events = server.events();
    let text = server.read(AUGUST).replace("Báo cáo tháng 08 năm 2014", "Chỉ mục đã sửa");
    server.write(AUGUST, &text);
    events.expect("reload", WAIT);
    // The pages come first; the index is built after them and swapped in.
    server.wait_for_page("/search/index/d/0.json", "the new title", |r| r.body.contains("Chỉ mục đã sửa"));
    server.wait_for_log("the search index's rebuild", |log| log.contains("search index rebuilt in"));
    while let Some((event, _)) = events.next_within(Duration::from_millis(300)) {
        assert_ne!(event, "reload", "the index alone must not reload the tabs");
    }
}
