//! `POST /availability/count` — how many free slots `/availability` would return.
//!
//! Confidence: path and body CONFIRMED (`timekit-api-more.md` §5.4.2: `from`, `to`,
//! `project_id`, `resources`, `length`, `buffer`, `timeslot_increments`); the answer
//! `{"data": {"total": n}}` CONFIRMED only by a third-party schema — any other key next to
//! `total` is kept in `AvailabilityCount::extra`.

use bytes::Bytes;
use timekit_model::AvailabilityCount;

use super::availability_operation;
use crate::{BuildError, Operation};

availability_operation! {
    /// Counts the available slots.
    CountAvailability
}

impl Operation for CountAvailability {
    type Output = AvailabilityCount;
    const NAME: &'static str = "count_availability";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/availability/count";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::shared_tests::{assert_requests, by_project};
    use crate::test_support::*;

    fn op() -> CountAvailability {
        CountAvailability::new(by_project())
    }

    #[test]
    fn request_mapping() {
        assert_requests(
            CountAvailability::new,
            CountAvailability::from_json,
            "https://api.timekit.invalid/v2/availability/count",
        );
    }

    #[test]
    fn parses_the_documented_answer() {
        let parsed = op()
            .parse_response(response(200, &fixture("availability_count.json")))
            .unwrap();
        assert_eq!(parsed.total, 80);
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            fixture_json("availability_count.json")["data"]
        );
    }

    error_contract_tests!(op());
}
