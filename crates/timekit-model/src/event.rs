//! Calendar events (`/events`, `timekit-api-more.md` §5.9): low-level blocks of time in a
//! resource's calendar, and their create/update requests. Legacy-era routes (tier C).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::{CalendarId, EventId};
use crate::timestamp::Timestamp;

/// An event. Only `id` is always present.
///
/// `start` and `end` are kept as the server wrote them (like [`crate::Slot`]): legacy answers
/// and all-day events are not guaranteed to carry an RFC 3339 offset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The event id.
    pub id: EventId,
    /// The calendar the event is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_id: Option<CalendarId>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// Place.
    #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
    pub where_: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Start, as written by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End, as written by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Whether the event lasts whole days (`all_day`; the 2015 answers' `allDay` stays in
    /// `extra`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_day: Option<bool>,
    /// The owner's answer: `accepted`, `tentative`, `declined`, `needsAction` (kept as written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsvp: Option<String>,
    /// Participants (e-mail strings or objects, kept as JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<Value>>,
    /// When the event was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the event was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Event {
    /// The start as an instant, when it is valid RFC 3339.
    pub fn start_timestamp(&self) -> Option<jiff::Timestamp> {
        self.start.as_deref()?.parse().ok()
    }

    /// The end as an instant, when it is valid RFC 3339.
    pub fn end_timestamp(&self) -> Option<jiff::Timestamp> {
        self.end.as_deref()?.parse().ok()
    }
}

/// Body of `POST /events`: `calendar_id`, `start`, `end`, `what` and `where` are required
/// (developers.timekit.io "Create an event").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateEventRequest {
    /// The calendar to put the event in.
    pub calendar_id: CalendarId,
    /// Start.
    pub start: Timestamp,
    /// End.
    pub end: Timestamp,
    /// Title.
    pub what: String,
    /// Place.
    #[serde(rename = "where")]
    pub where_: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Participants' e-mail addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<String>,
    /// Whether participants get an invitation (Timekit's default: no).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<bool>,
    /// The owner's initial answer (`accepted` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_rsvp: Option<String>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateEventRequest {
    /// An event `what` at `where_` in calendar `calendar_id` from `start` to `end`.
    pub fn new(
        calendar_id: impl Into<CalendarId>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
        what: impl Into<String>,
        where_: impl Into<String>,
    ) -> Self {
        Self {
            calendar_id: calendar_id.into(),
            start: start.into(),
            end: end.into(),
            what: what.into(),
            where_: where_.into(),
            description: None,
            participants: Vec::new(),
            invite: None,
            my_rsvp: None,
            extra: Map::new(),
        }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Adds a participant by e-mail.
    pub fn participant(mut self, email: impl Into<String>) -> Self {
        self.participants.push(email.into());
        self
    }

    /// Whether participants get an invitation.
    pub fn invite(mut self, invite: bool) -> Self {
        self.invite = Some(invite);
        self
    }

    /// The owner's initial answer.
    pub fn my_rsvp(mut self, rsvp: impl Into<String>) -> Self {
        self.my_rsvp = Some(rsvp.into());
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `PUT /events/{id}`: a partial update; only the fields set are sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct UpdateEventRequest {
    /// New start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Timestamp>,
    /// New end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Timestamp>,
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// New place.
    #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
    pub where_: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New participants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<String>>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateEventRequest {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the event.
    pub fn time(mut self, start: impl Into<Timestamp>, end: impl Into<Timestamp>) -> Self {
        self.start = Some(start.into());
        self.end = Some(end.into());
        self
    }

    /// Changes the title.
    pub fn what(mut self, what: impl Into<String>) -> Self {
        self.what = Some(what.into());
        self
    }

    /// Changes the place.
    pub fn where_(mut self, where_: impl Into<String>) -> Self {
        self.where_ = Some(where_.into());
        self
    }

    /// Changes the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Replaces the participants.
    pub fn participants<I, S>(mut self, emails: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.participants = Some(emails.into_iter().map(Into::into).collect());
        self
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
    fn the_2015_mock_event_round_trips_with_all_day_in_extra() {
        let value = json!({"id": "4352a59b-2409-4808-a3a9-d7726531dd80", "what": "Velit",
                           "where": "Vel", "rsvp": "declined", "allDay": false,
                           "start": "2015-09-06T21:00:00+00:00", "end": "2015-09-07T01:30:00+00:00"});
        let event: Event = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(event.where_.as_deref(), Some("Vel"));
        assert_eq!(event.extra["allDay"], false);
        assert_eq!(
            event.start_timestamp(),
            Some("2015-09-06T21:00:00Z".parse().unwrap())
        );
        assert_eq!(serde_json::to_value(&event).unwrap(), value);
    }

    #[test]
    fn numeric_ids_of_the_2015_list_mock_are_refused() {
        assert!(serde_json::from_value::<Event>(json!({"id": 1})).is_err());
    }

    #[test]
    fn create_and_update_bodies() {
        let body = CreateEventRequest::new(
            "c1",
            Timestamp::parse("2030-03-04T10:00:00+01:00").unwrap(),
            Timestamp::parse("2030-03-04T11:00:00+01:00").unwrap(),
            "Dentist",
            "Main St",
        )
        .participant("a@example.com")
        .invite(true);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"calendar_id": "c1", "start": "2030-03-04T10:00:00+01:00",
                   "end": "2030-03-04T11:00:00+01:00", "what": "Dentist", "where": "Main St",
                   "participants": ["a@example.com"], "invite": true})
        );
        assert_eq!(
            serde_json::to_value(UpdateEventRequest::new().where_("Room 2")).unwrap(),
            json!({"where": "Room 2"})
        );
    }
}
