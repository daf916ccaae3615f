//! `POST /calendars` — create a calendar.
//!
//! Confidence: path CONFIRMED (the SDK posts to `/calendars/` with a trailing slash; this client
//! sends none, `docs/api-decisions.md`, "Rest of the API (issue 16)"); body `name`, `description`,
//! colours CONFIRMED; `resource_id` (whose calendar, under app-key auth) INFERRED. The 2015 mock
//! answered 200 `{"data": Calendar}`; 201 is accepted too.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{Calendar, CreateCalendarRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Creates a calendar.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateCalendar {
    body: RequestBody<CreateCalendarRequest>,
}

impl CreateCalendar {
    /// Creates the calendar described by `request`.
    pub fn new(request: CreateCalendarRequest) -> Self {
        Self {
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(body: Value) -> Self {
        Self {
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for CreateCalendar {
    type Output = Calendar;
    const NAME: &'static str = "create_calendar";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/calendars";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> CreateCalendar {
        CreateCalendar::new(CreateCalendarRequest::new("Work").resource_id(ID))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), &*format!("{BASE}/calendars"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            body_json(&op()),
            Some(json!({"name": "Work", "resource_id": ID}))
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = CreateCalendar::from_json(json!({"name": "X", "legacy": true}));
        assert_eq!(body_json(&raw), Some(json!({"name": "X", "legacy": true})));
        let bad = CreateCalendar::from_json(json!(["x"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_fixture() {
        for status in [200, 201] {
            let value = op()
                .parse_response(response(status, &fixture("calendar.json")))
                .unwrap();
            let expected = fixture_json("calendar.json");
            assert_eq!(value.id.as_str(), expected["data"]["id"]);
        }
    }

    error_contract_tests!(op());
}
