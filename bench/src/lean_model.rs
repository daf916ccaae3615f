//! A diagnostic mirror of `timekit_model::{Page, Booking}` with the same field types
//! (ids, graph/state enums, `Timestamp`, `meta` map) but **without** the `extra` maps and
//! with derived decoders. Decoding into it shows what keeping unknown fields costs. (The
//! model's booking types decode through hand-written visitors that put unknown keys straight
//! into `extra`; `#[serde(flatten)]` would buffer unknown values through serde's `Content`.)
//!
//! The fields are only read by serde (and the tests); decoding them is what is measured.
#![allow(dead_code)]

use serde::Deserialize;
use serde_json::{Map, Value};
use timekit_model::{BookingAction, BookingId, BookingState, Graph, Timestamp};

/// `Page<T>` without `extra`; counts as plain integers.
#[derive(Debug, Deserialize)]
pub struct LeanPage<T> {
    /// Items.
    pub data: Vec<T>,
    /// Count.
    pub total: Option<u64>,
    /// Count (the emulator writes a number; Timekit may send a string — not handled here).
    pub per_page: Option<Value>,
    /// Count.
    pub current_page: Option<u64>,
    /// Count.
    pub last_page: Option<u64>,
    /// URL.
    pub next_page_url: Option<String>,
    /// URL.
    pub prev_page_url: Option<String>,
    /// Count.
    pub from: Option<u64>,
    /// Count.
    pub to: Option<u64>,
}

/// `Booking` without `extra`.
#[derive(Debug, Deserialize)]
pub struct LeanBooking {
    /// Id.
    pub id: BookingId,
    /// Graph.
    pub graph: Graph,
    /// State.
    pub state: BookingState,
    /// Final.
    pub completed: bool,
    /// Legal actions.
    pub possible_actions: Option<Vec<BookingAction>>,
    /// Legal actions (group name).
    pub available_actions: Option<Vec<BookingAction>>,
    /// Created.
    pub created_at: Option<Timestamp>,
    /// Updated.
    pub updated_at: Option<Timestamp>,
    /// Meta.
    pub meta: Option<Map<String, Value>>,
    /// Attributes.
    pub attributes: Option<LeanAttributes>,
    /// Customers.
    pub customers: Option<Vec<LeanCustomer>>,
}

/// `BookingAttributes` without `extra`.
#[derive(Debug, Deserialize)]
pub struct LeanAttributes {
    /// Event.
    pub event_info: Option<LeanEventInfo>,
    /// Group seats.
    pub group_booking: Option<Value>,
}

/// `EventInfo` without `extra`.
#[derive(Debug, Deserialize)]
pub struct LeanEventInfo {
    /// Start.
    pub start: Option<Timestamp>,
    /// End.
    pub end: Option<Timestamp>,
    /// Title.
    pub what: Option<String>,
    /// Location.
    #[serde(rename = "where")]
    pub location: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Calendar.
    pub calendar_id: Option<String>,
}

/// `Customer` without `extra`.
#[derive(Debug, Deserialize)]
pub struct LeanCustomer {
    /// Id.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// VoIP.
    pub voip: Option<String>,
    /// Time zone.
    pub timezone: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use timekit_model::{Booking, Page};

    #[test]
    fn mirror_reads_what_the_model_reads() {
        let body = br#"{"data": [{"id": "b1", "graph": "instant", "state": "confirmed",
            "completed": false, "possible_actions": ["cancel"],
            "created_at": "2030-01-01T09:00:00+00:00", "meta": {"k": 1},
            "attributes": {"event_info": {"start": "2030-02-01T08:00:00+01:00", "what": "x"}},
            "customers": [{"name": "Jane", "timezone": "Europe/Berlin"}]}],
            "total": 1, "per_page": 1000, "current_page": 1, "last_page": 1,
            "next_page_url": null, "prev_page_url": null, "from": 1, "to": 1}"#;
        let model: Page<Booking> = serde_json::from_slice(body).unwrap();
        let lean: LeanPage<LeanBooking> = serde_json::from_slice(body).unwrap();
        let (m, l) = (&model.data[0], &lean.data[0]);
        assert_eq!(l.id, m.id);
        assert_eq!(l.state, m.state);
        assert_eq!(l.possible_actions, m.possible_actions);
        assert_eq!(l.created_at, m.created_at);
        assert_eq!(l.meta, m.meta);
        let (l_event, m_event) = (
            l.attributes.as_ref().unwrap().event_info.as_ref().unwrap(),
            m.event_info().unwrap(),
        );
        assert_eq!(l_event.start, m_event.start);
        assert_eq!(l_event.what, m_event.what);
        let customers = m.customers.as_ref().unwrap();
        assert_eq!(
            l.customers.as_ref().unwrap()[0].timezone,
            customers[0].timezone
        );
        assert_eq!(lean.total, model.total);
        assert_eq!(lean.last_page, model.last_page);
    }
}
