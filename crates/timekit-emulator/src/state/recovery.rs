//! What opening a state file recovered: how many writes it holds and how much of a torn or
//! damaged write-ahead log tail SQLite dropped.
//!
//! SQLite drops such a tail silently (its frames fail their checksums), so the size is
//! measured around it: the log's length before opening, minus the frames SQLite accepted
//! (`PRAGMA wal_checkpoint` reports them) at their documented size (a 32-byte log header,
//! then per frame a 24-byte header and one page).

use std::path::Path;

use rusqlite::Connection;

/// The log file SQLite keeps next to `path` in WAL mode.
fn wal_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

/// The log's length before opening (0 when there is none: the last stop was clean).
pub(crate) fn wal_len(path: &Path) -> u64 {
    std::fs::metadata(wal_path(path)).map_or(0, |metadata| metadata.len())
}

const WAL_HEADER: u64 = 32;
const FRAME_HEADER: u64 = 24;

/// What opening the file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Recovery {
    /// Writes the file holds (each a transaction of one emulator write).
    pub writes: u64,
    /// Bytes of the write-ahead log after its last complete write, dropped (0 normally).
    pub dropped_bytes: u64,
    /// Whether the last stop left a log behind (killed, or crashed).
    pub unclean: bool,
}

impl Recovery {
    /// Moves the accepted log into the file (and empties the log), measuring what was not
    /// accepted. Runs before anything is written, so the log is still as the last run left it.
    pub(crate) fn measure(connection: &Connection, wal_before: u64) -> rusqlite::Result<Self> {
        // PASSIVE reports the frames recovery accepted; TRUNCATE (which reports 0, having
        // emptied the log) then starts the new run with an empty log.
        let checkpoint = |mode| {
            connection.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |row| {
                row.get::<_, i64>(1)
            })
        };
        let frames = checkpoint("PASSIVE")?;
        checkpoint("TRUNCATE")?;
        let page_size: i64 = connection.pragma_query_value(None, "page_size", |row| row.get(0))?;
        let frames = u64::try_from(frames).unwrap_or(0);
        let page_size = u64::try_from(page_size).unwrap_or(0);
        let accepted = if wal_before == 0 {
            0
        } else {
            WAL_HEADER + frames * (FRAME_HEADER + page_size)
        };
        Ok(Self {
            writes: super::schema::meta_value(connection, "writes")?,
            dropped_bytes: wal_before.saturating_sub(accepted),
            unclean: wal_before > 0,
        })
    }

    /// The line the emulator logs on start when the last stop was not clean.
    pub fn message(&self, path: &Path) -> Option<String> {
        if !self.unclean {
            return None;
        }
        let path = path.display();
        let writes = self.writes;
        Some(if self.dropped_bytes == 0 {
            format!("state file {path}: recovered after an unclean stop; all {writes} writes kept")
        } else {
            format!(
                "state file {path}: recovered to its last complete write ({writes} writes kept); \
                 dropped {} bytes of a torn or damaged write at the end of its log",
                self.dropped_bytes
            )
        })
    }
}
