//! The control endpoints under `/_local/`: what was published, the fault queue, reset.
//! They need no token: they exist for tests and demos on the same machine.

use hyper::body::Incoming;
use hyper::Request;

use super::faults::Pending;
use super::limited_read;
use super::reply::{self, Reply};
use super::server::State;
use crate::envelope::ApiCode;

/// Largest control request body; a fault is a few dozen bytes.
const MAX_CONTROL_BODY: usize = 64 * 1024;

/// `GET /_local/published[?token=...]`.
pub(crate) fn published<B>(state: &State, request: &Request<B>) -> Reply {
    match token_filter(request) {
        Ok(token) => ok(state.store().published(token)),
        Err(message) => reply::error(ApiCode::InvalidRequest, &message),
    }
}

/// `GET /_local/privacy[?token=...]`: the privacy rule in force for each token.
pub(crate) fn privacy<B>(state: &State, request: &Request<B>) -> Reply {
    match token_filter(request) {
        Ok(token) => ok(state.store().privacy(token)),
        Err(message) => reply::error(ApiCode::InvalidRequest, &message),
    }
}

/// `GET /_local/faults`: the faults not yet used up.
pub(crate) fn faults(state: &State) -> Reply {
    ok(state.faults().to_json())
}

/// `POST /_local/faults`: queues a fault and answers with the queue.
pub(crate) async fn add_fault(state: &State, request: Request<Incoming>) -> Reply {
    let bytes = match limited_read::read(request.into_body(), MAX_CONTROL_BODY).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(too_large)) => return too_large,
        // The client is gone; whatever is answered goes nowhere.
        Err(_) => return reply::error(ApiCode::InvalidRequest, "the body could not be read"),
    };
    match Pending::from_json(&bytes) {
        Ok(pending) => {
            let mut faults = state.faults();
            faults.push(pending);
            ok(faults.to_json())
        }
        Err(message) => reply::error(ApiCode::InvalidRequest, &message),
    }
}

/// `POST /_local/reset`: forgets what was published, every privacy rule and every fault.
pub(crate) fn reset(state: &State) -> Reply {
    state.store().clear();
    state.faults().clear();
    reply::json(200, r#"{"ok":true}"#)
}

fn ok(body: String) -> Reply {
    reply::json(200, body)
}

/// The `token` query parameter, if any. Unknown parameters are refused rather than ignored, so
/// a misspelt filter does not silently list everything.
fn token_filter<B>(request: &Request<B>) -> Result<Option<&str>, String> {
    let mut token = None;
    for pair in request.uri().query().unwrap_or_default().split('&') {
        match pair.split_once('=') {
            _ if pair.is_empty() => {}
            Some(("token", value)) => token = Some(value),
            _ => {
                return Err(format!(
                    "unknown query parameter {pair:?}: the only filter is token=<token>"
                ))
            }
        }
    }
    Ok(token)
}
