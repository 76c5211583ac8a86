//! The bridge to `js/runtime.js`, which does the client's input and output with promises:
//! `fetch` with its deadline and retries. The JavaScript calls back into the [`Exchange`]
//! handed to it to read answers and name failures, so the wasm carries no async runtime.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::error::to_js_for;
#[cfg(doc)]
use super::options::Retry;
use crate::rules::base64;
use crate::Error;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// Sends one request, retried as `retries`, `backoff_ms` and `max_backoff_ms` say (see
    /// [`Retry`]), and resolves with what `exchange.read` returns, or rejects with the
    /// `WutsError` it or `exchange.failure` made; `body` is empty for a request without one.
    /// A publish or a schedule's creation (`keyed`) carries an `Idempotency-Key`, `key` or a
    /// fresh UUID, the same on every attempt. With `data` (a file's bytes), the body sent is
    /// `body` with `data` first, encoded in slices that yield to the page; `progress` (the
    /// caller's `onProgress`, or `undefined`) hears how far it is.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn send(
        exchange: Exchange,
        url: &str,
        method: &str,
        authorization: &str,
        body: &str,
        data: &JsValue,
        keyed: bool,
        key: Option<String>,
        signal: &JsValue,
        progress: &JsValue,
        timeout_ms: u32,
        retries: u32,
        backoff_ms: u32,
        max_backoff_ms: u32,
    ) -> Promise;
}

/// Reads an answer (its status and body, decoded as UTF-8) into the object a promise resolves
/// with.
pub(crate) type Reader = fn(u16, &str) -> Result<JsValue, Error>;

/// One request in flight, as `js/runtime.js` sees it: how to read its answers and name its
/// failures.
#[wasm_bindgen(skip_typescript)]
pub struct Exchange {
    pub(crate) read: Reader,
    /// Whether sending twice is harmless: decides `retryable`.
    pub(crate) idempotent: bool,
}

#[wasm_bindgen]
impl Exchange {
    /// The answer as the promise's value, or the `WutsError` to reject with.
    pub fn read(
        &self,
        status: u16,
        body: &str,
        request_id: Option<String>,
    ) -> Result<JsValue, JsValue> {
        (self.read)(status, body).map_err(|err| to_js_for(&err, request_id, self.idempotent))
    }

    /// Standard padded base64 of `bytes`, by the wasm's encoder: for a runtime whose
    /// `Uint8Array` has no `toBase64`.
    pub fn encode(&self, bytes: &[u8]) -> String {
        base64::encode(bytes)
    }

    /// The `WutsError` for an attempt that got no answer: `kind` is `aborted`, `timeout` or
    /// `network` (with `detail`).
    pub fn failure(&self, kind: &str, detail: String) -> JsValue {
        let err = match kind {
            "aborted" => Error::Aborted,
            "timeout" => Error::Timeout,
            _ => Error::Network(detail),
        };
        to_js_for(&err, None, self.idempotent)
    }
}
