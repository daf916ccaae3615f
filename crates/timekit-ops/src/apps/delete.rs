//! `DELETE /apps/{slug}` — delete an app.
//!
//! Confidence: CONFIRMED (SDK `deleteApp` by slug — the 2015 mock used an id; 204 with `{}`).
//! Any 2xx with or without a JSON body is success. User-authenticated (facade).

use crate::Operation;

/// Deletes an app by slug.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct DeleteApp {
    id: String,
}

impl DeleteApp {
    /// Deletes the app with slug `slug`.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for DeleteApp {
    type Output = ();
    const NAME: &'static str = "delete_app";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH_TEMPLATE: &'static str = "/apps/{slug}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("app slug", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = DeleteApp::new("my-app");
        let request = request(&op);
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(request.uri(), &*format!("{BASE}/apps/my-app"));
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(refused_id_field(&DeleteApp::new("x#y")), Some("app slug"));
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = DeleteApp::new("my-app");
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {}}"#)).unwrap();
        op.parse_response(response(204, "{}")).unwrap();
    }

    error_contract_tests!(DeleteApp::new("my-app"));
}
