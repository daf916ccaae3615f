//! Webhook registrations (`/webhooks`, `timekit-api-more.md` §5.16; the contract is in
//! `docs/api-decisions.md`, "Webhooks (issue 19)"): Timekit sends the booking to `url` when
//! one enters `graph` + `state`, signed with the app's `webhook_secret`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::graph::{BookingState, Graph};
use crate::ids::WebhookId;
use crate::timestamp::Timestamp;

/// A webhook registration. Only `id` is always present: the documented create answer may
/// carry nothing but the id (at the end of `meta.message`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Webhook {
    /// The webhook id.
    pub id: WebhookId,
    /// Where deliveries are sent (absolute `http(s)` URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The booking graph watched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph: Option<Graph>,
    /// The booking state that triggers a delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<BookingState>,
    /// The HTTP method of deliveries (`POST` or `PUT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// When the webhook was registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// Fields this crate does not model, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Webhook {
    /// A webhook known only by its id (what a create answer without `data` tells).
    pub fn with_id(id: impl Into<WebhookId>) -> Self {
        Self {
            id: id.into(),
            url: None,
            graph: None,
            state: None,
            method: None,
            created_at: None,
            extra: Map::new(),
        }
    }
}

/// Body of `POST /webhooks`: `{"url", "graph", "state", "method"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use]
pub struct CreateWebhookRequest {
    /// Where deliveries are sent (absolute `http(s)` URL).
    pub url: String,
    /// The booking graph to watch.
    pub graph: Graph,
    /// The state that triggers a delivery.
    pub state: BookingState,
    /// The HTTP method of deliveries: `POST` (the default) or `PUT`.
    pub method: String,
    /// Fields this crate does not model, sent as given.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CreateWebhookRequest {
    /// Deliveries by `POST` to `url` whenever a booking of `graph` enters `state`.
    pub fn new(url: impl Into<String>, graph: Graph, state: BookingState) -> Self {
        Self {
            url: url.into(),
            graph,
            state,
            method: "POST".to_owned(),
            extra: Map::new(),
        }
    }

    /// Sets the delivery method (`POST` or `PUT`).
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.method = method.into();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_and_answer_round_trip() {
        let request = CreateWebhookRequest::new(
            "http://127.0.0.1:9/",
            Graph::Instant,
            BookingState::Confirmed,
        )
        .method("PUT");
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"url": "http://127.0.0.1:9/", "graph": "instant", "state": "confirmed",
                   "method": "PUT"})
        );
        let answer = json!({"id": "w-1", "url": "http://x/", "graph": "instant",
                            "state": "confirmed", "method": "POST",
                            "created_at": "2026-01-01T00:00:00+00:00", "hits": 3});
        let webhook: Webhook = serde_json::from_value(answer.clone()).unwrap();
        assert_eq!(webhook.state, Some(BookingState::Confirmed));
        assert_eq!(webhook.extra["hits"], 3);
        let mut back = serde_json::to_value(&webhook).unwrap();
        back["created_at"] = answer["created_at"].clone();
        assert_eq!(back, answer);
        let bare: Webhook = serde_json::from_value(json!({"id": "w-2"})).unwrap();
        assert_eq!(bare, Webhook::with_id("w-2"));
    }
}
