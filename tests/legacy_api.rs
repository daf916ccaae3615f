//! The legacy and administrative API through the client over loopback
//! (`timekit-api-more.md` §5.7, §5.11–§5.14; `docs/api-decisions.md`, "Rest of the API
//! (issue 16)"): `POST /auth`, resource-key authentication (`ClientBuilder::resource_key`),
//! credentials, accounts, apps, e-mail templates, resource timezone and password reset.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use timekit::model::{
    AuthRequest, CreateAppRequest, CreateCredentialRequest, CreateResourceRequest,
    ResetResourcePasswordRequest, UpdateAppRequest, UpdateTemplateRequest,
};
use timekit::ops::{
    Authenticate, CreateApp, CreateCredential, DeleteApp, DeleteCredential, GetApp,
    GetEmailTemplate, GetResourceTimezone, ListAccounts, ListApps, ListCredentials,
    ListEmailTemplates, ResetResourcePassword, SyncGoogleAccount, SyncMicrosoftAccount, UpdateApp,
    UpdateEmailTemplate,
};
use timekit::{Client, Error};
use timekit_tests::{TestBed, status_code};

const EMAIL: &str = "doc@example.com";
const PASSWORD: &str = "flux-capacitor-1.21";

/// A resource with a password, and the `api_token` that `POST /auth` gives it.
async fn logged_in(bed: &TestBed) -> (String, String) {
    let resource = bed
        .client
        .create_resource(
            CreateResourceRequest::new("Doc Brown", "America/Los_Angeles")
                .email(EMAIL)
                .password(PASSWORD),
        )
        .await
        .unwrap();
    let user = bed
        .client
        .call(Authenticate::new(AuthRequest::new(EMAIL, PASSWORD)))
        .await
        .unwrap();
    assert_eq!(user.email, EMAIL);
    assert_eq!(user.id.as_deref(), Some(resource.id.as_str()));
    let token = user.token().expect("POST /auth answers an api_token");
    (resource.id.to_string(), token.to_owned())
}

/// A client that authenticates as the resource (legacy resource key).
fn as_resource(bed: &TestBed, app: &str, email: &str, token: &str) -> Client {
    Client::builder()
        .resource_key(app, email, token)
        .base_url(bed.emulator.base_url())
        .request_timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn app_slug(bed: &TestBed) -> String {
    bed.client.get_app().await.unwrap().slug
}

#[tokio::test]
async fn login_then_the_resource_key_creates_a_widget_credential() {
    let bed = TestBed::start().await;
    let (resource_id, token) = logged_in(&bed).await;
    let slug = app_slug(&bed).await;
    let doc = as_resource(&bed, &slug, EMAIL, &token);

    let credential = doc
        .call(CreateCredential::new(
            CreateCredentialRequest::widget_client_token().description("booking widget"),
        ))
        .await
        .unwrap();
    assert_eq!(credential.kind.as_deref(), Some("client-token"));
    assert_eq!(
        credential.resource_id.as_ref().map(|id| id.as_str()),
        Some(resource_id.as_str())
    );
    assert!(credential.token.as_deref().is_some_and(|t| !t.is_empty()));

    // The app key sees it among the resource's credentials.
    let page = bed
        .client
        .call(ListCredentials::new().resource(resource_id.clone()))
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].id, credential.id);

    bed.client
        .call(DeleteCredential::new(credential.id.clone()))
        .await
        .unwrap();
    let page = bed
        .client
        .call(ListCredentials::new().resource(resource_id))
        .await
        .unwrap();
    assert!(page.data.is_empty(), "{page:?}");
    let again = bed
        .client
        .call(DeleteCredential::new(credential.id))
        .await
        .unwrap_err();
    assert_eq!(status_code(&again), Some(404), "{again:?}");
}

#[tokio::test]
async fn the_resource_key_is_refused_when_wrong_or_outside_the_legacy_routes() {
    let bed = TestBed::start().await;
    let (_, token) = logged_in(&bed).await;
    let slug = app_slug(&bed).await;
    // Right key: the legacy routes answer.
    let doc = as_resource(&bed, &slug, EMAIL, &token);
    doc.call(ListApps::new()).await.unwrap();
    // Only the legacy routes take it.
    let err = doc.call(GetApp::new()).await.unwrap_err();
    assert!(matches!(err, Error::IncorrectCredentials(_)), "{err:?}");
    // A wrong token, another app or another e-mail is 401.
    for (app, email, token) in [
        (slug.as_str(), EMAIL, "not-the-token"),
        ("another-app", EMAIL, token.as_str()),
        (slug.as_str(), "marty@example.com", token.as_str()),
    ] {
        let err = as_resource(&bed, app, email, token)
            .call(ListApps::new())
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::IncorrectCredentials(_)),
            "{app} {email}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_wrong_password_is_incorrect_credentials() {
    let bed = TestBed::start().await;
    logged_in(&bed).await;
    let err = bed
        .client
        .call(Authenticate::new(AuthRequest::new(EMAIL, "wrong")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::IncorrectCredentials(_)), "{err:?}");
    assert_eq!(status_code(&err), Some(401));
    let debug = format!("{err:?}");
    assert!(!debug.contains("flux-capacitor"), "{debug}");
}

