//! Answers: status, JSON body, and the headers every answer carries (CORS, request id).

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{
    HeaderName, HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ALLOW,
    CONTENT_TYPE, WWW_AUTHENTICATE,
};
use hyper::{Response, StatusCode};

use crate::envelope::{self, ApiCode};

/// The body type of every answer.
pub(crate) type Body = Full<Bytes>;

/// An answer as hyper sends it.
pub(crate) type Reply = Response<Body>;

pub(crate) const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// An answer with `status` and a JSON `body`.
pub(crate) fn json(status: u16, body: impl Into<Bytes>) -> Reply {
    let mut reply = Response::new(Full::new(body.into()));
    *reply.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    reply
}

/// An error in the first envelope shape, with the HTTP status this project gives its code.
pub(crate) fn error(code: ApiCode, message: &str) -> Reply {
    json(code.http_status(), envelope::error_body(code, message, &[]))
}

/// `401 unauthorized`, with the challenge browsers and HTTP clients expect.
pub(crate) fn unauthorized(message: &str) -> Reply {
    let mut reply = error(ApiCode::Unauthorized, message);
    reply
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    reply
}

/// `405 method_not_allowed` for a path that takes `allow` (e.g. `"POST, OPTIONS"`).
pub(crate) fn method_not_allowed(allow: &'static str, path: &str) -> Reply {
    let methods = allow.trim_end_matches(", OPTIONS");
    let mut reply = error(
        ApiCode::MethodNotAllowed,
        &format!("{path} takes {methods} only"),
    );
    reply
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allow));
    reply
}

/// `413 payload_too_large` for a body over `limit` bytes.
pub(crate) fn too_large(limit: usize) -> Reply {
    error(
        ApiCode::PayloadTooLarge,
        &format!("the request body is larger than the limit of {limit} bytes"),
    )
}

/// The empty answer to a CORS preflight.
pub(crate) fn preflight() -> Reply {
    json(204, Bytes::new())
}

/// Adds the headers every answer carries. Browsers call `wuts-local` from another origin
/// without credentials, so `*` is the right origin.
pub(crate) fn finish(reply: &mut Reply, request_id: &str) {
    let headers = reply.headers_mut();
    headers
        .entry(CONTENT_TYPE)
        .or_insert(HeaderValue::from_static("application/json"));
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert(X_REQUEST_ID, id);
    }
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, OPTIONS"),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("authorization, content-type, x-request-id, idempotency-key"),
    );
    headers.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("x-request-id"),
    );
    headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
}
