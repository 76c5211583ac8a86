//! The browser client's suite, run through the same surface JavaScript sees (the exported
//! classes, their promises and `WutsError`), against a real `wuts-local`.
//!
//! Included by `tests/browser_client.rs` (headless Chrome and Firefox) and
//! `tests/node_client.rs` (Node). The backend's URL comes from `WUTS_LOCAL_URL` at build time,
//! else `http://127.0.0.1:18788`. Its fault queue and records are global, so every test that
//! touches them holds [`Backend`], an async lock, from its reset to its last check.

#![allow(dead_code)]

mod support;

use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use wuts_status::browser::{
    check_file, file_error, MediaStatus, StatusPrivacy, TextStatus, WutsClient, WutsError,
};
use wuts_status::ApiCode;

use support::*;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const PNG_DATA_URL: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==";

/// Bytes as JavaScript gives them to `fromBytes`: a `Uint8Array`.
fn u8s(bytes: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(bytes).into()
}

// ---- builders: no backend ------------------------------------------------------------------

#[wasm_bindgen_test]
fn text_builder_gives_the_exact_wire_body() {
    let status = TextStatus::new("We are open".into())
        .background_color("#25D366".into())
        .font(1.into());
    assert_eq!(
        json_of(&status.to_json()),
        json!({"text": "We are open", "background_color": "#25D366", "font": 1})
    );
    assert_eq!(json_of(&status.validate()), json!([]));
}

#[wasm_bindgen_test]
fn setters_change_the_builder_they_are_called_on() {
    // JavaScript code often does `s.font(1)` without using the result.
    let status = TextStatus::new("open".into());
    let _ = status.font(2.into());
    assert_eq!(json_of(&status.to_json())["font"], json!(2));
}

