//! JavaScript values read as JSON by the core's rules, and the JSON text bridge.
//!
//! The package reads bodies and answers as JavaScript values, parsed and serialized by the
//! engine's `JSON`, so the wasm holds no JSON parser of its own.

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;

use crate::request::Json;

/// Two to the 64th: the first whole number a `u64` cannot hold.
const U64_END: f64 = 18_446_744_073_709_551_616.0;

/// Whether `value` is an object that is not an array, as a JSON object is.
fn is_object(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value)
}

impl Json for JsValue {
    type Str = String;

    fn get(&self, key: &str) -> Option<Self> {
        if !is_object(self) {
            return None;
        }
        Reflect::get(self, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn keys(&self) -> Option<Vec<String>> {
        is_object(self).then(|| {
            Object::keys(self.unchecked_ref::<Object>())
                .iter()
                .filter_map(|k| k.as_string())
                .collect()
        })
    }

    fn is_null(&self) -> bool {
        JsValue::is_null(self)
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn unsigned(&self) -> Option<u64> {
        // What serde_json reads as a u64 from `JSON.stringify` of the number: a whole number
        // below 2^64 (larger ones it writes with an exponent or reads as a float).
        self.as_f64()
            .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n < U64_END)
            .map(|n| n as u64)
    }

    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(self).then(|| Array::from(self).iter().collect())
    }
}

/// A JavaScript value as JSON data, exactly as `JSON.stringify` sees it (so a builder becomes
/// its `toJSON()`); `undefined`, functions and values that cannot be serialized become `null`.
/// The result is a fresh value the caller cannot change behind the builder's back.
pub(crate) fn from_js(value: &JsValue) -> JsValue {
    // Strings skip the round trip: inline media is megabytes of base64, which `is_string`
    // does not copy into the wasm as `as_string` would.
    if value.is_string() {
        return value.clone();
    }
    JSON::stringify(value)
        .ok()
        .and_then(|json| json.as_string())
        .and_then(|json| parse_json(&json))
        .unwrap_or(JsValue::NULL)
}

/// JSON text as a JavaScript value; `None` when it is not JSON.
pub(crate) fn parse_json(json: &str) -> Option<JsValue> {
    JSON::parse(json).ok()
}
