//! Injected failures: what `POST /_local/faults` accepts, the queue, and how each is answered.

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::{Map, Value};

use super::reply::{self, Reply};
use super::stamp;
use crate::envelope::{self, ApiCode};
use crate::request::{MediaStatus, StatusPrivacy, StatusRequest, TextStatus};

/// The error codes WUTS documents, with the message the backend's own page gives each.
const CODES: [(ApiCode, &str); 6] = [
    (ApiCode::InvalidRequest, "text cannot be empty"),
    (ApiCode::ValidationError, "validation failed"),
    (ApiCode::DeviceError, "failed to resolve user device"),
    (ApiCode::StatusFailed, "failed to send status broadcast"),
    (
        ApiCode::DeviceDisconnected,
        "whatsapp session is not connected",
    ),
    (ApiCode::StatusTimeout, "context deadline exceeded"),
];

/// The paths a fault may be limited to.
const PATHS: [&str; 3] = [TextStatus::PATH, MediaStatus::PATH, StatusPrivacy::PATH];

/// Longest accepted `delay_ms`: long enough for any client deadline, short enough that a typo
/// does not hang a test run for hours.
const MAX_DELAY_MS: u64 = 600_000;

/// The envelope shape of an error answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `{"success": false, "error": {"code", "message"}}`
    Nested,
    /// `{"success": false, "error": message, "error_code", "timestamp"}`
    Flat,
}

/// What the request that meets a fault gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// A documented WUTS error.
    Error {
        code: ApiCode,
        message: &'static str,
        shape: Shape,
    },
    /// `502` with an HTML body, as a proxy in front of a dead backend answers.
    NonJson,
    /// The request is handled normally, after the delay.
    Delay,
    /// The connection is closed with no answer.
    Drop,
}

impl Fault {
    fn name(self) -> &'static str {
        match self {
            Self::Error { code, .. } => code.as_str(),
            Self::NonJson => "non_json",
            Self::Delay => "delay",
            Self::Drop => "drop",
        }
    }

    /// The answer for an error or `non_json` fault; `None` for `delay` and `drop`.
    pub(crate) fn answer(self) -> Option<Reply> {
        match self {
            Self::Error {
                code,
                message,
                shape: Shape::Nested,
            } => Some(reply::error(code, message)),
            Self::Error {
                code,
                message,
                shape: Shape::Flat,
            } => Some(reply::json(
                code.http_status(),
                envelope::flat_error_body(code, message, &stamp::timestamp_utc()),
            )),
            Self::NonJson => {
                let mut answer = reply::json(
                    502,
                    "<html><head><title>502 Bad Gateway</title></head>\
                     <body><h1>502 Bad Gateway</h1></body></html>\n",
                );
                answer.headers_mut().insert(
                    hyper::header::CONTENT_TYPE,
                    hyper::header::HeaderValue::from_static("text/html; charset=utf-8"),
                );
                Some(answer)
            }
            Self::Delay | Self::Drop => None,
        }
    }
}

/// One entry of the queue: a fault for the next `remaining` requests it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pending {
    fault: Fault,
    remaining: u64,
    delay_ms: u64,
    path: Option<&'static str>,
}

impl Pending {
    fn item(&self) -> PendingItem {
        PendingItem {
            fault: self.fault.name(),
            remaining: self.remaining,
            delay_ms: self.delay_ms,
            shape: match self.fault {
                Fault::Error {
                    shape: Shape::Nested,
                    ..
                } => Some("nested"),
                Fault::Error {
                    shape: Shape::Flat, ..
                } => Some("flat"),
                _ => None,
            },
            path: self.path,
        }
    }

    /// Reads a `POST /_local/faults` body; the error says what to fix.
    pub(crate) fn from_json(body: &[u8]) -> Result<Self, String> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
        let Value::Object(map) = value else {
            return Err("the body must be a JSON object such as {\"fault\": \"drop\"}".into());
        };
        const KNOWN: [&str; 5] = ["fault", "count", "delay_ms", "shape", "path"];
        if let Some(unknown) = map.keys().find(|k| !KNOWN.contains(&k.as_str())) {
            return Err(format!(
                "{unknown}: is not a field of a fault (it takes {})",
                KNOWN.join(", ")
            ));
        }
        let name = string(&map, "fault")?.ok_or("fault: is required")?;
        let shape = match string(&map, "shape")? {
            None => None,
            Some("nested") => Some(Shape::Nested),
            Some("flat") => Some(Shape::Flat),
            Some(other) => {
                return Err(format!(
                    "shape: {other:?} is not a shape: use nested or flat"
                ))
            }
        };
        let fault = match name {
            "non_json" => Fault::NonJson,
            "delay" => Fault::Delay,
            "drop" => Fault::Drop,
            code => {
                let (code, message) = CODES
                    .iter()
                    .find(|(c, _)| c.as_str() == code)
                    .ok_or_else(|| {
                        let codes: Vec<&str> = CODES.iter().map(|(c, _)| c.as_str()).collect();
                        format!(
                            "fault: {code:?} is not a fault: use one of {}, non_json, delay or drop",
                            codes.join(", ")
                        )
                    })?;
                let default = if *code == ApiCode::ValidationError {
                    Shape::Flat
                } else {
                    Shape::Nested
                };
                Fault::Error {
                    code: *code,
                    message,
                    shape: shape.unwrap_or(default),
                }
            }
        };
        if shape.is_some() && !matches!(fault, Fault::Error { .. }) {
            return Err(format!(
                "shape: applies to the error codes only, not to {name}"
            ));
        }
        let count = number(&map, "count")?.unwrap_or(1);
        if count == 0 {
            return Err("count: must be at least 1".into());
        }
        let delay_ms = match (number(&map, "delay_ms")?, fault) {
            (None, Fault::Delay) => return Err("delay_ms: is required for a delay".into()),
            (Some(ms), _) if ms > MAX_DELAY_MS => {
                return Err(format!("delay_ms: must be at most {MAX_DELAY_MS}"))
            }
            (ms, _) => ms.unwrap_or(0),
        };
        let path = match string(&map, "path")? {
            None => None,
            Some(path) => Some(*PATHS.iter().find(|p| **p == path).ok_or_else(|| {
                format!(
                    "path: {path:?} is not an API path: use one of {}",
                    PATHS.join(", ")
                )
            })?),
        };
        Ok(Self {
            fault,
            remaining: count,
            delay_ms,
            path,
        })
    }
}

