//! Issue 16's legacy and administrative routes (timekit-api-more.md §5.7, §5.11–§5.14):
//! credentials, `POST /auth`, accounts, apps, e-mail templates, and the resource extras.
//!
//! Resource-key authentication (Basic `email:token` plus `Timekit-App: <slug>`, the token
//! from `POST /auth`) is accepted besides the API key on the routes the table marks
//! `resource_key` (`/apps*`, `/accounts*`, `POST /credentials`); a handler sees the
//! authenticated resource as `ApiRequest::principal`.

use http::StatusCode;
use jiff::Timestamp;
use serde_json::{Value, json};

use super::ApiRequest;
use super::fields::{email_field, optional_object, optional_string, required_string};
use super::pagination::{Page, PageRequest};
use super::reply::{FieldErrors, Reply};
use super::search::parse_criteria;
use crate::ids::{generated_token, new_uuid};
use crate::server::auth::constant_time_eq;
use crate::shared::Shared;
use crate::store::{App, AppView, Credential, app_settings};
use crate::time::Stamp;

/// Page size of `GET /credentials` without `limit`.
const DEFAULT_LIMIT: usize = 50;
/// The credential types Timekit documents.
const CREDENTIAL_TYPES: [&str; 2] = ["client-token", "server-token"];
/// The answer to wrong `POST /auth` credentials (captured from the SDK's tests).
const AUTH_FAILED: &str = "Email and password does not match any user";
/// The most apps `POST /apps` keeps besides the emulator's own.
const MAX_APPS: usize = 100;

// ----- credentials ------------------------------------------------------------------------

/// `GET /credentials` → 200, paginated; `search` takes `resource.id` (and `type`).
pub(crate) fn list_credentials(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let query = &request.query;
    let mut errors = FieldErrors::default();
    let page = PageRequest::parse(query, DEFAULT_LIMIT, &mut errors);
    let criteria = parse_criteria(query.get("search").unwrap_or("")).unwrap_or_else(|message| {
        errors.add("search", message);
        Vec::new()
    });
    let (mut resource, mut kind) = (None, None);
    for (key, value) in &criteria {
        match *key {
            "resource.id" | "resource_id" => resource = Some(*value),
            "type" => kind = Some(*value),
            other => errors.add(
                "search",
                format!("The search field '{other}' is not searchable."),
            ),
        }
    }
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let store = shared.read();
    let mut matching: Vec<&Credential> = store
        .legacy
        .credentials
        .values()
        .filter(|credential| resource.is_none_or(|id| credential.resource_id == id))
        .filter(|credential| kind.is_none_or(|kind| credential.kind == kind))
        .collect();
    matching.sort_by_key(|credential| credential.seq);
    let total = matching.len();
    let data: Vec<&Credential> = matching[page.window(total)].to_vec();
    let url = request.collection_url(shared, "credentials");
    Reply::body(StatusCode::OK, &Page::new(&page, total, data, &url, query))
}

/// `POST /credentials` → 201 `{"data": credential}`: `type` (`client-token` or
/// `server-token`), `scopes` (a string or strings), `description`. The credential belongs to
/// the resource of a resource key, else to the body's `resource_id` (required then).
pub(crate) fn create_credential(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let mut errors = FieldErrors::default();
    let kind = required_string(body, "type", "type", &mut errors);
    if kind
        .as_deref()
        .is_some_and(|kind| !CREDENTIAL_TYPES.contains(&kind))
    {
        errors.add(
            "type",
            format!("The type must be one of {}.", CREDENTIAL_TYPES.join(", ")),
        );
    }
    let scopes = match body.get("scopes") {
        None | Some(Value::Null) => json!("widget"),
        Some(Value::String(scope)) => json!(scope),
        Some(Value::Array(items)) if items.len() <= 32 && items.iter().all(Value::is_string) => {
            Value::Array(items.clone())
        }
        Some(_) => {
            errors.add(
                "scopes",
                "The scopes must be a string or an array of strings.",
            );
            Value::Null
        }
    };
    let description = optional_string(body, "description", "description", &mut errors);
    let resource_id = match request.principal.as_deref() {
        Some(principal) => Some(principal.to_owned()),
        None => required_string(body, "resource_id", "resource_id", &mut errors),
    };
    let (Some(kind), Some(resource_id)) = (kind, resource_id) else {
        return Reply::invalid(&errors);
    };
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let now = Stamp::new(shared.clock.now());
    let mut store = shared.write();
    if !store.resources.contains_key(&resource_id) {
        return Reply::not_found("Resource");
    }
    let credential = Credential {
        id: new_uuid(),
        seq: store.take_seq(),
        kind,
        scopes,
        description,
        token: generated_token(),
        resource_id,
        created_at: now.clone(),
        updated_at: now,
    };
    let reply = Reply::data(StatusCode::CREATED, &credential);
    store
        .legacy
        .credentials
        .insert(credential.id.clone(), credential);
    reply
}

