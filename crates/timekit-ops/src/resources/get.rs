//! `GET /resources/{id}` — one resource.
//!
//! Confidence: CONFIRMED (`timekit-api.md` §4.5). Query: `include` (`calendars`,
//! `calendars.events`, `availability_constraints`).

use timekit_model::{Resource, ResourceId};

use crate::Operation;
use crate::include::Includes;

/// Reads one resource.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetResource {
    id: ResourceId,
    include: Includes,
}

impl GetResource {
    /// Reads resource `id`.
    pub fn new(id: impl Into<ResourceId>) -> Self {
        Self {
            id: id.into(),
            include: Includes::default(),
        }
    }

    /// Adds a dynamic include.
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for GetResource {
    type Output = Resource;
    const NAME: &'static str = "get_resource";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/resources/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("resource id", self.id.as_str())]
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
        let op = GetResource::new(ID);
        assert_eq!(request(&op).method(), http::Method::GET);
        assert_eq!(
            uri(&op),
            format!("https://api.timekit.invalid/v2/resources/{ID}")
        );
        assert_eq!(body_json(&op), None);
    }

    #[test]
    fn include_goes_to_the_query() {
        let op = GetResource::new(ID).include("availability_constraints");
        assert_eq!(
            uri(&op),
            format!(
                "https://api.timekit.invalid/v2/resources/{ID}?include=availability_constraints"
            )
        );
    }

    #[test]
    fn bad_ids_are_refused() {
        for bad in ["", "a/b", "..", "a?b", "a#b", "a\u{1}b", " "] {
            assert_eq!(
                refused_id_field(&GetResource::new(bad)),
                Some("resource id"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_the_documented_resource() {
        let resource = GetResource::new(ID)
            .parse_response(response(200, &fixture("resource.json")))
            .unwrap();
        assert_eq!(resource.timezone, "Europe/Berlin");
        assert_eq!(
            serde_json::to_value(&resource).unwrap(),
            fixture_json("resource.json")["data"]
        );
    }

    error_contract_tests!(GetResource::new(ID));
}
