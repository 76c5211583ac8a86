//! The Rust client's suite (feature `client`), against a real `wuts-local`, with the faults of
//! the JavaScript client's suite (`tests/client_suite/`).
//!
//! Included by `tests/rust_client_browser.rs` (headless Chrome and Firefox) and
//! `tests/rust_client_node.rs` (Node). The backend's URL comes from `WUTS_LOCAL_URL` at build
//! time, else `http://127.0.0.1:18788`. Its fault queue and records are global, so every test
//! that touches them holds [`Backend`], an async lock, from its reset to its last check.

#![allow(dead_code)]

mod support;

use std::time::Duration;

use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;
use wuts_status::client::{Call, Client, Retry};
use wuts_status::ApiCode;
use wuts_status::{
    Audience, Error, MediaStatus, MediaStatusBuilder, ProblemCode, StatusPrivacy, StatusType,
    TextStatus,
};

use support::*;

const PNG_B64: &str = "iVBORw0KGgoAAAANSUhEUg==";

fn png() -> MediaStatusBuilder {
    MediaStatus::from_base64(PNG_B64, "image/png")
}

fn fast_retry(retries: u32) -> Retry {
    Retry {
        retries,
        backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
    }
}

fn fields(err: &Error) -> Vec<(&str, ProblemCode)> {
    err.problems()
        .iter()
        .map(|p| (p.field.as_str(), p.code))
        .collect()
}

// ---- building a client ---------------------------------------------------------------------

#[wasm_bindgen_test]
fn the_builder_names_a_wrong_base_url_or_token() {
    for (base_url, token, want) in [
        ("", TOKEN_SHAPE, vec![("base_url", ProblemCode::Required)]),
        (
            "edge.example.com",
            TOKEN_SHAPE,
            vec![("base_url", ProblemCode::Invalid)],
        ),
        (
            "https://edge.example.com",
            "not-a-uuid",
            vec![("token", ProblemCode::Invalid)],
        ),
        (
            "ftp://x",
            "",
            vec![
                ("base_url", ProblemCode::Invalid),
                ("token", ProblemCode::Invalid),
            ],
        ),
    ] {
        let err = Client::builder(base_url, token).build().unwrap_err();
        assert_eq!(fields(&err), want, "{base_url:?} {token:?}");
        assert_eq!(err.code(), "invalid_request");
        // The token never appears in a message.
        assert!(!err.to_string().contains("not-a-uuid"), "{err}");
    }
}

// ---- the three endpoints -------------------------------------------------------------------

#[wasm_bindgen_test]
async fn publishes_text_and_media_with_rust_types() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token).build().unwrap();
    let published = client
        .publish_text(
            TextStatus::builder("We are open")
                .background_color("#25D366")
                .font(1),
        )
        .await
        .unwrap();
    assert_eq!(published.status_type, Some(StatusType::Text));
    assert!(!published.message_id.is_empty());
    assert!(!published.timestamp.is_empty());

    let inline = client
        .publish_media(png().caption("new menu"))
        .await
        .unwrap();
    assert_eq!(inline.status_type, Some(StatusType::Image));
    let by_url = client
        .publish_media(
            MediaStatus::from_url("https://cdn.example.com/a.mp4").mime_type("VIDEO/MP4"),
        )
        .await
        .unwrap();
    assert_eq!(by_url.status_type, Some(StatusType::Video));

    let records = backend.published(&token).await;
    let bodies: Vec<_> = records.iter().map(|r| r["body"].clone()).collect();
    assert_eq!(
        bodies,
        [
            json!({"text": "We are open", "background_color": "#25D366", "font": 1}),
            json!({"data": PNG_B64, "mime_type": "image/png", "caption": "new menu"}),
            // Normalized by the core before it was sent.
            json!({"url": "https://cdn.example.com/a.mp4", "mime_type": "video/mp4"}),
        ]
    );
    assert_eq!(records[0]["message_id"], json!(published.message_id));
}

