//! Which path and method go where, and what every request goes through on the way.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;
use std::time::Instant;

use hyper::body::Incoming;
use hyper::{Method, Request};

use super::reply::{self, Reply, X_REQUEST_ID};
use super::server::State;
use super::{api, control};
use crate::envelope::ApiCode;
use crate::request::{MediaStatus, StatusPrivacy, StatusRequest, TextStatus};
use crate::rules::request_id::check_request_id;

/// The error a request ends with when its connection must be closed with no answer: hyper
/// drops the connection when a service fails.
#[derive(Debug)]
pub(crate) struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

/// Every path the server knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Text,
    Media,
    Privacy,
    Published,
    PrivacyRules,
    Faults,
    Reset,
    Healthz,
}

impl Route {
    fn of(path: &str) -> Option<Self> {
        Some(match path {
            TextStatus::PATH => Self::Text,
            MediaStatus::PATH => Self::Media,
            StatusPrivacy::PATH => Self::Privacy,
            "/_local/published" => Self::Published,
            "/_local/privacy" => Self::PrivacyRules,
            "/_local/faults" => Self::Faults,
            "/_local/reset" => Self::Reset,
            "/_local/healthz" => Self::Healthz,
            _ => return None,
        })
    }

    /// The `Allow` header value for this path.
    const fn allow(self) -> &'static str {
        match self {
            Self::Text | Self::Media | Self::Reset => "POST, OPTIONS",
            Self::Privacy => "PUT, OPTIONS",
            Self::Published | Self::PrivacyRules | Self::Healthz => "GET, OPTIONS",
            Self::Faults => "GET, POST, OPTIONS",
        }
    }
}

/// The service: routes `request`, then adds the headers every answer carries.
pub(crate) async fn handle(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Reply, Dropped> {
    let started = state.options.log.then(|| {
        (
            Instant::now(),
            request.method().clone(),
            request.uri().path().to_owned(),
        )
    });
    let request_id = match request
        .headers()
        .get(X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
    {
        Some(id) if check_request_id("x-request-id", id).is_ok() => id.to_owned(),
        _ => state.stamps.request_id(),
    };
    let result = route(&state, request, &request_id).await;
    if let Some((at, method, path)) = started {
        let outcome = match &result {
            Ok(reply) => reply.status().as_u16().to_string(),
            Err(_) => "dropped".to_owned(),
        };
        // Never the token: a log line names the request, not who sent it.
        let _ = writeln!(
            io::stdout().lock(),
            "{method} {path} {outcome} {:.1}ms {request_id}",
            at.elapsed().as_secs_f64() * 1000.0
        );
    }
    let mut reply = result?;
    reply::finish(&mut reply, &request_id);
    Ok(reply)
}

async fn route(
    state: &State,
    request: Request<Incoming>,
    request_id: &str,
) -> Result<Reply, Dropped> {
    let path = request.uri().path();
    let Some(route) = Route::of(path) else {
        let message = if path.starts_with("/_local/") {
            "no such control endpoint: they are GET /_local/published, GET /_local/privacy, \
             GET and POST /_local/faults, POST /_local/reset and GET /_local/healthz"
        } else {
            "no such endpoint: the API is POST /status/text, POST /status/media and \
             PUT /status/privacy"
        };
        return Ok(reply::error(ApiCode::NotFound, message));
    };
    let method = request.method();
    if method == Method::OPTIONS {
        return Ok(reply::preflight());
    }
    let allowed = match route {
        Route::Text | Route::Media | Route::Reset => method == Method::POST,
        Route::Privacy => method == Method::PUT,
        Route::Published | Route::PrivacyRules | Route::Healthz => method == Method::GET,
        Route::Faults => method == Method::GET || method == Method::POST,
    };
    if !allowed {
        return Ok(reply::method_not_allowed(route.allow(), path));
    }
    match route {
        Route::Text => api::text(state, request, request_id).await,
        Route::Media => api::media(state, request, request_id).await,
        Route::Privacy => api::privacy(state, request, request_id).await,
        Route::Published => Ok(control::published(state, &request)),
        Route::PrivacyRules => Ok(control::privacy(state, &request)),
        Route::Faults if request.method() == Method::GET => Ok(control::faults(state)),
        Route::Faults => Ok(control::add_fault(state, request).await),
        Route::Reset => Ok(control::reset(state)),
        Route::Healthz => Ok(reply::json(200, r#"{"ok":true}"#)),
    }
}
