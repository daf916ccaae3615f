//! `GET /bookings` — one page of bookings, with search and ordering.
//!
//! Confidence: CONFIRMED (`timekit-api.md` §4.10). Query: `limit`, `page`, `search`,
//! `include`, `orderBy`, `sortedBy`, `start`, `end` (note the camelCase of the two sort keys).

use timekit_model::{Booking, Page, Timestamp};

use crate::include::Includes;
use crate::{Operation, Paginated};

/// Sort direction for `sortedBy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    /// Ascending (`asc`).
    Asc,
    /// Descending (`desc`).
    Desc,
}

impl SortOrder {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }
}

/// Lists bookings, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListBookings {
    limit: Option<u64>,
    page: Option<u64>,
    search: Vec<String>,
    include: Includes,
    order_by: Option<String>,
    sorted_by: Option<SortOrder>,
    start: Option<Timestamp>,
    end: Option<Timestamp>,
}

impl ListBookings {
    /// The first page with the server's defaults.
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

    /// Adds search criteria, e.g. `"graph:instant"` or `"customer.name:Jane*"`.
    ///
    /// Criteria added by several calls are joined with `;` (AND).
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

    /// Sort key (`created_at`, `updated_at`, `state`, `graph`, `start`, …).
    pub fn order_by(mut self, key: impl Into<String>) -> Self {
        self.order_by = Some(key.into());
        self
    }

    /// Sort direction.
    pub fn sorted_by(mut self, order: SortOrder) -> Self {
        self.sorted_by = Some(order);
        self
    }

    /// Start of the time window.
    pub fn start(mut self, start: impl Into<Timestamp>) -> Self {
        self.start = Some(start.into());
        self
    }

    /// End of the time window.
    pub fn end(mut self, end: impl Into<Timestamp>) -> Self {
        self.end = Some(end.into());
        self
    }
}

impl Operation for ListBookings {
    type Output = Page<Booking>;
    const NAME: &'static str = "list_bookings";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/bookings";

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
        if let Some(order_by) = &self.order_by {
            query.push(("orderBy", order_by.clone()));
        }
        if let Some(order) = self.sorted_by {
            query.push(("sortedBy", order.as_str().to_owned()));
        }
        if let Some(start) = &self.start {
            query.push(("start", start.to_string()));
        }
        if let Some(end) = &self.end {
            query.push(("end", end.to_string()));
        }
        query
    }
}

impl Paginated for ListBookings {
    type Item = Booking;

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

    const BOOKINGS: &str = "https://api.timekit.invalid/v2/bookings";

    #[test]
    fn minimal_request() {
        let op = ListBookings::new();
        assert_eq!(request(&op).method(), http::Method::GET);
        assert_eq!(uri(&op), BOOKINGS);
        assert_eq!(body_json(&op), None);
    }

    #[test]
    fn each_parameter_lands_in_the_query() {
        let at = |text: &str| Timestamp::parse(text).unwrap();
        let cases = [
            (ListBookings::new().limit(5), "limit=5"),
            (ListBookings::new().page(4), "page=4"),
            (
                ListBookings::new().search("graph:instant"),
                "search=graph:instant",
            ),
            (
                ListBookings::new().include("attributes"),
                "include=attributes",
            ),
            (
                ListBookings::new().order_by("created_at"),
                "orderBy=created_at",
            ),
            (
                ListBookings::new().sorted_by(SortOrder::Asc),
                "sortedBy=asc",
            ),
            (
                ListBookings::new().sorted_by(SortOrder::Desc),
                "sortedBy=desc",
            ),
            (
                ListBookings::new().start(at("2024-05-07T10:00:00+0200")),
                "start=2024-05-07T10:00:00%2B02:00",
            ),
            (
                ListBookings::new().end(at("2024-05-08T00:00:00Z")),
                "end=2024-05-08T00:00:00%2B00:00",
            ),
        ];
        for (op, query) in cases {
            assert_eq!(uri(&op), format!("{BOOKINGS}?{query}"));
        }
    }

    #[test]
    fn search_criteria_are_joined_with_semicolons() {
        let op = ListBookings::new()
            .search_by("state", "confirmed")
            .search_by("customer.name", "Jane*");
        assert_eq!(
            uri(&op),
            format!("{BOOKINGS}?search=state:confirmed%3Bcustomer.name:Jane%2A")
        );
    }

    #[test]
    fn all_parameters_in_documented_order() {
        let op = ListBookings::new()
            .limit(2)
            .page(3)
            .order_by("start")
            .sorted_by(SortOrder::Desc);
        assert_eq!(
            uri(&op),
            format!("{BOOKINGS}?limit=2&page=3&orderBy=start&sortedBy=desc")
        );
        assert_eq!(op.with_page(4).requested_page(), 4);
        assert_eq!(ListBookings::new().requested_page(), 1);
    }

    #[test]
    fn parses_a_page_with_per_page_as_string() {
        let page = ListBookings::new()
            .parse_response(response(200, &fixture("booking_page.json")))
            .unwrap();
        let expected = fixture_json("booking_page.json");
        assert_eq!(page.per_page, Some(2));
        assert_eq!(page.total, expected["total"].as_u64());
        assert!(!page.has_next());
        assert_eq!(serde_json::to_value(&page.data).unwrap(), expected["data"]);
    }

    error_contract_tests!(ListBookings::new());
}
