//! `DELETE /calendars/{id}` — delete a calendar.
//!
//! Confidence: path and 204 CONFIRMED (2015 SDK mock, which sent a JSON body with its 204);
//! any 2xx with or without a JSON body is success.

use timekit_model::CalendarId;

use crate::Operation;

/// Deletes a calendar.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct DeleteCalendar {
    id: CalendarId,
}

impl DeleteCalendar {
    /// Deletes calendar `id`.
    pub fn new(id: impl Into<CalendarId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for DeleteCalendar {
    type Output = ();
    const NAME: &'static str = "delete_calendar";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH_TEMPLATE: &'static str = "/calendars/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("calendar id", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = DeleteCalendar::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(request.uri(), &*format!("{BASE}/calendars/{ID}"));
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&DeleteCalendar::new("x#y")),
            Some("calendar id")
        );
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = DeleteCalendar::new(ID);
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {}}"#)).unwrap();
        op.parse_response(response(204, "{}")).unwrap();
    }

    error_contract_tests!(DeleteCalendar::new(ID));
}
