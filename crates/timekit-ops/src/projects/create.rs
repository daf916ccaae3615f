//! `POST /projects` — create a project.
//!
//! Confidence: path and body CONFIRMED (`timekit-api-more.md` §5.1.4); the answer
//! `{"data": Project}` with status 201 is INFERRED (any 2xx is accepted). Plan-gated in
//! production (a lower plan may answer 403).

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{CreateProjectRequest, Project};

use crate::body::RequestBody;
use crate::include::Includes;
use crate::{BuildError, Operation};

/// Creates a project.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateProject {
    body: RequestBody<CreateProjectRequest>,
    include: Includes,
}

impl CreateProject {
    /// Creates the project described by `request`.
    pub fn new(request: CreateProjectRequest) -> Self {
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

    /// Adds a dynamic include.
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for CreateProject {
    type Output = Project;
    const NAME: &'static str = "create_project";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/projects";

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
    use timekit_model::{AvailabilityRequest, Graph, ProjectBooking};

    fn op() -> CreateProject {
        CreateProject::new(
            CreateProjectRequest::new("Haircut 30 min")
                .resource("r1")
                .availability(AvailabilityRequest::default().length("30 minutes"))
                .booking(ProjectBooking::new(Graph::Instant)),
        )
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), "https://api.timekit.invalid/v2/projects");
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            body_json(&op()),
            Some(json!({"name": "Haircut 30 min", "resources": ["r1"],
                        "availability": {"length": "30 minutes"},
                        "booking": {"graph": "instant"}}))
        );
    }

    #[test]
    fn include_goes_to_the_query() {
        assert_eq!(
            uri(&op().include("resources")),
            "https://api.timekit.invalid/v2/projects?include=resources"
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = CreateProject::from_json(json!({"name": "X", "config": {"legacy": true}}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"name": "X", "config": {"legacy": true}}))
        );
        let bad = CreateProject::from_json(json!(["X"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn created_and_ok_both_decode() {
        for status in [200, 201] {
            let project = op()
                .parse_response(response(status, &fixture("project.json")))
                .unwrap();
            assert_eq!(project.name.as_deref(), Some("Haircut 30 min"));
        }
    }

    error_contract_tests!(op());
}
