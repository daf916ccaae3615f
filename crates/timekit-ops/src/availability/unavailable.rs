//! `POST /unavailable/slots` — the slots in which the resources are *not* free.
//!
//! Confidence: path and body CONFIRMED (`timekit-api-more.md` §5.4.3: `/availability`'s
//! parameters plus `output_timezone`); the answer `{"data": [Slot]}`, the item shape of
//! `/availability`, CONFIRMED by a third-party schema; not paginated (INFERRED). Note the
//! path: `/unavailable/slots`, not under `/availability`.

use bytes::Bytes;
use timekit_model::Slot;

use super::availability_operation;
use crate::{BuildError, Operation};

availability_operation! {
    /// Queries the unavailable slots.
    QueryUnavailableSlots
}

impl Operation for QueryUnavailableSlots {
    type Output = Vec<Slot>;
    const NAME: &'static str = "query_unavailable_slots";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/unavailable/slots";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::shared_tests::{assert_requests, by_project};
    use crate::test_support::*;

    fn op() -> QueryUnavailableSlots {
        QueryUnavailableSlots::new(by_project())
    }

    #[test]
    fn request_mapping() {
        assert_requests(
            QueryUnavailableSlots::new,
            QueryUnavailableSlots::from_json,
            "https://api.timekit.invalid/v2/unavailable/slots",
        );
    }

    #[test]
    fn parses_the_documented_answer() {
        let parsed = op()
            .parse_response(response(200, &fixture("unavailable_slots.json")))
            .unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1].resources.len(), 2);
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            fixture_json("unavailable_slots.json")["data"]
        );
    }

    error_contract_tests!(op());
}
