//! Id newtypes, so a booking id cannot be passed where a resource id is expected.
//!
//! Timekit ids are UUID strings, but the SDK does not check their format: an id is whatever
//! the server returned. Path safety is checked when an id is put into a URL (`timekit-ops`).

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id string as returned by Timekit.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id as an owned string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&$name> for $name {
            fn from(id: &$name) -> Self {
                id.clone()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl From<&$name> for String {
            fn from(id: &$name) -> Self {
                id.0.clone()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

string_id!(
    /// The id of an app (`App::id`).
    AppId
);
string_id!(
    /// The id of a resource: a person, room or thing that can be booked.
    ResourceId
);
string_id!(
    /// The id of a booking (also of a reservation: its `reservation_id`).
    BookingId
);
string_id!(
    /// The id of a project (`Project::id`, the `project_id` of availability and bookings).
    ProjectId
);
string_id!(
    /// The id of a location (`Location::id`, searchable on projects as `locations.uuid`).
    LocationId
);
string_id!(
    /// The id of a service (`Service::id`, searchable on projects as `services.uuid`).
    ServiceId
);

string_id!(
    /// The id of a calendar (`Calendar::id`, the `calendar_id` of events).
    CalendarId
);
string_id!(
    /// The id of a calendar event (`Event::id`).
    EventId
);
string_id!(
    /// The id of a credential (`Credential::id`).
    CredentialId
);
string_id!(
    /// The id of a webhook registration (`Webhook::id`).
    WebhookId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_a_bare_string() {
        let id = BookingId::from("58190fc6-1ec0-4ebb-b627-7ce6aa9fc703");
        assert_eq!(
            serde_json::to_value(&id).unwrap(),
            serde_json::json!("58190fc6-1ec0-4ebb-b627-7ce6aa9fc703")
        );
        let back: BookingId = serde_json::from_value(serde_json::json!("abc")).unwrap();
        assert_eq!(back.as_str(), "abc");
    }

    #[test]
    fn display_and_conversions_keep_the_text() {
        let id = ResourceId::new(String::from("r-1"));
        assert_eq!(id.to_string(), "r-1");
        assert_eq!(ResourceId::from("r-1"), id);
        assert_eq!(AppId::from(String::from("a")).into_string(), "a");
        let project = ProjectId::from("p-1");
        assert_eq!(String::from(&project), "p-1");
        assert_eq!(String::from(project), "p-1");
    }

    #[test]
    fn refuses_non_string_json() {
        assert!(serde_json::from_value::<AppId>(serde_json::json!(12)).is_err());
    }
}
