//! Webhooks end to end (issue 19): the SDK registers a webhook on the emulator, a booking is
//! confirmed through the SDK, and a receiver on loopback gets exactly one delivery that
//! `timekit::webhook::verify` accepts with the app's secret (and refuses with another); a
//! receiver that is down gets retries, then the delivery is dropped, while the API answers as
//! usual.
// Test support: a failed setup must fail the test loudly.
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use timekit::model::{BookingAction, BookingState, CreateWebhookRequest, Graph};
use timekit::ops::{CreateWebhook, DeleteWebhook, ListWebhooks};
use timekit::webhook::{SIGNATURE_HEADER, WebhookError, verify};
use timekit_emulator::DeliveryOutcome;
use timekit_tests::{TestBed, booking, emulator_builder};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// One delivery as the receiver saw it: the signature header and the raw body.
struct Delivery {
    signature: Option<String>,
    body: Vec<u8>,
}

/// A minimal HTTP/1.1 receiver on 127.0.0.1 that answers every request 200 and hands the
/// signature and raw body to the test. Returns its URL and the deliveries' channel.
async fn receiver() -> (String, mpsc::UnboundedReceiver<Delivery>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let (sender, deliveries) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let mut raw = Vec::new();
                let mut chunk = [0_u8; 4096];
                let (head_end, length) = loop {
                    let read = stream.read(&mut chunk).await.unwrap_or(0);
                    if read == 0 {
                        return;
                    }
                    raw.extend_from_slice(&chunk[..read]);
                    if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
                        let length = head
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|value| value.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        break (end + 4, length);
                    }
                };
                while raw.len() < head_end + length {
                    let read = stream.read(&mut chunk).await.unwrap_or(0);
                    if read == 0 {
                        return;
                    }
                    raw.extend_from_slice(&chunk[..read]);
                }
                let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
                let signature = head.lines().find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case(SIGNATURE_HEADER)
                        .then(|| value.trim().to_owned())
                });
                let body = raw[head_end..head_end + length].to_vec();
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .await;
                let _ = sender.send(Delivery { signature, body });
            });
        }
    });
    (url, deliveries)
}

#[tokio::test]
async fn a_confirmed_booking_is_delivered_once_signed_with_the_apps_secret() {
    let bed = TestBed::start().await;
    let room = bed.resource("Room 1", "Europe/Berlin").await;
    let (url, mut deliveries) = receiver().await;
    let secret = bed
        .client
        .get_app()
        .await
        .unwrap()
        .webhook_secret
        .expect("the app carries its webhook secret");

    let webhook = bed
        .client
        .call(CreateWebhook::new(CreateWebhookRequest::new(
            url.clone(),
            Graph::ConfirmDecline,
            BookingState::Confirmed,
        )))
        .await
        .unwrap();
    let listed = bed.client.call(ListWebhooks::new()).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, webhook.id);

    let created = bed
        .client
        .create_booking(booking(
            room.id.as_str(),
            Graph::ConfirmDecline,
            "2030-01-08T10:00:00+01:00",
            "2030-01-08T11:00:00+01:00",
            "Jane Roe",
        ))
        .await
        .unwrap();
    // Tentative is not the registered state: nothing is sent for the create.
    bed.client
        .apply_booking_action(&created.id, BookingAction::Confirm)
        .await
        .unwrap();

    let delivery = tokio::time::timeout(Duration::from_secs(10), deliveries.recv())
        .await
        .expect("a delivery arrives")
        .expect("the receiver runs");
    let booking = verify(
        secret.as_bytes(),
        delivery.signature.as_deref(),
        &delivery.body,
    )
    .expect("the delivery verifies with the app's secret");
    assert_eq!(booking.id, created.id);
    assert_eq!(booking.state, BookingState::Confirmed);
    // Another secret, or no signature at all, is refused.
    assert!(matches!(
        verify(
            b"not the secret",
            delivery.signature.as_deref(),
            &delivery.body
        ),
        Err(WebhookError::BadSignature)
    ));
    assert!(matches!(
        verify(secret.as_bytes(), None, &delivery.body),
        Err(WebhookError::MissingSignature)
    ));
    // Exactly one delivery.
    assert!(
        tokio::time::timeout(Duration::from_millis(300), deliveries.recv())
            .await
            .is_err()
    );

    bed.client
        .call(DeleteWebhook::new(webhook.id.as_str()))
        .await
        .unwrap();
    assert!(
        bed.client
            .call(ListWebhooks::new())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_receiver_that_is_down_gets_retries_then_the_delivery_is_dropped() {
    let bed =
        TestBed::start_with(emulator_builder().webhook_retry_base(Duration::from_millis(20))).await;
    let room = bed.resource("Room 1", "Europe/Berlin").await;
    // A port nothing listens on.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    bed.client
        .call(CreateWebhook::new(CreateWebhookRequest::new(
            format!("http://{closed}/hooks"),
            Graph::Instant,
            BookingState::Confirmed,
        )))
        .await
        .unwrap();
    let started = Instant::now();
    let created = bed
        .client
        .create_booking(booking(
            room.id.as_str(),
            Graph::Instant,
            "2030-01-08T10:00:00+01:00",
            "2030-01-08T11:00:00+01:00",
            "Ben Okafor",
        ))
        .await
        .unwrap();
    // The API answered without waiting for the receiver, and keeps answering.
    assert!(started.elapsed() < Duration::from_secs(2));
    bed.client.get_booking(&created.id).await.unwrap();

    let deadline = Instant::now() + Duration::from_secs(10);
    let attempts = loop {
        let attempts = bed.emulator.webhook_deliveries();
        if attempts
            .iter()
            .any(|attempt| attempt.outcome == DeliveryOutcome::Dropped)
            || Instant::now() > deadline
        {
            break attempts;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let outcomes: Vec<(u32, DeliveryOutcome)> = attempts
        .iter()
        .filter(|attempt| attempt.booking_id == created.id.as_str())
        .map(|attempt| (attempt.attempt, attempt.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            (1, DeliveryOutcome::Retrying),
            (2, DeliveryOutcome::Retrying),
            (3, DeliveryOutcome::Retrying),
            (4, DeliveryOutcome::Dropped),
        ]
    );
    assert!(attempts.iter().all(|attempt| attempt.status.is_none()));
}
