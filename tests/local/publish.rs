//! Publishing: text and media are answered and stored with their token.

use super::*;
use wuts_status::{read_response, Published, StatusType};

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
