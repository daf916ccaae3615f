//! `GET /resources/timezone/{email}` — a resource's time zone by e-mail.
//!
//! Confidence: path CONFIRMED (SDK `getResourceTimezone`); the answer `{"data": {timezone,
//! utc_offset}}` INFERRED from the legacy `/users/timezone/{email}` mock (booking.js v1). The
//! e-mail is percent-encoded (`@` → `%40`); the SDK pastes it raw.

use timekit_model::ResourceTimezone;

use crate::Operation;

/// Reads a resource's time zone.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GetResourceTimezone {
    id: String,
}

impl GetResourceTimezone {
    /// Reads the time zone of the resource with e-mail `email`.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for GetResourceTimezone {
    type Output = ResourceTimezone;
    const NAME: &'static str = "get_resource_timezone";
    const METHOD: http::Method = http::Method::GET;
    const PATH_TEMPLATE: &'static str = "/resources/timezone/{email}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("resource e-mail", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let op = GetResourceTimezone::new("doc@example.com");
        let request = request(&op);
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(
            request.uri(),
            &*format!("{BASE}/resources/timezone/doc%40example.com")
        );
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&GetResourceTimezone::new("a/b")),
            Some("resource e-mail")
        );
    }

    #[test]
    fn parses_the_fixture() {
        let value = GetResourceTimezone::new("doc@example.com")
            .parse_response(response(200, &fixture("resource_timezone.json")))
            .unwrap();
        let expected = fixture_json("resource_timezone.json");
        assert_eq!(value.timezone, expected["data"]["timezone"]);
        assert_eq!(value.utc_offset_hours(), Some(-8.0));
    }

    error_contract_tests!(GetResourceTimezone::new("doc@example.com"));
}
