//! `PUT /calendars/{id}` — change a calendar (partial update).
//!
//! Confidence: path CONFIRMED; the answer is unknown (INFERRED 204 like every other update), so the
//! output is optional: 204 or a body without `data` is `None`, `{"data": Calendar}` is `Some`
//! (`docs/api-decisions.md`, "Rest of the API (issue 16)").

use bytes::Bytes;
use timekit_model::{Calendar, CalendarId, UpdateCalendarRequest};

use crate::update::update_operation;
use crate::{BuildError, Operation};

update_operation! {
    /// Updates a calendar.
    UpdateCalendar { id: CalendarId, body: UpdateCalendarRequest },
    applies_to: "calendar `id`"
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
    fn request_mapping() {
        assert_update_requests(
            &format!("{BASE}/calendars/{ID}"),
            UpdateCalendar::new(ID, UpdateCalendarRequest::new()),
            |body| UpdateCalendar::from_json(ID, body),
            UpdateCalendar::new("a/b", UpdateCalendarRequest::new()),
            "calendar id",
        );
    }

    #[test]
    fn only_the_changed_fields_are_sent() {
        let op = UpdateCalendar::new(ID, UpdateCalendarRequest::new().name("Work"));
        assert_eq!(body_json(&op), Some(json!({"name": "Work"})));
        let raw = UpdateCalendar::from_json(ID, json!({"legacy": true}));
        assert_eq!(body_json(&raw), Some(json!({"legacy": true})));
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
