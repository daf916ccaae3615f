//! Rust SDK for the Timekit scheduling API v2.
