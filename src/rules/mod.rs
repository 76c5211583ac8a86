//! Every rule of the WUTS contract, as pure functions with no I/O.
//!
//! The request types in [`crate::request`], the browser client, the edge proxy and `wuts-local`
//! all call these; none of them re-implements a rule. Every rule has one of two signatures:
//!
//! - a rule on one value, `check_*(value) -> Result<T, Problem>`, where `T` is the value as
//!   accepted (often normalized, as a JID or a canonical mime type); a rule whose field callers
//!   name differently (a header, an option) takes the field's name first;
//! - a rule over several fields or entries, `check_*(...) -> Result<T, Problems>`, which
//!   reports everything wrong at once: [`text::check_text_status`],
//!   [`media::check_media_status`], [`privacy::check_privacy`] and [`shape::check_known_fields`].
//!
//! Readers ([`crate::request`]) record what a rule refuses and go on, so one pass over a
//! request reports every problem with it.
//!
//! | rule | where |
//! |---|---|
//! | the body is an object, known fields, JSON types | [`shape`] |
//! | text, colour, font, any length | [`text`] |
//! | mime type, media type, inline data, size, data/url | [`media`], [`base64`], [`sniff`] |
//! | media URLs (SSRF) | [`url`] |
//! | privacy type and list, each contact | [`privacy`], [`contact`] |
//! | bearer token, `X-Request-Id`, `Idempotency-Key` | [`token`], [`request_id`], [`idempotency_key`] |
//! | a schedule's shape (its time is judged by the `schedule` module) | [`schedule`] |
//! | the limits themselves | [`limits`] |
//!
//! [`Problem`]: crate::Problem
//! [`Problems`]: crate::Problems

pub mod base64;
pub mod contact;
pub mod idempotency_key;
pub mod limits;
pub mod media;
pub mod privacy;
pub mod request_id;
pub mod schedule;
pub mod shape;
pub mod sniff;
pub mod text;
pub mod token;
pub mod url;

/// How many Unicode scalar values `s` holds: the unit every length limit counts in.
pub(crate) fn char_count(s: &str) -> usize {
    s.chars().count()
}
