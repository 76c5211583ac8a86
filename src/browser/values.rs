//! The values the package's exports hand to JavaScript (the client's results, problems, the
//! contract's limits), made by serde-wasm-bindgen from serde types: plain objects with the
//! fields the TypeScript declarations name, each absent value `null` as they say. The wire
//! bodies and the editor reviews are still built field by field (`client::object`): through
//! serde-wasm-bindgen they would take the package over its size budget (docs/benchmarks.md).

use serde::Serialize;
use wasm_bindgen::JsValue;

/// `value` as a plain JavaScript value: structs as objects, sequences as arrays, `None` as
/// `null`.
pub(crate) fn to_plain<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    // Only integers beyond 2^53 fail to serialize, and none of these values holds one.
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}
