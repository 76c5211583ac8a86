//! The Rust client's schedule calls through the edge proxy, under workerd: scripts/test/edge.sh
//! builds this file for Node (`wasm-pack test --node . --features client-edge-test --test
//! rust_client_edge`) with the running proxy's address and a token it knows in
//! `WUTS_EDGE_URL` and `WUTS_EDGE_TOKEN`. Other builds leave it out.
#![cfg(all(target_arch = "wasm32", feature = "client-edge-test"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;
use wuts_status::client::{Call, Client};
use wuts_status::schedule::ScheduleBuilder;
use wuts_status::{ApiCode, TextStatus};

const URL: &str = env!("WUTS_EDGE_URL");
const TOKEN: &str = env!("WUTS_EDGE_TOKEN");

#[wasm_bindgen_test]
async fn creates_lists_reads_and_cancels_a_schedule() {
    let client = Client::builder(URL, TOKEN)
        .retry_publish(true)
        .build()
        .unwrap();
    let key = format!("rust-client-{}", js_sys::Date::now());
    let mornings = ScheduleBuilder::text(TextStatus::builder("From the Rust client").font(1))
        .weekly(&["fri", "mon"], "08:30", "Europe/Lisbon")
        .count(3);
    let created = client
        .create_schedule(&mornings, &Call::new().idempotency_key(key.clone()))
        .await
        .unwrap();
    assert_eq!(
        (created.request.as_str(), created.state.as_str()),
        ("text", "active")
    );
    assert!(created.next_run.is_some());
    assert!(created.runs.is_empty());
    assert_eq!(
        created.repeat,
        Some(
            json!({"every": "week", "weekdays": ["mon", "fri"], "time": "08:30",
                    "time_zone": "Europe/Lisbon", "count": 3})
        )
    );

    // The same key and body: the same schedule, not a second one.
    let again = client
        .create_schedule(&mornings, &Call::new().idempotency_key(key))
        .await
        .unwrap();
    assert_eq!(again.id, created.id);
    let listed = client.schedules().await.unwrap();
    assert_eq!(listed.iter().filter(|s| s.id == created.id).count(), 1);
    assert_eq!(client.schedule(&created.id).await.unwrap(), created);

    let cancelled = client.cancel_schedule(&created.id).await.unwrap();
    assert_eq!(
        (cancelled.state.as_str(), cancelled.next_run.as_deref()),
        ("cancelled", None)
    );
    let err = client.schedule("s_nosuchschedule").await.unwrap_err();
    assert_eq!(err.api_code(), Some(ApiCode::NotFound));
    assert_eq!(err.status(), 404);
}
