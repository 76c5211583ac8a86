//! Making the runs that are due, from the Durable Object's alarm.
//!
//! A run publishes through the object's keyed path with the key
//! `schedule:<id>:<unix seconds of the run>`: claimed, forwarded, settled, as a keyed publish
//! from a caller. An alarm delivered twice, a run tried again after a failure, or an object
//! stopped in the middle of a run therefore meets the key, and the status is posted once.
//!
//! Before publishing, the token's record is read as for a request (a revoked or unknown token
//! refuses the run and ends the caller's schedules) and the caller's rate limit is charged.
//! Failures that prove nothing was posted (the backend unreachable, `device_disconnected`,
//! `rate_limited`) are tried again with backoff for up to [`RETRY_WINDOW_MS`] after the run's
//! time; any other answer is final. A timeout is final too: the key keeps it, so a retry could
//! only be answered with the same timeout. A run that could not start within the window is
//! missed, and after a delay only the latest due run of a schedule is made.

use jiff::Timestamp;
use worker::wasm_bindgen_futures::JsFuture;

use super::store::{millis, Outcome, Row, COLUMNS};
use crate::envelope::{read_response, ApiCode};
use crate::schedule::{stored_when, Publishing};
use crate::worker::auth::{self, TenantRecord, TOKENS_BINDING};
use crate::worker::config;
use crate::worker::forward::{self, Answer};
use crate::worker::idempotency::{self, IdempotencyKeys, Verdict};
use crate::worker::io::{self, Outgoing};
use crate::worker::ratelimit::RATE_LIMITER_BINDING;
use crate::worker::routes::ApiRoute;
use crate::{Error, Published};

/// How long after its time a run may still be made or tried again.
pub const RETRY_WINDOW_MS: f64 = 15.0 * 60.0 * 1000.0;
/// The first wait before a run is tried again; each next wait doubles, up to [`MAX_BACKOFF_MS`].
const FIRST_BACKOFF_MS: f64 = 5_000.0;
const MAX_BACKOFF_MS: f64 = 120_000.0;
/// Schedules looked at per alarm; the alarm comes back at once for the rest.
const PER_ALARM: u32 = 25;
/// When a run cannot be looked at (storage failed), the wait before the next look.
const AFTER_TROUBLE_MS: f64 = 60_000.0;

/// What the attempt at a run came to.
enum Attempt {
    /// Over: its outcome, with the message id or the error.
    Done(Outcome, Option<String>, Option<(String, String)>),
    /// Nothing was posted, and trying again may work: the error, for when retries run out.
    Again(String, String),
    /// The token is revoked or unknown: the run is refused and the caller's schedules end.
    Refused,
}

impl IdempotencyKeys {
    /// Makes the runs due at `now`. Never fails: a run that cannot be made is recorded, or
    /// looked at again later.
    pub(crate) async fn run_due(&self, now: f64) {
        let due: Vec<Row> = match self
            .sql()
            .exec(
                &format!(
                    "SELECT {COLUMNS} FROM schedules WHERE state = 'active' AND wake <= ? \
                     ORDER BY wake LIMIT ?"
                ),
                vec![now.into(), i64::from(PER_ALARM).into()],
            )
            .and_then(|rows| rows.to_array())
        {
            Ok(rows) => rows,
            Err(err) => {
                worker::console_error!("schedules: due runs could not be read: {err}");
                return;
            }
        };
        for row in due {
            let id = row.id.clone();
            if let Err(err) = self.run(row, now).await {
                worker::console_error!("schedules: a run of {id} could not be made: {err}");
                let later = now + AFTER_TROUBLE_MS;
                let _ = self.sql().exec(
                    "UPDATE schedules SET wake = ? WHERE id = ? AND state = 'active'",
                    vec![later.into(), id.as_str().into()],
                );
            }
        }
    }

