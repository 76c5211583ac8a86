//! The three requests of the status API, as builders and as wire bodies.
//!
//! A request type is both: its builder methods set fields, and serializing it gives the exact
//! body that goes on the wire. [`StatusRequest::normalize`] validates one and puts it in
//! canonical form; [`StatusRequest::from_json`] reads an untrusted body (what the edge proxy and
//! `wuts-local` receive) with the same rules, reporting every problem at once.

mod fields;
mod json;
mod media;
mod privacy;
mod text;

pub use json::Json;
pub use media::MediaStatus;
pub use privacy::{Audience, StatusPrivacy};
pub use text::TextStatus;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Problems};
use crate::rules::limits::Limits;

/// What every request of the status API can do.
pub trait StatusRequest: Serialize + Sized {
    /// The HTTP method, `POST` or `PUT`.
    const METHOD: &'static str;
    /// The path under the API's base URL.
    const PATH: &'static str;

    /// Every problem with this request under `limits`, in the order found; empty when valid.
    fn problems(&self, limits: &Limits) -> Problems;

    /// The request as it goes on the wire: validated, then in canonical form (mime types
    /// lower-cased, privacy entries as de-duplicated JIDs, no `list` for `contacts`).
    fn normalize(self, limits: &Limits) -> Result<Self, Error>;

    /// Reads an untrusted JSON body (a `&serde_json::Value`, or in the browser a JavaScript
    /// value) with the contract's rules: wrong types and unknown fields are problems like any
    /// other, and the result is normalized.
    fn from_json<J: Json>(body: J, limits: &Limits) -> Result<Self, Error>;

    /// The wire body as JSON text.
    fn to_json(&self) -> String {
        // These types hold only strings, small integers and enums: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Reads `body` as JSON and then as `R`; a body that is not JSON is a problem on `body`.
pub fn parse_body<R: StatusRequest>(body: &[u8], limits: &Limits) -> Result<R, Error> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        Error::Validation(
            crate::error::Problem::new(
                "body",
                crate::error::ProblemCode::Invalid,
                format!("is not valid JSON: {e}"),
            )
            .into(),
        )
    })?;
    R::from_json(&value, limits)
}
