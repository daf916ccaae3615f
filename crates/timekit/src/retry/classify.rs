//! Which outcomes are worth another attempt: one table, read by the retry loop ([`decide`])
//! and by [`Error::is_retryable`] ([`transient`]). Nothing sent (connect, DNS, TLS) → retry
//! any method; 503 (Timekit's rate limiter), 500/502/504, timeouts and lost connections →
//! retry idempotent methods, others (POST) only when the policy opts in; 429 (Timekit's
//! *daily* test-account quota) → never; anything else → final.

use http::{Method, StatusCode};
use timekit_transport::TransportErrorKind;

use super::policy::RetryPolicy;
use crate::error::Error;

/// What one attempt produced: the status of a complete response, or the call's error.
pub(crate) type Outcome<'a> = Result<StatusCode, &'a Error>;

/// Why an attempt is worth repeating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryReason {
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
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RetryReason::NotSent => "not_sent",
            RetryReason::ConnectionLost => "connection_lost",
            RetryReason::TimedOut => "timed_out",
            RetryReason::ServiceUnavailable => "service_unavailable",
            RetryReason::ServerError(_) => "server_error",
        }
    }

    /// Whether the failed attempt may have been applied by the server.
    pub(crate) fn may_have_been_applied(self) -> bool {
        self != RetryReason::NotSent
    }
}

/// Why an outcome is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FinalReason {
    /// A 1xx/2xx/3xx answer.
    Success,
    /// 429: Timekit's daily quota of a test account is used up.
    RateLimited,
    /// A 4xx answer other than 429.
    ClientError,
    /// Transient, but the method is not idempotent and the policy does not allow retrying it.
    NotIdempotent(RetryReason),
    /// A failure or status that retrying cannot fix.
    NotRetryable,
}

impl FinalReason {
    pub(crate) fn as_str(self) -> &'static str {
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
pub(crate) enum Decision {
    /// Another attempt may help (if attempts, deadline and budget allow).
    Retry(RetryReason),
    /// This outcome is the answer.
    Final(FinalReason),
}

/// Whether an outcome is transient, i.e. trying again can give another answer, and why;
/// whether that is *safe* depends on the method ([`decide`]). An [`Error::UnexpectedStatus`]
/// is judged by its status, so an error and the response it came from agree.
pub(crate) fn transient(outcome: Outcome<'_>) -> Option<RetryReason> {
    match outcome {
        Ok(StatusCode::SERVICE_UNAVAILABLE) => Some(RetryReason::ServiceUnavailable),
        Ok(
            status @ (StatusCode::INTERNAL_SERVER_ERROR
            | StatusCode::BAD_GATEWAY
            | StatusCode::GATEWAY_TIMEOUT),
        ) => Some(RetryReason::ServerError(status)),
        Ok(_) => None,
        Err(Error::UnexpectedStatus(failure)) => transient(Ok(failure.status())),
        Err(Error::Transport(error)) if error.is_retryable() => {
            Some(if !error.request_may_have_been_sent() {
                RetryReason::NotSent
            } else if error.kind() == TransportErrorKind::Timeout {
                RetryReason::TimedOut
            } else {
                RetryReason::ConnectionLost
            })
        }
        Err(_) => None,
    }
}

/// Classifies one attempt of a `method` request under `policy`.
pub(crate) fn decide(policy: &RetryPolicy, method: &Method, outcome: Outcome<'_>) -> Decision {
    let Some(reason) = transient(outcome) else {
        return Decision::Final(match outcome {
            Ok(StatusCode::TOO_MANY_REQUESTS) => FinalReason::RateLimited,
            Ok(status) if status.is_client_error() => FinalReason::ClientError,
            Ok(status) if !status.is_server_error() => FinalReason::Success,
            _ => FinalReason::NotRetryable,
        });
    };
    // Idempotent: RFC 9110 §9.2.2 (GET, HEAD, OPTIONS, TRACE, PUT, DELETE).
    if reason == RetryReason::NotSent || method.is_idempotent() || policy.retry_post() {
        Decision::Retry(reason)
    } else {
        Decision::Final(FinalReason::NotIdempotent(reason))
    }
}

#[cfg(test)]
mod tests {
    use timekit_ops::{ApiFailure, BuildError};
    use timekit_transport::TransportError;

