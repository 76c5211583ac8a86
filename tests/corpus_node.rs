//! The fixture corpus compiled to wasm and run in Node (`wasm-pack test --node`).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

#[macro_use]
mod corpus;

use wasm_bindgen_test::wasm_bindgen_test;

corpus_tests!(wasm_bindgen_test);
