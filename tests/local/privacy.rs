//! The privacy rule: normalized, kept per token, replaced.

use super::*;
use wuts_status::{read_response, PrivacyUpdated};

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
