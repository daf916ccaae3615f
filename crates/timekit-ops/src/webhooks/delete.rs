//! `DELETE /webhooks/{id}` — remove a webhook registration.
//!
//! Confidence: deletion by id CONFIRMED (`timekit-api-more.md` §5.16); path and 204 DECIDED
//! (`docs/api-decisions.md`); 200 with or without a JSON body is accepted too.

use timekit_model::WebhookId;

use crate::Operation;

/// Deletes a webhook.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct DeleteWebhook {
    id: WebhookId,
}

impl DeleteWebhook {
    /// Deletes webhook `id`.
    pub fn new(id: impl Into<WebhookId>) -> Self {
        Self { id: id.into() }
    }
}

impl Operation for DeleteWebhook {
    type Output = ();
    const NAME: &'static str = "delete_webhook";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH_TEMPLATE: &'static str = "/webhooks/{id}";

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("webhook id", self.id.as_str())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn minimal_request() {
        let request = request(&DeleteWebhook::new(ID));
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(request.uri(), &*format!("{BASE}/webhooks/{ID}"));
        assert!(request.body().is_empty());
    }

    #[test]
    fn bad_id_is_refused() {
        assert_eq!(
            refused_id_field(&DeleteWebhook::new("x/y")),
            Some("webhook id")
        );
    }

    #[test]
    fn no_content_and_ok_are_success() {
        let op = DeleteWebhook::new(ID);
        op.parse_response(response(204, "")).unwrap();
        op.parse_response(response(200, "{}")).unwrap();
    }

    error_contract_tests!(DeleteWebhook::new(ID));
}
