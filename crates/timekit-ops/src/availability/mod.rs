//! Availability: free slots of resources, and the variants that answer with dates, a count,
//! or the unavailable slots, all from the same parameters.

pub mod count;
pub mod dates;
pub mod query;
pub mod unavailable;

pub use count::CountAvailability;
pub use dates::QueryAvailabilityDates;
pub use query::QueryAvailability;
pub use unavailable::QueryUnavailableSlots;

/// Writes the struct of an availability operation and its two constructors. All four send
/// the same body (that of `POST /availability`, typed or raw), so only the path and the
/// answer differ; those stay in the operation's own `impl Operation`, whose `body()` sends
/// `self.body`.
///
/// ```text
/// availability_operation! {
///     /// Counts the available slots.
///     CountAvailability
/// }
/// ```
macro_rules! availability_operation {
    ($(#[$doc:meta])* $op:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        #[must_use]
        pub struct $op {
            body: $crate::body::RequestBody<::timekit_model::AvailabilityRequest>,
        }

        impl $op {
            /// Runs the query described by `request` (the body of `POST /availability`).
            pub fn new(request: ::timekit_model::AvailabilityRequest) -> Self {
                Self {
                    body: $crate::body::RequestBody::Typed(request),
                }
            }

            /// Sends raw JSON (must be an object).
            pub fn from_json(body: ::serde_json::Value) -> Self {
                Self {
                    body: $crate::body::RequestBody::Json(body),
                }
            }
        }
    };
}

pub(crate) use availability_operation;

/// What the availability operations' tests share.
#[cfg(test)]
mod shared_tests {
    use serde_json::json;
    use timekit_model::AvailabilityRequest;

    use crate::test_support::{base, body_json, request};
    use crate::{BuildError, Operation};

    /// A query by project over one week, as the booking widgets ask.
    pub(super) fn by_project() -> AvailabilityRequest {
        AvailabilityRequest::default()
            .project_id("P")
            .from("2030-03-04T00:00:00+01:00")
            .to("2030-03-09T00:00:00+01:00")
            .length("30 minutes")
    }

    /// The request mapping every availability operation has: `POST` to `uri` (full), the typed
    /// body as given (by project or by resources), raw JSON sent as it is, a non-object refused.
    pub(super) fn assert_requests<O: Operation>(
        new: fn(AvailabilityRequest) -> O,
        from_json: fn(serde_json::Value) -> O,
        uri: &str,
    ) {
        let request = request(&new(by_project()));
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), uri);
        assert_eq!(
            body_json(&new(by_project())),
            Some(
                json!({"project_id": "P", "from": "2030-03-04T00:00:00+01:00",
                        "to": "2030-03-09T00:00:00+01:00", "length": "30 minutes"})
            )
        );
        let by_resources = new(AvailabilityRequest::new(["r1"]));
        assert_eq!(body_json(&by_resources), Some(json!({"resources": ["r1"]})));

        let raw = from_json(json!({"resources": ["r1"], "length": null}));
        assert_eq!(
            body_json(&raw),
            Some(json!({"resources": ["r1"], "length": null}))
        );
        let bad = from_json(json!(["r1"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }
}
