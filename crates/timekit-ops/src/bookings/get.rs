//! `GET /bookings/{id}` — one booking.
//!
//! Confidence: CONFIRMED (`timekit-api.md` §4.11). Query: `include` (`attributes`,
//! `customers`, `bulked_bookings`, …).

use timekit_model::{Booking, BookingId};

use crate::Operation;
use crate::include::Includes;

/// Reads one booking.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetBooking {
    id: BookingId,
    include: Includes,
}

impl GetBooking {
    /// Reads booking `id`.
    pub fn new(id: impl Into<BookingId>) -> Self {
        Self {
            id: id.into(),
            include: Includes::default(),
        }
    }

    /// Adds a dynamic include.
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for GetBooking {
    type Output = Booking;
    const NAME: &'static str = "get_booking";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/bookings/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("booking id", self.id.as_str())]
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
        let op = GetBooking::new(ID);
        assert_eq!(request(&op).method(), http::Method::GET);
        assert_eq!(
            uri(&op),
            format!("https://api.timekit.invalid/v2/bookings/{ID}")
        );
        assert_eq!(body_json(&op), None);
    }

    #[test]
    fn include_goes_to_the_query() {
        let op = GetBooking::new(ID).include("bulked_bookings");
        assert_eq!(
            uri(&op),
            format!("https://api.timekit.invalid/v2/bookings/{ID}?include=bulked_bookings")
        );
    }

    #[test]
    fn bad_ids_are_refused() {
        for bad in ["", "a/b", "..", "x?y", "x#y", "x\u{7}", "x y", "%2e%2e"] {
            assert_eq!(
                refused_id_field(&GetBooking::new(bad)),
                Some("booking id"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_the_documented_booking() {
        let booking = GetBooking::new(ID)
            .parse_response(response(200, &fixture("booking.json")))
            .unwrap();
        let expected = fixture_json("booking.json");
        assert_eq!(booking.id.as_str(), expected["data"]["id"]);
        let event = booking.event_info().unwrap();
        assert_eq!(event.what.as_deref(), Some("Consultation"));
        assert_eq!(serde_json::to_value(&booking).unwrap(), expected["data"]);
    }

    error_contract_tests!(GetBooking::new(ID));
}
