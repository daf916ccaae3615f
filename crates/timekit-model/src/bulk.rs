//! Bulk booking requests and their per-item results (`POST`/`PUT /bookings/bulk`).
//!
//! The request keys follow `timekit-api.md` §4.14/§4.15; the answer shape is the emulator
//! decision there: `{"data": [Booking | {"error": …} | {"errors": …}, …]}` in request order.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::booking::{Booking, CreateBookingRequest};
use crate::error_body::ErrorBody;
use crate::graph::BookingAction;
use crate::ids::BookingId;

/// Body of `POST /bookings/bulk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateBookingsBulkRequest {
    /// The bookings to create, each shaped like a `POST /bookings` body.
    pub bookings: Vec<CreateBookingRequest>,
    /// Stop at the first booking that fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_on_first_error: Option<bool>,
    /// Delete every booking of the request if one fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_all_on_error: Option<bool>,
    /// Link the created bookings so actions on one replicate to the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relate_bookings: Option<bool>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateBookingsBulkRequest {
    /// A bulk create of `bookings`.
    pub fn new(bookings: impl IntoIterator<Item = CreateBookingRequest>) -> Self {
        Self {
            bookings: bookings.into_iter().collect(),
            stop_on_first_error: None,
            delete_all_on_error: None,
            relate_bookings: None,
            extra: Map::new(),
        }
    }

    /// Sets `stop_on_first_error`.
    pub fn stop_on_first_error(mut self, stop: bool) -> Self {
        self.stop_on_first_error = Some(stop);
        self
    }

    /// Sets `delete_all_on_error`.
    pub fn delete_all_on_error(mut self, delete: bool) -> Self {
        self.delete_all_on_error = Some(delete);
        self
    }

    /// Sets `relate_bookings`.
    pub fn relate_bookings(mut self, relate: bool) -> Self {
        self.relate_bookings = Some(relate);
        self
    }
}

/// Body of `PUT /bookings/bulk`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct UpdateBookingsBulkRequest {
    /// The actions to apply.
    pub bookings: Vec<BulkBookingUpdate>,
    /// Roll every booking of the request back to its previous state if one fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_all_on_error: Option<bool>,
    /// Stop at the first booking that fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_on_first_error: Option<bool>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateBookingsBulkRequest {
    /// A bulk update applying `bookings`.
    pub fn new(bookings: impl IntoIterator<Item = BulkBookingUpdate>) -> Self {
        Self {
            bookings: bookings.into_iter().collect(),
            reset_all_on_error: None,
            stop_on_first_error: None,
            extra: Map::new(),
        }
    }

    /// Sets `reset_all_on_error`.
    pub fn reset_all_on_error(mut self, reset: bool) -> Self {
        self.reset_all_on_error = Some(reset);
        self
    }

    /// Sets `stop_on_first_error`.
    pub fn stop_on_first_error(mut self, stop: bool) -> Self {
        self.stop_on_first_error = Some(stop);
        self
    }
}

/// One item of a bulk update: `{"id": …, "action": "cancel", "cancel": {"message": …}}`.
///
/// The action's input sits under a key named after the action, like the body of
/// `PUT /bookings/{id}/{action}`; it lives in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct BulkBookingUpdate {
    /// The booking to change.
    pub id: BookingId,
    /// The action to apply.
    pub action: BookingAction,
    /// The action input (under the action's name) and any other field, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl BulkBookingUpdate {
    /// Applies `action` to booking `id` with no input.
    pub fn new(id: impl Into<BookingId>, action: BookingAction) -> Self {
        Self {
            id: id.into(),
            action,
            extra: Map::new(),
        }
    }

    /// Sets the action input `{"<action>": {"message": …}}` (cancel/decline reasons).
    pub fn message(self, message: impl Into<String>) -> Self {
        let mut input = Map::new();
        input.insert("message".to_owned(), Value::String(message.into()));
        self.input(input)
    }

    /// Sets the whole action input object, e.g. `{"payment_id": …}` for `pay`.
    pub fn input(mut self, input: Map<String, Value>) -> Self {
        let key = self.action.as_str().to_owned();
        self.extra.insert(key, Value::Object(input));
        self
    }
}

/// One element of a bulk answer: a booking, or the error of that item.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkItemResult {
    /// The item succeeded.
    Booking(Box<Booking>),
    /// The item failed; nothing else in the answer is affected.
    Failed(BulkItemError),
}

