//! Headers on every answer: CORS (and the preflight) and request ids.

use super::*;

#[tokio::test]
async fn cors_preflight_and_headers_on_every_answer() {
    let server = start().await;
    let preflight = call(
        server.addr(),
        "OPTIONS",
        "/status/text",
        &[
            ("Origin", "http://127.0.0.1:8080"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization, content-type",
            ),
        ],
        b"",
    )
    .await;
    assert_eq!(preflight.status, 204);
    assert!(preflight.body.is_empty());
    for answer in [
        &preflight,
        &text(server.addr(), "hi").await,
        &call(server.addr(), "GET", "/nope", &[], b"").await,
    ] {
        assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
        let methods = answer.header("access-control-allow-methods").unwrap();
        for method in ["GET", "POST", "PUT", "OPTIONS"] {
            assert!(methods.contains(method), "{methods}");
        }
        assert_eq!(
            answer.header("access-control-allow-headers"),
            Some("authorization, content-type, x-request-id, idempotency-key")
        );
        assert_eq!(
            answer.header("access-control-expose-headers"),
            Some("x-request-id")
        );
        assert!(answer.header("access-control-max-age").is_some());
        assert!(answer.header("x-request-id").is_some());
    }
}

#[tokio::test]
async fn request_ids_are_echoed_when_sane_and_made_up_otherwise() {
    let server = start().await;
    let addr = server.addr();
    let auth = format!("Bearer {TOKEN}");
    let body = br#"{"text": "hi"}"#;
    let echoed = call(
        addr,
        "POST",
        "/status/text",
        &[("Authorization", &auth), ("X-Request-Id", "req-42.a:b")],
        body,
    )
    .await;
    assert_eq!(echoed.header("x-request-id"), Some("req-42.a:b"));
    let replaced = call(
        addr,
        "POST",
        "/status/text",
        &[("Authorization", &auth), ("X-Request-Id", "has spaces")],
        body,
    )
    .await;
    let made_up = replaced.header("x-request-id").unwrap();
    assert_ne!(made_up, "has spaces");
    assert!(!made_up.is_empty());
    let items = published(addr, "").await;
    assert_eq!(items[0]["request_id"], "req-42.a:b");
    assert_eq!(items[1]["request_id"], made_up);
}
