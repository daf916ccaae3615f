//! The app the API key belongs to.

use serde_json::{Map, Value};

use crate::time::Stamp;

/// The seeded app answered by `GET /app`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct App {
    pub(crate) id: String,
    pub(crate) slug: String,
    pub(crate) settings: Map<String, Value>,
    pub(crate) created_at: Stamp,
}