/// `DELETE /credentials/{id}` → 204.
pub(crate) fn delete_credential(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    match shared.write().legacy.credentials.remove(request.id()) {
        Some(_) => Reply::no_content(),
        None => Reply::not_found("Credential"),
    }
}

// ----- auth --------------------------------------------------------------------------------

/// `POST /auth` (no key) with `{"email", "password"}` → 200 `{"data": user}` with the
/// resource's `api_token`, made on the first success and kept until the password changes;
/// wrong credentials → 401 `{"error": {"message": …}}` (the SDK's captured answer).
pub(crate) fn authenticate(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let mut errors = FieldErrors::default();
    let email = required_string(body, "email", "email", &mut errors);
    let password = required_string(body, "password", "password", &mut errors);
    let (Some(email), Some(password)) = (email, password) else {
        return Reply::invalid(&errors);
    };
    let mut store = shared.write();
    let Some(resource) = store.resource_by_email(&email).cloned() else {
        return auth_failed();
    };
    let matches = store
        .legacy
        .passwords
        .get(&resource.id)
        .is_some_and(|stored| constant_time_eq(stored.as_bytes(), password.as_bytes()));
    if !matches {
        return auth_failed();
    }
    let token = store
        .legacy
        .tokens
        .entry(resource.id.clone())
        .or_insert_with(generated_token)
        .clone();
    Reply::data(
        StatusCode::OK,
        &json!({
            "id": resource.id,
            "first_name": resource.first_name,
            "last_name": resource.last_name,
            "name": resource.name,
            "email": resource.email,
            "image": resource.image,
            "activated": true,
            "timezone": resource.timezone,
            "last_sync": null,
            "api_token": token,
        }),
    )
}

fn auth_failed() -> Reply {
    Reply::body(
        StatusCode::UNAUTHORIZED,
        &json!({"error": {"message": AUTH_FAILED}}),
    )
}

// ----- accounts ----------------------------------------------------------------------------

/// `GET /accounts` → 200 `{"data": []}`: the emulator connects no Google or Microsoft
/// account (no OAuth).
pub(crate) fn list_accounts(_shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    Reply::data(StatusCode::OK, &[(); 0])
}

/// `POST /accounts/sync` and `POST /accounts/microsoft/sync` → 200: nothing to sync.
pub(crate) fn sync_account(_shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    Reply::data(
        StatusCode::OK,
        &json!({"description": "Synced 0 events", "count": 0}),
    )
}

// ----- apps --------------------------------------------------------------------------------

/// `GET /apps` → 200 `{"data": [apps]}`: the emulator's own app, then those made with
/// `POST /apps`, in `GET /app`'s shape.
pub(crate) fn list_apps(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    let store = shared.read();
    let views: Vec<AppView<'_>> = std::iter::once(&*store.app)
        .chain(store.legacy.apps.iter())
        .enumerate()
        .map(|(index, app)| AppView {
            app,
            test_mode: shared.test_mode,
            app_token: None,
            webhook_secret: (index == 0).then_some(shared.webhook_secret.as_str()),
        })
        .collect();
    Reply::data(StatusCode::OK, &views)
}

/// A slug made of a name: lower-case letters, digits and dashes.
fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 48 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "app".to_owned()
    } else {
        slug.to_owned()
    }
}

/// `POST /apps` with `{"name", "settings"?}` → 201 `{"data": app}`; the slug comes from the
/// name (numbered when taken).
pub(crate) fn create_app(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let mut errors = FieldErrors::default();
    let name = required_string(body, "name", "name", &mut errors);
    let settings = optional_object(body, "settings", "settings", &mut errors).cloned();
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Reply::invalid(&errors);
    };
    let now = Stamp::new(shared.clock.now());
    let mut store = shared.write();
    if store.legacy.apps.len() >= MAX_APPS {
        return Reply::error(
            StatusCode::FORBIDDEN,
            &format!("The emulator keeps at most {MAX_APPS} extra apps."),
        );
    }
    let base = slugify(&name);
    let taken =
        |slug: &str| store.app.slug == slug || store.legacy.apps.iter().any(|app| app.slug == slug);
    let mut slug = base.clone();
    let mut number = 1;
    while taken(&slug) {
        number += 1;
        slug = format!("{base}-{number}");
    }
    let mut all_settings = settings.unwrap_or_default();
    all_settings.extend(app_settings(&name));
    let app = App {
        id: new_uuid(),
        slug,
        settings: all_settings,
        created_at: now,
    };
    let reply = Reply::data(
        StatusCode::CREATED,
        &AppView {
            app: &app,
            test_mode: shared.test_mode,
            app_token: None,
            webhook_secret: None,
        },
    );
    store.legacy.apps.push(app);
    reply
}

