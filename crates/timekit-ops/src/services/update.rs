//! `PUT /location/services/{id}` — change a service (partial update).
//!
//! Confidence: path CONFIRMED (SDK); 204 INFERRED from the sibling routes
//! (`timekit-api-more.md` §5.6). Any 2xx, with or without a JSON body, is success.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{ServiceId, UpdateServiceRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Updates a service.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateService {
    id: ServiceId,
    body: RequestBody<UpdateServiceRequest>,
}

impl UpdateService {
    /// Applies `request` to service `id`.
    pub fn new(id: impl Into<ServiceId>, request: UpdateServiceRequest) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(id: impl Into<ServiceId>, body: Value) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Json(body),
        }
    }
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
    fn minimal_request_sends_an_empty_object() {
        let op = UpdateService::new(ID, UpdateServiceRequest::new());
        let request = request(&op);
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/location/services/{ID}")
        );
        assert_eq!(body_json(&op), Some(json!({})));
    }

    #[test]
    fn fields_are_sent() {
        let op = UpdateService::new(ID, UpdateServiceRequest::new().name("New"));
        assert_eq!(body_json(&op), Some(json!({"name": "New"})));
        let raw = UpdateService::from_json(ID, json!({"meta": {"a": 1}}));
        assert_eq!(body_json(&raw), Some(json!({"meta": {"a": 1}})));
    }

    #[test]
    fn bad_input_is_refused() {
        let bad_id = UpdateService::new("a/b", UpdateServiceRequest::new());
        assert_eq!(refused_id_field(&bad_id), Some("service id"));
        let array = UpdateService::from_json(ID, json!([]));
        assert_eq!(
            array.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
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
