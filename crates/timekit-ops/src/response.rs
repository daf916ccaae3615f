//! Response helpers shared by every operation: status check first, then decoding.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use timekit_model::{
    App, AuthUser, AvailabilityCount, Booking, Calendar, Credential, Envelope, Event, GroupBooking,
    Location, Page, Project, Resource, ResourceTimezone, Service, Template,
};

use crate::error::request_id_of;
use crate::{ApiFailure, ResponseError};

/// A complete response, unparsed: the output of a call made with `.raw()`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawResponse {
    /// The HTTP status (always 2xx when returned by an operation).
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, exactly as received.
    pub body: Bytes,
}

impl RawResponse {
    /// Splits a complete response, whatever its status ([`FromResponse`] checks it first).
    pub fn new(response: http::Response<Bytes>) -> Self {
        let (parts, body) = response.into_parts();
        Self {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// Decodes the whole body as `V`.
    ///
    /// # Errors
    /// The serde error when the body is not valid JSON for `V`.
    pub fn json<V: DeserializeOwned>(&self) -> Result<V, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The `Timekit-Request-Id` header, when present.
    pub fn request_id(&self) -> Option<&str> {
        request_id_of(&self.headers)
    }
}

/// Classifies a non-success response: 401 is `IncorrectCredentials`, anything else
/// `UnexpectedStatus`. Both keep status, headers and body.
pub fn classify_error(response: http::Response<Bytes>) -> ResponseError {
    let unauthorized = response.status() == StatusCode::UNAUTHORIZED;
    let failure = ApiFailure::from_response(response);
    if unauthorized {
        ResponseError::IncorrectCredentials(failure)
    } else {
        ResponseError::UnexpectedStatus(failure)
    }
}

/// Passes 2xx responses through and classifies every other status.
///
/// # Errors
/// [`classify_error`]'s result for non-2xx statuses.
pub fn check_status(
    response: http::Response<Bytes>,
) -> Result<http::Response<Bytes>, ResponseError> {
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(classify_error(response))
    }
}

/// How an operation's output is read off a complete response: stated once per output type,
/// so no operation repeats it (or the name of what it decodes).
///
/// Implemented for the shapes Timekit answers with: `{"data": T}` for the model types
/// ([`App`], [`Resource`], [`Booking`], [`Project`], [`Location`], [`Service`],
/// [`GroupBooking`], [`AvailabilityCount`], [`Calendar`], [`Event`], [`Credential`],
/// [`AuthUser`], [`Template`], [`ResourceTimezone`]) and for `Vec<T>`, a Laravel page for
/// [`Page<T>`], an optional envelope for `Option<T>` (204, an empty 200, or `{"data": T}`),
/// no body for `()`, and everything untouched for [`RawResponse`]. A custom operation with an
/// output of its own implements this trait for it (usually with [`decode_envelope`]).
pub trait FromResponse: Sized {
    /// Checks the status, then decodes the body.
    ///
    /// # Errors
    /// [`ResponseError`] for non-2xx statuses and bodies that do not decode.
    fn from_response(response: http::Response<Bytes>) -> Result<Self, ResponseError>;
}

/// `{"data": T}` for each listed type.
macro_rules! enveloped {
    ($($type:ty),* $(,)?) => {$(
        impl FromResponse for $type {
            fn from_response(response: http::Response<Bytes>) -> Result<Self, ResponseError> {
                decode_envelope(response)
            }
        }
    )*};
}

enveloped!(
    App,
    Resource,
    Booking,
    Project,
    Location,
    Service,
    GroupBooking,
    AvailabilityCount,
    Calendar,
    Event,
    Credential,
    AuthUser,
    Template,
    ResourceTimezone,
    Value
);

impl<T: DeserializeOwned> FromResponse for Vec<T> {
    fn from_response(response: http::Response<Bytes>) -> Result<Self, ResponseError> {
        decode_envelope(response)
    }
}

impl<T: DeserializeOwned> FromResponse for Page<T> {
    fn from_response(response: http::Response<Bytes>) -> Result<Self, ResponseError> {
        decode_page(response)
    }
}

impl<T: DeserializeOwned> FromResponse for Option<T> {
    fn from_response(response: http::Response<Bytes>) -> Result<Self, ResponseError> {
        decode_optional_envelope(response)
    }
}

impl FromResponse for () {
    fn from_response(response: http::Response<Bytes>) -> Result<Self, ResponseError> {
        expect_no_content_or_any(response)
    }
}

impl FromResponse for RawResponse {
    /// The status is still checked: a 401 is still `IncorrectCredentials`, a 404
    /// `UnexpectedStatus`; a 2xx answer is returned untouched.
    fn from_response(response: http::Response<Bytes>) -> Result<Self, ResponseError> {
        check_status(response).map(RawResponse::new)
    }
}

/// The name of `T` without module paths, for decode errors:
/// `timekit_model::page::Page<timekit_model::booking::Booking>` → `Page<Booking>`.
pub fn short_type_name<T: ?Sized>() -> String {
    let full = std::any::type_name::<T>();
    let mut short = String::with_capacity(full.len());
    let mut word_start = 0;
    for (at, c) in full.char_indices() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            continue;
        }
        short.push_str(last_path_part(&full[word_start..at]));
        short.push(c);
        word_start = at + c.len_utf8();
    }
    short.push_str(last_path_part(&full[word_start..]));
    short
}

