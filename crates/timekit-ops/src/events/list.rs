//! `GET /events` — the events of the app's calendars between `start` and `end`.
//!
//! Confidence: path CONFIRMED (`timekit-api-more.md` §5.9); the SDK passes its arguments as the
//! query and a third-party client sends `start` and `end`, so both are required here (INFERRED:
//! the server needs a window). `search` (e.g. `calendar.id:<id>`) and `include` INFERRED from
//! the API-wide conventions. Not paginated (`{"data": [Event]}`, the 2015 mock).

use timekit_model::{CalendarId, Event, Timestamp};

use crate::Operation;
use crate::include::Includes;

/// Lists the events in a time window.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ListEvents {
    start: Timestamp,
    end: Timestamp,
    search: Vec<String>,
    include: Includes,
}

impl ListEvents {
    /// The events between `start` and `end`.
    pub fn new(start: impl Into<Timestamp>, end: impl Into<Timestamp>) -> Self {
        Self {
            start: start.into(),
            end: end.into(),
            search: Vec::new(),
            include: Includes::default(),
        }
    }

    /// Adds search criteria (`key:value`); several are joined with `;` (AND).
    pub fn search(mut self, criteria: impl Into<String>) -> Self {
        self.search.push(criteria.into());
        self
    }

    /// Only the events of calendar `id` (`calendar.id:<id>`).
    pub fn calendar(self, id: impl Into<CalendarId>) -> Self {
        let id = id.into();
        self.search(format!("calendar.id:{id}"))
    }

    /// Adds a dynamic include.
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for ListEvents {
    type Output = Vec<Event>;
    const NAME: &'static str = "list_events";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/events";

    fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = vec![
            ("start", self.start.to_string()),
            ("end", self.end.to_string()),
        ];
        if !self.search.is_empty() {
            query.push(("search", self.search.join(";")));
        }
        self.include.append_to(&mut query);
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    fn op() -> ListEvents {
        ListEvents::new(at("2030-03-04T00:00:00+01:00"), at("2030-03-11T00:00:00Z"))
    }

    const WINDOW: &str = "start=2030-03-04T00:00:00%2B01:00&end=2030-03-11T00:00:00%2B00:00";

    #[test]
    fn minimal_request_sends_the_window() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(request.uri(), &*format!("{BASE}/events?{WINDOW}"));
        assert!(request.body().is_empty());
    }

    #[test]
    fn search_and_include_follow_the_window() {
        let op = op()
            .calendar("c1")
            .search("what:Dentist")
            .include("calendar");
        assert_eq!(
            uri(&op),
            format!("{BASE}/events?{WINDOW}&search=calendar.id:c1%3Bwhat:Dentist&include=calendar")
        );
    }

    #[test]
    fn parses_the_fixture() {
        let events = op()
            .parse_response(response(200, &fixture("events.json")))
            .unwrap();
        let expected = fixture_json("events.json");
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].id.as_str(), expected["data"][0]["id"]);
        assert_eq!(events[1].all_day, Some(true));
    }

    error_contract_tests!(op());
}
