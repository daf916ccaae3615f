//! `GET /projects` — one page of the app's projects, with search.
//!
//! Confidence: path CONFIRMED (`timekit-api-more.md` §5.1.2); query `limit`, `page`,
//! `search`, `include` INFERRED from the API-wide list conventions. Search keys CONFIRMED by
//! the SDK: `locations.uuid:<id>`, `services.uuid:<id>`, joined with `;` (AND) — the
//! appointments widget finds the project of a location × service pair this way.

use timekit_model::{LocationId, Page, Project, ServiceId};

use crate::list_query::ListQuery;
use crate::{Operation, Paginated};

/// Lists projects, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListProjects {
    query: ListQuery,
}

impl ListProjects {
    /// The first page with the server's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Page size.
    pub fn limit(mut self, limit: u64) -> Self {
        self.query.limit = Some(limit);
        self
    }

    /// 1-based page number.
    pub fn page(mut self, page: u64) -> Self {
        self.query.page = Some(page);
        self
    }

    /// Adds search criteria, e.g. `"locations.uuid:<id>"`; several are joined with `;` (AND).
    pub fn search(mut self, criteria: impl Into<String>) -> Self {
        self.query.search.push(criteria.into());
        self
    }

    /// Adds one `key:value` search criterion.
    pub fn search_by(self, key: &str, value: impl std::fmt::Display) -> Self {
        self.search(format!("{key}:{value}"))
    }

    /// Only projects linked to location `id` (`locations.uuid:<id>`).
    pub fn location(self, id: impl Into<LocationId>) -> Self {
        self.search_by("locations.uuid", id.into())
    }

    /// Only projects linked to service `id` (`services.uuid:<id>`).
    pub fn service(self, id: impl Into<ServiceId>) -> Self {
        self.search_by("services.uuid", id.into())
    }

    /// Adds a dynamic include.
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.query.include.push(name);
        self
    }
}

impl Operation for ListProjects {
    type Output = Page<Project>;
    const NAME: &'static str = "list_projects";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/projects";

    fn query(&self) -> Vec<(&'static str, String)> {
        self.query.to_query()
    }
}

impl Paginated for ListProjects {
    type Item = Project;

    fn with_page(&self, page: u64) -> Self {
        self.clone().page(page)
    }

    fn requested_page(&self) -> u64 {
        self.query.requested_page()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    const PROJECTS: &str = "https://api.timekit.invalid/v2/projects";

    #[test]
    fn minimal_request() {
        let op = ListProjects::new();
        assert_eq!(request(&op).method(), http::Method::GET);
        assert_eq!(uri(&op), PROJECTS);
        assert_eq!(body_json(&op), None);
    }

    #[test]
    fn each_parameter_lands_in_the_query() {
        let cases = [
            (ListProjects::new().limit(5), "limit=5"),
            (ListProjects::new().page(2), "page=2"),
            (
                ListProjects::new().search("slug:haircut"),
                "search=slug:haircut",
            ),
            (
                ListProjects::new().include("resources"),
                "include=resources",
            ),
        ];
        for (op, query) in cases {
            assert_eq!(uri(&op), format!("{PROJECTS}?{query}"));
        }
    }

    #[test]
    fn location_and_service_search_as_the_appointments_widget_does() {
        let op = ListProjects::new().location("L1").service("S1");
        assert_eq!(
            uri(&op),
            format!("{PROJECTS}?search=locations.uuid:L1%3Bservices.uuid:S1")
        );
    }

    #[test]
    fn pages_advance() {
        let op = ListProjects::new().limit(2);
        assert_eq!(op.requested_page(), 1);
        let next = op.with_page(2);
        assert_eq!(next.requested_page(), 2);
        assert_eq!(uri(&next), format!("{PROJECTS}?limit=2&page=2"));
    }

    #[test]
    fn parses_a_page() {
        let page = ListProjects::new()
            .parse_response(response(200, &fixture("project_page.json")))
            .unwrap();
        assert_eq!(page.data.len(), 2);
        assert_eq!(page.data[1].slug.as_deref(), Some("yoga"));
        assert!(!page.has_next());
    }

    error_contract_tests!(ListProjects::new());
}
