//! `GET /projects/{id}` — one project.
//!
//! Confidence: CONFIRMED (`timekit-api-more.md` §5.1.3). Query: `include` (INFERRED).
//! Never sends a body (a GET with a JSON body got a 400, §3.3).

use timekit_model::{Project, ProjectId};

use crate::Operation;
use crate::include::Includes;

/// Reads one project.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetProject {
    id: ProjectId,
    include: Includes,
}

impl GetProject {
    /// Reads project `id`.
    pub fn new(id: impl Into<ProjectId>) -> Self {
        Self {
            id: id.into(),
            include: Includes::default(),
        }
    }

    /// Adds a dynamic include.
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for GetProject {
    type Output = Project;
    const NAME: &'static str = "get_project";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/projects/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("project id", self.id.as_str())]
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.include.to_query()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = GetProject::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/projects/{ID}")
        );
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn include_goes_to_the_query() {
        assert_eq!(
            uri(&GetProject::new(ID).include("resources")),
            format!("https://api.timekit.invalid/v2/projects/{ID}?include=resources")
        );
    }

    #[test]
    fn bad_ids_are_refused() {
        for bad in ["", "a/b", "..", "x?y", "x#y", "x y", "%2e%2e"] {
            assert_eq!(
                refused_id_field(&GetProject::new(bad)),
                Some("project id"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_the_project() {
        let project = GetProject::new(ID)
            .parse_response(response(200, &fixture("project.json")))
            .unwrap();
        assert_eq!(project.slug.as_deref(), Some("haircut-30"));
        assert_eq!(
            serde_json::to_value(&project).unwrap(),
            fixture_json("project.json")["data"]
        );
    }

    error_contract_tests!(GetProject::new(ID));
}
