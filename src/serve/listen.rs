//! Where the server listens, how it stops, and opening a browser.
//!
//! [`bind`] takes the asked port or, when it is busy, the next free one of
//! the nine after it, and says so. [`serve_until_stopped`] runs the axum
//! server until Ctrl-C or SIGTERM, then ends the reload streams (which would
//! otherwise keep the graceful shutdown waiting) and gives open requests up
//! to 3 seconds.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;

use super::Snapshot;
use super::request::Hosts;
use super::server;

/// Serves until Ctrl-C (or SIGTERM), then closes the reload streams and
/// lets open requests finish, for at most 3 seconds.
pub(super) async fn serve_until_stopped(
    listener: TcpListener,
    snapshots: watch::Receiver<Arc<Snapshot>>,
    hosts: Hosts,
) {
    let (stop, mut stopped) = watch::channel(false);
    let app = server::router(server::AppState { snapshots, shutdown: stopped.clone(), hosts });
    let server = axum::serve(super::limits::Limited::new(listener), app).with_graceful_shutdown(async move {
        let _ = stopped.wait_for(|s| *s).await;
    });
    let mut task = tokio::spawn(server.into_future());
    tokio::select! {
        _ = shutdown_signal() => {}
        result = &mut task => {
            if let Ok(Err(err)) = result {
                eprintln!("error: the server stopped: {err}");
            }
            return;
        }
    }
    eprintln!("Stopping…");
    let _ = stop.send(true);
    let _ = tokio::time::timeout(Duration::from_secs(3), task).await;
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Listens on `port`, or on the next free one of the nine after it.
pub(super) async fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, String> {
    let tries = if port == 0 { 1 } else { 10 };
    for offset in 0..tries {
        let Some(candidate) = port.checked_add(offset) else { break };
        match TcpListener::bind((ip, candidate)).await {
            Ok(listener) => {
                if offset > 0 {
                    eprintln!("Port {port} is busy (another server is using it): using port {candidate} instead.");
                }
                return Ok(listener);
            }
            Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(err) => return Err(format!("cannot listen on {ip} port {candidate}: {err}")),
        }
    }
    Err(format!(
        "port {port} and the next ones are busy: stop the other server, or pass another port, e.g. `annals serve --port 8080`"
    ))
}

/// `127.0.0.1:1111`, `[::1]:1111`; an address bound to every interface is shown as localhost.
pub(super) fn display_address(address: SocketAddr) -> String {
    match address.ip() {
        ip if ip.is_unspecified() => format!("localhost:{}", address.port()),
        IpAddr::V6(ip) => format!("[{ip}]:{}", address.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", address.port()),
    }
}

pub(super) fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(err) = command {
        eprintln!("Cannot open a browser ({err}): open {url} yourself.");
    }
}