    /// The run `row` is waiting for.
    async fn run(&self, row: Row, now: f64) -> worker::Result<()> {
        let when = stored_when(&row.timing)
            .map_err(|_| worker::Error::RustError("a stored timing does not read".into()))?;
        let (Some(due), Ok(now_ts)) = (
            row.next_run
                .and_then(|ms| Timestamp::from_millisecond(ms as i64).ok()),
            Timestamp::from_millisecond(now as i64),
        ) else {
            return Err(worker::Error::RustError(
                "a due schedule has no next run".into(),
            ));
        };
        let mut made = row.runs_made as u32;
        let retrying = row.attempts > 0.0;
        // After a delay, the runs passed over are missed and only the latest due one is made.
        let (run_at, passed) = if retrying {
            (due, 0)
        } else {
            when.latest_due(due, now_ts, made)
        };
        let mut skipped = due;
        for _ in 0..passed {
            self.record(&row.id, millis(skipped), Outcome::Missed, None, None)?;
            skipped = when.next_after(skipped, made + 1).unwrap_or(run_at);
        }
        made += passed;
        let at = millis(run_at);
        if !retrying && now > at + RETRY_WINDOW_MS {
            self.record(&row.id, at, Outcome::Missed, None, None)?;
            return self.advance(&row, &when, run_at, made + 1, now).await;
        }
        match self.attempt(&row, run_at).await {
            Attempt::Done(outcome, message_id, error) => {
                let error = error.as_ref().map(|(c, m)| (c.as_str(), m.as_str()));
                self.record(&row.id, at, outcome, message_id.as_deref(), error)?;
                self.advance(&row, &when, run_at, made + 1, now).await
            }
            Attempt::Again(code, message) => {
                let attempts = row.attempts + 1.0;
                let wait = (FIRST_BACKOFF_MS * 2f64.powf(attempts - 1.0)).min(MAX_BACKOFF_MS);
                if now + wait <= at + RETRY_WINDOW_MS {
                    self.sql().exec(
                        "UPDATE schedules SET attempts = ?, wake = ? WHERE id = ? AND state = 'active'",
                        vec![attempts.into(), (now + wait).into(), row.id.as_str().into()],
                    )?;
                    Ok(())
                } else {
                    let error = Some((code.as_str(), message.as_str()));
                    self.record(&row.id, at, Outcome::Failed, None, error)?;
                    self.advance(&row, &when, run_at, made + 1, now).await
                }
            }
            Attempt::Refused => {
                self.record(&row.id, at, Outcome::Refused, None, Some((ApiCode::Forbidden.as_str(),
                    "the token was revoked or is not known any more; the caller's schedules ended")))?;
                let rows: Vec<Row> = self
                    .sql()
                    .exec(
                        &format!("SELECT {COLUMNS} FROM schedules WHERE state = 'active'"),
                        None,
                    )?
                    .to_array()?;
                self.end(&rows, "ended", now).await
            }
        }
    }

    /// After the run at `run_at` (the schedule's `made`th): the next run, or the end.
    async fn advance(
        &self,
        row: &Row,
        when: &crate::schedule::When,
        run_at: Timestamp,
        made: u32,
        now: f64,
    ) -> worker::Result<()> {
        match when.next_after(run_at, made) {
            Some(next) => {
                let next = millis(next);
                self.sql().exec(
                    "UPDATE schedules SET next_run = ?1, wake = ?1, runs_made = ?2, attempts = 0 \
                     WHERE id = ?3 AND state = 'active'",
                    vec![next.into(), i64::from(made).into(), row.id.as_str().into()],
                )?;
                self.alarm_by(next).await
            }
            None => {
                self.sql().exec(
                    "UPDATE schedules SET runs_made = ? WHERE id = ?",
                    vec![i64::from(made).into(), row.id.as_str().into()],
                )?;
                self.end(std::slice::from_ref(row), "ended", now).await
            }
        }
    }

