//! How the retry loop reads a [`TransportError`].

use std::time::Duration;

use timekit_transport::TransportError;

use super::classify::FailureClass;
use super::driver::AttemptError;

/// The source of the timeout error returned when a call's overall deadline passes during an
/// attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the call's retry deadline of {deadline:?} passed")]
pub struct DeadlineExceeded {
    /// The policy's overall deadline.
    pub deadline: Duration,
}

impl AttemptError for TransportError {
    /// Not retryable (body too large, invalid request, other) → permanent; retryable and known
    /// not to have been sent (connect, DNS, TLS, connect timeout) → not sent; a timeout →
    /// timed out; any other retryable failure → maybe sent.
    fn failure_class(&self) -> FailureClass {
        if !self.is_retryable() {
            FailureClass::Permanent
        } else if !self.request_may_have_been_sent() {
            FailureClass::NotSent
        } else if self.kind() == timekit_transport::TransportErrorKind::Timeout {
            FailureClass::TimedOut
        } else {
            FailureClass::MaybeSent
        }
    }

    fn deadline_exceeded(deadline: Duration) -> Self {
        TransportError::timeout(DeadlineExceeded { deadline })
            .with_message("retry deadline exceeded")
    }
}

#[cfg(test)]
mod tests {
    use timekit_transport::TransportErrorKind;

    use super::*;

    #[test]
    fn transport_errors_map_to_failure_classes() {
        let cases = [
            (TransportError::connect("refused"), FailureClass::NotSent),
            (
                TransportError::timeout("connecting").with_request_may_have_been_sent(false),
                FailureClass::NotSent,
            ),
            (TransportError::timeout("reading"), FailureClass::TimedOut),
            (TransportError::io("reset"), FailureClass::MaybeSent),
            (TransportError::body_too_large(10), FailureClass::Permanent),
            (
                TransportError::invalid_request("bad uri"),
                FailureClass::Permanent,
            ),
            (TransportError::other("?"), FailureClass::Permanent),
        ];
        for (error, class) in cases {
            assert_eq!(error.failure_class(), class, "{error:?}");
        }
    }

    #[test]
    fn the_deadline_error_is_a_timeout_that_names_the_deadline() {
        let error = TransportError::deadline_exceeded(Duration::from_secs(30));
        assert_eq!(error.kind(), TransportErrorKind::Timeout);
        assert!(error.to_string().contains("deadline"));
        let source = std::error::Error::source(&error)
            .and_then(|source| source.downcast_ref::<DeadlineExceeded>())
            .copied();
        assert_eq!(
            source,
            Some(DeadlineExceeded {
                deadline: Duration::from_secs(30)
            })
        );
    }
}
