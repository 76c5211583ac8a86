//! Publish WhatsApp statuses through the WUTS API, from a web page or from the edge.
//!
//! The crate is the WUTS status contract in Rust: request builders that validate every rule
//! ([`TextStatus`], [`MediaStatus`], [`StatusPrivacy`]), the answers in both error envelope
//! shapes ([`envelope`], [`ApiCode`]), the validation vocabulary ([`Problems`]) and the
//! clients' error ([`Error`]). The same core runs natively, in browsers and in Cloudflare
//! Workers.
//!
//! ```
//! use wuts_status::{Limits, RequestBuilder, TextStatus};
//!
//! let err = TextStatus::builder("").background_color("green").build(&Limits::default()).unwrap_err();
//! let fields: Vec<_> = err.iter().map(|p| p.field.as_str()).collect();
//! assert_eq!(fields, ["text", "background_color"]);
//! ```
//!
//! # Features
//! - `browser`: the wasm-bindgen exports and the fetch client of the npm package.
//! - `client`: [`client::Client`], an async Rust client on gloo-net for Rust apps compiled to
//!   WebAssembly (pages, web workers, Workers).
//! - `worker`: the Cloudflare Worker edge proxy.
//! - `schedule`: [`schedule`], scheduled and recurring statuses: their rules and their runs in
//!   IANA time zones (the `worker` and `client` features include it).
//! - `local`: `wuts-local`, a native WUTS backend for development, tests and benchmarks.
//!
//! With no feature the crate is plain Rust with three small dependencies (serde, serde_json,
//! base64), so every rule compiles and is tested natively.

#![forbid(unsafe_code)]
// docs.rs (Cargo.toml's [package.metadata.docs.rs]) marks each feature-gated item with the
// feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
// Messages are built with `msg!` (src/message.rs), so the browser package links no core::fmt.
#![cfg_attr(not(test), deny(clippy::disallowed_macros))]

mod bearer;
#[cfg(feature = "browser")]
pub mod browser;
#[cfg(feature = "client")]
#[allow(clippy::disallowed_macros)] // not in the browser package
pub mod client;
pub mod envelope;
mod error;
// wuts-local (the binary, and the server the tests start in-process): not part of the API.
#[cfg(feature = "local")]
#[doc(hidden)]
#[allow(clippy::disallowed_macros)] // not in the browser package
pub mod local;
mod message;
mod problem;
pub mod request;
#[cfg(feature = "schedule")]
#[allow(clippy::disallowed_macros)] // not in the browser package
pub mod schedule;
// The rules one by one, for the tests, the fuzz targets and the benchmarks; users reach them
// through the request types.
#[doc(hidden)]
pub mod rules;
#[cfg(feature = "worker")]
#[allow(clippy::disallowed_macros)] // not in the browser package
mod worker;

pub use bearer::{Token, TokenError};
pub use envelope::{read_response, ApiCode, PrivacyUpdated, Published, Resend, StatusType};
pub use error::{Error, BODY_PREFIX_LEN};
pub use problem::{Problem, ProblemCode, Problems};
pub use request::{
    parse_body, Audience, MediaStatus, MediaStatusBuilder, RequestBuilder, StatusPrivacy,
    StatusPrivacyBuilder, StatusRequest, TextStatus, TextStatusBuilder, Wire,
};
pub use rules::limits::Limits;
pub use rules::media::MediaType;

/// The README's Rust examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
