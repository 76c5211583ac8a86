//! Requests that are refused: no usable token, unknown paths and methods, bodies over the
//! limit, bodies that are not JSON or break the rules.

use std::collections::HashSet;

use super::*;
use wuts_status::{read_response, Limits, Published};

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