#[wasm_bindgen_test]
fn builders_report_every_problem_with_field_and_code() {
    let status = TextStatus::new("  ".into())
        .background_color("green".into())
        .font(3.into());
    let problems = json_of(&status.validate());
    let pairs: Vec<_> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["field"].as_str().unwrap().to_owned(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(pairs.len(), 3, "{problems}");
    assert_eq!(pairs[0], ("text".to_owned(), "empty".to_owned()));
    assert_eq!(pairs[1].0, "background_color");
    assert_eq!(pairs[2].0, "font");
    assert!(problems[0]["message"].as_str().unwrap().contains("empty"));
    // A wrong JavaScript type is reported, not coerced.
    let font = json_of(&TextStatus::new("ok".into()).font("1".into()).validate());
    assert_eq!(font[0]["code"], json!("wrong_type"));
}

#[wasm_bindgen_test]
fn media_builders_split_sniff_and_check() {
    let png = MediaStatus::from_data_url(PNG_DATA_URL, None).unwrap();
    assert_eq!(
        json_of(&png.caption("menu".into()).to_json()),
        json!({"data": "iVBORw0KGgoAAAANSUhEUg==", "mime_type": "image/png", "caption": "menu"})
    );
    let err = error_of(
        MediaStatus::from_data_url("not a data url", None)
            .err()
            .unwrap(),
    );
    assert_eq!(
        (err.code().as_str(), err.field().as_deref()),
        ("invalid_request", Some("data"))
    );

    let url = MediaStatus::from_url(
        "https://cdn.example.com/a.mp4".into(),
        Some(options(json!({"mimeType": "VIDEO/MP4"}))),
    );
    assert_eq!(
        json_of(&url.to_json()),
        json!({"url": "https://cdn.example.com/a.mp4", "mime_type": "video/mp4"})
    );
    let internal = MediaStatus::from_url(
        "http://169.254.169.254/latest".into(),
        Some(options(json!({"mediaType": "image"}))),
    );
    assert_eq!(
        json_of(&internal.validate())[0]["code"],
        json!("internal_host")
    );

    let bytes = MediaStatus::from_bytes(u8s(PNG), None).unwrap();
    assert_eq!(json_of(&bytes.to_json())["mime_type"], json!("image/png"));
    let gif = error_of(
        MediaStatus::from_bytes(u8s(b"GIF89a........"), None)
            .err()
            .unwrap(),
    );
    assert_eq!(
        (gif.code().as_str(), gif.field().as_deref()),
        ("invalid_request", Some("data"))
    );
}

/// The wasm half of `MediaStatus.fromBlob` (whose reading, in the package entry, the package
/// test runs): a file is refused by its first bytes and size, before the rest is read.
#[wasm_bindgen_test]
fn files_are_judged_by_their_first_bytes_and_size() {
    check_file(PNG, 1024.0).unwrap();
    let big = error_of(check_file(PNG, 6.0 * 1024.0 * 1024.0).unwrap_err());
    assert_eq!(
        (big.code().as_str(), big.field()),
        ("invalid_request", Some("data".into()))
    );
    assert_eq!(json_of(&big.problems())[0]["code"], json!("too_large"));
    // A video's limit is larger.
    check_file(b"\0\0\0\x18ftypmp42\0\0\0\0", 6.0 * 1024.0 * 1024.0).unwrap();
    let gif = error_of(check_file(b"GIF89a........", 14.0).unwrap_err());
    assert_eq!(gif.problems().length(), 1);
    assert_eq!(json_of(&gif.problems())[0]["code"], json!("unsupported"));

    let not_a_blob = error_of(file_error(None));
    assert_eq!(
        json_of(&not_a_blob.problems())[0]["code"],
        json!("wrong_type")
    );
    let unreadable = error_of(file_error(Some("NotReadableError".into())));
    assert_eq!(unreadable.field().as_deref(), Some("data"));
    assert!(unreadable
        .message()
        .includes("could not be read: NotReadableError", 0));
}

#[wasm_bindgen_test]
fn privacy_builders_normalize_to_jids() {
    let list = js_value(&json!([
        "+55 11 99999-9999",
        "5511999999999@s.whatsapp.net",
        "5511888887777@s.whatsapp.net"
    ]));
    assert_eq!(
        json_of(&StatusPrivacy::whitelist(list).to_json()),
        json!({"type": "whitelist", "list": ["5511999999999@s.whatsapp.net", "5511888887777@s.whatsapp.net"]})
    );
    assert_eq!(
        json_of(&StatusPrivacy::contacts().to_json()),
        json!({"type": "contacts"})
    );
    let empty = json_of(&StatusPrivacy::blacklist(js_value(&json!([]))).validate());
    assert_eq!(
        (empty[0]["field"].clone(), empty[0]["code"].clone()),
        (json!("list"), json!("empty"))
    );
}

#[wasm_bindgen_test]
fn client_options_are_checked_when_constructed() {
    for (options, field) in [
        (json!({"token": TOKEN_SHAPE}), "baseUrl"),
        (json!({"baseUrl": "http://x"}), "token"),
        (
            json!({"baseUrl": "http://x", "token": "not-a-uuid"}),
            "token",
        ),
        (
            json!({"baseUrl": "http://x", "token": TOKEN_SHAPE, "timeoutMs": -1}),
            "timeoutMs",
        ),
        (
            json!({"baseUrl": "http://x", "token": TOKEN_SHAPE, "retry": "yes"}),
            "retry",
        ),
        (
            json!({"baseUrl": "http://x", "token": TOKEN_SHAPE, "retryPublish": "yes"}),
            "retryPublish",
        ),
    ] {
        let err = error_of(
            WutsClient::new(js_value(&options).unchecked_into())
                .err()
                .unwrap(),
        );
        assert_eq!(err.field().as_deref(), Some(field), "{options}");
        assert!(!err.message().as_string().unwrap().contains("not-a-uuid"));
    }
}

#[wasm_bindgen_test]
fn wuts_error_is_a_real_error() {
    let err = MediaStatus::from_data_url("nope", None).err().unwrap();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert!(err.is_instance_of::<WutsError>());
    let err: WutsError = err.unchecked_into();
    assert_eq!(err.name(), "WutsError");
    assert_eq!(err.status(), 0);
    assert!(!err.retryable());
    assert_eq!(err.request_id(), None);
}

// ---- the three endpoints -------------------------------------------------------------------

#[wasm_bindgen_test]
async fn publishes_text_from_a_builder_and_from_a_plain_object() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token, json!({}));
    let status = TextStatus::new("We are open".into())
        .background_color("#25D366".into())
        .font(1.into());
    let published = json_of(&ok(client.publish_text(status.into(), None)).await);
    assert_eq!(published["statusType"], json!("text"));
    assert!(
        published["messageId"]
            .as_str()
            .is_some_and(|id| !id.is_empty()),
        "{published}"
    );
    assert!(published["timestamp"].as_str().is_some());

    ok(client.publish_text(js_value(&json!({"text": "plain objects work too"})), None)).await;
    let records = backend.published(&token).await;
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[0]["body"],
        json!({"text": "We are open", "background_color": "#25D366", "font": 1})
    );
    assert_eq!(records[0]["message_id"], published["messageId"]);
}

