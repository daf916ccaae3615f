//! Bookings, their customers and event details, and the requests that create or change them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::graph::{BookingAction, BookingState, Graph};
use crate::ids::{BookingId, ResourceId};
use crate::timestamp::Timestamp;

/// A booking (`timekit-api.md` §5.3). `id`, `graph`, `state` and `completed` are always
/// present; the rest depends on the `include` parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    /// The booking id.
    pub id: BookingId,
    /// The flow the booking follows.
    pub graph: Graph,
    /// Its current state.
    pub state: BookingState,
    /// `true` once the booking is in a final state.
    pub completed: bool,
    /// Actions that are legal now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_actions: Option<Vec<BookingAction>>,
    /// Same as `possible_actions`, under the name group-slot listings and webhooks use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_actions: Option<Vec<BookingAction>>,
    /// When the booking was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// When the booking was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
    /// Free key/values (searchable as `meta.<key>`); `[]` (PHP's empty map) reads as an empty
    /// map.
    #[serde(
        default,
        deserialize_with = "crate::laravel_map::optional_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub meta: Option<Map<String, Value>>,
    /// Event details and group info (with `?include=attributes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<BookingAttributes>,
    /// The customers (with `?include=customers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<Vec<Customer>>,
    /// Fields this crate does not model (`calendar`, `event`, `user`, `logs` …), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Booking {
    /// The event details, when `attributes.event_info` was included.
    pub fn event_info(&self) -> Option<&EventInfo> {
        self.attributes.as_ref()?.event_info.as_ref()
    }

    /// The actions legal now, from `possible_actions` or else `available_actions`.
    pub fn actions(&self) -> &[BookingAction] {
        self.possible_actions
            .as_deref()
            .or(self.available_actions.as_deref())
            .unwrap_or_default()
    }

    /// Whether the server lists `action` as legal now.
    pub fn allows(&self, action: &BookingAction) -> bool {
        self.actions().contains(action)
    }
}

