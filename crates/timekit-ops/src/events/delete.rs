//! `DELETE /events/{id}` — delete a calendar event.
//!
//! Confidence: path CONFIRMED; 204 INFERRED; any 2xx with or without a JSON body is success.

use timekit_model::EventId;

use crate::Operation;

/// Deletes an event.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct DeleteEvent {
    id: EventId,
}

impl DeleteEvent {
    /// Deletes event `id`.
    pub fn new(id: impl Into<EventId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for DeleteEvent {
    type Output = ();
    const NAME: &'static str = "delete_event";
    const METHOD: http::Method = http::Method::DELETE;
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
        let op = DeleteEvent::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(request.uri(), &*format!("{BASE}/events/{ID}"));
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(refused_id_field(&DeleteEvent::new("x#y")), Some("event id"));
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = DeleteEvent::new(ID);
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {}}"#)).unwrap();
        op.parse_response(response(204, "{}")).unwrap();
    }

    error_contract_tests!(DeleteEvent::new(ID));
}
