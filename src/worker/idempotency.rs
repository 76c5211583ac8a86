//! `Idempotency-Key` on the two publishing endpoints: a publish sent again with the same key is
//! answered from storage instead of reaching the backend a second time.
//!
//! Follows the IETF draft "The Idempotency-Key HTTP Header Field" (docs/edge.md has the
//! answers). Keys belong to a caller: each token's digest names one Durable Object
//! ([`IdempotencyKeys`]), whose SQLite table holds, per key, the fingerprint of the request's
//! normalized body and, once the backend has answered, the answer. A keyed publish is one
//! request to that object, carrying the wire body: the object *claims* the key, forwards the
//! body to the backend itself and *settles* the key with the answer before it replies, so the
//! publish costs one round trip to the object whatever happens. A repeat gets the first answer
//! (or 409 while the first is in flight, 422 when its body differs). The Worker waits for the
//! object in `waitUntil`, so the publish and its settling finish even when the caller goes away.
//!
//! Answers are kept when they may mean a publish: a success, a WUTS error, a timeout (the
//! status may be out). Answers that surely mean nothing was published and that a retry may
//! succeed (the backend could not be reached, `device_disconnected`, `rate_limited`) release
//! the key instead, so the caller's retry with the same key is forwarded.

use crate::envelope::{ApiCode, Resend};
use crate::rules::idempotency_key::check_idempotency_key;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use worker::js_sys::{Array, Promise, Uint8Array};
use worker::wasm_bindgen_futures::{future_to_promise, JsFuture};
use worker::{
    durable_object, DurableObject, Env, Headers, Request, Response, Result as WorkerResult, State,
};

use super::config;
use super::forward::{self, Answer};
use super::io::{self, Outgoing};
use super::reply::Reply;
use super::routes::ApiRoute;

/// The Durable Object namespace binding (`wrangler.toml`).
pub const BINDING: &str = "WUTS_IDEMPOTENCY";
/// The request header.
pub const HEADER: &str = "Idempotency-Key";
/// Default time a key is kept, from its first use.
pub const DEFAULT_TTL_S: u64 = 24 * 60 * 60;
/// How long past the backend deadline a key may stay in flight before its first request is
/// taken to have ended without settling it (its isolate was stopped, say).
pub const LEASE_MARGIN_MS: u64 = 10_000;
/// `Retry-After` of a 409: the first request may settle at any moment.
const RETRY_AFTER_S: &str = "1";

/// Checks an `Idempotency-Key` value (see [`crate::rules::idempotency_key`]); a bad one is a
/// 400 naming the header.
pub fn check_key(key: &str) -> Result<&str, Reply> {
    check_idempotency_key(HEADER, key).map_err(|problem| Reply::validation(&problem.into()))
}

/// The `Idempotency-Key` that counts for `route`: the header's, checked, on a publishing
/// endpoint; none on a privacy update, which is idempotent without one.
pub fn key(route: ApiRoute, header: Option<&str>) -> Result<Option<&str>, Reply> {
    header
        .filter(|_| route.publishes())
        .map(check_key)
        .transpose()
}

/// What the caller's Durable Object did with a keyed publish.
#[derive(Debug)]
pub enum Claim {
    /// The key was this request's: the object forwarded it and settled the key with this answer.
    Forwarded(Answer),
    /// The first request with this key got this answer: status, code and body.
    Replay(u16, Option<String>, Vec<u8>),
    /// The first request with this key is still being processed.
    InFlight,
    /// The key was first used with another body.
    Mismatch,
}

impl Claim {
    /// What the key did, for the log line: `claimed` (forwarded), `replayed`, `in_flight` or
    /// `mismatch`.
    pub const fn name(&self) -> &'static str {
        match self {
            Self::Forwarded(_) => "claimed",
            Self::Replay(..) => "replayed",
            Self::InFlight => "in_flight",
            Self::Mismatch => "mismatch",
        }
    }

    /// The backend's answer to a forwarded publish, or the answer to a repeat: the first
    /// answer, the 409 or the 422.
    pub fn into_answer(self) -> Answer {
        match self {
            Self::Forwarded(answer) => answer,
            Self::Replay(status, code, body) => replayed(status, code, body).into(),
            Self::InFlight => in_flight().into(),
            Self::Mismatch => mismatch().into(),
        }
    }
}

