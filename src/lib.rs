//! Publish WhatsApp statuses through the WUTS API, from a web page or from the edge.
//!
//! The crate is the WUTS status contract in Rust: request builders that validate every rule
//! ([`TextStatus`], [`MediaStatus`], [`StatusPrivacy`]), the rules themselves with no I/O
//! ([`rules`]), the answers in both error envelope shapes ([`envelope`]), and one error type
//! ([`Error`]). The same core runs natively, in browsers and in Cloudflare Workers.
//!
//! ```
//! use wuts_status::{Limits, StatusRequest, TextStatus};
//!
//! let err = TextStatus::new("").background_color("green").normalize(&Limits::default()).unwrap_err();
//! let fields: Vec<_> = err.iter().map(|p| p.field.as_str()).collect();
//! assert_eq!(fields, ["text", "background_color"]);
//! ```
//!
//! # Features
//! - `browser`: the wasm-bindgen exports and the fetch client of the npm package.
//! - `client`: [`client::Client`], an async Rust client on gloo-net for Rust apps compiled to
//!   WebAssembly (pages, web workers, Workers).
//! - `worker`: the Cloudflare Worker edge proxy.
//! - `local`: `wuts-local`, a native WUTS backend for development, tests and benchmarks.
//!
//! With no feature the crate is plain Rust with three small dependencies (serde, serde_json,
//! base64), so every rule compiles and is tested natively.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "browser")]
pub mod browser;
#[cfg(feature = "client")]
pub mod client;
pub mod envelope;
mod error;
#[cfg(feature = "local")]
pub mod local;
mod message;
mod problem;
pub mod request;
pub mod rules;
mod token;
#[cfg(feature = "worker")]
mod worker;

pub use envelope::{read_response, ApiCode, PrivacyUpdated, Published, Resend, StatusType};
pub use error::{Error, BODY_PREFIX_LEN};
pub use problem::{Problem, ProblemCode, Problems};
pub use request::{
    parse_body, Audience, MediaStatus, StatusPrivacy, StatusRequest, TextStatus, Wire,
};
pub use rules::limits::Limits;
pub use rules::media::MediaType;
pub use token::{Token, TokenError};

/// The README's Rust examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