#[wasm_bindgen_test]
async fn updates_privacy_and_returns_the_echo() {
    let backend = Backend::lock().await;
    let client = backend.client(&new_token()).build().unwrap();
    let updated = client
        .update_privacy(StatusPrivacy::whitelist([
            "+55 11 99999-9999",
            "5511888887777@s.whatsapp.net",
            "5511999999999@s.whatsapp.net",
        ]))
        .await
        .unwrap();
    assert_eq!(updated.audience, Some(Audience::Whitelist));
    assert_eq!(
        updated.list,
        [
            "5511999999999@s.whatsapp.net",
            "5511888887777@s.whatsapp.net"
        ]
    );
    let contacts = client
        .update_privacy(StatusPrivacy::contacts())
        .await
        .unwrap();
    assert_eq!(
        (contacts.audience, contacts.list.len()),
        (Some(Audience::Contacts), 0)
    );
}

#[wasm_bindgen_test]
async fn the_request_id_goes_out_and_comes_back_on_errors() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token).retry(Retry::NONE).build().unwrap();
    let call = Call::new().request_id("rust-client.1");
    client.send(TextStatus::builder("hi"), &call).await.unwrap();
    assert_eq!(
        backend.published(&token).await[0]["request_id"],
        json!("rust-client.1")
    );

    backend.fault(json!({"fault": "status_failed"})).await;
    let err = client
        .send(TextStatus::builder("hi"), &call)
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.request_id()),
        ("status_failed", Some("rust-client.1"))
    );
    // Without one, the server makes one, which the error carries.
    backend.fault(json!({"fault": "status_failed"})).await;
    let err = client
        .publish_text(TextStatus::builder("hi"))
        .await
        .unwrap_err();
    assert!(err.request_id().is_some_and(|id| !id.is_empty()), "{err:?}");
}

// ---- failures ------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_request_that_fails_validation_is_not_sent() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token).build().unwrap();
    let err = client
        .publish_text(TextStatus::builder("  ").background_color("green"))
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.status()), ("invalid_request", 0));
    assert_eq!(
        fields(&err),
        [
            ("text", ProblemCode::Empty),
            ("background_color", ProblemCode::Invalid)
        ]
    );
    assert!(err.to_string().starts_with("text: "), "{err}");

    let err = client
        .update_privacy(StatusPrivacy::whitelist(["123"]))
        .await
        .unwrap_err();
    assert_eq!(err.problems()[0].field, "list[0]");
    let err = client
        .publish_media(
            MediaStatus::from_url("http://169.254.169.254/latest")
                .media_type(wuts_status::MediaType::Image),
        )
        .await
        .unwrap_err();
    assert_eq!(fields(&err), [("url", ProblemCode::InternalHost)]);

    // Problems with the call's options come with the request's, all at once.
    let bad = Call::new()
        .request_id("no spaces allowed")
        .idempotency_key("");
    let err = client
        .send(TextStatus::builder(""), &bad)
        .await
        .unwrap_err();
    assert_eq!(
        fields(&err),
        [
            ("text", ProblemCode::Empty),
            ("request_id", ProblemCode::Invalid),
            ("idempotency_key", ProblemCode::Empty)
        ]
    );
    let keyed = Call::new().idempotency_key("k-1");
    let err = client
        .send(StatusPrivacy::contacts(), &keyed)
        .await
        .unwrap_err();
    assert_eq!(
        fields(&err),
        [("idempotency_key", ProblemCode::Unsupported)]
    );
    assert!(backend.published(&token).await.is_empty());
}