#[wasm_bindgen_test]
async fn publishes_media_inline_and_by_url() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token, json!({}));
    let inline =
        MediaStatus::from_data_url(PNG_DATA_URL, Some(options(json!({"caption": "new menu"}))))
            .unwrap();
    let published = json_of(&ok(client.publish_media(inline.into(), None)).await);
    assert_eq!(published["statusType"], json!("image"));
    let url = MediaStatus::from_url(
        "https://cdn.example.com/a.mp4".into(),
        Some(options(json!({"mimeType": "video/mp4"}))),
    );
    let published = json_of(&ok(client.publish_media(url.into(), None)).await);
    assert_eq!(published["statusType"], json!("video"));
    let bytes = MediaStatus::from_bytes(u8s(PNG), None).unwrap();
    ok(client.publish_media(bytes.into(), None)).await;
    let published = backend.published(&token).await;
    assert_eq!(published.len(), 3);
    // Sent from the bytes themselves, encoded as the body is made: the file's base64 arrives.
    assert_eq!(
        published[2]["body"]["data"],
        json!("iVBORw0KGgoAAAANSUhEUg==")
    );
}

#[wasm_bindgen_test]
async fn updates_privacy_and_resolves_with_the_echo() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token, json!({}));
    let list = js_value(&json!([
        "+55 11 99999-9999",
        "5511888887777@s.whatsapp.net"
    ]));
    let updated =
        json_of(&ok(client.update_privacy(StatusPrivacy::whitelist(list).into(), None)).await);
    assert_eq!(
        updated,
        json!({"type": "whitelist", "list": ["5511999999999@s.whatsapp.net", "5511888887777@s.whatsapp.net"]})
    );
    let updated =
        json_of(&ok(client.update_privacy(js_value(&json!({"type": "contacts"})), None)).await);
    assert_eq!(updated, json!({"type": "contacts", "list": []}));
}

// ---- failures ------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_request_that_fails_validation_is_not_sent() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token, json!({}));
    let e = err(client.publish_text(js_value(&json!({"text": "", "colour": "#fff"})), None)).await;
    assert_eq!((e.code().as_str(), e.status()), ("invalid_request", 0));
    let fields: Vec<_> = json_of(&e.problems())
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].clone())
        .collect();
    assert_eq!(fields, [json!("colour"), json!("text")]);
    let e = err(client.update_privacy(
        js_value(&json!({"type": "whitelist", "list": ["123"]})),
        None,
    ))
    .await;
    assert_eq!(e.field().as_deref(), Some("list[0]"));
    let e = err(client.publish_media(JsValue::UNDEFINED, None)).await;
    assert_eq!(e.field().as_deref(), Some("body"));
    assert!(backend.published(&token).await.is_empty());
}

#[wasm_bindgen_test]
async fn every_documented_error_code_in_both_shapes_on_every_endpoint() {
    let backend = Backend::lock().await;
    let client = backend.client(&new_token(), json!({"retry": false}));
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
                let call = match path {
                    "/status/text" => client.publish_text(js_value(&json!({"text": "hi"})), None),
                    "/status/media" => client.publish_media(
                        MediaStatus::from_bytes(u8s(PNG), None).unwrap().into(),
                        None,
                    ),
                    _ => client.update_privacy(StatusPrivacy::contacts().into(), None),
                };
                let e = err(call).await;
                let at = format!("{code} {shape} {path}");
                assert_eq!(e.code(), code, "{at}");
                assert_eq!(e.status(), ApiCode::parse(code).http_status(), "{at}");
                assert!(!e.message().as_string().unwrap().is_empty(), "{at}");
                // A publish is retryable only when it surely was not posted; a privacy update
                // (idempotent) also after a gateway timeout.
                let retryable = match path {
                    "/status/privacy" => matches!(code, "device_disconnected" | "status_timeout"),
                    _ => code == "device_disconnected",
                };
                assert_eq!(e.retryable(), retryable, "{at}");
                assert!(
                    e.request_id().is_some_and(|id| !id.is_empty()),
                    "{at}: no request id"
                );
            }
        }
    }
    assert_eq!(backend.pending_faults().await, 0);
}

