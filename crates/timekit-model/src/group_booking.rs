//! One item of `GET /bookings/groups` (`timekit-api-more.md` §5.3.1): a `group_owner`
//! booking (a class or group slot) as the group listing shows it.
//!
//! It differs from a plain [`Booking`] in two ways seen in booking.js's mock: the resource
//! is embedded (`"resource": {"id", "name"}`), and `attributes` (with `group_booking` seat
//! counts) come without an `include`. The booking's own fields stay in [`GroupBooking::booking`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::booking::Booking;
use crate::ids::ResourceId;

/// A group slot: the `group_owner` booking plus its embedded resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupBooking {
    /// The booking fields (`id`, `graph`, `state`, `attributes`, `available_actions` …).
    #[serde(flatten)]
    pub booking: Booking,
    /// The resource holding the class (book a seat with `resource_id` = its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<GroupBookingResource>,
}

impl GroupBooking {
    /// `attributes.group_booking.max_seats`, when present (a number or numeric string).
    pub fn max_seats(&self) -> Option<u64> {
        self.seat_count("max_seats")
    }

    /// `attributes.group_booking.current_seats`, when present.
    pub fn current_seats(&self) -> Option<u64> {
        self.seat_count("current_seats")
    }

    /// Seats still free: `max_seats - current_seats` (0 when over-full), when both are known.
    pub fn free_seats(&self) -> Option<u64> {
        Some(self.max_seats()?.saturating_sub(self.current_seats()?))
    }

    fn seat_count(&self, key: &str) -> Option<u64> {
        let group = self.booking.attributes.as_ref()?.group_booking.as_ref()?;
        match group.get(key)? {
            Value::Number(number) => number.as_u64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        }
    }
}

/// The resource embedded in a group slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupBookingResource {
    /// The resource id.
    pub id: ResourceId,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{BookingAction, Graph};
    use serde_json::json;

    fn slot(group_booking: Value) -> GroupBooking {
        serde_json::from_value(json!({
            "id": "g1", "graph": "group_owner", "state": "tentative", "completed": false,
            "attributes": {"group_booking": group_booking},
            "available_actions": ["complete", "cancel"],
            "resource": {"id": "r1", "name": "Marty", "timezone": "UTC"},
            "project_id": "p1"
        }))
        .unwrap()
    }

    #[test]
    fn reads_the_booking_the_resource_and_the_seats() {
        let group = slot(json!({"max_seats": 3, "current_seats": 1}));
        assert_eq!(group.booking.graph, Graph::GroupOwner);
        assert_eq!(group.booking.actions()[1], BookingAction::Cancel);
        let resource = group.resource.as_ref().unwrap();
        assert_eq!(resource.id.as_str(), "r1");
        assert_eq!(resource.extra["timezone"], "UTC");
        assert_eq!(group.booking.extra["project_id"], "p1");
        assert_eq!(
            (group.max_seats(), group.current_seats(), group.free_seats()),
            (Some(3), Some(1), Some(2))
        );
    }

    #[test]
    fn seat_counts_are_lenient() {
        let text = slot(json!({"max_seats": "2", "current_seats": 5}));
        assert_eq!(text.free_seats(), Some(0));
        let missing = slot(json!({"max_seats": null}));
        assert_eq!((missing.max_seats(), missing.free_seats()), (None, None));
    }

    #[test]
    fn writes_back_what_it_read() {
        let value = json!({"id": "g1", "graph": "group_owner", "state": "tentative",
                           "completed": false, "resource": {"id": "r1"}, "seats_left": 2});
        let group: GroupBooking = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&group).unwrap(), value);
        assert!(serde_json::from_value::<GroupBooking>(json!({"id": "g1"})).is_err());
    }
}
