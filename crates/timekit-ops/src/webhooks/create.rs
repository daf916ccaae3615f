//! `POST /webhooks` — register a webhook.
//!
//! Confidence: body and the answer `{"meta": {"message": "… id <uuid>"}}` CONFIRMED by
//! third-party code (`timekit-api-more.md` §5.16); path, status 201 and `data` DECIDED
//! (`docs/api-decisions.md`). The output is `data` when present, otherwise a [`Webhook`]
//! known only by the id at the end of `meta.message`.

use bytes::Bytes;
use serde::Deserialize;
use serde_json::Value;
use timekit_model::{CreateWebhookRequest, Envelope, Webhook};

use crate::body::RequestBody;
use crate::response::{check_status, decode_body, with_request_id};
use crate::{BuildError, FromResponse, Operation, ResponseError};

/// Registers a webhook.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateWebhook {
    body: RequestBody<CreateWebhookRequest>,
}

impl CreateWebhook {
    /// Registers the webhook described by `request`.
    pub fn new(request: CreateWebhookRequest) -> Self {
        Self {
            body: RequestBody::Typed(request),
        }
    }

    /// Sends raw JSON (must be an object).
    pub fn from_json(body: Value) -> Self {
        Self {
            body: RequestBody::Json(body),
        }
    }
}

impl Operation for CreateWebhook {
    type Output = Webhook;
    const NAME: &'static str = "create_webhook";
    const METHOD: http::Method = http::Method::POST;
    const PATH_TEMPLATE: &'static str = "/webhooks";

    fn body(&self) -> Result<Option<Bytes>, BuildError> {
        self.body.to_bytes().map(Some)
    }
}

/// The create answer: `data`, or only `meta.message` ending with the id.
#[derive(Deserialize)]
struct Created {
    data: Option<Webhook>,
    meta: Option<Meta>,
}

#[derive(Deserialize)]
struct Meta {
    message: Option<String>,
}

impl FromResponse for Webhook {
    /// `{"data": Webhook}`; or, as the evidence shows, `{"meta": {"message": "… <id>"}}`:
    /// a [`Webhook`] with that id and nothing else. Anything else is a decode error.
    fn from_response(response: http::Response<Bytes>) -> Result<Self, ResponseError> {
        let (parts, body) = check_status(response)?.into_parts();
        let created = decode_body::<Created, Webhook>(parts.status, body.clone());
        let found = match created {
            Ok(Created {
                data: Some(webhook),
                ..
            }) => Some(webhook),
            Ok(Created {
                meta: Some(Meta {
                    message: Some(message),
                }),
                ..
            }) => message
                .split_whitespace()
                .next_back()
                .map(|id| Webhook::with_id(id.trim_end_matches('.'))),
            _ => None,
        };
        match found {
            Some(webhook) => Ok(webhook),
            // Neither: report it as the envelope that was expected.
            _ => decode_body::<Envelope<Webhook>, Webhook>(parts.status, body)
                .map(Envelope::into_data)
                .map_err(with_request_id(&parts.headers)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use serde_json::json;
    use timekit_model::{BookingState, Graph};

    fn op() -> CreateWebhook {
        CreateWebhook::new(CreateWebhookRequest::new(
            "https://example.com/hook",
            Graph::Instant,
            BookingState::Confirmed,
        ))
    }

    #[test]
    fn minimal_request() {
        let request = request(&op());
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), &*format!("{BASE}/webhooks"));
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            body_json(&op()),
            Some(
                json!({"url": "https://example.com/hook", "graph": "instant",
                        "state": "confirmed", "method": "POST"})
            )
        );
    }

    #[test]
    fn raw_json_must_be_an_object() {
        let bad = CreateWebhook::from_json(json!(["x"]));
        assert_eq!(
            bad.to_request(&base()).unwrap_err(),
            BuildError::BodyNotObject("an array")
        );
    }

    #[test]
    fn answer_with_data_decodes_the_webhook() {
        let body = json!({
            "data": {"id": ID, "url": "https://example.com/hook", "graph": "instant",
                     "state": "confirmed", "method": "POST",
                     "created_at": "2026-12-03T10:00:00+00:00"},
            "meta": {"message": format!("Webhook created with id {ID}")}
        });
        let webhook = op()
            .parse_response(response(201, &body.to_string()))
            .unwrap();
        assert_eq!(webhook.id.as_str(), ID);
        assert_eq!(webhook.url.as_deref(), Some("https://example.com/hook"));
        assert_eq!(webhook.state, Some(BookingState::Confirmed));
    }

    #[test]
    fn answer_with_only_the_message_gives_the_id() {
        for message in [
            format!("Webhook created with id {ID}"),
            format!("Webhook created with id {ID}."),
        ] {
            let body = json!({"meta": {"message": message}}).to_string();
            let webhook = op().parse_response(response(201, &body)).unwrap();
            assert_eq!(webhook, Webhook::with_id(ID));
        }
    }

    #[test]
    fn answer_with_neither_is_a_decode_error() {
        for body in [r#"{"meta": {}}"#, r#"{"meta": {"message": "  "}}"#, "{}"] {
            match op().parse_response(response(201, body)).unwrap_err() {
                ResponseError::Decode { target, .. } => assert_eq!(target, "Webhook"),
                other => panic!("{other:?}"),
            }
        }
    }

    error_contract_tests!(op());
}
