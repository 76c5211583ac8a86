#![cfg(all(feature = "local", not(target_arch = "wasm32")))]
//! `wuts-local` over real HTTP on loopback: the API, the control endpoints, every fault, and
//! the binary itself. This file holds the shared client and helpers; each module is one topic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use wuts_status::local::{LocalServer, Options};

#[cfg(unix)]
mod binary;
mod control;
mod faults;
mod headers;
mod load;
mod privacy;
mod publish;
mod refusals;

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
