//! [`Json`]: an untrusted JSON value as the rules read it.
//!
//! The rules read request bodies and answers through this trait, not through one JSON type, so
//! they live once and report the same problems everywhere. Request bodies are parsed by
//! [`parse_body`](super::parse_body) into a [`serde_json_borrow::Value`], whose strings borrow
//! from the body: the megabytes of base64 in an inline media body are never copied to be read.
//! A [`serde_json::Value`] reads the same way (answers, and the fuzz oracle). In the browser
//! package the value is a JavaScript value, read without serde_json, whose parser and number
//! formatting would be much of the package's size.

use serde_json::Value;

/// A JSON value, read one field or item at a time. Every reader returns `None` when the value
/// is not of the kind asked for.
pub trait Json: Sized {
    /// A string read from the value: borrowed from it where it can be (`&str`), else owned.
    type Str: AsRef<str> + Into<String>;

    /// Field `key` of an object; `None` when this is not an object or has no such field. When
    /// an object repeats a key, the last value counts, as in `serde_json` and `JSON.parse`.
    fn get(&self, key: &str) -> Option<Self>;
    /// The keys of an object, each once, in any order; `None` when this is not an object.
    fn keys(&self) -> Option<Vec<String>>;
    /// Whether this is `null`.
    fn is_null(&self) -> bool;
    /// A boolean.
    fn boolean(&self) -> Option<bool>;
    /// A string.
    fn string(&self) -> Option<Self::Str>;
    /// A whole number from 0 to `u64::MAX`, written without a fraction or an exponent.
    fn unsigned(&self) -> Option<u64>;
    /// The items of an array.
    fn items(&self) -> Option<Vec<Self>>;
}

impl<'a> Json for &'a Value {
    type Str = &'a str;

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

    fn string(&self) -> Option<&'a str> {
        self.as_str()
    }

    fn unsigned(&self) -> Option<u64> {
        self.as_u64()
    }

    fn items(&self) -> Option<Vec<Self>> {
        Some(self.as_array()?.iter().collect())
    }
}

/// The parsed body: an object's entries in the order written, repeats included, strings
/// borrowed from the body unless they had escapes.
impl<'a, 'body> Json for &'a serde_json_borrow::Value<'body> {
    type Str = &'a str;

    fn get(&self, key: &str) -> Option<Self> {
        // The last of repeated keys, as serde_json's map keeps it.
        self.as_object()?
            .iter()
            .filter(|(k, _)| *k == key)
            .last()
            .map(|(_, v)| v)
    }

    fn keys(&self) -> Option<Vec<String>> {
        let mut keys: Vec<String> = self.as_object()?.keys().map(str::to_owned).collect();
        keys.sort_unstable();
        keys.dedup();
        Some(keys)
    }

    fn is_null(&self) -> bool {
        serde_json_borrow::Value::is_null(self)
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn string(&self) -> Option<&'a str> {
        // Borrowed from the body unless the string had escapes; from the tree then.
        match *self {
            serde_json_borrow::Value::Str(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    fn unsigned(&self) -> Option<u64> {
        self.as_u64()
    }

    fn items(&self) -> Option<Vec<Self>> {
        Some(self.as_array()?.iter().collect())
    }
}
