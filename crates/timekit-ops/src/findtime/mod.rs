//! FindTime: the deprecated availability API (`POST /availability` replaced it), kept for
//! callers migrating from the SDK's `findTime`, `findTimeBulk` and `findTimeTeam`.

pub mod bulk;
pub mod find;
pub mod team;

pub use bulk::FindTimeBulk;
pub use find::FindTime;
pub use team::FindTimeTeam;
