//! The running emulator: its address, controls for tests, fast seeding, shutdown.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value, json};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::api::bookings::create::{Conflicts, build_booking};
use crate::api::resources::build_resource;
use crate::clock::EmulatorClock;
use crate::faults::Faults;
use crate::shared::Shared;
use crate::state::Recovery;
use crate::store::{BookingIncludes, Store};
use crate::webhooks::WebhookDelivery;

/// Seeding input the API would have refused; `body` is the JSON error it would have answered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("seed refused: {body}")]
pub struct SeedError {
    /// The error body (`{"errors": …}` or `{"error": …}`).
    pub body: Value,
}

/// A running emulator. Dropping it stops the server in the background;
/// [`shutdown`](Self::shutdown) stops it and waits.
#[derive(Debug)]
pub struct EmulatorHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    recovery: Option<Recovery>,
}

impl EmulatorHandle {
    pub(crate) fn new(
        shared: Arc<Shared>,
        addr: SocketAddr,
        shutdown: watch::Sender<bool>,
        task: JoinHandle<()>,
    ) -> Self {
        Self {
            shared,
            addr,
            shutdown,
            task: Some(task),
            recovery: None,
        }
    }

    pub(crate) fn with_recovery(mut self, recovery: Option<Recovery>) -> Self {
        self.recovery = recovery;
        self
    }

    /// What opening the state file found ([`crate::EmulatorBuilder::state`]): the writes it
    /// holds, and the bytes of a torn write dropped from its end. `None` without a state
    /// file. [`Recovery::message`] is the line the binary prints after an unclean stop.
    pub fn state_recovery(&self) -> Option<Recovery> {
        self.recovery
    }

    /// `http://ADDR/v2`: the base URL clients use.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API key clients must send.
    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// The app's widget key: what hosted and embedded projects answer as `app_key`, accepted
    /// only on the widget routes (see [`EmulatorBuilder::widget_key`]).
    ///
    /// [`EmulatorBuilder::widget_key`]: crate::EmulatorBuilder::widget_key
    pub fn widget_key(&self) -> &str {
        &self.shared.widget_key
    }

    /// The app's webhook secret (`GET /app` answers it as `webhook_secret`): the key of every
    /// delivery's `x-timekit-signature`.
    pub fn webhook_secret(&self) -> &str {
        &self.shared.webhook_secret
    }

