//! Minimal hyper servers that answer every request with one fixed response: the
//! "physical limit" the SDK and the emulator are compared with.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::runtime::Handle;
use tokio::task::JoinHandle;

/// A running fixed-response server. Dropping it stops accepting; open connections end when
/// their clients close them.
#[derive(Debug)]
pub struct FixedServer {
    addr: SocketAddr,
    accept_loop: JoinHandle<()>,
}

impl FixedServer {
    /// Starts a server on `127.0.0.1:0` in `runtime` that answers `200` with `body` and
    /// `content_type` to any request, HTTP/1.1 keep-alive, `TCP_NODELAY` on.
    ///
    /// # Errors
    /// When the socket cannot be bound.
    pub fn start(
        runtime: &Handle,
        body: Bytes,
        content_type: &'static str,
    ) -> std::io::Result<Self> {
        // Bound synchronously so the address is known at once and no runtime has to be
        // entered here (this is called from inside the client runtime).
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let content_type = HeaderValue::from_static(content_type);
        let accept_loop = runtime.spawn(async move {
            if let Ok(listener) = TcpListener::from_std(listener) {
                accept(listener, body, content_type).await;
            }
        });
        Ok(FixedServer { addr, accept_loop })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for FixedServer {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

async fn accept(listener: TcpListener, body: Bytes, content_type: HeaderValue) {
    loop {
        let Ok((stream, _peer)) = listener.accept().await else {
            // Out of descriptors or similar: the measuring client will report the failure.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let body = body.clone();
        let content_type = content_type.clone();
        let service = service_fn(move |_request| {
            let mut response = http::Response::new(Full::new(body.clone()));
            response
                .headers_mut()
                .insert(CONTENT_TYPE, content_type.clone());
            async move { Ok::<_, Infallible>(response) }
        });
        tokio::spawn(async move {
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw_client::RawClient;

    #[test]
    fn answers_every_request_with_the_fixed_body() {
        let server_runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let client_runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = FixedServer::start(
            server_runtime.handle(),
            Bytes::from_static(b"{\"a\":1}"),
            "application/json",
        )
        .unwrap();
        let client = RawClient::new(4, None);
        for path in ["/", "/v2/bookings/x?include=customers"] {
            let uri: http::Uri = format!("{}{path}", server.base_url()).parse().unwrap();
            let body = client_runtime.block_on(client.get(&uri)).unwrap();
            assert_eq!(body, Bytes::from_static(b"{\"a\":1}"));
        }
        drop(server);
    }
}
