//! Reviews for editors such as the composer widget: the contract's limits, what each entry of a
//! pasted privacy list becomes, and what a picked file's first bytes and size say. A page shows
//! the core's verdict as the user types, before anything is sent, without a rule of its own.

use js_sys::Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::client::object;
use super::error::problems_to_js;
use super::values::to_plain;
use crate::rules::limits::{MAX_CAPTION_CHARS, MAX_PRIVACY_ENTRIES, MAX_TEXT_CHARS};
use crate::rules::media::{check_media_bytes, check_size};
use crate::rules::sniff::SNIFF_LEN;
use crate::rules::{contact, text::FONTS};
use crate::{Limits, MediaType, Problem};

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &'static str = r#"
/** The contract's limits, for counters and hints; validation applies them itself. */
export interface ContractLimits {
    /** Longest text status, in Unicode scalar values. */
    maxTextChars: number;
    /** Longest media caption, in Unicode scalar values. */
    maxCaptionChars: number;
    /** Most entries in a privacy list. */
    maxPrivacyEntries: number;
    /** Largest image, in bytes. */
    maxImageBytes: number;
    /** Largest video, in bytes. */
    maxVideoBytes: number;
    /** WhatsApp's font ids for text statuses. */
    fonts: number[];
    /** How many first bytes of a file `reviewMedia` reads: pass it at least these. */
    headBytes: number;
}

/** One privacy-list entry as it will be sent: its JID, a repeat of an earlier one, or why not. */
export interface ListEntryReview {
    /** The entry as given. */
    entry: string;
    /** The user JID it becomes; null when it is not a contact. */
    jid: string | null;
    /** The index of the earlier entry with the same JID; the repeat is not sent. */
    duplicateOf: number | null;
    /** Why the entry is refused (`list[i]` is its field when sent); null when it is fine. */
    problem: Problem | null;
}

/** What a file's first bytes and size say about it as media. */
export interface MediaReview {
    /** The sniffed mime type; null when the bytes are of no accepted type. */
    mimeType: string | null;
    /** `image` or `video`; null when unknown. */
    mediaType: MediaType | null;
    /** The size limit for that kind of media; null when unknown. */
    maxBytes: number | null;
    /** Why the file cannot be sent (unsupported type, too large); empty when it can. */
    problems: Problem[];
}
"#;

/// `ContractLimits` in TypeScript.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ContractLimits {
    max_text_chars: usize,
    max_caption_chars: usize,
    max_privacy_entries: usize,
    max_image_bytes: usize,
    max_video_bytes: usize,
    fonts: &'static [u8],
    head_bytes: usize,
}

/// The contract's limits, so an editor can show counters and hints.
#[wasm_bindgen(js_name = limits, unchecked_return_type = "ContractLimits")]
pub fn limits() -> JsValue {
    let defaults = Limits::default();
    to_plain(&ContractLimits {
        max_text_chars: MAX_TEXT_CHARS,
        max_caption_chars: MAX_CAPTION_CHARS,
        max_privacy_entries: MAX_PRIVACY_ENTRIES,
        max_image_bytes: defaults.max_image_bytes,
        max_video_bytes: defaults.max_video_bytes,
        fonts: &FONTS,
        head_bytes: SNIFF_LEN,
    })
}

/// Each entry of a privacy list as the core normalizes it: the JID it becomes, the earlier
/// entry it repeats (repeats are dropped when sent), or the problem with it.
#[wasm_bindgen(js_name = reviewPrivacyList, unchecked_return_type = "ListEntryReview[]")]
pub fn review_privacy_list(
    #[wasm_bindgen(unchecked_param_type = "string[]")] entries: JsValue,
) -> JsValue {
    let entries: Vec<String> = Array::from(&entries)
        .iter()
        .map(|entry| entry.as_string().unwrap_or_default())
        .collect();
    let normalized: Vec<_> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| contact::check_entry(i, e))
        .collect();
    // The JIDs, each with the index of its entry, and for each the first equal one.
    let (jids, at): (Vec<String>, Vec<usize>) = normalized
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().ok().map(|jid| (jid.clone(), i)))
        .unzip();
    let first = contact::first_occurrences(&jids);
    let mut k = 0;
    let reviews: Array = entries
        .into_iter()
        .zip(normalized)
        .enumerate()
        .map(|(i, (entry, result))| {
            let (jid, duplicate_of, problem) = match result {
                Ok(jid) => {
                    let first = at[first[k]];
                    k += 1;
                    let repeat = (first != i).then_some(first as u32);
                    (JsValue::from(jid), or_null(repeat), JsValue::NULL)
                }
                Err(problem) => {
                    let problem = object(&[
                        ("field", problem.field.into()),
                        ("code", problem.code.as_str().into()),
                        ("message", problem.message.into()),
                    ]);
                    (JsValue::NULL, JsValue::NULL, problem)
                }
            };
            object(&[
                ("entry", entry.into()),
                ("jid", jid),
                ("duplicateOf", duplicate_of),
                ("problem", problem),
            ])
        })
        .collect();
    reviews.into()
}

/// What a file is as media, from its first bytes (`limits().headBytes` are enough) and its
/// size: the sniffed type, the limit for it, and why it cannot be sent, if it cannot.
#[wasm_bindgen(js_name = reviewMedia, unchecked_return_type = "MediaReview")]
pub fn review_media(head: &[u8], size: f64) -> JsValue {
    let limits = Limits::default();
    let (mime_type, problems) = judge_file(head, size, &limits);
    let kind = mime_type.and_then(MediaType::of_mime);
    object(&[
        ("mimeType", or_null(mime_type)),
        ("mediaType", or_null(kind.map(|k| k.as_str()))),
        (
            "maxBytes",
            or_null(kind.map(|k| k.max_bytes(&limits) as f64)),
        ),
        ("problems", problems_to_js(&problems)),
    ])
}

/// A file as media, judged from its first bytes and its size: its mime type, when the bytes
/// are of an accepted type, and the problems that keep it from being sent (an unsupported type,
/// too large).
pub(crate) fn judge_file(
    head: &[u8],
    size: f64,
    limits: &Limits,
) -> (Option<&'static str>, Vec<Problem>) {
    match check_media_bytes(head) {
        Ok(mime_type) => {
            let kind = MediaType::of_mime(mime_type);
            // `as` saturates: a size beyond usize is over every limit.
            let too_large = kind.and_then(|k| check_size(k, size as usize, limits).err());
            (Some(mime_type), too_large.into_iter().collect())
        }
        Err(problem) => (None, vec![problem]),
    }
}

/// `null` for `None`: the declared types say `null`, and wasm-bindgen's `Option` gives `undefined`.
fn or_null<T: Into<JsValue>>(value: Option<T>) -> JsValue {
    value.map_or(JsValue::NULL, Into::into)
}
