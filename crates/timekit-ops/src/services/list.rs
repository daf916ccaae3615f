//! `GET /location/services` — one page of services (note the `location/` prefix).
//!
//! Confidence: path CONFIRMED (SDK, booking.js's appointments widget, which sends
//! `?include=locations`; `timekit-api-more.md` §5.6); `limit`, `page`, `search` INFERRED from
//! the API-wide list conventions. A list without paginator keys is read as one page.

use timekit_model::{Page, Service};

use crate::Operation;
use crate::list_query::{ListQuery, list_setters};

/// Lists services, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListServices {
    query: ListQuery,
}

list_setters!(ListServices => Service, include: ["locations"]);

impl Operation for ListServices {
    type Output = Page<Service>;
    const NAME: &'static str = "list_services";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/location/services";

    fn query(&self) -> Vec<(&'static str, String)> {
        self.query.to_query()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    const SERVICES: &str = "https://api.timekit.invalid/v2/location/services";

    #[test]
    fn the_appointments_widgets_request() {
        assert_eq!(
            uri(&ListServices::new().include("locations")),
            format!("{SERVICES}?include=locations")
        );
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

    list_query_tests!(ListServices, SERVICES);
    error_contract_tests!(ListServices::new());
}
