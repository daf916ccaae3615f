//! Webhook deliveries (issue 19, `docs/api-decisions.md` "Webhooks").
//!
//! The store notes every booking state a request enters (see `Store::take_webhook_jobs`);
//! once the request's write lock is released, each match of a registered webhook becomes one
//! [`Job`], sent on its own tokio task by [`Dispatcher`]: signed with the app's webhook secret
//! (`x-timekit-signature` = lower-case hex HMAC-SHA256 of the raw body), retried after
//! `base`, `2·base`, `4·base` and then dropped. The API answer never waits for a delivery.
//!
//! Bounded: at most [`MAX_PENDING_DELIVERIES`] deliveries are in flight (a job beyond is
//! dropped at once, with a recorded outcome), and the log keeps the last
//! [`MAX_LOGGED_DELIVERIES`] attempts. Every task ends when the emulator shuts down.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use ring::hmac;
use serde::Serialize;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use crate::time::Stamp;

/// The header carrying a delivery's signature.
pub(crate) const SIGNATURE_HEADER: &str = "x-timekit-signature";
/// Attempts per delivery: the first and 3 retries.
pub(crate) const MAX_ATTEMPTS: u32 = 4;
/// Default wait before the first retry (doubled before each further one).
pub const DEFAULT_WEBHOOK_RETRY_BASE: Duration = Duration::from_secs(1);
/// How long one attempt may take before it counts as failed.
pub(crate) const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// Deliveries in flight at once; more are dropped (recorded) instead of queued.
pub const MAX_PENDING_DELIVERIES: usize = 1_000;
/// Attempts the delivery log keeps (the oldest go first).
pub const MAX_LOGGED_DELIVERIES: usize = 1_000;
/// Webhooks one app may register.
pub(crate) const MAX_WEBHOOKS: usize = 100;

/// A registered webhook (`POST /webhooks`).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub(crate) struct Webhook {
    pub(crate) id: String,
    pub(crate) url: String,
    pub(crate) graph: String,
    pub(crate) state: String,
    pub(crate) method: String,
    pub(crate) created_at: Stamp,
}

/// One delivery to send: a webhook's target and the booking body.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) webhook_id: String,
    pub(crate) url: String,
    pub(crate) method: http::Method,
    pub(crate) booking_id: String,
    pub(crate) state: String,
    pub(crate) body: Bytes,
}

/// What became of one delivery attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryOutcome {
    /// The receiver answered 2xx.
    Delivered,
    /// The attempt failed; another follows after the backoff.
    Retrying,
    /// The attempt failed and no other follows (attempts used up, too many deliveries
    /// pending, or the emulator shut down): the delivery is given up.
    Dropped,
}

/// One recorded delivery attempt ([`EmulatorHandle::webhook_deliveries`]).
///
/// [`EmulatorHandle::webhook_deliveries`]: crate::EmulatorHandle::webhook_deliveries
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct WebhookDelivery {
    /// The webhook delivered to.
    pub webhook_id: String,
    /// The booking delivered.
    pub booking_id: String,
    /// The state the booking entered.
    pub state: String,
    /// 1 for the first attempt, up to 4; 0 when the delivery was dropped before any attempt.
    pub attempt: u32,
    /// The receiver's status code, when it answered.
    pub status: Option<u16>,
    /// Why the attempt failed without an answer (refused, timeout, …).
    pub error: Option<String>,
    /// Delivered, retrying or dropped.
    pub outcome: DeliveryOutcome,
}

/// Sends deliveries on their own tasks and records every attempt.
#[derive(Clone)]
pub(crate) struct Dispatcher {
    inner: Arc<Inner>,
}

struct Inner {
    key: hmac::Key,
    retry_base: Duration,
    runtime: tokio::runtime::Handle,
    client: Client<HttpConnector, Full<Bytes>>,
    permits: Arc<Semaphore>,
    log: Mutex<VecDeque<WebhookDelivery>>,
    shutdown: watch::Receiver<bool>,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("retry_base", &self.inner.retry_base)
            .field(
                "pending",
                &(MAX_PENDING_DELIVERIES - self.inner.permits.available_permits()),
            )
            .finish_non_exhaustive()
    }
}

