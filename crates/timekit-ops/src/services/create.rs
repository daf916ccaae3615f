//! `POST /location/services` — create a service.
//!
//! Confidence: path CONFIRMED (SDK); the body beyond `name` is UNKNOWN and the answer
//! (`{"data": Service}`, 201) INFERRED (`timekit-api-more.md` §5.6); any 2xx is accepted.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{CreateServiceRequest, Service};

use crate::body::RequestBody;
use crate::include::Includes;
use crate::{BuildError, Operation};

/// Creates a service.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateService {
    body: RequestBody<CreateServiceRequest>,
    include: Includes,
}

impl CreateService {
    /// Creates the service described by `request`.
    pub fn new(request: CreateServiceRequest) -> Self {
        Self {
            body: RequestBody::Typed(request),
            include: Includes::default(),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(body: Value) -> Self {
        Self {
            body: RequestBody::Json(body),
            include: Includes::default(),
        }
    }

    /// Adds a dynamic include (`locations`).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for CreateService {
    type Output = Service;
    const NAME: &'static str = "create_service";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/location/services";

    fn query(&self) -> Vec<(&'static str, String)> {
        self.include.to_query()
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

    fn op() -> CreateService {
        CreateService::new(CreateServiceRequest::new("Haircut"))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri(),
            "https://api.timekit.invalid/v2/location/services"
        );
        assert_eq!(body_json(&op()), Some(json!({"name": "Haircut"})));
    }

    #[test]
    fn include_goes_to_the_query() {
        assert_eq!(
            uri(&op().include("locations")),
            "https://api.timekit.invalid/v2/location/services?include=locations"
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = CreateService::from_json(json!({"name": "X", "custom": 1}));
        assert_eq!(body_json(&raw), Some(json!({"name": "X", "custom": 1})));
        let bad = CreateService::from_json(json!([]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn created_and_ok_both_decode() {
        for status in [200, 201] {
            let service = op()
                .parse_response(response(status, &fixture("service.json")))
                .unwrap();
            assert_eq!(service.name.as_deref(), Some("Haircut"));
        }
    }

    error_contract_tests!(op());
}
