//! `WutsClient`: sends the three requests, and the edge proxy's schedule calls, with `fetch`
//! and resolves with plain objects.

use js_sys::{Array, Object, Promise, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::error::{to_js, to_js_for};
use super::json::{from_js, parse_json};
use super::options::{CallOptions, ClientConfig, Retry};
use super::schedule::{read_schedules, schedule_body, schedule_path};
use super::transport::{self, Exchange, Reader};
use super::types::{RequestOptions, WutsClientOptions};
use super::values::to_plain;
use super::wire::{checked_body, WireBody};
use crate::message::msg;
use crate::{
    envelope::read_json, Error, MediaStatus, PrivacyUpdated, Published, StatusPrivacy, StatusType,
    TextStatus,
};

/// A client of the WUTS status API. Every method rejects with a `WutsError`; a request that
/// fails validation is not sent.
#[wasm_bindgen]
pub struct WutsClient {
    config: ClientConfig,
}

#[wasm_bindgen]
impl WutsClient {
    /// A client for `{ baseUrl, token, timeoutMs, retry }`. Throws a `WutsError` when an
    /// option is missing or wrong (the token must be a UUID v4).
    #[wasm_bindgen(constructor)]
    pub fn new(options: WutsClientOptions) -> Result<WutsClient, JsValue> {
        let config = ClientConfig::read(&options).map_err(to_js)?;
        Ok(Self { config })
    }

    /// Publishes a text status (`POST /status/text`) with an `Idempotency-Key`. Retried only
    /// with `retryPublish` (against a server that honours keys), always with the same key.
    #[wasm_bindgen(js_name = publishText, unchecked_return_type = "Promise<Published>")]
    pub fn publish_text(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TextStatus | TextStatusBody")] status: JsValue,
        options: Option<RequestOptions>,
    ) -> Promise {
        let keyed = self.config.retry_publish;
        self.call(
            prepare::<TextStatus>(from_js(&status), JsValue::UNDEFINED),
            options,
            Kind::Publish(keyed),
            published,
        )
    }

    /// Publishes an image or video status (`POST /status/media`), as `publishText`.
    #[wasm_bindgen(js_name = publishMedia, unchecked_return_type = "Promise<Published>")]
    pub fn publish_media(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MediaStatus | MediaStatusBody")] status: JsValue,
        options: Option<RequestOptions>,
    ) -> Promise {
        let keyed = self.config.retry_publish;
        let (json, data) = inline_file(&status);
        self.call(
            prepare::<MediaStatus>(json, data),
            options,
            Kind::Publish(keyed),
            published,
        )
    }

    /// Replaces who can see statuses (`PUT /status/privacy`). Idempotent, so network errors
    /// and HTTP 502, 503 and 504 are retried with backoff unless `retry: false`.
    #[wasm_bindgen(js_name = updatePrivacy, unchecked_return_type = "Promise<PrivacyUpdated>")]
    pub fn update_privacy(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StatusPrivacy | StatusPrivacyBody")]
        privacy: JsValue,
        options: Option<RequestOptions>,
    ) -> Promise {
        self.call(
            prepare::<StatusPrivacy>(from_js(&privacy), JsValue::UNDEFINED),
            options,
            Kind::Update,
            privacy_updated,
        )
    }

    /// Schedules a text or media status (`POST /schedules`, served by the edge proxy): the
    /// status is checked as `publishText` and `publishMedia` check it (problems named
    /// `status.<field>`), the time by the proxy. Sent with an `Idempotency-Key` and retried as a
    /// publish is.
    #[wasm_bindgen(js_name = createSchedule, unchecked_return_type = "Promise<Schedule>")]
    pub fn create_schedule(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ScheduleBody")] schedule: JsValue,
        options: Option<RequestOptions>,
    ) -> Promise {
        let keyed = self.config.retry_publish;
        let prepared = schedule_body(from_js(&schedule))
            .map(|body| Prepared::new("POST", "/schedules".into(), &body, JsValue::UNDEFINED))
            .map_err(Error::from);
        self.call(prepared, options, Kind::Publish(keyed), read_schedules)
    }

    /// The caller's schedules (`GET /schedules`), the active ones first, each with its last
    /// run. Retried like `updatePrivacy`.
    #[wasm_bindgen(js_name = listSchedules, unchecked_return_type = "Promise<Schedule[]>")]
    pub fn list_schedules(&self, options: Option<RequestOptions>) -> Promise {
        self.on_schedules("GET", None, options)
    }

    /// One schedule with its runs, newest first (`GET /schedules/{id}`). Retried like
    /// `updatePrivacy`.
    #[wasm_bindgen(js_name = getSchedule, unchecked_return_type = "Promise<Schedule>")]
    pub fn get_schedule(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<RequestOptions>,
    ) -> Promise {
        self.on_schedules("GET", Some(&id), options)
    }

    /// Cancels a schedule (`DELETE /schedules/{id}`) and resolves with it, `state`
    /// `cancelled` (an ended or cancelled one as it was). Retried like `updatePrivacy`.
    #[wasm_bindgen(js_name = cancelSchedule, unchecked_return_type = "Promise<Schedule>")]
    pub fn cancel_schedule(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<RequestOptions>,
    ) -> Promise {
        self.on_schedules("DELETE", Some(&id), options)
    }
}

/// A validated request, ready to send.
struct Prepared {
    method: &'static str,
    path: String,
    /// Empty for a request without a body.
    body: String,
    /// A file's bytes, sent base64-encoded as the body's `data`, which `body` then lacks;
    /// `undefined` when `body` is whole.
    data: JsValue,
}

/// Validates `json` (what [`from_js`] reads from a builder or a plain wire body) with the core.
/// With `data` (a media status's file, see [`inline_file`]) the body is sent without its
/// `data`, which `js/runtime.js` makes from the bytes.
fn prepare<R: WireBody>(json: JsValue, data: JsValue) -> Result<Prepared, Error> {
    let body = checked_body::<R>(json)?;
    Ok(Prepared::new(R::METHOD, R::PATH.into(), &body, data))
}

impl Prepared {
    fn new(method: &'static str, path: String, body: &JsValue, data: JsValue) -> Self {
        if !data.is_undefined() {
            // Deleting a data property of a plain object cannot fail.
            let _ = Reflect::delete_property(body.unchecked_ref::<Object>(), &"data".into());
        }
        // A plain object of strings, numbers and arrays: stringifying it cannot fail.
        let body = JSON::stringify(body).map_or_else(|_| String::new(), String::from);
        Self {
            method,
            path,
            body,
            data,
        }
    }

    /// A request without a body.
    fn read(method: &'static str, path: String) -> Self {
        Self {
            method,
            path,
            body: String::new(),
            data: JsValue::UNDEFINED,
        }
    }
}

/// A media status as JSON data and the bytes to send as its `data`: for a status made from a
/// file's bytes (`inlineFile`), its body as held (their first bytes stand for `data`, their
/// length was checked when it was made) and the bytes, which never go through JSON; for any
/// other, its `toJSON()` and `undefined`.
fn inline_file(input: &JsValue) -> (JsValue, JsValue) {
    match Reflect::get(input, &"inlineFile".into()) {
        Ok(file) if Array::is_array(&file) => {
            let file: Array = file.unchecked_into();
            (from_js(&file.get(0)), file.get(1))
        }
        _ => (from_js(input), JsValue::UNDEFINED),
    }
}

/// What kind of call: a publish or a schedule's creation (retried only with `retryPublish`,
/// the flag), or an idempotent one (the privacy update, reading and cancelling schedules).
#[derive(Clone, Copy)]
enum Kind {
    Publish(bool),
    Update,
}

impl WutsClient {
    /// `method` on the list of schedules, or on the one with `id`: idempotent, no body.
    fn on_schedules(
        &self,
        method: &'static str,
        id: Option<&JsValue>,
        options: Option<RequestOptions>,
    ) -> Promise {
        let prepared = match id {
            None => Ok(Prepared::read(method, "/schedules".into())),
            Some(id) => schedule_path(id).map(|path| Prepared::read(method, path)),
        };
        self.call(prepared, options, Kind::Update, read_schedules)
    }

    /// Sends `prepared` through `js/runtime.js`, retrying only what is safe to send again. The
    /// promise resolves with what `read` makes of the answer.
    fn call(
        &self,
        prepared: Result<Prepared, Error>,
        options: Option<RequestOptions>,
        kind: Kind,
        read: Reader,
    ) -> Promise {
        let idempotent = !matches!(kind, Kind::Publish(false));
        let options = options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
        let (prepared, mut call) = match (prepared, CallOptions::read(&options)) {
            (Ok(prepared), Ok(call)) => (prepared, call),
            (Err(err), _) | (_, Err(err)) => {
                return Promise::reject(&to_js_for(&err, None, idempotent))
            }
        };
        let config = &self.config;
        let exchange = Exchange { read, idempotent };
        let retry = if idempotent {
            config.retry
        } else {
            Retry::NONE
        };
        transport::send(
            exchange,
            &msg!(config.base_url, prepared.path),
            prepared.method,
            &config.token.authorization(),
            &prepared.body,
            &prepared.data,
            matches!(kind, Kind::Publish(_)),
            call.idempotency_key.take(),
            &call.signal,
            &call.progress,
            call.timeout_ms.unwrap_or(config.timeout_ms),
            retry.retries,
            retry.backoff_ms,
            retry.max_backoff_ms,
        )
    }
}

/// What `publishText` and `publishMedia` resolve with: `Published` in TypeScript.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PublishedJs {
    message_id: String,
    timestamp: String,
    status_type: Option<StatusType>,
}

fn published(status: u16, body: &str) -> Result<JsValue, Error> {
    let Published {
        message_id,
        timestamp,
        status_type,
    } = read_json(status, body, parse_json(body))?;
    Ok(to_plain(&PublishedJs {
        message_id,
        timestamp,
        status_type,
    }))
}

/// `{ type, list }`: `PrivacyUpdated` serializes as the TypeScript `PrivacyUpdated` declares.
fn privacy_updated(status: u16, body: &str) -> Result<JsValue, Error> {
    let updated: PrivacyUpdated = read_json(status, body, parse_json(body))?;
    Ok(to_plain(&updated))
}

/// A plain object with `fields`, for the values built field by field (the wire bodies, the
/// editor reviews).
pub(crate) fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        // Setting a data property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}