#[wasm_bindgen_test]
async fn the_proxy_codes_come_through() {
    let backend = Backend::lock().await;
    // An unknown path is 404 not_found, in the nested shape.
    let lost = WutsClient::new(
        js_value(&json!({"baseUrl": format!("{}/nowhere/", backend.url), "token": TOKEN_SHAPE}))
            .unchecked_into(),
    )
    .unwrap();
    let e = err(lost.publish_text(js_value(&json!({"text": "hi"})), None)).await;
    if super::IN_BROWSER && e.code() == "network_error" {
        // wuts-local answers the CORS preflight of an unknown path with 404, and a browser
        // then refuses to send the request: no answer reaches the client.
        return;
    }
    assert_eq!(
        (e.code().as_str(), e.status(), e.retryable()),
        ("not_found", 404, false)
    );
}

#[wasm_bindgen_test]
async fn an_answer_that_is_not_an_envelope() {
    let backend = Backend::lock().await;
    let client = backend.client(&new_token(), json!({"retry": false}));
    backend.fault(json!({"fault": "non_json"})).await;
    let e = err(client.publish_text(js_value(&json!({"text": "hi"})), None)).await;
    assert_eq!(
        (e.code().as_str(), e.status()),
        ("unexpected_response", 502)
    );
    assert!(
        e.message().as_string().unwrap().contains("502 Bad Gateway"),
        "{:?}",
        e.message()
    );
}

#[wasm_bindgen_test]
async fn connection_refused_is_a_network_error() {
    let client = WutsClient::new(
        js_value(&json!({"baseUrl": CLOSED_URL, "token": TOKEN_SHAPE, "retry": false}))
            .unchecked_into(),
    )
    .unwrap();
    let e = err(client.publish_text(js_value(&json!({"text": "hi"})), None)).await;
    assert_eq!((e.code().as_str(), e.status()), ("network_error", 0));
    // Whether a publish that got no answer went out is unknown: sending it again could post
    // it twice. A privacy update is idempotent.
    assert!(!e.retryable());
    let e = err(client.update_privacy(StatusPrivacy::contacts().into(), None)).await;
    assert_eq!((e.code().as_str(), e.status()), ("network_error", 0));
    assert!(e.retryable());
}

#[wasm_bindgen_test]
async fn a_slow_answer_times_out() {
    let backend = Backend::lock().await;
    let client = backend.client(&new_token(), json!({"timeoutMs": 300}));
    backend
        .fault(json!({"fault": "delay", "delay_ms": 3000}))
        .await;
    let e = err(client.publish_text(js_value(&json!({"text": "hi"})), None)).await;
    assert_eq!((e.code().as_str(), e.status()), ("timeout", 0));
    // A per-call deadline overrides the client's.
    backend
        .fault(json!({"fault": "delay", "delay_ms": 500}))
        .await;
    let slow = options(json!({"timeoutMs": 5000}));
    ok(client.publish_text(js_value(&json!({"text": "hi"})), Some(slow))).await;
}

#[wasm_bindgen_test]
async fn the_caller_can_abort() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token, json!({}));
    backend
        .fault(json!({"fault": "delay", "delay_ms": 3000}))
        .await;
    let controller = web_sys::AbortController::new().unwrap();
    let call = client.update_privacy(
        StatusPrivacy::contacts().into(),
        Some(options_with_signal(&controller.signal()).unchecked_into()),
    );
    sleep(200).await;
    controller.abort();
    let e = err(call).await;
    assert_eq!(
        (e.code().as_str(), e.status(), e.retryable()),
        ("aborted", 0, false)
    );

    // Already aborted: nothing is sent.
    backend.reset().await;
    let e = err(client.publish_text(
        js_value(&json!({"text": "hi"})),
        Some(options_with_signal(&controller.signal()).unchecked_into()),
    ))
    .await;
    assert_eq!(e.code(), "aborted");
    assert!(backend.published(&token).await.is_empty());

    // A signal that is not an AbortSignal is refused before anything is sent.
    let e = err(client.publish_text(
        js_value(&json!({"text": "hi"})),
        Some(options(json!({"signal": {"aborted": true}}))),
    ))
    .await;
    assert_eq!(
        (e.code().as_str(), e.field().as_deref()),
        ("invalid_request", Some("signal"))
    );
    assert!(backend.published(&token).await.is_empty());
}

