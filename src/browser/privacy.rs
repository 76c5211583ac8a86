//! `StatusPrivacy`: the builder of `PUT /status/privacy`.

use wasm_bindgen::prelude::*;

use super::js_body::JsBody;
use crate::StatusPrivacy as Request;
use crate::StatusPrivacyBuilder;

/// Who may see statuses: all contacts, only a list, or all but a list. List entries are phone
/// numbers or user JIDs; they are sent as de-duplicated JIDs.
#[wasm_bindgen]
pub struct StatusPrivacy {
    body: JsBody,
}

#[wasm_bindgen]
impl StatusPrivacy {
    /// All contacts may see statuses.
    #[wasm_bindgen(js_name = contacts)]
    pub fn contacts() -> StatusPrivacy {
        Self {
            body: JsBody::of(Request::contacts().as_given()),
        }
    }

    /// Only the listed contacts may see statuses.
    #[wasm_bindgen(js_name = whitelist)]
    pub fn whitelist(
        #[wasm_bindgen(unchecked_param_type = "string[]")] list: JsValue,
    ) -> StatusPrivacy {
        Self::listing(Request::whitelist(Vec::<String>::new()), &list)
    }

    /// All contacts except the listed ones may see statuses.
    #[wasm_bindgen(js_name = blacklist)]
    pub fn blacklist(
        #[wasm_bindgen(unchecked_param_type = "string[]")] list: JsValue,
    ) -> StatusPrivacy {
        Self::listing(Request::blacklist(Vec::<String>::new()), &list)
    }

    /// Every problem with this rule; `[]` when it can be sent.
    #[wasm_bindgen(js_name = validate, unchecked_return_type = "Problem[]")]
    pub fn validate(&self) -> JsValue {
        self.body.problems::<Request>()
    }

    /// The exact wire body (entries as JIDs when valid); `JSON.stringify` calls it.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "StatusPrivacyBody")]
    pub fn to_json(&self) -> JsValue {
        self.body.to_js::<Request>()
    }

    fn listing(rule: StatusPrivacyBuilder, list: &JsValue) -> StatusPrivacy {
        let body = JsBody::of(rule.as_given());
        body.set("list", list);
        Self { body }
    }
}
