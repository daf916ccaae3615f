//! `PUT /location/services/{id}` — change a service (partial update).
//!
//! Confidence: path CONFIRMED (SDK); 204 INFERRED from the sibling routes
//! (`timekit-api-more.md` §5.6). Any 2xx, with or without a JSON body, is success.

use bytes::Bytes;
use timekit_model::{ServiceId, UpdateServiceRequest};

use crate::update::update_operation;
use crate::{BuildError, Operation};

update_operation! {
    /// Updates a service.
    UpdateService { id: ServiceId, body: UpdateServiceRequest },
    applies_to: "service `id`"
}

impl Operation for UpdateService {
    type Output = ();
    const NAME: &'static str = "update_service";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/location/services/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("service id", self.id.as_str())]
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
            &format!("https://api.timekit.invalid/v2/location/services/{ID}"),
            UpdateService::new(ID, UpdateServiceRequest::new()),
            |body| UpdateService::from_json(ID, body),
            UpdateService::new("a/b", UpdateServiceRequest::new()),
            "service id",
        );
    }

    #[test]
    fn fields_are_sent() {
        let op = UpdateService::new(ID, UpdateServiceRequest::new().name("New"));
        assert_eq!(body_json(&op), Some(json!({"name": "New"})));
        let raw = UpdateService::from_json(ID, json!({"meta": {"a": 1}}));
        assert_eq!(body_json(&raw), Some(json!({"meta": {"a": 1}})));
    }

    #[test]
    fn no_content_and_a_body_are_both_success() {
        let op = UpdateService::new(ID, UpdateServiceRequest::new());
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, &fixture("service.json")))
            .unwrap();
    }

    error_contract_tests!(UpdateService::new(ID, UpdateServiceRequest::new()));
}
