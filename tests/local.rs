#![cfg(all(feature = "local", not(target_arch = "wasm32")))]
//! `wuts-local` over real HTTP on loopback: the API, the control endpoints, every fault, and
//! the binary itself.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

use std::collections::HashSet;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use wuts_status::local::{LocalServer, Options};
use wuts_status::{envelope, read_response, Limits, PrivacyUpdated, Published, StatusType};

const TOKEN: &str = "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71";
const OTHER: &str = "9a7c3e21-4b5d-4f60-a1b2-c3d4e5f60718";
/// A safety net so a hang fails the test instead of stalling the run; never an assertion.
const HANG: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------------
// A tiny HTTP/1.1 client: enough to see exactly what goes over the wire.

#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// One keep-alive connection.
struct Conn {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).await.expect("connect");
        Self {
            stream,
            buffer: Vec::new(),
        }
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        self.stream.write_all(head.as_bytes()).await.expect("write");
        self.stream.write_all(body).await.expect("write");
        tokio::time::timeout(HANG, self.read_answer())
            .await
            .expect("an answer in time")
    }

    async fn fill(&mut self) -> usize {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.stream.read(&mut chunk).await.expect("read");
        self.buffer.extend_from_slice(&chunk[..n]);
        n
    }

    async fn read_answer(&mut self) -> Answer {
        let end = loop {
            if let Some(at) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at;
            }
            assert!(self.fill().await > 0, "connection closed before an answer");
        };
        let head = String::from_utf8(self.buffer[..end].to_vec()).expect("ASCII head");
        self.buffer.drain(..end + 4);
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .expect("status line");
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.parse().expect("content-length"));
        while self.buffer.len() < length {
            assert!(self.fill().await > 0, "connection closed inside a body");
        }
        let body = self.buffer.drain(..length).collect();
        Answer {
            status,
            headers,
            body,
        }
    }
}

async fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    Conn::open(addr)
        .await
        .send(method, path, headers, body)
        .await
}

/// An API request with `TOKEN`.
async fn api(addr: SocketAddr, method: &str, path: &str, body: &str) -> Answer {
    api_as(addr, TOKEN, method, path, body).await
}

async fn api_as(addr: SocketAddr, token: &str, method: &str, path: &str, body: &str) -> Answer {
    let auth = format!("Bearer {token}");
    call(
        addr,
        method,
        path,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    )
    .await
}

async fn text(addr: SocketAddr, words: &str) -> Answer {
    api(
        addr,
        "POST",
        "/status/text",
        &json!({ "text": words }).to_string(),
    )
    .await
}

async fn fault(addr: SocketAddr, spec: Value) -> Answer {
    let answer = call(
        addr,
        "POST",
        "/_local/faults",
        &[],
        spec.to_string().as_bytes(),
    )
    .await;
    assert_eq!(answer.status, 200, "{spec}: {}", answer.json());
    answer
}

async fn published(addr: SocketAddr, query: &str) -> Vec<Value> {
    let answer = call(addr, "GET", &format!("/_local/published{query}"), &[], b"").await;
    assert_eq!(answer.status, 200);
    answer.json()["items"].as_array().cloned().expect("items")
}

async fn pending(addr: SocketAddr) -> Vec<Value> {
    let answer = call(addr, "GET", "/_local/faults", &[], b"").await;
    assert_eq!(answer.status, 200);
    answer.json()["pending"]
        .as_array()
        .cloned()
        .expect("pending")
}

async fn start() -> LocalServer {
    LocalServer::start("127.0.0.1:0", Options::default())
        .await
        .expect("start wuts-local")
}

fn is_message_id(id: &str) -> bool {
    id.len() == 24
        && id.starts_with("3EB0")
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
}

// ---------------------------------------------------------------------------------------------
// The API.

