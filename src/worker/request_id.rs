//! The request id: the caller's `X-Request-Id` when it is sane, else a fresh UUID. It goes to
//! the backend, back to the caller, and into the log line, so one id follows a request.

use crate::rules::request_id::is_sane;

/// The id for this request: the caller's, else `fresh` (WebCrypto's random UUID v4, made with
/// the request's head).
pub fn pick(incoming: Option<&str>, fresh: &str) -> String {
    match incoming.map(str::trim) {
        Some(id) if is_sane(id) => id.to_owned(),
        _ => fresh.to_owned(),
    }
}
