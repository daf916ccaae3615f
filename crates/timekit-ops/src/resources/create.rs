//! `POST /resources` — create a resource.
//!
//! Confidence: path and body CONFIRMED; status 201 INFERRED-strong, any 2xx with
//! `{"data": Resource}` is accepted (`timekit-api.md` §4.3, §10).

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{CreateResourceRequest, Resource};

use crate::body::RequestBody;
use crate::include::Includes;
use crate::{BuildError, Operation};

/// Creates a resource.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateResource {
    body: RequestBody<CreateResourceRequest>,
    include: Includes,
}

impl CreateResource {
    /// Creates the resource described by `request`.
    pub fn new(request: CreateResourceRequest) -> Self {
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

    /// Adds a dynamic include (e.g. `calendars`).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for CreateResource {
    type Output = Resource;
    const NAME: &'static str = "create_resource";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/resources";

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

    fn op() -> CreateResource {
        CreateResource::new(CreateResourceRequest::new("Jane Roe", "Europe/Berlin"))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), "https://api.timekit.invalid/v2/resources");
        assert_eq!(
            body_json(&op()),
            Some(json!({"name": "Jane Roe", "timezone": "Europe/Berlin"}))
        );
    }

    #[test]
    fn include_goes_to_the_query() {
        assert_eq!(
            uri(&op().include("calendars")),
            "https://api.timekit.invalid/v2/resources?include=calendars"
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw =
            CreateResource::from_json(json!({"name": "X", "timezone": "UTC", "color": "red"}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"name": "X", "timezone": "UTC", "color": "red"}))
        );
        let bad = CreateResource::from_json(json!("X"));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("a string")
        );
    }

    #[test]
    fn created_and_ok_both_decode() {
        for status in [200, 201] {
            let resource = op()
                .parse_response(response(status, &fixture("resource.json")))
                .unwrap();
            assert_eq!(resource.name, "Jane Roe");
            assert_eq!(
                serde_json::to_value(&resource).unwrap(),
                fixture_json("resource.json")["data"]
            );
        }
    }

    error_contract_tests!(op());
}