#[wasm_bindgen_test]
async fn every_documented_error_code_in_both_shapes_on_every_endpoint() {
    let backend = Backend::lock().await;
    let client = backend
        .client(&new_token())
        .retry(Retry::NONE)
        .build()
        .unwrap();
    let codes = [
        "invalid_request",
        "VALIDATION_ERROR",
        "device_error",
        "status_failed",
        "device_disconnected",
        "status_timeout",
    ];
    for code in codes {
        for shape in ["nested", "flat"] {
            for path in ["/status/text", "/status/media", "/status/privacy"] {
                backend
                    .fault(json!({"fault": code, "shape": shape, "path": path}))
                    .await;
                let err = match path {
                    "/status/text" => client
                        .publish_text(TextStatus::builder("hi"))
                        .await
                        .map(drop),
                    "/status/media" => client.publish_media(png()).await.map(drop),
                    _ => client
                        .update_privacy(StatusPrivacy::contacts())
                        .await
                        .map(drop),
                }
                .unwrap_err();
                let at = format!("{code} {shape} {path}");
                let Error::Api { message, .. } = &err else {
                    panic!("{at}: {err:?}");
                };
                assert!(!message.is_empty(), "{at}");
                assert_eq!(
                    (err.code(), err.status()),
                    (code, ApiCode::parse(code).http_status()),
                    "{at}"
                );
                let idempotent = path == "/status/privacy";
                let retryable = match idempotent {
                    true => matches!(code, "device_disconnected" | "status_timeout"),
                    false => code == "device_disconnected",
                };
                assert_eq!(err.is_retryable(idempotent), retryable, "{at}");
                assert!(err.request_id().is_some_and(|id| !id.is_empty()), "{at}");
            }
        }
    }
    assert_eq!(backend.pending_faults().await, 0);
}

#[wasm_bindgen_test]
async fn the_proxy_codes_come_through() {
    let backend = Backend::lock().await;
    let lost = Client::builder(format!("{}/nowhere/", backend.url), TOKEN_SHAPE)
        .build()
        .unwrap();
    let err = lost
        .publish_text(TextStatus::builder("hi"))
        .await
        .unwrap_err();
    if super::IN_BROWSER && err.code() == "network_error" {
        // wuts-local answers the CORS preflight of an unknown path with 404, and a browser
        // then refuses to send the request: no answer reaches the client.
        return;
    }
    assert_eq!((err.code(), err.status()), ("not_found", 404));
}

#[wasm_bindgen_test]
async fn an_answer_that_is_not_an_envelope() {
    let backend = Backend::lock().await;
    let client = backend.client(&new_token()).build().unwrap();
    backend.fault(json!({"fault": "non_json"})).await;
    let err = client
        .publish_text(TextStatus::builder("hi"))
        .await
        .unwrap_err();
    let Error::UnexpectedResponse {
        status,
        body_prefix,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!((*status, err.code()), (502, "unexpected_response"));
    assert!(body_prefix.contains("502 Bad Gateway"), "{body_prefix:?}");
}

#[wasm_bindgen_test]
async fn connection_refused_is_a_network_error() {
    let client = Client::builder(CLOSED_URL, TOKEN_SHAPE)
        .retry(Retry::NONE)
        .build()
        .unwrap();
    let err = client
        .publish_text(TextStatus::builder("hi"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Network(_)), "{err:?}");
    assert_eq!(err.status(), 0);
    // Whether a publish that got no answer went out is unknown; a privacy update is idempotent.
    assert!(!err.is_retryable(false));
    let err = client
        .update_privacy(StatusPrivacy::contacts())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Network(_)) && err.is_retryable(true),
        "{err:?}"
    );
}

