//! The request id: the caller's `X-Request-Id` when it is sane, else a fresh UUID. It goes to
//! the backend, back to the caller, and into the log line, so one id follows a request.

use wasm_bindgen::prelude::wasm_bindgen;

use crate::rules::request_id::is_sane;

#[wasm_bindgen]
extern "C" {
    /// WebCrypto's random UUID v4: random enough for ids, and no extra dependency.
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> String;
}

/// The id for this request.
pub fn pick(incoming: Option<&str>) -> String {
    match incoming.map(str::trim) {
        Some(id) if is_sane(id) => id.to_owned(),
        _ => random_uuid(),
    }
}