#[tokio::test]
async fn text_is_published_and_stored_with_its_token() {
    let server = start().await;
    let body = r##"{"text": "We are open today from 9am to 6pm.", "background_color": "#25D366", "font": 1}"##;
    let answer = api(server.addr(), "POST", "/status/text", body).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let success = answer.json();
    assert_eq!(success["success"], true);
    assert_eq!(success["status_type"], "text");
    let message_id = success["message_id"].as_str().unwrap();
    assert!(is_message_id(message_id), "{message_id}");
    let timestamp = success["timestamp"].as_str().unwrap();
    assert!(timestamp.ends_with("+00:00"), "{timestamp}");
    assert!(humantime::parse_rfc3339(&timestamp.replace("+00:00", "Z")).is_ok());
    // The crate's own client reads it as the documented success body.
    let read: Published = read_response(answer.status, &answer.body).unwrap();
    assert_eq!(read.status_type, Some(StatusType::Text));

    let items = published(server.addr(), "").await;
    assert_eq!(items.len(), 1);
    let record = &items[0];
    assert_eq!(record["seq"], 1);
    assert_eq!(record["token"], TOKEN);
    assert_eq!(record["kind"], "text");
    assert_eq!(
        record["body"],
        json!({"text": "We are open today from 9am to 6pm.", "background_color": "#25D366", "font": 1})
    );
    assert_eq!(record["message_id"], message_id);
    assert_eq!(record["timestamp"], timestamp);
    assert_eq!(record["request_id"].as_str(), answer.header("x-request-id"));
}

#[tokio::test]
async fn media_answers_image_or_video_and_stores_the_normalized_body() {
    let server = start().await;
    let image = api(
        server.addr(),
        "POST",
        "/status/media",
        r#"{"data": "iVBORw0KGgo=", "mime_type": "IMAGE/PNG", "caption": "new menu"}"#,
    )
    .await;
    assert_eq!(image.status, 200, "{}", image.json());
    assert_eq!(image.json()["status_type"], "image");

    let video = api(
        server.addr(),
        "POST",
        "/status/media",
        r#"{"url": "https://cdn.example.com/clip.mp4", "media_type": "video"}"#,
    )
    .await;
    assert_eq!(video.status, 200, "{}", video.json());
    assert_eq!(video.json()["status_type"], "video");

    let items = published(server.addr(), "").await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["kind"], "media");
    assert_eq!(
        items[0]["body"],
        json!({"data": "iVBORw0KGgo=", "mime_type": "image/png", "caption": "new menu"})
    );
    assert_eq!(items[1]["token"], TOKEN);
    assert_eq!(items[1]["body"]["url"], "https://cdn.example.com/clip.mp4");
    assert_ne!(items[0]["message_id"], items[1]["message_id"]);
}

#[tokio::test]
async fn privacy_is_normalized_kept_per_token_and_replaced() {
    let server = start().await;
    let answer = api(
        server.addr(),
        "PUT",
        "/status/privacy",
        r#"{"type": "whitelist", "list": ["+55 11 99999-9999", "5511999999999@s.whatsapp.net", "(1) 555 010-9999"]}"#,
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.json());
    assert_eq!(
        answer.json(),
        json!({"success": true, "type": "whitelist", "list": ["5511999999999@s.whatsapp.net", "15550109999@s.whatsapp.net"]})
    );
    let read: PrivacyUpdated = read_response(answer.status, &answer.body).unwrap();
    assert_eq!(read.list.len(), 2);

    let other = api_as(
        server.addr(),
        OTHER,
        "PUT",
        "/status/privacy",
        r#"{"type": "blacklist", "list": ["+1 555 010 1234"]}"#,
    )
    .await;
    assert_eq!(other.status, 200);

    // For contacts the list is ignored, and the answer's list is empty.
    let contacts = api(
        server.addr(),
        "PUT",
        "/status/privacy",
        r#"{"type": "contacts", "list": ["not even a number"]}"#,
    )
    .await;
    assert_eq!(
        contacts.json(),
        json!({"success": true, "type": "contacts", "list": []})
    );

    let rules = call(server.addr(), "GET", "/_local/privacy", &[], b"")
        .await
        .json();
    let mut expected = vec![
        json!({"token": TOKEN, "type": "contacts", "list": []}),
        json!({"token": OTHER, "type": "blacklist", "list": ["15550101234@s.whatsapp.net"]}),
    ];
    expected.sort_by_key(|rule| rule["token"].as_str().unwrap().to_owned());
    assert_eq!(rules["items"], Value::Array(expected));
    let mine = call(
        server.addr(),
        "GET",
        &format!("/_local/privacy?token={TOKEN}"),
        &[],
        b"",
    )
    .await
    .json();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);

    let items = published(server.addr(), "").await;
    let kinds: Vec<_> = items.iter().map(|i| i["kind"].clone()).collect();
    assert_eq!(kinds, ["privacy", "privacy", "privacy"]);
    assert_eq!(items[0]["message_id"], Value::Null);
    assert_eq!(items[2]["body"], json!({"type": "contacts"}));
}

