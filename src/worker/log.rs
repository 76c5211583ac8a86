//! One structured JSON line per request, written with `console.log` (by `edge.js`, with the
//! answer) so it shows in `wrangler tail` and Workers Logs. It holds no token, no body and no
//! raw path: the route is the matched endpoint's name, and the tenant comes from the token's
//! record.

use serde::Serialize;

use super::routes::Matched;

/// Which requests get a log line (`WUTS_REQUEST_LOG`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogPolicy {
    /// Every request (the default).
    All,
    /// Answers of 400 and above only.
    Errors,
    /// None.
    None,
}

impl LogPolicy {
    /// The policy a var's text names; anything else is [`LogPolicy::All`].
    pub fn parse(text: Option<&str>) -> Self {
        match text.map(str::trim) {
            Some(t) if t.eq_ignore_ascii_case("errors") => Self::Errors,
            Some(t) if t.eq_ignore_ascii_case("none") => Self::None,
            _ => Self::All,
        }
    }

    /// Whether an answer with `status` gets its line.
    pub const fn logs(self, status: u16) -> bool {
        match self {
            Self::All => true,
            Self::Errors => status >= 400,
            Self::None => false,
        }
    }
}

/// The log line of one request, filled in as the request goes.
#[derive(Debug, Clone, Serialize)]
pub struct LogLine {
    /// The request id, as echoed to the caller.
    pub request_id: String,
    /// The HTTP method, when it is one of the usual ones (anything else is `OTHER`).
    pub method: &'static str,
    /// The matched endpoint (`POST /status/text`), or `unmatched`.
    pub route: String,
    /// The answer's status.
    pub status: u16,
    /// The error code of the answer, if it is an error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The tenant of the caller's token, once known.
    pub tenant: Option<String>,
    /// The backend's status, when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend_status: Option<u16>,
    /// What the `Idempotency-Key` did: `claimed` (forwarded), `replayed`, `in_flight` (409) or
    /// `mismatch` (422); absent without a key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotency: Option<&'static str>,
    /// Time from the request's arrival to the answer, in milliseconds.
    pub duration_ms: u64,
    /// The isolate's wasm linear memory when the answer left, in bytes: it grows with the
    /// largest body held at once and never shrinks, and it counts toward the isolate's
    /// memory limit (docs/edge.md).
    pub wasm_memory_bytes: u64,
}

/// The size of the wasm instance's linear memory, in bytes.
fn wasm_memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size::<0>() as u64;
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0;
    pages * 65_536
}

const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

impl LogLine {
    /// A line for a request that has just arrived.
    pub fn new(request_id: &str, method: &str, matched: &Matched) -> Self {
        let route = match matched {
            Matched::Found(r) | Matched::Preflight(r) | Matched::WrongMethod(r) => r.path(),
            Matched::NotFound => "unmatched",
        };
        Self {
            request_id: request_id.to_owned(),
            method: METHODS
                .into_iter()
                .find(|m| m.eq_ignore_ascii_case(method))
                .unwrap_or("OTHER"),
            route: route.to_owned(),
            status: 0,
            code: None,
            tenant: None,
            backend_status: None,
            idempotency: None,
            duration_ms: 0,
            wasm_memory_bytes: 0,
        }
    }

    /// Records the answer and returns the line, for the answer's call to write; empty when
    /// `policy` leaves this answer out.
    pub fn finish(
        &mut self,
        status: u16,
        code: Option<&str>,
        started_ms: f64,
        policy: LogPolicy,
    ) -> String {
        if !policy.logs(status) {
            return String::new();
        }
        self.status = status;
        self.code = code.map(str::to_owned);
        // The runtime's clock advances with I/O, which is what a duration needs. Durations are
        // non-negative and far below u64::MAX; `as` saturates anyway.
        let duration_ms = worker::js_sys::Date::now() - started_ms;
        self.duration_ms = duration_ms.max(0.0).round() as u64;
        self.wasm_memory_bytes = wasm_memory_bytes();
        self.to_json()
    }

    /// The line as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::routes::{ApiRoute, Route};

    #[test]
    fn the_policy_picks_the_lines() {
        assert_eq!(LogPolicy::parse(None), LogPolicy::All);
        assert_eq!(LogPolicy::parse(Some("bogus")), LogPolicy::All);
        assert_eq!(LogPolicy::parse(Some(" Errors ")), LogPolicy::Errors);
        assert_eq!(LogPolicy::parse(Some("none")), LogPolicy::None);
        assert!(
            LogPolicy::All.logs(200) && LogPolicy::Errors.logs(400) && LogPolicy::Errors.logs(503)
        );
        assert!(
            !LogPolicy::Errors.logs(200)
                && !LogPolicy::Errors.logs(304)
                && !LogPolicy::None.logs(500)
        );
    }

    #[test]
    fn names_the_route_not_the_raw_path() {
        let mut line = LogLine::new("id-1", "post", &Matched::Found(Route::Api(ApiRoute::Text)));
        line.tenant = Some("acme".into());
        line.status = 200;
        let json: serde_json::Value = serde_json::from_str(&line.to_json()).unwrap();
        assert_eq!(json["route"], "/status/text");
        assert_eq!(json["method"], "POST");
        assert_eq!(json["tenant"], "acme");
        let unmatched = LogLine::new("id-2", "BREW", &Matched::NotFound);
        assert_eq!(
            (unmatched.route.as_str(), unmatched.method),
            ("unmatched", "OTHER")
        );
    }
}
