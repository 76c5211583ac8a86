//! The fixture corpus, natively.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

#[macro_use]
mod corpus;

corpus_tests!(test);
