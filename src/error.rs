//! [`Error`]: everything that can go wrong when talking to WUTS, for the clients.

use std::fmt;

use crate::envelope::{resend_of, ApiCode, Resend};
use crate::message::{msg, Piece, Quoted};
use crate::problem::{Problem, Problems};

/// Everything that can go wrong when talking to WUTS.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The request broke the contract's rules; it was not sent.
    Validation(Problems),
    /// The server answered with a WUTS error envelope (either shape).
    Api {
        /// HTTP status of the answer.
        status: u16,
        /// The envelope's code, as sent: `device_disconnected`, `VALIDATION_ERROR`... Read it
        /// as an [`ApiCode`] with [`Error::api_code`].
        code: String,
        /// The envelope's message, as sent.
        message: String,
        /// Per-field problems, when the server listed them (`error.details`).
        problems: Problems,
        /// The answer's `X-Request-Id`, when a client that reads headers got one.
        request_id: Option<String>,
    },
    /// The server answered with something that is not a WUTS envelope.
    UnexpectedResponse {
        /// HTTP status of the answer.
        status: u16,
        /// The first bytes of the body (at most [`BODY_PREFIX_LEN`]), decoded lossily.
        body_prefix: String,
        /// The answer's `X-Request-Id`, when a client that reads headers got one.
        request_id: Option<String>,
    },
    /// The request never got an answer: DNS, refused connection, CORS, reset.
    Network(String),
    /// No answer came within the configured deadline.
    Timeout,
    /// The caller aborted the request.
    Aborted,
}

/// How many bytes of a body that is not an envelope [`Error::UnexpectedResponse`] keeps.
pub const BODY_PREFIX_LEN: usize = 256;

impl Error {
    /// A stable code to branch on. For [`Error::Api`] it is the server's code as sent.
    pub fn code(&self) -> &str {
        match self {
            Self::Validation(_) => ApiCode::InvalidRequest.as_str(),
            Self::Api { code, .. } => code,
            Self::UnexpectedResponse { .. } => "unexpected_response",
            Self::Network(_) => "network_error",
            Self::Timeout => "timeout",
            Self::Aborted => "aborted",
        }
    }

    /// The code of an [`Error::Api`] as an [`ApiCode`] ([`ApiCode::Unknown`] for one this crate
    /// does not know); `None` for the other errors.
    pub fn api_code(&self) -> Option<ApiCode> {
        match self {
            Self::Api { code, .. } => Some(ApiCode::parse(code)),
            _ => None,
        }
    }

    /// The HTTP status of the answer; 0 when no answer came or nothing was sent.
    pub fn status(&self) -> u16 {
        match self {
            Self::Api { status, .. } | Self::UnexpectedResponse { status, .. } => *status,
            _ => 0,
        }
    }

    /// The `X-Request-Id` of the answer, to find the request in the proxy's or backend's logs;
    /// `None` when no answer came or it carried none.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { request_id, .. } | Self::UnexpectedResponse { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// The same error, carrying the answer's `X-Request-Id`: kept by [`Error::Api`] and
    /// [`Error::UnexpectedResponse`], the errors that come with an answer.
    #[must_use]
    pub fn with_request_id(mut self, id: Option<String>) -> Self {
        if let Self::Api { request_id, .. } | Self::UnexpectedResponse { request_id, .. } =
            &mut self
        {
            *request_id = id;
        }
        self
    }

