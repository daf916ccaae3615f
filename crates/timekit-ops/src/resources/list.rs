//! `GET /resources` — one page of the app's resources.
//!
//! Confidence: CONFIRMED (`timekit-api.md` §4.4). Query: `limit`, `page`, `search`, `include`.

use timekit_model::{Page, Resource};

use crate::include::Includes;
use crate::{Operation, Paginated};

/// Lists resources, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListResources {
    limit: Option<u64>,
    page: Option<u64>,
    search: Vec<String>,
    include: Includes,
}

impl ListResources {
    /// The first page with the server's default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Page size.
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// 1-based page number.
    pub fn page(mut self, page: u64) -> Self {
        self.page = Some(page);
        self
    }

    /// Adds search criteria, e.g. `"name:Jane*"` or `"meta.team:blue"`.
    ///
    /// Criteria added by several calls are joined with `;` (AND), as on
    /// [`ListBookings::search`](crate::ListBookings::search).
    pub fn search(mut self, criteria: impl Into<String>) -> Self {
        self.search.push(criteria.into());
        self
    }

    /// Adds one `key:value` search criterion.
    pub fn search_by(self, key: &str, value: impl std::fmt::Display) -> Self {
        self.search(format!("{key}:{value}"))
    }

    /// Adds a dynamic include.
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.include.push(name);
        self
    }
}

impl Operation for ListResources {
    type Output = Page<Resource>;
    const NAME: &'static str = "list_resources";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/resources";

    fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(limit) = self.limit {
            query.push(("limit", limit.to_string()));
        }
        if let Some(page) = self.page {
            query.push(("page", page.to_string()));
        }
        if !self.search.is_empty() {
            query.push(("search", self.search.join(";")));
        }
        self.include.append_to(&mut query);
        query
    }
}

impl Paginated for ListResources {
    type Item = Resource;

    fn with_page(&self, page: u64) -> Self {
        self.clone().page(page)
    }

    fn requested_page(&self) -> u64 {
        self.page.unwrap_or(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = ListResources::new();
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(request.uri(), "https://api.timekit.invalid/v2/resources");
        assert!(request.body().is_empty());
    }

    #[test]
    fn each_parameter_lands_in_the_query() {
        assert_eq!(
            uri(&ListResources::new().limit(10)),
            "https://api.timekit.invalid/v2/resources?limit=10"
        );
        assert_eq!(
            uri(&ListResources::new().page(2)),
            "https://api.timekit.invalid/v2/resources?page=2"
        );
        assert_eq!(
            uri(&ListResources::new().search("name:Jane")),
            "https://api.timekit.invalid/v2/resources?search=name:Jane"
        );
        assert_eq!(
            uri(&ListResources::new().include("calendars")),
            "https://api.timekit.invalid/v2/resources?include=calendars"
        );
    }

    #[test]
    fn search_criteria_accumulate_instead_of_replacing_each_other() {
        let op = ListResources::new()
            .search("name:Jane*")
            .search_by("timezone", "Europe/Berlin");
        assert_eq!(
            uri(&op),
            "https://api.timekit.invalid/v2/resources?search=name:Jane%2A%3Btimezone:Europe%2FBerlin"
        );
    }

    #[test]
    fn pages_advance() {
        let first = ListResources::new().limit(2);
        assert_eq!(first.requested_page(), 1);
        let third = first.with_page(3);
        assert_eq!(third.requested_page(), 3);
        assert_eq!(
            uri(&third),
            "https://api.timekit.invalid/v2/resources?limit=2&page=3"
        );
    }

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

    error_contract_tests!(ListResources::new());
}
