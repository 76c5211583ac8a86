//! A small web page written in Rust that publishes text statuses through
//! `wuts_status::client::Client`.
//!
//! Built for `wasm32-unknown-unknown` and bound with `wasm-bindgen --target web`; `index.html`
//! beside this file loads it. The page takes the API's address and the token from its URL
//! (`?base-url=...&token=...`), as the composer's demo page does. `scripts/test/example.sh`
//! builds it and drives it in Chromium against `wuts-local`.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Event, HtmlInputElement, UrlSearchParams};
use wuts_status::client::Client;
use wuts_status::{Error, TextStatus};

/// Runs when the module loads: builds the client and wires the form.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("this page needs a window")?;
    let document = window.document().ok_or("this page needs a document")?;
    let params = UrlSearchParams::new_with_str(&window.location().search()?)?;
    let base_url = params
        .get("base-url")
        .unwrap_or_else(|| "http://127.0.0.1:8788".into());
    let token = params.get("token").unwrap_or_default();

    let client = match Client::builder(base_url, token).build() {
        Ok(client) => Rc::new(client),
        Err(err) => {
            show(&document, "error", &describe(&err));
            return Ok(());
        }
    };
    let input: HtmlInputElement = element(&document, "text")?.dyn_into()?;
    let form = element(&document, "status-form")?;

    let page = document.clone();
    let on_submit = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        event.prevent_default();
        let (client, document) = (Rc::clone(&client), page.clone());
        let status = TextStatus::builder(input.value());
        show(&document, "sending", "publishing...");
        wasm_bindgen_futures::spawn_local(async move {
            match client.publish_text(status).await {
                Ok(published) => show(
                    &document,
                    "published",
                    &format!("published: {}", published.message_id),
                ),
                Err(err) => show(&document, "error", &describe(&err)),
            }
        });
    });
    form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref())?;
    // The page lives as long as the form: the listener is never removed.
    on_submit.forget();
    show(&document, "ready", "ready");
    Ok(())
}

/// An error as the page shows it: the stable code, then what a person can act on.
fn describe(err: &Error) -> String {
    let mut text = format!("{}: {err}", err.code());
    if let Some(id) = err.request_id() {
        text.push_str(&format!(" (request {id})"));
    }
    text
}

/// Puts `text` in `#result`, with `state` in its `data-state` for tests and styles.
fn show(document: &Document, state: &str, text: &str) {
    if let Some(result) = document.get_element_by_id("result") {
        result.set_text_content(Some(text));
        let _ = result.set_attribute("data-state", state);
    }
}

fn element(document: &Document, id: &str) -> Result<web_sys::Element, JsValue> {
    document
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("the page lacks #{id}")))
}
