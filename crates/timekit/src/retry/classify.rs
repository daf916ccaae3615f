//! Which outcomes of one attempt are worth another attempt: [`decide`].
//!
//! The rules (DESIGN.md "Reliability rules"):
//! * nothing was sent (connect, DNS, TLS handshake failed) → retry, whatever the method;
//! * 503 (Timekit's production rate limiter) and 500/502/504, timeouts and resets after the
//!   request may have been written → retry only idempotent methods (GET, HEAD, OPTIONS, PUT,
//!   DELETE, TRACE), and other methods (POST, PATCH) only when the policy opts in;
//! * 429 (Timekit's *daily* test-account quota) → never: waiting seconds will not help;
//! * any other status (2xx, 3xx, 4xx, other 5xx) → final.

use http::{HeaderMap, Method, StatusCode};

use super::policy::RetryPolicy;

/// What one attempt produced, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    /// A complete response arrived.
    Response {
        /// Its status.
        status: StatusCode,
        /// Its headers (`Retry-After` is read from here).
        headers: &'a HeaderMap,
    },
    /// No complete response arrived.
    Failure(FailureClass),
}

/// How a failed attempt relates to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureClass {
    /// The request never left the client (connect refused, DNS, TLS handshake, connect
    /// timeout): safe to retry for every method.
    NotSent,
    /// The request may have reached the server and may have been applied (reset, connection
    /// closed before or during the response, truncated body).
    MaybeSent,
    /// Like [`FailureClass::MaybeSent`], because the attempt ran out of time; retries of
    /// timeouts cost more of the retry budget.
    TimedOut,
    /// Retrying cannot help (invalid request, response over the body limit, other).
    Permanent,
}

/// Why an attempt is worth repeating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryReason {
    /// Nothing was sent.
    NotSent,
    /// The connection failed after the request may have been sent.
    ConnectionLost,
    /// The attempt timed out.
    TimedOut,
    /// 503: Timekit's production rate limit or a temporarily unavailable server.
    ServiceUnavailable,
    /// 500, 502 or 504.
    ServerError(StatusCode),
}

impl RetryReason {
    /// A short name for tracing.
    pub fn as_str(&self) -> &'static str {
        match self {
            RetryReason::NotSent => "not_sent",
            RetryReason::ConnectionLost => "connection_lost",
            RetryReason::TimedOut => "timed_out",
            RetryReason::ServiceUnavailable => "service_unavailable",
            RetryReason::ServerError(_) => "server_error",
        }
    }

    /// Whether the failed attempt may have been applied by the server.
    pub fn may_have_been_applied(&self) -> bool {
        !matches!(self, RetryReason::NotSent)
    }
}

/// Why an outcome is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalReason {
    /// A 1xx/2xx/3xx answer.
    Success,
    /// 429: Timekit's daily quota of a test account is used up.
    RateLimited,
    /// A 4xx answer other than 429 (the request itself is wrong).
    ClientError,
    /// A retryable failure, but the method is not idempotent and the policy does not allow
    /// retrying it.
    NotIdempotent(RetryReason),
    /// A failure or status that retrying cannot fix.
    NotRetryable,
}

impl FinalReason {
    /// A short name for tracing.
    pub fn as_str(&self) -> &'static str {
        match self {
            FinalReason::Success => "success",
            FinalReason::RateLimited => "rate_limited",
            FinalReason::ClientError => "client_error",
            FinalReason::NotIdempotent(_) => "not_idempotent",
            FinalReason::NotRetryable => "not_retryable",
        }
    }
}

/// The verdict on one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Another attempt may help (if attempts, deadline and budget allow).
    Retry(RetryReason),
    /// This outcome is the answer.
    Final(FinalReason),
}

/// Whether `method` may be repeated without changing the result (RFC 9110 §9.2.2).
pub fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
        Method::TRACE,
    ]
    .contains(method)
}