#[tokio::test]
async fn accounts_are_empty_and_syncs_sync_nothing() {
    let bed = TestBed::start().await;
    let (_, token) = logged_in(&bed).await;
    let doc = as_resource(&bed, &app_slug(&bed).await, EMAIL, &token);
    assert!(doc.call(ListAccounts::new()).await.unwrap().is_empty());
    for sync in [
        doc.call(SyncGoogleAccount::new()).await.unwrap(),
        doc.call(SyncMicrosoftAccount::new()).await.unwrap(),
    ] {
        assert_eq!(sync.and_then(|sync| sync.count), Some(0));
    }
    // The app key is accepted there too.
    assert!(
        bed.client
            .call(ListAccounts::new())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn apps_are_listed_created_updated_and_deleted() {
    let bed = TestBed::start().await;
    let (_, token) = logged_in(&bed).await;
    let slug = app_slug(&bed).await;
    let doc = as_resource(&bed, &slug, EMAIL, &token);

    let apps = doc.call(ListApps::new()).await.unwrap();
    assert!(apps.iter().any(|app| app.slug == slug), "{apps:?}");

    let created = doc
        .call(CreateApp::new(
            CreateAppRequest::new("Hill Valley Clinic").setting("disableEmail", true),
        ))
        .await
        .unwrap();
    assert!(!created.slug.is_empty());
    assert_eq!(created.name(), Some("Hill Valley Clinic"));
    let apps = doc.call(ListApps::new()).await.unwrap();
    assert_eq!(apps.len(), 2, "{apps:?}");

    // Settings of the emulator's own app show in GET /app.
    doc.call(UpdateApp::new(
        slug.clone(),
        UpdateAppRequest::new().disable_email(true),
    ))
    .await
    .unwrap();
    let app = bed.client.get_app().await.unwrap();
    assert_eq!(
        app.settings.as_ref().and_then(|s| s.get("disableEmail")),
        Some(&serde_json::Value::Bool(true)),
        "{app:?}"
    );

    doc.call(DeleteApp::new(created.slug.clone()))
        .await
        .unwrap();
    assert_eq!(doc.call(ListApps::new()).await.unwrap().len(), 1);
    let own = doc.call(DeleteApp::new(slug)).await.unwrap_err();
    assert_eq!(status_code(&own), Some(403), "{own:?}");
    let unknown = doc.call(DeleteApp::new(created.slug)).await.unwrap_err();
    assert_eq!(status_code(&unknown), Some(404), "{unknown:?}");
}

#[tokio::test]
async fn templates_are_listed_read_and_updated() {
    let bed = TestBed::start().await;
    let templates = bed.client.call(ListEmailTemplates::new()).await.unwrap();
    assert!(!templates.is_empty());
    let slug = templates[0]
        .slug
        .clone()
        .expect("seeded templates have slugs");
    let update = UpdateTemplateRequest::new().subject("Great Scott!");
    bed.client
        .call(UpdateEmailTemplate::new(slug.clone(), update))
        .await
        .unwrap();
    let read = bed.client.call(GetEmailTemplate::new(slug)).await.unwrap();
    assert_eq!(read.subject.as_deref(), Some("Great Scott!"));
    let err = bed
        .client
        .call(GetEmailTemplate::new("no_such_template"))
        .await
        .unwrap_err();
    assert_eq!(status_code(&err), Some(404), "{err:?}");
}

#[tokio::test]
async fn resource_timezone_by_email_and_password_reset() {
    let bed = TestBed::start().await;
    logged_in(&bed).await;
    let zone = bed
        .client
        .call(GetResourceTimezone::new(EMAIL))
        .await
        .unwrap();
    assert_eq!(zone.timezone, "America/Los_Angeles");
    // The suite's clock is in January: Pacific Standard Time.
    assert_eq!(zone.utc_offset_hours(), Some(-8.0));
    let err = bed
        .client
        .call(GetResourceTimezone::new("nobody@example.com"))
        .await
        .unwrap_err();
    assert_eq!(status_code(&err), Some(404), "{err:?}");

    bed.client
        .call(ResetResourcePassword::new(
            ResetResourcePasswordRequest::new(EMAIL),
        ))
        .await
        .unwrap();
    let err = bed
        .client
        .call(ResetResourcePassword::new(
            ResetResourcePasswordRequest::new("nobody@example.com"),
        ))
        .await
        .unwrap_err();
    assert_eq!(status_code(&err), Some(404), "{err:?}");
}