#[wasm_bindgen_test]
async fn a_slow_answer_times_out() {
    let backend = Backend::lock().await;
    let client = backend
        .client(&new_token())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    backend
        .fault(json!({"fault": "delay", "delay_ms": 3000}))
        .await;
    let err = client
        .publish_text(TextStatus::builder("hi"))
        .await
        .unwrap_err();
    assert_eq!(err, Error::Timeout);
    // A privacy update is idempotent: after a timeout it is sent again, twice by default (the
    // deadline is per attempt), and the last attempt's timeout is the answer.
    backend.reset().await;
    backend
        .fault(json!({"fault": "delay", "delay_ms": 3000, "count": 4, "path": "/status/privacy"}))
        .await;
    let err = client
        .update_privacy(StatusPrivacy::contacts())
        .await
        .unwrap_err();
    assert_eq!(err, Error::Timeout);
    assert_eq!(backend.pending_faults().await, 1);
    // A per-call deadline overrides the client's.
    backend.reset().await;
    backend
        .fault(json!({"fault": "delay", "delay_ms": 500}))
        .await;
    let slow = Call::new().timeout(Duration::from_secs(5));
    client.send(TextStatus::builder("hi"), &slow).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_caller_can_abort() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token).build().unwrap();
    backend
        .fault(json!({"fault": "delay", "delay_ms": 3000}))
        .await;
    let controller = web_sys::AbortController::new().unwrap();
    let call = Call::new().signal(&controller.signal());
    let aborter = controller.clone();
    wasm_bindgen_futures::spawn_local(async move {
        sleep(200).await;
        aborter.abort();
    });
    let err = client
        .send(StatusPrivacy::contacts(), &call)
        .await
        .unwrap_err();
    assert_eq!(err, Error::Aborted);
    assert!(!err.is_retryable(true));

    // Already aborted: nothing is sent.
    backend.reset().await;
    let err = client
        .send(TextStatus::builder("hi"), &call)
        .await
        .unwrap_err();
    assert_eq!(err, Error::Aborted);
    assert!(backend.published(&token).await.is_empty());
}

// ---- retries -------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_publish_without_a_key_is_never_retried() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend
        .client(&token)
        .retry(fast_retry(5))
        .retry_publish(true)
        .build()
        .unwrap();
    backend
        .fault(json!({"fault": "status_timeout", "count": 2, "path": "/status/text"}))
        .await;
    let err = client
        .publish_text(TextStatus::builder("hi"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "status_timeout");
    assert_eq!(
        backend.pending_faults().await,
        1,
        "a retry used the second fault"
    );

    backend.reset().await;
    backend
        .fault(json!({"fault": "drop", "count": 3, "path": "/status/media"}))
        .await;
    let err = client.publish_media(png()).await.unwrap_err();
    assert!(matches!(err, Error::Network(_)), "{err:?}");
    // Browsers themselves resend a request, once, when a reused keep-alive connection closes
    // before any answer; the client adds nothing to that.
    let browser_resends = if super::IN_BROWSER { 1 } else { 0 };
    assert!(
        backend.pending_faults().await >= 2 - browser_resends,
        "the client retried a POST"
    );
    assert!(backend.published(&token).await.is_empty());
}

#[wasm_bindgen_test]
async fn a_keyed_publish_is_retried_only_when_the_client_opts_in() {
    let backend = Backend::lock().await;
    let token = new_token();
    let keyed = Call::new().idempotency_key("menu-2026-06-15");

    // A key alone changes nothing.
    let plain = backend.client(&token).retry(fast_retry(3)).build().unwrap();
    backend
        .fault(json!({"fault": "device_disconnected", "count": 2, "path": "/status/text"}))
        .await;
    let err = plain
        .send(TextStatus::builder("hi"), &keyed)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "device_disconnected");
    assert_eq!(backend.pending_faults().await, 1);

    // Opted in: gateway errors and lost connections are retried with the same key.
    backend.reset().await;
    let opted = backend
        .client(&token)
        .retry(fast_retry(3))
        .retry_publish(true)
        .build()
        .unwrap();
    backend
        .fault(json!({"fault": "device_disconnected", "count": 1, "path": "/status/text"}))
        .await;
    backend
        .fault(json!({"fault": "drop", "count": 1, "path": "/status/text"}))
        .await;
    backend
        .fault(json!({"fault": "non_json", "count": 1, "path": "/status/text"}))
        .await;
    let published = opted.send(TextStatus::builder("hi"), &keyed).await.unwrap();
    assert_eq!(published.status_type, Some(StatusType::Text));
    assert_eq!(backend.pending_faults().await, 0);
    assert_eq!(backend.published(&token).await.len(), 1);

    // Not retried: an answer that says the status failed (500).
    backend
        .fault(json!({"fault": "status_failed", "count": 2, "path": "/status/media"}))
        .await;
    let err = opted.send(png(), &keyed).await.unwrap_err();
    assert_eq!(err.code(), "status_failed");
    assert_eq!(backend.pending_faults().await, 1);
}

