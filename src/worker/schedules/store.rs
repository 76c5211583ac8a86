//! The caller's schedules in its Durable Object: two SQLite tables, the requests the Worker
//! sends (create, list, read, cancel) and the views the API answers with.
//!
//! `schedules` holds one row per schedule: its timing as the API shows it, the run it is
//! waiting for (`next_run`) and when to wake for it (`wake`: the run, or the next attempt of a
//! run being retried), the sealed token and the status's wire body (as text, or in R2 under
//! `media`) while it is active. `runs` holds the newest runs of each schedule. Schedules that
//! ended or were cancelled are kept [`KEEP_ENDED_MS`], then deleted by the alarm.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use worker::wasm_bindgen_futures::JsFuture;
use worker::{Headers, Request, Response, Result as WorkerResult, SqlStorage};

use super::MEDIA_BINDING;
use crate::envelope::ApiCode;
use crate::schedule::{stored_when, Publishing};
use crate::worker::forward::Answer;
use crate::worker::idempotency::{header, IdempotencyKeys, Verdict};
use crate::worker::io;
use crate::worker::reply::Reply;

/// How long a schedule that ended or was cancelled is still listed.
pub const KEEP_ENDED_MS: f64 = 30.0 * 24.0 * 3600.0 * 1000.0;
/// Runs kept per schedule, the newest.
pub const RUNS_KEPT: u32 = 50;

/// Creates the tables, once per instance (with the keys' table).
pub fn prepare(sql: &SqlStorage) -> WorkerResult<()> {
    sql.exec(
        "CREATE TABLE IF NOT EXISTS schedules (id TEXT PRIMARY KEY, owner TEXT NOT NULL, \
         request TEXT NOT NULL, state TEXT NOT NULL, created REAL NOT NULL, timing TEXT NOT NULL, \
         next_run REAL, wake REAL, runs_made INTEGER NOT NULL DEFAULT 0, \
         attempts INTEGER NOT NULL DEFAULT 0, token TEXT, body TEXT, media TEXT, ended REAL)",
        None,
    )?;
    sql.exec(
        "CREATE INDEX IF NOT EXISTS schedules_by_wake ON schedules (state, wake)",
        None,
    )?;
    sql.exec(
        "CREATE TABLE IF NOT EXISTS runs (schedule TEXT NOT NULL, at REAL NOT NULL, \
         outcome TEXT NOT NULL, message_id TEXT, code TEXT, message TEXT, \
         PRIMARY KEY (schedule, at))",
        None,
    )?;
    Ok(())
}

/// A schedule's row.
#[derive(Debug, Deserialize)]
pub(super) struct Row {
    pub id: String,
    pub owner: String,
    pub request: String,
    pub state: String,
    pub created: f64,
    pub timing: String,
    pub next_run: Option<f64>,
    pub runs_made: f64,
    pub attempts: f64,
    pub token: Option<String>,
    pub body: Option<String>,
    pub media: Option<String>,
}

pub(super) const COLUMNS: &str =
    "id, owner, request, state, created, timing, next_run, runs_made, attempts, token, body, media";

/// A run's row.
#[derive(Debug, Deserialize)]
struct RunRow {
    at: f64,
    outcome: String,
    message_id: Option<String>,
    code: Option<String>,
    message: Option<String>,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Published; the answer's `message_id` goes with it.
    Published,
    /// Published nothing: WUTS refused, or retries ran out.
    Failed,
    /// Could not start within the retry window.
    Missed,
    /// The token was revoked or unknown at the run.
    Refused,
}

impl Outcome {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Failed => "failed",
            Self::Missed => "missed",
            Self::Refused => "refused",
        }
    }
}

/// A run as the API shows it.
#[derive(Serialize)]
struct RunView {
    at: String,
    outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorView>,
}

#[derive(Serialize)]
struct ErrorView {
    code: String,
    message: String,
}

/// A schedule as the API shows it; the status itself is not echoed back.
#[derive(Serialize)]
struct View {
    id: String,
    request: String,
    state: String,
    created_at: String,
    next_run: Option<String>,
    #[serde(flatten)]
    timing: serde_json::Map<String, serde_json::Value>,
    runs: Vec<RunView>,
}

