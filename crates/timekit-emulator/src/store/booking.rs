//! A stored booking and the lazy, clock-driven transitions (payment timeout, auto-complete).

use std::borrow::Cow;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::graph::{Graph, State, Transition, Trigger};
use crate::time::Stamp;

/// A tentative payment booking becomes `unpaid` this long after it was created (§10).
pub(crate) const PAYMENT_TIMEOUT: SignedDuration = SignedDuration::from_mins(5);
/// A completable booking becomes `completed` this long after it ends (§5.4).
pub(crate) const AUTO_COMPLETE_AFTER_END: SignedDuration = SignedDuration::from_hours(1);

/// One booking as the store keeps it (and the state file, in this shape).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Booking {
    pub(crate) id: String,
    /// Insertion order; only used to list bookings for inspection.
    pub(crate) seq: u64,
    pub(crate) resource_id: String,
    pub(crate) graph: Graph,
    pub(crate) state: State,
    pub(crate) start: Stamp,
    pub(crate) end: Stamp,
    pub(crate) what: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) calendar_id: Option<String>,
    pub(crate) project_id: Option<String>,
    /// Customer objects as sent (plus a generated `id`).
    pub(crate) customers: Vec<Customer>,
    pub(crate) meta: Map<String, Value>,
    pub(crate) settings: Map<String, Value>,
    /// `related.owner_booking_id` of a group seat.
    pub(crate) owner_booking_id: Option<String>,
    pub(crate) auto_complete: bool,
    /// Set when the booking was created by a bulk create with `relate_bookings: true`.
    pub(crate) bulk_group: Option<String>,
    /// When a reservation's hold ends (its automatic `expire`); `None` for other graphs.
    pub(crate) expires_at: Option<Stamp>,
    pub(crate) created_at: Stamp,
    pub(crate) updated_at: Stamp,
    pub(crate) logs: Vec<LogEntry>,
}

/// A customer object as sent, plus a generated `id` unless it sent one.
///
/// String `id`, `name` and `email` are kept as plain strings and every other field in
/// `other` (those three too when sent as another JSON type), so the object is written back
/// exactly as sent while a usual customer allocates no map: a non-empty JSON map holds a
/// ~600-byte node, more than the rest of the booking.
#[derive(Debug, Clone, Default)]
pub(crate) struct Customer {
    id: Option<String>,
    name: Option<String>,
    email: Option<String>,
    other: Map<String, Value>,
}

impl Customer {
    /// The customer to store for the object `sent`: `id` is used unless `sent` has an `id`.
    pub(crate) fn new(id: String, sent: Map<String, Value>) -> Self {
        Customer {
            id: Some(id),
            ..Customer::default()
        }
        .with_fields(sent)
    }

    /// `self` with the fields of `sent` set (a string `id`, `name` or `email` in its slot).
    fn with_fields(self, sent: Map<String, Value>) -> Self {
        let mut customer = self;
        for (key, value) in sent {
            let slot = match key.as_str() {
                "id" => &mut customer.id,
                "name" => &mut customer.name,
                "email" => &mut customer.email,
                _ => {
                    customer.other.insert(key, value);
                    continue;
                }
            };
            match value {
                Value::String(text) => *slot = Some(text),
                value => {
                    *slot = None;
                    customer.other.insert(key, value);
                }
            }
        }
        customer
    }

    /// The string value of `field` (`None` when absent or not a string).
    pub(crate) fn get_str(&self, field: &str) -> Option<&str> {
        match field {
            "id" => self.id.as_deref(),
            "name" => self.name.as_deref(),
            "email" => self.email.as_deref(),
            _ => self.other.get(field).and_then(Value::as_str),
        }
    }

    /// The customer as the JSON object it was sent as (with its `id`).
    pub(crate) fn to_map(&self) -> Map<String, Value> {
        let mut map = self.other.clone();
        for (key, value) in [
            ("id", &self.id),
            ("name", &self.name),
            ("email", &self.email),
        ] {
            if let Some(value) = value {
                map.insert(key.to_owned(), Value::String(value.clone()));
            }
        }
        map
    }
}

impl Serialize for Customer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_map().serialize(serializer)
    }
}

/// Read back from the state file: the object it was written as.
impl<'de> Deserialize<'de> for Customer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Customer::default().with_fields(Map::deserialize(deserializer)?))
    }
}

/// One applied transition, shown with `?include=logs`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct LogEntry {
    #[serde(deserialize_with = "crate::state::form::interned")]
    pub(crate) action: crate::state::form::Name,
    #[serde(deserialize_with = "crate::state::form::interned")]
    pub(crate) from_state: crate::state::form::Name,
    #[serde(deserialize_with = "crate::state::form::interned")]
    pub(crate) to_state: crate::state::form::Name,
    pub(crate) automatic: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) input: Option<Value>,
    pub(crate) created_at: Stamp,
}

impl Booking {
    /// `completed` in the API: nothing can happen to the booking any more.
    pub(crate) fn is_final(&self) -> bool {
        self.graph.is_final(self.state)
    }

    /// Whether the booking occupies its resource at `now` (double-booking checks, seats).
    pub(crate) fn blocks_at(&self, now: Timestamp) -> bool {
        self.graph.blocks(self.state_at(now))
    }

    /// `settings.allow_double_bookings: true`: the booking may share its slot.
    pub(crate) fn allows_double_booking(&self) -> bool {
        self.settings.get("allow_double_bookings") == Some(&Value::Bool(true))
    }

