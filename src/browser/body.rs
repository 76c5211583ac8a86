//! The wire body a builder holds, and the JSON bridge between JavaScript values and serde.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::JSON;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use super::error::problems_to_js;
use crate::{Error, Limits, StatusRequest};

/// A request's wire body, exactly as the caller gave it: wrong types and unknown fields stay
/// in it, so validation reports them as it would for a plain object.
///
/// Every JavaScript handle of one builder shares the body: `status.font(1)` changes `status`
/// and returns a handle to it, so chaining and mutating both work as JavaScript expects.
#[derive(Clone)]
pub(crate) struct Body(Rc<RefCell<Value>>);

impl Body {
    /// An empty body.
    pub(crate) fn new() -> Self {
        Self(Rc::new(RefCell::new(Value::Object(Map::new()))))
    }

    /// The body a core builder serializes to.
    pub(crate) fn of<R: StatusRequest>(request: &R) -> Self {
        let body = Self::new();
        // Through the JSON text rather than `serde_json::to_value`: the wasm already holds
        // that serializer and parser, and not the other.
        if let Ok(value @ Value::Object(_)) = serde_json::from_slice(request.to_json().as_bytes()) {
            *body.0.borrow_mut() = value;
        }
        body
    }

    /// Sets wire field `key` to a JavaScript value. `undefined` and `null` are stored as
    /// `null`, which the rules read as unset (removing the key would cost more wasm).
    pub(crate) fn set(&self, key: &str, value: &JsValue) {
        let value = from_js(value);
        if let Value::Object(map) = &mut *self.0.borrow_mut() {
            map.insert(key.to_owned(), value);
        }
    }

    /// Sets each wire field named in `fields` (JavaScript name, wire name) that `options` has.
    pub(crate) fn set_options(&self, options: &JsValue, fields: &[(&str, &str)]) {
        if !options.is_object() {
            return;
        }
        for (js_name, wire_name) in fields {
            if let Ok(value) = js_sys::Reflect::get(options, &JsValue::from_str(js_name)) {
                if !value.is_undefined() {
                    self.set(wire_name, &value);
                }
            }
        }
    }

    /// The request, validated and normalized by the core.
    pub(crate) fn check<R: StatusRequest>(&self) -> Result<R, Error> {
        R::from_json(&self.0.borrow(), &Limits::default())
    }

    /// `validate()`: every problem as `{ field, code, message }`, or `[]`.
    pub(crate) fn problems<R: StatusRequest>(&self) -> JsValue {
        match self.check::<R>() {
            Ok(_) => problems_to_js(&[]),
            Err(err) => problems_to_js(err.problems()),
        }
    }

    /// `toJSON()`: the normalized wire body when valid, else the body as given.
    pub(crate) fn to_js<R: StatusRequest>(&self) -> JsValue {
        match self.check::<R>() {
            Ok(request) => parse_json(&request.to_json()),
            Err(_) => parse_json(&self.0.borrow().to_string()),
        }
    }
}

/// A JavaScript value as JSON, exactly as `JSON.stringify` sees it (so a builder becomes its
/// `toJSON()`); `undefined`, functions and values that cannot be serialized become `null`.
pub(crate) fn from_js(value: &JsValue) -> Value {
    // Strings skip the round trip: inline media is megabytes of base64.
    if let Some(s) = value.as_string() {
        return Value::String(s);
    }
    JSON::stringify(value)
        .ok()
        .and_then(|json| json.as_string())
        // from_slice, as the core reads answers: one JSON parser in the wasm, not two.
        .and_then(|json| serde_json::from_slice(json.as_bytes()).ok())
        .unwrap_or(Value::Null)
}

/// JSON text as a JavaScript value.
pub(crate) fn parse_json(json: &str) -> JsValue {
    JSON::parse(json).unwrap_or(JsValue::NULL)
}
