//! What a handler answers: a status and an optional JSON body, in Timekit's shapes.

use std::collections::BTreeMap;
use std::convert::Infallible;

use bytes::Bytes;
use http::header::{ALLOW, CONTENT_TYPE, HeaderName, HeaderValue};
use http::{Response, StatusCode};
use http_body_util::{BodyExt, Empty, Full};
use serde::Serialize;

use crate::faults::EmuBody;

const JSON: &str = "application/json";

/// A handler's answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) body: Option<Bytes>,
    /// The `Allow` header (405 only).
    pub(crate) allow: Option<String>,
    /// `Content-Type` of the body: JSON except for the dashboard's page.
    pub(crate) content_type: &'static str,
    /// Further headers (the dashboard page's security headers); empty for the API.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
}

#[derive(Serialize)]
struct Data<'a, T: ?Sized> {
    data: &'a T,
}

#[derive(Serialize)]
struct ErrorMessage<'a> {
    error: &'a str,
}

#[derive(Serialize)]
struct NotFound<'a> {
    error: &'static str,
    model: &'a str,
}

/// Laravel-style validation errors: field → messages.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub(crate) fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_default().push(message.into());
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// `Ok(())` when empty, so validators can end with `errors.into_result()?`.
    pub(crate) fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Moves every error under `prefix.` (bulk items: `bookings.3.start`).
    pub(crate) fn merge_prefixed(&mut self, prefix: &str, other: FieldErrors) {
        for (field, messages) in other.0 {
            self.0
                .entry(format!("{prefix}.{field}"))
                .or_default()
                .extend(messages);
        }
    }

    pub(crate) fn to_value(&self) -> serde_json::Value {
        serde_json::json!({ "errors": self })
    }
}

impl Reply {
    fn json(status: StatusCode, body: Result<Vec<u8>, serde_json::Error>) -> Self {
        match body {
            Ok(bytes) => Self {
                status,
                body: Some(Bytes::from(bytes)),
                ..Self::no_content()
            },
            // Only possible for maps with non-string keys, which the emulator never builds.
            Err(_) => Self::error(StatusCode::INTERNAL_SERVER_ERROR, "Internal error"),
        }
    }

    /// `{"data": value}`.
    pub(crate) fn data<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Self {
        let mut buffer = Vec::with_capacity(512);
        let result = serde_json::to_writer(&mut buffer, &Data { data: value }).map(|()| buffer);
        Self::json(status, result)
    }

    /// Any serializable body as is (pagination pages, bulk results).
    pub(crate) fn body<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Self {
        Self::json(status, serde_json::to_vec(value))
    }

    /// `{"error": message}`.
    pub(crate) fn error(status: StatusCode, message: &str) -> Self {
        let body = serde_json::to_vec(&ErrorMessage { error: message })
            .unwrap_or_else(|_| br#"{"error":"Internal error"}"#.to_vec());
        Self {
            status,
            body: Some(Bytes::from(body)),
            ..Self::no_content()
        }
    }

    /// 404 `{"error": "Resource does not exist", "model": model}`.
    pub(crate) fn not_found(model: &str) -> Self {
        Self::json(
            StatusCode::NOT_FOUND,
            serde_json::to_vec(&NotFound {
                error: "Resource does not exist",
                model,
            }),
        )
    }

    /// 422 `{"errors": {field: [messages]}}`.
    pub(crate) fn invalid(errors: &FieldErrors) -> Self {
        Self::json(
            StatusCode::UNPROCESSABLE_ENTITY,
            serde_json::to_vec(&serde_json::json!({ "errors": errors })),
        )
    }

    /// 422 `{"errors": {...}, "action": step}`: a validation error of a graph step (booking
    /// create: `save_booking_data`, as Timekit answers).
    pub(crate) fn invalid_in_step(errors: &FieldErrors, step: &str) -> Self {
        Self::json(
            StatusCode::UNPROCESSABLE_ENTITY,
            serde_json::to_vec(&serde_json::json!({ "errors": errors, "action": step })),
        )
    }

    /// 422 with a single field error.
    pub(crate) fn invalid_field(field: &str, message: &str) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        Self::invalid(&errors)
    }

    /// 422 `{"error": "Cannot apply action '<a>' to current state '<s>'"}`.
    pub(crate) fn illegal_action(action: &str, state: &str) -> Self {
        Self::error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &illegal_action_message(action, state),
        )
    }

    /// 204 without a body.
    pub(crate) fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            body: None,
            allow: None,
            content_type: JSON,
            headers: Vec::new(),
        }
    }

    /// A text body of another type (the dashboard's HTML) with extra headers.
    pub(crate) fn text(
        content_type: &'static str,
        body: Bytes,
        headers: Vec<(HeaderName, HeaderValue)>,
    ) -> Self {
        Self {
            status: StatusCode::OK,
            body: Some(body),
            allow: None,
            content_type,
            headers,
        }
    }

    /// 405 with the `Allow` header.
    pub(crate) fn method_not_allowed(allow: String) -> Self {
        let mut reply = Self::error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
        reply.allow = Some(allow);
        reply
    }

    pub(crate) fn into_response(self) -> Response<EmuBody> {
        let body = match self.body {
            Some(bytes) => Full::new(bytes)
                .map_err(|never: Infallible| match never {})
                .boxed(),
            None => Empty::new()
                .map_err(|never: Infallible| match never {})
                .boxed(),
        };
        let has_body = body_is_json(self.status);
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        if has_body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        }
        for (name, value) in self.headers {
            headers.insert(name, value);
        }
        if let Some(allow) = self
            .allow
            .and_then(|allow| HeaderValue::try_from(allow).ok())
        {
            headers.insert(ALLOW, allow);
        }
        response
    }
}

fn body_is_json(status: StatusCode) -> bool {
    status != StatusCode::NO_CONTENT
}

/// Why a booking may not take a slot: another blocking booking of its resource overlaps it.
pub(crate) const SLOT_TAKEN: &str = "The resource is already booked in this time slot.";

/// The text Timekit answers for an action the booking's state does not allow.
pub(crate) fn illegal_action_message(action: &str, state: &str) -> String {
    format!("Cannot apply action '{action}' to current state '{state}'")
}
