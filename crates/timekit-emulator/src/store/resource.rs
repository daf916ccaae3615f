//! A stored resource.

use serde_json::{Map, Value};

use crate::time::Stamp;

/// One resource (a bookable person or thing) of the app.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Resource {
    pub(crate) id: String,
    pub(crate) seq: u64,
    pub(crate) name: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: Option<String>,
    pub(crate) timezone: String,
    pub(crate) image: Option<String>,
    pub(crate) tags: Option<Vec<Value>>,
    pub(crate) meta: Map<String, Value>,
    /// Raw constraint objects; the availability engine interprets them.
    pub(crate) availability_constraints: Vec<Value>,
    /// The auto-created "Bookings" calendar.
    pub(crate) calendar_id: String,
    pub(crate) created_at: Stamp,
    pub(crate) updated_at: Stamp,
}