fn string<'a>(map: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, String> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("{name}: must be a string")),
    }
}

fn number(map: &Map<String, Value>, name: &str) -> Result<Option<u64>, String> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("{name}: must be a whole number")),
    }
}

/// How a pending fault is listed.
#[derive(Serialize)]
struct PendingItem {
    fault: &'static str,
    remaining: u64,
    delay_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    shape: Option<&'static str>,
    path: Option<&'static str>,
}

#[derive(Serialize)]
struct Queue {
    pending: Vec<PendingItem>,
}

/// A fault taken from the queue for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Taken {
    pub(crate) fault: Fault,
    pub(crate) delay_ms: u64,
}

/// Faults in the order they were added.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    pending: VecDeque<Pending>,
}

impl FaultQueue {
    pub(crate) fn push(&mut self, pending: Pending) {
        self.pending.push_back(pending);
    }

    /// Consumes one use of the first fault that applies to a request to `path`.
    pub(crate) fn take(&mut self, path: &str) -> Option<Taken> {
        let index = self
            .pending
            .iter()
            .position(|p| p.path.is_none_or(|only| only == path))?;
        let entry = self.pending.get_mut(index)?;
        let taken = Taken {
            fault: entry.fault,
            delay_ms: entry.delay_ms,
        };
        entry.remaining -= 1;
        if entry.remaining == 0 {
            self.pending.remove(index);
        }
        Some(taken)
    }

    pub(crate) fn clear(&mut self) {
        self.pending.clear();
    }

    /// `{"pending": [...]}`, first to be used first.
    pub(crate) fn to_json(&self) -> String {
        let pending: Vec<_> = self.pending.iter().map(Pending::item).collect();
        // Strings and numbers only: serializing cannot fail.
        serde_json::to_string(&Queue { pending }).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(body: &str) -> Result<Pending, String> {
        Pending::from_json(body.as_bytes())
    }

    #[test]
    fn reads_each_kind_with_its_defaults() {
        let flat = pending(r#"{"fault": "VALIDATION_ERROR"}"#).unwrap();
        assert!(matches!(
            flat.fault,
            Fault::Error {
                shape: Shape::Flat,
                ..
            }
        ));
        assert_eq!(flat.remaining, 1);
        let nested = pending(r#"{"fault": "VALIDATION_ERROR", "shape": "nested"}"#).unwrap();
        assert!(matches!(
            nested.fault,
            Fault::Error {
                shape: Shape::Nested,
                ..
            }
        ));
        let delay = pending(r#"{"fault": "delay", "delay_ms": 5, "count": 3}"#).unwrap();
        assert_eq!(
            (delay.fault, delay.delay_ms, delay.remaining),
            (Fault::Delay, 5, 3)
        );
        let drop = pending(r#"{"fault": "drop", "path": "/status/media"}"#).unwrap();
        assert_eq!(drop.path, Some("/status/media"));
    }

    #[test]
    fn bad_bodies_say_what_to_fix() {
        for (body, says) in [
            ("nope", "not JSON"),
            ("[]", "JSON object"),
            ("{}", "fault: is required"),
            (r#"{"fault": "boom"}"#, "fault: \"boom\" is not a fault"),
            (
                r#"{"fault": "drop", "count": 0}"#,
                "count: must be at least 1",
            ),
            (
                r#"{"fault": "drop", "count": -1}"#,
                "count: must be a whole number",
            ),
            (r#"{"fault": "delay"}"#, "delay_ms: is required"),
            (r#"{"fault": "delay", "delay_ms": 600001}"#, "at most"),
            (r#"{"fault": "drop", "shape": "flat"}"#, "error codes only"),
            (
                r#"{"fault": "status_failed", "shape": "round"}"#,
                "not a shape",
            ),
            (r#"{"fault": "drop", "path": "/status"}"#, "not an API path"),
            (r#"{"fault": "drop", "times": 2}"#, "times: is not a field"),
        ] {
            let err = pending(body).unwrap_err();
            assert!(err.contains(says), "{body}: {err}");
        }
    }

    #[test]
    fn takes_in_order_honouring_paths_and_counts() {
        let mut queue = FaultQueue::default();
        queue.push(pending(r#"{"fault": "drop", "path": "/status/media"}"#).unwrap());
        queue.push(pending(r#"{"fault": "non_json", "count": 2}"#).unwrap());
        assert_eq!(
            queue.take("/status/text").map(|t| t.fault),
            Some(Fault::NonJson)
        );
        assert_eq!(
            queue.take("/status/media").map(|t| t.fault),
            Some(Fault::Drop)
        );
        assert_eq!(
            queue.take("/status/media").map(|t| t.fault),
            Some(Fault::NonJson)
        );
        assert_eq!(queue.take("/status/text"), None);
    }
}