#[wasm_bindgen_test]
async fn a_post_is_never_retried() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token, json!({"retry": {"retries": 5, "backoffMs": 1}}));
    backend
        .fault(json!({"fault": "device_disconnected", "count": 2, "path": "/status/text"}))
        .await;
    let e = err(client.publish_text(js_value(&json!({"text": "hi"})), None)).await;
    assert_eq!(e.code(), "device_disconnected");
    assert_eq!(
        backend.pending_faults().await,
        1,
        "a retry used the second fault"
    );

    backend.reset().await;
    backend
        .fault(json!({"fault": "drop", "count": 3, "path": "/status/media"}))
        .await;
    let e = err(client.publish_media(
        MediaStatus::from_bytes(u8s(PNG), None).unwrap().into(),
        None,
    ))
    .await;
    assert_eq!((e.code().as_str(), e.status()), ("network_error", 0));
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
async fn every_publish_carries_an_idempotency_key() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token, json!({"retry": false}));
    ok(client.publish_text(js_value(&json!({"text": "one"})), None)).await;
    let given = options(json!({"idempotencyKey": "order-7"}));
    ok(client.publish_media(
        MediaStatus::from_bytes(u8s(PNG), None).unwrap().into(),
        Some(given),
    ))
    .await;
    let items = backend.published(&token).await;
    let keys: Vec<_> = items
        .iter()
        .map(|i| i["idempotency_key"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(keys[0].len(), 36, "a fresh UUID: {keys:?}");
    assert_eq!(keys[1], "order-7");

    // A key the proxy would refuse is refused before anything is sent.
    for (bad, code) in [
        (json!(""), "empty"),
        (json!("caf\u{e9}"), "invalid"),
        (json!(7), "wrong_type"),
    ] {
        let e = err(client.publish_text(
            js_value(&json!({"text": "hi"})),
            Some(options(json!({"idempotencyKey": bad}))),
        ))
        .await;
        assert_eq!(e.field().as_deref(), Some("idempotencyKey"));
        let first = e.problems().get(0);
        let got = js_sys::Reflect::get(&first, &"code".into()).unwrap();
        assert_eq!(got.as_string().as_deref(), Some(code), "{bad}");
    }
    assert_eq!(backend.published(&token).await.len(), 2);
}

#[wasm_bindgen_test]
async fn with_retry_publish_a_publish_is_retried_with_its_key() {
    let backend = Backend::lock().await;
    let token = new_token();
    let options_ = json!({"retry": {"retries": 2, "backoffMs": 1}, "retryPublish": true});
    let client = backend.client(&token, options_);
    backend
        .fault(json!({"fault": "status_timeout", "count": 1, "path": "/status/text"}))
        .await;
    let key = options(json!({"idempotencyKey": "k-1"}));
    ok(client.publish_text(js_value(&json!({"text": "hi"})), Some(key))).await;
    assert_eq!(backend.pending_faults().await, 0, "the 504 was retried");
    let items = backend.published(&token).await;
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0]["idempotency_key"], "k-1",
        "the retry sent the same key"
    );

    // Out of retries, the error says truthfully that trying again is safe.
    backend
        .fault(json!({"fault": "status_timeout", "count": 3, "path": "/status/text"}))
        .await;
    let e = err(client.publish_text(js_value(&json!({"text": "again"})), None)).await;
    assert_eq!((e.code().as_str(), e.retryable()), ("status_timeout", true));
    assert_eq!(backend.pending_faults().await, 0, "three attempts");
}

