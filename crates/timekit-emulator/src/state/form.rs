//! How entities are written to the state file: their own serde derives, run in "storing"
//! mode.
//!
//! A few entity types double as their API answer (`Serialize` is the wire shape): there the
//! wire hides `seq` and writes stamps in the request's format. While [`storing`] runs, a
//! [`crate::time::Stamp`] is written losslessly (instant, offset, spelling) and `seq` is
//! kept (`#[serde(skip_serializing_if = "wire_only")]`), so one derive serves both without
//! a second copy of every type.

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Deserializer};

thread_local! {
    static STORING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` (serializing entities for the state file) in storing mode.
pub(crate) fn storing<R>(f: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            STORING.with(|storing| storing.set(self.0));
        }
    }
    let _reset = Reset(STORING.with(|storing| storing.replace(true)));
    f()
}

/// Whether entities are being written to the state file right now (on this thread).
pub(crate) fn is_storing() -> bool {
    STORING.with(Cell::get)
}

/// `skip_serializing_if` for fields the API never shows but the state file keeps.
pub(crate) fn wire_only<T>(_: &T) -> bool {
    !is_storing()
}

/// A name the emulator keeps as `&'static str`, spelled through this alias in entity types:
/// serde borrows a field written `&str` from its input (which a state file row cannot lend
/// for `'static`), and the alias keeps it to [`interned`].
pub(crate) type Name = &'static str;

/// Names the emulator keeps as `&'static str` (states, actions, providers, locales), read
/// back from the state file. Each distinct name is allocated once for the process, so a file
/// read many times costs nothing more; only the file's own distinct names are kept.
pub(crate) fn interned<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<&'static str, D::Error> {
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let name = String::deserialize(deserializer)?;
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    let names = names.get_or_insert_with(HashSet::new);
    if let Some(known) = names.get(name.as_str()) {
        return Ok(known);
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    names.insert(leaked);
    Ok(leaked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storing_mode_is_on_only_inside_and_nests() {
        assert!(!is_storing());
        assert!(wire_only(&1));
        storing(|| {
            assert!(is_storing());
            assert!(!wire_only(&1));
            storing(|| assert!(is_storing()));
            assert!(is_storing(), "an inner call leaves the outer mode on");
        });
        assert!(!is_storing());
    }

    #[test]
    fn a_name_is_allocated_once() -> Result<(), serde_json::Error> {
        #[derive(Deserialize)]
        struct Named {
            #[serde(deserialize_with = "interned")]
            name: &'static str,
        }
        let first: Named = serde_json::from_str(r#"{"name":"cancelled_by_owner"}"#)?;
        let second: Named = serde_json::from_str(r#"{"name":"cancelled_by_owner"}"#)?;
        assert_eq!(first.name, "cancelled_by_owner");
        assert!(std::ptr::eq(first.name, second.name));
        Ok(())
    }
}
