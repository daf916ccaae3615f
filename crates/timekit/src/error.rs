//! The public `Error` of every call, and its accessors.

use bytes::Bytes;
use http::StatusCode;
use timekit_ops::{ApiFailure, BuildError, ResponseError};
use timekit_transport::TransportError;

use crate::pagination_error::PaginationError;

/// Why a call failed.
///
/// Two variants carry Timekit's complete answer ([`ApiFailure`]: status, request id, headers,
/// raw and parsed body). `Display` shows the status and the server's short message, never
/// the API key or a whole body; causes are reachable through `source()`. Branch on
/// [`Error::status`] and the `is_*` helpers rather than on a variant for a particular
/// status: a 429 or a 503 stays `UnexpectedStatus`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// HTTP 401: Timekit refused the API key (connector error `TIMEKIT:INCORRECT_CREDENTIALS`).
    #[error("incorrect credentials: Timekit answered HTTP 401{}", summary::of(.0))]
    IncorrectCredentials(ApiFailure),
    /// Any other non-2xx status (connector error `TIMEKIT:UNKNOWN`).
    #[error("{}", summary::status_line(.0))]
    UnexpectedStatus(ApiFailure),
    /// A 2xx answer whose body is not what the operation returns.
    #[error("could not decode {target} from HTTP {status} response at {path}")]
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// The raw body, kept whole.
        body: Bytes,
        /// What was being decoded (`"Booking"`, `"Page<Resource>"`).
        target: String,
        /// The JSON path where decoding failed (`"data.state"`), or `"."`.
        path: String,
        /// The `Timekit-Request-Id` header of the response, when present.
        request_id: Option<String>,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
    /// No complete response was obtained (connect, timeout, I/O, body limit).
    #[error("no complete response from Timekit")]
    Transport(#[from] TransportError),
    /// The request could not be built from the arguments (invalid id, body that is not a
    /// JSON object). Nothing was sent.
    #[error("request could not be built")]
    InvalidRequest(#[from] BuildError),
    /// A pagination stream stopped because the server repeated itself.
    #[error(transparent)]
    Pagination(#[from] PaginationError),
}

impl Error {
    /// The connector's error name: `TIMEKIT:INCORRECT_CREDENTIALS` for a 401, otherwise
    /// `TIMEKIT:UNKNOWN`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::IncorrectCredentials(_) => "TIMEKIT:INCORRECT_CREDENTIALS",
            _ => "TIMEKIT:UNKNOWN",
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            other => other.api_failure().map(ApiFailure::status),
        }
    }

    /// The raw response body, when a response arrived.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Error::Decode { body, .. } => Some(body),
            other => other.api_failure().map(ApiFailure::body),
        }
    }

    /// The `Timekit-Request-Id` of the answer (a non-2xx one, or a 2xx whose body could not
    /// be decoded), for support requests.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Decode { request_id, .. } => request_id.as_deref(),
            other => other.api_failure().and_then(ApiFailure::request_id),
        }
    }

    /// The complete non-2xx answer (status, request id, headers, body, parsed error body).
    pub fn api_failure(&self) -> Option<&ApiFailure> {
        match self {
            Error::IncorrectCredentials(failure) | Error::UnexpectedStatus(failure) => {
                Some(failure)
            }
            Error::Decode { .. }
            | Error::Transport(_)
            | Error::InvalidRequest(_)
            | Error::Pagination(_) => None,
        }
    }

    /// The transport failure, when no complete response was obtained.
    pub fn transport_error(&self) -> Option<&TransportError> {
        match self {
            Error::Transport(error) => Some(error),
            _ => None,
        }
    }

    /// HTTP 429: Timekit's *daily* request quota of a test account is used up. Retrying
    /// within seconds will not help, so the client does not retry it.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::UnexpectedStatus(failure) if failure.status() == StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the failure is transient: connect/timeout/I/O failures, and HTTP 500, 502,
    /// 503 (Timekit's production rate limit) and 504 — the outcomes the client's retry loop
    /// treats as worth another attempt (one table decides both). Whether repeating is *safe*
    /// also depends on the method: a `POST` that timed out may have been applied.
    pub fn is_retryable(&self) -> bool {
        crate::retry::classify::transient(Err(self)).is_some()
    }
}

impl From<ResponseError> for Error {
    /// Every variant is matched by name (no catch-all), so a new `ResponseError` variant
    /// does not compile until it is mapped here.
    fn from(error: ResponseError) -> Self {
        match error {
            ResponseError::IncorrectCredentials(failure) => Error::IncorrectCredentials(failure),
            ResponseError::UnexpectedStatus(failure) => Error::UnexpectedStatus(failure),
            ResponseError::Decode {
                status,
                body,
                target,
                path,
                request_id,
                source,
            } => Error::Decode {
                status,
                body,
                target,
                path,
                request_id,
                source,
            },
        }
    }
}

/// The short, safe text of an API failure for `Display`.
mod summary {
    use http::StatusCode;
    use timekit_ops::ApiFailure;

    /// Longest server text shown in `Display`, in bytes.
    const MAX_SHOWN: usize = 200;

    /// `"unexpected HTTP status 404 Not Found from Timekit: Resource does not exist"`.
    pub(super) fn status_line(failure: &ApiFailure) -> String {
        let status = failure.status();
        let meaning = if status == StatusCode::TOO_MANY_REQUESTS {
            " (daily request quota of the test account used up; retrying soon will not help)"
        } else {
            ""
        };
        format!(
            "unexpected HTTP status {status} from Timekit{meaning}{}",
            of(failure)
        )
    }

    /// `": <message>"` from the parsed error body (`"field: message"` for validation
    /// errors), else the start of the raw body; empty when there is nothing to show.
    pub(super) fn of(failure: &ApiFailure) -> String {
        let body = failure.error_body();
        let text = match (body.validation_errors(), body.message()) {
            (Some(errors), _) => errors
                .iter()
                .find_map(|(field, messages)| messages.first().map(|m| format!("{field}: {m}"))),
            (None, Some(message)) => Some(message.to_owned()),
            (None, None) => Some(String::from_utf8_lossy(failure.body()).into_owned()),
        };
        let shown = text.map(|text| shorten(&text)).unwrap_or_default();
        if shown.is_empty() {
            String::new()
        } else {
            format!(": {shown}")
        }
    }

    /// One line of at most [`MAX_SHOWN`] bytes (cut at a character boundary, `…` appended).
    pub(super) fn shorten(text: &str) -> String {
        let one_line: String = text
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if one_line.len() <= MAX_SHOWN {
            return one_line;
        }
        let mut cut = MAX_SHOWN;
        while !one_line.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}…", &one_line[..cut])
    }
}

#[cfg(test)]
mod tests {
    use super::summary::shorten;

    #[test]
    fn shorten_keeps_short_text_and_flattens_lines() {
        assert_eq!(
            shorten("  Resource\n does  not\texist "),
            "Resource does not exist"
        );
        assert_eq!(shorten(""), "");
    }

    #[test]
    fn shorten_cuts_long_text_at_a_character_boundary() {
        let long = "é".repeat(150); // 300 bytes
        let shown = shorten(&long);
        assert!(shown.ends_with('…'));
        let kept = shown.trim_end_matches('…');
        assert!(kept.len() <= 200 && kept.len() >= 198, "{}", kept.len());
        assert!(kept.chars().all(|c| c == 'é'));
    }
}
