//! Test harness for `annals serve`: the real binary over a temporary copy of
//! a fixture site, a raw HTTP/1.1 client on `TcpStream` (so tests can send
//! malformed requests), and a server-sent-events reader. Every wait is
//! bounded; the server is killed when the harness is dropped.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(20);

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
    log: Arc<Mutex<String>>,
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// Copies `tests/fixtures/<fixture>` to a temporary folder and serves it
    /// on a port the system chooses.
    pub fn start(fixture: &str) -> Server {
        Server::start_on(fixture, 0)
    }

    pub fn start_on(fixture: &str, port: u16) -> Server {
        Server::start_with(fixture, port, &[])
    }

    pub fn start_with(fixture: &str, port: u16, extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("temporary folder");
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
        copy_tree(&source, dir.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_annals"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(dir.path())
            .args(extra)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start annals serve");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let mut server = Server { child, port: 0, dir, log };
        let started = Instant::now();
        while server.port == 0 {
            assert!(started.elapsed() < WAIT, "the server did not start:\n{}", server.log());
            if let Some(rest) = server.log().split("Serving the site at http://127.0.0.1:").nth(1) {
                server.port = rest.split('/').next().and_then(|p| p.parse().ok()).unwrap_or(0);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the server's log satisfies `test` (its lines reach the
    /// test through a reader thread, after the events it sends); panics
    /// after [`WAIT`].
    pub fn wait_for_log(&self, what: &str, test: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let log = self.log();
            if test(&log) {
                return log;
            }
            assert!(started.elapsed() < WAIT, "the log never showed {what}:\n{log}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Writes a temporary file beside the target, then renames it over the
    /// target, as editors do.
    pub fn save_atomically(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let temporary = path.with_file_name(".annals-test-save.tmp");
        std::fs::write(&temporary, text).unwrap();
        std::fs::rename(&temporary, &path).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    /// Sends raw bytes, reads the whole response (the request must ask to close).
    pub fn raw(&self, request: &[u8]) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request).expect("send");
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        parse_response(&bytes)
    }

    pub fn get(&self, path: &str) -> Response {
        self.get_with(path, "")
    }

    /// GET with extra header lines (each ending in `\r\n`).
    pub fn get_with(&self, path: &str, headers: &str) -> Response {
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{headers}Connection: close\r\n\r\n", self.port);
        self.raw(request.as_bytes())
    }

    /// Waits until the page at `path` satisfies `test`; panics after [`WAIT`].
    pub fn wait_for_page(&self, path: &str, what: &str, test: impl Fn(&Response) -> bool) -> Response {
        let started = Instant::now();
        loop {
            let response = self.get(path);
            if test(&response) {
                return response;
            }
            assert!(
                started.elapsed() < WAIT,
                "{path} never showed {what}; last:\n{}\nlog:\n{}",
                response.body,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens the reload channel and waits for its `hello`.
    pub fn events(&self) -> Events {
        let events = Events::open(self.port, "");
        events.expect("hello", WAIT);
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Server-sent events as (event, data) pairs, read on a thread.
pub struct Events {
    receiver: Receiver<(String, String)>,
    pub status: u16,
}

impl Events {
    pub fn open(port: u16, extra_headers: &str) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let request = format!(
            "GET /__annals/events HTTP/1.1\r\nHost: localhost:{port}\r\nAccept: text/event-stream\r\n{extra_headers}\r\n"
        );
        stream.write_all(request.as_bytes()).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut reader = BufReader::new(stream);
        let mut status_line = String::new();
        let _ = reader.read_line(&mut status_line);
        let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let (mut event, mut data) = (String::new(), String::new());
            for line in reader.lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(text) = line.strip_prefix("data: ").or(line.strip_prefix("data:")) {
                    data = text.to_string();
                } else if line.is_empty()
                    && !event.is_empty()
                    && sender.send((std::mem::take(&mut event), std::mem::take(&mut data))).is_err()
                {
                    return;
                }
            }
        });
        Events { receiver, status }
    }

    /// The next event, if one comes within `timeout`.
    pub fn next_within(&self, timeout: Duration) -> Option<(String, String)> {
        self.receiver.recv_timeout(timeout).ok()
    }

    /// Waits for the next event named `name` (skipping others); its data.
    pub fn expect(&self, name: &str, timeout: Duration) -> String {
        let started = Instant::now();
        loop {
            let left = timeout.saturating_sub(started.elapsed());
            match self.receiver.recv_timeout(left) {
                Ok((event, data)) if event == name => return data,
                Ok(_) => continue,
                Err(_) => panic!("no `{name}` event within {timeout:?}"),
            }
        }
    }
}

fn parse_response(bytes: &[u8]) -> Response {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    Response { status, headers, body: body.to_string() }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("fixture folder") {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
