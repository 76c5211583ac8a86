//! The edge proxy: a Cloudflare Worker in front of the WUTS backend.
//!
//! Every request goes through the same steps, each in its own module:
//!
//! 1. [`routes`]: which endpoint, or 404 / 405 with `Allow`; CORS preflight ([`cors`]). The
//!    operational endpoints are answered by [`ops`]; the API's three take the steps below, each
//!    a function whose `Err` is the answer that ends the request, composed with `?` in `api`.
//! 2. [`auth`]: the bearer token, looked up by its SHA-256 digest in the `WUTS_TOKENS` KV
//!    namespace (401 missing or malformed, 403 unknown or revoked).
//! 3. [`ratelimit`]: the per-token budget of the `WUTS_RATE_LIMITER` binding (429), asked in
//!    the same call as the token store.
//! 4. [`payload`]: `application/json` only (415), not declared over the configured size (413);
//!    then the `Idempotency-Key` of a publish, if any ([`idempotency`], 400 when malformed);
//!    then the body, read and counted against the size (413).
//! 5. Validation with the crate's own rules (400 with every problem), so nothing invalid
//!    reaches the backend.
//! 6. [`forward`]: the normalized body to `WUTS_BACKEND_URL` under a deadline (502, 504), and
//!    the backend's envelope passed through. With an `Idempotency-Key` on a publish,
//!    [`idempotency`] forwards it at most once per key and answers repeats from storage.
//!
//! The caller's schedules (`/schedules`) take the same token and body steps, and are kept by
//! the caller's Durable Object ([`schedules`]).
//!
//! Every answer is built as a [`Reply`], gets the security and CORS headers and
//! the request id ([`Head::request_id`](io::Head::request_id)), and is logged as one JSON line
//! ([`log`]). [`config`] reads the vars into an [`EdgeConfig`], once per
//! isolate. [`io`] moves the request and the answer across the wasm boundary in a few calls
//! (the crate's snippet `edge.js`), so each request costs little besides its checks.

mod auth;
mod config;
mod cors;
mod forward;
mod idempotency;
mod io;
mod log;
mod ops;
mod payload;
mod ratelimit;
mod reply;
mod routes;
mod schedules;
mod token_cache;
#[cfg(feature = "bench-js-entry")]
mod variant;

use crate::envelope::ApiCode;
use std::rc::Rc;
use worker::worker_sys::web_sys;

use worker::{event, Context, Env};

use crate::request::{MediaStatus, StatusPrivacy, StatusRequest, TextStatus};
use crate::Wire;

use config::EdgeConfig;
use io::{BodyRead, Head, Outgoing};
use log::LogLine;
use reply::Reply;
use routes::{ApiRoute, Matched, Route};

#[event(start)]
fn start() {
    // With panic=abort a panic ends the instance; this at least puts its message in the logs.
    // worker-build's shim then resets the instance before the next request.
    console_error_panic_hook::set_once();
}

#[event(fetch)]
async fn fetch(req: web_sys::Request, env: Env, ctx: Context) -> worker::Result<web_sys::Response> {
    let head = Head::read(&req);
    let config = config::get(&env);
    let request_id = head.request_id();
    let matched = routes::match_route(&head.method, &head.path);

    let mut log = LogLine::new(&request_id, &head.method, &matched);
    let call = Call {
        req: &req,
        head: &head,
        env: &env,
        ctx: &ctx,
        config: &config,
        request_id: &request_id,
    };
    let reply = match matched {
        Matched::NotFound => Reply::error(ApiCode::NotFound, "no such endpoint"),
        Matched::WrongMethod(route) => Reply::error(
            ApiCode::MethodNotAllowed,
            &format!("{} takes {}", route.path(), route.methods()),
        )
        .header("allow", route.allow()),
        Matched::Preflight(route) => cors::preflight(
            route,
            head.origin.as_deref(),
            head.cors_method.as_deref(),
            &config,
        ),
        #[cfg(feature = "edge-test")]
        Matched::Found(Route::Ops(routes::OpsRoute::FireRun)) => {
            schedules::fire(&env, head.authorization.as_deref(), &req).await
        }
        Matched::Found(Route::Ops(route)) => ops::answer(route),
        Matched::Found(Route::Schedules(route)) => schedules::answer(call, route, &mut log)
            .await
            .unwrap_or_else(|reply| reply),
        Matched::Found(Route::Api(route)) => api(call, route, &mut log)
            .await
            .unwrap_or_else(|reply| reply),
    };

    let reply = cors::decorate(reply, head.origin.as_deref(), &config)
        .security_headers()
        .header("x-request-id", &request_id);
    let line = log.finish(
        reply.status,
        reply.code.as_deref(),
        head.started_ms,
        config.request_log,
    );
    Ok(reply.into_response(&line))
}

/// What an API call works with.
#[derive(Clone, Copy)]
struct Call<'a> {
    req: &'a web_sys::Request,
    head: &'a Head,
    env: &'a Env,
    ctx: &'a Context,
    config: &'a Rc<EdgeConfig>,
    request_id: &'a str,
}