fn last_path_part(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

/// Decodes a whole body as `T`, reporting the JSON path where it failed; a failure names
/// `N` (the type the caller asked for, e.g. `Booking` rather than its envelope).
///
/// # Errors
/// [`ResponseError::Decode`] keeping status and body; its `request_id` is `None` here (the
/// headers are not passed in), the helpers below that see the whole response fill it in.
pub fn decode_body<T: DeserializeOwned, N: ?Sized>(
    status: StatusCode,
    body: Bytes,
) -> Result<T, ResponseError> {
    // Fast path first: serde_path_to_error records every map key as an owned string while it
    // decodes, which made a 1,000-booking page ~45 % slower (see `cargo xtask bench`). The
    // path only explains a failure, so the tracking decoder runs again only then.
    if let Ok(value) = serde_json::from_slice(&body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    let decoded = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|err| (err.path().to_string(), err.into_inner()))
        .and_then(|value| {
            deserializer
                .end()
                .map(|()| value)
                .map_err(|err| (".".to_owned(), err))
        });
    decoded.map_err(|(path, source)| ResponseError::Decode {
        status,
        body,
        target: short_type_name::<N>(),
        path,
        request_id: None,
        source,
    })
}

/// Puts the response's `Timekit-Request-Id` into a decode error ([`decode_body`] sees only
/// the body), so support can still find the call whose answer could not be read.
pub(crate) fn with_request_id(
    headers: &HeaderMap,
) -> impl FnOnce(ResponseError) -> ResponseError + '_ {
    move |mut error| {
        if let ResponseError::Decode { request_id, .. } = &mut error {
            *request_id = request_id_of(headers).map(str::to_owned);
        }
        error
    }
}

/// `{"data": T}` → `T`, after the status check.
///
/// # Errors
/// [`ResponseError`] for non-2xx statuses and bodies that do not decode.
pub fn decode_envelope<T: DeserializeOwned>(
    response: http::Response<Bytes>,
) -> Result<T, ResponseError> {
    let (parts, body) = check_status(response)?.into_parts();
    decode_body::<Envelope<T>, T>(parts.status, body)
        .map(Envelope::into_data)
        .map_err(with_request_id(&parts.headers))
}

/// A paginated list answer, after the status check.
///
/// # Errors
/// [`ResponseError`] for non-2xx statuses and bodies that do not decode.
pub fn decode_page<T: DeserializeOwned>(
    response: http::Response<Bytes>,
) -> Result<Page<T>, ResponseError> {
    let (parts, body) = check_status(response)?.into_parts();
    decode_body::<Page<T>, Page<T>>(parts.status, body).map_err(with_request_id(&parts.headers))
}

/// For endpoints whose success body is optional (204, an empty 200, or `{"data": T}`).
///
/// An empty body, a JSON object without `data`, or `"data": null` give `None`; a `data`
/// value that is not a `T` is a decode error, and so is a body that is not JSON at all.
///
/// # Errors
/// [`ResponseError`] for non-2xx statuses, non-JSON bodies and `data` that does not decode.
pub fn decode_optional_envelope<T: DeserializeOwned>(
    response: http::Response<Bytes>,
) -> Result<Option<T>, ResponseError> {
    let (parts, body) = check_status(response)?.into_parts();
    if is_blank(&body) {
        return Ok(None);
    }
    let value: Value = decode_body::<Value, T>(parts.status, body.clone())
        .map_err(with_request_id(&parts.headers))?;
    match value {
        Value::Object(map) if map.get("data").is_some_and(|data| !data.is_null()) => {
            decode_body::<Envelope<T>, T>(parts.status, body)
                .map(|envelope| Some(envelope.data))
                .map_err(with_request_id(&parts.headers))
        }
        _ => Ok(None),
    }
}

