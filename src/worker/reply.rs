//! An answer being built: status, body and headers as plain Rust, turned into a Workers
//! `Response` once, at the end, so every answer gets the same headers.

use worker::worker_sys::web_sys;

use super::io;

use crate::envelope::{error_body, validation_error_body, ApiCode};
use crate::Problems;

/// Headers every answer carries: no sniffing, no caching, no framing, no referrer, no
/// active content. HSTS is ignored over plain HTTP, so local runs are unaffected.
const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("x-content-type-options", "nosniff"),
    ("cache-control", "no-store"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    (
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'",
    ),
    (
        "strict-transport-security",
        "max-age=63072000; includeSubDomains",
    ),
];

/// An answer: status, JSON body, extra headers, and the error code for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The body, JSON (empty for a preflight).
    pub body: Vec<u8>,
    /// Headers besides `content-type`, in the order set; a later value replaces an earlier.
    pub headers: Vec<(&'static str, String)>,
    /// The envelope's code when the answer is an error.
    pub code: Option<String>,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            body: body.into(),
            headers: Vec::new(),
            code: None,
        }
    }

    /// An answer with no body.
    pub fn empty(status: u16) -> Self {
        Self::json(status, Vec::new())
    }

    /// An error of the proxy's own, in the first envelope shape, with the code's status.
    pub fn error(code: ApiCode, message: &str) -> Self {
        Self::json(code.http_status(), error_body(code, message, &[])).with_code(code.as_str())
    }

    /// The 400 for a request that failed validation: every problem in `details`.
    pub fn validation(problems: &Problems) -> Self {
        Self::json(400, validation_error_body(problems)).with_code(ApiCode::InvalidRequest.as_str())
    }

    /// Records the error code for the log.
    #[must_use]
    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.to_owned());
        self
    }

    /// Sets a header, replacing an earlier value of the same name.
    #[must_use]
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value.to_owned()));
        self
    }

    /// The value set for a header, if any.
    #[cfg(test)]
    pub fn get_header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Adds the security headers.
    #[must_use]
    pub fn security_headers(self) -> Self {
        SECURITY_HEADERS
            .into_iter()
            .fold(self, |reply, (name, value)| reply.header(name, value))
    }

    /// The headers as `name\nvalue` pairs, one after another, as `edge.js` reads them, with
    /// `content-type: application/json` first when there is a body and no other type was set.
    fn header_block(&self) -> String {
        let mut block = String::new();
        if !self.body.is_empty() && self.headers.iter().all(|(name, _)| *name != "content-type") {
            block.push_str("content-type\napplication/json\n");
        }
        for (name, value) in &self.headers {
            block.push_str(name);
            block.push('\n');
            block.push_str(value);
            block.push('\n');
        }
        block
    }

    /// The Workers response, built in one call that also writes `log_line`. An empty body is
    /// no body at all: the runtime refuses a 204 with an empty one.
    pub fn into_response(self, log_line: &str) -> web_sys::Response {
        io::response(self.status, &self.header_block(), &self.body, log_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_use_the_first_envelope_shape_and_the_code_status() {
        let reply = Reply::error(ApiCode::PayloadTooLarge, "too big");
        assert_eq!(reply.status, 413);
        assert_eq!(reply.code.as_deref(), Some("payload_too_large"));
        let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(body["error"]["code"], "payload_too_large");
        assert_eq!(body["success"], false);
    }

    #[test]
    fn headers_go_out_as_one_block_of_lines() {
        let reply = Reply::empty(204)
            .header("vary", "Origin")
            .header("allow", "GET, OPTIONS");
        assert_eq!(reply.header_block(), "vary\nOrigin\nallow\nGET, OPTIONS\n");
        let json = Reply::json(200, "{}").header("vary", "Origin");
        assert_eq!(
            json.header_block(),
            "content-type\napplication/json\nvary\nOrigin\n"
        );
        let yaml = Reply::json(200, "a: 1").header("content-type", "application/yaml");
        assert_eq!(yaml.header_block(), "content-type\napplication/yaml\n");
    }

    #[test]
    fn a_header_set_twice_keeps_the_last_value() {
        let reply = Reply::empty(204)
            .header("vary", "a")
            .header("vary", "Origin");
        assert_eq!(reply.get_header("vary"), Some("Origin"));
        assert_eq!(reply.headers.len(), 1);
    }
}