/// One of the API's endpoints, from the token to the backend's answer. Each step passes the
/// request on, or returns the answer that ends it as `Err`.
async fn api(call: Call<'_>, route: ApiRoute, log: &mut LogLine) -> Result<Reply, Reply> {
    let Call { head, config, .. } = call;
    let limit = config.max_body_bytes;
    // 401, 403 and 429 come first, then 415 and 413: the body is read along with the token's
    // record only when it is JSON and not declared too large.
    let framing = payload::framing(
        head.content_type.as_deref(),
        head.content_length.as_deref(),
        limit,
    );
    let (caller, first) = admit(call, framing.as_ref().ok().copied(), log).await?;
    let declared = framing?;
    let key = idempotency::key(route, head.idempotency_key.as_deref())?;
    let mut bytes = payload::read_limited(first, declared, limit).await?;
    let wire = validate(route, &bytes, config)?;
    // The wire body is written over the received one, so the base64 of inline media is
    // neither copied nor held twice (src/request/mod.rs, `Wire`).
    let range = wire.write_over(&mut bytes);
    let sent = Sent {
        route,
        bytes,
        range,
    };
    let answer = send(call, caller, key, sent, log).await?;
    log.backend_status = answer.backend_status;
    Ok(answer.reply)
}

/// A validated body, ready to go: the wire body is `bytes[range]`.
struct Sent {
    route: ApiRoute,
    bytes: Vec<u8>,
    range: std::ops::Range<usize>,
}

impl Sent {
    /// The wire body.
    fn wire(&self) -> &[u8] {
        self.bytes.get(self.range.clone()).unwrap_or_default()
    }
}

/// The validated body to the backend: straight, or with an `Idempotency-Key` at most once per
/// key ([`keyed`]).
async fn send(
    call: Call<'_>,
    caller: auth::Caller,
    key: Option<&str>,
    sent: Sent,
    log: &mut LogLine,
) -> Result<forward::Answer, Reply> {
    match key {
        None => Ok(forward::forward(
            call.config,
            sent.route,
            &caller.token.authorization(),
            call.request_id,
            Outgoing::Wasm(sent.wire()),
        )
        .await),
        Some(key) => keyed(call, caller, key, sent, log).await,
    }
}

/// A publish with an `Idempotency-Key`: one request to the caller's store of keys, which
/// forwards it once and keeps its answer, or answers a repeat. Waited for in `waitUntil`, so
/// that it completes when the caller has gone.
async fn keyed(
    call: Call<'_>,
    caller: auth::Caller,
    key: &str,
    sent: Sent,
    log: &mut LogLine,
) -> Result<forward::Answer, Reply> {
    let config = call.config;
    let env = call.env.clone();
    let key = key.to_owned();
    let request_id = call.request_id.to_owned();
    let (ttl_ms, lease_ms) = (
        config.idempotency_ttl_ms,
        u64::from(config.timeout_ms) + idempotency::LEASE_MARGIN_MS,
    );
    let task = async move {
        let publish = idempotency::Publish {
            owner: &caller.digest,
            key: &key,
            route: sent.route,
            wire: sent.wire(),
            authorization: &caller.token.authorization(),
            request_id: &request_id,
            ttl_ms,
            lease_ms,
        };
        idempotency::publish(&env, &publish).await
    };
    let claim = idempotency::detached(call.ctx, task)
        .await
        .ok_or_else(|| {
            Reply::error(
                ApiCode::InternalError,
                "the backend call ended without an answer",
            )
        })?
        .map_err(|_| idempotency::store_unavailable())?;
    log.idempotency = Some(claim.name());
    Ok(claim.into_answer())
}

/// The caller, or the answer that refuses it (see [`auth::authenticate`]), with the start of the
/// body's read when `declared` says it is to be read (its framing passed: a JSON body, not
/// declared over the limit); the caller's tenant goes into the log line.
async fn admit(
    call: Call<'_>,
    declared: Option<Option<usize>>,
    log: &mut LogLine,
) -> Result<(auth::Caller, wasm_bindgen::JsValue), Reply> {
    let Call {
        req, head, config, ..
    } = call;
    let read = declared.map(|declared| BodyRead {
        request: req,
        declared,
        limit: config.max_body_bytes,
    });
    let admitted = auth::authenticate(
        head.authorization.as_deref(),
        call.env,
        config,
        read,
        head.started_ms,
    )
    .await?;
    log.tenant = Some(admitted.0.tenant.clone());
    Ok(admitted)
}

/// The wire body for `route`, or the 400 that lists every problem.
fn validate(route: ApiRoute, body: &[u8], config: &EdgeConfig) -> Result<Wire, Reply> {
    let limits = &config.limits;
    match route {
        ApiRoute::Text => TextStatus::check_body(body, limits),
        ApiRoute::Media => MediaStatus::check_body(body, limits),
        ApiRoute::Privacy => StatusPrivacy::check_body(body, limits),
    }
    .map_err(|problems| Reply::validation(&problems))
}
