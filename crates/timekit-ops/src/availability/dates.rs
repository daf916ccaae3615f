//! `POST /availability/dates` — the dates that have at least one free slot.
//!
//! Confidence: path, body and answer CONFIRMED (`timekit-api-more.md` §5.4.1): the body is
//! `/availability`'s (`project_id`, `resources`, `from`, `to`, and the other availability
//! parameters, INFERRED); the answer `{"data": [{"date": "YYYY-MM-DD", "resources": [id…]}]}`,
//! ascending, not paginated.

use bytes::Bytes;
use timekit_model::AvailableDate;

use super::availability_operation;
use crate::{BuildError, Operation};

availability_operation! {
    /// Queries the dates with availability.
    QueryAvailabilityDates
}

impl Operation for QueryAvailabilityDates {
    type Output = Vec<AvailableDate>;
    const NAME: &'static str = "query_availability_dates";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/availability/dates";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::shared_tests::{assert_requests, by_project};
    use crate::test_support::*;

    fn op() -> QueryAvailabilityDates {
        QueryAvailabilityDates::new(by_project())
    }

    #[test]
    fn request_mapping() {
        assert_requests(
            QueryAvailabilityDates::new,
            QueryAvailabilityDates::from_json,
            "https://api.timekit.invalid/v2/availability/dates",
        );
    }

    #[test]
    fn parses_the_documented_answer() {
        let parsed = op()
            .parse_response(response(200, &fixture("availability_dates.json")))
            .unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].date, "2022-06-10");
        assert!(
            op().parse_response(response(200, r#"{"data": []}"#))
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            fixture_json("availability_dates.json")["data"]
        );
    }

    error_contract_tests!(op());
}
