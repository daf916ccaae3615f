//! `DELETE /location/services/{id}` — delete a service.
//!
//! Confidence: path CONFIRMED (SDK); 204 INFERRED (`timekit-api-more.md` §5.6); 200 with or
//! without a JSON body is accepted too.

use timekit_model::ServiceId;

use crate::Operation;

/// Deletes a service.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct DeleteService {
    id: ServiceId,
}

impl DeleteService {
    /// Deletes service `id`.
    pub fn new(id: impl Into<ServiceId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for DeleteService {
    type Output = ();
    const NAME: &'static str = "delete_service";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH_TEMPLATE: &'static str = "/location/services/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("service id", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = DeleteService::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/location/services/{ID}")
        );
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&DeleteService::new("../app")),
            Some("service id")
        );
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = DeleteService::new(ID);
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, r#"{"data": {}}"#)).unwrap();
    }

    error_contract_tests!(DeleteService::new(ID));
}
