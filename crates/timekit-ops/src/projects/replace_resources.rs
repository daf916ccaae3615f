//! `PUT /projects/{id}/resources` — replace a project's whole resource set.
//!
//! Confidence: path CONFIRMED; the body is a **bare JSON array** of resource ids, as the
//! official SDK sends it (`timekit-api-more.md` §3.1, §5.1.7) — the one documented exception
//! to the object-only body rule (`body::json_array_bytes`, used by no other operation). The
//! answer is UNKNOWN (200 or 204): any 2xx is success and the output is `()`.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{ProjectId, ResourceId};

use crate::body::json_array_bytes;
use crate::{BuildError, Operation};

/// Replaces the resources of a project.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ReplaceProjectResources {
    id: ProjectId,
    /// Always meant to be an array; raw JSON from the caller is checked when building.
    body: Value,
}

impl ReplaceProjectResources {
    /// Makes `resources` the whole resource set of project `id` (an empty set clears it).
    pub fn new<I, R>(id: impl Into<ProjectId>, resources: I) -> Self
    where
        I: IntoIterator<Item = R>,
        R: Into<ResourceId>,
    {
        let ids = resources
            .into_iter()
            .map(|id| Value::String(id.into().into_string()))
            .collect();
        Self {
            id: id.into(),
            body: Value::Array(ids),
        }
    }

    /// Sends raw JSON (must be an array).
    pub fn from_json(id: impl Into<ProjectId>, body: Value) -> Self {
        Self {
            id: id.into(),
            body,
        }
    }
}

impl Operation for ReplaceProjectResources {
    type Output = ();
    const NAME: &'static str = "replace_project_resources";
    const METHOD: http::Method = http::Method::PUT;
    const PATH_TEMPLATE: &'static str = "/projects/{id}/resources";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("project id", self.id.as_str())]
    }

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        json_array_bytes(&self.body).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;

    #[test]
    fn the_body_is_a_bare_array() {
        let op = ReplaceProjectResources::new(ID, ["r1", "r2"]);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/projects/{ID}/resources")
        );
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(request.body().as_ref(), br#"["r1","r2"]"#);
        assert_eq!(body_json(&op), Some(json!(["r1", "r2"])));
    }

    #[test]
    fn an_empty_set_is_an_empty_array() {
        let op = ReplaceProjectResources::new(ID, Vec::<ResourceId>::new());
        assert_eq!(body_json(&op), Some(json!([])));
    }

    #[test]
    fn raw_json_must_be_an_array() {
        let raw = ReplaceProjectResources::from_json(ID, json!(["r1"]));
        assert_eq!(body_json(&raw), Some(json!(["r1"])));
        for (bad, kind) in [
            (json!({"resources": ["r1"]}), "an object"),
            (json!("r1"), "a string"),
            (Value::Null, "null"),
        ] {
            let op = ReplaceProjectResources::from_json(ID, bad);
            assert_eq!(
                op.to_request(&base()).unwrap_err(),
                BuildError::BodyNotArray(kind)
            );
        }
        assert_eq!(
            refused_id_field(&ReplaceProjectResources::new("..", ["r1"])),
            Some("project id")
        );
    }

    #[test]
    fn no_content_and_a_body_are_both_success() {
        let op = ReplaceProjectResources::new(ID, ["r1"]);
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, &fixture("project_resources.json")))
            .unwrap();
    }

    error_contract_tests!(ReplaceProjectResources::new(ID, ["r1"]));
}
