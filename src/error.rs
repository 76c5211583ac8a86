//! The crate's one error type, and the validation problems it carries.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::message::{msg, Hex, Piece};

/// Why a field was rejected. The string form (`as_str`) is stable: programs branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemCode {
    /// A required field is missing.
    Required,
    /// The field has the wrong JSON type (a number where a string belongs, say).
    WrongType,
    /// The field is present but empty, or holds only white space.
    Empty,
    /// The field is longer than its limit.
    TooLong,
    /// The field is not in the expected format (colour, base64, URL, phone number, token...).
    Invalid,
    /// The value is well formed but not one this API accepts (a mime type, a URL scheme...).
    Unsupported,
    /// Two fields that exclude each other were both given.
    Conflict,
    /// Two facts disagree: `media_type` against `mime_type`, or the bytes against `mime_type`.
    Mismatch,
    /// Decoded media is larger than its limit.
    TooLarge,
    /// A media URL names a loopback, private, link-local or otherwise internal host.
    InternalHost,
    /// The field is not part of the request.
    UnknownField,
}

impl ProblemCode {
    /// Every code, in declaration order.
    pub const ALL: [Self; 11] = [
        Self::Required,
        Self::WrongType,
        Self::Empty,
        Self::TooLong,
        Self::Invalid,
        Self::Unsupported,
        Self::Conflict,
        Self::Mismatch,
        Self::TooLarge,
        Self::InternalHost,
        Self::UnknownField,
    ];

    /// The code with this wire name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|code| code.as_str() == name)
    }

    /// The stable wire name of this code, as in `"too_long"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::WrongType => "wrong_type",
            Self::Empty => "empty",
            Self::TooLong => "too_long",
            Self::Invalid => "invalid",
            Self::Unsupported => "unsupported",
            Self::Conflict => "conflict",
            Self::Mismatch => "mismatch",
            Self::TooLarge => "too_large",
            Self::InternalHost => "internal_host",
            Self::UnknownField => "unknown_field",
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason a request is invalid: which field, a stable code, and words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The wire name of the field, with an index for list entries: `text`, `list[3]`.
    pub field: String,
    /// Why, as a stable code.
    pub code: ProblemCode,
    /// Why, in words, without the field name: `cannot be empty`.
    pub message: String,
}

impl Problem {
    /// A problem with `field`, `code` and `message`.
    pub fn new(field: impl Into<String>, code: ProblemCode, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

impl Piece for Problem {
    fn push_to(&self, out: &mut String) {
        out.push_str(&self.field);
        out.push_str(": ");
        out.push_str(&self.message);
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&msg!(self))
    }
}

/// Every problem found in one request, in the order found. Never empty when it is an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// No problems yet.
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// Records a problem.
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// Records a problem built from its parts.
    pub fn add(&mut self, field: impl Into<String>, code: ProblemCode, message: impl Into<String>) {
        self.push(Problem::new(field, code, message));
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order found.
    pub fn as_slice(&self) -> &[Problem] {
        &self.0
    }

    /// `Ok(value)` when nothing was found, else the problems as an [`Error::Validation`].
    pub fn into_result<T>(self, value: T) -> Result<T, Error> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Error::Validation(self))
        }
    }
}

impl From<Problem> for Problems {
    fn from(problem: Problem) -> Self {
        Self(vec![problem])
    }
}

impl From<Vec<Problem>> for Problems {
    fn from(problems: Vec<Problem>) -> Self {
        Self(problems)
    }
}

impl Extend<Problem> for Problems {
    fn extend<I: IntoIterator<Item = Problem>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Every problem as `field: message`, separated by `; `.
impl Piece for Problems {
    fn push_to(&self, out: &mut String) {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            problem.push_to(out);
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&msg!(self))
    }
}

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
        /// The envelope's code, as sent: `device_disconnected`, `VALIDATION_ERROR`...
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
            Self::Validation(_) => "invalid_request",
            Self::Api { code, .. } => code,
            Self::UnexpectedResponse { .. } => "unexpected_response",
            Self::Network(_) => "network_error",
            Self::Timeout => "timeout",
            Self::Aborted => "aborted",
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

    /// Whether sending the same request again is safe and may succeed, for a request that is
    /// `idempotent` (a privacy update) or not (a publish).
    ///
    /// A publish is only worth sending again when the answer proves it was not published: the
    /// session was not connected, the proxy refused it for the rate limit, or the proxy said
    /// another request with the same `Idempotency-Key` is still in flight. After a timeout,
    /// a network error or a gateway error the status may already be out, and sending it again
    /// could post it twice.
    pub fn is_retryable_for(&self, idempotent: bool) -> bool {
        if idempotent {
            return self.is_retryable();
        }
        matches!(self, Self::Api { code, .. }
            if matches!(code.as_str(), "device_disconnected" | "rate_limited" | "conflict"))
    }

    /// Whether sending the same idempotent request again may succeed. For a publish, use
    /// [`is_retryable_for`](Self::is_retryable_for), which also knows what may have been posted.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Network(_) | Self::Timeout => true,
            Self::Api { status, code, .. } => {
                matches!(*status, 502..=504)
                    || matches!(
                        code.as_str(),
                        "device_disconnected" | "status_timeout" | "rate_limited" | "conflict"
                    )
            }
            Self::UnexpectedResponse { status, .. } => matches!(*status, 502..=504),
            Self::Validation(_) | Self::Aborted => false,
        }
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