impl Dispatcher {
    /// Must be called inside the tokio runtime the deliveries run on.
    pub(crate) fn new(secret: &str, retry_base: Duration, shutdown: watch::Receiver<bool>) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(ATTEMPT_TIMEOUT));
        Self {
            inner: Arc::new(Inner {
                key: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()),
                retry_base,
                runtime: tokio::runtime::Handle::current(),
                client: Client::builder(TokioExecutor::new()).build(connector),
                permits: Arc::new(Semaphore::new(MAX_PENDING_DELIVERIES)),
                log: Mutex::new(VecDeque::new()),
                shutdown,
            }),
        }
    }

    /// Starts one task per job; never blocks. A job over the pending bound is dropped.
    pub(crate) fn dispatch(&self, jobs: Vec<Job>) {
        for job in jobs {
            match Arc::clone(&self.inner.permits).try_acquire_owned() {
                Ok(permit) => {
                    let inner = Arc::clone(&self.inner);
                    self.inner.runtime.spawn(deliver(inner, job, permit));
                }
                Err(_) => self.inner.record(
                    &job,
                    0,
                    None,
                    Some(format!(
                        "more than {MAX_PENDING_DELIVERIES} deliveries pending"
                    )),
                    DeliveryOutcome::Dropped,
                ),
            }
        }
    }

    /// Every recorded attempt, oldest first.
    pub(crate) fn deliveries(&self) -> Vec<WebhookDelivery> {
        self.inner.lock_log().iter().cloned().collect()
    }

    /// Waits (up to `limit`) until every delivery task has ended; they end at once when the
    /// shutdown signal is set.
    pub(crate) async fn drain(&self, limit: Duration) {
        let all = u32::try_from(MAX_PENDING_DELIVERIES).unwrap_or(u32::MAX);
        let _ = tokio::time::timeout(limit, self.inner.permits.acquire_many(all)).await;
    }
}

impl Inner {
    fn lock_log(&self) -> std::sync::MutexGuard<'_, VecDeque<WebhookDelivery>> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn record(
        &self,
        job: &Job,
        attempt: u32,
        status: Option<u16>,
        error: Option<String>,
        outcome: DeliveryOutcome,
    ) {
        tracing::info!(
            webhook = %job.webhook_id,
            booking = %job.booking_id,
            state = %job.state,
            attempt,
            status,
            error = error.as_deref().unwrap_or(""),
            outcome = ?outcome,
            "webhook delivery"
        );
        let mut log = self.lock_log();
        if log.len() >= MAX_LOGGED_DELIVERIES {
            log.pop_front();
        }
        log.push_back(WebhookDelivery {
            webhook_id: job.webhook_id.clone(),
            booking_id: job.booking_id.clone(),
            state: job.state.clone(),
            attempt,
            status,
            error,
            outcome,
        });
    }

    /// One attempt: the status the receiver answered, or why there was none.
    async fn attempt(&self, job: &Job, signature: &str) -> Result<u16, String> {
        let request = http::Request::builder()
            .method(job.method.clone())
            .uri(&job.url)
            .header(CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature)
            .body(Full::new(job.body.clone()))
            .map_err(|error| error.to_string())?;
        match tokio::time::timeout(ATTEMPT_TIMEOUT, self.client.request(request)).await {
            Ok(Ok(response)) => Ok(response.status().as_u16()),
            Ok(Err(error)) => Err(describe(&error)),
            Err(_) => Err(format!("no answer within {} s", ATTEMPT_TIMEOUT.as_secs())),
        }
    }
}

/// The error and its sources, so "client error (Connect)" says what went wrong.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let _ = write!(text, ": {cause}");
        source = cause.source();
    }
    text
}

