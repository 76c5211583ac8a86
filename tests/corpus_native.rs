//! The fixture corpus, natively.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod corpus;

corpus_tests!(test);
