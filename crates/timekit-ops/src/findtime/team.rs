//! `POST /findtime/team` — legacy team availability (deprecated).
//!
//! Confidence: path and body `{"users": [<findtime query>, …]}` CONFIRMED (booking.js v1,
//! `timekit-api-more.md` §5.10); the answer lists slots where any member is free, with the free
//! members under `users`. Deprecated by Timekit ("use POST /availability"); kept for callers
//! migrating from the SDK.

use bytes::Bytes;
use serde_json::Value;
use timekit_model::{FindTimeSlot, FindTimeTeamRequest};

use crate::body::RequestBody;
use crate::{BuildError, Operation};

/// Finds free time of a team (legacy).
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct FindTimeTeam {
    body: RequestBody<FindTimeTeamRequest>,
}

impl FindTimeTeam {
    /// Finds the team's free time as `request` describes.
    pub fn new(request: FindTimeTeamRequest) -> Self {
        Self {
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(body: Value) -> Self {
        Self {
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for FindTimeTeam {
    type Output = Vec<FindTimeSlot>;
    const NAME: &'static str = "find_time_team";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/findtime/team";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;
    use timekit_model::FindTimeRequest;

    fn op() -> FindTimeTeam {
        FindTimeTeam::new(FindTimeTeamRequest::new().member(FindTimeRequest::new().resource(ID)))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), &*format!("{BASE}/findtime/team"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            body_json(&op()),
            Some(json!({"users": [{"resource_ids": [ID]}]}))
        );
    }

    #[test]
    fn raw_json_and_bad_bodies() {
        let raw = FindTimeTeam::from_json(json!({"users": [{"emails": ["a@b.c"]}]}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"users": [{"emails": ["a@b.c"]}]}))
        );
        let bad = FindTimeTeam::from_json(json!(["x"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn parses_the_fixture() {
        for status in [200, 201] {
            let value = op()
                .parse_response(response(status, &fixture("findtime_team_slots.json")))
                .unwrap();
            let expected = fixture_json("findtime_team_slots.json");
            assert_eq!(
                value[0].users.as_ref().unwrap()[0],
                expected["data"][0]["users"][0]
            );
        }
    }

    error_contract_tests!(op());
}
