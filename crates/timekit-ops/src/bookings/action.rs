//! `PUT /bookings/{id}/{action}` — move a booking through its graph (confirm, decline, cancel …).
//!
//! Confidence: CONFIRMED (`timekit-api.md` §4.12). The body is `{}` or carries the action's
//! input under the action's name (`{"cancel": {"message": …}}`), plus the optional
//! `apply_to_bulked_bookings` flag. An action that is illegal in the current state is refused
//! by the server with `{"error": "Cannot apply action …"}`.

use bytes::Bytes;
use serde_json::{Map, Value};
use timekit_model::{Booking, BookingAction, BookingId};

use crate::body::json_bytes;
use crate::{BuildError, Operation};

/// Applies an action to a booking.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ApplyBookingAction {
    id: BookingId,
    action: BookingAction,
    /// Always meant to be an object; raw JSON from the caller is checked when building.
    body: Value,
}

impl ApplyBookingAction {
    /// Applies `action` to booking `id` with an empty body (`{}`).
    pub fn new(id: impl Into<BookingId>, action: BookingAction) -> Self {
        Self {
            id: id.into(),
            action,
            body: Value::Object(Map::new()),
        }
    }

    /// Applies `action` with a raw JSON body (must be an object).
    pub fn from_json(id: impl Into<BookingId>, action: BookingAction, body: Value) -> Self {
        Self {
            id: id.into(),
            action,
            body,
        }
    }

    /// Sends a reason: `{"<action>": {"message": …}}` (cancel, decline …).
    pub fn message(self, message: impl Into<String>) -> Self {
        let mut input = Map::new();
        input.insert("message".to_owned(), Value::String(message.into()));
        self.input(input)
    }

    /// Sends the whole action input under the action's name (e.g. `{"payment_id": …}` for `pay`).
    pub fn input(mut self, input: Map<String, Value>) -> Self {
        let key = self.action.as_str().to_owned();
        self.set(key, Value::Object(input));
        self
    }

    /// Whether the action is replicated to related bulk bookings (server default: yes).
    pub fn apply_to_bulked_bookings(mut self, apply: bool) -> Self {
        self.set("apply_to_bulked_bookings".to_owned(), Value::Bool(apply));
        self
    }

    /// Sets a body key; a non-object raw body is left alone so building still refuses it.
    fn set(&mut self, key: String, value: Value) {
        if let Value::Object(map) = &mut self.body {
            map.insert(key, value);
        }
    }
}

impl Operation for ApplyBookingAction {
    type Output = Booking;
    const NAME: &'static str = "apply_booking_action";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/bookings/{id}/{action}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("booking id", self.id.as_str()),
            ("action", self.action.as_str()),
        ]
    }

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        json_bytes(&self.body).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;
    use timekit_model::BookingState;

    #[test]
    fn minimal_request_sends_an_empty_object() {
        let op = ApplyBookingAction::new(ID, BookingAction::Confirm);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/bookings/{ID}/confirm")
        );
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(body_json(&op), Some(json!({})));
    }

    #[test]
    fn every_known_action_is_its_own_path_segment() {
        for action in BookingAction::KNOWN {
            let op = ApplyBookingAction::new(ID, action.clone());
            assert_eq!(
                uri(&op),
                format!("https://api.timekit.invalid/v2/bookings/{ID}/{action}")
            );
        }
    }

    #[test]
    fn message_goes_under_the_action_name() {
        let op = ApplyBookingAction::new(ID, BookingAction::CancelByCustomer).message("Sick");
        assert_eq!(
            body_json(&op),
            Some(json!({"cancel_by_customer": {"message": "Sick"}}))
        );
    }

    #[test]
    fn input_and_bulk_flag() {
        let mut input = Map::new();
        input.insert("payment_id".to_owned(), json!("pay-1"));
        let op = ApplyBookingAction::new(ID, BookingAction::Pay)
            .input(input)
            .apply_to_bulked_bookings(false);
        assert_eq!(
            body_json(&op),
            Some(json!({"pay": {"payment_id": "pay-1"}, "apply_to_bulked_bookings": false}))
        );
    }

    #[test]
    fn raw_json_body() {
        let op = ApplyBookingAction::from_json(
            ID,
            BookingAction::Decline,
            json!({"decline": {"message": "No"}}),
        )
        .apply_to_bulked_bookings(true);
        assert_eq!(
            body_json(&op),
            Some(json!({"decline": {"message": "No"}, "apply_to_bulked_bookings": true}))
        );
    }

    #[test]
    fn bad_input_is_refused() {
        let array =
            ApplyBookingAction::from_json(ID, BookingAction::Confirm, json!([])).message("ignored");
        assert_eq!(
            array.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
        let action =
            ApplyBookingAction::new(ID, BookingAction::Other("confirm/../../app".to_owned()));
        assert_eq!(refused_id_field(&action), Some("action"));
        let empty_action = ApplyBookingAction::new(ID, BookingAction::Other(String::new()));
        assert_eq!(refused_id_field(&empty_action), Some("action"));
        let id = ApplyBookingAction::new("a#b", BookingAction::Confirm);
        assert_eq!(refused_id_field(&id), Some("booking id"));
    }

    #[test]
    fn parses_the_booking_after_the_action() {
        let op = ApplyBookingAction::new(ID, BookingAction::Decline);
        let booking = op
            .parse_response(response(200, &fixture("booking_declined.json")))
            .unwrap();
        assert_eq!(booking.state, BookingState::Declined);
        assert!(booking.completed);
        assert!(booking.actions().is_empty());
    }

    error_contract_tests!(ApplyBookingAction::new(ID, BookingAction::Confirm));
}
