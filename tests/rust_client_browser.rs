//! The Rust client (feature `client`) in headless browsers (`wasm-pack test --headless --chrome
//! --firefox . --features client`), against `wuts-local`. The suite itself is `rust_client`.
#![cfg(all(target_arch = "wasm32", feature = "client"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod rust_client;
mod wasm_backend;

/// Browsers enforce CORS, so a few answers differ from Node's.
const IN_BROWSER: bool = true;
