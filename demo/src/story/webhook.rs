//! A webhook delivery (issue 19): the practice registers a receiver for bookings that reach
//! `confirmed` in the `confirm_decline` graph, confirms Ben's session, and checks the delivery
//! that arrives with `timekit::webhook::verify` and the app's webhook secret.
//!
//! The receiver listens on this machine's loopback, so the chapter runs only when the server
//! is on loopback too (the embedded emulator, or one started by hand); a remote Timekit could
//! not reach it, and the chapter says so instead.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Response};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use timekit::Client;
use timekit::model::{BookingState, CreateWebhookRequest, Graph, WebhookId};
use timekit::ops::{CreateWebhook, DeleteWebhook};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use super::Session;
use crate::failure::{During as _, Failure};
use crate::transcript::{Transcript, fields};

/// A registered webhook and the deliveries its receiver has taken.
pub struct Hook {
    id: WebhookId,
    secret: String,
    deliveries: mpsc::UnboundedReceiver<(HeaderMap, Bytes)>,
}

/// Starts a receiver on 127.0.0.1 and registers it; `None` (and a line saying why) when the
/// server is not on loopback.
pub async fn register(
    client: &Client,
    base_url: &str,
    out: &mut Transcript,
) -> Result<Option<Hook>, Failure> {
    let local = ["://127.", "://localhost", "://[::1]"]
        .iter()
        .any(|host| base_url.contains(host));
    if !local {
        out.row(
            "create_webhook",
            "skipped",
            "the server cannot reach a receiver on this machine's loopback",
        );
        return Ok(None);
    }
    let secret = client
        .get_app()
        .await
        .during("get_app")?
        .webhook_secret
        .ok_or_else(|| Failure::unexpected("get_app", "the app has no webhook_secret"))?;
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .during("start the webhook receiver")?;
    let url = format!(
        "http://{}/",
        listener.local_addr().during("the receiver's address")?
    );
    let (sender, deliveries) = mpsc::unbounded_channel();
    tokio::spawn(serve(listener, sender));
    let webhook = client
        .call(CreateWebhook::new(CreateWebhookRequest::new(
            url.clone(),
            Graph::ConfirmDecline,
            BookingState::Confirmed,
        )))
        .await
        .during("create_webhook")?;
    out.row(
        "create_webhook",
        "registered",
        &fields(&[("confirm_decline → confirmed", 30), (&url, 0)]),
    );
    Ok(Some(Hook {
        id: webhook.id,
        secret,
        deliveries,
    }))
}

/// Waits for the delivery of the confirmation, verifies it, and removes the webhook.
pub async fn receive(
    client: &Client,
    hook: Option<Hook>,
    sessions: &[Session],
    out: &mut Transcript,
) -> Result<(), Failure> {
    let Some(mut hook) = hook else {
        return Ok(());
    };
    let (headers, body) = tokio::time::timeout(Duration::from_secs(10), hook.deliveries.recv())
        .await
        .ok()
        .flatten()
        .ok_or_else(|| Failure::unexpected("webhook delivery", "nothing arrived within 10 s"))?;
    let booking = timekit::webhook::verify_headers(hook.secret.as_bytes(), &headers, &body)
        .during("verify the webhook delivery")?;
    // The payload is the booking as `GET /bookings/{id}` answers it (no customers include).
    let who = sessions
        .iter()
        .find(|session| session.booking.id == booking.id)
        .map_or("?", |session| session.person.name);
    out.row(
        "webhook delivery",
        "verified",
        &fields(&[
            (who, 12),
            (&format!("{} · x-timekit-signature ok", booking.state), 0),
        ]),
    );
    client
        .call(DeleteWebhook::new(hook.id))
        .await
        .during("delete_webhook")?;
    out.row("delete_webhook", "deleted", "");
    Ok(())
}

/// Answers every request 200 and passes its headers and raw body on.
async fn serve(listener: TcpListener, sender: mpsc::UnboundedSender<(HeaderMap, Bytes)>) {
    while let Ok((stream, _)) = listener.accept().await {
        let sender = sender.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: http::Request<hyper::body::Incoming>| {
                let sender = sender.clone();
                async move {
                    let (parts, body) = request.into_parts();
                    if let Ok(body) = body.collect().await {
                        let _ = sender.send((parts.headers, body.to_bytes()));
                    }
                    Ok::<_, Infallible>(Response::new(Full::new(Bytes::new())))
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
