//! [`Client`] and its builder.

use std::time::Duration;

use super::call::Call;
use super::exchange;
use super::operation::Operation;
use super::retry::Retry;
use crate::problem::ProblemCode;
use crate::schedule::{Schedule, ScheduleBuilder, Timestamp};
use crate::{Error, Limits, PrivacyUpdated, Problems, Published, RequestBuilder, StatusRequest};
use crate::{MediaStatusBuilder, StatusPrivacyBuilder, TextStatusBuilder, Token};

/// Deadline of one attempt when the caller sets none.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Sets up a [`Client`]: the base URL and token are required, the rest has defaults.
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    token: String,
    timeout: Duration,
    retry: Retry,
    retry_publish: bool,
}

impl ClientBuilder {
    /// The deadline of each attempt (default 30 s); [`Duration::ZERO`] for none.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How privacy updates (and keyed publishes, with [`retry_publish`](Self::retry_publish))
    /// are retried; [`Retry::NONE`] turns retries off.
    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// Whether a publish that carries an idempotency key ([`Call::idempotency_key`]) is retried
    /// like a privacy update (default `false`). Only safe against a server that honours the
    /// `Idempotency-Key` header (the edge proxy): it answers a repeat with the first answer
    /// instead of posting again. A publish without a key is never retried.
    pub fn retry_publish(mut self, retry_publish: bool) -> Self {
        self.retry_publish = retry_publish;
        self
    }

    /// The client, or an [`Error::Validation`] naming `base_url` or `token`.
    pub fn build(self) -> Result<Client, Error> {
        let mut problems = Problems::new();
        let base_url = self.base_url.trim().trim_end_matches('/');
        let scheme = base_url.split_once("://").map(|(scheme, _)| scheme);
        if base_url.is_empty() {
            problems.add(
                "base_url",
                ProblemCode::Required,
                "is required: the API's base URL, such as https://edge.example.com",
            );
        } else if !matches!(scheme, Some("https" | "http")) {
            problems.add(
                "base_url",
                ProblemCode::Invalid,
                "must be an absolute http or https URL, such as https://edge.example.com",
            );
        }
        let token = Token::from_option("token", self.token.trim())
            .map_err(|problem| problems.push(problem))
            .ok();
        match token {
            Some(token) if problems.is_empty() => Ok(Client {
                base_url: base_url.to_owned(),
                token,
                timeout: self.timeout,
                retry: self.retry,
                retry_publish: self.retry_publish,
            }),
            _ => Err(Error::Validation(problems)),
        }
    }
}

/// An async client of the WUTS status API (see [the module](super)). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    base_url: String,
    token: Token,
    timeout: Duration,
    retry: Retry,
    retry_publish: bool,
}