impl BulkItemResult {
    /// The booking, when the item succeeded.
    pub fn booking(&self) -> Option<&Booking> {
        match self {
            BulkItemResult::Booking(booking) => Some(booking),
            BulkItemResult::Failed(_) => None,
        }
    }

    /// The error, when the item failed.
    pub fn error(&self) -> Option<&BulkItemError> {
        match self {
            BulkItemResult::Booking(_) => None,
            BulkItemResult::Failed(error) => Some(error),
        }
    }
}

/// A failed item of a bulk answer.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkItemError {
    body: ErrorBody,
    raw: Value,
}

impl BulkItemError {
    /// Interprets the item's JSON.
    pub fn new(raw: Value) -> Self {
        Self {
            body: ErrorBody::from_value(&raw),
            raw,
        }
    }

    /// The parsed error (`Validation` or `Message`).
    pub fn error_body(&self) -> &ErrorBody {
        &self.body
    }

    /// The server's short message.
    pub fn message(&self) -> Option<&str> {
        self.body.message()
    }

    /// The item exactly as the server sent it.
    pub fn raw(&self) -> &Value {
        &self.raw
    }
}

impl BulkItemResult {
    /// Whether the item's JSON is an error: an object with `error` or `errors` and no `id`.
    fn is_error_item(map: &Map<String, Value>) -> bool {
        !map.contains_key("id") && (map.contains_key("error") || map.contains_key("errors"))
    }
}

impl Serialize for BulkItemResult {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            BulkItemResult::Booking(booking) => booking.serialize(serializer),
            BulkItemResult::Failed(error) => error.raw.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for BulkItemResult {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        match &value {
            Value::Object(map) if BulkItemResult::is_error_item(map) => {
                Ok(BulkItemResult::Failed(BulkItemError::new(value)))
            }
            _ => serde_json::from_value(value)
                .map(|booking| BulkItemResult::Booking(Box::new(booking)))
                .map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;
    use crate::timestamp::Timestamp;
    use serde_json::json;

    #[test]
    fn create_body_uses_the_bookings_key_and_flags() {
        let start = Timestamp::parse("2024-05-07T10:00:00Z").unwrap();
        let end = Timestamp::parse("2024-05-07T11:00:00Z").unwrap();
        let body = CreateBookingsBulkRequest::new([CreateBookingRequest::new(
            "r1",
            Graph::Instant,
            start,
            end,
        )])
        .stop_on_first_error(true)
        .delete_all_on_error(false)
        .relate_bookings(true);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"bookings": [{"resource_id": "r1", "graph": "instant",
                                  "start": "2024-05-07T10:00:00+00:00", "end": "2024-05-07T11:00:00+00:00"}],
                   "stop_on_first_error": true, "delete_all_on_error": false, "relate_bookings": true})
        );
    }

    #[test]
    fn update_item_puts_the_input_under_the_action_name() {
        let body = UpdateBookingsBulkRequest::new([
            BulkBookingUpdate::new("b1", BookingAction::Cancel).message("Sick"),
            BulkBookingUpdate::new("b2", BookingAction::Confirm),
        ])
        .reset_all_on_error(true)
        .stop_on_first_error(false);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"bookings": [{"id": "b1", "action": "cancel", "cancel": {"message": "Sick"}},
                                {"id": "b2", "action": "confirm"}],
                   "reset_all_on_error": true, "stop_on_first_error": false})
        );
    }

    #[test]
    fn results_split_into_bookings_and_errors_in_order() {
        let items = json!([
            {"id": "b1", "graph": "instant", "state": "confirmed", "completed": false},
            {"error": "Cannot apply action 'confirm' to current state 'cancelled'"},
            {"errors": {"start": ["The start field is required."]}}
        ]);
        let results: Vec<BulkItemResult> = serde_json::from_value(items.clone()).unwrap();
        assert_eq!(results[0].booking().unwrap().id.as_str(), "b1");
        assert_eq!(
            results[1].error().unwrap().message(),
            Some("Cannot apply action 'confirm' to current state 'cancelled'")
        );
        assert!(
            results[2]
                .error()
                .unwrap()
                .error_body()
                .validation_errors()
                .is_some()
        );
        assert_eq!(serde_json::to_value(&results).unwrap(), items);
    }

    #[test]
    fn an_item_that_is_neither_is_a_decode_error() {
        assert!(serde_json::from_value::<BulkItemResult>(json!({"id": "b1"})).is_err());
        assert!(serde_json::from_value::<BulkItemResult>(json!(42)).is_err());
    }
}
