//! A bookable time slot, one element of the `POST /availability` answer (`timekit-api.md` §4.8).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Reads `null` like an absent field (the crate-wide rule for known optional fields), so a
/// slot with `"timezone": null` does not fail the whole availability answer.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// A resource a slot can be booked with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SlotResource {
    /// The resource id.
    pub id: String,
    /// The resource's display name (empty when the server omits it or sends `null`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The resource's IANA time zone (empty when the server omits it or sends `null`).
    #[serde(default, deserialize_with = "null_as_default")]
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
    /// `exclusive` mode, one in the round-robin modes (empty when absent or `null`).
    #[serde(default, deserialize_with = "null_as_default")]
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
    fn null_names_zones_and_resource_lists_read_as_absent() {
        let slot: Slot = serde_json::from_value(json!({
            "start": "2024-05-06T09:00:00+02:00", "end": "2024-05-06T09:30:00+02:00",
            "resources": [{"id": "r1", "name": null, "timezone": null}]
        }))
        .unwrap();
        assert_eq!(slot.resources[0].id, "r1");
        assert_eq!(slot.resources[0].name, "");
        assert_eq!(slot.resources[0].timezone, "");
        let bare: Slot =
            serde_json::from_value(json!({"start": "a", "end": "b", "resources": null})).unwrap();
        assert!(bare.resources.is_empty());
        assert!(
            serde_json::from_value::<Slot>(json!({"start": "a", "end": "b", "resources": 3}))
                .is_err()
        );
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
