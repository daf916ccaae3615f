//! `GET /resources` — one page of the app's resources.
//!
//! Confidence: CONFIRMED (`timekit-api.md` §4.4). Query: `limit`, `page`, `search`, `include`.

use timekit_model::{Page, Resource};

use crate::Operation;
use crate::list_query::{ListQuery, list_setters};

/// Lists resources, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListResources {
    query: ListQuery,
}

list_setters!(ListResources => Resource, search: ["name:Jane*", "meta.team:blue"]);

impl Operation for ListResources {
    type Output = Page<Resource>;
    const NAME: &'static str = "list_resources";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/resources";

    fn query(&self) -> Vec<(&'static str, String)> {
        self.query.to_query()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn parses_a_page() {
        let page = ListResources::new()
            .parse_response(response(200, &fixture("resource_page.json")))
            .unwrap();
        let expected = fixture_json("resource_page.json");
        assert_eq!(page.data.len(), expected["data"].as_array().unwrap().len());
        assert_eq!(page.per_page, Some(2));
        assert_eq!(page.current_page, Some(1));
        assert!(page.has_next());
        assert_eq!(
            serde_json::to_value(&page).unwrap()["data"],
            expected["data"]
        );
    }

    list_query_tests!(ListResources, "https://api.timekit.invalid/v2/resources");
    error_contract_tests!(ListResources::new());
}
