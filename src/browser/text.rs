//! `TextStatus`: the builder of `POST /status/text`.

use wasm_bindgen::prelude::*;

use super::js_body::JsBody;
use crate::TextStatus as Request;

/// A text status: the text, and optionally a background colour and a font.
#[wasm_bindgen]
pub struct TextStatus {
    body: JsBody,
}

#[wasm_bindgen]
impl TextStatus {
    /// A text status; at most 700 characters, not only white space.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> TextStatus {
        let body = JsBody::new();
        body.set("text", &text);
        Self { body }
    }

    /// Sets the background colour, `#RRGGBB` or `#AARRGGBB`.
    #[wasm_bindgen(js_name = backgroundColor)]
    pub fn background_color(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] color: JsValue,
    ) -> TextStatus {
        self.body.set("background_color", &color);
        self.handle()
    }

    /// Sets the font: one of WhatsApp's font ids 0, 1, 2, 6, 7, 8, 9, 10.
    #[wasm_bindgen(js_name = font)]
    pub fn font(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] font: JsValue,
    ) -> TextStatus {
        self.body.set("font", &font);
        self.handle()
    }

    /// Every problem with this status; `[]` when it can be sent.
    #[wasm_bindgen(js_name = validate, unchecked_return_type = "Problem[]")]
    pub fn validate(&self) -> JsValue {
        self.body.problems::<Request>()
    }

    /// The exact wire body (normalized when valid); `JSON.stringify` calls it.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "TextStatusBody")]
    pub fn to_json(&self) -> JsValue {
        self.body.to_js::<Request>()
    }

    fn handle(&self) -> TextStatus {
        Self {
            body: self.body.clone(),
        }
    }
}
