//! The three endpoints of the WUTS status API: auth, injected faults, body rules, publishing.

use std::time::Duration;

use hyper::body::Incoming;
use hyper::header::AUTHORIZATION;
use hyper::Request;
use serde::Serialize;

use super::faults::Fault;
use super::limited_read;
use super::reply::{self, Reply};
use super::routes::Dropped;
use super::server::State;
use super::stamp;
use super::store::{Kind, Record};
use crate::bearer::Token;
use crate::envelope::{self, StatusType};
use crate::request::{MediaStatus, StatusPrivacy, StatusRequest, TextStatus};
use crate::rules::media::MediaType;

/// `POST /status/text`.
pub(crate) async fn text(
    state: &State,
    request: Request<Incoming>,
    request_id: &str,
) -> Result<Reply, Dropped> {
    let key = idempotency_key(&request);
    let (token, status) = match admit::<TextStatus>(state, request).await? {
        Admitted::Valid(token, status) => (token, status),
        Admitted::Answered(reply) => return Ok(reply),
    };
    Ok(publish(
        state,
        token,
        Kind::Text,
        status.to_json(),
        StatusType::Text,
        request_id,
        key,
    ))
}

/// `POST /status/media`.
pub(crate) async fn media(
    state: &State,
    request: Request<Incoming>,
    request_id: &str,
) -> Result<Reply, Dropped> {
    let key = idempotency_key(&request);
    let (token, status) = match admit::<MediaStatus>(state, request).await? {
        Admitted::Valid(token, status) => (token, status),
        Admitted::Answered(reply) => return Ok(reply),
    };
    let status_type = match status.media_type() {
        MediaType::Video => StatusType::Video,
        MediaType::Image => StatusType::Image,
    };
    Ok(publish(
        state,
        token,
        Kind::Media,
        status.to_json(),
        status_type,
        request_id,
        key,
    ))
}

/// `PUT /status/privacy`: replaces the token's rule and answers with it.
pub(crate) async fn privacy(
    state: &State,
    request: Request<Incoming>,
    request_id: &str,
) -> Result<Reply, Dropped> {
    let (token, rule) = match admit::<StatusPrivacy>(state, request).await? {
        Admitted::Valid(token, rule) => (token, rule),
        Admitted::Answered(reply) => return Ok(reply),
    };
    let audience = rule.audience().as_str();
    let answer = to_json(&PrivacyBody {
        success: true,
        audience,
        list: rule.list(),
    });
    let record = Record {
        body: rule.to_json(),
        kind: Kind::Privacy,
        message_id: None,
        timestamp: stamp::timestamp_with_offset(),
        request_id: request_id.to_owned(),
        idempotency_key: None,
        token,
    };
    {
        let mut store = state.store();
        store.set_privacy(&record.token, audience, rule.list());
        store.publish(record);
    }
    Ok(reply::json(200, answer))
}

/// How far a request got: a valid body and its token, or an answer already.
enum Admitted<R> {
    Valid(String, R),
    Answered(Reply),
}

/// Runs a request through auth, then the fault queue, then the body rules, in that order.
async fn admit<R: StatusRequest>(
    state: &State,
    request: Request<Incoming>,
) -> Result<Admitted<R>, Dropped> {
    let limit = state.options.limits.max_body_bytes();
    let (parts, incoming) = request.into_parts();
    let header = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let token = match Token::from_authorization(header) {
        Ok(token) => token.expose().to_ascii_lowercase(),
        Err(err) => return Ok(Admitted::Answered(reply::unauthorized(err.message()))),
    };

    let taken = state.faults().take(R::PATH);
    if let Some(taken) = taken {
        if taken.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(taken.delay_ms)).await;
        }
        if taken.fault != Fault::Delay {
            // Read the body first so the answer, or the close, is not a reset.
            limited_read::discard(incoming, limit).await;
            return match taken.fault.answer() {
                Some(answer) => Ok(Admitted::Answered(answer)),
                None => Err(Dropped),
            };
        }
    }

    let bytes = match limited_read::read(incoming, limit).await? {
        Ok(bytes) => bytes,
        Err(too_large) => return Ok(Admitted::Answered(too_large)),
    };
    // Not JSON at all is the backend's own flat `VALIDATION_ERROR`; JSON that breaks the rules
    // is `invalid_request` with every problem listed.
    let Ok(value) = serde_json::from_slice::<serde_json_borrow::Value>(&bytes) else {
        let body = envelope::flat_error_body(
            envelope::ApiCode::ValidationError,
            "validation failed",
            &stamp::timestamp_utc(),
        );
        return Ok(Admitted::Answered(reply::json(400, body)));
    };
    match R::from_json(&value, &state.options.limits) {
        Ok(valid) => Ok(Admitted::Valid(token, valid)),
        Err(problems) => Ok(Admitted::Answered(reply::json(
            400,
            envelope::validation_error_body(&problems),
        ))),
    }
}

/// The request's `Idempotency-Key`, as sent.
fn idempotency_key(request: &Request<Incoming>) -> Option<String> {
    let value = request.headers().get("idempotency-key")?;
    value.to_str().ok().map(str::to_owned)
}

/// Stores a published status and answers with the documented success body.
fn publish(
    state: &State,
    token: String,
    kind: Kind,
    body: String,
    status_type: StatusType,
    request_id: &str,
    idempotency_key: Option<String>,
) -> Reply {
    let message_id = state.stamps.message_id();
    let timestamp = stamp::timestamp_with_offset();
    let answer = to_json(&PublishedBody {
        success: true,
        message_id: &message_id,
        timestamp: &timestamp,
        status_type,
    });
    state.store().publish(Record {
        token,
        kind,
        body,
        message_id: Some(message_id),
        timestamp,
        request_id: request_id.to_owned(),
        idempotency_key,
    });
    reply::json(200, answer)
}

/// The documented success body of a publish, fields in the documented order.
#[derive(Serialize)]
struct PublishedBody<'a> {
    success: bool,
    message_id: &'a str,
    timestamp: &'a str,
    status_type: StatusType,
}

/// The success body of a privacy update.
#[derive(Serialize)]
struct PrivacyBody<'a> {
    success: bool,
    #[serde(rename = "type")]
    audience: &'a str,
    list: &'a [String],
}

fn to_json<T: Serialize>(body: &T) -> String {
    // Strings, booleans and enums only: serializing cannot fail.
    serde_json::to_string(body).unwrap_or_default()
}
