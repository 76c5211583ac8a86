//! The edge proxy: a Cloudflare Worker in front of the WUTS backend.
//!
//! Every request goes through the same steps, each in its own module:
//!
//! 1. [`routes`]: which endpoint, or 404 / 405 with `Allow`; CORS preflight ([`cors`]).
//! 2. [`auth`]: the bearer token, looked up by its SHA-256 digest in the `WUTS_TOKENS` KV
//!    namespace (401 missing or malformed, 403 unknown or revoked).
//! 3. [`ratelimit`]: the per-token budget of the `WUTS_RATE_LIMITER` binding (429), asked in
//!    the same call as the token store.
//! 4. [`body`]: `application/json` only (415), at most the configured size (413).
//! 5. Validation with the crate's own rules (400 with every problem), so nothing invalid
//!    reaches the backend.
//! 6. [`forward`]: the normalized body to `WUTS_BACKEND_URL` under a deadline (502, 504), and
//!    the backend's envelope passed through.
//!
//! Every answer is built as a [`Reply`](reply::Reply), gets the security and CORS headers and
//! the request id, and is logged as one JSON line ([`log`]). [`config`] lists the vars, read
//! once per isolate. [`io`] moves the request and the answer across the wasm boundary in a
//! few calls (the crate's snippet `edge.js`), so each request costs little besides its checks.

mod auth;
mod body;
mod config;
mod cors;
mod forward;
mod io;
mod log;
mod ratelimit;
mod reply;
mod request_id;
mod routes;

use worker::worker_sys::web_sys;
use worker::{event, Context, Env};

use crate::request::{MediaStatus, StatusPrivacy, StatusRequest, TextStatus};
use crate::{Error, Wire};

use config::Config;
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
async fn fetch(
    req: web_sys::Request,
    env: Env,
    _ctx: Context,
) -> worker::Result<web_sys::Response> {
    let head = Head::read(&req);
    let config = config::get(&env);
    let request_id = request_id::pick(head.request_id.as_deref(), &head.fresh_id);
    let matched = routes::match_route(&head.method, &head.path, config.test_panic);

    let mut log = LogLine::new(&request_id, &head.method, &matched);
    let reply = match matched {
        Matched::NotFound => Reply::error("not_found", "no such endpoint"),
        Matched::WrongMethod(route) => Reply::error(
            "method_not_allowed",
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
        Matched::Found(route) => api(&req, &head, &env, &config, route, &request_id, &mut log)
            .await
            .unwrap_or_else(|reply| reply),
    };

    let reply = cors::decorate(reply, head.origin.as_deref(), &config)
        .security_headers()
        .header("x-request-id", &request_id);
    let line = log.finish(reply.status, reply.code.as_deref(), head.started_ms);
    Ok(reply.into_response(&line))
}

/// One of the three API endpoints, from the token to the backend's answer.
async fn api(
    req: &web_sys::Request,
    head: &Head,
    env: &Env,
    config: &Config,
    route: Route,
    request_id: &str,
    log: &mut LogLine,
) -> Result<Reply, Reply> {
    // 401, 403 and 429 come first, then 415 and 413: the body is read along with the token's
    // record only when it is JSON and not declared too large.
    let limit = config.max_body_bytes;
    let json = body::check_content_type(head.content_type.as_deref());
    let declared = body::declared_length(head.content_length.as_deref(), limit);
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
    let mut bytes = body::read_limited(first, declared, limit).await?;
    let wire = validate(route, &bytes, config)?;
    // The wire body is written over the received one, so the base64 of inline media is
    // neither copied nor held twice (src/request/mod.rs, `Wire`).
    let range = wire.write_over(&mut bytes);
    let sent = bytes.get(range).unwrap_or_default();
    let answer = forward::forward(config, route, &caller.token, request_id, sent).await;
    log.backend_status = answer.backend_status;
    Ok(answer.reply)
}

/// The wire body for `route`, or the 400 that lists every problem.
fn validate(route: Route, body: &[u8], config: &Config) -> Result<Wire, Reply> {
    fn wire<R: StatusRequest>(body: &[u8], config: &Config) -> Result<Wire, Reply> {
        R::check_body(body, &config.limits).map_err(|err| match err {
            Error::Validation(problems) => Reply::validation(&problems),
            other => Reply::error("invalid_request", &other.to_string()),
        })
    }
    match route {
        Route::Text => wire::<TextStatus>(body, config),
        Route::Media => wire::<MediaStatus>(body, config),
        Route::Privacy => wire::<StatusPrivacy>(body, config),
        Route::Healthz | Route::OpenApi | Route::Panic => {
            Err(Reply::error("not_found", "no such endpoint"))
        }
    }
}
