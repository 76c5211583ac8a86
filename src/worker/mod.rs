//! The edge proxy: a Cloudflare Worker in front of the WUTS backend.
//!
//! Every request goes through the same steps, each in its own module:
//!
//! 1. [`routes`]: which endpoint, or 404 / 405 with `Allow`; CORS preflight ([`cors`]).
//! 2. [`auth`]: the bearer token, looked up by its SHA-256 digest in the `WUTS_TOKENS` KV
//!    namespace (401 missing or malformed, 403 unknown or revoked).
//! 3. [`ratelimit`]: the per-token budget of the `WUTS_RATE_LIMITER` binding (429), asked in
//!    the same call as the token store.
//! 4. [`payload`]: `application/json` only (415), at most the configured size (413).
//! 5. Validation with the crate's own rules (400 with every problem), so nothing invalid
//!    reaches the backend.
//! 6. [`forward`]: the normalized body to `WUTS_BACKEND_URL` under a deadline (502, 504), and
//!    the backend's envelope passed through. With an `Idempotency-Key` on a publish,
//!    [`idempotency`] forwards it at most once per key and answers repeats from storage.
//!
//! Every answer is built as a [`Reply`](reply::Reply), gets the security and CORS headers and
//! the request id, and is logged as one JSON line ([`log`]). [`config`] lists the vars, read
//! once per isolate. [`io`] moves the request and the answer across the wasm boundary in a
//! few calls (the crate's snippet `edge.js`), so each request costs little besides its checks.

mod auth;
mod config;
mod cors;
mod forward;
mod idempotency;
mod io;
mod log;
mod payload;
mod ratelimit;
mod reply;
mod routes;
#[cfg(feature = "bench-js-entry")]
mod variant;

use crate::envelope::ApiCode;
use std::rc::Rc;
use worker::worker_sys::web_sys;

use worker::{event, Context, Env};

use crate::request::{MediaStatus, StatusPrivacy, StatusRequest, TextStatus};
use crate::Wire;

use config::EdgeConfig;
use io::{BodyRead, Head};
use log::LogLine;
use reply::Reply;
use routes::{Matched, Route};

