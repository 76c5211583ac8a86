//! The three requests of the status API: builders, and the validated requests they build.
//!
//! A builder ([`TextStatusBuilder`], [`MediaStatusBuilder`], [`StatusPrivacyBuilder`]) sets
//! fields; [`RequestBuilder::build`] checks every rule (`src/rules/`) and gives the request in
//! canonical form, or every problem at once. A request ([`TextStatus`], [`MediaStatus`],
//! [`StatusPrivacy`]) is always valid: serializing it gives the exact body that goes on the
//! wire. [`StatusRequest::from_json`] reads an untrusted body (what the edge proxy and
//! `wuts-local` receive) with the same rules.

mod fields;
mod json;
mod media;
mod privacy;
mod text;

pub use json::Json;
#[cfg(feature = "schedule")]
pub(crate) use media::wire_within;
pub use media::{MediaStatus, MediaStatusBuilder};
pub use privacy::{Audience, StatusPrivacy, StatusPrivacyBuilder};
pub use text::{TextStatus, TextStatusBuilder};

use std::ops::Range;

use serde::Serialize;

use crate::message::msg;
use crate::problem::Problems;
use crate::rules::limits::Limits;

/// A request being built: setters, then [`build`](Self::build).
pub trait RequestBuilder: Sized {
    /// The request it builds.
    type Request: StatusRequest;

    /// Every problem with the request as given under `limits`, in the order found; empty when
    /// it would build.
    fn problems(&self, limits: &Limits) -> Problems;

    /// The request as it goes on the wire: validated, then in canonical form (mime types
    /// lower-cased, privacy entries as de-duplicated JIDs, no `list` for `contacts`).
    fn build(self, limits: &Limits) -> Result<Self::Request, Problems>;
}

/// A request of the status API, valid under the limits it was built or read with.
pub trait StatusRequest: Serialize + Sized {
    /// The HTTP method, `POST` or `PUT`.
    const METHOD: &'static str;
    /// The path under the API's base URL.
    const PATH: &'static str;
    /// Its builder, which a built request converts back into (to build again under other
    /// limits, say).
    type Builder: RequestBuilder<Request = Self> + From<Self>;

    /// Reads an untrusted JSON body (a `&serde_json::Value`, or in the browser a JavaScript
    /// value) with the contract's rules: wrong types and unknown fields are problems like any
    /// other, and the result is normalized.
    fn from_json<J: Json>(body: J, limits: &Limits) -> Result<Self, Problems>;

    /// Reads an untrusted body and checks it like [`parse_body`], but answers with the wire
    /// body to send on rather than the request: a large inline media body stays where it is.
    fn check_body(body: &[u8], limits: &Limits) -> Result<Wire, Problems> {
        parse_body::<Self>(body, limits).map(|request| Wire::whole(request.to_json()))
    }

