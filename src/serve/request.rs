//! Pure rules of the preview server: which file a request path names, its
//! content type, which `Host` and `Origin` headers are ours, and where the
//! live-reload script goes in a page.
//!
//! The server only ever looks files up in the in-memory output, so no path
//! can reach the disk; these rules still refuse anything that tries
//! (`..`, encoded or not, backslashes, NUL, absolute or empty segments).

use std::net::IpAddr;

use crate::text::percent_decode;

/// What a request path asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// An output file (relative path): `reports/2014/08/index.html`.
    File(String),
    /// A folder asked for without its slash: redirect to `path + "/"` if it
    /// holds an index.html, else the file `path` itself.
    FileOrFolder(String),
    /// The path is malformed or tries to leave the site: 400.
    Bad,
}

/// Maps a raw (percent-encoded) request path to an output file.
pub(crate) fn target(raw_path: &str) -> Target {
    let Some(decoded) = percent_decode(raw_path) else { return Target::Bad };
    let Some(rest) = decoded.strip_prefix('/') else { return Target::Bad };
    if rest.contains(['\\', '\0']) || rest.starts_with('/') {
        return Target::Bad;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || *segment == "." || *segment == ".." || segment.contains(':') {
            return Target::Bad;
        }
    }
    if rest.is_empty() || rest.ends_with('/') {
        Target::File(format!("{rest}index.html"))
    } else {
        Target::FileOrFolder(rest.to_string())
    }
}

/// The `Content-Type` of an output file, with UTF-8 for text.
pub(crate) fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        // Original documents of imported reports.
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The names a browser may use for this server: against DNS rebinding, a
/// request whose `Host` is any other name is refused.
#[derive(Clone, Debug)]
pub(crate) struct Hosts {
    pub(crate) port: u16,
    bind: IpAddr,
}

impl Hosts {
    pub(crate) fn new(bind: IpAddr, port: u16) -> Self {
        Hosts { port, bind }
    }

    /// `localhost`, 127.0.0.1, [::1] and the bound address, with our port.
    /// Bound to every interface (0.0.0.0), any IP address is accepted, but
    /// still no other name: rebinding needs a name.
    pub(crate) fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else { return false };
        if port != Some(self.port) && !(port.is_none() && self.port == 80) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() else { return false };
        ip.is_loopback() || ip == self.bind || self.bind.is_unspecified()
    }

    /// An `Origin` header (`http://localhost:1111`) that names this server.
    pub(crate) fn allows_origin(&self, origin: &str) -> bool {
        origin.strip_prefix("http://").is_some_and(|host| !host.contains('/') && self.allows(host))
    }

    /// A `Referer` header (`http://localhost:1111/reports/`) from a page of this server.
    pub(crate) fn allows_referer(&self, referer: &str) -> bool {
        let Some(rest) = referer.strip_prefix("http://") else { return false };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        self.allows(&rest[..end])
    }
}

/// `name:port`, `[v6]:port` or a bare name; `None` when malformed.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let rest = &host[end + 1..];
        (&host[..=end], if rest.is_empty() { None } else { Some(rest.strip_prefix(':')?) })
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    // Strict: digits only, no sign, no leading zero, nothing around them.
    let port = match port {
        Some(p) if p.is_empty() || p.starts_with('0') || !p.bytes().all(|b| b.is_ascii_digit()) => return None,
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    let name_ok = !name.is_empty() && !name.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control());
    name_ok.then_some((name, port))
}

/// Inserts `tag` before the last `</body>` of a page (or at its end).
pub(crate) fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let position = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..position]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[position..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_paths_to_files_and_refuses_escapes() {
        let file = |p: &str| Target::File(p.to_string());
        let either = |p: &str| Target::FileOrFolder(p.to_string());
        let cases: &[(&str, Target)] = &[
            ("/", file("index.html")),
            ("/reports/2014/08/", file("reports/2014/08/index.html")),
            ("/reports/2014/08", either("reports/2014/08")),
            ("/static/annals.css", either("static/annals.css")),
            ("/b%C3%A1o-c%C3%A1o/", file("báo-cáo/index.html")),
            ("/../site.yaml", Target::Bad),
            ("/%2e%2e/site.yaml", Target::Bad),
            ("/%2E%2E/site.yaml", Target::Bad),
            ("/..%2fsite.yaml", Target::Bad),
            ("/..%5csite.yaml", Target::Bad),
            ("/\\..\\site.yaml", Target::Bad),
            ("/reports/./x", Target::Bad),
            ("//etc/passwd", Target::Bad),
            ("/a//b", Target::Bad),
            ("/C:/Windows", Target::Bad),
            ("/a%00b", Target::Bad),
            ("/%zz", Target::Bad),
            ("/%+1", Target::Bad),
            ("/%c3%28", Target::Bad),
            ("/%", Target::Bad),
            ("relative", Target::Bad),
        ];
        for (path, want) in cases {
            assert_eq!(&target(path), want, "{path}");
        }
    }

    #[test]
    fn text_types_carry_utf8() {
        for file in ["a.html", "a.css", "a.js", "a.json", "a.csv", "atom.xml", "a.svg", "robots.txt"] {
            assert!(content_type(file).ends_with("charset=utf-8"), "{file}");
        }
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn only_our_names_are_hosts() {
        let local = Hosts::new("127.0.0.1".parse().unwrap(), 1111);
        for host in ["localhost:1111", "LOCALHOST:1111", "127.0.0.1:1111", "[::1]:1111", "127.0.0.2:1111"] {
            assert!(local.allows(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "localhost:1112",
            "localhost",
            "192.168.1.2:1111",
            "",
            ":1111",
            "[::1",
            "127.0.0.1:1111 ",
            " 127.0.0.1:1111",
            "127.0.0.1 :1111",
            "127.0.0.1:01111",
            "127.0.0.1:+1111",
            "127.0.0.1:",
            "[::1]:01111",
            "local\thost:1111",
        ] {
            assert!(!local.allows(host), "{host}");
        }
        let everywhere = Hosts::new("0.0.0.0".parse().unwrap(), 1111);
        assert!(everywhere.allows("192.168.1.2:1111"));
        assert!(!everywhere.allows("rebind.example:1111"));
        assert!(local.allows_origin("http://localhost:1111"));
        assert!(!local.allows_origin("http://evil.example:1111"));
        assert!(!local.allows_origin("https://localhost:1111/x"));
        assert!(!local.allows_origin("null"));
        assert!(local.allows_referer("http://localhost:1111/reports/2014/08/"));
        assert!(local.allows_referer("http://127.0.0.1:1111"));
        for referer in ["http://evil.example:1111/", "https://localhost:1111/", "http://localhost:1111.evil/", "x"] {
            assert!(!local.allows_referer(referer), "{referer}");
        }
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        assert_eq!(inject(b"<p>a</p></BODY></html>", "<s>"), b"<p>a</p><s></BODY></html>");
        assert_eq!(inject(b"<p>a</p>", "<s>"), b"<p>a</p><s>");
    }
}
