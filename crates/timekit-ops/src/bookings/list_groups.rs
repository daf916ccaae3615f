//! `GET /bookings/groups` — one page of group slots (the `group_owner` bookings, i.e. the
//! classes customers take seats in).
//!
//! Confidence: path CONFIRMED (SDK, booking.js); items CONFIRMED by booking.js's mock
//! (`available_actions`, embedded `resource`, `attributes` without an include); query
//! `search` (booking.js: `project.id:<id>`) CONFIRMED, `limit`/`page` CONFIRMED by a
//! third-party client (`timekit-api-more.md` §5.3.1). The only mock has no paginator keys,
//! so a bare `{"data": [...]}` reads as one page with nothing after it.

use timekit_model::{GroupBooking, Page, ProjectId};

use crate::Operation;
use crate::list_query::{ListQuery, list_setters};

/// Lists group slots, one page at a time.
///
/// [`search`](Self::search) takes the keys of `GET /bookings`
/// ([`ListBookings`](crate::ListBookings)).
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListGroupBookings {
    query: ListQuery,
}

list_setters!(ListGroupBookings => GroupBooking, search: ["project.id:<id>"]);

impl ListGroupBookings {
    /// Only the slots of project `id` (`project.id:<id>`, as booking.js asks).
    pub fn project(self, id: impl Into<ProjectId>) -> Self {
        self.search_by("project.id", id.into())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    const GROUPS: &str = "https://api.timekit.invalid/v2/bookings/groups";

    #[test]
    fn booking_js_searches_by_project() {
        let op = ListGroupBookings::new().project("P1").limit(20).page(2);
        assert_eq!(
            uri(&op),
            format!("{GROUPS}?limit=20&page=2&search=project.id:P1")
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

    list_query_tests!(ListGroupBookings, GROUPS);
    error_contract_tests!(ListGroupBookings::new());
}
