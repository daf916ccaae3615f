//! `timekit webhooks listen`: a local receiver that registers itself, verifies and prints
//! each delivery, and removes its registration when stopped.
//!
//! stdout gets one line per verified delivery: the booking as the server sent it, compact
//! JSON with control characters escaped. stderr gets the rest: where it listens, refused
//! deliveries (answered 401) and the deletion on Ctrl-C / SIGTERM. The secret is never
//! printed.

use std::convert::Infallible;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use timekit::ops::{CreateWebhook, DeleteWebhook, GetApp};
use timekit::{Client, Transport};
use timekit_model::CreateWebhookRequest;
use tokio::net::TcpListener;

use crate::cli::ListenArgs;
use crate::escape;
use crate::failure::Failure;
use crate::json_out::{self, Style};

/// Listens until Ctrl-C or SIGTERM, then deletes the registration.
///
/// # Errors
/// [`Failure`] when the port cannot be bound, the app has no webhook secret, or the
/// registration cannot be created or deleted.
pub async fn run<T: Transport + 'static>(
    client: &Client<T>,
    args: ListenArgs,
) -> Result<(), Failure> {
    let listener = TcpListener::bind(("127.0.0.1", args.port))
        .await
        .map_err(|err| {
            Failure::BadInput(format!("cannot listen on 127.0.0.1:{}: {err}", args.port))
        })?;
    let local = listener
        .local_addr()
        .map_err(|err| Failure::Transport(err.to_string()))?;
    let app = client.call(GetApp::new()).await?;
    let secret: Arc<[u8]> = app
        .webhook_secret
        .ok_or_else(|| {
            Failure::bad_answer("GET /app has no webhook_secret: deliveries cannot be verified")
        })?
        .into_bytes()
        .into();
    let url = args
        .public_url
        .unwrap_or_else(|| format!("http://{local}/"));
    let request = CreateWebhookRequest::new(
        url.as_str(),
        args.graph.as_str().into(),
        args.state.as_str().into(),
    )
    .method(args.method);
    let webhook = client.call(CreateWebhook::new(request)).await?;
    eprintln!(
        "timekit: listening on http://{local}/ as webhook {} for {url} ({} → {}); Ctrl-C to stop",
        escape::one_line_safe(webhook.id.as_str()),
        escape::one_line_safe(&args.graph),
        escape::one_line_safe(&args.state),
    );
    let served = serve(listener, secret).await;
    let deleted = client.call(DeleteWebhook::new(webhook.id.clone())).await;
    eprintln!(
        "timekit: {} webhook {}",
        if deleted.is_ok() {
            "deleted"
        } else {
            "could not delete"
        },
        escape::one_line_safe(webhook.id.as_str())
    );
    served?;
    deleted.map_err(Failure::from)
}

/// Accepts connections until Ctrl-C or SIGTERM.
async fn serve(listener: TcpListener, secret: Arc<[u8]>) -> Result<(), Failure> {
    let stop = stop_signal()?;
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => return Ok(()),
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let secret = Arc::clone(&secret);
                tokio::spawn(async move {
                    let service =
                        service_fn(move |request| receive(Arc::clone(&secret), peer, request));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        }
    }
}

/// Resolves on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
fn stop_signal() -> Result<impl std::future::Future<Output = ()>, Failure> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|err| Failure::Transport(format!("cannot watch SIGTERM: {err}")))?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// One delivery: verified over the raw body, printed, answered 200; otherwise 401.
async fn receive(
    secret: Arc<[u8]>,
    peer: SocketAddr,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) => {
            return Ok(answer(
                StatusCode::BAD_REQUEST,
                format!("unreadable body: {err}"),
            ));
        }
    };
    match timekit::webhook::verify_headers(&secret, &parts.headers, &body) {
        Ok(_booking) => {
            // The booking as sent (member order kept), on one line.
            let line = json_out::restyle(&body, Style::Compact).unwrap_or_else(|_| body.to_vec());
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(&escape::layout_safe_bytes(&line));
            let _ = out.write_all(b"\n");
            let _ = out.flush();
            Ok(answer(StatusCode::OK, String::new()))
        }
        Err(err) => {
            eprintln!("timekit: refused a delivery from {peer} (401): {err}");
            Ok(answer(StatusCode::UNAUTHORIZED, err.to_string()))
        }
    }
}

fn answer(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = status;
    response
}
