//! [`ApiCode`]: the error codes the API's envelopes carry, with the HTTP status of each and
//! what a client may do after one.

use std::fmt;

/// An error code of the API: those WUTS documents (in either envelope shape), the edge
/// proxy's own, and [`ApiCode::Unknown`] for any other a server sends ([`Error::Api`] keeps
/// that one as sent).
///
/// Its string form ([`as_str`](Self::as_str)) is the wire name; the TypeScript union
/// `ApiErrorCode` in `js/index.d.ts` lists the same names, and a test keeps them equal.
///
/// [`Error::Api`]: crate::Error::Api
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiCode {
    /// 400: the request broke the contract's rules (`error.details` lists them).
    InvalidRequest,
    /// 400: the flat envelope's validation failure.
    ValidationError,
    /// 401: the bearer token is missing or malformed.
    Unauthorized,
    /// 403: the token is not known, or was revoked; or the origin is not allowed.
    Forbidden,
    /// 404: no such endpoint.
    NotFound,
    /// 405: the endpoint takes another method.
    MethodNotAllowed,
    /// 409: another request with the same `Idempotency-Key` is still in flight.
    Conflict,
    /// 413: the body is larger than the proxy accepts.
    PayloadTooLarge,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422: the `Idempotency-Key` was used for another body or endpoint.
    IdempotencyKeyMismatch,
    /// 429: the token's request budget is spent for now.
    RateLimited,
    /// 500: WhatsApp could not find the linked device.
    DeviceError,
    /// 500: WhatsApp could not send the status.
    StatusFailed,
    /// 500: the proxy failed on its own side.
    InternalError,
    /// 502: the proxy could not reach the backend, or got no envelope from it.
    BadGateway,
    /// 503: the WhatsApp session is not connected; nothing was sent.
    DeviceDisconnected,
    /// 504: no answer within the deadline; the status may still go out.
    StatusTimeout,
    /// A code this crate does not know.
    Unknown,
}

/// The wire names of the known codes, in declaration order.
const NAMES: [&str; 17] = [
    "invalid_request",
    "VALIDATION_ERROR",
    "unauthorized",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "conflict",
    "payload_too_large",
    "unsupported_media_type",
    "idempotency_key_mismatch",
    "rate_limited",
    "device_error",
    "status_failed",
    "internal_error",
    "bad_gateway",
    "device_disconnected",
    "status_timeout",
];

/// Whether a request that failed may be sent again, as far as the failure tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resend {
    /// Sending it again would fail the same way (or the caller asked to stop).
    Never,
    /// Nothing was done: sending it again is safe and may succeed.
    Safe,
    /// Nothing was done, but the server asks for a wait longer than a client's backoff
    /// (a spent rate budget): safe to send later, not worth retrying at once.
    Later,
    /// It may have been done: sending it again is safe only for an idempotent request (a
    /// privacy update, or a publish with an `Idempotency-Key`).
    IfIdempotent,
}

impl Resend {
    /// Whether sending the request again is safe and may succeed, for a request that is
    /// `idempotent` or not: the `retryable` a caller reads.
    pub const fn is_retryable(self, idempotent: bool) -> bool {
        match self {
            Self::Never => false,
            Self::Safe | Self::Later => true,
            Self::IfIdempotent => idempotent,
        }
    }

    /// Whether a client sends it again by itself, after its backoff: retryable, and not
    /// asked to wait.
    pub const fn retries_now(self, idempotent: bool) -> bool {
        match self {
            Self::Never | Self::Later => false,
            Self::Safe => true,
            Self::IfIdempotent => idempotent,
        }
    }
}

impl ApiCode {
    /// Every code this crate knows, in declaration order (that of their HTTP statuses).
    pub const KNOWN: [Self; 17] = [
        Self::InvalidRequest,
        Self::ValidationError,
        Self::Unauthorized,
        Self::Forbidden,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::Conflict,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::IdempotencyKeyMismatch,
        Self::RateLimited,
        Self::DeviceError,
        Self::StatusFailed,
        Self::InternalError,
        Self::BadGateway,
        Self::DeviceDisconnected,
        Self::StatusTimeout,
    ];

    /// The code with this wire name: a known one, else [`ApiCode::Unknown`].
    pub fn parse(name: &str) -> Self {
        NAMES
            .iter()
            .position(|known| *known == name)
            .map_or(Self::Unknown, |i| Self::KNOWN[i])
    }

