//! `GET /bookings/groups/{id}` — one group slot.
//!
//! Confidence: path CONFIRMED (an outside fix to the SDK moved it from
//! `/bookings/{id}/groups`); the answer `{"data": <group slot>}` is INFERRED
//! (`timekit-api-more.md` §5.3.2).

use timekit_model::{BookingId, GroupBooking};

use crate::Operation;
use crate::include::Includes;

/// Reads one group slot.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetGroupBooking {
    id: BookingId,
    include: Includes,
}

impl GetGroupBooking {
    /// Reads the group slot (the `group_owner` booking) `id`.
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

impl Operation for GetGroupBooking {
    type Output = GroupBooking;
    const NAME: &'static str = "get_group_booking";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/bookings/groups/{id}";

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
        let op = GetGroupBooking::new(ID);
        assert_eq!(request(&op).method(), http::Method::GET);
        assert_eq!(
            uri(&op),
            format!("https://api.timekit.invalid/v2/bookings/groups/{ID}")
        );
        assert_eq!(body_json(&op), None);
        assert_eq!(
            uri(&op.include("customers")),
            format!("https://api.timekit.invalid/v2/bookings/groups/{ID}?include=customers")
        );
    }

    #[test]
    fn bad_ids_are_refused() {
        for bad in ["", "a/b", "..", "x?y"] {
            assert_eq!(
                refused_id_field(&GetGroupBooking::new(bad)),
                Some("booking id"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_the_slot() {
        let slot = GetGroupBooking::new(ID)
            .parse_response(response(200, &fixture("group_booking.json")))
            .unwrap();
        assert_eq!(slot.current_seats(), Some(2));
        assert_eq!(slot.free_seats(), Some(1));
        assert_eq!(
            serde_json::to_value(&slot).unwrap(),
            fixture_json("group_booking.json")["data"]
        );
    }

    error_contract_tests!(GetGroupBooking::new(ID));
}
