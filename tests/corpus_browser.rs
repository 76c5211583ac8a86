//! The fixture corpus compiled to wasm and run in headless browsers
//! (`wasm-pack test --headless --chrome --firefox`).
#![cfg(target_arch = "wasm32")]

mod corpus;

use corpus::{check, Part};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn text_requests() {
    check(Part::Text);
}

#[wasm_bindgen_test]
fn media_requests() {
    check(Part::Media);
}

#[wasm_bindgen_test]
fn privacy_requests() {
    check(Part::Privacy);
}

#[wasm_bindgen_test]
fn tokens() {
    check(Part::Tokens);
}

#[wasm_bindgen_test]
fn media_urls() {
    check(Part::MediaUrls);
}

#[wasm_bindgen_test]
fn responses() {
    check(Part::Responses);
}

#[wasm_bindgen_test]
fn generated_limits() {
    check(Part::Generated);
}
