//! Many clients at once: nothing lost, ids unique, stored in order.

use std::collections::HashSet;

use super::*;

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