/// Classifies one attempt of a `method` request under `policy`.
pub fn decide(policy: &RetryPolicy, method: &Method, outcome: Outcome<'_>) -> Decision {
    let candidate = match outcome {
        Outcome::Failure(FailureClass::NotSent) => return Decision::Retry(RetryReason::NotSent),
        Outcome::Failure(FailureClass::Permanent) => {
            return Decision::Final(FinalReason::NotRetryable);
        }
        Outcome::Failure(FailureClass::MaybeSent) => RetryReason::ConnectionLost,
        Outcome::Failure(FailureClass::TimedOut) => RetryReason::TimedOut,
        Outcome::Response { status, .. } => match status {
            StatusCode::TOO_MANY_REQUESTS => return Decision::Final(FinalReason::RateLimited),
            StatusCode::SERVICE_UNAVAILABLE => RetryReason::ServiceUnavailable,
            StatusCode::INTERNAL_SERVER_ERROR
            | StatusCode::BAD_GATEWAY
            | StatusCode::GATEWAY_TIMEOUT => RetryReason::ServerError(status),
            status if status.is_client_error() => {
                return Decision::Final(FinalReason::ClientError);
            }
            status if status.is_server_error() => {
                return Decision::Final(FinalReason::NotRetryable);
            }
            _ => return Decision::Final(FinalReason::Success),
        },
    };
    if is_idempotent(method) || policy.retry_post() {
        Decision::Retry(candidate)
    } else {
        Decision::Final(FinalReason::NotIdempotent(candidate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> (StatusCode, HeaderMap) {
        (StatusCode::from_u16(code).unwrap(), HeaderMap::new())
    }

    fn decide_status(policy: &RetryPolicy, method: &Method, code: u16) -> Decision {
        let (status, headers) = status(code);
        decide(
            policy,
            method,
            Outcome::Response {
                status,
                headers: &headers,
            },
        )
    }

    const ALL_METHODS: [Method; 5] = [
        Method::GET,
        Method::PUT,
        Method::DELETE,
        Method::POST,
        Method::PATCH,
    ];

    #[test]
    fn nothing_sent_retries_every_method() {
        let policy = RetryPolicy::default();
        for method in &ALL_METHODS {
            assert_eq!(
                decide(&policy, method, Outcome::Failure(FailureClass::NotSent)),
                Decision::Retry(RetryReason::NotSent),
                "{method}"
            );
        }
    }

    #[test]
    fn maybe_sent_failures_retry_only_idempotent_methods() {
        let policy = RetryPolicy::default();
        for (class, reason) in [
            (FailureClass::MaybeSent, RetryReason::ConnectionLost),
            (FailureClass::TimedOut, RetryReason::TimedOut),
        ] {
            for method in [Method::GET, Method::PUT, Method::DELETE] {
                assert_eq!(
                    decide(&policy, &method, Outcome::Failure(class)),
                    Decision::Retry(reason)
                );
            }
            for method in [Method::POST, Method::PATCH] {
                assert_eq!(
                    decide(&policy, &method, Outcome::Failure(class)),
                    Decision::Final(FinalReason::NotIdempotent(reason))
                );
            }
            let opted_in = RetryPolicy::default().with_retry_post(true);
            assert_eq!(
                decide(&opted_in, &Method::POST, Outcome::Failure(class)),
                Decision::Retry(reason)
            );
        }
    }

    #[test]
    fn permanent_failures_are_final() {
        let opted_in = RetryPolicy::default().with_retry_post(true);
        for method in &ALL_METHODS {
            assert_eq!(
                decide(&opted_in, method, Outcome::Failure(FailureClass::Permanent)),
                Decision::Final(FinalReason::NotRetryable)
            );
        }
    }

    #[test]
    fn retryable_statuses_depend_on_the_method() {
        let policy = RetryPolicy::default();
        let opted_in = RetryPolicy::default().with_retry_post(true);
        for code in [500, 502, 503, 504] {
            let expected = if code == 503 {
                RetryReason::ServiceUnavailable
            } else {
                RetryReason::ServerError(StatusCode::from_u16(code).unwrap())
            };
            for method in [Method::GET, Method::PUT, Method::DELETE] {
                assert_eq!(
                    decide_status(&policy, &method, code),
                    Decision::Retry(expected)
                );
            }
            assert_eq!(
                decide_status(&policy, &Method::POST, code),
                Decision::Final(FinalReason::NotIdempotent(expected))
            );
            assert_eq!(
                decide_status(&opted_in, &Method::POST, code),
                Decision::Retry(expected)
            );
        }
    }

    #[test]
    fn rate_limited_is_never_retried() {
        let opted_in = RetryPolicy::default().with_retry_post(true);
        for method in &ALL_METHODS {
            assert_eq!(
                decide_status(&opted_in, method, 429),
                Decision::Final(FinalReason::RateLimited)
            );
        }
    }

    #[test]
    fn other_statuses_are_final() {
        let opted_in = RetryPolicy::default().with_retry_post(true);
        for code in [200, 201, 204, 301, 304] {
            assert_eq!(
                decide_status(&opted_in, &Method::GET, code),
                Decision::Final(FinalReason::Success)
            );
        }
        for code in [400, 401, 403, 404, 408, 409, 413, 422] {
            assert_eq!(
                decide_status(&opted_in, &Method::GET, code),
                Decision::Final(FinalReason::ClientError),
                "{code}"
            );
        }
        for code in [501, 505, 507] {
            assert_eq!(
                decide_status(&opted_in, &Method::GET, code),
                Decision::Final(FinalReason::NotRetryable)
            );
        }
    }

    #[test]
    fn idempotent_methods_follow_rfc_9110() {
        assert!(is_idempotent(&Method::GET));
        assert!(is_idempotent(&Method::PUT));
        assert!(is_idempotent(&Method::DELETE));
        assert!(!is_idempotent(&Method::POST));
        assert!(!is_idempotent(&Method::PATCH));
    }
}
