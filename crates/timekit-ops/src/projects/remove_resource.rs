//! `DELETE /projects/{id}/resources/{resource_id}` — take one resource out of a project.
//!
//! Confidence: path CONFIRMED (SDK; `timekit-api-more.md` §5.1.7); 204 INFERRED, any 2xx is
//! success. The resource itself is not deleted.

use timekit_model::{ProjectId, ResourceId};

use crate::Operation;

/// Removes a resource from a project.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct RemoveProjectResource {
    id: ProjectId,
    resource_id: ResourceId,
}

impl RemoveProjectResource {
    /// Removes resource `resource_id` from project `id`.
    pub fn new(id: impl Into<ProjectId>, resource_id: impl Into<ResourceId>) -> Self {
        Self {
            id: id.into(),
            resource_id: resource_id.into(),
        }
    }
}

impl Operation for RemoveProjectResource {
    type Output = ();
    const NAME: &'static str = "remove_project_resource";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH_TEMPLATE: &'static str = "/projects/{id}/resources/{resource_id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("project id", self.id.as_str()),
            ("resource id", self.resource_id.as_str()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = RemoveProjectResource::new(ID, "r1");
        let request = request(&op);
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/projects/{ID}/resources/r1")
        );
        assert!(request.body().is_empty());
    }

    #[test]
    fn bad_ids_are_refused_by_name() {
        assert_eq!(
            refused_id_field(&RemoveProjectResource::new("a/b", "r1")),
            Some("project id")
        );
        assert_eq!(
            refused_id_field(&RemoveProjectResource::new(ID, "r?1")),
            Some("resource id")
        );
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = RemoveProjectResource::new(ID, "r1");
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, "{}")).unwrap();
    }

    error_contract_tests!(RemoveProjectResource::new(ID, "r1"));
}
