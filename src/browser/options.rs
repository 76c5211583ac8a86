//! The client's options and the per-call options, read from JavaScript objects.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::error::invalid;
use crate::problem::ProblemCode;
use crate::rules::idempotency_key::check_idempotency_key;
use crate::{Error, Token};

/// Deadline of one attempt when the caller sets none.
const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// What `new WutsClient(options)` was given, checked.
pub(crate) struct ClientConfig {
    /// Without a trailing `/`, so request paths append as they are.
    pub(crate) base_url: String,
    pub(crate) token: Token,
    pub(crate) timeout_ms: u32,
    /// [`Retry::NONE`] when retries are off.
    pub(crate) retry: Retry,
    /// Whether publishes are retried like privacy updates: only against a server that honours
    /// `Idempotency-Key` (the edge proxy), since every attempt carries the same key.
    pub(crate) retry_publish: bool,
}

/// How privacy updates are retried (`js/runtime.js` applies it): network errors and HTTP
/// 502, 503 and 504, as the contract allows for an idempotent request, up to `retries` more
/// times, waiting `backoff_ms` doubled on each attempt up to `max_backoff_ms`.
#[derive(Clone, Copy)]
pub(crate) struct Retry {
    pub(crate) retries: u32,
    pub(crate) backoff_ms: u32,
    pub(crate) max_backoff_ms: u32,
}

impl Retry {
    /// No retries: for publishes, and clients created with `retry: false`.
    pub(crate) const NONE: Self = Self {
        retries: 0,
        backoff_ms: 0,
        max_backoff_ms: 0,
    };
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            retries: 2,
            backoff_ms: 250,
            max_backoff_ms: 5_000,
        }
    }
}

impl ClientConfig {
    /// Reads `{ baseUrl, token, timeoutMs, retry }`.
    pub(crate) fn read(options: &JsValue) -> Result<Self, Error> {
        let base_url = get(options, "baseUrl")
            .as_string()
            .filter(|url| !url.trim().is_empty())
            .ok_or_else(|| {
                invalid(
                    "baseUrl",
                    ProblemCode::Required,
                    "is required: the API's base URL, such as https://edge.example.com",
                )
            })?;
        let token = get(options, "token")
            .as_string()
            .ok_or_else(|| {
                invalid(
                    "token",
                    ProblemCode::Required,
                    "is required: the per-user API token",
                )
            })
            .and_then(|token| Token::from_option("token", token.trim()).map_err(Error::from))?;
        let timeout_ms = millis(options, "timeoutMs")?.unwrap_or(DEFAULT_TIMEOUT_MS);
        let retry = match get(options, "retry") {
            v if v.is_undefined() || v.is_null() || v == JsValue::TRUE => Retry::default(),
            v if v == JsValue::FALSE => Retry::NONE,
            v if v.is_object() => {
                let default = Retry::default();
                Retry {
                    retries: millis(&v, "retries")?.unwrap_or(default.retries),
                    backoff_ms: millis(&v, "backoffMs")?.unwrap_or(default.backoff_ms),
                    max_backoff_ms: millis(&v, "maxBackoffMs")?.unwrap_or(default.max_backoff_ms),
                }
            }
            _ => {
                return Err(invalid(
                    "retry",
                    ProblemCode::WrongType,
                    "must be false, true or { retries, backoffMs, maxBackoffMs }",
                ))
            }
        };
        let retry_publish = match get(options, "retryPublish") {
            v if v.is_undefined() || v.is_null() => false,
            v => v.as_bool().ok_or_else(|| {
                invalid(
                    "retryPublish",
                    ProblemCode::WrongType,
                    "must be true or false",
                )
            })?,
        };
        Ok(Self {
            base_url: base_url.trim().trim_end_matches('/').to_owned(),
            token,
            timeout_ms,
            retry,
            retry_publish,
        })
    }
}

/// The per-call options `{ signal, timeoutMs, idempotencyKey, onProgress }`.
pub(crate) struct CallOptions {
    /// The caller's `AbortSignal`, or `undefined`.
    pub(crate) signal: JsValue,
    /// The caller's `onProgress` function, or `undefined`.
    pub(crate) progress: JsValue,
    pub(crate) timeout_ms: Option<u32>,
    /// The publish's `Idempotency-Key`, when the caller gives one.
    pub(crate) idempotency_key: Option<String>,
}

impl CallOptions {
    pub(crate) fn read(options: &JsValue) -> Result<Self, Error> {
        let signal = match get(options, "signal") {
            none if none.is_undefined() || none.is_null() => JsValue::UNDEFINED,
            signal if signal.is_instance_of::<AbortSignal>() => signal,
            _ => {
                return Err(invalid(
                    "signal",
                    ProblemCode::WrongType,
                    "must be an AbortSignal",
                ))
            }
        };
        let progress = match get(options, "onProgress") {
            none if none.is_undefined() || none.is_null() => JsValue::UNDEFINED,
            progress if progress.is_function() => progress,
            _ => {
                return Err(invalid(
                    "onProgress",
                    ProblemCode::WrongType,
                    "must be a function",
                ))
            }
        };
        let key = get(options, "idempotencyKey");
        let idempotency_key = match key.as_string() {
            _ if key.is_undefined() || key.is_null() => None,
            None => {
                return Err(invalid(
                    "idempotencyKey",
                    ProblemCode::WrongType,
                    "must be a string",
                ))
            }
            Some(key) => {
                check_idempotency_key("idempotencyKey", &key)?;
                Some(key)
            }
        };
        Ok(Self {
            signal,
            progress,
            timeout_ms: millis(options, "timeoutMs")?,
            idempotency_key,
        })
    }
}

fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A whole number of at least 0 (milliseconds or a count); `None` when not given.
fn millis(object: &JsValue, key: &str) -> Result<Option<u32>, Error> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        // Saturates: a deadline beyond 49 days is no deadline in practice.
        Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Some(n.min(f64::from(u32::MAX)) as u32)),
        _ => Err(invalid(
            key,
            ProblemCode::Invalid,
            "must be a whole number, 0 or more",
        )),
    }
}
