//! What the suite needs around the client: a client of the shared `wuts-local`
//! (`crate::wasm_backend`), JSON both ways, and awaiting promises that must resolve or reject.

use js_sys::{Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wuts_status::browser::{WutsClient, WutsError};

pub use crate::wasm_backend::*;

impl Backend {
    /// A client of this backend for `token`, with extra options.
    pub fn client(&self, token: &str, extra: Value) -> WutsClient {
        let mut options = serde_json::json!({"baseUrl": self.url, "token": token});
        if let (Some(options), Value::Object(extra)) = (options.as_object_mut(), extra) {
            options.extend(extra);
        }
        WutsClient::new(js_value(&options).unchecked_into()).unwrap()
    }
}

/// A JSON value as the JavaScript value `JSON.parse` gives.
pub fn js_value(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap()
}

/// Options objects are plain objects; the client reads them by key.
pub fn options<T: JsCast>(value: Value) -> T {
    js_value(&value).unchecked_into()
}

pub fn options_with_signal(signal: &web_sys::AbortSignal) -> JsValue {
    let options = js_sys::Object::new();
    Reflect::set(&options, &"signal".into(), signal).unwrap();
    options.into()
}

/// A JavaScript value as JSON, as `JSON.stringify` gives it.
pub fn json_of(value: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(value).unwrap().as_string().unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A thrown value that must be a `WutsError`.
pub fn error_of(thrown: JsValue) -> WutsError {
    assert!(
        thrown.is_instance_of::<WutsError>(),
        "not a WutsError: {thrown:?}"
    );
    thrown.unchecked_into()
}

/// The value of a promise that must resolve.
pub async fn ok(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => value,
        Err(e) => {
            let e: WutsError = e.unchecked_into();
            panic!("rejected: {} {} {:?}", e.code(), e.status(), e.message());
        }
    }
}

/// The `WutsError` of a promise that must reject.
pub async fn err(promise: Promise) -> WutsError {
    match JsFuture::from(promise).await {
        Ok(value) => panic!("resolved with {:?}", json_of(&value)),
        Err(e) => error_of(e),
    }
}

/// Whether JSON text holds a number JavaScript reads as another (`1.0` is `1`, big integers
/// round): such cases test serde, not the client.
pub fn js_cannot_express(value: &Value) -> bool {
    match value {
        Value::Number(n) => {
            const SAFE: u64 = 1 << 53;
            n.as_f64().is_some_and(|f| f.fract() == 0.0 && n.is_f64())
                || n.as_u64().is_some_and(|u| u > SAFE)
                || n.as_i64().is_some_and(|i| i.unsigned_abs() > SAFE)
        }
        Value::Array(items) => items.iter().any(js_cannot_express),
        Value::Object(map) => map.values().any(js_cannot_express),
        _ => false,
    }
}
