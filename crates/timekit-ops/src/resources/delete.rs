//! `DELETE /resources/{id}` — delete a resource.
//!
//! Confidence: path CONFIRMED; 204 INFERRED-strong; 200 with or without a JSON body is
//! accepted too (`timekit-api.md` §4.7, §10).

use timekit_model::ResourceId;

use crate::Operation;

/// Deletes a resource.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct DeleteResource {
    id: ResourceId,
}

impl DeleteResource {
    /// Deletes resource `id`.
    pub fn new(id: impl Into<ResourceId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for DeleteResource {
    type Output = ();
    const NAME: &'static str = "delete_resource";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH_TEMPLATE: &'static str = "/resources/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("resource id", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = DeleteResource::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/resources/{ID}")
        );
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&DeleteResource::new("../app")),
            Some("resource id")
        );
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = DeleteResource::new(ID);
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {}}"#)).unwrap();
    }

    error_contract_tests!(DeleteResource::new(ID));
}
