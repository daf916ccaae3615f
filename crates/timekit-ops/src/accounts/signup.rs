//! The Google and Microsoft sign-up URLs (SDK `accountGoogleSignup`, `accountMicrosoftSignup`):
//! not API calls but pages a browser is sent to —
//! `GET /accounts/{google|microsoft}/signup?Timekit-App=<app slug>&callback=<url>`. After the
//! provider's OAuth, Timekit redirects to `callback` with `email` and `token` query parameters
//! (`timekit-api-more.md` §5.12). Built here as URLs; nothing is sent.

use crate::{BaseUrl, BuildError};

/// The calendar provider of a sign-up URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignupProvider {
    /// Google (`/accounts/google/signup`).
    Google,
    /// Microsoft (`/accounts/microsoft/signup`).
    Microsoft,
}

impl SignupProvider {
    /// The path below the API base.
    pub fn path(self) -> &'static str {
        match self {
            SignupProvider::Google => "/accounts/google/signup",
            SignupProvider::Microsoft => "/accounts/microsoft/signup",
        }
    }
}

impl BaseUrl {
    /// The URL to send a browser to for connecting a Google account to app `app` (its slug);
    /// Timekit redirects to `callback` afterwards when given.
    ///
    /// # Errors
    /// [`BuildError::InvalidRequest`] if the result is not a valid URI (query values are
    /// percent-encoded, so it always is).
    pub fn google_signup_url(
        &self,
        app: &str,
        callback: Option<&str>,
    ) -> Result<http::Uri, BuildError> {
        self.signup_url(SignupProvider::Google, app, callback)
    }

    /// The same for a Microsoft account.
    ///
    /// # Errors
    /// As [`BaseUrl::google_signup_url`].
    pub fn microsoft_signup_url(
        &self,
        app: &str,
        callback: Option<&str>,
    ) -> Result<http::Uri, BuildError> {
        self.signup_url(SignupProvider::Microsoft, app, callback)
    }

    /// The sign-up URL of `provider`: `?Timekit-App=<app>[&callback=<url>]`, as the SDK builds
    /// it, but with the values percent-encoded (the SDK pastes them raw).
    ///
    /// # Errors
    /// As [`BaseUrl::google_signup_url`].
    pub fn signup_url(
        &self,
        provider: SignupProvider,
        app: &str,
        callback: Option<&str>,
    ) -> Result<http::Uri, BuildError> {
        let mut query = vec![("Timekit-App", app.to_owned())];
        if let Some(callback) = callback {
            query.push(("callback", callback.to_owned()));
        }
        self.join(provider.path(), &query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_and_microsoft_urls() {
        let base = BaseUrl::default();
        assert_eq!(
            base.google_signup_url("my-app", None).unwrap(),
            "https://api.timekit.io/v2/accounts/google/signup?Timekit-App=my-app"
        );
        assert_eq!(
            base.microsoft_signup_url("my-app", Some("https://example.com/cb?x=1&y=2"))
                .unwrap(),
            "https://api.timekit.io/v2/accounts/microsoft/signup?Timekit-App=my-app\
             &callback=https:%2F%2Fexample.com%2Fcb%3Fx%3D1%26y%3D2"
        );
    }

    #[test]
    fn an_app_slug_cannot_add_parameters() {
        let url = BaseUrl::default()
            .google_signup_url("a&callback=https://evil.example", None)
            .unwrap();
        assert_eq!(
            url.query(),
            Some("Timekit-App=a%26callback%3Dhttps:%2F%2Fevil.example")
        );
    }
}