    /// Whether `transition` would make this booking start holding its slot, so the slot must
    /// be free first (a tentative confirm_decline request being confirmed). Group seats and
    /// bookings that allow double booking never need the check.
    pub(crate) fn must_claim_slot(&self, transition: &Transition) -> bool {
        !self.graph.is_group_seat()
            && !self.allows_double_booking()
            && !self.graph.blocks(transition.from)
            && self.graph.blocks(transition.to)
    }

    pub(crate) fn overlaps(&self, start: Timestamp, end: Timestamp) -> bool {
        self.start.ts() < end && start < self.end.ts()
    }

    /// The clock-driven transition that is due at `now`, with the moment it became due.
    pub(crate) fn due_transition(
        &self,
        now: Timestamp,
    ) -> Option<(&'static Transition, Timestamp)> {
        self.due_transition_from(self.state, now)
    }

    /// The state the booking has at `now` once due transitions are applied (without applying
    /// them: usable under a read lock).
    pub(crate) fn state_at(&self, now: Timestamp) -> State {
        self.due_state_at(now).0
    }

    /// `state` and `updated_at` as they are at `now` once due transitions are applied, the
    /// same values [`Booking::apply_due`] would store (reads sort and filter by them).
    pub(crate) fn due_state_at(&self, now: Timestamp) -> (State, Timestamp) {
        let (mut state, mut updated) = (self.state, self.updated_at.ts());
        while let Some((transition, due)) = self.due_transition_from(state, now) {
            state = transition.to;
            updated = due.max(updated);
        }
        (state, updated)
    }

    /// Whether the booking is final at `now` (due transitions included).
    pub(crate) fn is_final_at(&self, now: Timestamp) -> bool {
        self.graph.is_final(self.state_at(now))
    }

    /// The booking as it is at `now`: reads show due transitions (auto-complete, payment
    /// timeout) without writing them; the next write to the booking stores them. Borrowed
    /// when nothing is due, which is the common case.
    pub(crate) fn at(&self, now: Timestamp) -> Cow<'_, Booking> {
        if self.due_transition(now).is_none() {
            return Cow::Borrowed(self);
        }
        let mut due = self.clone();
        due.apply_due(now);
        Cow::Owned(due)
    }

    fn due_transition_from(
        &self,
        state: State,
        now: Timestamp,
    ) -> Option<(&'static Transition, Timestamp)> {
        if let Some(timeout) = self.graph.timeout_transition(state) {
            let due = match &self.expires_at {
                Some(expires_at) => expires_at.ts(),
                None => self.created_at.ts().saturating_add(PAYMENT_TIMEOUT).ok()?,
            };
            if now >= due {
                return Some((timeout, due));
            }
        }
        if self.auto_complete && self.graph.auto_completes(state) {
            let due = self.end.ts().saturating_add(AUTO_COMPLETE_AFTER_END).ok()?;
            if now >= due {
                let complete = self.graph.user_transition(state, "complete")?;
                return Some((complete, due));
            }
        }
        None
    }

    /// Applies every transition that is due at `now`; returns whether anything changed.
    pub(crate) fn apply_due(&mut self, now: Timestamp) -> bool {
        let mut changed = false;
        while let Some((transition, due)) = self.due_transition(now) {
            // A booking created after the moment it became due changes "now", not in the past.
            let at = due.max(self.updated_at.ts());
            self.record(transition, at, None, true);
            changed = true;
        }
        changed
    }

    /// Applies a transition the caller already looked up for this booking's graph and state.
    pub(crate) fn apply(
        &mut self,
        transition: &'static Transition,
        now: Timestamp,
        input: Option<Value>,
    ) {
        self.record(
            transition,
            now,
            input,
            transition.trigger == Trigger::Automatic,
        );
    }

    fn record(
        &mut self,
        transition: &'static Transition,
        at: Timestamp,
        input: Option<Value>,
        automatic: bool,
    ) {
        let stamp = Stamp::new(at);
        // A booking has a handful of log entries: room for exactly one more, not the four a
        // first push reserves.
        self.logs.reserve_exact(1);
        self.logs.push(LogEntry {
            action: transition.action,
            from_state: self.state.name(),
            to_state: transition.to.name(),
            automatic,
            input,
            created_at: stamp.clone(),
        });
        self.state = transition.to;
        self.updated_at = stamp;
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn customers_are_written_back_as_sent_with_an_id() {
        for sent in [
            json!({"name": "Jane", "email": "jane@example.com", "phone": "+1 555"}),
            json!({"name": null, "email": "a@b.c", "id": 7, "zip": {"code": 1}}),
            json!({"id": "mine", "name": "Jo", "age": 30}),
            json!({}),
        ] {
            let sent = sent.as_object().cloned().unwrap_or_default();
            let customer = Customer::new("generated".to_owned(), sent.clone());
            let mut expected = sent;
            expected.entry("id").or_insert(json!("generated"));
            assert_eq!(customer.to_map(), expected);
            assert_eq!(
                serde_json::to_string(&customer).unwrap(),
                serde_json::to_string(&expected).unwrap()
            );
            assert_eq!(
                customer.get_str("email"),
                expected.get("email").and_then(Value::as_str)
            );
            assert_eq!(
                customer.get_str("name"),
                expected.get("name").and_then(Value::as_str)
            );
        }
    }
}