#[wasm_bindgen_test]
async fn privacy_updates_retry_transient_failures() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token).retry(fast_retry(2)).build().unwrap();
    backend
        .fault(json!({"fault": "device_disconnected", "count": 2, "path": "/status/privacy"}))
        .await;
    client
        .update_privacy(StatusPrivacy::contacts())
        .await
        .unwrap();
    assert_eq!(backend.pending_faults().await, 0);

    backend
        .fault(json!({"fault": "drop", "count": 1, "path": "/status/privacy"}))
        .await;
    backend
        .fault(json!({"fault": "non_json", "count": 1, "path": "/status/privacy"}))
        .await;
    client
        .update_privacy(StatusPrivacy::contacts())
        .await
        .unwrap();

    // Out of retries: the last failure is the answer.
    backend
        .fault(json!({"fault": "status_timeout", "count": 3, "path": "/status/privacy"}))
        .await;
    let err = client
        .update_privacy(StatusPrivacy::contacts())
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.status()), ("status_timeout", 504));
    assert_eq!(backend.pending_faults().await, 0);

    // Not retried: a 500, and anything when retries are off.
    backend
        .fault(json!({"fault": "status_failed", "count": 2, "path": "/status/privacy"}))
        .await;
    let err = client
        .update_privacy(StatusPrivacy::contacts())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "status_failed");
    assert_eq!(backend.pending_faults().await, 1);
    backend.reset().await;
    let off = backend.client(&token).retry(Retry::NONE).build().unwrap();
    backend
        .fault(json!({"fault": "device_disconnected", "count": 2, "path": "/status/privacy"}))
        .await;
    let err = off
        .update_privacy(StatusPrivacy::contacts())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "device_disconnected");
    assert_eq!(backend.pending_faults().await, 1);
}

// ---- schedules -----------------------------------------------------------------------------
// Their round trip through the edge proxy is tested with the proxy (tests/edge/); here, what
// the client decides on its own and how it reads a backend without them.

#[wasm_bindgen_test]
async fn a_schedule_that_fails_the_rules_is_not_sent() {
    use wuts_status::schedule::ScheduleBuilder;
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token).build().unwrap();
    let schedule = ScheduleBuilder::text(TextStatus::builder("")).weekly(
        &["mon", "someday"],
        "8:30",
        "Europe/Lisboa",
    );
    let err = client
        .create_schedule(&schedule, &Call::new().idempotency_key(""))
        .await
        .unwrap_err();
    assert_eq!(
        fields(&err),
        [
            ("status.text", ProblemCode::Empty),
            ("repeat.weekdays[1]", ProblemCode::Unsupported),
            ("repeat.time", ProblemCode::Invalid),
            ("repeat.time_zone", ProblemCode::Unsupported),
            ("idempotency_key", ProblemCode::Empty),
        ]
    );
    let past = ScheduleBuilder::text(TextStatus::builder("hi")).at("2020-01-01T09:00:00Z");
    let err = client
        .create_schedule(&past, &Call::new())
        .await
        .unwrap_err();
    assert_eq!(fields(&err), [("at", ProblemCode::Invalid)]);
    let err = client.cancel_schedule("../status/text").await.unwrap_err();
    assert_eq!(fields(&err), [("id", ProblemCode::Invalid)]);
    assert!(backend.published(&token).await.is_empty());
}

#[wasm_bindgen_test]
async fn schedules_read_as_not_found_from_a_backend_without_them() {
    let backend = Backend::lock().await;
    let client = backend.client(&new_token()).build().unwrap();
    // A browser asks first (the token is a header CORS guards), and wuts-local, which has no
    // /schedules, grants nothing there: the browser refuses the call.
    let expected = if super::IN_BROWSER {
        ("network_error", 0)
    } else {
        ("not_found", 404)
    };
    let err = client.schedules().await.unwrap_err();
    assert_eq!((err.code(), err.status()), expected);
    let err = client.schedule("s_abc").await.unwrap_err();
    assert_eq!((err.code(), err.status()), expected);
}
