//! Every rule of the WUTS contract, as pure functions with no I/O.
//!
//! The request types in [`crate::request`], the browser client, the edge proxy and `wuts-local`
//! all call these; none of them re-implements a rule. Each check returns the [`Problem`]s it
//! found, so one pass over a request reports everything wrong with it.
//!
//! [`Problem`]: crate::Problem

pub mod base64;
pub mod contact;
pub mod idempotency_key;
pub mod limits;
pub mod media;
pub mod privacy;
pub mod request_id;
pub mod sniff;
pub mod text;
pub mod token;
pub mod url;

/// How many Unicode scalar values `s` holds: the unit every length limit counts in.
pub(crate) fn char_count(s: &str) -> usize {
    s.chars().count()
}
