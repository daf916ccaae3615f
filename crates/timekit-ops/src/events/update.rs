//! `PUT /events/{id}` — change a calendar event (partial update).
//!
//! Confidence: path CONFIRMED; the answer is unknown (INFERRED 204), so the output is optional: 204
//! or a body without `data` is `None`, `{"data": Event}` is `Some` (`docs/api-decisions.md`, "Rest
//! of the API (issue 16)").

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{Event, EventId, UpdateEventRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Updates an event.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateEvent {
    id: EventId,
    body: RequestBody<UpdateEventRequest>,
}

impl UpdateEvent {
    /// Applies `request` to event `id`.
    pub fn new(id: impl Into<EventId>, request: UpdateEventRequest) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(id: impl Into<EventId>, body: Value) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for UpdateEvent {
    type Output = Option<Event>;
    const NAME: &'static str = "update_event";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/events/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("event id", self.id.as_str())]
    }

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    #[test]
    fn minimal_request_sends_an_empty_object() {
        let op = UpdateEvent::new(ID, UpdateEventRequest::new());
        let request = request(&op);
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(request.uri(), &*format!("{BASE}/events/{ID}"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(body_json(&op), Some(json!({})));
    }

    #[test]
    fn only_the_changed_fields_are_sent() {
        let op = UpdateEvent::new(ID, UpdateEventRequest::new().what("Dentist (moved)"));
        assert_eq!(body_json(&op), Some(json!({"what": "Dentist (moved)"})));
        let raw = UpdateEvent::from_json(ID, json!({"legacy": true}));
        assert_eq!(body_json(&raw), Some(json!({"legacy": true})));
    }

    #[test]
    fn bad_input_is_refused() {
        let bad_id = UpdateEvent::new("a/b", UpdateEventRequest::new());
        assert_eq!(refused_id_field(&bad_id), Some("event id"));
        let array = UpdateEvent::from_json(ID, json!([]));
        assert_eq!(
            array.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn no_content_or_the_changed_object() {
        let op = UpdateEvent::new(ID, UpdateEventRequest::new());
        assert_eq!(op.parse_response(response(204, "")).unwrap(), None);
        let value = op
            .parse_response(response(200, &fixture("event.json")))
            .unwrap()
            .unwrap();
        let expected = fixture_json("event.json");
        assert_eq!(value.id.as_str(), expected["data"]["id"]);
    }

    error_contract_tests!(UpdateEvent::new(ID, UpdateEventRequest::new()));
}