/// Lower-case hex HMAC-SHA256 of `body` under `key`.
fn signature(key: &hmac::Key, body: &[u8]) -> String {
    let tag = hmac::sign(key, body);
    let mut hex = String::with_capacity(64);
    for byte in tag.as_ref() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// Sends `job` until it is delivered or its attempts are used up; ends at once when the
/// emulator shuts down.
async fn deliver(inner: Arc<Inner>, job: Job, permit: OwnedSemaphorePermit) {
    let mut shutdown = inner.shutdown.clone();
    let signature = signature(&inner.key, &job.body);
    let attempts = async {
        for attempt in 1..=MAX_ATTEMPTS {
            if attempt > 1 {
                tokio::time::sleep(inner.retry_base.saturating_mul(1 << (attempt - 2))).await;
            }
            let (status, error) = match inner.attempt(&job, &signature).await {
                Ok(status) if (200..300).contains(&status) => {
                    inner.record(
                        &job,
                        attempt,
                        Some(status),
                        None,
                        DeliveryOutcome::Delivered,
                    );
                    return;
                }
                Ok(status) => (Some(status), None),
                Err(error) => (None, Some(error)),
            };
            let outcome = if attempt == MAX_ATTEMPTS {
                DeliveryOutcome::Dropped
            } else {
                DeliveryOutcome::Retrying
            };
            inner.record(&job, attempt, status, error, outcome);
        }
    };
    tokio::select! {
        () = attempts => {}
        _ = shutdown.wait_for(|stop| *stop) => {}
    }
    drop(permit);
}

/// A fresh webhook secret: `whsec_` + 32 lower-case hex digits.
pub(crate) fn generated_secret() -> String {
    format!("whsec_{:032x}", fastrand::u128(..))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_lower_case_hex_hmac_sha256() {
        // RFC 4231 test case 2.
        let key = hmac::Key::new(hmac::HMAC_SHA256, b"Jefe");
        assert_eq!(
            signature(&key, b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    fn job(url: &str) -> Job {
        Job {
            webhook_id: "hook".to_owned(),
            url: url.to_owned(),
            method: http::Method::POST,
            booking_id: "booking".to_owned(),
            state: "confirmed".to_owned(),
            body: Bytes::from_static(b"{}"),
        }
    }

    #[tokio::test]
    async fn pending_deliveries_and_the_log_are_bounded() {
        let (stop, stopped) = watch::channel(false);
        // Retries an hour apart: every delivery stays pending after its first attempt.
        let dispatcher = Dispatcher::new("secret", Duration::from_secs(3600), stopped);
        let closed = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!("http://{}/hook", listener.local_addr().unwrap())
        };
        dispatcher.dispatch(vec![job(&closed); MAX_PENDING_DELIVERIES + 1]);
        // The one over the bound is dropped at once, before any attempt.
        let first = dispatcher.deliveries();
        assert_eq!(first.len(), 1);
        assert_eq!(
            (first[0].attempt, first[0].outcome),
            (0, DeliveryOutcome::Dropped)
        );
        assert_eq!(dispatcher.inner.permits.available_permits(), 0);
        for _ in 0..MAX_LOGGED_DELIVERIES + 5 {
            dispatcher
                .inner
                .record(&job(&closed), 1, Some(500), None, DeliveryOutcome::Retrying);
        }
        assert_eq!(dispatcher.deliveries().len(), MAX_LOGGED_DELIVERIES);
        // Shutdown ends every pending delivery.
        let _ = stop.send(true);
        dispatcher.drain(Duration::from_secs(5)).await;
        assert_eq!(
            dispatcher.inner.permits.available_permits(),
            MAX_PENDING_DELIVERIES
        );
    }

    #[test]
    fn generated_secrets_are_shaped_like_the_contract() {
        let secret = generated_secret();
        assert_eq!(secret.len(), 6 + 32);
        assert!(secret.starts_with("whsec_"));
        assert!(
            secret[6..]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
    }
}
