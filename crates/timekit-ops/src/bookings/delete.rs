//! `DELETE /bookings/{id}` — delete a booking that is in a final state.
//!
//! Confidence: path and final-state rule CONFIRMED; 204 CONFIRMED by §10 of
//! `timekit-api.md`; 200 with or without a JSON body is accepted too.

use timekit_model::BookingId;

use crate::Operation;

/// Deletes a booking.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct DeleteBooking {
    id: BookingId,
}

impl DeleteBooking {
    /// Deletes booking `id`.
    pub fn new(id: impl Into<BookingId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for DeleteBooking {
    type Output = ();
    const NAME: &'static str = "delete_booking";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH_TEMPLATE: &'static str = "/bookings/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("booking id", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = DeleteBooking::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/bookings/{ID}")
        );
        assert!(request.body().is_empty());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&DeleteBooking::new("a/../b")),
            Some("booking id")
        );
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = DeleteBooking::new(ID);
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {"deleted": true}}"#))
            .unwrap();
    }

    #[test]
    fn non_final_refusal_is_an_error() {
        let body = r#"{"error": "Only bookings in a final state can be deleted"}"#;
        let err = DeleteBooking::new(ID)
            .parse_response(response(422, body))
            .unwrap_err();
        assert_eq!(err.status(), 422);
    }

    error_contract_tests!(DeleteBooking::new(ID));
}
