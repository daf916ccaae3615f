//! `GET /location/services` — one page of services (note the `location/` prefix).
//!
//! Confidence: path CONFIRMED (SDK, booking.js's appointments widget, which sends
//! `?include=locations`; `timekit-api-more.md` §5.6); `limit`, `page`, `search` INFERRED from
//! the API-wide list conventions. A list without paginator keys is read as one page.

use timekit_model::{Page, Service};

use crate::list_query::ListQuery;
use crate::{Operation, Paginated};

/// Lists services, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListServices {
    query: ListQuery,
}

impl ListServices {
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

    /// Adds search criteria; several are joined with `;` (AND).
    pub fn search(mut self, criteria: impl Into<String>) -> Self {
        self.query.search.push(criteria.into());
        self
    }

    /// Adds one `key:value` search criterion.
    pub fn search_by(self, key: &str, value: impl std::fmt::Display) -> Self {
        self.search(format!("{key}:{value}"))
    }

    /// Adds a dynamic include (`locations`).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.query.include.push(name);
        self
    }
}

impl Operation for ListServices {
    type Output = Page<Service>;
    const NAME: &'static str = "list_services";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/location/services";

    fn query(&self) -> Vec<(&'static str, String)> {
        self.query.to_query()
    }
}

impl Paginated for ListServices {
    type Item = Service;

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

    const SERVICES: &str = "https://api.timekit.invalid/v2/location/services";

    #[test]
    fn minimal_request() {
        let op = ListServices::new();
        assert_eq!(request(&op).method(), http::Method::GET);
        assert_eq!(uri(&op), SERVICES);
        assert_eq!(body_json(&op), None);
    }

    #[test]
    fn the_appointments_widgets_request() {
        assert_eq!(
            uri(&ListServices::new().include("locations")),
            format!("{SERVICES}?include=locations")
        );
        let op = ListServices::new()
            .limit(5)
            .page(2)
            .search_by("name", "Haircut");
        assert_eq!(
            uri(&op),
            format!("{SERVICES}?limit=5&page=2&search=name:Haircut")
        );
        assert_eq!(op.requested_page(), 2);
        assert_eq!(op.with_page(3).requested_page(), 3);
    }

    #[test]
    fn parses_a_page_and_a_bare_list() {
        let op = ListServices::new();
        let page = op
            .parse_response(response(200, &fixture("service_page.json")))
            .unwrap();
        assert_eq!(page.data[0].locations.as_ref().unwrap().len(), 1);
        let bare = op
            .parse_response(response(200, r#"{"data": [{"id": "s1"}]}"#))
            .unwrap();
        assert_eq!(bare.data.len(), 1);
        assert!(!bare.has_next());
    }

    error_contract_tests!(ListServices::new());
}
