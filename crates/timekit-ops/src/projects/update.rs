//! `PUT /projects/{id}` — change a project (partial update).
//!
//! Confidence: path CONFIRMED; the answer is 204 without a body (CONFIRMED by a third-party
//! client that treats exactly 204 as success, `timekit-api-more.md` §5.1.5). Any 2xx, with or
//! without a JSON body, is success; the output is `()`.

use bytes::Bytes;
use timekit_model::{ProjectId, UpdateProjectRequest};

use crate::update::update_operation;
use crate::{BuildError, Operation};

update_operation! {
    /// Updates a project.
    UpdateProject { id: ProjectId, body: UpdateProjectRequest },
    applies_to: "project `id`"
}

impl Operation for UpdateProject {
    type Output = ();
    const NAME: &'static str = "update_project";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/projects/{id}";

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
    use timekit_model::Constraint;

    #[test]
    fn request_mapping() {
        assert_update_requests(
            &format!("https://api.timekit.invalid/v2/projects/{ID}"),
            UpdateProject::new(ID, UpdateProjectRequest::new()),
            |body| UpdateProject::from_json(ID, body),
            UpdateProject::new("a/b", UpdateProjectRequest::new()),
            "project id",
        );
    }

    #[test]
    fn only_the_changed_fields_are_sent() {
        let op = UpdateProject::new(
            ID,
            UpdateProjectRequest::new().availability_constraints([Constraint::BlockWeekends]),
        );
        assert_eq!(
            body_json(&op),
            Some(json!({"availability_constraints": [{"block_weekends": {}}]}))
        );
        let raw = UpdateProject::from_json(ID, json!({"reminders": []}));
        assert_eq!(body_json(&raw), Some(json!({"reminders": []})));
    }

    #[test]
    fn no_content_and_a_body_are_both_success() {
        let op = UpdateProject::new(ID, UpdateProjectRequest::new());
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, &fixture("project.json")))
            .unwrap();
    }

    error_contract_tests!(UpdateProject::new(ID, UpdateProjectRequest::new()));
}
