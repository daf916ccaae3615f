//! The in-memory store: the app, its resources and bookings, and the invite directory.
//!
//! The server keeps one `Store` behind a `RwLock`; every mutation happens under one write-lock
//! acquisition, so concurrent requests never lose updates. Bookings and resources are shared
//! (`Arc`) so a read copies the pointers it needs under a read lock and does the rest (search,
//! sort, JSON) after releasing it; a write copies a booking only while a reader still holds it.
//! Bookings are also indexed per resource by time ([`TimeIndex`]) and per group owner, so no
//! check's cost grows with the whole store.

mod app;
mod booking;
mod calendar;
mod catalog;
mod legacy;
mod persist;
mod resource;
mod snapshot;
mod time_index;
mod tracked;
mod view;

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use jiff::Timestamp;

use crate::webhooks::{Job, Webhook};
pub(crate) use app::App;
pub(crate) use booking::{Booking, Customer, LogEntry};
pub(crate) use calendar::{Calendar, Event};
pub(crate) use catalog::{Catalog, Location, Project, Service};
pub(crate) use legacy::{Credential, Legacy, app_settings};
pub(crate) use resource::Resource;
pub(crate) use snapshot::{BookingSnapshot, MAX_EMBEDDED_BOOKINGS};
use time_index::TimeIndex;
pub(crate) use tracked::{Tracked, TrackedMap};
pub(crate) use view::{AppView, BookingIncludes, ResourceIncludes, ResourceView};

/// Everything the emulator remembers.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) app: Tracked<App>,
    /// Lower-cased e-mail → e-mail as seeded: people `POST /app/invite` can add.
    directory: HashMap<String, String>,
    pub(crate) resources: TrackedMap<Resource>,
    /// Lower-cased e-mail → resource id (e-mails are unique per app).
    resource_emails: HashMap<String, String>,
    pub(crate) bookings: TrackedMap<Booking>,
    /// Resource id → its bookings and calendar events by start time (kept for removed
    /// resources' bookings and events too). Ids are UUIDs, so one index holds both kinds.
    by_resource: HashMap<String, TimeIndex>,
    /// Calendars made with `POST /calendars` (each resource's "Bookings" calendar is derived
    /// from the resource, see [`Store::calendar`]).
    pub(crate) calendars: TrackedMap<Calendar>,
    pub(crate) events: TrackedMap<Event>,
    /// Credentials, passwords and tokens, extra apps, templates.
    pub(crate) legacy: Tracked<Legacy>,
    /// Group owner booking id → ids of its seats.
    seats: HashMap<String, Vec<String>>,
    /// Bulk group id → ids of the related bookings created together.
    bulk_groups: HashMap<String, Vec<String>>,
    /// Projects, locations and services.
    pub(crate) catalog: Tracked<Catalog>,
    /// Registered webhooks (issue 19), in creation order.
    pub(crate) webhooks: Tracked<Vec<Webhook>>,
    /// While webhooks are registered: bookings this write lock touched, with their log length
    /// before (`None`: inserted). Their new log entries are the states they entered
    /// ([`Store::take_webhook_jobs`]); emptied when the lock is released.
    touched: HashMap<String, Option<usize>>,
    next_seq: u64,
    /// Set by [`Store::reset`]: the state file must forget everything before saving changes.
    cleared: bool,
}

impl Store {
    pub(crate) fn new(app: App, directory: impl IntoIterator<Item = String>) -> Self {
        let legacy = Tracked::new(Legacy::new(&app.created_at));
        Self {
            app: Tracked::new(app),
            directory: directory
                .into_iter()
                .map(|email| (email.to_lowercase(), email))
                .collect(),
            resources: TrackedMap::default(),
            resource_emails: HashMap::new(),
            bookings: TrackedMap::default(),
            by_resource: HashMap::new(),
            calendars: TrackedMap::default(),
            events: TrackedMap::default(),
            legacy,
            seats: HashMap::new(),
            bulk_groups: HashMap::new(),
            catalog: Tracked::default(),
            webhooks: Tracked::default(),
            touched: HashMap::new(),
            next_seq: 0,
            cleared: false,
        }
    }

    /// Forgets everything stored, keeping the app and the invite directory (the control API's
    /// `POST /__emulator/reset`).
    pub(crate) fn reset(&mut self) {
        let app = App::clone(&self.app);
        let directory = std::mem::take(&mut self.directory);
        *self = Store {
            directory,
            cleared: true,
            ..Store::new(app, [])
        };
    }

