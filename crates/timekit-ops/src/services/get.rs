//! `GET /location/services/{id}` — one service.
//!
//! Confidence: path CONFIRMED (SDK, whose own `getService` is broken; `timekit-api-more.md`
//! §3.1, §5.6). Query: `include` (`locations`, CONFIRMED on the list by booking.js).

use timekit_model::{Service, ServiceId};

use crate::Operation;
use crate::include::Includes;

/// Reads one service.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetService {
    id: ServiceId,
    include: Includes,
}

impl GetService {
    /// Reads service `id`.
    pub fn new(id: impl Into<ServiceId>) -> Self {
        Self {
            id: id.into(),
            include: Includes::default(),
        }
    }

    /// Adds a dynamic include (`locations`).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for GetService {
    type Output = Service;
    const NAME: &'static str = "get_service";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/location/services/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("service id", self.id.as_str())]
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
        let op = GetService::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/location/services/{ID}")
        );
        assert!(request.body().is_empty());
    }

    #[test]
    fn include_goes_to_the_query() {
        assert_eq!(
            uri(&GetService::new(ID).include("locations")),
            format!("https://api.timekit.invalid/v2/location/services/{ID}?include=locations")
        );
    }

    #[test]
    fn bad_ids_are_refused() {
        for bad in ["", "a/b", "..", "x?y", "x#y", "x y"] {
            assert_eq!(
                refused_id_field(&GetService::new(bad)),
                Some("service id"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_the_service() {
        let service = GetService::new(ID)
            .parse_response(response(200, &fixture("service.json")))
            .unwrap();
        assert_eq!(service.name.as_deref(), Some("Haircut"));
        assert_eq!(
            serde_json::to_value(&service).unwrap(),
            fixture_json("service.json")["data"]
        );
    }

    error_contract_tests!(GetService::new(ID));
}
