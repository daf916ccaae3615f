//! The `--state` file (issue 18): the store kept on disk in SQLite, so it survives restarts
//! and `kill -9`.
//!
//! Why SQLite (through rusqlite, with the bundled library) rather than a log of our own: its
//! write-ahead log already gives what the issue asks — a transaction is in the file once
//! `COMMIT` returns (`synchronous=NORMAL` in WAL mode survives a killed process; only a power
//! cut may lose the last commits), a torn or corrupt tail of the log is dropped on open by its
//! checksums, back to the last complete transaction — and the file can be opened by any
//! language's SQLite to look at, which suits an emulator meant for every language.
//!
//! One emulator write (one write lock of the store) is one transaction: the entities it
//! changed, upserted or deleted by id, and the small whole parts (app, catalogue, legacy,
//! webhooks) when touched. Derived indexes are not stored; they are rebuilt on load.

pub(crate) mod form;
mod recovery;
mod schema;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use crate::store::Store;

pub use recovery::Recovery;

/// One kind of entity saved row by row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Resource,
    Booking,
    Calendar,
    Event,
}

impl Kind {
    /// Every kind, in the order they are loaded (resources before what refers to them).
    pub(crate) const ALL: [Kind; 4] = [Kind::Resource, Kind::Calendar, Kind::Event, Kind::Booking];

    /// The kind's name in the `entities` table.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Resource => "resource",
            Kind::Booking => "booking",
            Kind::Calendar => "calendar",
            Kind::Event => "event",
        }
    }
}

/// What one write changed, ready to save: JSON in the stored form ([`form::storing`]).
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// The store was reset: forget everything saved before applying the rest.
    pub(crate) cleared: bool,
    /// Entities changed: `Some(json)` to store, `None` to delete.
    pub(crate) entities: Vec<(Kind, String, Option<String>)>,
    /// Whole parts changed (`app`, `catalog`, `legacy`, `webhooks`).
    pub(crate) parts: Vec<(&'static str, String)>,
    /// The store's sequence counter after the write (kept next to the write counter, so a
    /// write touches one page for both).
    pub(crate) next_seq: u64,
}

impl Changes {
    /// Whether there is nothing to save.
    pub(crate) fn is_empty(&self) -> bool {
        !self.cleared && self.entities.is_empty() && self.parts.is_empty()
    }
}

/// Everything read from a state file, in the stored form.
#[derive(Debug, Default)]
pub(crate) struct Saved {
    /// `(kind, json)` of every entity, kinds in [`Kind::ALL`] order.
    pub(crate) entities: Vec<(Kind, String)>,
    /// The whole parts by name.
    pub(crate) parts: Vec<(String, String)>,
    /// The store's sequence counter.
    pub(crate) next_seq: u64,
}

/// Why the state file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// SQLite refused (unreadable, damaged beyond its log, disk full …).
    #[error("state file {path}: {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The file is not an emulator state file, or of a format this emulator cannot read.
    #[error("state file {path}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

/// An open state file.
#[derive(Debug)]
pub(crate) struct StateFile {
    connection: Connection,
    path: PathBuf,
}

impl StateFile {
    /// Opens (or creates) the state file at `path`, recovering a torn tail, and reads it.
    fn open(path: &Path) -> Result<(Self, Saved, Recovery), StateError> {
        let wal_before = recovery::wal_len(path);
        let sqlite = |source| StateError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let connection = Connection::open(path).map_err(sqlite)?;
        let file = Self {
            connection,
            path: path.to_owned(),
        };
        schema::prepare(&file.connection).map_err(|problem| match problem {
            schema::Problem::Sqlite(source) => sqlite(source),
            schema::Problem::Format(reason) => StateError::Format {
                path: path.to_owned(),
                reason,
            },
        })?;
        let recovery = Recovery::measure(&file.connection, wal_before).map_err(sqlite)?;
        let saved = file.read().map_err(sqlite)?;
        Ok((file, saved, recovery))
    }

    /// Opens the file at `path` and loads it into `store` (a fresh store of the configured
    /// app). A new file is given that app and its seeded parts at once, so the next start
    /// finds the same app id. Logs the recovery line after an unclean stop.
    pub(crate) fn open_into(
        path: &Path,
        store: Store,
    ) -> Result<(Store, Self, Recovery), StateError> {
        let (mut file, saved, recovery) = Self::open(path)?;
        let unreadable = |reason: String| StateError::Format {
            path: path.to_owned(),
            reason,
        };
        let mut store = store
            .load(saved)
            .map_err(|error| unreadable(error.to_string()))?;
        if let Some(message) = recovery.message(path) {
            tracing::warn!("{message}");
        }
        let initial = store
            .take_changes()
            .map_err(|error| unreadable(format!("a change does not serialize: {error}")))?;
        if !initial.is_empty() {
            file.save(&initial)?;
        }
        Ok((store, file, recovery))
    }

    /// The file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> rusqlite::Result<Saved> {
        let mut saved = Saved::default();
        let mut entities = self
            .connection
            .prepare("SELECT body FROM entities WHERE kind = ?1")?;
        for kind in Kind::ALL {
            let rows = entities.query_map([kind.name()], |row| row.get::<_, String>(0))?;
            for body in rows {
                saved.entities.push((kind, body?));
            }
        }
        let mut parts = self.connection.prepare("SELECT name, body FROM parts")?;
        for part in parts.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))? {
            saved.parts.push(part?);
        }
        saved.next_seq = schema::meta_value(&self.connection, "next_seq")?;
        Ok(saved)
    }

    /// Saves one write's changes as one transaction: once this returns `Ok`, they survive
    /// the process being killed.
    pub(crate) fn save(&mut self, changes: &Changes) -> Result<(), StateError> {
        self.transact(changes).map_err(|source| StateError::Sqlite {
            path: self.path.clone(),
            source,
        })
    }

    fn transact(&mut self, changes: &Changes) -> rusqlite::Result<()> {
        let transaction = self.connection.transaction()?;
        if changes.cleared {
            transaction.execute("DELETE FROM entities", [])?;
            transaction.execute("DELETE FROM parts", [])?;
        }
        {
            let mut upsert = transaction.prepare_cached(
                "INSERT INTO entities (kind, id, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body",
            )?;
            let mut delete =
                transaction.prepare_cached("DELETE FROM entities WHERE kind = ?1 AND id = ?2")?;
            for (kind, id, body) in &changes.entities {
                match body {
                    Some(body) => upsert.execute(params![kind.name(), id, body])?,
                    None => delete.execute(params![kind.name(), id])?,
                };
            }
            let mut part = transaction.prepare_cached(
                "INSERT INTO parts (name, body) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET body = excluded.body",
            )?;
            for (name, body) in &changes.parts {
                part.execute(params![name, body])?;
            }
            transaction
                .prepare_cached("UPDATE meta SET value = value + 1 WHERE key = 'writes'")?
                .execute([])?;
            transaction
                .prepare_cached("UPDATE meta SET value = ?1 WHERE key = 'next_seq'")?
                .execute([i64::try_from(changes.next_seq).unwrap_or(i64::MAX)])?;
        }
        transaction.commit()
    }
}
