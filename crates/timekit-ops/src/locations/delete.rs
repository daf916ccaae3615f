//! `DELETE /locations/{id}` — delete a location.
//!
//! Confidence: path CONFIRMED; 204 CONFIRMED by a third-party suite against the live API
//! (`timekit-api-more.md` §5.5); 200 with or without a JSON body is accepted too.

use timekit_model::LocationId;

use crate::Operation;

/// Deletes a location.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct DeleteLocation {
    id: LocationId,
}

impl DeleteLocation {
    /// Deletes location `id`.
    pub fn new(id: impl Into<LocationId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for DeleteLocation {
    type Output = ();
    const NAME: &'static str = "delete_location";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH_TEMPLATE: &'static str = "/locations/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("location id", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = DeleteLocation::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/locations/{ID}")
        );
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&DeleteLocation::new("../app")),
            Some("location id")
        );
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = DeleteLocation::new(ID);
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {}}"#)).unwrap();
    }

    error_contract_tests!(DeleteLocation::new(ID));
}
