//! Raw-socket helpers for the attack suite (`tests/attack_*.rs`): each attack test replays one
//! row of issue 17's table and checks, with [`assert_responsive`], that another client is
//! still answered while the attack runs. The bound is generous (correctness, not speed).
// Helpers outside #[test] fns: failing loudly is the point. Each test crate uses a subset.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long another client may wait for `GET /app` while an attack runs.
pub const RESPONSIVE_WITHIN: Duration = Duration::from_secs(2);

/// `Authorization` value for `key`.
pub fn basic(key: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!(":{key}")))
}

/// A raw answer: the status code, the head and the body as text.
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl RawAnswer {
    fn parse(bytes: &[u8]) -> Option<Self> {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n")?;
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some(Self {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_owned(),
        })
    }

    /// The value of header `name` (lower-case), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}: ");
        self.head
            .lines()
            .find_map(|line| line.strip_prefix(prefix.as_str()))
    }
}

/// Writes `request` on a fresh connection and reads until the server closes it or `within`
/// passes. `None` when nothing parseable arrived in time.
pub async fn exchange(addr: SocketAddr, request: &[u8], within: Duration) -> Option<RawAnswer> {
    let mut stream = TcpStream::connect(addr).await.ok()?;
    stream.write_all(request).await.ok()?;
    let mut bytes = Vec::new();
    let _ = tokio::time::timeout(within, stream.read_to_end(&mut bytes)).await;
    RawAnswer::parse(&bytes)
}

/// `GET /v2/app` with the key, `Connection: close`.
pub fn get_app(key: &str) -> Vec<u8> {
    format!(
        "GET /v2/app HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {}\r\nConnection: close\r\n\r\n",
        basic(key)
    )
    .into_bytes()
}

/// Asserts that another client gets `GET /app` answered 200 within [`RESPONSIVE_WITHIN`].
pub async fn assert_responsive(addr: SocketAddr, key: &str, during: &str) {
    let started = Instant::now();
    let answer = exchange(addr, &get_app(key), RESPONSIVE_WITHIN).await;
    let waited = started.elapsed();
    let status = answer.as_ref().map(|answer| answer.status);
    assert!(
        status == Some(200) && waited < RESPONSIVE_WITHIN,
        "GET /app during {during}: status {status:?} after {waited:?}"
    );
}