/// A value in double quotes for a message, escaped as `{:?}` escapes it: quotes, backslashes,
/// control and invisible characters. Not `{:?}` itself: the browser package is built without
/// `Debug` output (`-Zfmt-debug=none`), and without the Unicode tables it reads.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

/// A character in single quotes for a message, escaped like [`Quoted`].
pub(crate) struct QuotedChar(pub(crate) char);

/// The most characters of a value a message quotes: a value can be as long as the body, and
/// every message is copied into the answer twice.
const MAX_QUOTED_CHARS: usize = 80;

impl Piece for Quoted<'_> {
    fn push_to(&self, out: &mut String) {
        out.push('"');
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(MAX_QUOTED_CHARS) {
            escape(out, c, '"');
        }
        if chars.next().is_some() {
            out.push_str("...");
        }
        out.push('"');
    }
}

impl Piece for QuotedChar {
    fn push_to(&self, out: &mut String) {
        out.push('\'');
        escape(out, self.0, '\'');
        out.push('\'');
    }
}

fn escape(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c if c == quote => msg!(in out; '\\', c),
        c if invisible(c) => msg!(in out; "\\u{", Hex(u32::from(c)), '}'),
        c => out.push(c),
    }
}

/// Control characters, and the format characters that print as nothing (zero-width spaces and
/// joiners, direction marks and overrides, the soft hyphen, the byte order mark).
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_matches_debug_for_realistic_values() {
        for value in [
            "",
            "plain",
            "with \"quotes\" and 'apostrophes'",
            "back\\slash",
            "line\nbreak\ttab\r\0",
            "\u{7}bell \u{1b}escape \u{7f}del \u{85}next-line",
            "zero\u{200b}width \u{202e}override \u{feff}bom \u{ad}soft",
            "accents é ü ñ, CJK 中文, emoji 🎉",
        ] {
            assert_eq!(msg!(Quoted(value)), format!("{value:?}"));
            for c in value.chars() {
                assert_eq!(msg!(QuotedChar(c)), format!("{c:?}"));
            }
        }
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(10_000);
        let quoted = msg!(Quoted(&long));
        assert_eq!(quoted, format!("\"{}...\"", "x".repeat(MAX_QUOTED_CHARS)));
        let exact = "y".repeat(MAX_QUOTED_CHARS);
        assert_eq!(msg!(Quoted(&exact)), format!("{exact:?}"));
    }

    #[test]
    fn problems_display_names_each_field() {
        let mut problems = Problems::new();
        problems.add("text", ProblemCode::Empty, "cannot be empty");
        problems.add(
            "font",
            ProblemCode::Invalid,
            "must be one of 0, 1, 2, 6, 7, 8, 9, 10",
        );
        assert_eq!(
            problems.to_string(),
            "text: cannot be empty; font: must be one of 0, 1, 2, 6, 7, 8, 9, 10"
        );
    }

    #[test]
    fn codes_serialize_as_their_stable_names() {
        for code in [
            ProblemCode::Required,
            ProblemCode::InternalHost,
            ProblemCode::TooLong,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn every_code_parses_from_its_name() {
        for code in ProblemCode::ALL {
            assert_eq!(ProblemCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ProblemCode::parse("nope"), None);
    }

    #[test]
    fn a_publish_is_retryable_only_when_it_surely_was_not_posted() {
        let api = |status, code: &str| Error::Api {
            status,
            code: code.into(),
            message: String::new(),
            problems: Problems::new(),
            request_id: None,
        };
        assert!(api(503, "device_disconnected").is_retryable_for(false));
        assert!(api(429, "rate_limited").is_retryable_for(false));
        // The proxy's 409: another request with the same Idempotency-Key is in flight.
        assert!(api(409, "conflict").is_retryable_for(false));
        for unknown in [
            Error::Timeout,
            Error::Network("reset".into()),
            api(504, "status_timeout"),
            api(502, "bad_gateway"),
        ] {
            assert!(!unknown.is_retryable_for(false), "{unknown:?}");
            assert!(unknown.is_retryable_for(true), "{unknown:?}");
        }
    }

    #[test]
    fn only_transient_answers_are_retryable() {
        let api = |status, code: &str| Error::Api {
            status,
            code: code.into(),
            message: String::new(),
            problems: Problems::new(),
            request_id: None,
        };
        assert!(api(503, "device_disconnected").is_retryable());
        assert!(api(504, "status_timeout").is_retryable());
        assert!(!api(400, "invalid_request").is_retryable());
        assert!(!api(500, "status_failed").is_retryable());
        assert!(Error::Timeout.is_retryable());
        assert!(!Error::Aborted.is_retryable());
        assert!(!Error::Validation(Problems::new()).is_retryable());
    }

    #[test]
    fn only_answers_keep_a_request_id() {
        let id = Some("req-1".to_owned());
        let api = Error::Api {
            status: 503,
            code: "device_disconnected".into(),
            message: String::new(),
            problems: Problems::new(),
            request_id: None,
        };
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
