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
mod catalog;
mod resource;
mod snapshot;
mod time_index;
mod view;

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;

pub(crate) use app::App;
pub(crate) use booking::{Booking, Customer, LogEntry};
pub(crate) use catalog::{Catalog, Location, Project, Service};
pub(crate) use resource::Resource;
pub(crate) use snapshot::{BookingSnapshot, MAX_EMBEDDED_BOOKINGS};
use time_index::TimeIndex;
pub(crate) use view::{AppView, BookingIncludes, ResourceIncludes, ResourceView};

/// Everything the emulator remembers.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) app: App,
    /// Lower-cased e-mail → e-mail as seeded: people `POST /app/invite` can add.
    directory: HashMap<String, String>,
    pub(crate) resources: HashMap<String, Arc<Resource>>,
    /// Lower-cased e-mail → resource id (e-mails are unique per app).
    resource_emails: HashMap<String, String>,
    pub(crate) bookings: HashMap<String, Arc<Booking>>,
    /// Resource id → its bookings by start time (kept for removed resources' bookings too).
    by_resource: HashMap<String, TimeIndex>,
    /// Group owner booking id → ids of its seats.
    seats: HashMap<String, Vec<String>>,
    /// Bulk group id → ids of the related bookings created together.
    bulk_groups: HashMap<String, Vec<String>>,
    /// Projects, locations and services.
    pub(crate) catalog: Catalog,
    next_seq: u64,
}

impl Store {
    pub(crate) fn new(app: App, directory: impl IntoIterator<Item = String>) -> Self {
        Self {
            app,
            directory: directory
                .into_iter()
                .map(|email| (email.to_lowercase(), email))
                .collect(),
            resources: HashMap::new(),
            resource_emails: HashMap::new(),
            bookings: HashMap::new(),
            by_resource: HashMap::new(),
            seats: HashMap::new(),
            bulk_groups: HashMap::new(),
            catalog: Catalog::default(),
            next_seq: 0,
        }
    }

    fn take_seq(&mut self) -> u64 {
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
        self.resources.get_mut(id).map(Arc::make_mut)
    }

    /// A booking to change in place (copied first only if a reader still holds it).
    pub(crate) fn booking_mut(&mut self, id: &str) -> Option<&mut Booking> {
        self.bookings.get_mut(id).map(Arc::make_mut)
    }

    /// Puts back an earlier version of a stored booking (bulk `reset_all_on_error`). Its
    /// resource and times never change, so the indexes stay valid.
    pub(crate) fn restore_booking(&mut self, booking: Arc<Booking>) {
        if let Some(slot) = self.bookings.get_mut(&booking.id) {
            *slot = booking;
        }
    }

    pub(crate) fn insert_resource(&mut self, mut resource: Resource) {
        resource.seq = self.take_seq();
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
        true
    }

    pub(crate) fn insert_booking(&mut self, mut booking: Booking) {
        booking.seq = self.take_seq();
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

    /// The bookings of `resource_id` that may overlap `[start, end)` (a superset: callers
    /// check the exact overlap). O(log n + k) in the resource's own bookings.
    pub(crate) fn bookings_near(
        &self,
        resource_id: &str,
        start: Timestamp,
        end: Timestamp,
    ) -> impl Iterator<Item = &Arc<Booking>> + '_ {
        self.by_resource
            .get(resource_id)
            .into_iter()
            .flat_map(move |index| index.candidates(start, end))
            .filter_map(|id| self.bookings.get(id))
    }

    /// Every booking of `resource_id`, in start order.
    pub(crate) fn bookings_of(&self, resource_id: &str) -> impl Iterator<Item = &Arc<Booking>> {
        self.by_resource
            .get(resource_id)
            .into_iter()
            .flat_map(TimeIndex::ids)
            .filter_map(|id| self.bookings.get(id))
    }

    /// Whether a blocking booking other than `except` occupies part of `[start, end)` on
    /// `resource_id` at `now` (half-open: back to back is free). "Blocking" is
    /// [`crate::graph::blocks`], exactly as for availability, group seats included (a new
    /// seat itself is never checked: it sits inside its owner's slot).
    pub(crate) fn slot_taken(
        &self,
        resource_id: &str,
        start: Timestamp,
        end: Timestamp,
        except: Option<&str>,
        now: Timestamp,
    ) -> bool {
        self.bookings_near(resource_id, start, end).any(|other| {
            except != Some(other.id.as_str()) && other.overlaps(start, end) && other.blocks_at(now)
        })
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
