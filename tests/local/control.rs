//! The control endpoints (reset, published, healthz) and shutting the server down.

use super::*;

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

#[tokio::test]
async fn shutdown_stops_listening() {
    let server = start().await;
    let addr = server.addr();
    assert_eq!(text(addr, "hi").await.status, 200);
    server.shutdown().await.unwrap();
    assert!(TcpStream::connect(addr).await.is_err());
}
