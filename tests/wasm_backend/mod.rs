//! `wuts-local` for the wasm suites (the browser client's `client_suite` and the Rust client's
//! `rust_client`): its control endpoints through the global `fetch`, an async lock over them,
//! fresh tokens and a timer. Each suite adds `Backend::client` for its own client.

use std::cell::Cell;

use js_sys::{Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A well-formed token, for clients that never reach a backend.
pub const TOKEN_SHAPE: &str = "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71";

/// A port nothing listens on (not a low one: browsers refuse those before connecting).
pub const CLOSED_URL: &str = "http://127.0.0.1:45931";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn control_fetch(url: &str, init: &JsValue) -> Promise;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: u32) -> JsValue;
}

thread_local! {
    static HELD: Cell<bool> = const { Cell::new(false) };
}

/// The shared `wuts-local`, held by one test at a time, reset when taken.
pub struct Backend {
    pub url: String,
}

impl Backend {
    /// Waits until no other test holds the backend, then resets it.
    ///
    /// A test that panics never releases it (a wasm panic aborts, dropping nothing), so the
    /// wait is bounded: after 10 s the holder is taken to have failed.
    pub async fn lock() -> Self {
        for _ in 0..2_000 {
            if !HELD.with(Cell::get) {
                break;
            }
            sleep(5).await;
        }
        HELD.with(|held| held.set(true));
        let backend = Self {
            url: option_env!("WUTS_LOCAL_URL")
                .unwrap_or("http://127.0.0.1:18788")
                .trim_end_matches('/')
                .to_owned(),
        };
        backend.reset().await;
        backend
    }

    pub async fn reset(&self) {
        self.control("POST", "/_local/reset", Some("{}")).await;
    }

    /// Queues a fault.
    pub async fn fault(&self, fault: Value) {
        self.control("POST", "/_local/faults", Some(&fault.to_string()))
            .await;
    }

    /// How many faulty answers are still queued.
    pub async fn pending_faults(&self) -> u64 {
        let queue = self.control("GET", "/_local/faults", None).await;
        queue["pending"]
            .as_array()
            .map(|pending| pending.iter().filter_map(|p| p["remaining"].as_u64()).sum())
            .unwrap_or_else(|| panic!("no pending list in {queue}"))
    }

    /// What was published (and privacy rules set) with `token`, oldest first.
    pub async fn published(&self, token: &str) -> Vec<Value> {
        let path = format!("/_local/published?token={}", token.to_ascii_lowercase());
        let records = self.control("GET", &path, None).await;
        records["items"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("no items in {records}"))
    }

    async fn control(&self, method: &str, path: &str, body: Option<&str>) -> Value {
        let init = js_sys::Object::new();
        Reflect::set(&init, &"method".into(), &method.into()).unwrap();
        if let Some(body) = body {
            Reflect::set(&init, &"body".into(), &body.into()).unwrap();
        }
        let url = format!("{}{path}", self.url);
        let response: web_sys::Response = JsFuture::from(control_fetch(&url, &init))
            .await
            .unwrap_or_else(|e| panic!("is wuts-local running at {}? {e:?}", self.url))
            .unchecked_into();
        let text = JsFuture::from(response.text().unwrap()).await.unwrap();
        let text = text.as_string().unwrap();
        assert!(
            response.ok(),
            "{method} {path}: HTTP {} {text}",
            response.status()
        );
        serde_json::from_str(&text).unwrap()
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        HELD.with(|held| held.set(false));
    }
}

/// A fresh random token, so each test's records are its own.
pub fn new_token() -> String {
    let hex = |n: usize| -> String {
        (0..n)
            .map(|_| char::from_digit((js_sys::Math::random() * 16.0) as u32 % 16, 16).unwrap())
            .collect()
    };
    let variant = ['8', '9', 'a', 'b'][(js_sys::Math::random() * 4.0) as usize % 4];
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        hex(8),
        hex(4),
        hex(3),
        hex(3),
        hex(12)
    )
}

pub async fn sleep(ms: u32) {
    let timer = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
    });
    JsFuture::from(timer).await.unwrap();
}
