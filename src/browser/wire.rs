//! A core request's wire body built as a JavaScript object, field by field in the order serde
//! writes them. `JSON.stringify` of it is the body `to_json` gives, without serde_json's
//! serializer in the npm package; a test compares the two.

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::client::object;
use crate::{Limits, MediaStatus, Problems, StatusPrivacy, StatusRequest, TextStatus};

/// A request whose wire body the package builds in JavaScript.
pub(crate) trait WireBody: StatusRequest {
    /// The wire body as a plain object.
    fn wire_body(&self) -> JsValue;
}

/// `json` read as an `R` by the core's rules: the normalized wire body, or every problem.
/// The publishes and `createSchedule` share it.
pub(crate) fn checked_body<R: WireBody>(json: JsValue) -> Result<JsValue, Problems> {
    R::from_json(json, &Limits::default()).map(|request| request.wire_body())
}

/// An object with the fields that are set: serde skips `None`.
fn present(fields: &[(&str, Option<JsValue>)]) -> JsValue {
    let set: Vec<(&str, JsValue)> = fields
        .iter()
        .filter_map(|(key, value)| Some((*key, value.clone()?)))
        .collect();
    object(&set)
}

fn string(value: Option<&str>) -> Option<JsValue> {
    value.map(JsValue::from_str)
}

impl WireBody for TextStatus {
    fn wire_body(&self) -> JsValue {
        present(&[
            ("text", string(Some(self.text()))),
            ("background_color", string(self.background_color())),
            // Font ids are small: a JavaScript number holds them exactly.
            ("font", self.font().map(|f| JsValue::from(f as f64))),
        ])
    }
}

impl WireBody for MediaStatus {
    fn wire_body(&self) -> JsValue {
        present(&[
            ("data", string(self.data())),
            ("url", string(self.url())),
            ("mime_type", string(self.mime_type())),
            (
                "media_type",
                string(self.wire_media_type().map(|k| k.as_str())),
            ),
            ("caption", string(self.caption())),
        ])
    }
}

impl WireBody for StatusPrivacy {
    fn wire_body(&self) -> JsValue {
        let list = self.wire_list().map(|list| {
            let list: Array = list.iter().map(|jid| JsValue::from_str(jid)).collect();
            list.into()
        });
        present(&[
            ("type", string(Some(self.audience().as_str()))),
            ("list", list),
        ])
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use js_sys::JSON;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::{Audience, MediaType};

    fn assert_same<R: WireBody>(request: &R) {
        let built = JSON::stringify(&request.wire_body()).map(String::from);
        assert_eq!(built.ok(), Some(request.to_json()));
    }

    #[wasm_bindgen_test]
    fn the_built_body_is_the_serialized_one() {
        // Quotes, backslashes, control characters, U+2028 and astral characters: escaped (or
        // not) alike by serde_json and JSON.stringify.
        let awkward = "a \"b\" \\ \u{0}\u{1f}\u{7f}\n\t\r\u{8}\u{c} \u{2028} é 😀 </script>";
        assert_same(TextStatus::builder("We are open").as_given());
        assert_same(
            TextStatus::builder(awkward)
                .background_color("#25D366")
                .font(1)
                .as_given(),
        );
        assert_same(MediaStatus::from_url("https://cdn.example.com/a.mp4").as_given());
        // The mime type implies a media type, which the body still leaves out.
        assert_same(MediaStatus::from_base64("iVBORw0KGgo=", "image/png").as_given());
        assert_same(
            MediaStatus::from_base64("iVBORw0KGgo=", "image/png")
                .media_type(MediaType::Image)
                .caption(awkward)
                .as_given(),
        );
        assert_same(StatusPrivacy::contacts().as_given());
        assert_same(
            StatusPrivacy::builder(Audience::Whitelist, [awkward, "+1 555 0100"]).as_given(),
        );
        assert_same(StatusPrivacy::builder(Audience::Blacklist, Vec::<String>::new()).as_given());
    }
}
