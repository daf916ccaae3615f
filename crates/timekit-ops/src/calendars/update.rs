//! `PUT /calendars/{id}` — change a calendar (partial update).
//!
//! Confidence: path CONFIRMED; the answer is unknown (INFERRED 204 like every other update), so the
//! output is optional: 204 or a body without `data` is `None`, `{"data": Calendar}` is `Some`
//! (`docs/api-decisions.md`, "Rest of the API (issue 16)").

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{Calendar, CalendarId, UpdateCalendarRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Updates a calendar.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateCalendar {
    id: CalendarId,
    body: RequestBody<UpdateCalendarRequest>,
}

impl UpdateCalendar {
    /// Applies `request` to calendar `id`.
    pub fn new(id: impl Into<CalendarId>, request: UpdateCalendarRequest) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(id: impl Into<CalendarId>, body: Value) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for UpdateCalendar {
    type Output = Option<Calendar>;
    const NAME: &'static str = "update_calendar";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/calendars/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("calendar id", self.id.as_str())]
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
        let op = UpdateCalendar::new(ID, UpdateCalendarRequest::new());
        let request = request(&op);
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(request.uri(), &*format!("{BASE}/calendars/{ID}"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(body_json(&op), Some(json!({})));
    }

    #[test]
    fn only_the_changed_fields_are_sent() {
        let op = UpdateCalendar::new(ID, UpdateCalendarRequest::new().name("Work"));
        assert_eq!(body_json(&op), Some(json!({"name": "Work"})));
        let raw = UpdateCalendar::from_json(ID, json!({"legacy": true}));
        assert_eq!(body_json(&raw), Some(json!({"legacy": true})));
    }

    #[test]
    fn bad_input_is_refused() {
        let bad_id = UpdateCalendar::new("a/b", UpdateCalendarRequest::new());
        assert_eq!(refused_id_field(&bad_id), Some("calendar id"));
        let array = UpdateCalendar::from_json(ID, json!([]));
        assert_eq!(
            array.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn no_content_or_the_changed_object() {
        let op = UpdateCalendar::new(ID, UpdateCalendarRequest::new());
        assert_eq!(op.parse_response(response(204, "")).unwrap(), None);
        let value = op
            .parse_response(response(200, &fixture("calendar.json")))
            .unwrap()
            .unwrap();
        let expected = fixture_json("calendar.json");
        assert_eq!(value.id.as_str(), expected["data"]["id"]);
    }

    error_contract_tests!(UpdateCalendar::new(ID, UpdateCalendarRequest::new()));
}
