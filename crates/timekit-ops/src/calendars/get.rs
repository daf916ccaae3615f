//! `GET /calendars/{id}` — one calendar.
//!
//! Confidence: CONFIRMED (`timekit-api-more.md` §5.8; `include` CONFIRMED by the SDK's 2018 tests).

use timekit_model::{Calendar, CalendarId};

use crate::Operation;
use crate::include::Includes;

/// Reads one calendar.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetCalendar {
    id: CalendarId,
    include: Includes,
}

impl GetCalendar {
    /// Reads calendar `id`.
    pub fn new(id: impl Into<CalendarId>) -> Self {
        Self {
            id: id.into(),
            include: Includes::default(),
        }
    }

    /// Adds a dynamic include (`events`).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for GetCalendar {
    type Output = Calendar;
    const NAME: &'static str = "get_calendar";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/calendars/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("calendar id", self.id.as_str())]
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.include.to_query()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = GetCalendar::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(request.uri(), &*format!("{BASE}/calendars/{ID}"));
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn include_goes_to_the_query() {
        assert_eq!(
            uri(&GetCalendar::new(ID).include("events")),
            format!("{BASE}/calendars/{ID}?include=events")
        );
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&GetCalendar::new("a/b")),
            Some("calendar id")
        );
    }

    #[test]
    fn parses_the_fixture() {
        let value = GetCalendar::new(ID)
            .parse_response(response(200, &fixture("calendar.json")))
            .unwrap();
        let expected = fixture_json("calendar.json");
        assert_eq!(value.id.as_str(), expected["data"]["id"]);
        assert_eq!(value.events.unwrap().len(), 1);
    }

    error_contract_tests!(GetCalendar::new(ID));
}