/// The store of keys could not be asked.
#[derive(Debug)]
pub struct StoreFailed;

/// A keyed publish as the Worker hands it to the caller's object.
pub struct Publish<'a> {
    /// The token's digest, which names the caller's object.
    pub owner: &'a str,
    /// The `Idempotency-Key`.
    pub key: &'a str,
    /// The endpoint.
    pub route: ApiRoute,
    /// The wire body.
    pub wire: &'a [u8],
    /// The caller's `Authorization`, for the backend.
    pub authorization: &'a str,
    /// The request id, for the backend.
    pub request_id: &'a str,
    /// How long the key is kept, in milliseconds.
    pub ttl_ms: u64,
    /// How long the key may stay in flight, in milliseconds.
    pub lease_ms: u64,
}

/// Sends a keyed publish to the caller's object, which claims the key, forwards the body once
/// and settles the key, or answers a repeat; one round trip either way.
pub async fn publish(env: &Env, publish: &Publish<'_>) -> Result<Claim, StoreFailed> {
    let promise = io::keyed_publish(
        env,
        BINDING,
        publish.owner,
        publish.key,
        publish.route.path(),
        publish.wire,
        &wasm_bindgen::memory(),
        publish.ttl_ms as f64,
        publish.lease_ms as f64,
        publish.authorization,
        publish.request_id,
    );
    let outcome: Array = JsFuture::from(promise)
        .await
        .map_err(|_| StoreFailed)?
        .into();
    // [verdict, status, code, backend status (0 for none), body]
    let status = outcome.get(1).as_f64().unwrap_or(0.0) as u16;
    let code = outcome.get(2).as_string().filter(|c| !c.is_empty());
    let body = || {
        outcome
            .get(4)
            .dyn_into::<Uint8Array>()
            .map(|bytes| bytes.to_vec())
            .unwrap_or_default()
    };
    match outcome.get(0).as_string().as_deref() {
        Some(CLAIMED) => {
            let backend_status = outcome.get(3).as_f64().unwrap_or(0.0) as u16;
            let mut reply = Reply::json(status, body());
            reply.code = code;
            Ok(Claim::Forwarded(Answer {
                reply,
                backend_status: Some(backend_status).filter(|s| *s != 0),
            }))
        }
        Some(IN_FLIGHT) => Ok(Claim::InFlight),
        Some(MISMATCH) => Ok(Claim::Mismatch),
        Some(REPLAY) => Ok(Claim::Replay(status, code, body())),
        _ => Err(StoreFailed),
    }
}

/// The verdicts the object answers with (its `x-verdict` header).
const CLAIMED: &str = "claimed";
const IN_FLIGHT: &str = "in_flight";
const MISMATCH: &str = "mismatch";
const REPLAY: &str = "replay";

/// Whether `answer` is kept for the key's repeats, or the key released: see the module's
/// documentation.
pub fn keeps(answer: &Answer) -> bool {
    let code = answer.reply.code.as_deref().map(ApiCode::parse);
    match answer.backend_status {
        // The proxy's 502 with no backend status: the request never reached the backend.
        None => code != Some(ApiCode::BadGateway),
        // An answer that proves nothing was done (device_disconnected, rate_limited).
        Some(_) => !matches!(
            code.map(ApiCode::resend),
            Some(Resend::Safe | Resend::Later)
        ),
    }
}

/// The answer to a repeat of a settled key: the first answer, marked as replayed.
pub fn replayed(status: u16, code: Option<String>, body: Vec<u8>) -> Reply {
    let mut reply = Reply::json(status, body).header("idempotency-replayed", "true");
    reply.code = code;
    reply
}

/// The 409 for a repeat while the first request is in flight.
pub fn in_flight() -> Reply {
    Reply::error(
        ApiCode::Conflict,
        "a request with this Idempotency-Key is still being processed; try again shortly",
    )
    .header("retry-after", RETRY_AFTER_S)
}

/// The 422 for a key reused with another body.
pub fn mismatch() -> Reply {
    Reply::error(
        ApiCode::IdempotencyKeyMismatch,
        "this Idempotency-Key was used with another request body; use a new key for a new status",
    )
}

/// The answer when the store of keys did not answer. Whether the publish went out is then
/// unknown, but a retry with the same key is safe: it is never published twice.
pub fn store_unavailable() -> Reply {
    Reply::error(
        ApiCode::InternalError,
        "the idempotency store did not answer; retry with the same Idempotency-Key, which is never published twice",
    )
}

