//! `DELETE /credentials/{id}` — delete a credential (legacy).
//!
//! Confidence: path CONFIRMED (SDK `deleteCredential`); 204 INFERRED; any 2xx with or without a
//! JSON body is success.

use timekit_model::CredentialId;

use crate::Operation;

/// Deletes a credential.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct DeleteCredential {
    id: CredentialId,
}

impl DeleteCredential {
    /// Deletes credential `id`.
    pub fn new(id: impl Into<CredentialId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for DeleteCredential {
    type Output = ();
    const NAME: &'static str = "delete_credential";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH_TEMPLATE: &'static str = "/credentials/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("credential id", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = DeleteCredential::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(request.uri(), &*format!("{BASE}/credentials/{ID}"));
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&DeleteCredential::new("x#y")),
            Some("credential id")
        );
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = DeleteCredential::new(ID);
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {}}"#)).unwrap();
        op.parse_response(response(204, "{}")).unwrap();
    }

    error_contract_tests!(DeleteCredential::new(ID));
}
