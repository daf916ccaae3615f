//! The state file's tables and its format version.
//!
//! The version lives where SQLite keeps an application's own: `PRAGMA application_id` marks
//! the file as an emulator state file, `PRAGMA user_version` is the format. A newer format is
//! refused rather than misread; a file of another application is never written to.

use rusqlite::Connection;

/// The format this emulator writes and reads. Bump it when the stored form of an entity
/// changes in a way an older reader would misread, and read the older formats on open.
pub(crate) const FORMAT_VERSION: i64 = 1;

/// `application_id` of a state file: "TkEm".
const APPLICATION_ID: i64 = 0x546b_456d;

const TABLES: &str = "
    CREATE TABLE entities (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (kind, id)
    );
    CREATE TABLE parts (name TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL);
    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
    INSERT INTO meta (key, value) VALUES ('writes', 0), ('next_seq', 0);
";

/// A counter of the `meta` table (`writes`, `next_seq`).
pub(crate) fn meta_value(connection: &Connection, key: &str) -> rusqlite::Result<u64> {
    let value: i64 =
        connection.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
            row.get(0)
        })?;
    Ok(u64::try_from(value).unwrap_or(0))
}

/// Why a file cannot be prepared.
#[derive(Debug)]
pub(crate) enum Problem {
    Sqlite(rusqlite::Error),
    Format(String),
}

impl From<rusqlite::Error> for Problem {
    fn from(error: rusqlite::Error) -> Self {
        Problem::Sqlite(error)
    }
}

/// Sets the connection up (write-ahead log, durable against a killed process) and creates
/// the tables in a new file, or checks an existing file's format.
pub(crate) fn prepare(connection: &Connection) -> Result<(), Problem> {
    // One emulator per file: two would each keep their own store in memory and interleave
    // their writes in the file. In exclusive locking mode the lock taken here is held until
    // the connection closes (the OS drops it with a killed process), so a second emulator is
    // refused at once; the price is that other programs can read the file only while the
    // emulator is stopped. Set before the first access, it also keeps the log's index in
    // memory (no `-shm` file).
    connection.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    // Wait a moment for a lock still held by an emulator of this process that is shutting
    // down, not rusqlite's 5 s: another running emulator holds it for good.
    connection.busy_timeout(std::time::Duration::from_secs(1))?;
    if let Err(error) = connection.execute_batch("BEGIN EXCLUSIVE; COMMIT;") {
        if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
            return Err(Problem::Format(
                "in use by another process (another emulator?); stop it or give another path"
                    .to_owned(),
            ));
        }
        return Err(error.into());
    }
    let application: i64 =
        connection.pragma_query_value(None, "application_id", |row| row.get(0))?;
    let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let objects: i64 =
        connection.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
    let fresh = application == 0 && version == 0 && objects == 0;
    if !fresh && application != APPLICATION_ID {
        return Err(Problem::Format(
            "not a timekit-emulator state file (another SQLite database?); give another path"
                .to_owned(),
        ));
    }
    if version > FORMAT_VERSION {
        return Err(Problem::Format(format!(
            "written in state format {version} by a newer emulator; this one reads up to \
             format {FORMAT_VERSION}"
        )));
    }
    if !fresh && version < 1 {
        return Err(Problem::Format(format!(
            "state format {version} is not one this emulator wrote"
        )));
    }
    let mode: String =
        connection.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Problem::Format(format!(
            "SQLite would not use a write-ahead log here (journal mode {mode})"
        )));
    }
    // In WAL mode, NORMAL makes a commit durable against the process being killed (the log
    // is written before COMMIT returns); only a power cut can lose the newest commits.
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    // Truncate the log when it is restarted, so bytes after its last valid frame are always
    // a torn or damaged write (see recovery.rs), never an older generation of frames.
    connection.pragma_update(None, "journal_size_limit", 0)?;
    // Checkpoints (which fsync) every ~40 MB of log instead of SQLite's ~4 MB: a booking
    // write adds three or four pages, so the default would fsync every ~250 writes.
    connection.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    if fresh {
        connection.execute_batch(&format!(
            "BEGIN; {TABLES} PRAGMA application_id = {APPLICATION_ID}; \
             PRAGMA user_version = {FORMAT_VERSION}; COMMIT;"
        ))?;
    }
    Ok(())
}
