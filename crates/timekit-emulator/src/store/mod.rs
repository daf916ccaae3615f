//! The in-memory store: the app, its resources and bookings, and the invite directory.
//!
//! The server keeps one `Store` behind a `RwLock`; every request's reads or mutation happen
//! under one lock acquisition, so concurrent requests never lose updates.

mod app;
mod booking;
mod resource;
mod view;

use std::collections::HashMap;

use jiff::Timestamp;

pub(crate) use app::App;
pub(crate) use booking::Booking;
pub(crate) use resource::Resource;
pub(crate) use view::{AppView, BookingIncludes, BookingView, ResourceIncludes, ResourceView};

/// Everything the emulator remembers.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) app: App,
    /// Lower-cased e-mail → e-mail as seeded: people `POST /app/invite` can add.
    directory: HashMap<String, String>,
    pub(crate) resources: HashMap<String, Resource>,
    /// Lower-cased e-mail → resource id (e-mails are unique per app).
    resource_emails: HashMap<String, String>,
    pub(crate) bookings: HashMap<String, Booking>,
    /// Bulk group id → ids of the related bookings created together.
    bulk_groups: HashMap<String, Vec<String>>,
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
            bulk_groups: HashMap::new(),
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
        self.resources.get(id)
    }

    pub(crate) fn insert_resource(&mut self, mut resource: Resource) {
        resource.seq = self.take_seq();
        if let Some(email) = &resource.email {
            self.resource_emails
                .insert(email.to_lowercase(), resource.id.clone());
        }
        self.resources.insert(resource.id.clone(), resource);
    }

    /// Removes a resource; its bookings stay (timekit-api.md §4.7 decision).
    pub(crate) fn remove_resource(&mut self, id: &str) -> bool {
        let Some(resource) = self.resources.remove(id) else {
            return false;
        };
        if let Some(email) = resource.email {
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
        self.bookings.insert(booking.id.clone(), booking);
    }

    pub(crate) fn remove_booking(&mut self, id: &str) -> Option<Booking> {
        let booking = self.bookings.remove(id)?;
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
            if let Some(booking) = self.bookings.get_mut(id) {
                booking.bulk_group = Some(group.to_owned());
            }
        }
        self.bulk_groups.insert(group.to_owned(), ids.to_vec());
    }

    /// The other bookings created in the same related bulk request as `booking`.
    pub(crate) fn siblings_of<'a>(
        &'a self,
        booking: &'a Booking,
    ) -> impl Iterator<Item = &'a Booking> + 'a {
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

    /// Seats taken in a group owner's slot at `now`: its seats that are held or completed
    /// (cancelled, declined and unpaid seats are free again).
    pub(crate) fn seats_taken(&self, owner_id: &str, now: Timestamp) -> usize {
        self.bookings
            .values()
            .filter(|b| b.owner_booking_id.as_deref() == Some(owner_id))
            .filter(|b| b.blocks_at(now) || b.state_at(now) == crate::graph::State::Completed)
            .count()
    }

    /// Whether a blocking booking other than `except` occupies part of `[start, end)` on
    /// `resource_id` at `now` (half-open: back to back is free). Group seats never count:
    /// they sit inside their owner's slot, which is what blocks.
    pub(crate) fn slot_taken(
        &self,
        resource_id: &str,
        start: Timestamp,
        end: Timestamp,
        except: Option<&str>,
        now: Timestamp,
    ) -> bool {
        self.bookings.values().any(|other| {
            other.resource_id == resource_id
                && except != Some(other.id.as_str())
                && !other.graph.is_group_seat()
                && other.overlaps(start, end)
                && other.blocks_at(now)
        })
    }

    /// Applies the clock-driven transitions due for one booking and its related bulk
    /// siblings (they are shown with `include=bulked_bookings` and take replicated actions,
    /// so they must not lag behind).
    pub(crate) fn sweep_booking(&mut self, id: &str, now: Timestamp) {
        if let Some(booking) = self.bookings.get_mut(id) {
            booking.apply_due(now);
        }
        for sibling_id in self.sibling_ids(id) {
            if let Some(sibling) = self.bookings.get_mut(&sibling_id) {
                sibling.apply_due(now);
            }
        }
    }

    /// Whether [`Store::sweep_booking`] would change anything (checked under a read lock).
    pub(crate) fn due_around(&self, id: &str, now: Timestamp) -> bool {
        self.bookings.get(id).is_some_and(|booking| {
            booking.due_transition(now).is_some()
                || self
                    .siblings_of(booking)
                    .any(|sibling| sibling.due_transition(now).is_some())
        })
    }

    /// Applies the clock-driven transitions due for every booking.
    pub(crate) fn sweep_all(&mut self, now: Timestamp) {
        for booking in self.bookings.values_mut() {
            booking.apply_due(now);
        }
    }

    /// Whether some booking has a clock-driven transition due (checked under a read lock).
    pub(crate) fn any_due(&self, now: Timestamp) -> bool {
        self.bookings
            .values()
            .any(|booking| booking.due_transition(now).is_some())
    }
}
