//! `DELETE /projects/{id}` — delete a project.
//!
//! Confidence: path CONFIRMED; 204 INFERRED (`timekit-api-more.md` §5.1.6); 200 with or
//! without a JSON body is accepted too. The project's resources are not deleted.

use timekit_model::ProjectId;

use crate::Operation;

/// Deletes a project.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct DeleteProject {
    id: ProjectId,
}

impl DeleteProject {
    /// Deletes project `id`.
    pub fn new(id: impl Into<ProjectId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for DeleteProject {
    type Output = ();
    const NAME: &'static str = "delete_project";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH_TEMPLATE: &'static str = "/projects/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("project id", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = DeleteProject::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/projects/{ID}")
        );
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&DeleteProject::new("x#y")),
            Some("project id")
        );
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = DeleteProject::new(ID);
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {}}"#)).unwrap();
    }

    error_contract_tests!(DeleteProject::new(ID));
}
