//! The answers of the API: success bodies, both error envelope shapes, and the HTTP status of
//! each documented code.
//!
//! WUTS answers errors in two shapes, and clients read both:
//!
//! ```json
//! {"success": false, "error": {"code": "invalid_request", "message": "text cannot be empty"}}
//! {"success": false, "error": "validation failed", "error_code": "VALIDATION_ERROR", "timestamp": "..."}
//! ```
//!
//! [`read_response`] folds them into one [`Error`]; the body decides, never the status alone.

mod code;

pub use code::{resend_of, ApiCode, Resend};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{Error, BODY_PREFIX_LEN};
use crate::message::msg;
use crate::problem::{Problem, ProblemCode, Problems};
use crate::request::{Audience, Json};

/// What kind of status was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusType {
    /// A text status.
    Text,
    /// An image status.
    Image,
    /// A video status.
    Video,
}

impl StatusType {
    /// The wire name parsed; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "text" => Some(Self::Text),
            "image" => Some(Self::Image),
            "video" => Some(Self::Video),
            _ => None,
        }
    }

    /// The wire name: `text`, `image` or `video`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Image => "image",
            Self::Video => "video",
        }
    }
}

/// The success body of `POST /status/text` and `POST /status/media`.
///
/// `success: true` means the status went out, so a body missing the other fields is still a
/// success (with them empty): reporting an error would invite posting the status twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// WhatsApp's id of the status message (empty if the server sent none).
    pub message_id: String,
    /// When it was published, RFC 3339 (empty if the server sent none).
    pub timestamp: String,
    /// What was published, when the server said.
    pub status_type: Option<StatusType>,
}

/// The success body of `PUT /status/privacy`. Any `success: true` body is accepted, so both
/// fields may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyUpdated {
    /// The rule now in force, when the server echoed it.
    #[serde(rename = "type", default)]
    pub audience: Option<Audience>,
    /// Its list, when the server echoed it.
    #[serde(default)]
    pub list: Vec<String>,
}

/// A success body [`read_response`] can read, from a JSON object read as `J`.
///
/// Implemented by hand rather than through serde's `Deserialize`, whose error paths (type
/// names, float formatting) would be most of the browser package's size.
pub trait SuccessBody<J>: Sized {
    /// Reads the body of a `success: true` answer; `None` if it is not one of this kind.
    fn from_success(body: &J) -> Option<Self>;
}

impl<J: Json> SuccessBody<J> for Published {
    fn from_success(body: &J) -> Option<Self> {
        Some(Self {
            message_id: str_field(body, "message_id"),
            timestamp: str_field(body, "timestamp"),
            status_type: body
                .get("status_type")
                .and_then(|t| t.string())
                .and_then(|t| StatusType::parse(t.as_ref())),
        })
    }
}

