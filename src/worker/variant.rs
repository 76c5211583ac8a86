//! A measuring aid, built only with the `bench-js-entry` feature: the proxy's decisions as three
//! plain wasm exports, for `bench/js-entry/worker.mjs`, a Worker whose JavaScript entry does
//! the HTTP work (headers, the token store, the body, the backend call, the answer, the log)
//! and calls the wasm three times per request. `make bench` runs it beside the Worker built
//! on workers-rs (`bench/workerd/js-entry.capnp`), to tell what the entry point itself costs.
//! It leaves out CORS, the rate limit and idempotency keys, which the bench does not exercise.

use crate::envelope::ApiCode;
use wasm_bindgen::prelude::wasm_bindgen;

use super::auth::{accepts, digest, forbidden, unauthorized, TenantRecord};
use super::config::EdgeConfig;
use super::forward::classify;
use super::payload::framing;
use super::reply::Reply;
use super::routes::{match_route, Matched, Route};
use super::validate;
use crate::Token;

thread_local! {
    static CONFIG: EdgeConfig = EdgeConfig::from_lookup(|_| None);
}

/// An answer as bytes: the status in two bytes (big-endian), then the JSON body.
fn answer(reply: Reply) -> Vec<u8> {
    let mut out = Vec::with_capacity(reply.body.len() + 2);
    out.extend_from_slice(&reply.status.to_be_bytes());
    out.extend_from_slice(&reply.body);
    out
}

/// Call 1: the token's digest (64 hex characters) to look up, or the 401 as bytes.
#[wasm_bindgen(js_name = variantDigest)]
pub fn variant_digest(authorization: Option<String>) -> Result<String, Vec<u8>> {
    match Token::from_authorization(authorization.as_deref()) {
        Ok(token) => Ok(digest(&token)),
        Err(err) => Err(answer(unauthorized(err))),
    }
}

/// Call 2: judges the request (route, the token's record, content type and length, the
/// body), and returns either `[0, 0]` and the wire body to forward, or an answer.
#[wasm_bindgen(js_name = variantCheck)]
pub fn variant_check(
    method: &str,
    path: &str,
    digest: &str,
    record: Option<String>,
    content_type: Option<String>,
    content_length: Option<String>,
    mut body: Vec<u8>,
) -> Vec<u8> {
    CONFIG.with(|config| {
        let Matched::Found(Route::Api(route)) = match_route(method, path) else {
            return answer(Reply::error(ApiCode::NotFound, "no such endpoint"));
        };
        let judged = record
            .and_then(|r| serde_json::from_str::<TenantRecord>(&r).ok())
            .filter(|r| accepts(r, digest));
        if judged.is_none() {
            return answer(forbidden());
        }
        let checked = framing(
            content_type.as_deref(),
            content_length.as_deref(),
            config.max_body_bytes,
        )
        .and_then(|_| validate(route, &body, config));
        match checked {
            Ok(wire) => {
                let range = wire.write_over(&mut body);
                let mut out = vec![0, 0];
                out.extend_from_slice(body.get(range).unwrap_or_default());
                out
            }
            Err(reply) => answer(reply),
        }
    })
}

/// Call 3: what the caller gets for the backend's answer.
#[wasm_bindgen(js_name = variantAnswer)]
pub fn variant_answer(status: u16, body: Vec<u8>) -> Vec<u8> {
    answer(classify(status, body))
}
