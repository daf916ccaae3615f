//! `GET /locations/{id}` — one location.
//!
//! Confidence: path CONFIRMED (SDK); `?include=projects` CONFIRMED by a third-party suite against the
//! live API (`timekit-api-more.md` §5.5).

use timekit_model::{Location, LocationId};

use crate::Operation;
use crate::include::Includes;

/// Reads one location.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetLocation {
    id: LocationId,
    include: Includes,
}

impl GetLocation {
    /// Reads location `id`.
    pub fn new(id: impl Into<LocationId>) -> Self {
        Self {
            id: id.into(),
            include: Includes::default(),
        }
    }

    /// Adds a dynamic include (`projects`).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for GetLocation {
    type Output = Location;
    const NAME: &'static str = "get_location";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/locations/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("location id", self.id.as_str())]
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
        let op = GetLocation::new(ID);
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(
            request.uri(),
            &*format!("https://api.timekit.invalid/v2/locations/{ID}")
        );
        assert!(request.body().is_empty());
    }

    #[test]
    fn include_goes_to_the_query() {
        assert_eq!(
            uri(&GetLocation::new(ID).include("projects")),
            format!("https://api.timekit.invalid/v2/locations/{ID}?include=projects")
        );
    }

    #[test]
    fn bad_ids_are_refused() {
        for bad in ["", "a/b", "..", "x?y", "x#y", "x y"] {
            assert_eq!(
                refused_id_field(&GetLocation::new(bad)),
                Some("location id"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_the_location() {
        let location = GetLocation::new(ID)
            .parse_response(response(200, &fixture("location.json")))
            .unwrap();
        assert_eq!(location.name.as_deref(), Some("Toronto"));
        assert_eq!(
            serde_json::to_value(&location).unwrap(),
            fixture_json("location.json")["data"]
        );
    }

    error_contract_tests!(GetLocation::new(ID));
}
