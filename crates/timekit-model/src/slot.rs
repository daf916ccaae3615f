//! A bookable time slot, one element of the `POST /availability` answer (`timekit-api.md` §4.8).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A resource a slot can be booked with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SlotResource {
    /// The resource id.
    pub id: String,
    /// The resource's display name (empty when the server omits it).
    #[serde(default)]
    pub name: String,
    /// The resource's IANA time zone (empty when the server omits it).
    #[serde(default)]
    pub timezone: String,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One free slot.
///
/// `start` and `end` are RFC 3339 timestamps in the query's `output_timezone`, kept as the
/// server wrote them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Slot {
    /// Slot start (RFC 3339).
    pub start: String,
    /// Slot end (RFC 3339).
    pub end: String,
    /// The resources the slot is for: all of them in `mutual` mode, every free one in
    /// `exclusive` mode, one in the round-robin modes.
    #[serde(default)]
    pub resources: Vec<SlotResource>,
    /// Fields this crate does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Slot {
    /// The slot start as an instant, when it is valid RFC 3339.
    pub fn start_timestamp(&self) -> Option<jiff::Timestamp> {
        self.start.parse().ok()
    }

    /// The slot end as an instant, when it is valid RFC 3339.
    pub fn end_timestamp(&self) -> Option<jiff::Timestamp> {
        self.end.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documented_slot_round_trips() {
        let value = json!({
            "start": "2024-05-06T09:00:00+02:00", "end": "2024-05-06T09:30:00+02:00",
            "resources": [{"id": "r1", "name": "Anna", "timezone": "Europe/Copenhagen"}]
        });
        let slot: Slot = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(slot.resources[0].name, "Anna");
        assert_eq!(
            slot.start_timestamp().unwrap().to_string(),
            "2024-05-06T07:00:00Z"
        );
        assert_eq!(serde_json::to_value(&slot).unwrap(), value);
    }

    #[test]
    fn unknown_slot_fields_are_kept() {
        let value = json!({"start": "a", "end": "b", "resources": [], "score": 3});
        let slot: Slot = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(slot.extra.get("score"), Some(&json!(3)));
        assert!(slot.start_timestamp().is_none());
        assert_eq!(serde_json::to_value(&slot).unwrap(), value);
    }
}
