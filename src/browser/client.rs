//! `WutsClient`: sends the three requests with `fetch` and resolves with plain objects.

use std::rc::Rc;

use js_sys::Promise;
use serde::de::DeserializeOwned;
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::body::{from_js, parse_json};
use super::error::to_js;
use super::fetch::{self, Exchange};
use super::options::{CallOptions, Config};
use super::types::{RequestOptions, WutsClientOptions};
use crate::{
    read_response, Error, Limits, MediaStatus, PrivacyUpdated, Published, StatusPrivacy,
    StatusRequest, TextStatus,
};

/// A client of the WUTS status API. Every method rejects with a `WutsError`; a request that
/// fails validation is not sent.
#[wasm_bindgen]
pub struct WutsClient {
    config: Rc<Config>,
}

#[wasm_bindgen]
impl WutsClient {
    /// A client for `{ baseUrl, token, timeoutMs, retry }`. Throws a `WutsError` when an
    /// option is missing or wrong (the token must be a UUID v4).
    #[wasm_bindgen(constructor)]
    pub fn new(options: WutsClientOptions) -> Result<WutsClient, JsValue> {
        let config = Config::read(&options).map_err(|e| to_js(&e, None))?;
        Ok(Self {
            config: Rc::new(config),
        })
    }

    /// Publishes a text status (`POST /status/text`). Never retried: a repeat would publish
    /// twice.
    #[wasm_bindgen(js_name = publishText, unchecked_return_type = "Promise<Published>")]
    pub fn publish_text(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TextStatus | TextStatusBody")] status: JsValue,
        options: Option<RequestOptions>,
    ) -> Promise {
        self.call::<TextStatus, Published>(status, options, false, published)
    }

    /// Publishes an image or video status (`POST /status/media`). Never retried.
    #[wasm_bindgen(js_name = publishMedia, unchecked_return_type = "Promise<Published>")]
    pub fn publish_media(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MediaStatus | MediaStatusBody")] status: JsValue,
        options: Option<RequestOptions>,
    ) -> Promise {
        self.call::<MediaStatus, Published>(status, options, false, published)
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
        self.call::<StatusPrivacy, PrivacyUpdated>(privacy, options, true, privacy_updated)
    }
}

impl WutsClient {
    fn call<R, T>(
        &self,
        input: JsValue,
        options: Option<RequestOptions>,
        idempotent: bool,
        result: fn(T) -> JsValue,
    ) -> Promise
    where
        R: StatusRequest + 'static,
        T: DeserializeOwned + 'static,
    {
        let config = Rc::clone(&self.config);
        future_to_promise(async move {
            let options = options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
            send::<R, T>(&config, &input, &options, idempotent)
                .await
                .map(result)
                .map_err(|(err, request_id)| to_js(&err, request_id))
        })
    }
}

/// Validates `input` (a builder, through its `toJSON`, or a plain wire body), then sends it,
/// retrying only when `idempotent`. A failure comes with the request id of its answer.
async fn send<R: StatusRequest, T: DeserializeOwned>(
    config: &Config,
    input: &JsValue,
    options: &JsValue,
    idempotent: bool,
) -> Result<T, (Error, Option<String>)> {
    let call = CallOptions::read(options).map_err(|e| (e, None))?;
    let request = R::from_json(&from_js(input), &Limits::default()).map_err(|e| (e, None))?;
    let url = format!("{}{}", config.base_url, R::PATH);
    let authorization = config.token.authorization();
    let body = request.to_json();
    let exchange = Exchange {
        method: R::METHOD,
        url: &url,
        authorization: &authorization,
        body: &body,
        signal: call.signal.as_ref(),
        timeout_ms: call.timeout_ms.unwrap_or(config.timeout_ms),
    };
    let retry = config.retry.as_ref().filter(|_| idempotent);
    let mut attempt = 0;
    loop {
        let (err, request_id) = match fetch::send(&exchange).await {
            Ok(answer) => match read_response::<T>(answer.status, &answer.body) {
                Ok(value) => return Ok(value),
                Err(err) => (err, answer.request_id),
            },
            Err(err) => (err, None),
        };
        match retry.and_then(|retry| retry.delay(attempt, &err)) {
            Some(ms) => {
                fetch::sleep(ms).await;
                attempt += 1;
            }
            None => return Err((err, request_id)),
        }
    }
}

fn published(published: Published) -> JsValue {
    let object = json!({
        "messageId": published.message_id,
        "timestamp": published.timestamp,
        "statusType": published.status_type,
    });
    parse_json(&object.to_string())
}

fn privacy_updated(updated: PrivacyUpdated) -> JsValue {
    let object = json!({ "type": updated.audience, "list": updated.list });
    parse_json(&object.to_string())
}
