//! `GET /projects/embed/{id}` — the project of an embedded booking.js widget.
//!
//! Confidence: CONFIRMED (`timekit-api-more.md` §5.2.2): called with the app widget key; the
//! answer is the same as the hosted one; an unknown id is a 404 with `"model": "Widget"`.

use timekit_model::{Project, ProjectId};

use crate::Operation;

/// Reads the project of an embedded widget.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetEmbeddedProject {
    id: ProjectId,
}

impl GetEmbeddedProject {
    /// Reads project `id` for embedding.
    pub fn new(id: impl Into<ProjectId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for GetEmbeddedProject {
    type Output = Project;
    const NAME: &'static str = "get_embedded_project";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/projects/embed/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("project id", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ResponseError;
    use crate::test_support::*;
    use timekit_model::ErrorBody;

    #[test]
    fn minimal_request() {
        let op = GetEmbeddedProject::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/projects/embed/{ID}")
        );
        assert!(request.body().is_empty());
    }

    #[test]
    fn bad_ids_are_refused() {
        assert_eq!(
            refused_id_field(&GetEmbeddedProject::new("../app")),
            Some("project id")
        );
    }

    #[test]
    fn parses_the_booking_js_mock() {
        let project = GetEmbeddedProject::new("12345")
            .parse_response(response(200, &fixture("project_hosted.json")))
            .unwrap();
        assert_eq!(project.name.as_deref(), Some("Marty McFly"));
    }

    #[test]
    fn unknown_widget_keeps_the_model_name() {
        let body = r#"{"error": "Resource does not exist", "model": "Widget"}"#;
        match GetEmbeddedProject::new("54321").parse_response(response(404, body)) {
            Err(ResponseError::UnexpectedStatus(failure)) => match failure.error_body() {
                ErrorBody::Message { model, .. } => assert_eq!(model.as_deref(), Some("Widget")),
                other => panic!("expected a message body, got {other:?}"),
            },
            other => panic!("expected a 404 failure, got {other:?}"),
        }
    }

    error_contract_tests!(GetEmbeddedProject::new(ID));
}
