//! The HTTP server: accept loop, one task per connection, graceful shutdown.

pub(crate) mod auth;
mod body;
pub(crate) mod limits;
pub(crate) mod rate;
mod service;

use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::shared::Shared;
use limits::Gate;

/// How long shutdown waits for in-flight requests before cutting connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Accepts connections until `shutdown` flips to true (or its sender is dropped).
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    let gate = Gate::default();
    let limits = shared.limits;
    let mut builder = http1::Builder::new();
    // hyper starts this timer whenever it waits for a request head, so it bounds both slow
    // headers and idle keep-alive connections.
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.idle_timeout);
    loop {
        tokio::select! {
            changed = shutdown.changed() => {
                if changed.is_err() || *shutdown.borrow() {
                    break;
                }
            }
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    let Some(slot) = gate.admit(limits.max_connections) else {
                        gate.refuse(stream);
                        continue;
                    };
                    // Small request/response pairs stall on Nagle + delayed ACK without this.
                    let _ = stream.set_nodelay(true);
                    let shared = Arc::clone(&shared);
                    let service = service_fn(move |request| service::handle(Arc::clone(&shared), request));
                    let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
                    connections.spawn(async move {
                        let _slot = slot;
                        // A failed connection (client vanished, fault abort) ends only itself.
                        let _ = connection.await;
                    });
                }
                // Out of file descriptors or similar: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    connections.abort_all();
}
