//! [`WutsError`], the one class every failure rejects with, built from the core [`Error`].

use wasm_bindgen::prelude::*;

use super::values::to_plain;
use crate::error::Error;
use crate::message::msg;
use crate::problem::{Problem, ProblemCode, Problems};

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// The JavaScript `WutsError` class (`js/runtime.js`): an `Error` subclass carrying
    /// `code`, `status`, `field`, `problems`, `retryable` and `requestId`.
    #[wasm_bindgen(extends = js_sys::Error)]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub type WutsError;

    #[wasm_bindgen(js_name = wutsError)]
    fn wuts_error(
        message: &str,
        code: &str,
        status: u16,
        problems: JsValue,
        retryable: bool,
        request_id: Option<String>,
        retries_now: bool,
    ) -> WutsError;

    /// The stable code: a server's code as sent, or `invalid_request`, `network_error`,
    /// `timeout`, `aborted`, `unexpected_response`.
    #[wasm_bindgen(method, getter)]
    pub fn code(this: &WutsError) -> String;

    /// The HTTP status of the answer; 0 when none came or nothing was sent.
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &WutsError) -> u16;

    /// The first problem's field, or `null`.
    #[wasm_bindgen(method, getter)]
    pub fn field(this: &WutsError) -> Option<String>;

    /// Every problem, as `{ field, code, message }` objects.
    #[wasm_bindgen(method, getter)]
    pub fn problems(this: &WutsError) -> js_sys::Array;

    /// Whether sending the same request again is safe and may succeed (never for a publish
    /// that may already be out).
    #[wasm_bindgen(method, getter)]
    pub fn retryable(this: &WutsError) -> bool;

    /// The server's `X-Request-Id`, or `null`.
    #[wasm_bindgen(method, getter, js_name = requestId)]
    pub fn request_id(this: &WutsError) -> Option<String>;
}

/// `err` as a `WutsError` for a request that is `idempotent` or not, with the request id of
/// the answer that carried it. `retryable` is never true for a publish that may have gone out;
/// whether `js/runtime.js` retries it by itself is decided here too ([`Error::resend`]).
pub(crate) fn to_js_for(err: &Error, request_id: Option<String>, idempotent: bool) -> JsValue {
    let resend = err.resend();
    wuts_error(
        &msg!(err),
        err.code(),
        err.status(),
        problems_to_js(err.problems()),
        resend.is_retryable(idempotent),
        request_id,
        resend.retries_now(idempotent),
    )
    .into()
}

/// `err` as a `WutsError` outside a request (options, builders): nothing was sent.
pub(crate) fn to_js(err: impl Into<Error>) -> JsValue {
    to_js_for(&err.into(), None, false)
}

/// Problems as a JavaScript array of `{ field, code, message }`.
pub(crate) fn problems_to_js(problems: &[Problem]) -> JsValue {
    to_plain(problems)
}

/// A validation failure with one problem, for inputs that never reach a request body (client
/// options, a file that cannot be read).
pub(crate) fn invalid(field: &str, code: ProblemCode, message: impl Into<String>) -> Error {
    Error::Validation(Problems::from(Problem::new(field, code, message)))
}