    pub(crate) fn take_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// The seeded directory entry for `email` (case-insensitive), as seeded.
    pub(crate) fn directory_entry(&self, email: &str) -> Option<&str> {
        self.directory
            .get(&email.to_lowercase())
            .map(String::as_str)
    }

    pub(crate) fn resource_by_email(&self, email: &str) -> Option<&Resource> {
        let id = self.resource_emails.get(&email.to_lowercase())?;
        self.resources.get(id).map(|resource| &**resource)
    }

    /// A resource to change in place (copied first only if a reader still holds it).
    pub(crate) fn resource_mut(&mut self, id: &str) -> Option<&mut Resource> {
        self.resources.make_mut(id)
    }

    /// A booking to change in place (copied first only if a reader still holds it).
    pub(crate) fn booking_mut(&mut self, id: &str) -> Option<&mut Booking> {
        let logs = self.bookings.get(id)?.logs.len();
        if !self.webhooks.is_empty() && !self.touched.contains_key(id) {
            self.touched.insert(id.to_owned(), Some(logs));
        }
        self.bookings.make_mut(id)
    }

    /// Puts back an earlier version of a stored booking (bulk `reset_all_on_error`). Its
    /// resource and times never change, so the indexes stay valid.
    pub(crate) fn restore_booking(&mut self, booking: Arc<Booking>) {
        if let Some(stored) = self.bookings.get(&booking.id) {
            if !self.webhooks.is_empty() && !self.touched.contains_key(&booking.id) {
                self.touched
                    .insert(booking.id.clone(), Some(stored.logs.len()));
            }
            self.bookings.insert(booking.id.clone(), booking);
        }
    }

    pub(crate) fn insert_resource(&mut self, mut resource: Resource) {
        resource.seq = self.take_seq();
        self.index_resource(resource);
    }

    /// Stores a resource with its `seq` as it is, indexing it.
    fn index_resource(&mut self, resource: Resource) {
        if let Some(email) = &resource.email {
            self.resource_emails
                .insert(email.to_lowercase(), resource.id.clone());
        }
        self.resources
            .insert(resource.id.clone(), Arc::new(resource));
    }

    /// Removes a resource; its bookings stay (timekit-api.md §4.7 decision).
    pub(crate) fn remove_resource(&mut self, id: &str) -> bool {
        let Some(resource) = self.resources.remove(id) else {
            return false;
        };
        if let Some(email) = &resource.email {
            self.resource_emails.remove(&email.to_lowercase());
        }
        self.legacy.passwords.remove(id);
        self.legacy.tokens.remove(id);
        true
    }

    pub(crate) fn insert_booking(&mut self, mut booking: Booking) {
        booking.seq = self.take_seq();
        if !self.webhooks.is_empty() {
            self.touched.insert(booking.id.clone(), None);
        }
        self.index_booking(booking);
    }

    /// Stores a booking with its `seq` as it is, indexing it (no webhook is told).
    fn index_booking(&mut self, booking: Booking) {
        if let Some(group) = &booking.bulk_group {
            self.bulk_groups
                .entry(group.clone())
                .or_default()
                .push(booking.id.clone());
        }
        if let Some(owner) = &booking.owner_booking_id {
            self.seats
                .entry(owner.clone())
                .or_default()
                .push(booking.id.clone());
        }
        self.by_resource
            .entry(booking.resource_id.clone())
            .or_default()
            .insert(
                booking.start.ts(),
                booking.end.ts(),
                booking.seq,
                booking.id.clone(),
            );
        self.bookings.insert(booking.id.clone(), Arc::new(booking));
    }

    pub(crate) fn remove_booking(&mut self, id: &str) -> Option<Arc<Booking>> {
        let booking = self.bookings.remove(id)?;
        if let Some(index) = self.by_resource.get_mut(&booking.resource_id) {
            index.remove(booking.start.ts(), booking.seq);
            if index.is_empty() {
                self.by_resource.remove(&booking.resource_id);
            }
        }
        if let Some(owner) = &booking.owner_booking_id {
            if let Some(seats) = self.seats.get_mut(owner) {
                seats.retain(|seat| seat != id);
                if seats.is_empty() {
                    self.seats.remove(owner);
                }
            }
        }
        if let Some(group) = &booking.bulk_group {
            if let Some(members) = self.bulk_groups.get_mut(group) {
                members.retain(|member| member != id);
                if members.is_empty() {
                    self.bulk_groups.remove(group);
                }
            }
        }
        Some(booking)
    }