impl<J: Json> SuccessBody<J> for PrivacyUpdated {
    fn from_success(body: &J) -> Option<Self> {
        Some(Self {
            audience: body
                .get("type")
                .and_then(|t| t.string())
                .and_then(|t| Audience::parse(t.as_ref())),
            list: body
                .get("list")
                .and_then(|list| list.items())
                .map(|list| {
                    list.iter()
                        .filter_map(|item| item.string().map(Into::into))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

/// The whole success body, as sent.
impl SuccessBody<&Value> for Value {
    fn from_success(body: &&Value) -> Option<Self> {
        Some((*body).clone())
    }
}

/// A string field, or empty when missing or not a string.
fn str_field<J: Json>(object: &J, key: &str) -> String {
    object
        .get(key)
        .and_then(|v| v.string())
        .map(Into::into)
        .unwrap_or_default()
}

/// Reads an answer: `T` from a `success: true` body, else the error it carries.
pub fn read_response<T>(status: u16, body: &[u8]) -> Result<T, Error>
where
    T: for<'a> SuccessBody<&'a Value>,
{
    let json = serde_json::from_slice::<Value>(body).ok();
    read_json(status, body, json.as_ref())
}

/// [`read_response`] for a body already parsed: `body` as received (bytes, or text the
/// runtime decoded), `json` the body read as JSON, `None` when it is not JSON. The browser
/// package decodes and parses with `Response.text()` and `JSON.parse`.
#[doc(hidden)] // for the browser package, which reads answers as JavaScript values
pub fn read_json<T: SuccessBody<J>, J: Json, B: BodyPrefix + ?Sized>(
    status: u16,
    body: &B,
    json: Option<J>,
) -> Result<T, Error> {
    let unexpected = || Error::UnexpectedResponse {
        status,
        body_prefix: body.prefix(),
        request_id: None,
    };
    let Some(map) = json.filter(|j| j.keys().is_some()) else {
        return Err(unexpected());
    };
    match map.get("success").and_then(|s| s.boolean()) {
        Some(true) => T::from_success(&map).ok_or_else(unexpected),
        Some(false) => Err(read_error(status, &map).unwrap_or_else(unexpected)),
        None => Err(unexpected()),
    }
}

fn read_error<J: Json>(status: u16, map: &J) -> Option<Error> {
    let error = map.get("error")?;
    let (code, message, problems) = match error.string() {
        Some(message) => (
            map.get("error_code")?.string()?.into(),
            message.into(),
            Vec::new(),
        ),
        // Not a string: the nested shape, whose fields only an object has.
        None => (
            error.get("code")?.string()?.into(),
            str_field(&error, "message"),
            error
                .get("details")
                .and_then(|d| d.items())
                .map(|details| details.iter().filter_map(read_problem).collect())
                .unwrap_or_default(),
        ),
    };
    Some(Error::Api {
        status,
        code,
        message,
        problems: problems.into(),
        request_id: None,
    })
}

/// One entry of `error.details`; entries this client does not understand are skipped.
fn read_problem<J: Json>(detail: &J) -> Option<Problem> {
    Some(Problem::new(
        detail.get("field")?.string()?.into(),
        ProblemCode::parse(detail.get("code")?.string()?.as_ref())?,
        str_field(detail, "message"),
    ))
}

/// A body whose beginning an [`Error::UnexpectedResponse`] quotes.
#[doc(hidden)] // for the browser package, which reads answers as JavaScript values
pub trait BodyPrefix {
    /// The first [`BODY_PREFIX_LEN`] bytes, as text.
    fn prefix(&self) -> String;
}

/// Raw bytes, decoded lossily.
impl BodyPrefix for [u8] {
    fn prefix(&self) -> String {
        String::from_utf8_lossy(&self[..self.len().min(BODY_PREFIX_LEN)]).into_owned()
    }
}

/// Decoded text, cut at the last character that ends within the limit.
impl BodyPrefix for str {
    fn prefix(&self) -> String {
        let mut end = self.len().min(BODY_PREFIX_LEN);
        while !self.is_char_boundary(end) {
            end -= 1;
        }
        self.get(..end).unwrap_or_default().to_owned()
    }
}

/// An error in the first envelope shape; `details` lists per-field problems when there are any.
pub fn error_body(code: ApiCode, message: &str, problems: &[Problem]) -> String {
    let mut error = json!({ "code": code.as_str(), "message": message });
    if !problems.is_empty() {
        error["details"] = json!(problems);
    }
    json!({ "success": false, "error": error }).to_string()
}

/// An error in the second (flat) envelope shape.
pub fn flat_error_body(code: ApiCode, message: &str, timestamp: &str) -> String {
    json!({ "success": false, "error": message, "error_code": code.as_str(), "timestamp": timestamp })
        .to_string()
}

/// The `invalid_request` answer for a request that failed validation: every problem in
/// `details`, and all of them in one readable message.
pub fn validation_error_body(problems: &Problems) -> String {
    error_body(
        ApiCode::InvalidRequest,
        &msg!(problems),
        problems.as_slice(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_success_body() {
        let body = br#"{"success": true, "message_id": "3EB0XXXX1234567890ABCDEF", "timestamp": "2026-06-15T14:32:05-03:00", "status_type": "text"}"#;
        let published: Published = read_response(200, body).unwrap();
        assert_eq!(published.message_id, "3EB0XXXX1234567890ABCDEF");
        assert_eq!(published.status_type, Some(StatusType::Text));
    }

    #[test]
    fn status_type_names_are_the_wire_names() {
        for status_type in [StatusType::Text, StatusType::Image, StatusType::Video] {
            assert_eq!(
                serde_json::to_value(status_type).unwrap(),
                status_type.as_str()
            );
        }
    }

    #[test]
    fn reads_both_error_shapes() {
        let nested = br#"{"success": false, "error": {"code": "device_disconnected", "message": "whatsapp session is not connected"}}"#;
        let err = read_response::<Published>(503, nested).unwrap_err();
        assert_eq!(err.code(), "device_disconnected");
        assert_eq!(err.status(), 503);
        assert_eq!(err.to_string(), "whatsapp session is not connected");

        let flat = br#"{"success": false, "error": "validation failed", "error_code": "VALIDATION_ERROR", "timestamp": "2026-06-15T12:00:00Z"}"#;
        let err = read_response::<Published>(400, flat).unwrap_err();
        assert_eq!((err.code(), err.status()), ("VALIDATION_ERROR", 400));
        assert_eq!(err.to_string(), "validation failed");
    }

    #[test]
    fn any_success_body_is_a_success() {
        // Reporting an error here would invite posting the same status again.
        let bare: Published = read_response(200, br#"{"success": true}"#).unwrap();
        assert_eq!(bare.message_id, "");
        assert_eq!(bare.status_type, None);
        let odd: Published = read_response(
            200,
            br#"{"success": true, "message_id": 5, "status_type": "gif"}"#,
        )
        .unwrap();
        assert_eq!((odd.message_id.as_str(), odd.status_type), ("", None));
    }

    #[test]
    fn the_body_decides_not_the_status() {
        let ok = br#"{"success": true, "type": "contacts"}"#;
        assert!(read_response::<PrivacyUpdated>(500, ok).is_ok());
        let failed = br#"{"success": false, "error": {"code": "status_failed", "message": "x"}}"#;
        assert_eq!(
            read_response::<Published>(200, failed).unwrap_err().code(),
            "status_failed"
        );
    }

    #[test]
    fn anything_else_keeps_status_and_body_prefix() {
        let long_html = format!("<html>{}</html>", "x".repeat(1000));
        for body in [
            b"".as_slice(),
            b"Bad Gateway",
            b"[]",
            br#"{"ok": true}"#,
            br#"{"success": "yes"}"#,
            br#"{"success": false}"#,
            br#"{"success": false, "error": {"message": "no code"}}"#,
            br#"{"success": false, "error": "no code"}"#,
            long_html.as_bytes(),
        ] {
            let err = read_response::<Published>(502, body).unwrap_err();
            let Error::UnexpectedResponse {
                status,
                body_prefix,
                ..
            } = &err
            else {
                panic!("{body:?} gave {err:?}");
            };
            assert_eq!(*status, 502);
            let expected = &body[..body.len().min(BODY_PREFIX_LEN)];
            assert_eq!(body_prefix.as_bytes(), expected);
        }
    }

    #[test]
    fn a_decoded_body_is_quoted_up_to_a_character_boundary() {
        // 255 ASCII bytes, then a 2-byte character that would end at byte 257.
        let text = format!("{}é{}", "x".repeat(255), "y".repeat(10));
        let Err(Error::UnexpectedResponse { body_prefix, .. }) =
            read_json::<Published, &Value, str>(502, &text, None)
        else {
            panic!("not an unexpected response");
        };
        assert_eq!(body_prefix, "x".repeat(255));
        assert_eq!("short é".prefix(), "short é");
        // Raw bytes cut the character in half, which decodes as U+FFFD.
        assert_eq!(
            text.as_bytes().prefix(),
            format!("{}\u{FFFD}", "x".repeat(255))
        );
    }

    #[test]
    fn validation_answers_round_trip_with_their_details() {
        let mut problems = Problems::new();
        problems.add("text", ProblemCode::Empty, "cannot be empty");
        let body = validation_error_body(&problems);
        let err = read_response::<Published>(400, body.as_bytes()).unwrap_err();
        assert_eq!(err.code(), "invalid_request");
        assert_eq!(err.problems(), problems.as_slice());
        assert_eq!(err.to_string(), "text: cannot be empty");
    }
}