/// Runs `task` to completion whatever happens to the request (in `waitUntil`), and resolves
/// with its output when the request is still there to take it.
pub async fn detached<T: 'static>(
    ctx: &worker::Context,
    task: impl std::future::Future<Output = T> + 'static,
) -> Option<T> {
    let slot = Rc::new(RefCell::new(None));
    let filled = Rc::clone(&slot);
    let promise: Promise = future_to_promise(async move {
        let out = task.await;
        *filled.borrow_mut() = Some(out);
        Ok(JsValue::UNDEFINED)
    });
    let kept = promise.clone();
    ctx.wait_until(async move {
        let _ = JsFuture::from(kept).await;
    });
    let _ = JsFuture::from(promise).await;
    let out = slot.borrow_mut().take();
    out
}

/// One caller's keys and schedules: a Durable Object named by the caller's token digest, with
/// SQLite storage. The Worker sends it each keyed publish (`POST /status/text` or
/// `/status/media` through `edge.js`, with the key, the fingerprint and the wire body) and each
/// schedules request (`super::schedules`); its alarm deletes expired keys and makes the runs
/// of schedules that are due.
#[durable_object(alarm)]
pub struct IdempotencyKeys {
    pub(super) state: State,
    pub(super) env: Env,
    /// Whether this instance has made sure the table exists.
    ready: Cell<bool>,
    /// When the alarm is known to be set for, so that a claim does not ask storage each time.
    alarm_at: Cell<Option<f64>>,
}

/// A key's row.
#[derive(serde::Deserialize)]
struct Row {
    fingerprint: String,
    started: f64,
    status: Option<f64>,
    code: Option<String>,
    body: Option<String>,
}

/// What a claim found.
pub(super) enum Verdict {
    /// The key is this request's now.
    Claimed,
    /// The key's first answer: status, code, body.
    Replay(u16, String, String),
    /// The first request is still being processed.
    InFlight,
    /// The key was used with another body.
    Mismatch,
}

impl IdempotencyKeys {
    pub(super) fn sql(&self) -> worker::SqlStorage {
        self.state.storage().sql()
    }

