//! The store to and from the `--state` file: what one write changed, and the store rebuilt
//! from what the file holds (indexes included, since they are not saved).

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{App, Booking, Calendar, Event, Resource, Store, Tracked, TrackedMap};
use crate::state::form::storing;
use crate::state::{Changes, Kind, Saved};

/// Why saved state cannot be read back.
#[derive(Debug, thiserror::Error)]
#[error("{what} in the state file does not read back: {source}")]
pub(crate) struct Unreadable {
    what: String,
    #[source]
    source: serde_json::Error,
}

fn read<T: DeserializeOwned>(what: &str, json: &str) -> Result<T, Unreadable> {
    serde_json::from_str(json).map_err(|source| Unreadable {
        what: what.to_owned(),
        source,
    })
}

fn changed_rows<V: Serialize>(
    kind: Kind,
    map: &mut TrackedMap<V>,
    into: &mut Vec<(Kind, String, Option<String>)>,
) -> serde_json::Result<()> {
    for id in map.take_changed() {
        let body = map
            .get(&id)
            .map(|entity| serde_json::to_string(&**entity))
            .transpose()?;
        into.push((kind, id, body));
    }
    Ok(())
}

/// `part` as `(name, json)` when it changed (or `all` parts are to be saved).
fn changed_part<T: Serialize>(
    name: &'static str,
    part: &mut Tracked<T>,
    all: bool,
    into: &mut Vec<(&'static str, String)>,
) -> serde_json::Result<()> {
    if part.take_changed() || all {
        into.push((name, serde_json::to_string(&**part)?));
    }
    Ok(())
}

impl Store {
    /// What this write changed, in the stored form, and forgets it.
    pub(crate) fn take_changes(&mut self) -> serde_json::Result<Changes> {
        storing(|| {
            let mut changes = Changes {
                cleared: std::mem::take(&mut self.cleared),
                ..Changes::default()
            };
            changed_rows(Kind::Resource, &mut self.resources, &mut changes.entities)?;
            changed_rows(Kind::Booking, &mut self.bookings, &mut changes.entities)?;
            changed_rows(Kind::Calendar, &mut self.calendars, &mut changes.entities)?;
            changed_rows(Kind::Event, &mut self.events, &mut changes.entities)?;
            // A reset saves every part again: the file forgot them.
            let all = changes.cleared;
            let parts = &mut changes.parts;
            changed_part("app", &mut self.app, all, parts)?;
            changed_part("catalog", &mut self.catalog, all, parts)?;
            changed_part("legacy", &mut self.legacy, all, parts)?;
            changed_part("webhooks", &mut self.webhooks, all, parts)?;
            changes.next_seq = self.next_seq;
            Ok(changes)
        })
    }

    /// Forgets what this write changed (no state file: nothing to save).
    pub(crate) fn discard_changes(&mut self) {
        self.cleared = false;
        self.resources.forget_changes();
        self.bookings.forget_changes();
        self.calendars.forget_changes();
        self.events.forget_changes();
        self.app.take_changed();
        self.catalog.take_changed();
        self.legacy.take_changed();
        self.webhooks.take_changed();
    }

    /// The store a state file holds, on top of a fresh one (`self`: the configured app and
    /// invite directory). The file's app, when saved, replaces the configured one: its
    /// settings may have been changed through the API.
    /// A new file (no parts saved yet) comes back with everything marked to save
    /// ([`Store::take_changes`]), which the caller saves before serving.
    pub(crate) fn load(mut self, saved: Saved) -> Result<Store, Unreadable> {
        for (name, body) in &saved.parts {
            match name.as_str() {
                "app" => *self.app = read::<App>("the app", body)?,
                "catalog" => *self.catalog = read("the catalogue", body)?,
                "legacy" => *self.legacy = read("the legacy part", body)?,
                "webhooks" => *self.webhooks = read("the webhooks", body)?,
                // A part a later format added: ignored by this one (the version says whether
                // it may be).
                _ => {}
            }
        }
        self.next_seq = saved.next_seq;
        for (kind, body) in saved.entities {
            match kind {
                Kind::Resource => self.index_resource(read::<Resource>("a resource", &body)?),
                Kind::Calendar => {
                    let calendar = read::<Calendar>("a calendar", &body)?;
                    self.calendars
                        .insert(calendar.id.clone(), Arc::new(calendar));
                }
                Kind::Event => self.index_event(read::<Event>("an event", &body)?),
                Kind::Booking => self.index_booking(read::<Booking>("a booking", &body)?),
            }
        }
        // Loading is not a change to save again; but a new file gets the configured app and
        // its seeded parts at once, or the next start would make them anew (another app id).
        let fresh = saved.parts.is_empty();
        self.discard_changes();
        self.cleared = fresh;
        Ok(self)
    }
}
