//! Sending one request: each attempt under its deadline and the caller's signal, retried as
//! the [`Retry`] says, its answer read by the core.

use std::time::Duration;

use gloo_net::http::{Request, RequestBuilder};
use js_sys::Array;
use web_sys::AbortSignal;

use super::call::Call;
use super::retry::Retry;
use crate::envelope::{read_response, SuccessBody};
use crate::Error;

/// One request, ready to send.
pub(crate) struct Attempt<'a> {
    pub(crate) url: &'a str,
    pub(crate) method: &'a str,
    pub(crate) authorization: &'a str,
    pub(crate) body: &'a str,
    pub(crate) call: &'a Call,
    /// Of each attempt; zero for none.
    pub(crate) timeout: Duration,
}

/// Sends `attempt` until it succeeds, fails for good or runs out of retries. What is tried
/// again is [`Error::resend`]'s decision for a request that is `idempotent` or not.
pub(crate) async fn send<T>(
    attempt: &Attempt<'_>,
    retry: Retry,
    idempotent: bool,
) -> Result<T, Error>
where
    T: for<'a> SuccessBody<&'a serde_json::Value>,
{
    let mut tries = 0;
    loop {
        let err = match once(attempt).await {
            Ok(answer) => return Ok(answer),
            Err(err) => err,
        };
        if tries >= retry.retries || !err.resend().retries_now(idempotent) {
            return Err(err);
        }
        gloo_timers::future::sleep(retry.wait(tries)).await;
        tries += 1;
    }
}

/// One attempt: the answer read, or why none came.
async fn once<T>(attempt: &Attempt<'_>) -> Result<T, Error>
where
    T: for<'a> SuccessBody<&'a serde_json::Value>,
{
    let caller = attempt.call.abort_signal();
    if caller.is_some_and(AbortSignal::aborted) {
        return Err(Error::Aborted);
    }
    let deadline = deadline_signal(attempt.timeout);
    let signal = match (caller, &deadline) {
        (Some(caller), Some(deadline)) => {
            Some(AbortSignal::any(&Array::of2(caller, deadline).into()))
        }
        (Some(only), None) | (None, Some(only)) => Some(only.clone()),
        (None, None) => None,
    };
    // Why no answer came: the signals say whether the caller or the deadline ended it.
    let failed = |err: gloo_net::Error| {
        if caller.is_some_and(AbortSignal::aborted) {
            Error::Aborted
        } else if deadline.as_ref().is_some_and(AbortSignal::aborted) {
            Error::Timeout
        } else {
            Error::Network(err.to_string())
        }
    };
    let request = build(attempt, signal.as_ref()).map_err(failed)?;
    let response = request.send().await.map_err(failed)?;
    let request_id = response.headers().get("x-request-id");
    let body = response.binary().await.map_err(failed)?;
    read_response(response.status(), &body).map_err(|err| err.with_request_id(request_id))
}

fn build(attempt: &Attempt<'_>, signal: Option<&AbortSignal>) -> Result<Request, gloo_net::Error> {
    use gloo_net::http::Method;
    let method = match attempt.method {
        "PUT" => Method::PUT,
        "GET" => Method::GET,
        "DELETE" => Method::DELETE,
        _ => Method::POST,
    };
    let mut builder = RequestBuilder::new(attempt.url)
        .method(method)
        .header("authorization", attempt.authorization)
        .header("accept", "application/json")
        .abort_signal(signal);
    for (name, value) in attempt.call.headers() {
        builder = builder.header(name, value);
    }
    if attempt.body.is_empty() {
        // GET and DELETE: no body, so no content type.
        return builder.build();
    }
    builder
        .header("content-type", "application/json")
        .body(attempt.body)
}

/// A signal that aborts after `timeout`; `None` for no deadline. Timers take at most
/// 2^31 - 1 ms; a longer deadline is none in practice.
fn deadline_signal(timeout: Duration) -> Option<AbortSignal> {
    if timeout.is_zero() {
        return None;
    }
    let ms = u32::try_from(timeout.as_millis())
        .unwrap_or(u32::MAX)
        .clamp(1, i32::MAX as u32);
    Some(AbortSignal::timeout_with_u32(ms))
}
