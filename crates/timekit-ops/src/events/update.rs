//! `PUT /events/{id}` — change a calendar event (partial update).
//!
//! Confidence: path CONFIRMED; the answer is unknown (INFERRED 204), so the output is optional: 204
//! or a body without `data` is `None`, `{"data": Event}` is `Some` (`docs/api-decisions.md`, "Rest
//! of the API (issue 16)").

use bytes::Bytes;
use timekit_model::{Event, EventId, UpdateEventRequest};

use crate::update::update_operation;
use crate::{BuildError, Operation};

update_operation! {
    /// Updates an event.
    UpdateEvent { id: EventId, body: UpdateEventRequest },
    applies_to: "event `id`"
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
    fn request_mapping() {
        assert_update_requests(
            &format!("{BASE}/events/{ID}"),
            UpdateEvent::new(ID, UpdateEventRequest::new()),
            |body| UpdateEvent::from_json(ID, body),
            UpdateEvent::new("a/b", UpdateEventRequest::new()),
            "event id",
        );
    }

    #[test]
    fn only_the_changed_fields_are_sent() {
        let op = UpdateEvent::new(ID, UpdateEventRequest::new().what("Dentist (moved)"));
        assert_eq!(body_json(&op), Some(json!({"what": "Dentist (moved)"})));
        let raw = UpdateEvent::from_json(ID, json!({"legacy": true}));
        assert_eq!(body_json(&raw), Some(json!({"legacy": true})));
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
