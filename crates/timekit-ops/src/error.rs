//! Errors of building a request and of interpreting a response.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use timekit_model::ErrorBody;

/// The request could not be built from the caller's input. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// An id is empty or contains characters that could change the path (`/`, `?`, `#`, `..`,
    /// control characters).
    #[error("invalid {field}: {reason}")]
    InvalidId {
        /// Which id (`"booking id"`, `"resource id"`, `"action"`).
        field: &'static str,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A body was not a JSON object (arrays and scalars are refused: Timekit answers 400).
    #[error("request body must be a JSON object, got {0}")]
    BodyNotObject(&'static str),
    /// A body that must be a bare JSON array (only `ReplaceProjectResources`) was not one.
    #[error("request body must be a JSON array, got {0}")]
    BodyNotArray(&'static str),
    /// The typed body could not be serialised.
    #[error("could not serialise the request body: {0}")]
    Serialize(String),
    /// The base URL is not usable.
    #[error("invalid base URL: {0}")]
    InvalidBaseUrl(String),
    /// Anything else that made the request invalid.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

/// A complete answer from Timekit that was not a success.
///
/// Keeps everything: status, `Timekit-Request-Id`, the raw body and the parsed error body.
#[derive(Debug, Clone)]
pub struct ApiFailure {
    // Boxed so that `Result<_, ResponseError>` stays small on the success path.
    inner: Box<FailureParts>,
}

#[derive(Debug, Clone)]
struct FailureParts {
    status: StatusCode,
    request_id: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    parsed: ErrorBody,
}

impl ApiFailure {
    /// Builds a failure from a complete response.
    pub fn from_response(response: http::Response<Bytes>) -> Self {
        let (parts, body) = response.into_parts();
        let request_id = request_id_of(&parts.headers).map(str::to_owned);
        let parsed = ErrorBody::parse(&body);
        let inner = FailureParts {
            status: parts.status,
            request_id,
            headers: parts.headers,
            body,
            parsed,
        };
        ApiFailure {
            inner: Box::new(inner),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }
    /// The `Timekit-Request-Id` header, when present.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }
    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }
    /// The raw response body.
    pub fn body(&self) -> &Bytes {
        &self.inner.body
    }
    /// The parsed error body.
    pub fn error_body(&self) -> &ErrorBody {
        &self.inner.parsed
    }
    /// The server's short message, when it sent one.
    pub fn message(&self) -> Option<&str> {
        self.inner.parsed.message()
    }
    /// The validation messages per field, for `{"errors": {…}}` bodies.
    pub fn validation_errors(&self) -> Option<&std::collections::BTreeMap<String, Vec<String>>> {
        self.inner.parsed.validation_errors()
    }
}

/// A response that is not the operation's success output.
///
/// Deliberately exhaustive: the facade maps every variant by name, so a new variant here
/// forces a decision there instead of falling into a catch-all.
#[derive(Debug, thiserror::Error)]
pub enum ResponseError {
    /// HTTP 401: the API key was refused.
    #[error("incorrect credentials (HTTP 401)")]
    IncorrectCredentials(ApiFailure),
    /// Any other non-2xx status.
    #[error("unexpected HTTP status {}", .0.status())]
    UnexpectedStatus(ApiFailure),
    /// A 2xx response whose body is not what the operation expects.
    #[error("could not decode {target} from HTTP {status} response at {path}")]
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// The raw body, kept whole.
        body: Bytes,
        /// What was being decoded (`"Booking"`, `"Page<Resource>"`): the output type's
        /// name without module paths.
        target: String,
        /// The JSON path where decoding failed (`"data.state"`), or `"."`.
        path: String,
        /// The `Timekit-Request-Id` header of the response, when present.
        request_id: Option<String>,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
}

impl ResponseError {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        match self {
            ResponseError::IncorrectCredentials(failure)
            | ResponseError::UnexpectedStatus(failure) => failure.status(),
            ResponseError::Decode { status, .. } => *status,
        }
    }

    /// The `Timekit-Request-Id` header of the response, when present (for support requests).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ResponseError::IncorrectCredentials(failure)
            | ResponseError::UnexpectedStatus(failure) => failure.request_id(),
            ResponseError::Decode { request_id, .. } => request_id.as_deref(),
        }
    }
}

/// The `Timekit-Request-Id` header, when present and readable as text.
pub(crate) fn request_id_of(headers: &HeaderMap) -> Option<&str> {
    headers.get("timekit-request-id")?.to_str().ok()
}
