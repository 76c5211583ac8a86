//! The request id: the caller's `X-Request-Id` when it is sane, else a fresh UUID. It goes to
//! the backend, back to the caller, and into the log line, so one id follows a request.

use crate::rules::request_id::check_request_id;

/// The id for this request: the caller's, else `fresh` (WebCrypto's random UUID v4, made with
/// the request's head).
pub fn pick(incoming: Option<&str>, fresh: &str) -> String {
    match incoming.map(str::trim) {
        Some(id) if check_request_id("x-request-id", id).is_ok() => id.to_owned(),
        _ => fresh.to_owned(),
    }
}