    /// The per-field problems: the local ones, or those the server listed.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Validation(problems) | Self::Api { problems, .. } => problems.as_slice(),
            _ => &[],
        }
    }

    /// What this failure says about sending the request again. The one place the clients'
    /// retry decision is made: the npm client's `retryable` and its retries (`js/runtime.js`
    /// reads them from the error), and the Rust client's, all come from here.
    ///
    /// A publish is only sent again when the answer proves it was not published (the session
    /// was not connected, the rate budget was spent, the proxy still has the same
    /// `Idempotency-Key` in flight). After a timeout, a network error or a gateway error the
    /// status may already be out: only an idempotent request is sent again.
    pub fn resend(&self) -> Resend {
        let gateway = |status: u16| {
            if matches!(status, 502..=504) {
                Resend::IfIdempotent
            } else {
                Resend::Never
            }
        };
        match self {
            Self::Network(_) | Self::Timeout => Resend::IfIdempotent,
            Self::Api { status, code, .. } => match resend_of(code) {
                Resend::Never => gateway(*status),
                known => known,
            },
            Self::UnexpectedResponse { status, .. } => gateway(*status),
            Self::Validation(_) | Self::Aborted => Resend::Never,
        }
    }

    /// Whether sending the same request again is safe and may succeed, for a request that is
    /// `idempotent` (a privacy update, or a publish with an `Idempotency-Key`) or not.
    pub fn is_retryable(&self, idempotent: bool) -> bool {
        self.resend().is_retryable(idempotent)
    }
}

impl From<Problems> for Error {
    fn from(problems: Problems) -> Self {
        Self::Validation(problems)
    }
}

impl From<Problem> for Error {
    fn from(problem: Problem) -> Self {
        Self::Validation(problem.into())
    }
}

/// The error's message, as `Display` prints it.
impl Piece for Error {
    fn push_to(&self, out: &mut String) {
        match self {
            Self::Validation(problems) => problems.push_to(out),
            Self::Api { message, .. } => out.push_str(message),
            Self::UnexpectedResponse {
                status,
                body_prefix,
                ..
            } => msg!(in out;
                "the server answered HTTP ",
                status,
                " with a body that is not a WUTS envelope: ",
                Quoted(body_prefix)
            ),
            Self::Network(reason) => msg!(in out; "the request got no answer: ", reason),
            Self::Timeout => out.push_str("no answer within the deadline"),
            Self::Aborted => out.push_str("the request was aborted"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&msg!(self))
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, code: &str) -> Error {
        Error::Api {
            status,
            code: code.into(),
            message: String::new(),
            problems: Problems::new(),
            request_id: None,
        }
    }

    #[test]
    fn a_publish_is_retryable_only_when_it_surely_was_not_posted() {
        assert!(api(503, "device_disconnected").is_retryable(false));
        assert!(api(429, "rate_limited").is_retryable(false));
        // The proxy's 409: another request with the same Idempotency-Key is in flight.
        assert!(api(409, "conflict").is_retryable(false));
        for unknown in [
            Error::Timeout,
            Error::Network("reset".into()),
            api(504, "status_timeout"),
            api(502, "bad_gateway"),
            api(503, "brand_new"),
        ] {
            assert!(!unknown.is_retryable(false), "{unknown:?}");
            assert!(unknown.is_retryable(true), "{unknown:?}");
        }
    }

    #[test]
    fn only_transient_answers_are_retryable() {
        assert!(!api(400, "invalid_request").is_retryable(true));
        assert!(!api(500, "status_failed").is_retryable(true));
        assert!(!api(500, "brand_new").is_retryable(true));
        assert!(!Error::Aborted.is_retryable(true));
        assert!(!Error::Validation(Problems::new()).is_retryable(true));
    }

    #[test]
    fn a_spent_rate_budget_is_retryable_later_not_at_once() {
        let limited = api(429, "rate_limited");
        assert_eq!(limited.resend(), Resend::Later);
        assert!(!limited.resend().retries_now(true));
        assert!(api(503, "device_disconnected").resend().retries_now(false));
        assert!(!Error::Timeout.resend().retries_now(false));
        assert!(Error::Timeout.resend().retries_now(true));
    }

    #[test]
    fn only_answers_keep_a_request_id() {
        let id = Some("req-1".to_owned());
        let api = api(503, "device_disconnected");
        assert_eq!(api.with_request_id(id.clone()).request_id(), Some("req-1"));
        let odd = Error::UnexpectedResponse {
            status: 502,
            body_prefix: String::new(),
            request_id: None,
        };
        assert_eq!(odd.with_request_id(id.clone()).request_id(), Some("req-1"));
        assert_eq!(Error::Timeout.with_request_id(id).request_id(), None);
    }
}
