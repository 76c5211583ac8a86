//! The runtime's side of a request, through the crate's snippet `edge.js`: one call across the
//! wasm boundary per step of the request, where the Workers SDK's per-field accessors would
//! make one per header, chunk and promise callback. Everything here moves data; the decisions
//! are the other modules' and the rules'.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use worker::js_sys::{Array, Promise, Uint8Array};
use worker::wasm_bindgen_futures::JsFuture;
use worker::worker_sys::web_sys;
use worker::Env;

use super::token_cache::KV_CACHE_TTL_S;
use crate::rules::request_id::check_request_id;

#[wasm_bindgen(module = "/src/worker/edge.js")]
extern "C" {
    fn head(request: &web_sys::Request) -> String;
    /// A var of `env` as text, numbers and booleans written out; `None` when unset.
    #[wasm_bindgen(js_name = textVar)]
    pub fn var(env: &Env, name: &str) -> Option<String>;
    #[wasm_bindgen(catch)]
    fn admit(
        env: &Env,
        kv: &str,
        limiter: &str,
        key: &str,
        known: bool,
        cache_ttl_s: u32,
        request: Option<&web_sys::Request>,
        declared: f64,
        limit: f64,
    ) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = readInto)]
    fn read_into(pending: &JsValue, memory: &JsValue, ptr: u32, capacity: u32) -> Promise;
    #[wasm_bindgen(js_name = forward)]
    fn forward_js(
        url: &str,
        method: &str,
        authorization: &str,
        request_id: &str,
        body: &[u8],
        memory: &JsValue,
        timeout_ms: u32,
        max_answer: u32,
    ) -> Promise;
    /// The same call with the body of a Durable Object's incoming `request`, passed on as it
    /// arrives.
    #[wasm_bindgen(js_name = forwardBody)]
    fn forward_body_js(
        url: &str,
        method: &str,
        authorization: &str,
        request_id: &str,
        request: &web_sys::Request,
        timeout_ms: u32,
        max_answer: u32,
    ) -> Promise;
    /// A keyed publish through the caller's Durable Object (see `idempotency::publish`).
    #[wasm_bindgen(js_name = keyedPublish)]
    pub fn keyed_publish(
        env: &Env,
        binding: &str,
        owner: &str,
        key: &str,
        path: &str,
        body: &[u8],
        memory: &JsValue,
        ttl_ms: f64,
        lease_ms: f64,
        authorization: &str,
        request_id: &str,
    ) -> Promise;
    /// A request to the caller's Durable Object about schedules: [status, verdict, body].
    #[wasm_bindgen(js_name = callStore)]
    pub fn call_store(
        env: &Env,
        binding: &str,
        owner: &str,
        method: &str,
        path: &str,
        headers: &JsValue,
        body: Option<&[u8]>,
        memory: &JsValue,
        fingerprint_of: &str,
    ) -> Promise;
    /// The token sealed for storage (AES-GCM under a key from `secret`, bound to `owner`).
    #[wasm_bindgen(js_name = sealToken)]
    pub fn seal_token(secret: &str, owner: &str, token: &str) -> Promise;
    /// The token `seal_token` sealed, or undefined.
    #[wasm_bindgen(js_name = openToken)]
    pub fn open_token(secret: &str, owner: &str, sealed: &str) -> Promise;
    /// Keeps the body of a Durable Object's incoming request in R2 (or as text): the text.
    #[wasm_bindgen(js_name = keepBody)]
    pub fn keep_body(env: &Env, binding: &str, key: &str, request: &web_sys::Request) -> Promise;
    /// Deletes R2 objects.
    #[wasm_bindgen(js_name = dropBodies)]
    pub fn drop_bodies(env: &Env, binding: &str, keys: Vec<String>) -> Promise;
    #[wasm_bindgen(js_name = forwardKept)]
    fn forward_kept_js(
        url: &str,
        method: &str,
        authorization: &str,
        request_id: &str,
        text: &str,
        env: &Env,
        binding: &str,
        key: &str,
        timeout_ms: u32,
        max_answer: u32,
    ) -> Promise;
    /// A new schedule id.
    #[wasm_bindgen(js_name = scheduleId)]
    pub fn schedule_id() -> String;
    /// The runtime's response, with the log line written once.
    #[wasm_bindgen(js_name = respond)]
    pub fn response(status: u16, headers: &str, body: &[u8], log_line: &str) -> web_sys::Response;
}

