//! `MediaStatus`: the builder of `POST /status/media`, from base64, a data URL, a URL or bytes,
//! and the checks behind `MediaStatus.fromBlob`, which `js/index.js` adds to it: reading a
//! `Blob` takes promises, which the wasm leaves to JavaScript.
//!
//! A status made from a file's bytes keeps them as a JavaScript `Uint8Array`: the wasm reads
//! their first bytes (`limits().headBytes`) and their length, which is all the media rules
//! look at, and never copies the file into its memory. Its body holds the base64 of those first
//! bytes as `data`, so the rules see the file's own head whenever the status is checked again
//! (a caption set later); the client sends the bytes themselves (`inlineFile`), encoded in
//! slices by `js/runtime.js`, and `toJSON()` encodes them whole.

use js_sys::{Array, Function, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use super::error::{invalid, to_js};
use super::js_body::JsBody;
use super::review::judge_file;
use super::types::MediaOptions;
use crate::message::msg;
use crate::problem::{ProblemCode, Problems};
use crate::rules::{base64, sniff::SNIFF_LEN};
use crate::{Limits, MediaStatus as Request};

/// The option names of the media constructors, as JavaScript spells them and as the wire does.
const OPTIONS: [(&str, &str); 3] = [
    ("caption", "caption"),
    ("mimeType", "mime_type"),
    ("mediaType", "media_type"),
];

/// An image or video status, sent inline as base64 or as a URL the backend downloads.
#[wasm_bindgen]
pub struct MediaStatus {
    body: JsBody,
    /// The file's bytes, for a status made from them; `data` in `body` is then the base64 of
    /// their first bytes only.
    file: Option<Uint8Array>,
}

#[wasm_bindgen]
impl MediaStatus {
    /// Inline media: standard padded base64 of the file, and its mime type.
    #[wasm_bindgen(js_name = fromBase64)]
    pub fn from_base64(
        #[wasm_bindgen(unchecked_param_type = "string")] data: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] mime_type: JsValue,
        options: Option<MediaOptions>,
    ) -> MediaStatus {
        let body = JsBody::new();
        body.set("data", &data);
        body.set("mime_type", &mime_type);
        Self::with(body, options)
    }

    /// Inline media from a `data:<mime type>;base64,<data>` URL. Throws a `WutsError` when
    /// the text is not a base64 data URL.
    #[wasm_bindgen(js_name = fromDataUrl)]
    pub fn from_data_url(
        data_url: &str,
        options: Option<MediaOptions>,
    ) -> Result<MediaStatus, JsValue> {
        let request = Request::from_data_url(data_url).map_err(to_js)?;
        Ok(Self::with(JsBody::of(request.as_given()), options))
    }

    /// Media the backend downloads from an `http(s)` URL; give `mimeType` or `mediaType` too.
    #[wasm_bindgen(js_name = fromUrl)]
    pub fn from_url(
        #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
        options: Option<MediaOptions>,
    ) -> MediaStatus {
        let body = JsBody::new();
        body.set("url", &url);
        Self::with(body, options)
    }

    /// Inline media from a file's bytes: the type is sniffed from them. Throws a `WutsError`
    /// unless the result can be sent. The status keeps a copy of the bytes, encoded when sent.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
        options: Option<MediaOptions>,
    ) -> Result<MediaStatus, JsValue> {
        if !bytes.is_instance_of::<Uint8Array>() {
            let err = invalid("data", ProblemCode::WrongType, "must be a Uint8Array");
            return Err(to_js(err));
        }
        // A copy (`new Uint8Array(bytes)`), so what was checked is what is sent.
        Self::ready(Uint8Array::new(&bytes), options).map_err(to_js)
    }

    /// For `WutsClient.publishMedia`: the body as checked (its `data` the base64 of the
    /// file's first bytes) and the file's bytes, or `undefined` for a status not made from bytes.
    #[wasm_bindgen(getter = inlineFile, skip_typescript)]
    pub fn inline_file(&self) -> JsValue {
        self.file.as_ref().map_or(JsValue::UNDEFINED, |file| {
            Array::of2(self.body.as_ref(), file).into()
        })
    }

    /// Sets the caption, at most 1,024 characters.
    #[wasm_bindgen(js_name = caption)]
    pub fn caption(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] caption: JsValue,
    ) -> MediaStatus {
        self.set("caption", &caption)
    }

    /// Sets the mime type: `image/jpeg`, `image/png`, `image/webp`, `video/mp4` or `video/3gpp`.
    #[wasm_bindgen(js_name = mimeType)]
    pub fn mime_type(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] mime_type: JsValue,
    ) -> MediaStatus {
        self.set("mime_type", &mime_type)
    }

    /// Sets `image` or `video`; inferred from the mime type when not set.
    #[wasm_bindgen(js_name = mediaType)]
    pub fn media_type(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MediaType")] media_type: JsValue,
    ) -> MediaStatus {
        self.set("media_type", &media_type)
    }

    /// Every problem with this status; `[]` when it can be sent.
    #[wasm_bindgen(js_name = validate, unchecked_return_type = "Problem[]")]
    pub fn validate(&self) -> JsValue {
        self.body.problems::<Request>()
    }

    /// The exact wire body (normalized when valid); `JSON.stringify` calls it.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "MediaStatusBody")]
    pub fn to_json(&self) -> JsValue {
        let body = self.body.to_js::<Request>();
        if let Some(file) = &self.file {
            // Setting a data property on a plain object cannot fail.
            let _ = Reflect::set(&body, &JsValue::from_str("data"), &to_base64(file));
        }
        body
    }
}

