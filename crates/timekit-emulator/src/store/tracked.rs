//! Collections that remember what changed, so a `--state` file saves only that (issue 18).
//!
//! Reads go through `Deref` to the plain collection; every way to change one goes through a
//! method here that records the change. There is no `DerefMut` on [`TrackedMap`], so the
//! compiler finds any mutation that would escape the record, and a write can never change
//! memory without the state file hearing of it.

use std::collections::{HashMap, HashSet};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// Entities by id, with the ids changed (inserted, changed or removed) since the last
/// [`TrackedMap::take_changed`].
#[derive(Debug)]
pub(crate) struct TrackedMap<V> {
    map: HashMap<String, Arc<V>>,
    changed: HashSet<String>,
}

impl<V> Default for TrackedMap<V> {
    fn default() -> Self {
        Self {
            map: HashMap::new(),
            changed: HashSet::new(),
        }
    }
}

impl<V> Deref for TrackedMap<V> {
    type Target = HashMap<String, Arc<V>>;

    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<V: Clone> TrackedMap<V> {
    /// The entity to change in place (copied first only if a reader still holds it).
    pub(crate) fn make_mut(&mut self, id: &str) -> Option<&mut V> {
        let entity = self.map.get_mut(id)?;
        if !self.changed.contains(id) {
            self.changed.insert(id.to_owned());
        }
        Some(Arc::make_mut(entity))
    }
}

impl<V> TrackedMap<V> {
    /// Stores `entity` under `id`, replacing what was there.
    pub(crate) fn insert(&mut self, id: String, entity: Arc<V>) -> Option<Arc<V>> {
        self.changed.insert(id.clone());
        self.map.insert(id, entity)
    }

    /// Removes the entity stored under `id`.
    pub(crate) fn remove(&mut self, id: &str) -> Option<Arc<V>> {
        let removed = self.map.remove(id)?;
        self.changed.insert(id.to_owned());
        Some(removed)
    }

    /// The ids changed since the last call (present: inserted or changed; absent: removed).
    pub(crate) fn take_changed(&mut self) -> HashSet<String> {
        std::mem::take(&mut self.changed)
    }

    /// Forgets the changes (no state file to save them to), keeping the set's allocation:
    /// the in-memory store pays one id copy per changed entity and nothing more.
    pub(crate) fn forget_changes(&mut self) {
        self.changed.clear();
    }
}

/// A value saved whole when it changes (the app, the catalogue, the legacy parts, the
/// webhooks: small next to bookings). Borrowing it mutably counts as a change.
#[derive(Debug, Default)]
pub(crate) struct Tracked<T> {
    value: T,
    changed: bool,
}

impl<T> Tracked<T> {
    /// `value`, not yet changed.
    pub(crate) fn new(value: T) -> Self {
        Self {
            value,
            changed: false,
        }
    }

    /// Whether it was borrowed mutably since the last call.
    pub(crate) fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }
}

impl<T> Deref for Tracked<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Tracked<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.changed = true;
        &mut self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_is_recorded_once_and_taken() {
        let mut map = TrackedMap::default();
        map.insert("a".to_owned(), Arc::new(1));
        map.insert("b".to_owned(), Arc::new(2));
        assert_eq!(map.take_changed().len(), 2);
        assert!(map.take_changed().is_empty());

        *map.make_mut("a").into_iter().next().unwrap_or(&mut 0) += 10;
        assert!(map.make_mut("missing").is_none());
        map.remove("b");
        map.remove("never there");
        let changed = map.take_changed();
        assert_eq!(changed, HashSet::from(["a".to_owned(), "b".to_owned()]));
        assert_eq!(map.get("a").map(|value| **value), Some(11));
    }

    #[test]
    fn a_mutable_borrow_is_a_change_and_a_read_is_not() {
        let mut value = Tracked::new(vec![1]);
        assert_eq!(value.len(), 1);
        assert!(!value.take_changed());
        value.push(2);
        assert!(value.take_changed());
        assert!(!value.take_changed());
    }
}