    /// The wire name, as in `"device_disconnected"`; `"unknown"` for [`ApiCode::Unknown`].
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            // A fieldless enum's discriminants count from 0 in declaration order, as NAMES does.
            known => NAMES[known as usize],
        }
    }

    /// The HTTP status this project answers (and expects) with the code; 500 for unknown ones.
    pub const fn http_status(self) -> u16 {
        match self {
            Self::InvalidRequest | Self::ValidationError => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Conflict => 409,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::IdempotencyKeyMismatch => 422,
            Self::RateLimited => 429,
            Self::DeviceError | Self::StatusFailed | Self::InternalError | Self::Unknown => 500,
            Self::BadGateway => 502,
            Self::DeviceDisconnected => 503,
            Self::StatusTimeout => 504,
        }
    }

    /// What the code says about sending the request again ([`resend_of`] its wire name).
    pub fn resend(self) -> Resend {
        resend_of(self.as_str())
    }
}

impl fmt::Display for ApiCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an error code, by its wire name, says about sending the request again: the one table
/// of it, read by [`ApiCode::resend`] and [`Error::resend`](crate::Error::resend). A code this
/// crate does not know says nothing: the error then goes by the HTTP status. It reads the name
/// as it comes, so a client that only decides on retries carries no table of every name.
pub fn resend_of(name: &str) -> Resend {
    // Evaluated at compile time: the names, not the table of every name.
    const SAFE: [&str; 2] = [
        ApiCode::DeviceDisconnected.as_str(),
        ApiCode::Conflict.as_str(),
    ];
    const LATER: &str = ApiCode::RateLimited.as_str();
    const IF_IDEMPOTENT: [&str; 2] = [
        ApiCode::StatusTimeout.as_str(),
        ApiCode::BadGateway.as_str(),
    ];
    if SAFE.contains(&name) {
        Resend::Safe
    } else if name == LATER {
        Resend::Later
    } else if IF_IDEMPOTENT.contains(&name) {
        Resend::IfIdempotent
    } else {
        Resend::Never
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_parses_from_its_name() {
        for code in ApiCode::KNOWN {
            assert_eq!(ApiCode::parse(code.as_str()), code);
        }
        assert_eq!(ApiCode::parse("brand_new"), ApiCode::Unknown);
        for (i, code) in ApiCode::KNOWN.into_iter().enumerate() {
            assert_eq!(code as usize, i, "{code:?}: KNOWN is in declaration order");
        }
    }

    #[test]
    fn each_code_says_what_a_retry_may_do() {
        let expected = |code: ApiCode| match code {
            ApiCode::DeviceDisconnected | ApiCode::Conflict => Resend::Safe,
            ApiCode::RateLimited => Resend::Later,
            ApiCode::StatusTimeout | ApiCode::BadGateway => Resend::IfIdempotent,
            _ => Resend::Never,
        };
        for code in ApiCode::KNOWN {
            assert_eq!(code.resend(), expected(code), "{code:?}");
            assert_eq!(resend_of(code.as_str()), expected(code), "{code:?}");
        }
        assert_eq!(resend_of("brand_new"), Resend::Never);
        assert_eq!(ApiCode::Unknown.resend(), Resend::Never);
    }

    #[test]
    fn documented_codes_have_their_statuses() {
        for (code, status) in [
            ("invalid_request", 400),
            ("VALIDATION_ERROR", 400),
            ("device_error", 500),
            ("status_failed", 500),
            ("device_disconnected", 503),
            ("status_timeout", 504),
            ("conflict", 409),
            ("idempotency_key_mismatch", 422),
            ("something_else", 500),
        ] {
            assert_eq!(ApiCode::parse(code).http_status(), status, "{code}");
        }
    }

    #[test]
    fn the_known_codes_are_the_typescript_union() {
        let declarations = include_str!("../../js/index.d.ts");
        let start = declarations
            .find("export type ApiErrorCode =")
            .expect("js/index.d.ts declares ApiErrorCode");
        let union = &declarations[start..];
        let union = &union[..union.find(';').expect("the union ends")];
        let mut declared: Vec<&str> = union.split('"').skip(1).step_by(2).collect();
        let mut known: Vec<&str> = ApiCode::KNOWN.iter().map(|c| c.as_str()).collect();
        declared.sort_unstable();
        known.sort_unstable();
        assert_eq!(declared, known);
    }
}
