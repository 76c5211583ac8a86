//! One HTTP exchange through the global `fetch`, under a deadline and the caller's signal, with
//! each way it can fail told apart: network, timeout, abort.

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestInit, Response};

use crate::Error;

#[wasm_bindgen]
extern "C" {
    // The global `fetch`, not `window.fetch`: Workers and Node have no window.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, js_namespace = AbortSignal, js_name = timeout)]
    fn signal_timeout(ms: u32) -> Result<AbortSignal, JsValue>;

    #[wasm_bindgen(catch, js_namespace = AbortSignal, js_name = any)]
    fn signal_any(signals: &Array) -> Result<AbortSignal, JsValue>;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
}

/// What to send.
pub(crate) struct Exchange<'a> {
    pub(crate) method: &'a str,
    pub(crate) url: &'a str,
    pub(crate) authorization: &'a str,
    pub(crate) body: &'a str,
    /// The caller's signal: when it aborts, the exchange fails with [`Error::Aborted`].
    pub(crate) signal: Option<&'a AbortSignal>,
    /// The deadline of this exchange, body included; 0 for none.
    pub(crate) timeout_ms: u32,
}

/// An answer, whatever its status.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    /// The `X-Request-Id` header, when the server sent one (and CORS exposes it).
    pub(crate) request_id: Option<String>,
}

/// Sends `exchange` and reads the whole answer.
pub(crate) async fn send(exchange: &Exchange<'_>) -> Result<Answer, Error> {
    let caller = exchange.signal;
    if caller.is_some_and(AbortSignal::aborted) {
        return Err(Error::Aborted);
    }
    let deadline = match exchange.timeout_ms {
        0 => None,
        ms => Some(signal_timeout(ms).map_err(|e| missing_api(&e))?),
    };
    let signal = match (caller, &deadline) {
        (Some(caller), Some(deadline)) => {
            Some(signal_any(&Array::of2(caller, deadline)).map_err(|e| missing_api(&e))?)
        }
        (Some(caller), None) => Some(caller.clone()),
        (None, deadline) => deadline.clone(),
    };
    // A rejection means no answer; the signals say whether the caller or the deadline caused it.
    let fail = |err: JsValue| {
        if caller.is_some_and(AbortSignal::aborted) {
            Error::Aborted
        } else if deadline.as_ref().is_some_and(AbortSignal::aborted) {
            Error::Timeout
        } else {
            Error::Network(describe(&err))
        }
    };

    let headers = Headers::new().map_err(fail)?;
    for (name, value) in [
        ("authorization", exchange.authorization),
        ("content-type", "application/json"),
        ("accept", "application/json"),
    ] {
        headers.set(name, value).map_err(fail)?;
    }
    let init = RequestInit::new();
    init.set_method(exchange.method);
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(exchange.body));
    init.set_signal(signal.as_ref());

    let pending = global_fetch(exchange.url, &init).map_err(fail)?;
    let response: Response = JsFuture::from(pending)
        .await
        .map_err(fail)?
        .unchecked_into();
    let status = response.status();
    let request_id = response.headers().get("x-request-id").ok().flatten();
    let body = response.array_buffer().map_err(fail)?;
    let body = JsFuture::from(body).await.map_err(fail)?;
    Ok(Answer {
        status,
        body: Uint8Array::new(&body).to_vec(),
        request_id,
    })
}

/// Waits `ms` milliseconds.
pub(crate) async fn sleep(ms: u32) {
    let timer = Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, ms);
    });
    // A timer's promise only resolves.
    let _ = JsFuture::from(timer).await;
}

/// A JavaScript error as one line: its message, and its cause's (Node puts `ECONNREFUSED`
/// there).
pub(crate) fn describe(err: &JsValue) -> String {
    let message = |value: &JsValue| {
        Reflect::get(value, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
    };
    let mut text = message(err)
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    let cause = Reflect::get(err, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
    if let Some(cause) = message(&cause).filter(|m| !m.is_empty()) {
        text.push_str(": ");
        text.push_str(&cause);
    }
    text
}

fn missing_api(err: &JsValue) -> Error {
    Error::Network(format!(
        "this runtime lacks AbortSignal.timeout or AbortSignal.any: {}",
        describe(err)
    ))
}
