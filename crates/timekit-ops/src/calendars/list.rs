//! `GET /calendars` — the calendars of the app's resources.
//!
//! Confidence: path CONFIRMED (`timekit-api-more.md` §5.8, SDK `getCalendars`); answer `{"data":
//! [Calendar]}` CONFIRMED by the 2015 SDK mock; not paginated (INFERRED: the SDK has no paging for
//! it, and paginator keys next to `data` are ignored). `include=events` CONFIRMED by a third-party
//! client.

use timekit_model::Calendar;

use crate::Operation;
use crate::include::Includes;

/// Lists calendars.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListCalendars {
    include: Includes,
}

impl ListCalendars {
    /// The whole list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a dynamic include (`events`).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for ListCalendars {
    type Output = Vec<Calendar>;
    const NAME: &'static str = "list_calendars";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/calendars";

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
        let op = ListCalendars::new();
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(request.uri(), &*format!("{BASE}/calendars"));
        assert!(request.body().is_empty());
    }

    #[test]
    fn include_goes_to_the_query() {
        assert_eq!(
            uri(&ListCalendars::new().include("events")),
            format!("{BASE}/calendars?include=events")
        );
    }

    #[test]
    fn parses_the_fixture() {
        let value = ListCalendars::new()
            .parse_response(response(200, &fixture("calendars.json")))
            .unwrap();
        let expected = fixture_json("calendars.json");
        assert_eq!(value.len(), 2);
        assert_eq!(value[0].id.as_str(), expected["data"][0]["id"]);
    }

    #[test]
    fn paginator_keys_next_to_data_are_ignored() {
        let value = ListCalendars::new()
            .parse_response(response(
                200,
                r#"{"data": [], "current_page": 1, "last_page": 1}"#,
            ))
            .unwrap();
        assert!(value.is_empty());
    }

    error_contract_tests!(ListCalendars::new());
}
