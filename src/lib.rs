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
//! let fields: Vec<_> = err.problems().iter().map(|p| p.field.as_str()).collect();
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
// Messages are built with `msg!` (src/message.rs), so the browser package links no core::fmt.
#![cfg_attr(not(test), deny(clippy::disallowed_macros))]

#[cfg(feature = "browser")]
pub mod browser;
#[cfg(feature = "client")]
#[allow(clippy::disallowed_macros)] // not in the browser package
pub mod client;
pub mod envelope;
mod error;
#[cfg(feature = "local")]
#[allow(clippy::disallowed_macros)] // not in the browser package
pub mod local;
mod message;
pub mod request;
pub mod rules;
mod token;
#[cfg(feature = "worker")]
#[allow(clippy::disallowed_macros)] // not in the browser package
mod worker;

pub use envelope::{read_response, PrivacyUpdated, Published, StatusType};
pub use error::{Error, Problem, ProblemCode, Problems, BODY_PREFIX_LEN};
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
