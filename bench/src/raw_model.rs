//! What a user without the SDK would write: plain structs of `String`s for the fields they
//! read, no unknown-field preservation. The baseline's decode target in the client-overhead
//! case.
//!
//! The fields are only read by serde (and the tests); decoding them is what is measured.
#![allow(dead_code)]

use serde::Deserialize;
use serde_json::{Map, Value};

/// `{"data": T}`.
#[derive(Debug, Deserialize)]
pub struct RawEnvelope<T> {
    /// The payload.
    pub data: T,
}

/// A booking as a hand-written client would decode it.
#[derive(Debug, Deserialize)]
pub struct RawBooking {
    /// Id.
    pub id: String,
    /// Graph name.
    pub graph: String,
    /// State name.
    pub state: String,
    /// Final state reached.
    pub completed: bool,
    /// Legal actions.
    #[serde(default)]
    pub possible_actions: Vec<String>,
    /// Creation time, as text.
    pub created_at: Option<String>,
    /// Last change, as text.
    pub updated_at: Option<String>,
    /// Free key/values.
    #[serde(default)]
    pub meta: Map<String, Value>,
    /// Event details.
    pub attributes: Option<RawAttributes>,
    /// Customers.
    #[serde(default)]
    pub customers: Vec<RawCustomer>,
}

/// `attributes`.
#[derive(Debug, Deserialize)]
pub struct RawAttributes {
    /// `event_info`.
    pub event_info: Option<RawEventInfo>,
}

/// `attributes.event_info`.
#[derive(Debug, Deserialize)]
pub struct RawEventInfo {
    /// Start, as text.
    pub start: String,
    /// End, as text.
    pub end: String,
    /// Title.
    pub what: Option<String>,
    /// Location.
    #[serde(rename = "where")]
    pub location: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Calendar.
    pub calendar_id: Option<String>,
}

/// A customer.
#[derive(Debug, Deserialize)]
pub struct RawCustomer {
    /// Id.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Time zone.
    pub timezone: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_an_emulator_booking() {
        let body =
            br#"{"data": {"id": "b1", "graph": "instant", "state": "confirmed", "completed": false,
            "possible_actions": ["cancel"], "created_at": "2030-01-01T09:00:00+00:00",
            "updated_at": "2030-01-01T09:00:00+00:00", "meta": {"k": 1},
            "attributes": {"event_info": {"start": "2030-02-01T08:00:00+00:00",
                "end": "2030-02-01T08:30:00+00:00", "what": "x", "where": "y",
                "description": null, "calendar_id": null}},
            "customers": [{"id": "c1", "name": "Jane", "email": "j@example.com"}]}}"#;
        let booking = serde_json::from_slice::<RawEnvelope<RawBooking>>(body)
            .unwrap()
            .data;
        assert_eq!(booking.id, "b1");
        assert_eq!(booking.possible_actions, ["cancel"]);
        let event = booking.attributes.unwrap().event_info.unwrap();
        assert_eq!(event.location.as_deref(), Some("y"));
        assert_eq!(booking.customers[0].email.as_deref(), Some("j@example.com"));
    }
}
