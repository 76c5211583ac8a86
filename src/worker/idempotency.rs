//! `Idempotency-Key` on the two publishing endpoints: a publish sent again with the same key is
//! answered from storage instead of reaching the backend a second time.
//!
//! Follows the IETF draft "The Idempotency-Key HTTP Header Field" (docs/edge.md has the
//! answers). Keys belong to a caller: each token's digest names one Durable Object
//! ([`IdempotencyKeys`]), whose SQLite table holds, per key, the fingerprint of the request's
//! normalized body and, once the backend has answered, the answer. The first request with a
//! key *claims* it, is forwarded, and *settles* it with the answer; a repeat gets that answer
//! (or 409 while the first is in flight, 422 when its body differs). The backend call and the
//! settling run in `waitUntil`, so they finish even when the caller goes away.
//!
//! Answers are kept when they may mean a publish: a success, a WUTS error, a timeout (the
//! status may be out). Answers that surely mean nothing was published and that a retry may
//! succeed (the backend could not be reached, `device_disconnected`, `rate_limited`) release
//! the key instead, so the caller's retry with the same key is forwarded.

use crate::envelope::{ApiCode, Resend};
use crate::rules::idempotency_key::check_idempotency_key;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsValue;
use worker::js_sys::{Array, Promise};
use worker::wasm_bindgen_futures::{future_to_promise, JsFuture};
use worker::{
    durable_object, DurableObject, Env, Headers, Request, Response, Result as WorkerResult, State,
};

use super::forward::Answer;
use super::io;
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

/// What the caller's Durable Object says about a key.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The key is this request's: forward it, then settle the key.
    Claimed {
        /// The body's fingerprint, to settle the key with.
        fingerprint: String,
    },
    /// The first request with this key got this answer: status, code and body.
    Replay(u16, Option<String>, Vec<u8>),
    /// The first request with this key is still being processed.
    InFlight,
    /// The key was first used with another body.
    Mismatch,
}

impl Claim {
    /// What the key did, for the log line: `claimed`, `replayed`, `in_flight` or `mismatch`.
    pub const fn name(&self) -> &'static str {
        match self {
            Self::Claimed { .. } => "claimed",
            Self::Replay(..) => "replayed",
            Self::InFlight => "in_flight",
            Self::Mismatch => "mismatch",
        }
    }

    /// The fingerprint to settle a claimed key with, or the answer that ends a request whose key
    /// was used before: the first answer, the 409 or the 422.
    pub fn fingerprint(self) -> Result<String, Reply> {
        match self {
            Self::Claimed { fingerprint } => Ok(fingerprint),
            Self::Replay(status, code, body) => Err(replayed(status, code, body)),
            Self::InFlight => Err(in_flight()),
            Self::Mismatch => Err(mismatch()),
        }
    }
}

/// The store of keys could not be asked.
#[derive(Debug)]
pub struct StoreFailed;

/// Claims `key` for the caller whose token digest is `owner`, with the fingerprint of `path`
/// and the wire `body`.
pub async fn claim(
    env: &Env,
    owner: &str,
    key: &str,
    path: &str,
    body: &[u8],
    ttl_ms: u64,
    lease_ms: u64,
) -> Result<Claim, StoreFailed> {
    let promise = io::idempotency_claim(
        env,
        BINDING,
        owner,
        key,
        path,
        body,
        ttl_ms as f64,
        lease_ms as f64,
    );
    let outcome: Array = JsFuture::from(promise)
        .await
        .map_err(|_| StoreFailed)?
        .into();
    // [verdict, fingerprint, status, code, body]
    let text = |i| outcome.get(i).as_string().unwrap_or_default();

    match text(0).as_str() {
        "claimed" => Ok(Claim::Claimed {
            fingerprint: text(1),
        }),
        "in_flight" => Ok(Claim::InFlight),
        "mismatch" => Ok(Claim::Mismatch),
        "replay" => {
            let status = outcome.get(2).as_f64().unwrap_or(0.0) as u16;
            let code = Some(text(3)).filter(|c| !c.is_empty());
            Ok(Claim::Replay(status, code, text(4).into_bytes()))
        }
        _ => Err(StoreFailed),
    }
}

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