/// `PUT /apps/{slug}` with `{"settings": {...}}` → 204: the settings are merged (shallow),
/// so `disableEmail` and the rest show in `GET /app` for the emulator's own app.
pub(crate) fn update_app(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let mut errors = FieldErrors::default();
    let settings = optional_object(&request.body, "settings", "settings", &mut errors).cloned();
    if settings
        .as_ref()
        .and_then(|settings| settings.get("name"))
        .is_some_and(|name| name.as_str().is_none_or(|name| name.trim().is_empty()))
    {
        errors.add(
            "settings.name",
            "The settings.name must be a non-empty string.",
        );
    }
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let slug = request.param("slug");
    let mut store = shared.write();
    let store = &mut *store;
    let app = if store.app.slug == slug {
        Some(&mut *store.app)
    } else {
        store.legacy.apps.iter_mut().find(|app| app.slug == slug)
    };
    let Some(app) = app else {
        return Reply::not_found("App");
    };
    app.settings.extend(settings.unwrap_or_default());
    Reply::no_content()
}

/// `DELETE /apps/{slug}` → 204 for an app made with `POST /apps`; the emulator's own app
/// → 403.
pub(crate) fn delete_app(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let slug = request.param("slug");
    let mut store = shared.write();
    if store.app.slug == slug {
        return Reply::error(
            StatusCode::FORBIDDEN,
            "The emulator's own app cannot be deleted.",
        );
    }
    let before = store.legacy.apps.len();
    store.legacy.apps.retain(|app| app.slug != slug);
    if store.legacy.apps.len() == before {
        Reply::not_found("App")
    } else {
        Reply::no_content()
    }
}

// ----- templates ---------------------------------------------------------------------------

/// `GET /templates` → 200 `{"data": [templates]}`, by slug.
pub(crate) fn list_templates(shared: &Shared, _request: &ApiRequest<'_>) -> Reply {
    let store = shared.read();
    let templates: Vec<_> = store.legacy.templates.values().collect();
    Reply::data(StatusCode::OK, &templates)
}

/// `GET /templates/{slug}` → 200 `{"data": template}`.
pub(crate) fn get_template(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let store = shared.read();
    match store.legacy.templates.get(request.param("slug")) {
        Some(template) => Reply::data(StatusCode::OK, template),
        None => Reply::not_found("Template"),
    }
}

/// `PUT /templates/{slug}` → 204: `subject`, `body`, `name` (each a non-empty string when
/// sent).
pub(crate) fn update_template(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let body = &request.body;
    let mut errors = FieldErrors::default();
    let mut fields: Vec<(&str, Option<String>)> = Vec::new();
    for key in ["subject", "body", "name"] {
        let value = optional_string(body, key, key, &mut errors);
        if value.as_deref().is_some_and(|text| text.trim().is_empty()) {
            errors.add(key, format!("The {key} field is required."));
        }
        fields.push((key, value));
    }
    if !errors.is_empty() {
        return Reply::invalid(&errors);
    }
    let now = Stamp::new(shared.clock.now());
    let mut store = shared.write();
    let Some(template) = store.legacy.templates.get_mut(request.param("slug")) else {
        return Reply::not_found("Template");
    };
    for (key, value) in fields {
        let Some(value) = value else { continue };
        match key {
            "subject" => template.subject = value,
            "body" => template.body = value,
            _ => template.name = value,
        }
    }
    template.updated_at = now;
    Reply::no_content()
}

// ----- resource extras ---------------------------------------------------------------------

/// `GET /resources/timezone/{email}` → 200 `{"data": {"timezone", "utc_offset"}}`: the
/// offset in hours at the emulator's "now" (an integer when whole).
pub(crate) fn resource_timezone(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let now: Timestamp = shared.clock.now();
    let store = shared.read();
    let Some(resource) = store.resource_by_email(request.param("email")) else {
        return Reply::not_found("Resource");
    };
    let seconds = jiff::tz::TimeZone::get(&resource.timezone)
        .map(|zone| zone.to_offset(now).seconds())
        .unwrap_or(0);
    let offset = if seconds % 3600 == 0 {
        json!(seconds / 3600)
    } else {
        json!(f64::from(seconds) / 3600.0)
    };
    Reply::data(
        StatusCode::OK,
        &json!({"timezone": resource.timezone, "utc_offset": offset}),
    )
}

/// `POST /resources/resetpassword` with `{"email"}` → 204 for a resource's e-mail (the
/// emulator sends no e-mail), 404 for an unknown one.
pub(crate) fn reset_password(shared: &Shared, request: &ApiRequest<'_>) -> Reply {
    let mut errors = FieldErrors::default();
    let Some(email) = email_field(&request.body, "email", "email", true, &mut errors) else {
        return Reply::invalid(&errors);
    };
    if shared.read().resource_by_email(&email).is_some() {
        Reply::no_content()
    } else {
        Reply::not_found("Resource")
    }
}
