//! The backend call: the normalized body to `WUTS_BACKEND_URL`, once, under a deadline.
//!
//! The caller's token and the request id go along. The backend's answer passes through, body
//! and status, when it is a WUTS envelope (either shape, or a success body); anything else is
//! 502 `bad_gateway`, and no answer within `WUTS_BACKEND_TIMEOUT_MS` is 504 `status_timeout`
//! after the call is aborted. Nothing is retried: publishing twice posts twice.

use super::config::EdgeConfig;
use super::io::{self, Exchange, Outgoing};
use super::reply::Reply;
use super::routes::ApiRoute;
use crate::envelope::read_response;
use crate::envelope::ApiCode;
use crate::Error;

/// Largest backend answer read; envelopes are a few hundred bytes.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// The proxy's answer, and the backend's status when it answered.
#[derive(Debug)]
pub struct Answer {
    /// What the caller gets.
    pub reply: Reply,
    /// The backend's HTTP status, for the log.
    pub backend_status: Option<u16>,
}

impl From<Reply> for Answer {
    fn from(reply: Reply) -> Self {
        Self {
            reply,
            backend_status: None,
        }
    }
}

fn bad_gateway(message: &str) -> Reply {
    Reply::error(ApiCode::BadGateway, message)
}

/// What the caller gets for the backend's `status` and `body`.
pub fn classify(status: u16, body: Vec<u8>) -> Reply {
    // The runtime cannot answer outside 200..=599, a redirect is not an answer, and 204/205
    // carry no body by definition: the runtime refuses to build one with a body.
    if !(200..=599).contains(&status) || (300..400).contains(&status) || matches!(status, 204 | 205)
    {
        return not_an_envelope(status);
    }
    match read_response::<serde_json::Value>(status, &body) {
        Ok(_) => Reply::json(status, body),
        Err(Error::Api { code, .. }) => Reply::json(status, body).with_code(&code),
        Err(_) => not_an_envelope(status),
    }
}

fn not_an_envelope(status: u16) -> Reply {
    bad_gateway(&format!(
        "the backend answered HTTP {status} with something that is not a WUTS envelope"
    ))
}

/// Sends `body` for `route` to the backend, with the caller's `authorization` and the request
/// id, and reads its answer.
pub async fn forward(
    config: &EdgeConfig,
    route: ApiRoute,
    authorization: &str,
    request_id: &str,
    body: Outgoing<'_>,
) -> Answer {
    let Some(base) = &config.backend_url else {
        return bad_gateway("no backend is configured (WUTS_BACKEND_URL)").into();
    };
    let exchange = io::send(
        &format!("{base}{}", route.path()),
        route.method(),
        authorization,
        request_id,
        body,
        config.timeout_ms,
        MAX_ANSWER_BYTES as u32,
    )
    .await;
    match exchange {
        Exchange::Answered(status, body) => Answer {
            reply: classify(status, body),
            backend_status: Some(status),
        },
        Exchange::TooLarge(status) => Answer {
            reply: not_an_envelope(status),
            backend_status: Some(status),
        },
        Exchange::Unreachable => bad_gateway("the backend could not be reached").into(),
        Exchange::TimedOut => Reply::error(
            ApiCode::StatusTimeout,
            &format!("the backend did not answer within {} ms", config.timeout_ms),
        )
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_pass_through_with_their_status() {
        let nested = br#"{"success":false,"error":{"code":"device_disconnected","message":"m"}}"#;
        let reply = classify(503, nested.to_vec());
        assert_eq!((reply.status, reply.body.as_slice()), (503, &nested[..]));
        assert_eq!(reply.code.as_deref(), Some("device_disconnected"));

        let flat = br#"{"success":false,"error":"validation failed","error_code":"VALIDATION_ERROR","timestamp":"t"}"#;
        assert_eq!(classify(400, flat.to_vec()).status, 400);

        let ok = br#"{"success":true,"message_id":"X","timestamp":"t","status_type":"text"}"#;
        let reply = classify(200, ok.to_vec());
        assert_eq!((reply.status, reply.code), (200, None));
    }

    #[test]
    fn anything_else_is_a_bad_gateway() {
        for (status, body) in [
            (200, b"<html>oops</html>".as_slice()),
            (502, b"Bad Gateway"),
            (200, b"{\"ok\":true}"),
            (302, b"{\"success\":true}"),
            // A body with a null-body status could not even be built into a response.
            (204, b"{\"success\":true}"),
            (205, b"{\"success\":true}"),
            (200, b""),
        ] {
            let reply = classify(status, body.to_vec());
            assert_eq!(reply.status, 502, "{body:?}");
            assert_eq!(reply.code.as_deref(), Some("bad_gateway"));
        }
    }
}
