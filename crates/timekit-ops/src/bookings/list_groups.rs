//! `GET /bookings/groups` — one page of group slots (the `group_owner` bookings, i.e. the
//! classes customers take seats in).
//!
//! Confidence: path CONFIRMED (SDK, booking.js); items CONFIRMED by booking.js's mock
//! (`available_actions`, embedded `resource`, `attributes` without an include); query
//! `search` (booking.js: `project.id:<id>`) CONFIRMED, `limit`/`page` CONFIRMED by a
//! third-party client (`timekit-api-more.md` §5.3.1). The only mock has no paginator keys,
//! so a bare `{"data": [...]}` reads as one page with nothing after it.

use timekit_model::{GroupBooking, Page, ProjectId};

use crate::list_query::ListQuery;
use crate::{Operation, Paginated};

/// Lists group slots, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListGroupBookings {
    query: ListQuery,
}

impl ListGroupBookings {
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

    /// Adds search criteria (the keys of `GET /bookings`); several are joined with `;` (AND).
    pub fn search(mut self, criteria: impl Into<String>) -> Self {
        self.query.search.push(criteria.into());
        self
    }

    /// Adds one `key:value` search criterion.
    pub fn search_by(self, key: &str, value: impl std::fmt::Display) -> Self {
        self.search(format!("{key}:{value}"))
    }

    /// Only the slots of project `id` (`project.id:<id>`, as booking.js asks).
    pub fn project(self, id: impl Into<ProjectId>) -> Self {
        self.search_by("project.id", id.into())
    }

    /// Adds a dynamic include.
    pub fn include(mut self, name: impl Into<String>) -> Self {
        self.query.include.push(name);
        self
    }
}

impl Operation for ListGroupBookings {
    type Output = Page<GroupBooking>;
    const NAME: &'static str = "list_group_bookings";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/bookings/groups";

    fn query(&self) -> Vec<(&'static str, String)> {
        self.query.to_query()
    }
}

impl Paginated for ListGroupBookings {
    type Item = GroupBooking;

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

    const GROUPS: &str = "https://api.timekit.invalid/v2/bookings/groups";

    #[test]
    fn minimal_request() {
        let op = ListGroupBookings::new();
        assert_eq!(request(&op).method(), http::Method::GET);
        assert_eq!(uri(&op), GROUPS);
        assert_eq!(body_json(&op), None);
    }

    #[test]
    fn booking_js_searches_by_project() {
        let op = ListGroupBookings::new().project("P1").limit(20).page(2);
        assert_eq!(
            uri(&op),
            format!("{GROUPS}?limit=20&page=2&search=project.id:P1")
        );
        assert_eq!(op.requested_page(), 2);
        assert_eq!(op.with_page(3).requested_page(), 3);
        assert_eq!(
            uri(&ListGroupBookings::new().include("attributes")),
            format!("{GROUPS}?include=attributes")
        );
    }

    #[test]
    fn parses_the_slots_without_paginator_keys() {
        let page = ListGroupBookings::new()
            .parse_response(response(200, &fixture("group_bookings.json")))
            .unwrap();
        assert_eq!(page.data.len(), 3);
        assert!(!page.has_next());
        let first = &page.data[0];
        assert_eq!(
            first.resource.as_ref().unwrap().name.as_deref(),
            Some("Marty")
        );
        assert_eq!(first.free_seats(), Some(3));
        assert_eq!(page.data[2].free_seats(), Some(0));
    }

    error_contract_tests!(ListGroupBookings::new());
}