#[tokio::test]
async fn requests_without_a_usable_token_are_unauthorized() {
    let server = start().await;
    let addr = server.addr();
    fault(addr, json!({"fault": "status_failed"})).await;
    let body = br#"{"text": "hi"}"#;
    let v1_uuid = "Bearer 3f2b8c1e-9d4a-1c7b-8e21-5a6f0d9c3b71";
    let basic = format!("Basic {TOKEN}");
    for headers in [
        vec![],
        vec![("Authorization", "Bearer not-a-uuid")],
        vec![("Authorization", v1_uuid)],
        vec![("Authorization", basic.as_str())],
        vec![("Authorization", TOKEN)],
    ] {
        let answer = call(addr, "POST", "/status/text", &headers, body).await;
        assert_eq!(answer.status, 401, "{headers:?}");
        assert_eq!(answer.header("www-authenticate"), Some("Bearer"));
        assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
        let err = read_response::<Published>(401, &answer.body).unwrap_err();
        assert_eq!(err.code(), "unauthorized");
        assert!(!err.to_string().is_empty());
    }
    assert!(published(addr, "").await.is_empty());
    assert_eq!(pending(addr).await.len(), 1, "auth comes before faults");

    // Tokens are UUIDs, so case does not matter; they are stored in lower case.
    let upper = api_as(
        addr,
        &TOKEN.to_uppercase(),
        "POST",
        "/status/text",
        r#"{"text": "hi"}"#,
    )
    .await;
    assert_eq!(
        upper.status, 500,
        "the queued fault meets the first authorized request"
    );
    let upper = api_as(
        addr,
        &TOKEN.to_uppercase(),
        "POST",
        "/status/text",
        r#"{"text": "hi"}"#,
    )
    .await;
    assert_eq!(upper.status, 200);
    assert_eq!(published(addr, "").await[0]["token"], TOKEN);
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods() {
    let server = start().await;
    let addr = server.addr();
    for path in ["/", "/status", "/status/text/", "/_local/nope"] {
        let answer = api(addr, "POST", path, "{}").await;
        assert_eq!(answer.status, 404, "{path}");
        assert_eq!(answer.json()["error"]["code"], "not_found");
        assert_eq!(answer.header("content-type"), Some("application/json"));
    }
    for (method, path, allow) in [
        ("GET", "/status/text", "POST, OPTIONS"),
        ("PUT", "/status/media", "POST, OPTIONS"),
        ("POST", "/status/privacy", "PUT, OPTIONS"),
        ("DELETE", "/_local/faults", "GET, POST, OPTIONS"),
        ("POST", "/_local/published", "GET, OPTIONS"),
        ("GET", "/_local/reset", "POST, OPTIONS"),
    ] {
        let answer = api(addr, method, path, "{}").await;
        assert_eq!(answer.status, 405, "{method} {path}");
        assert_eq!(answer.header("allow"), Some(allow), "{method} {path}");
        assert_eq!(answer.json()["error"]["code"], "method_not_allowed");
    }
    assert!(published(addr, "").await.is_empty());
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    // A declared length over the limit is refused before the body is sent.
    let server = start().await;
    let limit = Limits::default().max_body_bytes();
    let mut conn = Conn::open(server.addr()).await;
    let head = format!(
        "POST /status/media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Length: {}\r\n\r\n{{",
        limit + 1
    );
    conn.stream.write_all(head.as_bytes()).await.unwrap();
    let answer = tokio::time::timeout(HANG, conn.read_answer())
        .await
        .unwrap();
    assert_eq!(answer.status, 413);
    let err = read_response::<Published>(413, &answer.body).unwrap_err();
    assert_eq!(err.code(), "payload_too_large");
    assert!(err.to_string().contains(&limit.to_string()), "{err}");

    // A chunked body with no declared length is cut off as it passes the limit.
    let small = Limits {
        max_image_bytes: 1024,
        max_video_bytes: 1024,
    };
    let server = LocalServer::start("127.0.0.1:0", Options::default().limits(small))
        .await
        .unwrap();
    let limit = small.max_body_bytes();
    let chunk = vec![b' '; limit + 1];
    let mut request = format!(
        "POST /status/text HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
         Transfer-Encoding: chunked\r\n\r\n{:x}\r\n",
        chunk.len()
    )
    .into_bytes();
    request.extend_from_slice(&chunk);
    request.extend_from_slice(b"\r\n0\r\n\r\n");
    let mut conn = Conn::open(server.addr()).await;
    conn.stream.write_all(&request).await.unwrap();
    let answer = tokio::time::timeout(HANG, conn.read_answer())
        .await
        .unwrap();
    assert_eq!(answer.status, 413);
    assert_eq!(answer.json()["error"]["code"], "payload_too_large");

    // Just under the limit is read (and then judged by the rules).
    let padded = format!("{{\"text\": \"hi\"}}{}", " ".repeat(limit - 14));
    assert_eq!(padded.len(), limit);
    let answer = api(server.addr(), "POST", "/status/text", &padded).await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn a_body_that_is_not_json_gets_the_flat_validation_error() {
    let server = start().await;
    for body in ["", "text=hi", "{\"text\": ", "\u{feff}{}"] {
        let answer = api(server.addr(), "POST", "/status/text", body).await;
        assert_eq!(answer.status, 400, "{body:?}");
        let flat = answer.json();
        assert_eq!(flat["success"], false);
        assert_eq!(flat["error"], "validation failed");
        assert_eq!(flat["error_code"], "VALIDATION_ERROR");
        let timestamp = flat["timestamp"].as_str().unwrap();
        assert!(humantime::parse_rfc3339(timestamp).is_ok(), "{timestamp}");
    }
    assert!(published(server.addr(), "").await.is_empty());
}

#[tokio::test]
async fn bodies_breaking_the_rules_list_every_problem() {
    let server = start().await;
    let addr = server.addr();
    let answer = api(
        addr,
        "POST",
        "/status/text",
        r#"{"text": "   ", "font": 3, "colour": "red"}"#,
    )
    .await;
    assert_eq!(answer.status, 400);
    let err = read_response::<Published>(400, &answer.body).unwrap_err();
    assert_eq!(err.code(), "invalid_request");
    let fields: HashSet<_> = err.problems().iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, HashSet::from(["text", "font", "colour"]));
    assert!(err.to_string().contains("text: cannot be empty"), "{err}");

    for (path, method, body, field) in [
        ("/status/text", "POST", "[]", "body"),
        ("/status/text", "POST", r#"{"text": 5}"#, "text"),
        (
            "/status/media",
            "POST",
            r#"{"url": "http://127.0.0.1/a.png", "mime_type": "image/png"}"#,
            "url",
        ),
        (
            "/status/media",
            "POST",
            r#"{"data": "iVBORw0KGgo=", "mime_type": "image/jpeg"}"#,
            "data",
        ),
        (
            "/status/privacy",
            "PUT",
            r#"{"type": "blacklist", "list": []}"#,
            "list",
        ),
    ] {
        let answer = api(addr, method, path, body).await;
        assert_eq!(answer.status, 400, "{body}");
        let nested = answer.json();
        assert_eq!(nested["error"]["code"], "invalid_request", "{body}");
        assert_eq!(nested["error"]["details"][0]["field"], field, "{body}");
        assert!(nested["error"]["details"][0]["code"].is_string());
    }
    assert!(published(addr, "").await.is_empty());
}

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

// ---------------------------------------------------------------------------------------------
// Faults.

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

// ---------------------------------------------------------------------------------------------
// Control endpoints.

#[tokio::test]
async fn reset_forgets_everything() {
    let server = start().await;
    let addr = server.addr();
    text(addr, "one").await;
    api(addr, "PUT", "/status/privacy", r#"{"type": "contacts"}"#).await;
    fault(addr, json!({"fault": "drop", "count": 5})).await;
    let reset = call(addr, "POST", "/_local/reset", &[], b"").await;
    assert_eq!(reset.status, 200);
    assert_eq!(reset.json(), json!({"ok": true}));
    assert!(published(addr, "").await.is_empty());
    assert!(pending(addr).await.is_empty());
    let rules = call(addr, "GET", "/_local/privacy", &[], b"").await.json();
    assert_eq!(rules["items"], json!([]));
    assert_eq!(text(addr, "two").await.status, 200);
    assert_eq!(published(addr, "").await[0]["seq"], 1);
}

#[tokio::test]
async fn published_can_be_filtered_by_token() {
    let server = start().await;
    let addr = server.addr();
    text(addr, "mine").await;
    api_as(addr, OTHER, "POST", "/status/text", r#"{"text": "theirs"}"#).await;
    text(addr, "mine again").await;
    let mine = published(addr, &format!("?token={TOKEN}")).await;
    let texts: Vec<_> = mine.iter().map(|i| i["body"]["text"].clone()).collect();
    assert_eq!(texts, ["mine", "mine again"]);
    let theirs = published(addr, &format!("?token={}", OTHER.to_uppercase())).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["seq"], 2);
    assert!(published(addr, "?token=nobody").await.is_empty());
    let typo = call(addr, "GET", "/_local/published?tokn=x", &[], b"").await;
    assert_eq!(typo.status, 400);
}

#[tokio::test]
async fn healthz() {
    let server = start().await;
    let answer = call(server.addr(), "GET", "/_local/healthz", &[], b"").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), json!({"ok": true}));
    server.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_requests_fifty_at_a_time() {
    let server = start().await;
    let addr = server.addr();
    let mut workers = Vec::new();
    for worker in 0..50 {
        workers.push(tokio::spawn(async move {
            // Each worker keeps one connection alive for its ten requests.
            let mut conn = Conn::open(addr).await;
            let auth = format!("Bearer {TOKEN}");
            let mut ids = Vec::new();
            for i in 0..10 {
                let body = json!({"text": format!("status {worker}-{i}")}).to_string();
                let answer = conn
                    .send(
                        "POST",
                        "/status/text",
                        &[("Authorization", &auth)],
                        body.as_bytes(),
                    )
                    .await;
                assert_eq!(answer.status, 200);
                ids.push(answer.json()["message_id"].as_str().unwrap().to_owned());
            }
            ids
        }));
    }
    let mut ids = HashSet::new();
    for worker in workers {
        for id in worker.await.unwrap() {
            assert!(ids.insert(id), "message ids are unique");
        }
    }
    assert_eq!(ids.len(), 500);
    let items = published(addr, "").await;
    assert_eq!(items.len(), 500);
    let seqs: Vec<u64> = items.iter().map(|i| i["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=500).collect::<Vec<_>>());
    let stored: HashSet<_> = items
        .iter()
        .map(|i| i["message_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(stored, ids);
    let texts: HashSet<_> = items.iter().map(|i| i["body"]["text"].clone()).collect();
    assert_eq!(texts.len(), 500);
}

#[tokio::test]
async fn shutdown_stops_listening() {
    let server = start().await;
    let addr = server.addr();
    assert_eq!(text(addr, "hi").await.status, 200);
    server.shutdown().await.unwrap();
    assert!(TcpStream::connect(addr).await.is_err());
}

// ---------------------------------------------------------------------------------------------
// The binary.

#[cfg(unix)]
mod binary {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::process::{Child, ChildStdout, Command, Stdio};

    const BIN: &str = env!("CARGO_BIN_EXE_wuts-local");

    fn spawn(args: &[&str], port_env: Option<&str>) -> (Child, BufReader<ChildStdout>, String) {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        match port_env {
            Some(port) => command.env("WUTS_LOCAL_PORT", port),
            None => command.env_remove("WUTS_LOCAL_PORT"),
        };
        let mut child = command.spawn().expect("start wuts-local");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let addr = line
            .trim_end()
            .strip_prefix("wuts-local listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        (child, stdout, addr)
    }

    fn get(addr: &str, path: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    fn terminate(mut child: Child) {
        let pid = child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        let status = child.wait().unwrap();
        assert!(status.success(), "a clean exit on SIGTERM, got {status}");
    }

    #[test]
    fn prints_one_line_serves_and_stops_on_sigterm() {
        let (child, mut stdout, addr) = spawn(&["--listen", "127.0.0.1:0"], None);
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        let answer = get(&addr, "/_local/healthz");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with(r#"{"ok":true}"#), "{answer}");
        terminate(child);
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "", "nothing per request without --log");
    }

    #[test]
    fn logs_one_line_per_request_with_log() {
        let (child, mut stdout, addr) = spawn(&["--log"], Some("0"));
        get(&addr, "/_local/healthz");
        get(&addr, "/nope");
        terminate(child);
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).unwrap();
        let lines: Vec<_> = rest.lines().collect();
        assert_eq!(lines.len(), 2, "{rest}");
        assert!(lines[0].starts_with("GET /_local/healthz 200 "), "{rest}");
        assert!(lines[1].starts_with("GET /nope 404 "), "{rest}");
    }

    #[test]
    fn help_and_bad_arguments() {
        let help = Command::new(BIN).arg("--help").output().unwrap();
        assert!(help.status.success());
        let usage = String::from_utf8(help.stdout).unwrap();
        assert!(usage.contains("--listen"), "{usage}");
        assert!(usage.contains("/_local/faults"), "{usage}");
        let bad = Command::new(BIN).arg("--bogus").output().unwrap();
        assert_eq!(bad.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&bad.stderr).contains("--bogus"));
    }
}
