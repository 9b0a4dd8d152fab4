//! `annals serve` against clients that misbehave, with a raw TCP client:
//! half a header, too many connections, a foreign Referer, a Host that is
//! nearly ours.

mod serve_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serve_support::{Events, Server};

/// How long the server waits for a request header (src/serve/limits.rs), and some slack.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
const SLACK: Duration = Duration::from_secs(4);

/// Reads until the server closes the connection; how long that took, or
/// `None` when it was still open after `limit`.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    let mut buffer = [0u8; 4096];
    while started.elapsed() < limit {
        match stream.read(&mut buffer) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => {}
            Err(err) if matches!(err.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return Some(started.elapsed()),
        }
    }
    None
}

#[test]
fn half_a_header_is_cut_off() {
    let server = Server::start("serve");
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Slow: ", server.port).as_bytes()).unwrap();
    let took = closed_within(&mut stream, HEADER_TIMEOUT + SLACK);
    assert!(took.is_some(), "a half header kept the connection open");
    // A reload stream that finished its header is not cut off.
    let events = Events::open(server.port, "");
    assert_eq!(events.status, 200);
    std::thread::sleep(HEADER_TIMEOUT + Duration::from_secs(1));
    server.write("content/2014/2014-08.md", &server.read("content/2014/2014-08.md").replace("100008", "100009"));
    events.expect("reload", Duration::from_secs(20));
}

#[test]
fn connections_past_the_cap_are_closed_and_service_comes_back() {
    let server = Server::start("serve");
    let idle: Vec<TcpStream> = (0..128).map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut extra = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let took = closed_within(&mut extra, Duration::from_secs(3));
    assert!(took.is_some(), "the 129th connection was kept");
    // The idle ones send no header: they time out, and the server answers again.
    std::thread::sleep(HEADER_TIMEOUT + Duration::from_secs(1));
    assert_eq!(server.get("/").status, 200);
    drop(idle);
}

#[test]
fn a_foreign_referer_is_refused_like_a_foreign_origin() {
    let server = Server::start("serve");
    let foreign = Events::open(server.port, "Referer: http://evil.example/page\r\n");
    assert_eq!(foreign.status, 403);
    let problems = server.get_with("/__annals/problems.json", "Referer: http://evil.example/\r\n");
    assert_eq!(problems.status, 403);
    let ours =
        server.get_with("/__annals/problems.json", &format!("Referer: http://localhost:{}/reports/\r\n", server.port));
    assert_eq!(ours.status, 200);
    // Pages themselves may be linked from anywhere.
    assert_eq!(server.get_with("/", "Referer: http://evil.example/\r\n").status, 200);
}

#[test]
fn a_host_that_is_nearly_ours_is_refused() {
    let server = Server::start("serve");
    let port = server.port;
    for host in [format!("127.0.0.1:0{port}"), format!("127.0.0.1:+{port}"), format!("127.0.0.1 :{port}")] {
        let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let status = server.raw(request.as_bytes()).status;
        assert!(status == 403 || status == 400, "Host {host:?} got {status}");
    }
    let request = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(server.raw(request.as_bytes()).status, 200);
}
