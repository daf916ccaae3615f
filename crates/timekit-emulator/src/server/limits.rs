//! Connection hygiene: how long a client may take, and how many may be connected at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::AsyncReadExt as _;
use tokio::net::TcpStream;

/// Default of [`crate::EmulatorBuilder::body_timeout`].
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// Default of [`crate::EmulatorBuilder::idle_timeout`].
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Default of [`crate::EmulatorBuilder::max_connections`]: well below the common 1,024 file
/// descriptors per process, so refusing stays possible when the cap is reached.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// Refusals being written at once; more are closed without an answer (each holds a socket).
const MAX_PENDING_REFUSALS: usize = 64;
/// How long a refused client gets to read the 503 before its socket is closed.
const REFUSAL_LINGER: Duration = Duration::from_millis(500);

/// The limits one emulator applies to its connections.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Deadline for a whole request body, from the end of the headers (408 after it).
    pub(crate) body_timeout: Duration,
    /// How long a connection may go without a complete request head: an idle keep-alive
    /// connection and a client sending headers slowly are both closed after it.
    pub(crate) idle_timeout: Duration,
    /// Open connections at most; more are answered 503 and closed right away.
    pub(crate) max_connections: usize,
    /// Timekit's request limits, when switched on (`None`: off).
    pub(crate) rate: Option<super::rate::RateLimits>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_timeout: DEFAULT_BODY_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            rate: None,
        }
    }
}

/// Counts open connections; a [`Slot`] is held for each one.
#[derive(Debug, Default)]
pub(crate) struct Gate {
    open: Arc<AtomicUsize>,
    refusing: Arc<AtomicUsize>,
}

/// One admitted connection; dropping it frees the place.
#[derive(Debug)]
pub(crate) struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Gate {
    /// A place for a new connection, unless `max` are already open.
    pub(crate) fn admit(&self, max: usize) -> Option<Slot> {
        self.open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                (open < max).then_some(open + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(&self.open)))
    }

    /// Answers a connection over the cap with a JSON 503 and closes it, without waiting for
    /// its request: the client learns at once instead of hanging in the accept queue.
    pub(crate) fn refuse(&self, stream: TcpStream) {
        let admitted = self
            .refusing
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < MAX_PENDING_REFUSALS).then_some(n + 1)
            })
            .is_ok();
        if !admitted {
            return; // dropped: closed without an answer
        }
        let pending = Slot(Arc::clone(&self.refusing));
        tokio::spawn(async move {
            let _pending = pending;
            let _ = tokio::time::timeout(REFUSAL_LINGER, answer_503(stream)).await;
        });
    }
}

const REFUSAL_BODY: &str =
    r#"{"error":"The emulator has too many open connections; try again shortly."}"#;

async fn answer_503(mut stream: TcpStream) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt as _;
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n",
        REFUSAL_BODY.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(REFUSAL_BODY.as_bytes()).await?;
    stream.shutdown().await?;
    // Read what the client sent until it closes: closing with unread data would reset the
    // connection and could destroy the 503 before the client reads it.
    let mut sink = [0u8; 1024];
    while stream.read(&mut sink).await? > 0 {}
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_admits_up_to_the_cap_and_frees_places() {
        let gate = Gate::default();
        let first = gate.admit(2).unwrap();
        let _second = gate.admit(2).unwrap();
        assert!(gate.admit(2).is_none());
        drop(first);
        assert!(gate.admit(2).is_some());
    }
}
