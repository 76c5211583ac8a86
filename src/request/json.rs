//! [`Json`]: an untrusted JSON value as the rules read it.
//!
//! The rules read request bodies and answers through this trait, not through one JSON type, so
//! they live once and report the same problems everywhere: natively and in the Worker the value
//! is a [`serde_json::Value`]; in the browser package it is a JavaScript value, read without
//! serde_json, whose parser and number formatting would be much of the package's size.

use serde_json::Value;

/// A JSON value, read one field or item at a time. Every reader returns `None` when the value
/// is not of the kind asked for.
pub trait Json: Sized {
    /// Field `key` of an object; `None` when this is not an object or has no such field.
    fn get(&self, key: &str) -> Option<Self>;
    /// The keys of an object, in any order; `None` when this is not an object.
    fn keys(&self) -> Option<Vec<String>>;
    /// Whether this is `null`.
    fn is_null(&self) -> bool;
    /// A boolean.
    fn boolean(&self) -> Option<bool>;
    /// A string.
    fn string(&self) -> Option<String>;
    /// A whole number from 0 to `u64::MAX`, written without a fraction or an exponent.
    fn unsigned(&self) -> Option<u64>;
    /// The items of an array.
    fn items(&self) -> Option<Vec<Self>>;
}

impl Json for &Value {
    fn get(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key)
    }

    fn keys(&self) -> Option<Vec<String>> {
        Some(self.as_object()?.keys().cloned().collect())
    }

    fn is_null(&self) -> bool {
        Value::is_null(self)
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn unsigned(&self) -> Option<u64> {
        self.as_u64()
    }

    fn items(&self) -> Option<Vec<Self>> {
        Some(self.as_array()?.iter().collect())
    }
}
