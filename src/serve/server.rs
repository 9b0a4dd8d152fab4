//! The preview server (axum): the in-memory site, the live-reload channel
//! and the error overlay.
//!
//! Every request passes [`guard`]: a `Host` that is not this server's is
//! refused (DNS rebinding), and every response says `nosniff`, `no-cache`
//! and `Cross-Origin-Resource-Policy: same-origin`; no response carries
//! `Access-Control-Allow-Origin`. Site files come only from the current
//! [`Snapshot`]'s output (never from the disk); HTML pages get the reload
//! script tag before `</body>` as they are sent. `/__annals/events` is a
//! server-sent-events stream of `hello`, `reload`, `css`, `problems` and
//! `ok` events, refused to foreign origins.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;

use super::Snapshot;
use super::request::{self, Hosts, Target};

/// The live-reload client, served only by `annals serve`.
const RELOAD_JS: &str = include_str!("reload.js");
/// The overlay's styles.
const OVERLAY_CSS: &str = include_str!("overlay.css");

#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) snapshots: watch::Receiver<Arc<Snapshot>>,
    pub(crate) shutdown: watch::Receiver<bool>,
    pub(crate) hosts: Hosts,
}

pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/__annals/reload.js", get(|| async { asset(RELOAD_JS, "reload.js") }))
        .route("/__annals/overlay.css", get(|| async { asset(OVERLAY_CSS, "overlay.css") }))
        .route("/__annals/events", get(events))
        .route("/__annals/problems.json", get(problems))
        .fallback(site)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Larger request headers are refused (431).
const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Refuses foreign `Host`s and huge headers; adds the headers every response carries.
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let header_bytes: usize = request.headers().iter().map(|(n, v)| n.as_str().len() + v.len() + 4).sum();
    if header_bytes > MAX_HEADER_BYTES {
        return plain(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, "The request headers are too large.\n");
    }
    let hosts: Vec<_> = request.headers().get_all(header::HOST).iter().collect();
    let host = match (request.uri().authority(), hosts.as_slice()) {
        (_, [_, _, ..]) => None,
        (Some(authority), _) => Some(authority.as_str().to_string()),
        (None, [host]) => host.to_str().ok().map(str::to_string),
        (None, []) => None,
    };
    let mut response = match host {
        Some(host) if state.hosts.allows(&host) => next.run(request).await,
        Some(_) => plain(StatusCode::FORBIDDEN, "annals serve answers only to localhost and its own address.\n"),
        None => plain(StatusCode::BAD_REQUEST, "One Host header is required.\n"),
    };
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-cache"));
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

fn asset(text: &'static str, name: &str) -> Response {
    ([(header::CONTENT_TYPE, request::content_type(name))], text).into_response()
}

/// A request from a page of another origin (or another site) may not read
/// the reload channel or the diagnostics.
fn foreign(hosts: &Hosts, headers: &HeaderMap) -> bool {
    let origin = headers.get(header::ORIGIN).map(|o| o.to_str().map(|o| hosts.allows_origin(o)).unwrap_or(false));
    // Without an Origin, a Referer of another site is refused the same way.
    let referer = headers.get(header::REFERER).map(|r| r.to_str().map(|r| hosts.allows_referer(r)).unwrap_or(false));
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    origin == Some(false) || referer == Some(false) || matches!(fetch_site, Some("cross-site" | "same-site"))
}

async fn site(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD are served.\n");
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let snapshot = Arc::clone(&state.snapshots.borrow());
    let path = match request::target(uri.path()) {
        Target::Bad => return plain(StatusCode::BAD_REQUEST, "This address is not valid.\n"),
        Target::File(path) => path,
        Target::FileOrFolder(path) => {
            if snapshot.output.get(&path).is_none() && snapshot.output.get(&format!("{path}/index.html")).is_some() {
                let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
                let location = format!("{}/{query}", uri.path());
                return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response();
            }
            path
        }
    };
    match file(&snapshot, &path) {
        Some(response) => response,
        None => not_found(&snapshot),
    }
}

