//! `PUT /locations/{id}` — change a location (partial update).
//!
//! Confidence: path CONFIRMED; 204 without a body CONFIRMED by a third-party suite against the
//! live API (`timekit-api-more.md` §5.5). Any 2xx, with or without a JSON body, is success.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{LocationId, UpdateLocationRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Updates a location.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateLocation {
    id: LocationId,
    body: RequestBody<UpdateLocationRequest>,
}

impl UpdateLocation {
    /// Applies `request` to location `id`.
    pub fn new(id: impl Into<LocationId>, request: UpdateLocationRequest) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(id: impl Into<LocationId>, body: Value) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for UpdateLocation {
    type Output = ();
    const NAME: &'static str = "update_location";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/locations/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("location id", self.id.as_str())]
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

    #[test]
    fn minimal_request_sends_an_empty_object() {
        let op = UpdateLocation::new(ID, UpdateLocationRequest::new());
        let request = request(&op);
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/locations/{ID}")
        );
        assert_eq!(body_json(&op), Some(json!({})));
    }

    #[test]
    fn fields_are_sent() {
        let op = UpdateLocation::new(ID, UpdateLocationRequest::new().name("New"));
        assert_eq!(body_json(&op), Some(json!({"name": "New"})));
        let raw = UpdateLocation::from_json(ID, json!({"meta": {"a": 1}}));
        assert_eq!(body_json(&raw), Some(json!({"meta": {"a": 1}})));
    }

    #[test]
    fn bad_input_is_refused() {
        let bad_id = UpdateLocation::new("a/b", UpdateLocationRequest::new());
        assert_eq!(refused_id_field(&bad_id), Some("location id"));
        let array = UpdateLocation::from_json(ID, json!([]));
        assert_eq!(
            array.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn no_content_and_a_body_are_both_success() {
        let op = UpdateLocation::new(ID, UpdateLocationRequest::new());
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, &fixture("location.json")))
            .unwrap();
    }

    error_contract_tests!(UpdateLocation::new(ID, UpdateLocationRequest::new()));
}
