//! The edge proxy: a Cloudflare Worker in front of the WUTS backend.
//!
//! Every request goes through the same steps, each in its own module:
//!
//! 1. [`routes`]: which endpoint, or 404 / 405 with `Allow`; CORS preflight ([`cors`]).
//! 2. [`auth`]: the bearer token, looked up by its SHA-256 digest in the `WUTS_TOKENS` KV
//!    namespace (401 missing or malformed, 403 unknown or revoked).
//! 3. [`ratelimit`]: the per-token budget of the `WUTS_RATE_LIMITER` binding (429).
//! 4. [`body`]: `application/json` only (415), at most the configured size (413).
//! 5. Validation with the crate's own rules (400 with every problem), so nothing invalid
//!    reaches the backend.
//! 6. [`forward`]: the normalized body to `WUTS_BACKEND_URL` under a deadline (502, 504), and
//!    the backend's envelope passed through.
//!
//! Every answer is built as a [`Reply`](reply::Reply), gets the security and CORS headers and
//! the request id, and is logged as one JSON line ([`log`]). [`config`] lists the vars.

mod auth;
mod body;
mod config;
mod cors;
mod forward;
mod log;
mod ratelimit;
mod reply;
mod request_id;
mod routes;

use wasm_bindgen::prelude::wasm_bindgen;
use worker::{event, Context, Env, Request, Response};

use crate::request::{parse_body, MediaStatus, StatusPrivacy, StatusRequest, TextStatus};
use crate::Error;

use config::Config;
use log::LogLine;
use reply::Reply;
use routes::{Matched, Route};

/// The OpenAPI description of the proxy, served at `GET /openapi.yaml`.
const OPENAPI: &str = include_str!("../../openapi/openapi.yaml");

#[wasm_bindgen]
extern "C" {
    /// The runtime's clock; in Workers it advances with I/O, which is what a duration needs.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

#[event(start)]
fn start() {
    // With panic=abort a panic ends the instance; this at least puts its message in the logs.
    // worker-build's shim then resets the instance before the next request.
    console_error_panic_hook::set_once();
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let started = date_now();
    let config = Config::from_env(&env);
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let request_id = request_id::pick(header("x-request-id").as_deref());
    let origin = header("origin");
    // The method as sent: `worker::Method` would read a method it does not know as GET.
    let method = req.inner().method();
    let matched = routes::match_route(&method, &req.path(), config.test_panic);

    let mut log = LogLine::new(&request_id, &method, &matched);
    let reply = match matched {
        Matched::NotFound => Reply::error("not_found", "no such endpoint"),
        Matched::WrongMethod(route) => Reply::error(
            "method_not_allowed",
            &format!("{} takes {}", route.path(), route.method()),
        )
        .header("allow", route.allow()),
        Matched::Preflight(route) => cors::preflight(
            route,
            origin.as_deref(),
            header("access-control-request-method").as_deref(),
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
        Matched::Found(route) => api(req, &env, &config, route, &request_id, &mut log).await,
    };

    let reply = cors::decorate(reply, origin.as_deref(), &config)
        .security_headers()
        .header("x-request-id", &request_id);
    log.finish(reply.status, reply.code.as_deref(), date_now() - started);
    reply.into_response()
}

/// One of the three API endpoints, from the token to the backend's answer.
async fn api(
    mut req: Request,
    env: &Env,
    config: &Config,
    route: Route,
    request_id: &str,
    log: &mut LogLine,
) -> Reply {
    let authorization = req.headers().get("authorization").ok().flatten();
    let caller = match auth::authenticate(authorization.as_deref(), env).await {
        Ok(caller) => caller,
        Err(reply) => return reply,
    };
    log.tenant = Some(caller.tenant.clone());

    if let Err(reply) = ratelimit::check(env, config, &caller.digest).await {
        return reply;
    }
    if let Err(reply) = body::check_content_type(req.headers()) {
        return reply;
    }
    let bytes = match body::read_limited(&mut req, config.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(reply) => return reply,
    };
    let wire = match validate(route, &bytes, config) {
        Ok(wire) => wire,
        Err(reply) => return reply,
    };
    // The raw body is no longer needed: freed before the backend call, it is not held for
    // its whole duration alongside the wire copy.
    drop(bytes);
    let answer = forward::forward(config, route, &caller.token, request_id, wire).await;
    log.backend_status = answer.backend_status;
    answer.reply
}

/// The normalized wire body for `route`, or the 400 that lists every problem.
fn validate(route: Route, body: &[u8], config: &Config) -> Result<String, Reply> {
    fn wire<R: StatusRequest>(body: &[u8], config: &Config) -> Result<String, Reply> {
        parse_body::<R>(body, &config.limits)
            .map(|request| request.to_json())
            .map_err(|err| match err {
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
