//! Scheduled and recurring statuses, kept at the edge.
//!
//! The Worker's side ([`answer`]) authenticates the caller as for a publish, reads and judges a
//! new schedule with the crate's rules ([`crate::schedule`]: the status as a publish, the time
//! in its zone), seals the caller's token (AES-GCM under a key from the Worker secret
//! `WUTS_SCHEDULE_SECRET`, in `edge.js`) and hands everything to the caller's Durable Object,
//! the one that holds its idempotency keys ([`store`]). That object keeps the schedules and
//! their runs in SQLite, the inline media of a schedule in R2 (`WUTS_MEDIA`), and sets its
//! alarm to the earliest run due; each run publishes through the object's keyed path with the
//! key `schedule:<id>:<unix seconds of the run>` ([`run`]), so whatever is retried posts once.

mod run;
mod store;

pub use store::prepare;

use jiff::Timestamp;
use wasm_bindgen::JsValue;
use worker::js_sys::{Array, Object, Reflect, Uint8Array};
use worker::wasm_bindgen_futures::JsFuture;

use super::idempotency::{self, BINDING};
use super::io;
use super::log::LogLine;
use super::payload;
use super::reply::Reply;
use super::routes::{schedule_id, ScheduleRoute};
use super::Call;
use crate::envelope::ApiCode;
use crate::schedule::read_schedule;

/// Active schedules a caller may have when `WUTS_MAX_SCHEDULES` is not set.
pub const DEFAULT_MAX_SCHEDULES: u32 = 100;
/// The R2 bucket binding that holds the inline media of schedules.
pub const MEDIA_BINDING: &str = "WUTS_MEDIA";

/// A schedules endpoint, from the token to the caller's Durable Object's answer.
pub async fn answer(
    call: Call<'_>,
    route: ScheduleRoute,
    log: &mut LogLine,
) -> Result<Reply, Reply> {
    let Call { head, config, .. } = call;
    let secret = config.schedule_secret.as_deref().ok_or_else(no_secret)?;
    let limit = config.max_body_bytes;
    let framing = (route == ScheduleRoute::Create).then(|| {
        payload::framing(
            head.content_type.as_deref(),
            head.content_length.as_deref(),
            limit,
        )
    });
    let declared = framing.as_ref().and_then(|f| f.as_ref().ok().copied());
    let (caller, first) = super::admit(call, declared, log).await?;
    let owner = caller.digest.as_str();
    let (status, verdict, code, body) = match route {
        ScheduleRoute::Create => {
            let declared = framing.transpose()?.flatten();
            let key = head
                .idempotency_key
                .as_deref()
                .map(idempotency::check_key)
                .transpose()?;
            let mut bytes = payload::read_limited(first, declared, limit).await?;
            let now = Timestamp::from_millisecond(head.started_ms as i64)
                .unwrap_or(Timestamp::UNIX_EPOCH);
            let schedule = read_schedule(&bytes, &config.limits, now)
                .map_err(|problems| Reply::validation(&problems))?;
            let sealed = JsFuture::from(io::seal_token(secret, owner, caller.token.expose()))
                .await
                .ok()
                .and_then(|v| v.as_string())
                .ok_or_else(|| {
                    Reply::error(
                        ApiCode::InternalError,
                        "the token could not be sealed for storage",
                    )
                })?;
            let when = schedule.when.to_json();
            // The status's wire body is written over the received one, as a publish's is: the
            // base64 of inline media is neither copied nor held twice.
            let range = schedule.status.write_over(&mut bytes);
            let status = bytes.get(range).unwrap_or_default();
            let ttl = config.idempotency_ttl_ms.to_string();
            let lease = (u64::from(config.timeout_ms) + idempotency::LEASE_MARGIN_MS).to_string();
            let max = config.max_schedules.to_string();
            let mut headers = vec![
                ("x-owner", owner),
                ("x-request", schedule.request.as_str()),
                ("x-when", when.as_str()),
                ("x-token", sealed.as_str()),
                ("x-inline", if schedule.inline_media { "1" } else { "" }),
                ("x-max", max.as_str()),
                ("x-ttl-ms", ttl.as_str()),
                ("x-lease-ms", lease.as_str()),
            ];
            if let Some(key) = key {
                headers.push(("x-key", key));
            }
            let fingerprint = format!("/schedules:{}:{when}", schedule.request.as_str());
            let ask = Ask {
                method: "POST",
                path: "/schedules",
                headers: &headers,
                body: Some(status),
                fingerprint: &fingerprint,
            };
            ask.send(call, owner).await?
        }
        ScheduleRoute::List => Ask::get("/schedules").send(call, owner).await?,
        ScheduleRoute::Read | ScheduleRoute::Cancel => {
            let id = schedule_id(&head.path).unwrap_or_default();
            let path = format!("/schedules/{id}");
            let method = if route == ScheduleRoute::Cancel {
                "DELETE"
            } else {
                "GET"
            };
            Ask {
                method,
                ..Ask::get(&path)
            }
            .send(call, owner)
            .await?
        }
    };
    log.idempotency = match verdict.as_str() {
        "claimed" => Some("claimed"),
        "replay" => Some("replayed"),
        "in_flight" => Some("in_flight"),
        "mismatch" => Some("mismatch"),
        _ => None,
    };
    Ok(match verdict.as_str() {
        "replay" => idempotency::replayed(status, code, body),
        "in_flight" => idempotency::in_flight(),
        "mismatch" => idempotency::mismatch(),
        _ => {
            let mut reply = Reply::json(status, body);
            reply.code = code;
            reply
        }
    })
}

