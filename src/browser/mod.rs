//! The npm package `wuts-status`: the request builders and a `fetch` client for JavaScript.
//!
//! Everything here is a thin layer over the core: the builders hold a wire body and ask
//! [`StatusRequest::from_json`](crate::StatusRequest::from_json) what is wrong with it, the
//! client sends the body [`StatusRequest::to_json`](crate::StatusRequest::to_json) gives (built
//! as a JavaScript object and stringified by JavaScript) and reads the answer with
//! [`read_json`](crate::envelope::read_json), and every failure becomes a [`WutsError`], a
//! JavaScript `Error` subclass with the stable `code` of [`Error::code`].
//!
//! The input and output are JavaScript: `js/runtime.js` calls the global `fetch` (never
//! `window.fetch`, so the same package runs in pages, Web Workers, Cloudflare Workers and
//! Node 20+) under the deadline and the caller's signal, waits between retries, and calls back
//! into the wasm to read answers and name failures (see `transport.rs`); `MediaStatus.fromBlob`,
//! in the package entry `js/index.js`, reads a `Blob` and asks the wasm to judge it (see
//! `media.rs`). Chaining the promises there keeps an async runtime out of the wasm.
//!
//! [`Error::code`]: crate::Error::code

mod client;
mod error;
mod js_body;
mod json;
mod media;
mod options;
mod privacy;
mod review;
mod schedule;
mod text;
mod transport;
mod types;
mod values;
mod wire;

/// The package's allocator: Talc, smaller in wasm than the default (dlmalloc).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use client::WutsClient;
pub use error::WutsError;
pub use media::{check_file, file_error, file_status, MediaStatus};
pub use privacy::StatusPrivacy;
pub use text::TextStatus;
pub use types::{MediaOptions, RequestOptions, WutsClientOptions};