/// The OpenAPI description of the proxy, served at `GET /openapi.yaml`.
const OPENAPI: &str = include_str!("../../openapi/openapi.yaml");

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
    let matched = routes::match_route(&head.method, &head.path, config.test_panic);

    let mut log = LogLine::new(&request_id, &head.method, &matched);
    let reply = match matched {
        Matched::NotFound => Reply::error(ApiCode::NotFound, "no such endpoint"),
        Matched::WrongMethod(route) => Reply::error(
            ApiCode::MethodNotAllowed,
            &format!("{} takes {}", route.path(), route.method()),
        )
        .header("allow", route.allow()),
        Matched::Preflight(route) => cors::preflight(
            route,
            head.origin.as_deref(),
            head.cors_method.as_deref(),
            &config,
        ),
        Matched::Found(Route::Healthz) => Reply::json(200, r#"{"success":true,"status":"ok"}"#),
        Matched::Found(Route::OpenApi) => {
            Reply::json(200, OPENAPI).header("content-type", "application/yaml; charset=utf-8")
        }
        Matched::Found(Route::Panic) => {
            // Only reachable when WUTS_EDGE_TEST_PANIC is set: it proves a panic does not
            // poison the isolate for the requests after it.
            #[allow(clippy::panic)]
            {
                panic!("test panic requested through /_edge/panic");
            }
        }
        Matched::Found(route) => {
            let call = Call {
                req: &req,
                head: &head,
                env: &env,
                ctx: &ctx,
                config: &config,
                request_id: &request_id,
            };
            api(call, route, &mut log)
                .await
                .unwrap_or_else(|reply| reply)
        }
    };

    let reply = cors::decorate(reply, head.origin.as_deref(), &config)
        .security_headers()
        .header("x-request-id", &request_id);
    let line = log.finish(
        reply.status,
        reply.code.as_ref().map(ApiCode::as_str),
        head.started_ms,
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

/// One of the three API endpoints, from the token to the backend's answer.
async fn api(call: Call<'_>, route: Route, log: &mut LogLine) -> Result<Reply, Reply> {
    let Call {
        req,
        head,
        env,
        config,
        request_id,
        ..
    } = call;
    // 401, 403 and 429 come first, then 415 and 413: the body is read along with the token's
    // record only when it is JSON and not declared too large.
    let limit = config.max_body_bytes;
    let json = payload::check_content_type(head.content_type.as_deref());
    let declared = payload::declared_length(head.content_length.as_deref(), limit);
    let read = match (&json, &declared) {
        (Ok(()), Ok(declared)) => Some(BodyRead {
            request: req,
            declared: *declared,
            limit,
        }),
        _ => None,
    };
    let (caller, first) =
        auth::authenticate(head.authorization.as_deref(), env, config, read).await?;
    log.tenant = Some(caller.tenant.clone());
    json?;
    let declared = declared?;
    // A key counts on the publishing endpoints; a privacy update is idempotent without one.
    let key = match (route, head.idempotency_key.as_deref()) {
        (Route::Text | Route::Media, Some(key)) => Some(idempotency::check_key(key)?.to_owned()),
        _ => None,
    };
    let mut bytes = payload::read_limited(first, declared, limit).await?;
    let wire = validate(route, &bytes, config)?;
    // The wire body is written over the received one, so the base64 of inline media is
    // neither copied nor held twice (src/request/mod.rs, `Wire`).
    let range = wire.write_over(&mut bytes);
    let answer = match key {
        None => {
            let sent = bytes.get(range).unwrap_or_default();
            forward::forward(config, route, &caller.token, request_id, sent).await
        }
        Some(key) => {
            let sent = Sent {
                route,
                bytes,
                range,
            };
            keyed(call, caller, key, sent, log).await?
        }
    };
    log.backend_status = answer.backend_status;
    Ok(answer.reply)
}

/// A validated body, ready to go: the wire body is `bytes[range]`.
struct Sent {
    route: Route,
    bytes: Vec<u8>,
    range: std::ops::Range<usize>,
}

/// A publish with an `Idempotency-Key`: answered from the caller's store of keys, or forwarded
/// once with its answer stored, in `waitUntil` so that it completes when the caller has gone.
async fn keyed(
    call: Call<'_>,
    caller: auth::Caller,
    key: String,
    sent: Sent,
    log: &mut LogLine,
) -> Result<forward::Answer, Reply> {
    use idempotency::Claim;
    let config = Rc::clone(call.config);
    let wire = sent.bytes.get(sent.range.clone()).unwrap_or_default();
    let lease_ms = u64::from(config.timeout_ms) + idempotency::LEASE_MARGIN_MS;
    let claim = idempotency::claim(
        call.env,
        &caller.digest,
        &key,
        sent.route.path(),
        wire,
        config.idempotency_ttl_ms,
        lease_ms,
    )
    .await
    .map_err(|_| idempotency::store_unavailable())?;
    let fingerprint = match claim {
        Claim::Claimed { fingerprint } => fingerprint,
        Claim::Replay(status, code, body) => {
            log.idempotency = Some("replayed");
            return Ok(idempotency::replayed(status, code, body).into());
        }
        Claim::InFlight => {
            log.idempotency = Some("in_flight");
            return Err(idempotency::in_flight());
        }
        Claim::Mismatch => {
            log.idempotency = Some("mismatch");
            return Err(idempotency::mismatch());
        }
    };
    log.idempotency = Some("claimed");
    let env = call.env.clone();
    let request_id = call.request_id.to_owned();
    let task = async move {
        let wire = sent.bytes.get(sent.range).unwrap_or_default();
        let answer = forward::forward(&config, sent.route, &caller.token, &request_id, wire).await;
        idempotency::settle(&env, &caller.digest, &key, &fingerprint, &answer).await;
        answer
    };
    idempotency::detached(call.ctx, task).await.ok_or_else(|| {
        Reply::error(
            ApiCode::InternalError,
            "the backend call ended without an answer",
        )
    })
}

/// The wire body for `route`, or the 400 that lists every problem.
fn validate(route: Route, body: &[u8], config: &EdgeConfig) -> Result<Wire, Reply> {
    fn wire<R: StatusRequest>(body: &[u8], config: &EdgeConfig) -> Result<Wire, Reply> {
        R::check_body(body, &config.limits).map_err(|problems| Reply::validation(&problems))
    }
    match route {
        Route::Text => wire::<TextStatus>(body, config),
        Route::Media => wire::<MediaStatus>(body, config),
        Route::Privacy => wire::<StatusPrivacy>(body, config),
        Route::Healthz | Route::OpenApi | Route::Panic => {
            Err(Reply::error(ApiCode::NotFound, "no such endpoint"))
        }
    }
}