/// `attributes` of a booking.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BookingAttributes {
    /// The event the booking created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_info: Option<EventInfo>,
    /// Seat counts of a group booking (`max_seats`, `current_seats`), kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_booking: Option<Value>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The event of a booking (`attributes.event_info`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EventInfo {
    /// Event start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Timestamp>,
    /// Event end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Timestamp>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// Location (`where` in JSON).
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The calendar the event is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_id: Option<String>,
    /// Fields this crate does not model (`participants` …), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A customer of a booking, as sent on create and returned with `?include=customers`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct Customer {
    /// Customer id (responses only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// VoIP handle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voip: Option<String>,
    /// IANA time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Other keys (`first_name`, `comment`, custom fields), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Customer {
    /// A customer with a name and an e-mail address.
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            email: Some(email.into()),
            ..Self::default()
        }
    }

    /// Sets the phone number.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// Sets the VoIP handle.
    pub fn voip(mut self, voip: impl Into<String>) -> Self {
        self.voip = Some(voip.into());
        self
    }

    /// Sets the time zone.
    pub fn timezone(mut self, timezone: impl Into<String>) -> Self {
        self.timezone = Some(timezone.into());
        self
    }

    /// Adds a custom field.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `POST /bookings` (`timekit-api.md` §4.9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateBookingRequest {
    /// The resource booked (for `group_customer`: the owner booking's resource).
    pub resource_id: ResourceId,
    /// The flow the booking follows.
    pub graph: Graph,
    /// Initial action; when omitted the server applies the graph's initial action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<BookingAction>,
    /// Event start.
    pub start: Timestamp,
    /// Event end.
    pub end: Timestamp,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// Location (`where` in JSON).
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// Free key/values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// A non-default calendar of the resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_id: Option<String>,
    /// A project to take booking defaults from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// Settings (`allow_double_bookings`, group `max_seats` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Map<String, Value>>,
    /// Whether the calendar provider sends invitations to `participants`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<bool>,
    /// E-mail addresses of participants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<String>>,
    /// The owner's initial RSVP (`accepted`, `needsAction` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_rsvp: Option<String>,
    /// A reservation to turn into this booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_id: Option<String>,
    /// Related bookings (`{"owner_booking_id": …}` for `group_customer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related: Option<Map<String, Value>>,
    /// `{"enabled": false}` turns off completion one hour after the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_complete_one_hour_after_booking_ends: Option<Value>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateBookingRequest {
    /// A booking of `resource_id` following `graph`, from `start` to `end`.
    pub fn new(
        resource_id: impl Into<ResourceId>,
        graph: Graph,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Self {
        Self {
            resource_id: resource_id.into(),
            graph,
            action: None,
            start: start.into(),
            end: end.into(),
            what: None,
            location: None,
            description: None,
            customer: None,
            meta: None,
            calendar_id: None,
            project_id: None,
            settings: None,
            invite: None,
            participants: None,
            my_rsvp: None,
            reservation_id: None,
            related: None,
            auto_complete_one_hour_after_booking_ends: None,
            extra: Map::new(),
        }
    }

    /// Sets the initial action (otherwise the graph's default is applied).
    pub fn action(mut self, action: BookingAction) -> Self {
        self.action = Some(action);
        self
    }

    /// Sets the title.
    pub fn what(mut self, what: impl Into<String>) -> Self {
        self.what = Some(what.into());
        self
    }

    /// Sets the location (`where`).
    pub fn location(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the customer.
    pub fn customer(mut self, customer: Customer) -> Self {
        self.customer = Some(customer);
        self
    }

    /// Sets one `meta` key.
    pub fn meta(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.meta
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Books into a non-default calendar of the resource.
    pub fn calendar_id(mut self, calendar_id: impl Into<String>) -> Self {
        self.calendar_id = Some(calendar_id.into());
        self
    }

    /// Takes booking defaults from a project.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Sets one `settings` key.
    pub fn setting(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.settings
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// Allows (or forbids) overlapping bookings of the resource (`settings.allow_double_bookings`).
    pub fn allow_double_bookings(self, allow: bool) -> Self {
        self.setting("allow_double_bookings", allow)
    }

    /// Whether the calendar provider sends invitations.
    pub fn invite(mut self, invite: bool) -> Self {
        self.invite = Some(invite);
        self
    }

    /// Adds a participant e-mail.
    pub fn participant(mut self, email: impl Into<String>) -> Self {
        self.participants
            .get_or_insert_with(Vec::new)
            .push(email.into());
        self
    }

    /// Sets the owner's initial RSVP.
    pub fn my_rsvp(mut self, rsvp: impl Into<String>) -> Self {
        self.my_rsvp = Some(rsvp.into());
        self
    }

    /// Books a previously reserved slot.
    pub fn reservation_id(mut self, reservation_id: impl Into<String>) -> Self {
        self.reservation_id = Some(reservation_id.into());
        self
    }

    /// Links a `group_customer` seat to its group (`related.owner_booking_id`).
    pub fn owner_booking_id(mut self, owner: impl Into<BookingId>) -> Self {
        self.related.get_or_insert_with(Map::new).insert(
            "owner_booking_id".to_owned(),
            Value::String(owner.into().into_string()),
        );
        self
    }

    /// Turns completion one hour after the end on or off.
    pub fn auto_complete(mut self, enabled: bool) -> Self {
        let mut setting = Map::new();
        setting.insert("enabled".to_owned(), Value::Bool(enabled));
        self.auto_complete_one_hour_after_booking_ends = Some(Value::Object(setting));
        self
    }

    /// Adds a field this crate does not model.
    pub fn extra_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.extra.insert(name.into(), value);
        self
    }
}

/// Body of `PUT /bookings/{id}` that changes a booking's `meta`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[must_use]
pub struct UpdateBookingMetaRequest {
    /// The keys to set.
    pub meta: Map<String, Value>,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateBookingMetaRequest {
    /// An update setting every key of `meta`.
    pub fn new(meta: Map<String, Value>) -> Self {
        Self {
            meta,
            extra: Map::new(),
        }
    }

    /// Sets one more key.
    pub fn set(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.meta.insert(key.into(), value.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn minimal_create_body() {
        let body = CreateBookingRequest::new(
            "r1",
            Graph::Instant,
            at("2024-05-07T10:00:00+00:00"),
            at("2024-05-07T10:30:00+00:00"),
        );
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"resource_id": "r1", "graph": "instant",
                   "start": "2024-05-07T10:00:00+00:00", "end": "2024-05-07T10:30:00+00:00"})
        );
    }

    #[test]
    fn every_create_setter_lands_under_its_wire_name() {
        let body = CreateBookingRequest::new(
            "r1",
            Graph::GroupCustomer,
            at("2024-05-07T10:00:00+0200"),
            at("2024-05-07T10:30:00+0200"),
        )
        .action(BookingAction::Create)
        .what("Consultation")
        .location("Room 2")
        .description("First visit")
        .customer(
            Customer::new("Jane Roe", "jane@example.com")
                .phone("+45 1234")
                .timezone("Europe/Berlin"),
        )
        .meta("order_ref", "A-17")
        .calendar_id("cal-1")
        .project_id("p-1")
        .allow_double_bookings(true)
        .invite(true)
        .participant("x@example.com")
        .my_rsvp("accepted")
        .reservation_id("res-1")
        .owner_booking_id("owner-1")
        .auto_complete(false)
        .extra_field("webhooks", json!({"created": {"enabled": false}}));
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({
                "resource_id": "r1", "graph": "group_customer", "action": "create",
                "start": "2024-05-07T10:00:00+02:00", "end": "2024-05-07T10:30:00+02:00",
                "what": "Consultation", "where": "Room 2", "description": "First visit",
                "customer": {"name": "Jane Roe", "email": "jane@example.com", "phone": "+45 1234",
                             "timezone": "Europe/Berlin"},
                "meta": {"order_ref": "A-17"}, "calendar_id": "cal-1", "project_id": "p-1",
                "settings": {"allow_double_bookings": true}, "invite": true,
                "participants": ["x@example.com"], "my_rsvp": "accepted", "reservation_id": "res-1",
                "related": {"owner_booking_id": "owner-1"},
                "auto_complete_one_hour_after_booking_ends": {"enabled": false},
                "webhooks": {"created": {"enabled": false}}
            })
        );
    }

    #[test]
    fn booking_actions_prefer_possible_actions() {
        let booking: Booking = serde_json::from_value(json!({
            "id": "b", "graph": "confirm_decline", "state": "tentative", "completed": false,
            "possible_actions": ["decline", "confirm"]
        }))
        .unwrap();
        assert!(booking.allows(&BookingAction::Confirm));
        assert!(!booking.allows(&BookingAction::Cancel));
        let group: Booking = serde_json::from_value(json!({
            "id": "b", "graph": "group_owner", "state": "tentative", "completed": false,
            "available_actions": ["complete", "cancel"]
        }))
        .unwrap();
        assert_eq!(
            group.actions(),
            &[BookingAction::Complete, BookingAction::Cancel]
        );
    }

    #[test]
    fn booking_without_required_fields_is_refused() {
        assert!(serde_json::from_value::<Booking>(json!({"id": "b", "graph": "instant"})).is_err());
    }

    proptest::proptest! {
        #[test]
        fn create_request_round_trips(what in "\\PC{0,12}", location in "\\PC{0,12}",
                                      seconds in 0i64..4_000_000_000, graph in "[a-z_]{1,16}") {
            let start = Timestamp::from(jiff::Timestamp::from_second(seconds).unwrap());
            let end = Timestamp::from(jiff::Timestamp::from_second(seconds + 1800).unwrap());
            let request = CreateBookingRequest::new("r1", Graph::from_name(&graph), start, end)
                .what(what)
                .location(location)
                .meta("k", 1);
            let back: CreateBookingRequest =
                serde_json::from_value(serde_json::to_value(&request).unwrap()).unwrap();
            proptest::prop_assert_eq!(back, request);
        }
    }

    #[test]
    fn meta_update_body() {
        let body = UpdateBookingMetaRequest::default()
            .set("a", 1)
            .set("b", Value::Null);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"meta": {"a": 1, "b": null}})
        );
    }
}
