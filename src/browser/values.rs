//! The values the package hands to JavaScript (results, problems, limits), as serde types: they
//! become plain objects through serde-wasm-bindgen, and their TypeScript declarations are
//! derived from them by tsify, so the two cannot drift.

use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::JsValue;

use crate::{envelope, Audience, StatusType};

/// `value` as a JavaScript value: structs become plain objects, `None` becomes `null` (as the
/// declarations say).
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    // Strings, small numbers, enums and lists of them: serializing cannot fail.
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// What `publishText` and `publishMedia` resolve with.
#[derive(Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Published {
    /// WhatsApp's id of the status; empty if the server sent none.
    message_id: String,
    /// RFC 3339; empty if the server sent none.
    timestamp: String,
    /// What was published; null if the server did not say.
    status_type: Option<StatusType>,
}

impl From<envelope::Published> for Published {
    fn from(published: envelope::Published) -> Self {
        Self {
            message_id: published.message_id,
            timestamp: published.timestamp,
            status_type: published.status_type,
        }
    }
}

/// What `updatePrivacy` resolves with: the rule the server echoed, when it did.
#[derive(Serialize, Tsify)]
#[tsify(missing_as_null)]
pub(crate) struct PrivacyUpdated {
    /// The rule now in force; null if the server did not echo it.
    #[serde(rename = "type")]
    audience: Option<Audience>,
    /// Its list (JIDs); empty if the server did not echo it.
    list: Vec<String>,
}

impl From<envelope::PrivacyUpdated> for PrivacyUpdated {
    fn from(updated: envelope::PrivacyUpdated) -> Self {
        Self {
            audience: updated.audience,
            list: updated.list,
        }
    }
}

/// The contract's limits, for counters and hints; validation applies them itself.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContractLimits {
    /// Longest text status, in Unicode scalar values.
    pub(crate) max_text_chars: u32,
    /// Longest media caption, in Unicode scalar values.
    pub(crate) max_caption_chars: u32,
    /// Most entries in a privacy list.
    pub(crate) max_privacy_entries: u32,
    /// Largest image, in bytes.
    pub(crate) max_image_bytes: f64,
    /// Largest video, in bytes.
    pub(crate) max_video_bytes: f64,
    /// WhatsApp's font ids for text statuses.
    pub(crate) fonts: Vec<u32>,
}