    use super::*;

    fn decide_status(policy: &RetryPolicy, method: &Method, code: u16) -> Decision {
        decide(policy, method, Ok(StatusCode::from_u16(code).unwrap()))
    }

    fn decide_failure(policy: &RetryPolicy, method: &Method, error: TransportError) -> Decision {
        decide(policy, method, Err(&Error::Transport(error)))
    }

    fn unexpected(code: u16) -> Error {
        let response = http::Response::builder()
            .status(code)
            .body(bytes::Bytes::new())
            .unwrap();
        Error::UnexpectedStatus(ApiFailure::from_response(response))
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
            for not_sent in [
                TransportError::connect("refused"),
                TransportError::timeout("connecting").with_request_may_have_been_sent(false),
            ] {
                assert_eq!(
                    decide_failure(&policy, method, not_sent),
                    Decision::Retry(RetryReason::NotSent),
                    "{method}"
                );
            }
        }
    }

    #[test]
    fn maybe_sent_failures_retry_only_idempotent_methods() {
        let policy = RetryPolicy::default();
        let opted_in = RetryPolicy::default().with_retry_post(true);
        let cases: [(fn() -> TransportError, RetryReason); 2] = [
            (|| TransportError::io("reset"), RetryReason::ConnectionLost),
            (|| TransportError::timeout("reading"), RetryReason::TimedOut),
        ];
        for (error, reason) in cases {
            for method in [Method::GET, Method::PUT, Method::DELETE] {
                assert_eq!(
                    decide_failure(&policy, &method, error()),
                    Decision::Retry(reason)
                );
            }
            for method in [Method::POST, Method::PATCH] {
                assert_eq!(
                    decide_failure(&policy, &method, error()),
                    Decision::Final(FinalReason::NotIdempotent(reason))
                );
            }
            assert_eq!(
                decide_failure(&opted_in, &Method::POST, error()),
                Decision::Retry(reason)
            );
        }
    }

    #[test]
    fn permanent_failures_are_final() {
        let opted_in = RetryPolicy::default().with_retry_post(true);
        for method in &ALL_METHODS {
            for error in [
                TransportError::body_too_large(10),
                TransportError::invalid_request("bad uri"),
                TransportError::other("?"),
            ] {
                assert_eq!(
                    decide_failure(&opted_in, method, error),
                    Decision::Final(FinalReason::NotRetryable)
                );
            }
            let rebuild = Error::InvalidRequest(BuildError::InvalidRequest("changed".into()));
            assert_eq!(
                decide(&opted_in, method, Err(&rebuild)),
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
    fn an_error_is_retryable_exactly_when_its_outcome_is_transient() {
        for code in [400, 401, 404, 422, 429, 500, 501, 502, 503, 504, 505] {
            let error = unexpected(code);
            let status = StatusCode::from_u16(code).unwrap();
            assert_eq!(
                error.is_retryable(),
                transient(Ok(status)).is_some(),
                "{code}"
            );
            assert_eq!(
                error.is_retryable(),
                [500, 502, 503, 504].contains(&code),
                "{code}"
            );
        }
        for (error, retryable) in [
            (TransportError::connect("refused"), true),
            (TransportError::timeout("reading"), true),
            (TransportError::io("reset"), true),
            (TransportError::body_too_large(10), false),
            (TransportError::other("?"), false),
        ] {
            assert_eq!(Error::Transport(error).is_retryable(), retryable);
        }
    }

    #[test]
    fn idempotent_methods_follow_rfc_9110() {
        // `decide` relies on http's reading of RFC 9110.
        assert!(Method::GET.is_idempotent());
        assert!(Method::PUT.is_idempotent());
        assert!(Method::DELETE.is_idempotent());
        assert!(!Method::POST.is_idempotent());
        assert!(!Method::PATCH.is_idempotent());
    }
}
