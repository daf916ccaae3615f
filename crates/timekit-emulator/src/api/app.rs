//! `GET /app` and `POST /app/invite` (alias `POST /apps/invite`).

use http::StatusCode;

use super::ApiRequest;
use super::fields::email_field;
use super::reply::{FieldErrors, Reply};
use super::resources::new_resource;
use crate::shared::Shared;
use crate::store::{AppView, ResourceIncludes, ResourceView};

/// `GET /app`: the app the key belongs to.
/// `include=app_token` adds the app's API key (help centre, "getting app token through the
/// API"); other includes are ignored.
pub(crate) fn get(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let token = request
        .query
        .get("include")
        .unwrap_or("")
        .split(',')
        .any(|name| name.trim() == "app_token");
    let store = shared.read();
    Reply::data(
        StatusCode::OK,
        &AppView {
            app: &store.app,
            test_mode: shared.test_mode,
            app_token: token.then_some(shared.api_key.as_str()),
            webhook_secret: Some(&shared.webhook_secret),
        },
    )
}

/// `POST /app/invite`: adds a person from the seeded directory to the app as a resource.
///
/// An e-mail that already belongs to a resource of the app answers that resource again
/// (Timekit re-sends the invitation); an e-mail unknown to the directory is a 404.
pub(crate) fn invite(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let mut errors = FieldErrors::default();
    let Some(email) = email_field(&request.body, "email", "email", true, &mut errors) else {
        return Reply::invalid(&errors);
    };
    let includes = ResourceIncludes::parse(request.query.get("include"));
    let now = shared.clock.now();
    let mut store = shared.write();
    if let Some(existing) = store.resource_by_email(&email) {
        return Reply::data(
            StatusCode::OK,
            &ResourceView {
                resource: existing,
                includes,
            },
        );
    }
    let Some(seeded) = store.directory_entry(&email).map(str::to_owned) else {
        return Reply::not_found("Resource");
    };
    let name = seeded.split('@').next().unwrap_or(&seeded).to_owned();
    let resource = new_resource(
        name.clone(),
        name,
        String::new(),
        Some(seeded),
        "UTC".to_owned(),
        now,
    );
    let id = resource.id.clone();
    store.insert_resource(resource);
    match store.resources.get(&id) {
        Some(resource) => Reply::data(StatusCode::OK, &ResourceView { resource, includes }),
        None => Reply::not_found("Resource"),
    }
}