/// For endpoints with no output (deletes): any 2xx with no body, or with a JSON body.
///
/// A 2xx body that is not JSON is still a decode error: it means something between the
/// client and Timekit answered, and the caller should see that rather than a silent success.
///
/// # Errors
/// [`ResponseError`] for non-2xx statuses and non-JSON bodies.
pub fn expect_no_content_or_any(response: http::Response<Bytes>) -> Result<(), ResponseError> {
    let (parts, body) = check_status(response)?.into_parts();
    if is_blank(&body) {
        return Ok(());
    }
    decode_body::<serde::de::IgnoredAny, ()>(parts.status, body)
        .map(|_| ())
        .map_err(with_request_id(&parts.headers))
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use timekit_model::{Booking, BookingState};

    fn response(status: u16, body: &str) -> http::Response<Bytes> {
        http::Response::builder()
            .status(status)
            .body(Bytes::from(body.to_owned()))
            .unwrap()
    }

    #[test]
    fn status_is_checked_before_the_body() {
        let err = decode_envelope::<Booking>(response(404, "{\"data\": 1}")).unwrap_err();
        assert!(
            matches!(err, ResponseError::UnexpectedStatus(ref failure) if failure.status() == 404)
        );
        let err = decode_envelope::<Booking>(response(401, "<html>")).unwrap_err();
        assert!(matches!(err, ResponseError::IncorrectCredentials(_)));
    }

    #[test]
    fn decode_errors_carry_the_json_path_status_and_body() {
        let body = r#"{"data": {"id": "b", "graph": "instant", "state": 7, "completed": false}}"#;
        match decode_envelope::<Booking>(response(200, body)).unwrap_err() {
            ResponseError::Decode {
                status,
                body: kept,
                target,
                path,
                ..
            } => {
                assert_eq!(status, 200);
                assert_eq!(kept, body.as_bytes());
                assert_eq!(target, "Booking");
                assert_eq!(path, "data.state");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn trailing_garbage_is_a_decode_error() {
        let err =
            decode_body::<Value, Value>(StatusCode::OK, Bytes::from_static(b"{} x")).unwrap_err();
        assert!(matches!(err, ResponseError::Decode { .. }));
    }

    #[test]
    fn envelope_is_unwrapped() {
        let body = r#"{"data": {"id": "b", "graph": "instant", "state": "confirmed", "completed": false}}"#;
        let booking = decode_envelope::<Booking>(response(201, body)).unwrap();
        assert_eq!(booking.state, BookingState::Confirmed);
    }

    #[test]
    fn optional_envelope_accepts_empty_and_data_less_bodies() {
        assert_eq!(
            decode_optional_envelope::<Value>(response(204, "")).unwrap(),
            None
        );
        assert_eq!(
            decode_optional_envelope::<Value>(response(200, "  ")).unwrap(),
            None
        );
        assert_eq!(
            decode_optional_envelope::<Value>(response(200, "{}")).unwrap(),
            None
        );
        assert_eq!(
            decode_optional_envelope::<Value>(response(200, r#"{"meta": {"message": "sent"}}"#))
                .unwrap(),
            None
        );
        assert_eq!(
            decode_optional_envelope::<Value>(response(200, r#"{"data": null}"#)).unwrap(),
            None
        );
        assert_eq!(
            decode_optional_envelope::<Value>(response(200, r#"{"data": {"a": 1}}"#)).unwrap(),
            Some(json!({"a": 1}))
        );
        assert!(
            decode_optional_envelope::<Booking>(response(200, r#"{"data": {"a": 1}}"#)).is_err()
        );
        assert!(decode_optional_envelope::<Value>(response(200, "<html>")).is_err());
    }

    #[test]
    fn no_content_accepts_204_and_any_json() {
        assert!(expect_no_content_or_any(response(204, "")).is_ok());
        assert!(expect_no_content_or_any(response(200, r#"{"data": []}"#)).is_ok());
        assert!(expect_no_content_or_any(response(200, "<html>")).is_err());
        assert!(expect_no_content_or_any(response(422, "{}")).is_err());
    }

    #[test]
    fn short_type_names_drop_module_paths() {
        assert_eq!(short_type_name::<Booking>(), "Booking");
        assert_eq!(short_type_name::<Page<Booking>>(), "Page<Booking>");
        assert_eq!(
            short_type_name::<Vec<Option<timekit_model::slot::Slot>>>(),
            "Vec<Option<Slot>>"
        );
        assert_eq!(short_type_name::<()>(), "()");
    }

    #[test]
    fn raw_response_keeps_everything() {
        let raw = RawResponse::new(
            http::Response::builder()
                .status(200)
                .header("timekit-request-id", "req-1")
                .body(Bytes::from_static(b"{\"data\": 1}"))
                .unwrap(),
        );
        assert_eq!(raw.request_id(), Some("req-1"));
        assert_eq!(raw.json::<Value>().unwrap(), json!({"data": 1}));
    }
}
