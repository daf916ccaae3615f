//! `GET /locations` — one page of locations, with distance search.
//!
//! Confidence: path CONFIRMED (SDK, booking.js); query `include` (`projects`, `services`) and
//! `search` (`distance:<n>;latitude:<f>;longitude:<f>;name:<s>`) CONFIRMED by a third-party
//! suite against the live API (`timekit-api-more.md` §5.5); `limit`/`page` INFERRED.

use timekit_model::{Location, Page};

use crate::list_query::ListQuery;
use crate::{Operation, Paginated};

/// Lists locations, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListLocations {
    query: ListQuery,
}

impl ListLocations {
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

    /// Adds search criteria, e.g. `"name:Toronto"`; several are joined with `;` (AND).
    pub fn search(mut self, criteria: impl Into<String>) -> Self {
        self.query.search.push(criteria.into());
        self
    }

    /// Adds one `key:value` search criterion.
    pub fn search_by(self, key: &str, value: impl std::fmt::Display) -> Self {
        self.search(format!("{key}:{value}"))
    }

    /// Only locations within `distance` of (`latitude`, `longitude`), nearest first
    /// (`distance:…;latitude:…;longitude:…`).
    pub fn near(self, latitude: f64, longitude: f64, distance: f64) -> Self {
        self.search_by("distance", distance)
            .search_by("latitude", latitude)
            .search_by("longitude", longitude)
    }

    /// Adds a dynamic include (`projects`, `services`).
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.query.include.push(name);
        self
    }
}

impl Operation for ListLocations {
    type Output = Page<Location>;
    const NAME: &'static str = "list_locations";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/locations";

    fn query(&self) -> Vec<(&'static str, String)> {
        self.query.to_query()
    }
}

impl Paginated for ListLocations {
    type Item = Location;

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

    const LOCATIONS: &str = "https://api.timekit.invalid/v2/locations";

    #[test]
    fn minimal_request() {
        let op = ListLocations::new();
        assert_eq!(request(&op).method(), http::Method::GET);
        assert_eq!(uri(&op), LOCATIONS);
        assert_eq!(body_json(&op), None);
    }

    #[test]
    fn the_live_suites_distance_search() {
        let op = ListLocations::new()
            .include("projects")
            .near(42.51, 1.54, 2.0)
            .search_by("name", "Toronto");
        assert_eq!(
            uri(&op),
            format!(
                "{LOCATIONS}?search=distance:2%3Blatitude:42.51%3Blongitude:1.54%3Bname:Toronto\
                 &include=projects"
            )
        );
    }

    #[test]
    fn pages_advance() {
        let op = ListLocations::new().limit(10);
        assert_eq!(op.requested_page(), 1);
        assert_eq!(
            uri(&op.with_page(3)),
            format!("{LOCATIONS}?limit=10&page=3")
        );
        assert_eq!(
            uri(&ListLocations::new().include("services")),
            format!("{LOCATIONS}?include=services")
        );
    }

    #[test]
    fn parses_a_page() {
        let page = ListLocations::new()
            .parse_response(response(200, &fixture("location_page.json")))
            .unwrap();
        assert_eq!(page.data.len(), 2);
        assert_eq!(page.data[0].distance, Some(1.2));
    }

    error_contract_tests!(ListLocations::new());
}
