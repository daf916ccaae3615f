//! `PUT /bookings/{id}` — change a booking's `meta`.
//!
//! Confidence: path CONFIRMED (two sources; there is no `/bookings/{id}/meta`); the answer
//! `{"data": Booking}` is INFERRED (`timekit-api.md` §4.13).

use bytes::Bytes;
use serde_json::{Map, Value};
use timekit_model::{Booking, BookingId, UpdateBookingMetaRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Updates a booking's meta data.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateBookingMeta {
    id: BookingId,
    body: RequestBody<UpdateBookingMetaRequest>,
}

impl UpdateBookingMeta {
    /// Sends `{"meta": meta}` for booking `id`.
    pub fn new(id: impl Into<BookingId>, meta: Map<String, Value>) -> Self {
        Self::from_request(id, UpdateBookingMetaRequest::new(meta))
    }

    /// Sends a typed request.
    pub fn from_request(id: impl Into<BookingId>, request: UpdateBookingMetaRequest) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object, normally `{"meta": {…}}`).
    pub fn from_json(id: impl Into<BookingId>, body: Value) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Json(body),
        }
    }

    /// Sets one more meta key (typed requests only; raw JSON is sent as given).
    pub fn set(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        if let RequestBody::Typed(request) = &mut self.body {
            request.meta.insert(key.into(), value.into());
        }
        self
    }
}

impl Operation for UpdateBookingMeta {
    type Output = Booking;
    const NAME: &'static str = "update_booking_meta";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/bookings/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("booking id", self.id.as_str())]
    }

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    fn op() -> UpdateBookingMeta {
        UpdateBookingMeta::new(ID, Map::new()).set("order_ref", "A-17")
    }

    #[test]
    fn minimal_request() {
        let empty = UpdateBookingMeta::new(ID, Map::new());
        let request = request(&empty);
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/bookings/{ID}")
        );
        assert_eq!(body_json(&empty), Some(json!({"meta": {}})));
    }

    #[test]
    fn meta_keys_are_sent() {
        assert_eq!(
            body_json(&op()),
            Some(json!({"meta": {"order_ref": "A-17"}}))
        );
        let raw = UpdateBookingMeta::from_json(ID, json!({"meta": {"x": null}}));
        assert_eq!(body_json(&raw), Some(json!({"meta": {"x": null}})));
    }

    #[test]
    fn bad_input_is_refused() {
        let array = UpdateBookingMeta::from_json(ID, json!([{"meta": {}}]));
        assert_eq!(
            array.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
        assert_eq!(
            refused_id_field(&UpdateBookingMeta::new("", Map::new())),
            Some("booking id")
        );
    }

    #[test]
    fn parses_the_updated_booking() {
        let booking = op()
            .parse_response(response(200, &fixture("booking.json")))
            .unwrap();
        assert_eq!(booking.meta.unwrap()["order_ref"], "A-17");
    }

    error_contract_tests!(op());
}
