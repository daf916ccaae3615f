//! `TransportError`: why a request did not produce a complete response.

use std::fmt;

/// A boxed error that can cross threads; the source of a [`TransportError`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The class of a transport failure. The retry policy decides on this, not on the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (DNS, TCP, TLS handshake). Nothing was sent.
    Connect,
    /// The request, or reading the response body, took longer than the configured bound.
    Timeout,
    /// The connection failed after it was made (reset, closed early, incomplete message).
    Io,
    /// The response body was larger than the configured limit.
    BodyTooLarge,
    /// The request cannot be sent as it is (bad URI, unsupported scheme). Nothing was sent.
    InvalidRequest,
    /// Any other failure.
    Other,
}

impl TransportErrorKind {
    /// Whether a request failing this way may have reached the server.
    ///
    /// `Connect` and `InvalidRequest` fail before any byte of the request is written; every
    /// other kind may have happened after the server received (and acted on) the request.
    pub fn request_may_have_been_sent(self) -> bool {
        !matches!(
            self,
            TransportErrorKind::Connect | TransportErrorKind::InvalidRequest
        )
    }

    /// Whether the failure is transient, so that trying again can succeed.
    ///
    /// This says nothing about whether a retry is *safe*: a request that
    /// [may have been sent](Self::request_may_have_been_sent) should only be repeated when it is
    /// idempotent.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
        )
    }

    fn as_str(self) -> &'static str {
        match self {
            TransportErrorKind::Connect => "connect",
            TransportErrorKind::Timeout => "timeout",
            TransportErrorKind::Io => "io",
            TransportErrorKind::BodyTooLarge => "body too large",
            TransportErrorKind::InvalidRequest => "invalid request",
            TransportErrorKind::Other => "other",
        }
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request did not produce a complete response.
///
/// Display shows only the kind (and, for custom errors, a short message); the cause is
/// available through [`std::error::Error::source`], so error reporters that print the chain
/// do not repeat it.
#[derive(Debug, thiserror::Error)]
#[error("transport error ({kind}){}", message_suffix(.message))]
pub struct TransportError {
    kind: TransportErrorKind,
    message: Option<&'static str>,
    may_have_been_sent: bool,
    #[source]
    source: Option<BoxError>,
}

fn message_suffix(message: &Option<&'static str>) -> String {
    message.map(|text| format!(": {text}")).unwrap_or_default()
}

impl TransportError {
    /// An error of `kind` caused by `source`.
    pub fn new(kind: TransportErrorKind, source: impl Into<BoxError>) -> Self {
        TransportError::bare(kind).with_source(source)
    }

    /// An error of `kind` without a cause.
    pub fn bare(kind: TransportErrorKind) -> Self {
        TransportError {
            kind,
            message: None,
            may_have_been_sent: kind.request_may_have_been_sent(),
            source: None,
        }
    }

    /// No connection could be made; nothing was sent.
    pub fn connect(source: impl Into<BoxError>) -> Self {
        TransportError::new(TransportErrorKind::Connect, source)
    }

    /// The request or the body read exceeded its time bound.
    pub fn timeout(source: impl Into<BoxError>) -> Self {
        TransportError::new(TransportErrorKind::Timeout, source)
    }

    /// The connection failed after it was made.
    pub fn io(source: impl Into<BoxError>) -> Self {
        TransportError::new(TransportErrorKind::Io, source)
    }

    /// The response body exceeded `limit` bytes.
    pub fn body_too_large(limit: usize) -> Self {
        TransportError::new(
            TransportErrorKind::BodyTooLarge,
            BodyLimitExceeded { limit },
        )
    }

    /// The request cannot be sent as it is; nothing was sent.
    pub fn invalid_request(source: impl Into<BoxError>) -> Self {
        TransportError::new(TransportErrorKind::InvalidRequest, source)
    }

    /// Any other failure.
    pub fn other(source: impl Into<BoxError>) -> Self {
        TransportError::new(TransportErrorKind::Other, source)
    }

    /// Adds a short static message shown in Display (never put secrets or bodies here).
    #[must_use]
    pub fn with_message(mut self, message: &'static str) -> Self {
        self.message = Some(message);
        self
    }

    /// Replaces the cause.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Overrides whether the request may have reached the server, for transports that know
    /// better than the kind's default (for example a timeout while still connecting).
    #[must_use]
    pub fn with_request_may_have_been_sent(mut self, may_have_been_sent: bool) -> Self {
        self.may_have_been_sent = may_have_been_sent;
        self
    }

    /// The class of the failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the request may have reached the server. `false` means it certainly did not,
    /// so repeating it is safe even for non-idempotent methods.
    pub fn request_may_have_been_sent(&self) -> bool {
        self.may_have_been_sent
    }

    /// Whether the failure is transient (connect, timeout, I/O). See
    /// [`TransportErrorKind::is_retryable`] for what this does not promise.
    pub fn is_retryable(&self) -> bool {
        self.kind.is_retryable()
    }
}

/// The source of a [`TransportErrorKind::BodyTooLarge`] error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("response body exceeds the limit of {limit} bytes")]
pub struct BodyLimitExceeded {
    /// The configured limit in bytes.
    pub limit: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_and_invalid_request_are_known_not_sent() {
        assert!(!TransportError::connect("refused").request_may_have_been_sent());
        assert!(!TransportError::invalid_request("bad uri").request_may_have_been_sent());
        assert!(TransportError::timeout("slow").request_may_have_been_sent());
        assert!(TransportError::io("reset").request_may_have_been_sent());
        assert!(TransportError::other("?").request_may_have_been_sent());
        assert!(TransportError::body_too_large(10).request_may_have_been_sent());
    }

    #[test]
    fn sent_flag_can_be_overridden() {
        let err = TransportError::timeout("connecting").with_request_may_have_been_sent(false);
        assert!(!err.request_may_have_been_sent());
        assert_eq!(err.kind(), TransportErrorKind::Timeout);
    }

    #[test]
    fn only_transient_kinds_are_retryable() {
        assert!(TransportError::connect("x").is_retryable());
        assert!(TransportError::timeout("x").is_retryable());
        assert!(TransportError::io("x").is_retryable());
        assert!(!TransportError::body_too_large(1).is_retryable());
        assert!(!TransportError::invalid_request("x").is_retryable());
        assert!(!TransportError::other("x").is_retryable());
    }

    #[test]
    fn display_shows_kind_and_message_but_not_source() {
        let err = TransportError::io("secret-detail").with_message("connection reset");
        assert_eq!(err.to_string(), "transport error (io): connection reset");
        let source = std::error::Error::source(&err).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("secret-detail"));
    }

    #[test]
    fn body_too_large_keeps_the_limit() {
        let err = TransportError::body_too_large(42);
        let limit = std::error::Error::source(&err)
            .and_then(|source| source.downcast_ref::<BodyLimitExceeded>())
            .map(|exceeded| exceeded.limit);
        assert_eq!(limit, Some(42));
    }
}
