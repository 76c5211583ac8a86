//! The fixture corpus compiled to wasm and run in headless browsers
//! (`wasm-pack test --headless --chrome --firefox`).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

#[macro_use]
mod corpus;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

corpus_tests!(wasm_bindgen_test);