fn file(snapshot: &Snapshot, path: &str) -> Option<Response> {
    let bytes = snapshot.output.get_shared(path)?;
    let content_type = request::content_type(path);
    let body = if content_type.starts_with("text/html") {
        Body::from(request::inject(&bytes, &script_tag(snapshot)))
    } else {
        Body::from(bytes)
    };
    Some(([(header::CONTENT_TYPE, content_type)], body).into_response())
}

fn script_tag(snapshot: &Snapshot) -> String {
    format!("<script src=\"/__annals/reload.js\" data-build=\"{}\"></script>\n", snapshot.build_id())
}

/// The site's 404.html with status 404, or a plain page while no build succeeded.
fn not_found(snapshot: &Snapshot) -> Response {
    let mut response = file(snapshot, "404.html").unwrap_or_else(|| {
        let page = format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404</title></head><body><h1>404</h1>{}</body></html>",
            script_tag(snapshot)
        );
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
    });
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

async fn problems(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if foreign(&state.hosts, &headers) {
        return plain(StatusCode::FORBIDDEN, "Refused: another site may not read this.\n");
    }
    let snapshot = Arc::clone(&state.snapshots.borrow());
    let mut json: serde_json::Value = snapshot
        .problems
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or_else(|| serde_json::json!({ "diagnostics": [] }));
    json["build"] = snapshot.build_id().into();
    ([(header::CONTENT_TYPE, request::content_type("p.json"))], json.to_string()).into_response()
}

async fn events(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if foreign(&state.hosts, &headers) {
        return plain(StatusCode::FORBIDDEN, "Refused: another site may not listen to this server.\n");
    }
    let mut listener = Listener {
        snapshots: state.snapshots.clone(),
        shutdown: state.shutdown.clone(),
        reload_seen: 0,
        generation_seen: 0,
        problems_shown: None,
        queue: VecDeque::new(),
    };
    let snapshot = Arc::clone(&listener.snapshots.borrow_and_update());
    listener.reload_seen = snapshot.reload;
    listener.generation_seen = snapshot.generation;
    listener.queue.push_back(Event::default().event("hello").data(snapshot.build_id()));
    let pending = listener.events_for(&snapshot);
    listener.queue.extend(pending);
    let stream = futures_util::stream::unfold(listener, Listener::next);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}

/// One browser tab listening for changes.
struct Listener {
    snapshots: watch::Receiver<Arc<Snapshot>>,
    shutdown: watch::Receiver<bool>,
    reload_seen: u64,
    generation_seen: u64,
    problems_shown: Option<Arc<str>>,
    queue: VecDeque<Event>,
}

impl Listener {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Listener)> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some((Ok(event), self));
            }
            if *self.shutdown.borrow() {
                return None;
            }
            tokio::select! {
                changed = self.snapshots.changed() => changed.ok()?,
                _ = self.shutdown.changed() => return None,
            }
            let snapshot = Arc::clone(&self.snapshots.borrow_and_update());
            let events = self.events_for(&snapshot);
            self.queue.extend(events);
        }
    }

    /// What this tab must be told about `snapshot`.
    fn events_for(&mut self, snapshot: &Snapshot) -> Vec<Event> {
        let mut events = Vec::new();
        if snapshot.reload > self.reload_seen {
            self.reload_seen = snapshot.reload;
            self.generation_seen = snapshot.generation;
            self.problems_shown = snapshot.problems.clone();
            return vec![Event::default().event("reload").data(snapshot.build_id())];
        }
        match (&snapshot.problems, &self.problems_shown) {
            (Some(now), Some(shown)) if Arc::ptr_eq(now, shown) => {}
            (Some(now), _) => events.push(Event::default().event("problems").data(now.as_ref())),
            (None, Some(_)) => events.push(Event::default().event("ok").data("")),
            (None, None) => {}
        }
        self.problems_shown = snapshot.problems.clone();
        if snapshot.generation > self.generation_seen && !snapshot.stylesheets.is_empty() {
            events.push(Event::default().event("css").data(snapshot.generation.to_string()));
        }
        self.generation_seen = snapshot.generation;
        events
    }
}
