//! `GET /events/{id}` — one calendar event.
//!
//! Confidence: path CONFIRMED (`timekit-api-more.md` §5.9); the event object CONFIRMED by the 2015
//! SDK mock (`id`, `what`, `where`, `rsvp`, `allDay`, `start`, `end`).

use timekit_model::{Event, EventId};

use crate::Operation;

/// Reads one event.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetEvent {
    id: EventId,
}

impl GetEvent {
    /// Reads event `id`.
    pub fn new(id: impl Into<EventId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for GetEvent {
    type Output = Event;
    const NAME: &'static str = "get_event";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/events/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("event id", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = GetEvent::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(request.uri(), &*format!("{BASE}/events/{ID}"));
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(refused_id_field(&GetEvent::new("a/b")), Some("event id"));
    }

    #[test]
    fn parses_the_fixture() {
        let value = GetEvent::new(ID)
            .parse_response(response(200, &fixture("event.json")))
            .unwrap();
        let expected = fixture_json("event.json");
        assert_eq!(value.id.as_str(), expected["data"]["id"]);
        assert_eq!(value.rsvp.as_deref(), Some("declined"));
    }

    error_contract_tests!(GetEvent::new(ID));
}