impl MediaStatus {
    fn with(body: JsBody, options: Option<MediaOptions>) -> Self {
        if let Some(options) = options {
            body.set_options(&options, &OPTIONS);
        }
        Self { body, file: None }
    }

    fn set(&self, key: &str, value: &JsValue) -> Self {
        self.body.set(key, value);
        Self {
            body: self.body.clone(),
            file: self.file.clone(),
        }
    }

    /// A builder from a file's bytes that passed every rule, or every reason why not: the rules
    /// read the type from the first bytes and the size from the length.
    fn ready(bytes: Uint8Array, options: Option<MediaOptions>) -> Result<Self, Problems> {
        let head = bytes.subarray(0, SNIFF_LEN as u32).to_vec();
        let (_, too_large) = judge_file(&head, f64::from(bytes.length()), &Limits::default());
        let mut status = Self::with(JsBody::of(Request::from_bytes(&head)?.as_given()), options);
        let mut problems = Problems::from(too_large);
        // Only a builder that can be sent is handed out; its problems reject instead.
        problems.extend(status.body.check::<Request>().err().into_iter().flatten());
        status.file = Some(bytes);
        problems.into_result(status)
    }
}

/// Standard padded base64 of `bytes`: the engine's `Uint8Array.prototype.toBase64` where it
/// has one, else the wasm's encoder.
pub(crate) fn to_base64(bytes: &Uint8Array) -> JsValue {
    match Reflect::get(bytes, &JsValue::from_str("toBase64")) {
        Ok(native) if native.is_function() => native
            .unchecked_ref::<Function>()
            .call0(bytes)
            .unwrap_or(JsValue::UNDEFINED),
        _ => base64::encode(&bytes.to_vec()).into(),
    }
}

/// Refuses a file by its first bytes (`limits().headBytes`: every signature and an MP4's
/// brands) and its size, before the rest is read: throws the `WutsError` for a file of no
/// accepted type, or too large.
/// `MediaStatus.fromBlob` (in `js/index.js`) calls it, then [`file_status`] with the whole
/// file.
#[wasm_bindgen(js_name = checkFile, skip_typescript)]
pub fn check_file(head: &[u8], size: f64) -> Result<(), JsValue> {
    let (_, problems) = judge_file(head, size, &Limits::default());
    Problems::from(problems).into_result(()).map_err(to_js)
}

/// The end of `MediaStatus.fromBlob` (in `js/index.js`): [`MediaStatus::from_bytes`] keeping
/// `bytes` themselves, which it has just read from the file and nothing else holds, rather
/// than a copy.
#[wasm_bindgen(js_name = fileStatus, skip_typescript)]
pub fn file_status(
    bytes: Uint8Array,
    options: Option<MediaOptions>,
) -> Result<MediaStatus, JsValue> {
    MediaStatus::ready(bytes, options).map_err(to_js)
}

/// The `WutsError` for what `MediaStatus.fromBlob` cannot read: a value that is not a `Blob`
/// (no `detail`), or a `Blob` whose reading failed with `detail`.
#[wasm_bindgen(js_name = fileError, skip_typescript)]
pub fn file_error(detail: Option<String>) -> JsValue {
    let err = match detail {
        None => invalid(
            "data",
            ProblemCode::WrongType,
            "must be a Blob or a File (use fromBytes for a Uint8Array)",
        ),
        Some(detail) => invalid(
            "data",
            ProblemCode::Invalid,
            msg!("could not be read: ", detail),
        ),
    };
    to_js(err)
}
