//! FindTime (`/findtime`, `/findtime/bulk`, `/findtime/team`, `timekit-api-more.md` §5.10):
//! the deprecated availability API that `POST /availability` replaced ("findtime is now
//! availability"). Kept for callers migrating from the SDK's `findTime*` methods.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Body of `POST /findtime`: whose calendars to search (several → mutual availability) and
/// how. Every field is optional; unset ones are not sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct FindTimeRequest {
    /// Resource ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_ids: Vec<String>,
    /// Resource e-mails.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// Calendar ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calendar_ids: Vec<String>,
    /// Legacy user ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_ids: Vec<String>,
    /// Filters, `{"or": [...], "and": [...]}` of filter objects (kept as JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Value>,
    /// How far ahead to search (`"4 weeks"`, the server's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub future: Option<String>,
    /// Where to start (`"now"`, a timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Slot length (`"1 hour"`, the server's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<String>,
    /// Time kept free around events (`"15 minutes"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer: Option<String>,
    /// Every solution on a 15-minute grid instead of back-to-back slots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_solutions: Option<bool>,
    /// No slot across midnight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_day_span: Option<bool>,
    /// Sort order (`asc`, `desc`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Whether all-day events are ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_all_day_events: Option<bool>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FindTimeRequest {
    /// A query with the server's defaults (add at least one resource, e-mail or calendar).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a resource id.
    pub fn resource(mut self, id: impl Into<String>) -> Self {
        self.resource_ids.push(id.into());
        self
    }

    /// Adds a resource e-mail.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.emails.push(email.into());
        self
    }

    /// Adds a calendar id.
    pub fn calendar(mut self, id: impl Into<String>) -> Self {
        self.calendar_ids.push(id.into());
        self
    }

    /// Sets the filters (`{"or": [...], "and": [...]}`).
    pub fn filters(mut self, filters: Value) -> Self {
        self.filters = Some(filters);
        self
    }

    /// Sets how far ahead to search.
    pub fn future(mut self, future: impl Into<String>) -> Self {
        self.future = Some(future.into());
        self
    }

    /// Sets where to start.
    pub fn start(mut self, start: impl Into<String>) -> Self {
        self.start = Some(start.into());
        self
    }

    /// Sets the slot length.
    pub fn length(mut self, length: impl Into<String>) -> Self {
        self.length = Some(length.into());
        self
    }

    /// Sets the buffer.
    pub fn buffer(mut self, buffer: impl Into<String>) -> Self {
        self.buffer = Some(buffer.into());
        self
    }

    /// Every solution on a 15-minute grid.
    pub fn all_solutions(mut self, all: bool) -> Self {
        self.all_solutions = Some(all);
        self
    }

    /// Whether all-day events are ignored.
    pub fn ignore_all_day_events(mut self, ignore: bool) -> Self {
        self.ignore_all_day_events = Some(ignore);
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `POST /findtime/team`: one findtime query per team member; the answer lists the
/// slots where any member is free.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct FindTimeTeamRequest {
    /// One query per member.
    pub users: Vec<FindTimeRequest>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FindTimeTeamRequest {
    /// A team with no members yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a member's query.
    pub fn member(mut self, query: FindTimeRequest) -> Self {
        self.users.push(query);
        self
    }
}

/// Body of `POST /findtime/bulk`: several findtime queries at once. The wire shape is not
/// known; this client sends `{"queries": [...]}` and expects one slot list per query, in
/// order (`docs/api-decisions.md`, "Rest of the API").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct FindTimeBulkRequest {
    /// The queries.
    pub queries: Vec<FindTimeRequest>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FindTimeBulkRequest {
    /// No queries yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a query.
    pub fn query(mut self, query: FindTimeRequest) -> Self {
        self.queries.push(query);
        self
    }
}

/// One free slot of a findtime answer: `{start, end}` as the server wrote them (the 2015 answers
/// had no offset: `"2015-03-24 15:00:00"`), and on `/findtime/team` the free `users`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FindTimeSlot {
    /// Slot start, as written.
    pub start: String,
    /// Slot end, as written.
    pub end: String,
    /// The team members free in this slot (`/findtime/team`), kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<Value>>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FindTimeSlot {
    /// The start as an instant, when it is valid RFC 3339.
    pub fn start_timestamp(&self) -> Option<jiff::Timestamp> {
        self.start.parse().ok()
    }

    /// The end as an instant, when it is valid RFC 3339.
    pub fn end_timestamp(&self) -> Option<jiff::Timestamp> {
        self.end.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_sends_only_what_is_set() {
        assert_eq!(
            serde_json::to_value(FindTimeRequest::new()).unwrap(),
            json!({})
        );
        let query = FindTimeRequest::new()
            .email("marty@example.com")
            .future("2 weeks")
            .length("30 minutes")
            .filters(json!({"or": [{"specific_day": {"day": "Monday"}}]}));
        assert_eq!(
            serde_json::to_value(&query).unwrap(),
            json!({"emails": ["marty@example.com"], "future": "2 weeks",
                   "length": "30 minutes",
                   "filters": {"or": [{"specific_day": {"day": "Monday"}}]}})
        );
        let team = FindTimeTeamRequest::new().member(FindTimeRequest::new().resource("r1"));
        assert_eq!(
            serde_json::to_value(&team).unwrap(),
            json!({"users": [{"resource_ids": ["r1"]}]})
        );
    }

    #[test]
    fn naive_and_offset_slots_round_trip() {
        for value in [
            json!({"start": "2015-03-24 15:00:00", "end": "2015-03-24 16:00:00"}),
            json!({"start": "2015-11-25T12:00:00-08:00", "end": "2015-11-25T13:00:00-08:00",
                   "users": [{"email": "marty.mcfly@timekit.io"}]}),
        ] {
            let slot: FindTimeSlot = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(serde_json::to_value(&slot).unwrap(), value);
        }
        let naive: FindTimeSlot =
            serde_json::from_value(json!({"start": "2015-03-24 15:00:00", "end": "x"})).unwrap();
        assert!(naive.start_timestamp().is_none());
    }
}