    /// The wire body as JSON text.
    fn to_json(&self) -> String {
        // These types hold only strings, small integers and enums: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Reads `body` as JSON and then as `R`; a body that is not JSON is a problem on `body`.
///
/// This is the one reader of untrusted bodies: the edge proxy, `wuts-local` and the fuzz
/// targets all go through it (the proxy through [`StatusRequest::check_body`]).
pub fn parse_body<R: StatusRequest>(body: &[u8], limits: &Limits) -> Result<R, Problems> {
    R::from_json(&parse_value(body)?, limits)
}

/// The body as a JSON value whose strings borrow from it.
fn parse_value(body: &[u8]) -> Result<serde_json_borrow::Value<'_>, Problems> {
    serde_json::from_slice(body).map_err(|e| {
        crate::problem::Problem::new(
            "body",
            crate::problem::ProblemCode::Invalid,
            msg!("is not valid JSON: ", e.to_string()),
        )
        .into()
    })
}

/// Where `text`, a string read from `body` without unescaping, lies in it: the range of the
/// JSON string token, quotes included. `None` when `text` is not a slice of `body`.
fn string_token(body: &[u8], text: &str) -> Option<Range<usize>> {
    let start = (text.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
    let end = start.checked_add(text.len())?;
    let open = start.checked_sub(1)?;
    (body.get(open) == Some(&b'"') && body.get(end) == Some(&b'"')).then_some(open..end + 1)
}

/// An accepted body as it goes on to the backend: the normalized wire body, written as the
/// range of the received body that it keeps as it is, between a new head and tail.
///
/// For most requests nothing is kept and the head is the whole wire body. For inline media
/// the kept range is the `data` string: the rules read it where it lies, and the wire body
/// reuses it rather than copying megabytes of base64 into a new buffer.
#[doc(hidden)] // the edge proxy's forwarding, not part of the API
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire {
    /// What comes before the kept range.
    pub head: String,
    /// The range of the received body sent unchanged; empty when nothing is kept.
    pub kept: Range<usize>,
    /// What comes after it.
    pub tail: String,
}

impl Wire {
    /// A wire body written out whole.
    pub fn whole(json: String) -> Self {
        Self {
            head: json,
            kept: 0..0,
            tail: String::new(),
        }
    }

    /// The wire body, built from `body`, the body it was read from.
    pub fn to_vec(&self, body: &[u8]) -> Vec<u8> {
        let kept = body.get(self.kept.clone()).unwrap_or_default();
        [self.head.as_bytes(), kept, self.tail.as_bytes()].concat()
    }

    /// Rewrites `body`, the body it was read from, into the wire body where it lies: the head
    /// goes just before the kept range and the tail just after it, so the kept bytes do not
    /// move. Returns the range of `body` that now holds the wire body. The buffer grows only
    /// when the tail is longer than what followed the kept range, and reallocates only if its
    /// capacity is short of that.
    pub fn write_over(&self, body: &mut Vec<u8>) -> Range<usize> {
        let kept = self.kept.clone();
        match kept.start.checked_sub(self.head.len()) {
            Some(start) if !kept.is_empty() && kept.end <= body.len() => {
                body[start..kept.start].copy_from_slice(self.head.as_bytes());
                body.truncate(kept.end);
                body.extend_from_slice(self.tail.as_bytes());
                start..body.len()
            }
            _ => {
                let wire = self.to_vec(body);
                body.clear();
                body.extend_from_slice(&wire);
                0..body.len()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAE=";

    fn wire_of<R: StatusRequest>(body: &str) -> Wire {
        R::check_body(body.as_bytes(), &Limits::default()).unwrap()
    }

    #[test]
    fn inline_data_is_kept_where_it_lies() {
        for body in [
            format!(r#"{{"data":"{PNG}","mime_type":"IMAGE/PNG"}}"#),
            // The tail outgrows what followed the data: the buffer grows.
            format!(r#"{{"mime_type":"image/png", "caption": "menu", "data": "{PNG}"}}"#),
            format!(
                r#"{{ "caption":"a", "data" : "{PNG}" , "mime_type":"image/png", "media_type":null }}"#
            ),
        ] {
            let wire = wire_of::<MediaStatus>(&body);
            assert_eq!(&body[wire.kept.clone()], format!("\"{PNG}\""));
            let expected = parse_body::<MediaStatus>(body.as_bytes(), &Limits::default())
                .unwrap()
                .to_json();
            assert_eq!(wire.to_vec(body.as_bytes()), expected.as_bytes());

            let mut buffer = body.clone().into_bytes();
            let range = wire.write_over(&mut buffer);
            assert_eq!(&buffer[range], expected.as_bytes());
        }
    }

    #[test]
    fn escaped_data_and_other_requests_are_written_whole() {
        // "\/" is "/": the string had to be unescaped, so it is not a slice of the body.
        let body = r#"{"data":"iVBORw0KGgoAAAANSUhEUgAAAAE\/","mime_type":"image/png"}"#;
        let wire = wire_of::<MediaStatus>(body);
        assert!(wire.kept.is_empty());
        assert_eq!(
            wire.head,
            r#"{"data":"iVBORw0KGgoAAAANSUhEUgAAAAE/","mime_type":"image/png"}"#
        );
        let text = wire_of::<TextStatus>(r#"{"text": "hi", "font": 1}"#);
        assert_eq!(text, Wire::whole(r#"{"text":"hi","font":1}"#.to_owned()));
        let mut buffer = br#"{"text": "hi", "font": 1}"#.to_vec();
        let range = text.write_over(&mut buffer);
        assert_eq!(&buffer[range], text.head.as_bytes());
    }

    #[test]
    fn repeated_keys_read_as_serde_json_reads_them() {
        for body in [
            r#"{"text": "", "text": "second wins"}"#,
            r#"{"text": "first", "text": ""}"#,
            r#"{"text": "hi", "x": 1, "x": 2, "font": 1}"#,
        ] {
            let value: serde_json::Value = serde_json::from_str(body).unwrap();
            let oracle = TextStatus::from_json(&value, &Limits::default());
            let read = parse_body::<TextStatus>(body.as_bytes(), &Limits::default());
            assert_eq!(format!("{read:?}"), format!("{oracle:?}"), "{body}");
        }
    }
}
