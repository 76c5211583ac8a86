//! An async client of the WUTS status API for Rust apps compiled to WebAssembly: a Leptos, Yew
//! or Dioxus page, a web worker, or a Rust Cloudflare Worker (feature `client`).
//!
//! It sends with [gloo-net](https://docs.rs/gloo-net), which calls the global `fetch`, so the
//! same code runs wherever `fetch` does. It makes the npm client's decisions: every request is
//! validated by the core first (nothing is sent on a problem), answers are read by
//! [`read_response`](crate::read_response) (both envelope shapes), and every failure is the
//! crate's one [`Error`](crate::Error). Requests and results are the crate's Rust types.
//!
//! ```no_run
//! # async fn run() -> Result<(), wuts_status::Error> {
//! use wuts_status::client::{Call, Client};
//! use wuts_status::{StatusPrivacy, TextStatus};
//!
//! let client = Client::builder("https://edge.example.com", "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71")
//!     .build()?;
//! let published = client.publish_text(TextStatus::builder("We are open today.").font(1)).await?;
//! println!("published {}", published.message_id);
//!
//! // A publish is retried only with an idempotency key, when the client opts in.
//! let keyed = Call::new().idempotency_key("menu-2026-06-15");
//! client.send(TextStatus::builder("New menu!"), &keyed).await?;
//!
//! client.update_privacy(StatusPrivacy::whitelist(["+55 11 99999-9999"])).await?;
//! # Ok(()) }
//! ```
//!
//! It needs a `fetch`: on a native target it compiles, but its calls fail at run time.

mod builder;
mod call;
mod exchange;
mod operation;
mod retry;

pub use builder::{Client, ClientBuilder};
pub use call::Call;
pub use operation::Operation;
pub use retry::Retry;
