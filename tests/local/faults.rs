//! Faults queued through `/_local/faults`: every documented code, non-JSON answers, delays,
//! dropped connections, path filters, counts and order, and refused fault bodies.

use std::time::Instant;

use super::*;
use wuts_status::{envelope, read_response, Published};

const CODES: [(&str, &str, u16); 6] = [
    ("invalid_request", "text cannot be empty", 400),
    ("VALIDATION_ERROR", "validation failed", 400),
    ("device_error", "failed to resolve user device", 500),
    ("status_failed", "failed to send status broadcast", 500),
    (
        "device_disconnected",
        "whatsapp session is not connected",
        503,
    ),
    ("status_timeout", "context deadline exceeded", 504),
];

#[tokio::test]
async fn every_documented_code_in_both_shapes() {
    let server = start().await;
    let addr = server.addr();
    for (code, message, status) in CODES {
        assert_eq!(envelope::ApiCode::parse(code).http_status(), status);
        let default = if code == "VALIDATION_ERROR" {
            "flat"
        } else {
            "nested"
        };
        for shape in [None, Some("nested"), Some("flat")] {
            let mut spec = json!({"fault": code});
            if let Some(shape) = shape {
                spec["shape"] = json!(shape);
            }
            fault(addr, spec).await;
            let answer = text(addr, "hi").await;
            assert_eq!(answer.status, status, "{code} {shape:?}");
            assert_eq!(answer.header("content-type"), Some("application/json"));
            let body = answer.json();
            assert_eq!(body["success"], false);
            match shape.unwrap_or(default) {
                "nested" => {
                    assert_eq!(body["error"], json!({"code": code, "message": message}));
                }
                _ => {
                    assert_eq!(body["error"], message, "{code} {shape:?}");
                    assert_eq!(body["error_code"], code);
                    let timestamp = body["timestamp"].as_str().unwrap();
                    assert!(humantime::parse_rfc3339(timestamp).is_ok(), "{timestamp}");
                }
            }
            // Either shape reads back as the same error.
            let err = read_response::<Published>(answer.status, &answer.body).unwrap_err();
            assert_eq!((err.code(), err.status()), (code, status));
            assert_eq!(err.to_string(), message);
        }
    }
    assert!(
        published(addr, "").await.is_empty(),
        "a failed request publishes nothing"
    );
    assert!(pending(addr).await.is_empty());
}

#[tokio::test]
async fn non_json_is_a_502_html_page() {
    let server = start().await;
    fault(server.addr(), json!({"fault": "non_json"})).await;
    let answer = text(server.addr(), "hi").await;
    assert_eq!(answer.status, 502);
    assert!(answer
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(String::from_utf8_lossy(&answer.body).contains("<html>"));
    let err = read_response::<Published>(502, &answer.body).unwrap_err();
    assert_eq!(err.code(), "unexpected_response");
    assert!(published(server.addr(), "").await.is_empty());
}

#[tokio::test]
async fn delay_waits_then_publishes() {
    let server = start().await;
    let listed = fault(server.addr(), json!({"fault": "delay", "delay_ms": 300})).await;
    assert_eq!(
        listed.json()["pending"],
        json!([{"fault": "delay", "remaining": 1, "delay_ms": 300, "path": null}])
    );
    let started = Instant::now();
    let answer = text(server.addr(), "slow but sure").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer.status, 200);
    let items = published(server.addr(), "").await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["body"]["text"], "slow but sure");
    assert_eq!(items[0]["message_id"], answer.json()["message_id"]);
}

#[tokio::test]
async fn delay_ms_on_an_error_waits_before_failing() {
    let server = start().await;
    fault(
        server.addr(),
        json!({"fault": "status_timeout", "delay_ms": 200}),
    )
    .await;
    let started = Instant::now();
    let answer = text(server.addr(), "hi").await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(answer.status, 504);
}