/// The request line and the headers the proxy reads, from one call.
#[derive(Debug)]
pub struct Head {
    /// When the request arrived (`Date.now()`).
    pub started_ms: f64,
    /// A fresh UUID v4, the request id when the caller's is missing or not sane.
    pub fresh_id: String,
    /// The method as sent (not folded to one the SDK knows).
    pub method: String,
    /// The URL's path.
    pub path: String,
    /// `Authorization`.
    pub authorization: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Content-Length`.
    pub content_length: Option<String>,
    /// `Origin`.
    pub origin: Option<String>,
    /// `X-Request-Id`, as the caller sent it; [`Head::request_id`] is the one the proxy uses.
    pub caller_request_id: Option<String>,
    /// `Access-Control-Request-Method`.
    pub cors_method: Option<String>,
    /// `Idempotency-Key`.
    pub idempotency_key: Option<String>,
}

impl Head {
    /// Reads `request`'s head.
    pub fn read(request: &web_sys::Request) -> Self {
        Self::parse(&head(request))
    }

    /// The id for this request: the caller's `X-Request-Id` when it is sane
    /// ([`crate::rules::request_id`]), else the fresh UUID. It goes to the backend, back to the
    /// caller, and into the log line, so one id follows a request.
    pub fn request_id(&self) -> String {
        self.caller_request_id
            .as_deref()
            .and_then(|id| check_request_id("x-request-id", id.trim()).ok())
            .unwrap_or(&self.fresh_id)
            .to_owned()
    }

    /// Parses the lines `edge.js`'s `head` writes.
    fn parse(text: &str) -> Self {
        let mut lines = text.split('\n');
        let mut plain = || lines.next().unwrap_or_default().to_owned();
        let started_ms = plain().parse().unwrap_or(0.0);
        let (fresh_id, method, path) = (plain(), plain(), plain());
        let mut header = || lines.next()?.strip_prefix('+').map(str::to_owned);
        Self {
            started_ms,
            fresh_id,
            method,
            path,
            authorization: header(),
            content_type: header(),
            content_length: header(),
            origin: header(),
            caller_request_id: header(),
            cors_method: header(),
            idempotency_key: header(),
        }
    }
}

/// What the token store and the rate limiter say about a token, and the body when it was read.
pub struct Admission {
    /// The token's record, `None` when the store has none.
    pub record: Option<String>,
    /// Whether the rate limit lets the request through.
    pub allowed: bool,
    /// The body's first read, for [`body`]; `undefined` when it was not read.
    pub body: JsValue,
}

/// The token store failed.
pub struct StoreFailed;

/// The body to read along with the token: the request, its declared length (already within
/// the limit) and the limit.
pub struct BodyRead<'a> {
    /// The request whose body to read.
    pub request: &'a web_sys::Request,
    /// Its `Content-Length`.
    pub declared: Option<usize>,
    /// The most bytes read.
    pub limit: usize,
}

/// Looks up `key` in the KV namespace `kv` (unless its record is `known` already: the record is
/// then given as empty); when a record exists, charges the rate limit binding `limiter` for it;
/// and when that lets it through, starts reading `body`, all in one promise.
pub async fn admit_token(
    env: &Env,
    kv: &str,
    limiter: &str,
    key: &str,
    known: bool,
    body: Option<BodyRead<'_>>,
) -> Result<Admission, StoreFailed> {
    let (request, declared, limit) = match &body {
        Some(read) => (
            Some(read.request),
            read.declared.map_or(-1.0, |n| n as f64),
            read.limit as f64,
        ),
        None => (None, -1.0, 0.0),
    };
    let promise = admit(
        env,
        kv,
        limiter,
        key,
        known,
        KV_CACHE_TTL_S,
        request,
        declared,
        limit,
    )
    .map_err(|_| StoreFailed)?;
    let outcome: Array = JsFuture::from(promise)
        .await
        .map_err(|_| StoreFailed)?
        .unchecked_into();
    let state = outcome.get(0).as_string().unwrap_or_default();
    let (record, allowed) = match state.split_at_checked(1) {
        Some(("+", record)) => (Some(record.to_owned()), true),
        Some(("-", record)) => (Some(record.to_owned()), false),
        _ => (None, true),
    };
    Ok(Admission {
        record,
        allowed,
        body: outcome.get(1),
    })
}

/// Why a body was not read.
pub enum BodyError {
    /// Over the limit (or over its declared length).
    TooLarge,
    /// The stream failed.
    Unreadable,
}

/// Room kept after a large body for the wire body's tail, which may outgrow what followed the
/// kept `data` (see [`crate::Wire::write_over`]): a caption of 1,024 characters escaped, and
/// the other fields.
const TAIL_ROOM: usize = 8 * 1024;

/// Finishes reading the body `admit_token` started: the whole body (a small or chunked one),
/// an error code, or a pending read of a large declared body, which goes straight into wasm
/// memory. That memory is taken only now that its first bytes have arrived.
pub async fn body(
    first: JsValue,
    declared: Option<usize>,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    if let Some(code) = first.as_f64() {
        return Err(error_of(code));
    }
    if let Some(bytes) = first.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    let capacity = declared.unwrap_or(0).min(limit);
    // Zeroed in one allocation: fresh pages come zeroed, reused ones by one bulk fill.
    let mut body = vec![0u8; capacity.saturating_add(TAIL_ROOM)];
    body.truncate(capacity);
    let (Ok(ptr), Ok(cap)) = (
        u32::try_from(body.as_ptr() as usize),
        u32::try_from(capacity),
    ) else {
        return Err(BodyError::TooLarge);
    };
    let read = JsFuture::from(read_into(&first, &wasm_bindgen::memory(), ptr, cap))
        .await
        .map_err(|_| BodyError::Unreadable)?
        .as_f64()
        .unwrap_or(-2.0);
    if read < 0.0 {
        return Err(error_of(read));
    }
    body.truncate(read as usize);
    Ok(body)
}

fn error_of(code: f64) -> BodyError {
    if code == -1.0 {
        BodyError::TooLarge
    } else {
        BodyError::Unreadable
    }
}

/// The backend's answer to one call.
pub enum Exchange {
    /// It answered with this status and body.
    Answered(u16, Vec<u8>),
    /// It answered with this status and a body over the cap.
    TooLarge(u16),
    /// No answer: refused, reset, DNS, or the request could not be built.
    Unreachable,
    /// No answer within the deadline; the call was aborted.
    TimedOut,
}

/// A body on its way to the backend.
#[derive(Clone, Copy)]
pub enum Outgoing<'a> {
    /// Bytes in wasm memory, which must stay where they are until the call returns: a large
    /// body is streamed out of wasm memory.
    Wasm(&'a [u8]),
    /// The body of a request the runtime holds, passed on as it arrives.
    Stream(&'a web_sys::Request),
    /// A body kept for a schedule: its text, or when that is empty the R2 object `key` of the
    /// bucket bound as `binding`.
    Kept {
        /// The body, when kept as text.
        text: &'a str,
        /// The environment holding the bucket.
        env: &'a Env,
        /// The bucket's binding.
        binding: &'a str,
        /// The object's key.
        key: &'a str,
    },
}

/// One backend call: `body` to `url`, with the caller's authorization and the request id,
/// its answer read within `timeout_ms`, at most `max_answer` bytes of it.
pub async fn send(
    url: &str,
    method: &str,
    authorization: &str,
    request_id: &str,
    body: Outgoing<'_>,
    timeout_ms: u32,
    max_answer: u32,
) -> Exchange {
    let promise = match body {
        Outgoing::Wasm(bytes) => forward_js(
            url,
            method,
            authorization,
            request_id,
            bytes,
            &wasm_bindgen::memory(),
            timeout_ms,
            max_answer,
        ),
        Outgoing::Stream(request) => forward_body_js(
            url,
            method,
            authorization,
            request_id,
            request,
            timeout_ms,
            max_answer,
        ),
        Outgoing::Kept {
            text,
            env,
            binding,
            key,
        } => forward_kept_js(
            url,
            method,
            authorization,
            request_id,
            text,
            env,
            binding,
            key,
            timeout_ms,
            max_answer,
        ),
    };
    let Ok(outcome) = JsFuture::from(promise).await else {
        return Exchange::Unreachable;
    };
    let Some(answer) = outcome.dyn_ref::<Uint8Array>() else {
        return match outcome.as_f64() {
            Some(code) if code < 0.0 => Exchange::TimedOut,
            _ => Exchange::Unreachable,
        };
    };
    let mut answer = answer.to_vec();
    match *answer.as_slice() {
        [hi, lo, 1, ..] => {
            answer.drain(..3);
            Exchange::Answered(u16::from_be_bytes([hi, lo]), answer)
        }
        [hi, lo, ..] => Exchange::TooLarge(u16::from_be_bytes([hi, lo])),
        _ => Exchange::Unreachable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_tell_absent_headers_from_empty_ones() {
        let head = Head::parse("1700000000000\nid\nPOST\n/status/text\n+Bearer x\n+\n-\n-\n-\n-");
        assert_eq!(head.started_ms, 1_700_000_000_000.0);
        assert_eq!(
            (head.method.as_str(), head.path.as_str()),
            ("POST", "/status/text")
        );
        assert_eq!(head.authorization.as_deref(), Some("Bearer x"));
        assert_eq!(head.content_type.as_deref(), Some(""));
        assert_eq!(head.content_length, None);
        assert_eq!(head.cors_method, None);
    }

    #[test]
    fn the_request_id_is_the_callers_when_sane() {
        let head =
            |id: &str| Head::parse(&format!("0\nfresh\nGET\n/healthz\n-\n-\n-\n-\n{id}\n-\n-"));
        assert_eq!(head("+ order-1234 ").request_id(), "order-1234");
        assert_eq!(head("+<script>").request_id(), "fresh");
        assert_eq!(head("+").request_id(), "fresh");
        assert_eq!(head("-").request_id(), "fresh");
    }
}
