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

mod body;
mod client;
mod error;
mod json;
mod media;
mod options;
mod privacy;
mod review;
mod text;
mod transport;
mod types;
mod values;
mod wire;

/// The package's allocator: Talc, about 4 KB of wasm less than the default (dlmalloc).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A plain object with `fields`, in order: for the wire bodies (`wire.rs`) and the reviews
/// (`review.rs`), which are built field by field rather than through serde-wasm-bindgen
/// (`values.rs`) because that would take the package over its size budget
/// (docs/benchmarks.md).
pub(crate) fn object(fields: &[(&str, wasm_bindgen::JsValue)]) -> wasm_bindgen::JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        // Setting a data property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &wasm_bindgen::JsValue::from_str(key), value);
    }
    object.into()
}

pub use client::WutsClient;
pub use error::WutsError;
pub use media::{check_file, file_error, MediaStatus};
pub use privacy::StatusPrivacy;
pub use text::TextStatus;
pub use types::{MediaOptions, RequestOptions, WutsClientOptions};