#[tokio::test]
async fn drop_closes_the_connection_with_no_answer() {
    let server = start().await;
    fault(server.addr(), json!({"fault": "drop"})).await;
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let body = r#"{"text": "never answered"}"#;
    let request = format!(
        "POST /status/text HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    // A clean close or a reset: either way, not one byte of an answer.
    let _closed = tokio::time::timeout(HANG, stream.read_to_end(&mut received))
        .await
        .expect("the server closes the connection");
    assert!(
        received.is_empty(),
        "{}",
        String::from_utf8_lossy(&received)
    );
    assert!(published(server.addr(), "").await.is_empty());
    // The server is fine afterwards.
    assert_eq!(text(server.addr(), "hi").await.status, 200);
}

#[tokio::test]
async fn a_fault_with_a_path_waits_for_that_path() {
    let server = start().await;
    let addr = server.addr();
    fault(
        addr,
        json!({"fault": "device_disconnected", "path": "/status/media"}),
    )
    .await;
    assert_eq!(text(addr, "unaffected").await.status, 200);
    let privacy = api(addr, "PUT", "/status/privacy", r#"{"type": "contacts"}"#).await;
    assert_eq!(privacy.status, 200);
    assert_eq!(pending(addr).await.len(), 1);
    let media = api(
        addr,
        "POST",
        "/status/media",
        r#"{"url": "https://cdn.example.com/a.png", "mime_type": "image/png"}"#,
    )
    .await;
    assert_eq!(media.status, 503);
    assert!(pending(addr).await.is_empty());
    let kinds: Vec<_> = published(addr, "")
        .await
        .iter()
        .map(|i| i["kind"].clone())
        .collect();
    assert_eq!(kinds, ["text", "privacy"]);
}

#[tokio::test]
async fn count_is_consumed_exactly_and_faults_run_in_order() {
    let server = start().await;
    let addr = server.addr();
    fault(addr, json!({"fault": "status_failed", "count": 3})).await;
    let listed = fault(
        addr,
        json!({"fault": "VALIDATION_ERROR", "shape": "nested"}),
    )
    .await;
    assert_eq!(
        listed.json()["pending"],
        json!([
            {"fault": "status_failed", "remaining": 3, "delay_ms": 0, "shape": "nested", "path": null},
            {"fault": "VALIDATION_ERROR", "remaining": 1, "delay_ms": 0, "shape": "nested", "path": null},
        ])
    );
    for remaining in [2, 1] {
        assert_eq!(text(addr, "hi").await.status, 500);
        assert_eq!(pending(addr).await[0]["remaining"], remaining);
    }
    assert_eq!(text(addr, "hi").await.status, 500);
    let next = text(addr, "hi").await;
    assert_eq!(next.status, 400);
    assert_eq!(next.json()["error"]["code"], "VALIDATION_ERROR");
    assert!(pending(addr).await.is_empty());
    assert_eq!(text(addr, "finally").await.status, 200);
    let items = published(addr, "").await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["body"]["text"], "finally");
}

#[tokio::test]
async fn bad_fault_bodies_are_refused_with_a_reason() {
    let server = start().await;
    for (body, says) in [
        ("not json", "not JSON"),
        (r#"{"count": 2}"#, "fault: is required"),
        (r#"{"fault": "explode"}"#, "is not a fault"),
        (r#"{"fault": "drop", "count": 0}"#, "at least 1"),
        (r#"{"fault": "delay"}"#, "delay_ms: is required"),
        (
            r#"{"fault": "non_json", "shape": "flat"}"#,
            "error codes only",
        ),
        (
            r#"{"fault": "drop", "path": "/_local/reset"}"#,
            "not an API path",
        ),
        (r#"{"fault": "drop", "every": true}"#, "not a field"),
    ] {
        let answer = call(
            server.addr(),
            "POST",
            "/_local/faults",
            &[],
            body.as_bytes(),
        )
        .await;
        assert_eq!(answer.status, 400, "{body}");
        let message = answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(says), "{body}: {message}");
    }
    assert!(pending(server.addr()).await.is_empty());
}
