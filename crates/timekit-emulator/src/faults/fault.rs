//! [`Fault`]: the ways the emulator can misbehave, and whether the real handler runs.

use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;

/// One way to misbehave for one request.
///
/// Each kind documents whether the real handler runs, i.e. whether a write (a `POST`, `PUT`
/// or `DELETE`) is applied to the store. The rule of thumb: faults that stand in for
/// something *in front of* the server (rate limiter, gateway, a connection lost before the
/// server saw the request) do not run it; faults that spoil the *answer* run it first.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Fault {
    /// Wait, then answer normally. **Handler runs** (after the wait).
    Latency(Duration),
    /// Answer `status` instead of the real answer, like a rate limiter in front of the API.
    /// **Handler does not run.** The body defaults to Timekit's `{"error": "Too many
    /// requests"}` for 429 and 503 and `{"error": "<reason phrase>"}` otherwise.
    Status {
        /// The status to answer.
        status: StatusCode,
        /// A `Retry-After` header in seconds, if any (Timekit normally sends none).
        retry_after: Option<u64>,
        /// A body replacing the default one.
        body: Option<Bytes>,
    },
    /// Drop the connection before the server looks at the request: no answer at all.
    /// **Handler does not run** (nothing applied).
    CloseBeforeHandler,
    /// Run the request, then drop the connection instead of answering.
    /// **Handler runs** (applied, but the client never learns it).
    CloseAfterHandler,
    /// Run the request, send the headers with the real `Content-Length`, then half of the
    /// body, then cut the connection. **Handler runs.** An empty or 204 answer becomes a 200
    /// whose one-byte body is cut before it starts.
    TruncatedBody,
    /// Run the request, then answer 200 `application/json` with the first half of the real
    /// body (an unfinished JSON document; `{"data": ` when the real body is empty).
    /// **Handler runs.**
    MalformedJson,
    /// Answer 502 with an HTML page, like a reverse proxy whose upstream failed.
    /// **Handler does not run.**
    Html502,
    /// Run the request, then answer 200 with a valid JSON document of this many bytes
    /// (`{"data":"xxx…"}`, at least 11 bytes) streamed in 64 KiB chunks with its
    /// `Content-Length`. **Handler runs.**
    HugeBody(u64),
    /// Run the request, then send the real answer's body in `chunk`-byte pieces with `delay`
    /// before each piece. **Handler runs.**
    SlowBody {
        /// Bytes per piece (at least 1).
        chunk: usize,
        /// Wait before each piece.
        delay: Duration,
    },
}

impl Fault {
    /// `status` with the default body and no `Retry-After`.
    pub fn status(status: StatusCode) -> Self {
        Fault::Status {
            status,
            retry_after: None,
            body: None,
        }
    }

    /// 503, Timekit's answer when the production rate limit is exceeded.
    pub fn service_unavailable(retry_after: Option<u64>) -> Self {
        Fault::Status {
            status: StatusCode::SERVICE_UNAVAILABLE,
            retry_after,
            body: None,
        }
    }

    /// 429, Timekit's answer when a test account's daily quota is used up.
    pub fn too_many_requests(retry_after: Option<u64>) -> Self {
        Fault::Status {
            status: StatusCode::TOO_MANY_REQUESTS,
            retry_after,
            body: None,
        }
    }

    /// The real body in 16-byte pieces, 20 ms apart.
    pub fn slow_body() -> Self {
        Fault::SlowBody {
            chunk: 16,
            delay: Duration::from_millis(20),
        }
    }

    /// Whether the real handler runs (and so whether a write is applied) under this fault.
    pub fn runs_handler(&self) -> bool {
        !matches!(
            self,
            Fault::Status { .. } | Fault::CloseBeforeHandler | Fault::Html502
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_faults_in_front_of_the_server_skip_the_handler() {
        let skip = [
            Fault::service_unavailable(Some(1)),
            Fault::too_many_requests(None),
            Fault::CloseBeforeHandler,
            Fault::Html502,
        ];
        let run = [
            Fault::Latency(Duration::from_millis(1)),
            Fault::CloseAfterHandler,
            Fault::TruncatedBody,
            Fault::MalformedJson,
            Fault::HugeBody(100),
            Fault::slow_body(),
        ];
        assert!(skip.iter().all(|fault| !fault.runs_handler()));
        assert!(run.iter().all(Fault::runs_handler));
    }
}