    fn row(&self, key: &str) -> WorkerResult<Option<Row>> {
        let rows: Vec<Row> = self
            .sql()
            .exec(
                "SELECT fingerprint, started, status, code, body FROM keys WHERE key = ?",
                vec![key.into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    /// Makes sure an alarm comes no later than `expires` (a key's expiry or a schedule's run).
    /// Keys share one lifetime, so a key claimed later never expires before one claimed
    /// earlier: once set, the alarm stands until it fires, and a claim costs no storage call
    /// for it.
    pub(super) async fn alarm_by(&self, expires: f64) -> WorkerResult<()> {
        if self.alarm_at.get().is_some_and(|at| at <= expires) {
            return Ok(());
        }
        let storage = self.state.storage();
        let at = match storage.get_alarm().await? {
            Some(set) if (set as f64) <= expires => set as f64,
            _ => {
                let date = worker::js_sys::Date::new(&JsValue::from_f64(expires));
                storage.set_alarm(worker::ScheduledTime::new(date)).await?;
                expires
            }
        };
        self.alarm_at.set(Some(at));
        Ok(())
    }

    /// Creates the table and its index, once per instance.
    fn prepare(&self) -> WorkerResult<()> {
        if !self.ready.get() {
            let sql = self.sql();
            sql.exec(
                "CREATE TABLE IF NOT EXISTS keys (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, \
                 started REAL NOT NULL, expires REAL NOT NULL, status INTEGER, code TEXT, body TEXT)",
                None,
            )?;
            sql.exec(
                "CREATE INDEX IF NOT EXISTS keys_by_expiry ON keys (expires)",
                None,
            )?;
            super::schedules::prepare(&sql)?;
            self.ready.set(true);
        }
        Ok(())
    }

    /// Claims `key` for a request whose body has `fingerprint`, or says why not.
    pub(super) async fn claim(
        &self,
        key: &str,
        fingerprint: &str,
        ttl_ms: f64,
        lease_ms: f64,
    ) -> WorkerResult<Verdict> {
        let now = worker::Date::now().as_millis() as f64;
        // One statement for a new key, the publishing path's case: inserted, or written over
        // an expired one; a live key is left as it is and read below.
        let claimed = self.sql().exec(
            "INSERT INTO keys (key, fingerprint, started, expires) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (key) DO UPDATE SET fingerprint = ?2, started = ?3, expires = ?4, \
             status = NULL, code = NULL, body = NULL WHERE keys.expires <= ?3",
            vec![
                key.into(),
                fingerprint.into(),
                now.into(),
                (now + ttl_ms).into(),
            ],
        )?;
        if claimed.rows_written() > 0 {
            self.alarm_by(now + ttl_ms).await?;
            return Ok(Verdict::Claimed);
        }
        // Within one event nothing runs between the two statements, so the row is there.
        let Some(row) = self.row(key)? else {
            return Err(worker::Error::RustError(
                "idempotency: a live key was not found".into(),
            ));
        };
        if row.fingerprint != fingerprint {
            return Ok(Verdict::Mismatch);
        }
        Ok(match (row.status, row.body) {
            (Some(status), body) => Verdict::Replay(
                status as u16,
                row.code.unwrap_or_default(),
                body.unwrap_or_default(),
            ),
            (None, _) if now < row.started + lease_ms => Verdict::InFlight,
            (None, _) => {
                // The first request ended without settling the key: whether it published is
                // unknown, so the key keeps a timeout rather than risk a second publish.
                let timeout = Reply::error(ApiCode::StatusTimeout,
                    "the first request with this Idempotency-Key ended without an answer; the status may have been published",
                );
                let body = String::from_utf8_lossy(&timeout.body).into_owned();
                let code = ApiCode::StatusTimeout.as_str();
                self.keep(key, fingerprint, timeout.status, code, &body)?;
                Verdict::Replay(timeout.status, code.into(), body)
            }
        })
    }

    /// Keeps `key`'s answer, if the key is still in flight with `fingerprint`.
    pub(super) fn keep(
        &self,
        key: &str,
        fingerprint: &str,
        status: u16,
        code: &str,
        body: &str,
    ) -> WorkerResult<()> {
        self.sql().exec(
            "UPDATE keys SET status = ?, code = ?, body = ? \
             WHERE key = ? AND fingerprint = ? AND status IS NULL",
            vec![
                i64::from(status).into(),
                Some(code)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .into(),
                body.into(),
                key.into(),
                fingerprint.into(),
            ],
        )?;
        Ok(())
    }

    /// Settles a claimed key with the backend's answer: kept, or released (see [`keeps`]), in
    /// one statement that does nothing to a key that is no longer this request's.
    pub(super) fn settle(&self, key: &str, fingerprint: &str, answer: &Answer) -> WorkerResult<()> {
        let reply = &answer.reply;
        if keeps(answer) {
            let body = String::from_utf8_lossy(&reply.body);
            let code = reply.code.as_deref().unwrap_or_default();
            self.keep(key, fingerprint, reply.status, code, &body)
        } else {
            self.release(key, fingerprint)
        }
    }

    /// Releases a claimed key, if it is still in flight with `fingerprint`: the next request
    /// with it is forwarded.
    pub(super) fn release(&self, key: &str, fingerprint: &str) -> WorkerResult<()> {
        self.sql().exec(
            "DELETE FROM keys WHERE key = ? AND fingerprint = ? AND status IS NULL",
            vec![key.into(), fingerprint.into()],
        )?;
        Ok(())
    }

    /// A keyed publish: claimed, forwarded with the request's own body stream and settled, or
    /// answered as a repeat.
    async fn publish(&self, req: &Request, route: ApiRoute) -> WorkerResult<Response> {
        let headers = req.headers();
        let text = |name| header(headers, name);
        let number = |name| text(name).parse::<f64>().unwrap_or(0.0);
        let (key, fingerprint) = (text("x-key"), text("x-fingerprint"));
        let verdict = self
            .claim(&key, &fingerprint, number("x-ttl-ms"), number("x-lease-ms"))
            .await?;
        let (name, status, code, body, backend_status) = match verdict {
            Verdict::Claimed => {
                let config = config::get(&self.env);
                let body = Outgoing::Stream(req.inner());
                let answer = forward::forward(
                    &config,
                    route,
                    &text("authorization"),
                    &text("x-request-id"),
                    body,
                )
                .await;
                // The caller gets the answer even when it cannot be kept: the key then ends as
                // an abandoned claim, a timeout once its lease is over.
                if self.settle(&key, &fingerprint, &answer).is_err() {
                    worker::console_error!(
                        "idempotency: a key could not be settled; it stays in flight until its lease ends"
                    );
                }
                let Answer {
                    reply,
                    backend_status,
                } = answer;
                let code = reply.code.unwrap_or_default();
                (CLAIMED, reply.status, code, reply.body, backend_status)
            }
            Verdict::Replay(status, code, body) => (REPLAY, status, code, body.into_bytes(), None),
            Verdict::InFlight => (IN_FLIGHT, 200, String::new(), Vec::new(), None),
            Verdict::Mismatch => (MISMATCH, 200, String::new(), Vec::new(), None),
        };
        let out = Headers::new();
        out.set("x-verdict", name)?;
        out.set("x-code", &code)?;
        if let Some(status) = backend_status {
            out.set("x-backend-status", &status.to_string())?;
        }
        Ok(Response::from_bytes(body)?
            .with_status(status)
            .with_headers(out))
    }
}

/// A header of the Worker's request to the Durable Object, empty when absent.
pub(super) fn header(headers: &Headers, name: &str) -> String {
    headers.get(name).ok().flatten().unwrap_or_default()
}

impl DurableObject for IdempotencyKeys {
    fn new(state: State, env: Env) -> Self {
        Self {
            state,
            env,
            ready: Cell::new(false),
            alarm_at: Cell::new(None),
        }
    }

    async fn fetch(&self, req: Request) -> WorkerResult<Response> {
        self.prepare()?;
        match req.path().as_str() {
            "/status/text" => self.publish(&req, ApiRoute::Text).await,
            "/status/media" => self.publish(&req, ApiRoute::Media).await,
            path if path.starts_with("/schedules") => self.schedules(&req).await,
            _ => Response::error("no such operation", 404),
        }
    }

    async fn alarm(&self) -> WorkerResult<Response> {
        #[derive(serde::Deserialize)]
        struct Next {
            next: Option<f64>,
        }
        self.prepare()?;
        self.alarm_at.set(None);
        let now = worker::Date::now().as_millis() as f64;
        let sql = self.sql();
        sql.exec("DELETE FROM keys WHERE expires <= ?", vec![now.into()])?;
        // Runs due, then schedules over and kept long enough: a run's failure is recorded as
        // its outcome, never an error of the alarm.
        self.run_due(now).await;
        let next: Next = sql
            .exec("SELECT MIN(expires) AS next FROM keys", None)?
            .one()?;
        let schedules = self.next_wake()?;
        if let Some(at) = [next.next, schedules]
            .into_iter()
            .flatten()
            .reduce(f64::min)
        {
            self.alarm_by(at).await?;
        }
        Response::empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_key_is_a_400_naming_the_header() {
        assert!(check_key("8e03978e-40d5-43e8-bc93-6894a57f9324").is_ok());
        let reply = check_key(&"k".repeat(256)).err().unwrap();
        let body = String::from_utf8(reply.body).unwrap();
        assert_eq!(reply.status, 400);
        assert!(body.contains(r#""field":"Idempotency-Key""#), "{body}");
        assert!(body.contains(r#""code":"too_long""#), "{body}");
    }

    fn answer(backend_status: Option<u16>, code: Option<&str>) -> Answer {
        let mut reply = Reply::json(backend_status.unwrap_or(502), "{}");
        reply.code = code.map(str::to_owned);
        Answer {
            reply,
            backend_status,
        }
    }

    #[test]
    fn answers_that_may_mean_a_publish_are_kept() {
        assert!(keeps(&answer(Some(200), None)));
        assert!(keeps(&answer(Some(500), Some("status_failed"))));
        assert!(keeps(&answer(Some(400), Some("VALIDATION_ERROR"))));
        // Not an envelope: the backend got the request.
        assert!(keeps(&answer(Some(502), Some("bad_gateway"))));
        // No answer in time: it may have published.
        assert!(keeps(&answer(None, Some("status_timeout"))));
    }

    #[test]
    fn answers_that_surely_mean_nothing_was_published_release_the_key() {
        assert!(!keeps(&answer(None, Some("bad_gateway"))));
        assert!(!keeps(&answer(Some(503), Some("device_disconnected"))));
        assert!(!keeps(&answer(Some(429), Some("rate_limited"))));
    }
}
