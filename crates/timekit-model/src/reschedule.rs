//! The body of `POST /bookings/{id}/reschedule` (`timekit-api-more.md` §5.3.6): move an
//! instant booking to a new slot. The answer is the booking at the new time, whose id may
//! differ from the old one.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::ResourceId;
use crate::timestamp::Timestamp;

/// Body of `POST /bookings/{id}/reschedule`. `resource_id`, `start` and `end` are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct RescheduleBookingRequest {
    /// The resource of the new slot (any resource, in the project or not).
    pub resource_id: ResourceId,
    /// New start.
    pub start: Timestamp,
    /// New end.
    pub end: Timestamp,
    /// A message to the host (booking.js sends one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RescheduleBookingRequest {
    /// Moves the booking to `resource_id` from `start` to `end`.
    pub fn new(
        resource_id: impl Into<ResourceId>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Self {
        Self {
            resource_id: resource_id.into(),
            start: start.into(),
            end: end.into(),
            message: None,
            extra: Map::new(),
        }
    }

    /// Sets the message to the host.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn body_of_the_booking_js_flow() {
        let body = RescheduleBookingRequest::new(
            "R2",
            Timestamp::parse("2030-03-06T14:00:00+01:00").unwrap(),
            Timestamp::parse("2030-03-06T14:30:00+01:00").unwrap(),
        )
        .message("Can't make Tuesday, sorry");
        let value = serde_json::to_value(&body).unwrap();
        assert_eq!(
            value,
            json!({"start": "2030-03-06T14:00:00+01:00", "end": "2030-03-06T14:30:00+01:00",
                   "resource_id": "R2", "message": "Can't make Tuesday, sorry"})
        );
        let back: RescheduleBookingRequest = serde_json::from_value(value).unwrap();
        assert_eq!(back, body);
    }
}
