//! The wire body a builder holds, as a JavaScript object.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use super::error::problems_to_js;
use super::json::from_js;
use super::wire::WireBody;
use crate::{Limits, Problems, StatusRequest};

/// A request's wire body, exactly as the caller gave it: wrong types and unknown fields stay
/// in it, so validation reports them as it would for a plain object.
///
/// Every JavaScript handle of one builder shares the body: `status.font(1)` changes `status`
/// and returns a handle to it, so chaining and mutating both work as JavaScript expects.
#[derive(Clone)]
pub(crate) struct JsBody(Object);

impl JsBody {
    /// An empty body.
    pub(crate) fn new() -> Self {
        Self(Object::new())
    }

    /// The body a core builder serializes to.
    pub(crate) fn of<R: WireBody>(request: &R) -> Self {
        Self(request.wire_body().unchecked_into())
    }

    /// Sets wire field `key` to a JavaScript value, as JSON data. `undefined` and `null` are
    /// stored as `null`, which the rules read as unset.
    pub(crate) fn set(&self, key: &str, value: &JsValue) {
        // Setting a data property on a plain object cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &from_js(value));
    }

    /// Sets each wire field named in `fields` (JavaScript name, wire name) that `options` has.
    pub(crate) fn set_options(&self, options: &JsValue, fields: &[(&str, &str)]) {
        if !options.is_object() {
            return;
        }
        for (js_name, wire_name) in fields {
            if let Ok(value) = Reflect::get(options, &JsValue::from_str(js_name)) {
                if !value.is_undefined() {
                    self.set(wire_name, &value);
                }
            }
        }
    }

    /// The body as it is held.
    pub(crate) fn as_ref(&self) -> &JsValue {
        &self.0
    }

    /// The request, validated and normalized by the core.
    pub(crate) fn check<R: StatusRequest>(&self) -> Result<R, Problems> {
        R::from_json(JsValue::from(&self.0), &Limits::default())
    }

    /// `validate()`: every problem as `{ field, code, message }`, or `[]`.
    pub(crate) fn problems<R: StatusRequest>(&self) -> JsValue {
        match self.check::<R>() {
            Ok(_) => problems_to_js(&[]),
            Err(problems) => problems_to_js(problems.as_slice()),
        }
    }

    /// `toJSON()`: the normalized wire body when valid, else a copy of the body as given.
    pub(crate) fn to_js<R: WireBody>(&self) -> JsValue {
        match self.check::<R>() {
            Ok(request) => request.wire_body(),
            Err(_) => from_js(&self.0),
        }
    }
}
