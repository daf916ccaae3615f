//! `GET /projects` — one page of the app's projects, with search.
//!
//! Confidence: path CONFIRMED (`timekit-api-more.md` §5.1.2); query `limit`, `page`,
//! `search`, `include` INFERRED from the API-wide list conventions. Search keys CONFIRMED by
//! the SDK: `locations.uuid:<id>`, `services.uuid:<id>`, joined with `;` (AND) — the
//! appointments widget finds the project of a location × service pair this way.

use timekit_model::{LocationId, Page, Project, ServiceId};

use crate::Operation;
use crate::list_query::{ListQuery, list_setters};

/// Lists projects, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListProjects {
    query: ListQuery,
}

list_setters!(ListProjects => Project, search: ["locations.uuid:<id>"]);

impl ListProjects {
    /// Only projects linked to location `id` (`locations.uuid:<id>`).
    pub fn location(self, id: impl Into<LocationId>) -> Self {
        self.search_by("locations.uuid", id.into())
    }

    /// Only projects linked to service `id` (`services.uuid:<id>`).
    pub fn service(self, id: impl Into<ServiceId>) -> Self {
        self.search_by("services.uuid", id.into())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    const PROJECTS: &str = "https://api.timekit.invalid/v2/projects";

    #[test]
    fn location_and_service_search_as_the_appointments_widget_does() {
        let op = ListProjects::new().location("L1").service("S1");
        assert_eq!(
            uri(&op),
            format!("{PROJECTS}?search=locations.uuid:L1%3Bservices.uuid:S1")
        );
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

    list_query_tests!(ListProjects, PROJECTS);
    error_contract_tests!(ListProjects::new());
}