    /// One attempt at the run at `run_at`: the token checked, the rate limit charged, the
    /// status published through the keyed path.
    async fn attempt(&self, row: &Row, run_at: Timestamp) -> Attempt {
        let config = config::get(&self.env);
        let unreachable = || {
            Attempt::Again(
                ApiCode::BadGateway.as_str().into(),
                "the token store could not be asked".into(),
            )
        };
        let Ok(admission) = io::admit_token(
            &self.env,
            TOKENS_BINDING,
            RATE_LIMITER_BINDING,
            &row.owner,
            false,
            None,
        )
        .await
        else {
            return unreachable();
        };
        let live = admission
            .record
            .and_then(|r| serde_json::from_str::<TenantRecord>(&r).ok())
            .is_some_and(|record| auth::accepts(&record, &row.owner));
        if !live {
            return Attempt::Refused;
        }
        if !admission.allowed {
            return Attempt::Again(
                ApiCode::RateLimited.as_str().into(),
                "the caller's rate limit was spent at the run's time".into(),
            );
        }
        let (Some(secret), Some(sealed)) =
            (config.schedule_secret.as_deref(), row.token.as_deref())
        else {
            return failed(
                ApiCode::InternalError,
                "the schedule's token is not available",
            );
        };
        let token = JsFuture::from(io::open_token(secret, &row.owner, sealed))
            .await
            .ok()
            .and_then(|t| t.as_string());
        let Some(token) = token else {
            return failed(
                ApiCode::InternalError,
                "the schedule's token could not be opened: WUTS_SCHEDULE_SECRET changed since the schedule was made",
            );
        };
        let route = match Publishing::parse(&row.request) {
            Some(Publishing::Media) => ApiRoute::Media,
            _ => ApiRoute::Text,
        };
        let key = format!("schedule:{}:{}", row.id, run_at.as_second());
        let fingerprint = format!("schedule:{}", row.id);
        let lease = f64::from(config.timeout_ms) + idempotency::LEASE_MARGIN_MS as f64;
        let verdict = match self
            .claim(&key, &fingerprint, config.idempotency_ttl_ms as f64, lease)
            .await
        {
            Ok(verdict) => verdict,
            Err(_) => return unreachable(),
        };
        match verdict {
            Verdict::Claimed => {
                let body = Outgoing::Kept {
                    text: row.body.as_deref().unwrap_or_default(),
                    env: &self.env,
                    binding: super::MEDIA_BINDING,
                    key: row.media.as_deref().unwrap_or_default(),
                };
                let authorization = format!("Bearer {token}");
                let answer = forward::forward(&config, route, &authorization, &key, body).await;
                if self.settle(&key, &fingerprint, &answer).is_err() {
                    worker::console_error!("schedules: a run's key could not be settled");
                }
                judge(&answer)
            }
            Verdict::Replay(status, code, body) => {
                let answer = Answer {
                    reply: idempotency::replayed(
                        status,
                        Some(code).filter(|c| !c.is_empty()),
                        body.into_bytes(),
                    ),
                    backend_status: Some(status),
                };
                judge(&answer)
            }
            // The run is under way elsewhere (an alarm delivered twice): look again shortly.
            Verdict::InFlight => Attempt::Again(
                ApiCode::Conflict.as_str().into(),
                "the run was still being made by an earlier attempt".into(),
            ),
            Verdict::Mismatch => failed(
                ApiCode::InternalError,
                "the run's key was used for another status",
            ),
        }
    }
}

fn failed(code: ApiCode, message: &str) -> Attempt {
    Attempt::Done(
        Outcome::Failed,
        None,
        Some((code.as_str().into(), message.into())),
    )
}

/// What an answer to a run's publish means for the run.
fn judge(answer: &Answer) -> Attempt {
    let reply = &answer.reply;
    match read_response::<Published>(reply.status, &reply.body) {
        Ok(published) => Attempt::Done(Outcome::Published, Some(published.message_id), None),
        Err(err) => {
            let (code, message) = match &err {
                Error::Api { code, message, .. } => (code.clone(), message.clone()),
                other => (ApiCode::BadGateway.as_str().to_owned(), other.to_string()),
            };
            if idempotency::keeps(answer) {
                Attempt::Done(Outcome::Failed, None, Some((code, message)))
            } else {
                Attempt::Again(code, message)
            }
        }
    }
}