#[wasm_bindgen_test]
async fn privacy_updates_retry_transient_failures() {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token, json!({"retry": {"retries": 2, "backoffMs": 10}}));
    backend
        .fault(json!({"fault": "device_disconnected", "count": 2, "path": "/status/privacy"}))
        .await;
    ok(client.update_privacy(StatusPrivacy::contacts().into(), None)).await;
    assert_eq!(backend.pending_faults().await, 0);

    backend
        .fault(json!({"fault": "drop", "count": 1, "path": "/status/privacy"}))
        .await;
    backend
        .fault(json!({"fault": "non_json", "count": 1, "path": "/status/privacy"}))
        .await;
    ok(client.update_privacy(StatusPrivacy::contacts().into(), None)).await;

    // Out of retries: the last failure is the answer.
    backend
        .fault(json!({"fault": "status_timeout", "count": 3, "path": "/status/privacy"}))
        .await;
    let e = err(client.update_privacy(StatusPrivacy::contacts().into(), None)).await;
    assert_eq!((e.code().as_str(), e.status()), ("status_timeout", 504));
    assert_eq!(backend.pending_faults().await, 0);

    // Not retried: a 500, and anything when retries are off.
    backend
        .fault(json!({"fault": "status_failed", "count": 2, "path": "/status/privacy"}))
        .await;
    let e = err(client.update_privacy(StatusPrivacy::contacts().into(), None)).await;
    assert_eq!(e.code(), "status_failed");
    assert_eq!(backend.pending_faults().await, 1);
    backend.reset().await;
    let off = backend.client(&token, json!({"retry": false}));
    backend
        .fault(json!({"fault": "device_disconnected", "count": 2, "path": "/status/privacy"}))
        .await;
    let e = err(off.update_privacy(StatusPrivacy::contacts().into(), None)).await;
    assert_eq!(e.code(), "device_disconnected");
    assert_eq!(backend.pending_faults().await, 1);
}

// ---- the fixture corpus, through the JavaScript surface ------------------------------------

#[wasm_bindgen_test]
async fn text_corpus() {
    corpus(Endpoint::Text, include_str!("../fixtures/text.json")).await;
}

#[wasm_bindgen_test]
async fn media_corpus() {
    corpus(Endpoint::Media, include_str!("../fixtures/media.json")).await;
}

#[wasm_bindgen_test]
async fn privacy_corpus() {
    corpus(Endpoint::Privacy, include_str!("../fixtures/privacy.json")).await;
}

/// Every case with a JSON body and default limits, as a plain object: an invalid one rejects
/// with the expected problems and sends nothing; a valid one is published as `normalized`.
async fn corpus(endpoint: Endpoint, fixtures: &str) {
    let backend = Backend::lock().await;
    let token = new_token();
    let client = backend.client(&token, json!({"retry": false}));
    let file: Value = serde_json::from_str(fixtures).unwrap();
    let mut sent = Vec::new();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in file["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap_or_default();
        let Some(body) = case.get("body") else {
            continue;
        };
        if case.get("limits").is_some() || js_cannot_express(body) {
            continue;
        }
        ran += 1;
        let input = js_value(body);
        let promise = match endpoint {
            Endpoint::Text => client.publish_text(input, None),
            Endpoint::Media => client.publish_media(input, None),
            Endpoint::Privacy => client.update_privacy(input, None),
        };
        let outcome = wasm_bindgen_futures::JsFuture::from(promise).await;
        let expected = case
            .get("problems")
            .and_then(Value::as_array)
            .filter(|p| !p.is_empty());
        match (outcome, expected) {
            (Ok(_), None) => sent.push((name, case.get("normalized").unwrap_or(body).clone())),
            (Err(e), Some(expected)) => {
                let e: WutsError = e.unchecked_into();
                let got: Vec<_> = json_of(&e.problems())
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (p["field"].clone(), p["code"].clone()))
                    .collect();
                let want: Vec<_> = expected
                    .iter()
                    .map(|p| (p["field"].clone(), p["code"].clone()))
                    .collect();
                if e.code() != "invalid_request" || e.status() != 0 || got != want {
                    failures.push(format!(
                        "{name}: {} {} {got:?}, expected {want:?}",
                        e.code(),
                        e.status()
                    ));
                }
            }
            (Ok(v), Some(_)) => failures.push(format!("{name}: sent, answered {}", json_of(&v))),
            (Err(e), None) => failures.push(format!(
                "{name}: rejected: {:?}",
                e.unchecked_into::<js_sys::Error>().message()
            )),
        }
    }
    let records = backend.published(&token).await;
    let bodies: Vec<_> = records.iter().map(|r| r["body"].clone()).collect();
    if bodies.len() != sent.len() {
        failures.push(format!(
            "{} records for {} valid cases",
            bodies.len(),
            sent.len()
        ));
    }
    for ((name, want), got) in sent.iter().zip(&bodies) {
        // The backend keeps privacy entries as JIDs and drops a contacts list: compare the wire.
        if got != want {
            failures.push(format!("{name}: the backend got {got}, expected {want}"));
        }
    }
    assert!(ran > 10, "only {ran} cases ran");
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

enum Endpoint {
    Text,
    Media,
    Privacy,
}
