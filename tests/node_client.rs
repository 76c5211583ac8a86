//! The browser client in Node (`wasm-pack test --node . --features browser`), against
//! `wuts-local`: the same suite as the browsers, with Node's global `fetch`.
#![cfg(all(target_arch = "wasm32", feature = "browser"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

mod client_suite;
mod wasm_backend;

/// Node does not enforce CORS.
const IN_BROWSER: bool = false;
