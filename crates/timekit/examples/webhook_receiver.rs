//! A webhook receiver: a hyper server on 127.0.0.1 that verifies every delivery with
//! `timekit::webhook::verify` (HMAC-SHA256 of the raw body, constant time) and prints the
//! booking's id and state. Verified deliveries get 200; anything else 401, with the reason on
//! stderr — the secret is never printed.
//!
//! The secret is the app's `webhook_secret` (`timekit app get`, or `GET /app`); register the
//! receiver with `timekit webhooks create --url http://127.0.0.1:8787/ ...`.
//!
//! ```sh
//! TIMEKIT_WEBHOOK_SECRET=whsec_... cargo run -p timekit --example webhook_receiver -- 8787
//! ```

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret: Arc<[u8]> = std::env::var("TIMEKIT_WEBHOOK_SECRET")
        .map_err(|_| "set TIMEKIT_WEBHOOK_SECRET to the app's webhook_secret")?
        .into_bytes()
        .into();
    let port: u16 = std::env::args()
        .nth(1)
        .as_deref()
        .unwrap_or("8787")
        .parse()?;
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}/", listener.local_addr()?);

    loop {
        let (stream, _) = listener.accept().await?;
        let secret = secret.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| receive(secret.clone(), request));
            if let Err(err) = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("connection error: {err}");
            }
        });
    }
}

/// Reads the whole body (the signature covers the raw bytes), then verifies and decodes it.
async fn receive(
    secret: Arc<[u8]>,
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
        Ok(booking) => {
            println!("delivery: booking {} is {}", booking.id, booking.state);
            Ok(answer(StatusCode::OK, String::new()))
        }
        Err(err) => {
            eprintln!("401: {err}");
            Ok(answer(StatusCode::UNAUTHORIZED, err.to_string()))
        }
    }
}

fn answer(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = status;
    response
}