    /// Every recorded webhook delivery attempt, oldest first (the last
    /// [`MAX_LOGGED_DELIVERIES`](crate::MAX_LOGGED_DELIVERIES) are kept). Deliveries run on
    /// their own tasks, so a test waits for the attempts it expects.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.shared.webhooks.deliveries()
    }

    /// The emulator's clock; move it to trigger auto-complete or payment timeouts.
    pub fn clock(&self) -> &EmulatorClock {
        &self.shared.clock
    }

    /// The fault-injection rules, changeable while the server runs.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// Every stored booking as JSON (with `attributes`, `customers`, `logs` and `resource_id`),
    /// in creation order.
    pub fn bookings(&self) -> Vec<Value> {
        let now = self.shared.clock.now();
        let snapshots: Vec<_> = {
            let store = self.shared.read();
            let mut bookings: Vec<_> = store.bookings.values().collect();
            bookings.sort_by_key(|booking| booking.seq);
            bookings
                .into_iter()
                .map(|booking| store.snapshot(booking, BookingIncludes::inspection(), now))
                .collect()
        };
        snapshots
            .iter()
            .filter_map(|snapshot| serde_json::to_value(snapshot).ok())
            .collect()
    }

    /// How many bookings are stored.
    pub fn booking_count(&self) -> usize {
        self.shared.read().bookings.len()
    }

    /// How many resources are stored.
    pub fn resource_count(&self) -> usize {
        self.shared.read().resources.len()
    }

    /// Requests received for `method` (`"GET"`, …) and a path template relative to `/v2`
    /// (`"/bookings/{id}"`, `"/bookings/{id}/{action}"`, `"/app/invite"`, …), counted before
    /// fault injection, so every client attempt counts.
    pub fn request_count(&self, method: &str, template: &str) -> u64 {
        self.shared.stats.count(method, template)
    }

    /// Every non-zero request counter, keyed `"METHOD /template"`.
    pub fn request_counts(&self) -> BTreeMap<String, u64> {
        self.shared.stats.snapshot()
    }

    /// Sets every request counter back to zero.
    pub fn reset_request_counts(&self) {
        self.shared.stats.reset();
    }

    /// Stores a resource directly (no HTTP); returns its id.
    ///
    /// # Errors
    /// [`SeedError`] when the name or time zone would fail validation.
    pub fn seed_resource(&self, name: &str, timezone: &str) -> Result<String, SeedError> {
        self.seed_resource_json(json!({ "name": name, "timezone": timezone }))
    }

    /// Stores a resource from a `POST /resources` body, validated the same way; returns its id.
    ///
    /// # Errors
    /// [`SeedError`] with the 422 body the endpoint would have answered.
    pub fn seed_resource_json(&self, body: Value) -> Result<String, SeedError> {
        let body = object(body)?;
        let now = self.shared.clock.now();
        seed_resource_in(&mut self.shared.write(), &body, now)
    }

    /// Stores a booking from a `POST /bookings` body, validated and put through its initial
    /// action like the endpoint does (double-booking checks included); returns its id.
    ///
    /// # Errors
    /// [`SeedError`] with the 422 body the endpoint would have answered.
    pub fn seed_booking_json(&self, body: Value) -> Result<String, SeedError> {
        let body = object(body)?;
        let now = self.shared.clock.now();
        seed_booking_in(&mut self.shared.write(), &body, now)
    }

    /// Stores `count` confirmed `instant` bookings for a resource, back to back from
    /// `first_start`, each `length` long — fast seeding for benchmarks (one lock, no
    /// double-booking scan). Returns their ids in time order.
    ///
    /// # Errors
    /// [`SeedError`] for an unknown resource, a non-positive length, or bookings that would
    /// end past the last representable time; then nothing is stored.
    pub fn seed_bookings(
        &self,
        resource_id: &str,
        count: usize,
        first_start: Timestamp,
        length: SignedDuration,
    ) -> Result<Vec<String>, SeedError> {
        if length <= SignedDuration::ZERO {
            return Err(SeedError {
                body: json!({"errors": {"length": ["The length must be positive."]}}),
            });
        }
        let now = self.shared.clock.now();
        let mut store = self.shared.write();
        // Grows as bookings are made: a huge `count` must end in the range error below, not
        // in a capacity-overflow panic before the first booking.
        let mut ids = Vec::with_capacity(count.min(1 << 16));
        let mut start = first_start;
        for index in 0..count {
            let seeded = start
                .checked_add(length)
                .map_err(|_| SeedError {
                    body: json!({"errors": {"end": ["The end is out of range."]}}),
                })
                .and_then(|end| {
                    let body = object(json!({
                        "graph": "instant",
                        "resource_id": resource_id,
                        "start": start.to_string(),
                        "end": end.to_string(),
                        "what": format!("Seeded booking {index}"),
                        "customer": {"name": format!("Seed Customer {index}"), "email": format!("seed{index}@example.com")},
                    }))?;
                    let booking = build_booking(&store, &body, now, Conflicts::Skip)
                        .map_err(|error| SeedError {
                            body: error.to_value(),
                        })?;
                    Ok((booking, end))
                });
            match seeded {
                Ok((booking, end)) => {
                    ids.push(booking.id.clone());
                    store.insert_booking(booking);
                    start = end;
                }
                Err(error) => {
                    // All or nothing: the bookings seeded so far are taken back.
                    for id in &ids {
                        store.remove_booking(id);
                    }
                    return Err(error);
                }
            }
        }
        Ok(ids)
    }

    /// Stops accepting connections, lets in-flight requests finish (up to 5 s), stops the
    /// pending webhook deliveries, and waits.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.shared
            .webhooks
            .drain(std::time::Duration::from_secs(5))
            .await;
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        // The server task notices and shuts down on its own; nothing to wait for here.
        let _ = self.shutdown.send(true);
    }
}

/// Stores a resource from a `POST /resources` body, validated as the endpoint does (the
/// handle's and the control API's seeding).
pub(crate) fn seed_resource_in(
    store: &mut Store,
    body: &Map<String, Value>,
    now: Timestamp,
) -> Result<String, SeedError> {
    let resource = build_resource(store, body, now).map_err(|errors| SeedError {
        body: errors.to_value(),
    })?;
    let id = resource.id.clone();
    store.insert_resource(resource);
    Ok(id)
}

/// Stores a booking from a `POST /bookings` body, validated and put through its initial
/// action as the endpoint does (double-booking checks included).
pub(crate) fn seed_booking_in(
    store: &mut Store,
    body: &Map<String, Value>,
    now: Timestamp,
) -> Result<String, SeedError> {
    let booking = build_booking(store, body, now, Conflicts::Check).map_err(|error| SeedError {
        body: error.to_value(),
    })?;
    let id = booking.id.clone();
    store.insert_booking(booking);
    Ok(id)
}

pub(crate) fn object(body: Value) -> Result<Map<String, Value>, SeedError> {
    match body {
        Value::Object(map) => Ok(map),
        _ => Err(SeedError {
            body: json!({"error": "The request body must be a JSON object."}),
        }),
    }
}
