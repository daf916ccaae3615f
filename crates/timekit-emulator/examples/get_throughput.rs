//! Throughput smoke check: `GET /bookings/{id}` on the emulator vs a hello-world hyper server
//! answering a body of the same size, both over loopback with 64 keep-alive connections.
//!
//! `cargo run --release -p timekit-emulator --example get_throughput [seconds] [connections]`
//!
//! Client and servers share the process and the cores, so only the ratio means something.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Empty, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use jiff::SignedDuration;
use timekit_emulator::{Emulator, EmulatorClock};
use tokio::net::{TcpListener, TcpStream};

async fn hello_server(body: Bytes) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            stream.set_nodelay(true).unwrap();
            let body = body.clone();
            tokio::spawn(async move {
                let service = service_fn(move |_request: Request<hyper::body::Incoming>| {
                    let body = body.clone();
                    async move {
                        let mut response = Response::new(Full::new(body));
                        response
                            .headers_mut()
                            .insert("content-type", "application/json".parse().unwrap());
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// Runs `connections` keep-alive clients hammering `uri` for `duration`; returns requests/s.
async fn load(
    addr: SocketAddr,
    uri: String,
    auth: String,
    connections: usize,
    duration: Duration,
) -> f64 {
    let count = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (count, stop, uri, auth) = (count.clone(), stop.clone(), uri.clone(), auth.clone());
        tasks.push(tokio::spawn(async move {
            let stream = TcpStream::connect(addr).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream))
                    .await
                    .unwrap();
            tokio::spawn(connection);
            while !stop.load(Ordering::Relaxed) {
                let request = Request::get(&uri)
                    .header("host", addr.to_string())
                    .header("authorization", &auth)
                    .body(Empty::<Bytes>::new())
                    .unwrap();
                let response = sender.send_request(request).await.unwrap();
                assert!(response.status().is_success(), "{}", response.status());
                response.into_body().collect().await.unwrap();
                count.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let done = count.load(Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    for task in tasks {
        task.await.unwrap();
    }
    done as f64 / elapsed
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().map_or(3, |a| a.parse().unwrap());
    let connections: usize = args.next().map_or(64, |a| a.parse().unwrap());
    let duration = Duration::from_secs(seconds);

    let clock = EmulatorClock::fixed("2030-01-01T09:00:00Z".parse().unwrap());
    let emulator = Emulator::builder().clock(clock).start().await.unwrap();
    let resource = emulator
        .seed_resource("Bench room", "Europe/Berlin")
        .unwrap();
    let ids = emulator
        .seed_bookings(
            &resource,
            1000,
            "2030-02-01T08:00:00Z".parse().unwrap(),
            SignedDuration::from_mins(30),
        )
        .unwrap();
    let id = &ids[500];
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!(":{}", emulator.api_key()))
    );
    let path = format!("/v2/bookings/{id}");
    let sample = {
        let stream = TcpStream::connect(emulator.addr()).await.unwrap();
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .unwrap();
        tokio::spawn(connection);
        let request = Request::get(&path)
            .header("host", emulator.addr().to_string())
            .header("authorization", &auth)
            .body(Empty::<Bytes>::new())
            .unwrap();
        sender
            .send_request(request)
            .await
            .unwrap()
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
    };
    let hello = hello_server(sample.clone()).await;
    println!(
        "body: {} bytes, {connections} connections, 3 rounds of {seconds} s each",
        sample.len()
    );

    // Alternate the two a few times and keep each one's best round: the machine is shared,
    // so single rounds are noisy.
    let (mut baseline, mut emulated) = (0f64, 0f64);
    for _ in 0..3 {
        baseline =
            baseline.max(load(hello, "/".to_owned(), auth.clone(), connections, duration).await);
        emulated = emulated.max(
            load(
                emulator.addr(),
                path.clone(),
                auth.clone(),
                connections,
                duration,
            )
            .await,
        );
    }
    println!("hello-world hyper : {baseline:>10.0} req/s");
    println!("emulator GET by id: {emulated:>10.0} req/s");
    println!("ratio             : {:>10.2}", emulated / baseline);
    emulator.shutdown().await;
}