/// Settles a claimed key with `answer` (kept or released, see [`keeps`]). Failing to is
/// logged: the key then stays in flight until its lease ends.
pub async fn settle(env: &Env, owner: &str, key: &str, fingerprint: &str, answer: &Answer) {
    let reply = &answer.reply;
    let promise = if keeps(answer) {
        io::idempotency_settle(
            env,
            BINDING,
            owner,
            key,
            fingerprint,
            reply.status,
            reply.code.as_deref().unwrap_or_default(),
            &reply.body,
        )
    } else {
        io::idempotency_settle(env, BINDING, owner, key, fingerprint, 0, "", &[])
    };
    if JsFuture::from(promise).await.is_err() {
        worker::console_error!(
            "idempotency: a key could not be settled; it stays in flight until its lease ends"
        );
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

/// The answer when the store of keys cannot be asked: nothing was sent.
pub fn store_unavailable() -> Reply {
    Reply::error(
        ApiCode::InternalError,
        "the idempotency store is unavailable; nothing was sent; try again",
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

/// One caller's keys: a Durable Object named by the caller's token digest, with SQLite
/// storage. The Worker asks it through `edge.js` (`POST /claim`, `POST /settle`); an alarm
/// deletes expired keys.
#[durable_object(alarm)]
pub struct IdempotencyKeys {
    state: State,
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

impl IdempotencyKeys {
    fn sql(&self) -> worker::SqlStorage {
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

    /// Makes sure an alarm comes no later than `expires`. Keys share one lifetime, so a key
    /// claimed later never expires before one claimed earlier: once set, the alarm stands
    /// until it fires, and a claim costs no storage call for it.
    async fn alarm_by(&self, expires: f64) -> WorkerResult<()> {
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
            self.ready.set(true);
        }
        Ok(())
    }

    async fn claim(&self, headers: &Headers) -> WorkerResult<Response> {
        let text = |name| header(headers, name);
        let number = |name| text(name).parse::<f64>().unwrap_or(0.0);
        let (key, fingerprint) = (text("x-key"), text("x-fingerprint"));
        let (ttl_ms, lease_ms) = (number("x-ttl-ms"), number("x-lease-ms"));
        let now = worker::Date::now().as_millis() as f64;
        // One statement for a new key, the publishing path's case: inserted, or written over
        // an expired one; a live key is left as it is and read below.
        let claimed = self.sql().exec(
            "INSERT INTO keys (key, fingerprint, started, expires) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (key) DO UPDATE SET fingerprint = ?2, started = ?3, expires = ?4, \
             status = NULL, code = NULL, body = NULL WHERE keys.expires <= ?3",
            vec![
                key.as_str().into(),
                fingerprint.as_str().into(),
                now.into(),
                (now + ttl_ms).into(),
            ],
        )?;
        if claimed.rows_written() > 0 {
            self.alarm_by(now + ttl_ms).await?;
            return verdict("claimed", None);
        }
        let Some(row) = self.row(&key)? else {
            // Deleted between the two statements cannot happen within one event; refuse to
            // guess rather than forward.
            return Err(worker::Error::RustError("idempotency: the key vanished".into()));
        };
        if row.fingerprint != fingerprint {
            return verdict("mismatch", None);
        }
        match (row.status, row.body) {
            (Some(status), body) => verdict(
                "replay",
                Some((
                    status as u16,
                    row.code.unwrap_or_default(),
                    body.unwrap_or_default(),
                )),
            ),
            (None, _) if now < row.started + lease_ms => verdict("in_flight", None),
            (None, _) => {
                // The first request ended without settling the key: whether it published is
                // unknown, so the key keeps a timeout rather than risk a second publish.
                let timeout = Reply::error(ApiCode::StatusTimeout,
                    "the first request with this Idempotency-Key ended without an answer; the status may have been published",
                );
                let body = String::from_utf8_lossy(&timeout.body).into_owned();
                self.keep(
                    &key,
                    &fingerprint,
                    timeout.status,
                    ApiCode::StatusTimeout.as_str(),
                    &body,
                )?;
                verdict(
                    "replay",
                    Some((timeout.status, ApiCode::StatusTimeout.as_str().into(), body)),
                )
            }
        }
    }

    /// Keeps `key`'s answer, if the key is still in flight with `fingerprint`.
    fn keep(
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

    /// Keeps the answer of a key in flight with the request's fingerprint, or releases the key
    /// (`x-status` 0): one statement either way, which does nothing to a key that is no longer
    /// this request's.
    fn settle(&self, headers: &Headers, body: &str) -> WorkerResult<Response> {
        let text = |name| header(headers, name);
        let (key, fingerprint) = (text("x-key"), text("x-fingerprint"));
        match text("x-status").parse::<u16>().unwrap_or(0) {
            0 => {
                self.sql().exec(
                    "DELETE FROM keys WHERE key = ? AND fingerprint = ? AND status IS NULL",
                    vec![key.as_str().into(), fingerprint.as_str().into()],
                )?;
            }
            status => self.keep(&key, &fingerprint, status, &text("x-code"), body)?,
        }
        Response::empty()
    }
}

/// A header of the Worker's request to the Durable Object, empty when absent.
fn header(headers: &Headers, name: &str) -> String {
    headers.get(name).ok().flatten().unwrap_or_default()
}

/// The Durable Object's answer to a claim: the verdict, and the stored answer for a replay.
fn verdict(name: &str, stored: Option<(u16, String, String)>) -> WorkerResult<Response> {
    let headers = Headers::new();
    headers.set("x-verdict", name)?;
    let Some((status, code, body)) = stored else {
        return Ok(Response::empty()?.with_headers(headers));
    };
    headers.set("x-status", &status.to_string())?;
    headers.set("x-code", &code)?;
    Ok(Response::ok(body)?.with_headers(headers))
}

impl DurableObject for IdempotencyKeys {
    fn new(state: State, _env: Env) -> Self {
        Self {
            state,
            ready: Cell::new(false),
            alarm_at: Cell::new(None),
        }
    }

    async fn fetch(&self, mut req: Request) -> WorkerResult<Response> {
        self.prepare()?;
        let headers = req.headers().clone();
        match req.path().as_str() {
            "/claim" => self.claim(&headers).await,
            "/settle" => self.settle(&headers, &req.text().await?),
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
        let next: Next = sql
            .exec("SELECT MIN(expires) AS next FROM keys", None)?
            .one()?;
        if let Some(at) = next.next {
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
