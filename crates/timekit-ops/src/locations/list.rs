//! `GET /locations` — one page of locations, with distance search.
//!
//! Confidence: path CONFIRMED (SDK, booking.js); query `include` (`projects`, `services`) and
//! `search` (`distance:<n>;latitude:<f>;longitude:<f>;name:<s>`) CONFIRMED by a third-party
//! suite against the live API (`timekit-api-more.md` §5.5); `limit`/`page` INFERRED.

use timekit_model::{Location, Page};

use crate::Operation;
use crate::list_query::{ListQuery, list_setters};

/// Lists locations, one page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListLocations {
    query: ListQuery,
}

list_setters!(
    ListLocations => Location,
    search: ["name:Toronto"],
    include: ["projects", "services"],
);

impl ListLocations {
    /// Only locations within `distance` of (`latitude`, `longitude`), nearest first
    /// (`distance:…;latitude:…;longitude:…`).
    pub fn near(self, latitude: f64, longitude: f64, distance: f64) -> Self {
        self.search_by("distance", distance)
            .search_by("latitude", latitude)
            .search_by("longitude", longitude)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    const LOCATIONS: &str = "https://api.timekit.invalid/v2/locations";

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
    fn parses_a_page() {
        let page = ListLocations::new()
            .parse_response(response(200, &fixture("location_page.json")))
            .unwrap();
        assert_eq!(page.data.len(), 2);
        assert_eq!(page.data[0].distance, Some(1.2));
    }

    list_query_tests!(ListLocations, LOCATIONS);
    error_contract_tests!(ListLocations::new());
}