    /// Relates already stored bookings as one bulk group (bulk create `relate_bookings`).
    pub(crate) fn relate(&mut self, ids: &[String], group: &str) {
        for id in ids {
            if let Some(booking) = self.booking_mut(id) {
                booking.bulk_group = Some(group.to_owned());
            }
        }
        self.bulk_groups.insert(group.to_owned(), ids.to_vec());
    }

    /// The other bookings created in the same related bulk request as `booking`.
    pub(crate) fn siblings_of<'a>(
        &'a self,
        booking: &'a Booking,
    ) -> impl Iterator<Item = &'a Arc<Booking>> + 'a {
        booking
            .bulk_group
            .as_ref()
            .and_then(|group| self.bulk_groups.get(group))
            .into_iter()
            .flatten()
            .filter(move |id| **id != booking.id)
            .filter_map(|id| self.bookings.get(id))
    }

    /// Ids of the siblings of `id` (owned, so the caller can mutate them afterwards).
    pub(crate) fn sibling_ids(&self, id: &str) -> Vec<String> {
        self.bookings
            .get(id)
            .map(|booking| self.siblings_of(booking).map(|b| b.id.clone()).collect())
            .unwrap_or_default()
    }

    /// How many bookings `include=bulked_bookings` embeds for `booking`.
    pub(crate) fn sibling_count(&self, booking: &Booking) -> usize {
        booking
            .bulk_group
            .as_ref()
            .and_then(|group| self.bulk_groups.get(group))
            .map_or(0, |members| members.len().saturating_sub(1))
    }

    /// Seats taken in a group owner's slot at `now`: its seats that are held or completed
    /// (cancelled, declined and unpaid seats are free again). O(seats of this owner).
    pub(crate) fn seats_taken(&self, owner_id: &str, now: Timestamp) -> usize {
        self.seats
            .get(owner_id)
            .into_iter()
            .flatten()
            .filter_map(|id| self.bookings.get(id))
            .filter(|b| b.blocks_at(now) || b.state_at(now) == crate::graph::State::Completed)
            .count()
    }

    /// Every booking of `resource_id`, in start order.
    pub(crate) fn bookings_of(&self, resource_id: &str) -> impl Iterator<Item = &Arc<Booking>> {
        self.by_resource
            .get(resource_id)
            .into_iter()
            .flat_map(TimeIndex::ids)
            .filter_map(|id| self.bookings.get(id))
    }

    /// Whether a blocking booking other than `except`, or a calendar event, occupies part of
    /// `[start, end)` on `resource_id` at `now` (half-open: back to back is free). Candidates
    /// come from the resource's time index, O(log n + k) in its own bookings and events.
    /// "Blocking" is [`crate::graph::blocks`], exactly as for availability, group seats
    /// included (a new seat itself is never checked: it sits inside its owner's slot).
    pub(crate) fn slot_taken(
        &self,
        resource_id: &str,
        start: Timestamp,
        end: Timestamp,
        except: Option<&str>,
        now: Timestamp,
    ) -> bool {
        self.by_resource
            .get(resource_id)
            .into_iter()
            .flat_map(move |index| index.candidates(start, end))
            .any(|id| {
                if let Some(other) = self.bookings.get(id) {
                    except != Some(id) && other.overlaps(start, end) && other.blocks_at(now)
                } else if let Some(event) = self.events.get(id) {
                    event.overlaps(start, end) && event.blocks()
                } else {
                    false
                }
            })
    }

    /// Every booking overlapping `[from, to)`, of any resource (removed ones' too), found
    /// through the time indexes: O(resources · log n + k), not a scan of every booking.
    pub(crate) fn bookings_between(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> impl Iterator<Item = &Arc<Booking>> {
        self.by_resource
            .values()
            .flat_map(move |index| index.candidates(from, to))
            .filter_map(|id| self.bookings.get(id))
            .filter(move |booking| booking.overlaps(from, to))
    }

    /// Every calendar event of `resource_id`, in start order (same index as its bookings).
    pub(crate) fn events_of(&self, resource_id: &str) -> impl Iterator<Item = &Arc<Event>> {
        self.by_resource
            .get(resource_id)
            .into_iter()
            .flat_map(TimeIndex::ids)
            .filter_map(|id| self.events.get(id))
    }

    /// A calendar by id: one made with `POST /calendars`, or a resource's "Bookings"
    /// calendar (found by a scan of the resources: calendars are looked up rarely).
    pub(crate) fn calendar(&self, id: &str) -> Option<std::borrow::Cow<'_, Calendar>> {
        if let Some(calendar) = self.calendars.get(id) {
            return Some(std::borrow::Cow::Borrowed(&**calendar));
        }
        self.resources
            .values()
            .find(|resource| resource.calendar_id == id)
            .map(|resource| std::borrow::Cow::Owned(Calendar::of_resource(resource)))
    }

    pub(crate) fn insert_calendar(&mut self, mut calendar: Calendar) {
        calendar.seq = self.take_seq();
        self.calendars
            .insert(calendar.id.clone(), Arc::new(calendar));
    }

    /// Stores an event and indexes it as busy time of its resource.
    pub(crate) fn insert_event(&mut self, mut event: Event) {
        if event.seq == 0 {
            event.seq = self.take_seq();
        }
        self.index_event(event);
    }

    /// Stores an event with its `seq` as it is, indexing it.
    fn index_event(&mut self, event: Event) {
        self.by_resource
            .entry(event.resource_id.clone())
            .or_default()
            .insert(
                event.start.ts(),
                event.end.ts(),
                event.seq,
                event.id.clone(),
            );
        self.events.insert(event.id.clone(), Arc::new(event));
    }

    pub(crate) fn remove_event(&mut self, id: &str) -> Option<Arc<Event>> {
        let event = self.events.remove(id)?;
        if let Some(index) = self.by_resource.get_mut(&event.resource_id) {
            index.remove(event.start.ts(), event.seq);
            if index.is_empty() {
                self.by_resource.remove(&event.resource_id);
            }
        }
        Some(event)
    }

    /// Removes a calendar made with `POST /calendars` and its events.
    pub(crate) fn remove_calendar(&mut self, id: &str) -> bool {
        if self.calendars.remove(id).is_none() {
            return false;
        }
        let events: Vec<String> = self
            .events
            .values()
            .filter(|event| event.calendar_id == id)
            .map(|event| event.id.clone())
            .collect();
        for event in events {
            self.remove_event(&event);
        }
        true
    }

    /// Whether this write touched bookings webhooks may be waiting for.
    pub(crate) fn has_webhook_candidates(&self) -> bool {
        !self.touched.is_empty()
    }

    /// The deliveries this write caused: for every booking it touched, each state the
    /// booking entered (its new log entries; its current state when inserted without any)
    /// matched against the registered webhooks. The body is the booking as
    /// `GET /bookings/{id}` answers its `data`. Forgets the touched bookings.
    pub(crate) fn take_webhook_jobs(&mut self, now: Timestamp) -> Vec<Job> {
        let touched = std::mem::take(&mut self.touched);
        let mut jobs = Vec::new();
        for (id, before) in touched {
            let Some(booking) = self.bookings.get(&id) else {
                continue;
            };
            let entered: Vec<&str> = match before {
                None if booking.logs.is_empty() => vec![booking.state.name()],
                before => booking
                    .logs
                    .iter()
                    .skip(before.unwrap_or(0))
                    .map(|entry| entry.to_state)
                    .collect(),
            };
            let graph = booking.graph.name();
            let mut body = None;
            for state in entered {
                for webhook in self
                    .webhooks
                    .iter()
                    .filter(|webhook| webhook.graph == graph && webhook.state == state)
                {
                    let body = body
                        .get_or_insert_with(|| {
                            let snapshot = self.snapshot(booking, BookingIncludes::default(), now);
                            serde_json::to_vec(&snapshot)
                                .map(Bytes::from)
                                .unwrap_or_default()
                        })
                        .clone();
                    jobs.push(Job {
                        webhook_id: webhook.id.clone(),
                        url: webhook.url.clone(),
                        method: if webhook.method == "PUT" {
                            http::Method::PUT
                        } else {
                            http::Method::POST
                        },
                        booking_id: id.clone(),
                        state: state.to_owned(),
                        body,
                    });
                }
            }
        }
        jobs
    }

    /// Applies the clock-driven transitions due for one booking and its related bulk
    /// siblings (they are shown with `include=bulked_bookings` and take replicated actions,
    /// so they must not lag behind).
    pub(crate) fn sweep_booking(&mut self, id: &str, now: Timestamp) {
        for id in std::iter::once(id.to_owned()).chain(self.sibling_ids(id)) {
            let due = self
                .bookings
                .get(&id)
                .is_some_and(|booking| booking.due_transition(now).is_some());
            // Only a due booking is copied out from under readers that still hold it.
            if due {
                if let Some(booking) = self.booking_mut(&id) {
                    booking.apply_due(now);
                }
            }
        }
    }
}
