//! The fixture corpus, natively.
#![cfg(not(target_arch = "wasm32"))]

mod corpus;

use corpus::{check, Part};

#[test]
fn text_requests() {
    check(Part::Text);
}

#[test]
fn media_requests() {
    check(Part::Media);
}

#[test]
fn privacy_requests() {
    check(Part::Privacy);
}

#[test]
fn tokens() {
    check(Part::Tokens);
}

#[test]
fn media_urls() {
    check(Part::MediaUrls);
}

#[test]
fn responses() {
    check(Part::Responses);
}

#[test]
fn generated_limits() {
    check(Part::Generated);
}