/// A request to the caller's Durable Object.
struct Ask<'a> {
    method: &'a str,
    path: &'a str,
    headers: &'a [(&'a str, &'a str)],
    body: Option<&'a [u8]>,
    fingerprint: &'a str,
}

impl<'a> Ask<'a> {
    fn get(path: &'a str) -> Self {
        Self {
            method: "GET",
            path,
            headers: &[],
            body: None,
            fingerprint: "",
        }
    }

    /// Sends it: the status, the verdict on an `Idempotency-Key` (empty without one), the
    /// error code and the body of the object's answer.
    async fn send(
        self,
        call: Call<'_>,
        owner: &str,
    ) -> Result<(u16, String, Option<String>, Vec<u8>), Reply> {
        self.send_to(call.env, owner).await
    }

    async fn send_to(
        self,
        env: &worker::Env,
        owner: &str,
    ) -> Result<(u16, String, Option<String>, Vec<u8>), Reply> {
        let headers = Object::new();
        for (name, value) in self.headers {
            let _ = Reflect::set(
                &headers,
                &JsValue::from_str(name),
                &JsValue::from_str(value),
            );
        }
        let promise = io::call_store(
            env,
            BINDING,
            owner,
            self.method,
            self.path,
            &headers,
            self.body,
            &wasm_bindgen::memory(),
            self.fingerprint,
        );
        let outcome: Array = JsFuture::from(promise)
            .await
            .map_err(|_| store_unavailable())?
            .into();
        let status = outcome.get(0).as_f64().unwrap_or(500.0) as u16;
        let verdict = outcome.get(1).as_string().unwrap_or_default();
        let code = outcome.get(2).as_string().filter(|c| !c.is_empty());
        let body = Uint8Array::from(outcome.get(3)).to_vec();
        Ok((status, verdict, code, body))
    }
}

/// The answer when `WUTS_SCHEDULE_SECRET` is not set: the setting is named.
fn no_secret() -> Reply {
    Reply::error(
        ApiCode::InternalError,
        "schedules are not set up on this proxy: the Worker secret WUTS_SCHEDULE_SECRET is missing (wrangler secret put WUTS_SCHEDULE_SECRET)",
    )
}

fn store_unavailable() -> Reply {
    Reply::error(
        ApiCode::InternalError,
        "the schedule store did not answer; try again (a schedule created with an Idempotency-Key is never created twice)",
    )
}

/// The edge tests' build only: `POST /_edge/fire-run` with the caller's token and the
/// headers `x-schedule` and `x-at` (a run's time, milliseconds) makes that run of the schedule
/// now, as its alarm does; made again, as the runtime does when it delivers an alarm a second
/// time. The answer is the schedule.
#[cfg(feature = "edge-test")]
pub async fn fire(
    env: &worker::Env,
    authorization: Option<&str>,
    req: &worker::worker_sys::web_sys::Request,
) -> Reply {
    let Ok(token) = crate::Token::from_authorization(authorization) else {
        return Reply::error(ApiCode::Unauthorized, "a token is needed");
    };
    let headers = req.headers();
    let get = |name| headers.get(name).ok().flatten().unwrap_or_default();
    let (id, at) = (get("x-schedule"), get("x-at"));
    let path = format!("/schedules/{id}");
    let pairs = [("x-at", at.as_str())];
    let ask = Ask {
        method: "PUT",
        headers: &pairs,
        ..Ask::get(&path)
    };
    let owner = super::auth::digest(&token);
    match ask.send_to(env, &owner).await {
        Ok((status, _, _, body)) => Reply::json(status, body),
        Err(reply) => reply,
    }
}
