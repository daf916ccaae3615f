//! Resource extras (`timekit-api-more.md` §5.14): a resource's time zone looked up by e-mail
//! (`GET /resources/timezone/{email}`) and the password-reset request
//! (`POST /resources/resetpassword`). Legacy (tier C).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// `{"timezone": "America/Los_Angeles", "utc_offset": -8}` (the shape of the legacy
/// `/users/timezone/{email}` answer; `utc_offset` is in hours and may be fractional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceTimezone {
    /// IANA time zone.
    pub timezone: String,
    /// Offset from UTC in hours, now, kept as the number the server wrote (`-8`, `5.5`);
    /// [`ResourceTimezone::utc_offset_hours`] reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<Number>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResourceTimezone {
    /// The offset in hours.
    pub fn utc_offset_hours(&self) -> Option<f64> {
        self.utc_offset.as_ref()?.as_f64()
    }
}

/// Body of `POST /resources/resetpassword`: `{"email": "…"}` (inferred; Timekit sends the
/// reset e-mail).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct ResetResourcePasswordRequest {
    /// The resource's login e-mail.
    pub email: String,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResetResourcePasswordRequest {
    /// A reset for `email`.
    pub fn new(email: impl Into<String>) -> Self {
        Self {
            email: email.into(),
            extra: Map::new(),
        }
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_booking_js_v1_mock_round_trips() {
        let value = json!({"timezone": "America/Los_Angeles", "utc_offset": -8});
        let zone: ResourceTimezone = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(zone.utc_offset_hours(), Some(-8.0));
        assert_eq!(serde_json::to_value(&zone).unwrap(), value);
        let india: ResourceTimezone =
            serde_json::from_value(json!({"timezone": "Asia/Kolkata", "utc_offset": 5.5})).unwrap();
        assert_eq!(india.utc_offset_hours(), Some(5.5));
    }

    #[test]
    fn reset_body() {
        assert_eq!(
            serde_json::to_value(ResetResourcePasswordRequest::new("a@b.c")).unwrap(),
            json!({"email": "a@b.c"})
        );
    }
}
