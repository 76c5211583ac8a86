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

#[cfg(all(test, target_arch = "wasm32"))]
#[allow(clippy::unwrap_used)] // clippy sees only a plain cfg(test) as test code
mod tests {
    use js_sys::JSON;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::envelope::read_response;
    use crate::{Problem, ProblemCode};

    fn json(value: &JsValue) -> Option<String> {
        JSON::stringify(value).ok().map(String::from)
    }

    #[wasm_bindgen_test]
    fn results_are_plain_objects_with_null_for_what_is_missing() {
        let full: envelope::Published = read_response(
            200,
            br#"{"success": true, "message_id": "3EB0", "timestamp": "t", "status_type": "video"}"#,
        )
        .unwrap();
        assert_eq!(
            json(&to_value(&Published::from(full))).as_deref(),
            Some(r#"{"messageId":"3EB0","timestamp":"t","statusType":"video"}"#)
        );
        let bare: envelope::Published = read_response(200, br#"{"success": true}"#).unwrap();
        assert_eq!(
            json(&to_value(&Published::from(bare))).as_deref(),
            Some(r#"{"messageId":"","timestamp":"","statusType":null}"#)
        );
        let echoed: envelope::PrivacyUpdated = read_response(
            200,
            br#"{"success": true, "type": "whitelist", "list": ["1@s.whatsapp.net"]}"#,
        )
        .unwrap();
        assert_eq!(
            json(&to_value(&PrivacyUpdated::from(echoed))).as_deref(),
            Some(r#"{"type":"whitelist","list":["1@s.whatsapp.net"]}"#)
        );
        let silent: envelope::PrivacyUpdated = read_response(200, br#"{"success": true}"#).unwrap();
        assert_eq!(
            json(&to_value(&PrivacyUpdated::from(silent))).as_deref(),
            Some(r#"{"type":null,"list":[]}"#)
        );
    }

    #[wasm_bindgen_test]
    fn problems_and_limits_keep_their_wire_names() {
        let problems = [Problem::new("list[2]", ProblemCode::TooLong, "is long")];
        assert_eq!(
            json(&to_value(&problems[..])).as_deref(),
            Some(r#"[{"field":"list[2]","code":"too_long","message":"is long"}]"#)
        );
        let limits = ContractLimits {
            max_text_chars: 700,
            max_caption_chars: 1024,
            max_privacy_entries: 10_000,
            max_image_bytes: 5.0 * 1024.0 * 1024.0,
            max_video_bytes: 16.0 * 1024.0 * 1024.0,
            fonts: vec![0, 1],
        };
        assert_eq!(
            json(&to_value(&limits)).as_deref(),
            Some(
                r#"{"maxTextChars":700,"maxCaptionChars":1024,"maxPrivacyEntries":10000,"maxImageBytes":5242880,"maxVideoBytes":16777216,"fonts":[0,1]}"#
            )
        );
    }
}