impl Client {
    /// A builder for a client of the API at `base_url` (the edge proxy, `wuts-local` or WUTS)
    /// with the per-user API `token` (a UUID v4).
    pub fn builder(base_url: impl Into<String>, token: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            token: token.into(),
            timeout: DEFAULT_TIMEOUT,
            retry: Retry::default(),
            retry_publish: false,
        }
    }

    /// Publishes a text status (`POST /status/text`). Never retried.
    pub async fn publish_text(&self, status: TextStatusBuilder) -> Result<Published, Error> {
        self.send(status, &Call::new()).await
    }

    /// Publishes an image or video status (`POST /status/media`). Never retried.
    pub async fn publish_media(&self, status: MediaStatusBuilder) -> Result<Published, Error> {
        self.send(status, &Call::new()).await
    }

    /// Replaces who can see statuses (`PUT /status/privacy`), retried as the client's
    /// [`Retry`] says.
    pub async fn update_privacy(
        &self,
        privacy: StatusPrivacyBuilder,
    ) -> Result<PrivacyUpdated, Error> {
        self.send(privacy, &Call::new()).await
    }

    /// Sends any request with per-call options: an abort signal, a deadline, a request id, an
    /// idempotency key for a publish.
    ///
    /// The request and the options are validated first, every problem reported at once in an
    /// [`Error::Validation`]; nothing is sent then.
    pub async fn send<B>(
        &self,
        request: B,
        call: &Call,
    ) -> Result<<B::Request as Operation>::Answer, Error>
    where
        B: RequestBuilder,
        B::Request: Operation,
    {
        let mut problems = Problems::new();
        let request = match request.build(&Limits::default()) {
            Ok(request) => Some(request),
            Err(found) => {
                problems.extend(found);
                None
            }
        };
        call.check(B::Request::IDEMPOTENT, &mut problems);
        let request = problems.into_result(request)?;
        let body = request.map(|r| r.to_json()).unwrap_or_default();
        // Sending twice is harmless for a privacy update, and for a publish the proxy keeps by
        // its Idempotency-Key.
        let idempotent =
            B::Request::IDEMPOTENT || (self.retry_publish && call.has_idempotency_key());
        let retry = if idempotent { self.retry } else { Retry::NONE };
        self.exchange(
            B::Request::METHOD,
            B::Request::PATH,
            &body,
            call,
            retry,
            idempotent,
        )
        .await
    }

    /// Schedules a status on the edge proxy (`POST /schedules`), which publishes it at its
    /// time, once or repeating, through its keyed path. Checked first by the proxy's rules, at
    /// the present time, every problem at once (nothing is sent then). Like a publish, retried
    /// only with the call's idempotency key when the client opts in with `retry_publish`.
    pub async fn create_schedule(
        &self,
        schedule: &ScheduleBuilder,
        call: &Call,
    ) -> Result<Schedule, Error> {
        let now = Timestamp::from_millisecond(js_sys::Date::now() as i64)
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let mut problems = Problems::new();
        let body = match schedule.build(&Limits::default(), now) {
            Ok((body, _)) => Some(body),
            Err(found) => {
                problems.extend(found);
                None
            }
        };
        call.check(false, &mut problems);
        let body = problems.into_result(body)?.unwrap_or_default();
        let idempotent = self.retry_publish && call.has_idempotency_key();
        let retry = if idempotent { self.retry } else { Retry::NONE };
        self.exchange("POST", "/schedules", &body, call, retry, idempotent)
            .await
    }

    /// The caller's schedules (`GET /schedules`): active ones first, each with its last run.
    pub async fn schedules(&self) -> Result<Vec<Schedule>, Error> {
        self.exchange("GET", "/schedules", "", &Call::new(), self.retry, true)
            .await
    }

    /// One schedule with its runs (`GET /schedules/{id}`).
    pub async fn schedule(&self, id: &str) -> Result<Schedule, Error> {
        let path = schedule_path(id)?;
        self.exchange("GET", &path, "", &Call::new(), self.retry, true)
            .await
    }

    /// Cancels a schedule (`DELETE /schedules/{id}`); a run under way completes. Cancelling
    /// is idempotent, so it is retried as the client's [`Retry`] says.
    pub async fn cancel_schedule(&self, id: &str) -> Result<Schedule, Error> {
        let path = schedule_path(id)?;
        self.exchange("DELETE", &path, "", &Call::new(), self.retry, true)
            .await
    }

    async fn exchange<T>(
        &self,
        method: &'static str,
        path: &str,
        body: &str,
        call: &Call,
        retry: Retry,
        idempotent: bool,
    ) -> Result<T, Error>
    where
        T: for<'a> crate::envelope::SuccessBody<&'a serde_json::Value>,
    {
        let url = format!("{}{}", self.base_url, path);
        let attempt = exchange::Attempt {
            url: &url,
            method,
            authorization: &self.token.authorization(),
            body,
            call,
            timeout: call.deadline().unwrap_or(self.timeout),
        };
        exchange::send::<T>(&attempt, retry, idempotent).await
    }
}

/// The path of schedule `id`, which must look like one (letters, digits, `-`, `_`).
fn schedule_path(id: &str) -> Result<String, Error> {
    let fine = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    if id.is_empty() || id.len() > 64 || !id.bytes().all(fine) {
        return Err(Problems::from(crate::Problem::new(
            "id",
            ProblemCode::Invalid,
            "is not a schedule id",
        ))
        .into());
    }
    Ok(format!("/schedules/{id}"))
}