/// RFC 3339 in UTC, from milliseconds since the epoch.
pub(super) fn rfc3339(ms: f64) -> String {
    Timestamp::from_millisecond(ms as i64)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// Milliseconds since the epoch of `at`.
pub(super) fn millis(at: Timestamp) -> f64 {
    at.as_millisecond() as f64
}

impl IdempotencyKeys {
    /// A schedules request from the Worker.
    pub(crate) async fn schedules(&self, req: &Request) -> WorkerResult<Response> {
        let path = req.path();
        let id = path.strip_prefix("/schedules/").unwrap_or_default();
        let reply = match (req.method().as_ref(), id) {
            ("POST", "") => return self.create_keyed(req).await,
            ("GET", "") => self.list()?,
            ("GET", id) => self.read(id)?,
            ("DELETE", id) => self.cancel(id).await?,
            #[cfg(feature = "edge-test")]
            ("PUT", id) => self.fire(id, req).await?,
            _ => Reply::error(ApiCode::NotFound, "no such operation"),
        };
        respond(reply, "")
    }

    /// `POST /schedules`, with its `Idempotency-Key` if any: one schedule per key.
    async fn create_keyed(&self, req: &Request) -> WorkerResult<Response> {
        let headers = req.headers();
        let text = |name| header(headers, name);
        let key = text("x-key");
        if key.is_empty() {
            return respond(self.create(req).await, "");
        }
        let fingerprint = text("x-fingerprint");
        let number = |name| text(name).parse::<f64>().unwrap_or(0.0);
        let verdict = self
            .claim(&key, &fingerprint, number("x-ttl-ms"), number("x-lease-ms"))
            .await?;
        match verdict {
            Verdict::Claimed => {
                let reply = self.create(req).await;
                // A schedule made, or a refusal that stands, is the key's answer; a store
                // failure releases the key, so the caller's retry with it is tried again.
                let answer: Answer = reply.into();
                let settled = if answer.reply.status >= 500 {
                    self.release(&key, &fingerprint)
                } else {
                    self.settle(&key, &fingerprint, &answer)
                };
                if settled.is_err() {
                    worker::console_error!("schedules: a key could not be settled");
                }
                respond(answer.reply, "claimed")
            }
            Verdict::Replay(status, code, body) => {
                let mut reply = Reply::json(status, body.into_bytes());
                reply.code = Some(code).filter(|c| !c.is_empty());
                respond(reply, "replay")
            }
            Verdict::InFlight => respond(Reply::empty(200), "in_flight"),
            Verdict::Mismatch => respond(Reply::empty(200), "mismatch"),
        }
    }

    /// Makes the schedule the Worker judged: 201 with it, or why not.
    async fn create(&self, req: &Request) -> Reply {
        match self.try_create(req).await {
            Ok(reply) => reply,
            Err(err) => {
                worker::console_error!("schedules: a schedule could not be stored: {err}");
                Reply::error(
                    ApiCode::InternalError,
                    "the schedule could not be stored; try again",
                )
            }
        }
    }

    async fn try_create(&self, req: &Request) -> WorkerResult<Reply> {
        let headers = req.headers();
        let text = |name| header(headers, name);
        let (request, timing, token) = (text("x-request"), text("x-when"), text("x-token"));
        let inline = !text("x-inline").is_empty();
        let max = text("x-max")
            .parse::<u32>()
            .unwrap_or(super::DEFAULT_MAX_SCHEDULES);
        let (Some(_), Ok(when)) = (Publishing::parse(&request), stored_when(&timing)) else {
            return Ok(Reply::error(
                ApiCode::InternalError,
                "the schedule reached the store unreadable",
            ));
        };
        let sql = self.sql();
        #[derive(Deserialize)]
        struct Count {
            n: f64,
        }
        let active: Count = sql
            .exec(
                "SELECT COUNT(*) AS n FROM schedules WHERE state = 'active'",
                None,
            )?
            .one()?;
        if active.n >= f64::from(max) {
            return Ok(Reply::error(
                ApiCode::InvalidRequest,
                &format!("this caller has {max} active schedules, the most this proxy keeps (WUTS_MAX_SCHEDULES); cancel one first"),
            ));
        }
        let now = worker::Date::now().as_millis() as f64;
        let Some(first) = Timestamp::from_millisecond(now as i64)
            .ok()
            .and_then(|now| when.next_after(now, 0))
        else {
            return Ok(Reply::error(
                ApiCode::InvalidRequest,
                "the schedule's time passed before it could be stored",
            ));
        };
        let id = io::schedule_id();
        let owner = text("x-owner");
        let media = format!("{owner}/{id}");
        let binding = if inline { MEDIA_BINDING } else { "" };
        let body =
            match JsFuture::from(io::keep_body(&self.env, binding, &media, req.inner())).await {
                Ok(body) => body.as_string().unwrap_or_default(),
                Err(err) => {
                    worker::console_error!("schedules: the media could not be kept in R2: {err:?}");
                    return Ok(Reply::error(
                        ApiCode::InternalError,
                        "the status's media could not be kept (the R2 bucket bound as WUTS_MEDIA)",
                    ));
                }
            };
        let next = millis(first);
        sql.exec(
            "INSERT INTO schedules (id, owner, request, state, created, timing, next_run, wake, token, body, media) \
             VALUES (?1, ?2, ?3, 'active', ?4, ?5, ?6, ?6, ?7, ?8, ?9)",
            vec![
                id.as_str().into(),
                owner.as_str().into(),
                request.as_str().into(),
                now.into(),
                timing.as_str().into(),
                next.into(),
                token.as_str().into(),
                body.into(),
                inline.then_some(media).into(),
            ],
        )?;
        self.alarm_by(next).await?;
        let view = self.view_of(&id, None)?;
        Ok(Reply::json(201, envelope("schedule", &view)))
    }

    /// `GET /schedules`: active first (soonest run first), then the rest, newest first; each
    /// with its last run.
    fn list(&self) -> WorkerResult<Reply> {
        let now = worker::Date::now().as_millis() as f64;
        let rows: Vec<Row> = self
            .sql()
            .exec(
                &format!(
                    "SELECT {COLUMNS} FROM schedules WHERE state = 'active' OR ended > ? \
                     ORDER BY state = 'active' DESC, next_run ASC, created DESC"
                ),
                vec![(now - KEEP_ENDED_MS).into()],
            )?
            .to_array()?;
        let views = rows
            .into_iter()
            .map(|row| self.view(row, Some(1)))
            .collect::<WorkerResult<Vec<_>>>()?;
        Ok(Reply::json(200, envelope("schedules", &views)))
    }

    /// `GET /schedules/{id}`: with its runs.
    fn read(&self, id: &str) -> WorkerResult<Reply> {
        Ok(match self.schedule_row(id)? {
            Some(row) => Reply::json(200, envelope("schedule", &self.view(row, None)?)),
            None => not_found(),
        })
    }

    /// `DELETE /schedules/{id}`: cancelled, its media deleted. A run under way completes; one
    /// that is over or cancelled already is answered as it is.
    async fn cancel(&self, id: &str) -> WorkerResult<Reply> {
        let Some(row) = self.schedule_row(id)? else {
            return Ok(not_found());
        };
        if row.state == "active" {
            let now = worker::Date::now().as_millis() as f64;
            self.end(&[row], "cancelled", now).await?;
        }
        Ok(Reply::json(
            200,
            envelope("schedule", &self.view_of(id, None)?),
        ))
    }

    /// Ends `rows` as `state` (`ended` or `cancelled`): no more runs, the token and the
    /// status forgotten, their media deleted from R2.
    pub(super) async fn end(&self, rows: &[Row], state: &str, now: f64) -> WorkerResult<()> {
        let sql = self.sql();
        for row in rows {
            sql.exec(
                "UPDATE schedules SET state = ?, ended = ?, next_run = NULL, wake = NULL, \
                 token = NULL, body = NULL, media = NULL WHERE id = ? AND state = 'active'",
                vec![state.into(), now.into(), row.id.as_str().into()],
            )?;
        }
        let media: Vec<String> = rows.iter().filter_map(|r| r.media.clone()).collect();
        if !media.is_empty() {
            if let Err(err) = JsFuture::from(io::drop_bodies(&self.env, MEDIA_BINDING, media)).await
            {
                worker::console_error!("schedules: media could not be deleted from R2: {err:?}");
            }
        }
        Ok(())
    }

    /// Records a run of `schedule` at `at`, and keeps only the newest runs.
    pub(super) fn record(
        &self,
        schedule: &str,
        at: f64,
        outcome: Outcome,
        message_id: Option<&str>,
        error: Option<(&str, &str)>,
    ) -> WorkerResult<()> {
        let sql = self.sql();
        sql.exec(
            "INSERT OR REPLACE INTO runs (schedule, at, outcome, message_id, code, message) \
             VALUES (?, ?, ?, ?, ?, ?)",
            vec![
                schedule.into(),
                at.into(),
                outcome.as_str().into(),
                message_id.map(str::to_owned).into(),
                error.map(|(code, _)| code.to_owned()).into(),
                error.map(|(_, message)| message.to_owned()).into(),
            ],
        )?;
        sql.exec(
            "DELETE FROM runs WHERE schedule = ?1 AND at NOT IN \
             (SELECT at FROM runs WHERE schedule = ?1 ORDER BY at DESC LIMIT ?2)",
            vec![schedule.into(), i64::from(RUNS_KEPT).into()],
        )?;
        Ok(())
    }

    /// When the alarm must next come for schedules: the earliest wake of an active one, or
    /// the time an ended one is to be deleted; old ones are deleted here.
    pub(crate) fn next_wake(&self) -> WorkerResult<Option<f64>> {
        #[derive(Deserialize)]
        struct Next {
            next: Option<f64>,
        }
        let sql = self.sql();
        let old = worker::Date::now().as_millis() as f64 - KEEP_ENDED_MS;
        sql.exec(
            "DELETE FROM runs WHERE schedule IN (SELECT id FROM schedules WHERE state != 'active' AND ended <= ?)",
            vec![old.into()],
        )?;
        sql.exec(
            "DELETE FROM schedules WHERE state != 'active' AND ended <= ?",
            vec![old.into()],
        )?;
        let next: Next = sql
            .exec(
                "SELECT MIN(at) AS next FROM (SELECT MIN(wake) AS at FROM schedules WHERE state = 'active' \
                 UNION ALL SELECT MIN(ended) + ? AS at FROM schedules WHERE state != 'active')",
                vec![KEEP_ENDED_MS.into()],
            )?
            .one()?;
        Ok(next.next)
    }

    pub(super) fn schedule_row(&self, id: &str) -> WorkerResult<Option<Row>> {
        let rows: Vec<Row> = self
            .sql()
            .exec(
                &format!("SELECT {COLUMNS} FROM schedules WHERE id = ?"),
                vec![id.into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    fn view_of(&self, id: &str, runs: Option<u32>) -> WorkerResult<View> {
        let row = self.schedule_row(id)?.ok_or_else(|| {
            worker::Error::RustError("schedules: a schedule just written is gone".into())
        })?;
        self.view(row, runs)
    }

    /// The view of `row`, with its newest `runs` (all that are kept for `None`).
    fn view(&self, row: Row, runs: Option<u32>) -> WorkerResult<View> {
        let rows: Vec<RunRow> = self
            .sql()
            .exec(
                "SELECT at, outcome, message_id, code, message FROM runs WHERE schedule = ? \
                 ORDER BY at DESC LIMIT ?",
                vec![
                    row.id.as_str().into(),
                    i64::from(runs.unwrap_or(RUNS_KEPT)).into(),
                ],
            )?
            .to_array()?;
        let timing = serde_json::from_str(&row.timing).unwrap_or_default();
        Ok(View {
            id: row.id,
            request: row.request,
            state: row.state,
            created_at: rfc3339(row.created),
            next_run: row.next_run.map(rfc3339),
            timing,
            runs: rows
                .into_iter()
                .map(|run| RunView {
                    at: rfc3339(run.at),
                    outcome: run.outcome,
                    message_id: run.message_id,
                    error: run.code.map(|code| ErrorView {
                        code,
                        message: run.message.unwrap_or_default(),
                    }),
                })
                .collect(),
        })
    }

    /// The edge tests' build only: makes the run of schedule `id` at `x-at` (milliseconds)
    /// now, the schedule standing as it stood before that run (when it was made already, as an
    /// alarm delivered a second time finds it). Answers the schedule and the size of the
    /// object's database.
    #[cfg(feature = "edge-test")]
    async fn fire(&self, id: &str, req: &Request) -> WorkerResult<Reply> {
        let at = header(req.headers(), "x-at").parse::<f64>().unwrap_or(0.0);
        // Without a run's time, only the schedule and the size.
        if at > 0.0 {
            let now = worker::Date::now().as_millis() as f64;
            self.sql().exec(
                "UPDATE schedules SET next_run = ?1, wake = ?2, attempts = 0, runs_made = \
                 MAX(runs_made - (SELECT COUNT(*) FROM runs WHERE schedule = ?3 AND at = ?1), 0) \
                 WHERE id = ?3 AND state = 'active'",
                vec![at.into(), now.into(), id.into()],
            )?;
            self.run_due(now).await;
        }
        let Some(row) = self.schedule_row(id)? else {
            return Ok(not_found());
        };
        // With the size of the object's database, for the benchmark of a run's storage.
        let mut body = envelope("schedule", &self.view(row, None)?);
        body.pop();
        body.extend(format!(",\"database_bytes\":{}}}", self.sql().database_size()).into_bytes());
        Ok(Reply::json(200, body))
    }
}

/// `{"success": true, name: value}`.
fn envelope(name: &str, value: &impl Serialize) -> Vec<u8> {
    let mut out = format!("{{\"success\":true,\"{name}\":").into_bytes();
    // Strings, numbers and maps of JSON values only: serializing cannot fail.
    out.extend(serde_json::to_vec(value).unwrap_or_default());
    out.push(b'}');
    out
}

fn not_found() -> Reply {
    Reply::error(ApiCode::NotFound, "no such schedule")
}

/// The object's answer to the Worker: the reply, its code and the verdict on a key.
fn respond(reply: Reply, verdict: &str) -> WorkerResult<Response> {
    let out = Headers::new();
    out.set("x-verdict", verdict)?;
    out.set("x-code", reply.code.as_deref().unwrap_or_default())?;
    Ok(Response::from_bytes(reply.body)?
        .with_status(reply.status)
        .with_headers(out))
}
