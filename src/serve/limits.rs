//! Connection limits of the preview server, below HTTP: a cap on open
//! connections and a deadline for each request's header.
//!
//! axum's `serve` sets neither, so a client that opens connections, or
//! sends half a header and waits, would hold the server's resources
//! forever. [`Limited`] wraps the listener: past [`MAX_CONNECTIONS`] open
//! connections a new one is closed at once, and each connection's
//! [`Deadline`] closes it when a request's header (first byte to the blank
//! line) takes longer than [`HEADER_TIMEOUT`]. A connection that finished
//! its header and waits (a reload stream, a keep-alive between requests)
//! has no deadline; the cap bounds how many may wait.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

/// Most connections open at once (tabs, their reload streams, requests).
pub(super) const MAX_CONNECTIONS: usize = 128;
/// Longest a request header may take to arrive.
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// A listener that enforces the limits above.
pub(super) struct Limited {
    inner: TcpListener,
    open: Arc<Semaphore>,
}

impl Limited {
    pub(super) fn new(inner: TcpListener) -> Limited {
        Limited { inner, open: Arc::new(Semaphore::new(MAX_CONNECTIONS)) }
    }
}

impl axum::serve::Listener for Limited {
    type Io = Deadline;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Deadline, std::net::SocketAddr) {
        loop {
            let (stream, address) = match self.inner.accept().await {
                Ok(accepted) => accepted,
                Err(_) => {
                    // Out of file descriptors or a reset: wait, then go on.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            match Arc::clone(&self.open).try_acquire_owned() {
                Ok(permit) => return (Deadline::new(stream, permit), address),
                Err(_) => drop(stream),
            }
        }
    }

    fn local_addr(&self) -> io::Result<std::net::SocketAddr> {
        self.inner.local_addr()
    }
}

/// A connection that fails its reads once a request header is late.
pub(super) struct Deadline {
    stream: TcpStream,
    /// Set while a header is being read: from the connection's start, and
    /// from the first byte of each later request, to its blank line.
    timer: Option<Pin<Box<Sleep>>>,
    /// The last bytes read, to find `\r\n\r\n` across reads.
    tail: [u8; 3],
    _permit: OwnedSemaphorePermit,
}

impl Deadline {
    fn new(stream: TcpStream, permit: OwnedSemaphorePermit) -> Deadline {
        Deadline { stream, timer: Some(Box::pin(tokio::time::sleep(HEADER_TIMEOUT))), tail: [0; 3], _permit: permit }
    }

    /// Follows the header state through the bytes just read.
    fn saw(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            if self.timer.is_none() {
                self.timer = Some(Box::pin(tokio::time::sleep_until(Instant::now() + HEADER_TIMEOUT)));
            }
            if self.tail == *b"\r\n\r" && byte == b'\n' {
                self.timer = None;
            }
            self.tail = [self.tail[1], self.tail[2], byte];
        }
    }
}

impl AsyncRead for Deadline {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if let Some(timer) = self.timer.as_mut()
            && timer.as_mut().poll(cx).is_ready()
        {
            return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "request header too slow")));
        }
        let before = buf.filled().len();
        let result = Pin::new(&mut self.stream).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = result {
            let new = buf.filled()[before..].to_vec();
            self.saw(&new);
        }
        result
    }
}

impl AsyncWrite for Deadline {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
