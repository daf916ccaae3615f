//! `PUT /locations/{id}` — change a location (partial update).
//!
//! Confidence: path CONFIRMED; 204 without a body CONFIRMED by a third-party suite against the
//! live API (`timekit-api-more.md` §5.5). Any 2xx, with or without a JSON body, is success.

use bytes::Bytes;
use timekit_model::{LocationId, UpdateLocationRequest};

use crate::update::update_operation;
use crate::{BuildError, Operation};

update_operation! {
    /// Updates a location.
    UpdateLocation { id: LocationId, body: UpdateLocationRequest },
    applies_to: "location `id`"
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
    fn request_mapping() {
        assert_update_requests(
            &format!("https://api.timekit.invalid/v2/locations/{ID}"),
            UpdateLocation::new(ID, UpdateLocationRequest::new()),
            |body| UpdateLocation::from_json(ID, body),
            UpdateLocation::new("a/b", UpdateLocationRequest::new()),
            "location id",
        );
    }

    #[test]
    fn fields_are_sent() {
        let op = UpdateLocation::new(ID, UpdateLocationRequest::new().name("New"));
        assert_eq!(body_json(&op), Some(json!({"name": "New"})));
        let raw = UpdateLocation::from_json(ID, json!({"meta": {"a": 1}}));
        assert_eq!(body_json(&raw), Some(json!({"meta": {"a": 1}})));
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
