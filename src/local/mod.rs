//! `wuts-local`: a WUTS backend on your machine, for development, tests, demos and benchmarks.
//!
//! It speaks the contract as the real backend does: the same auth rule, the same body rules
//! (this crate's own), the documented success bodies and both error envelope shapes with the
//! HTTP statuses of [`ApiCode::http_status`](crate::ApiCode::http_status). It keeps what was published in memory and
//! can be told to fail. Run it as a binary (`cargo run --features local --bin wuts-local`) or
//! in-process with [`LocalServer`].
//!
//! # The API
//! `POST /status/text`, `POST /status/media` and `PUT /status/privacy`, with
//! `Authorization: Bearer <UUID v4>`. Each request goes through, in order:
//! 1. auth: no bearer token or not a UUID v4 is `401 unauthorized` (with `WWW-Authenticate`);
//! 2. the fault queue (below);
//! 3. the body: over [`Limits::max_body_bytes`](crate::Limits::max_body_bytes) is
//!    `413 payload_too_large`; not JSON is `400` in the flat shape (`VALIDATION_ERROR`,
//!    "validation failed"), as the backend answers; JSON that breaks a rule is
//!    `400 invalid_request` listing every problem in `error.details`.
//!
//! A valid status is stored and answered with
//! `{"success":true,"message_id":"3EB0…","timestamp":"…+00:00","status_type":"text"}`
//! (`image` or `video` for media); a privacy rule replaces the token's previous one and is
//! answered with `{"success":true,"type":…,"list":[…]}`, the list normalized to JIDs. Unknown
//! paths are `404 not_found`, wrong methods `405 method_not_allowed` with `Allow`. Every answer
//! is JSON (except the `non_json` fault), carries an `X-Request-Id` (the caller's, when it is
//! plain text of at most 128 characters) and CORS headers allowing any origin, and `OPTIONS`
//! answers a preflight with `204`. Tokens are stored in lower case.
//!
//! # Control endpoints (no auth)
//! - `GET /_local/published[?token=T]`: `{"items":[{"seq","token","kind","body","message_id",
//!   "timestamp","request_id"}]}`, oldest first (the newest 100,000 are kept, see
//!   [`Options::max_published`]); `kind` is `text`, `media` or `privacy`, `body`
//!   the normalized request, `message_id` `null` for privacy.
//! - `GET /_local/privacy[?token=T]`: `{"items":[{"token","type","list"}]}`.
//! - `POST /_local/faults` with `{"fault": F, "count": 1, "delay_ms": 0, "shape": "nested" |
//!   "flat", "path": "/status/text"}` queues a failure for the next `count` API requests that
//!   pass auth (only those to `path`, when given). `F` is a documented code (`invalid_request`,
//!   `VALIDATION_ERROR`, `device_error`, `status_failed`, `device_disconnected`,
//!   `status_timeout`: the backend's message, nested shape except `VALIDATION_ERROR`, which is
//!   flat unless `shape` says otherwise), `non_json` (`502` with an HTML body), `delay` (wait
//!   `delay_ms`, required, then handle the request normally, so it is published) or `drop`
//!   (close the connection with no answer). With another fault, `delay_ms` waits before failing.
//!   A failed request publishes nothing. Faults are used in the order queued; the answer, like
//!   `GET /_local/faults`, is `{"pending":[…]}`.
//! - `POST /_local/reset` forgets records, privacy rules and faults;
//!   `GET /_local/healthz` is `{"ok":true}`.
//!
//! # In tests
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use wuts_status::local::{LocalServer, Options};
//!
//! let server = LocalServer::start("127.0.0.1:0", Options::default()).await?;
//! let base_url = server.url(); // http://127.0.0.1:PORT
//! # let _ = base_url;
//! server.shutdown().await
//! # }
//! ```

mod api;
mod cli;
mod control;
mod faults;
mod limited_read;
mod reply;
mod routes;
mod server;
mod stamp;
mod store;

pub use cli::{Command, DEFAULT_PORT, USAGE};
pub use server::{serve, serve_until, terminated, LocalServer};

use crate::rules::limits::Limits;

/// How a server behaves. Build with [`Options::default`] and the setters.
#[derive(Debug, Clone)]
#[must_use]
pub struct Options {
    log: bool,
    limits: Limits,
    max_published: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            log: false,
            limits: Limits::default(),
            max_published: 100_000,
        }
    }
}

impl Options {
    /// Print one line per request to stdout (method, path, status, time, request id; never
    /// the token). Off by default, so logging never slows a benchmark.
    pub fn log(mut self, on: bool) -> Self {
        self.log = on;
        self
    }

    /// The limits bodies are checked against; [`Limits::default`] unless set. The body size
    /// limit follows from them.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// How many records `/_local/published` keeps before dropping the oldest (default
    /// 100,000), so a long benchmark does not grow memory without end. The oldest are also
    /// dropped once the stored bodies pass 256 MiB, which only inline media reaches.
    pub fn max_published(mut self, records: usize) -> Self {
        self.max_published = records;
        self
    }
}
