//! `POST /projects/{id}/resources` — add one resource to a project.
//!
//! Confidence: path CONFIRMED (SDK), body `{"resource_id": …}` CONFIRMED by a third party;
//! the answer is UNKNOWN (`timekit-api-more.md` §5.1.7: a third-party schema shows a project,
//! 204 is as likely). Output `Option<Project>`: 204 or a body without `data` is `None`,
//! `{"data": Project}` is `Some` (`docs/api-decisions.md`, "Projects and flows").

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{AddProjectResourceRequest, Project, ProjectId, ResourceId};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Adds a resource to a project.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct AddProjectResource {
    id: ProjectId,
    body: RequestBody<AddProjectResourceRequest>,
}

impl AddProjectResource {
    /// Adds resource `resource_id` to project `id`.
    pub fn new(id: impl Into<ProjectId>, resource_id: impl Into<ResourceId>) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Typed(AddProjectResourceRequest::new(resource_id)),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(id: impl Into<ProjectId>, body: Value) -> Self {
        Self {
            id: id.into(),
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for AddProjectResource {
    type Output = Option<Project>;
    const NAME: &'static str = "add_project_resource";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/projects/{id}/resources";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("project id", self.id.as_str())]
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
    fn minimal_request() {
        let op = AddProjectResource::new(ID, "r1");
        let request = request(&op);
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/projects/{ID}/resources")
        );
        assert_eq!(body_json(&op), Some(json!({"resource_id": "r1"})));
    }

    #[test]
    fn raw_json_and_bad_input() {
        let raw = AddProjectResource::from_json(ID, json!({"resource_id": "r1", "x": 1}));
        assert_eq!(body_json(&raw), Some(json!({"resource_id": "r1", "x": 1})));
        let array = AddProjectResource::from_json(ID, json!(["r1"]));
        assert_eq!(
            array.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
        assert_eq!(
            refused_id_field(&AddProjectResource::new("a/b", "r1")),
            Some("project id")
        );
    }

    #[test]
    fn the_project_or_no_content() {
        let op = AddProjectResource::new(ID, "r1");
        assert_eq!(op.parse_response(response(204, "")).unwrap(), None);
        let project = op
            .parse_response(response(201, &fixture("project.json")))
            .unwrap()
            .unwrap();
        assert_eq!(project.slug.as_deref(), Some("haircut-30"));
    }

    error_contract_tests!(AddProjectResource::new(ID, "r1"));
}
