//! [`Client`] and its builder.

use std::time::Duration;

use super::call::Call;
use super::exchange;
use super::operation::Operation;
use super::retry::Retry;
use crate::problem::ProblemCode;
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
        let url = format!("{}{}", self.base_url, B::Request::PATH);
        let attempt = exchange::Attempt {
            url: &url,
            method: B::Request::METHOD,
            authorization: &self.token.authorization(),
            body: &body,
            call,
            timeout: call.deadline().unwrap_or(self.timeout),
        };
        exchange::send::<<B::Request as Operation>::Answer>(&attempt, retry, idempotent).await
    }
}
