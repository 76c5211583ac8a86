//! The TypeScript side of the package: the wire bodies, results and options, and the imported
//! types that give exported functions precise signatures.
//!
//! The body interfaces mirror the serde types of [`crate::request`] and [`crate::envelope`]
//! field for field; a test below fails when a wire field is missing here.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &'static str = TYPES;

/// The declarations, kept in a plain constant so the test below can read them.
#[allow(dead_code)] // Read at compile time by the custom section above.
const TYPES: &str = r#"
/** Why a field was rejected (stable; branch on it). */
export type ProblemCode =
  | "required" | "wrong_type" | "empty" | "too_long" | "invalid" | "unsupported"
  | "conflict" | "mismatch" | "too_large" | "internal_host" | "unknown_field";

/** One reason a request is invalid: the wire field (`list[3]` for an entry), a code, words. */
export interface Problem {
  field: string;
  code: ProblemCode;
  message: string;
}

/** `image` or `video`. */
export type MediaType = "image" | "video";
/** Who may see statuses. */
export type Audience = "contacts" | "whitelist" | "blacklist";
/** What a publish created. */
export type StatusType = "text" | "image" | "video";

/** The wire body of `POST /status/text`. */
export interface TextStatusBody {
  text: string;
  background_color?: string;
  font?: number;
}

/** The wire body of `POST /status/media`: `data` (base64) or `url`, not both. */
export interface MediaStatusBody {
  data?: string;
  url?: string;
  mime_type?: string;
  media_type?: MediaType;
  caption?: string;
}

/** The wire body of `PUT /status/privacy`; `list` is ignored for `contacts`. */
export interface StatusPrivacyBody {
  type: Audience;
  list?: string[];
}

/** What `publishText` and `publishMedia` resolve with. */
export interface Published {
  /** WhatsApp's id of the status; empty if the server sent none. */
  messageId: string;
  /** RFC 3339; empty if the server sent none. */
  timestamp: string;
  /** What was published; null if the server did not say. */
  statusType: StatusType | null;
}

/** What `updatePrivacy` resolves with: the rule the server echoed, when it did. */
export interface PrivacyUpdated {
  type: Audience | null;
  list: string[];
}

/** Options of the media constructors; they set the same fields as the setters. */
export interface MediaOptions {
  caption?: string;
  mimeType?: string;
  mediaType?: MediaType;
}

/** How `updatePrivacy` (and, with `retryPublish`, the publishes) retry network errors and HTTP 502, 503 and 504. */
export interface RetryOptions {
  /** Attempts after the first (default 2). */
  retries?: number;
  /** Wait before the first retry, doubled for each next one (default 250). */
  backoffMs?: number;
  /** Longest wait between attempts (default 5000). */
  maxBackoffMs?: number;
}

/** The options of `new WutsClient(...)`. */
export interface WutsClientOptions {
  /** The API's base URL, such as `https://edge.example.com`; the paths are appended. */
  baseUrl: string;
  /** The per-user API token, a UUID v4. */
  token: string;
  /** Deadline per attempt in milliseconds (default 30000; 0 for none). */
  timeoutMs?: number;
  /** Retries of `updatePrivacy`; `false` turns them off. */
  retry?: boolean | RetryOptions;
  /**
   * Retry publishes too (network errors, timeouts, HTTP 502-504 and 409 while the first
   * attempt is in flight), each attempt with the same `Idempotency-Key`. Only against a
   * server that honours the key, such as the wuts-status edge proxy: a server that ignores it
   * could post twice. Default false.
   */
  retryPublish?: boolean;
}

/** Per-call options. */
export interface RequestOptions {
  /** Aborts the call; it then rejects with code `aborted`. */
  signal?: AbortSignal;
  /** Overrides the client's deadline for this call. */
  timeoutMs?: number;
  /**
   * A publish's `Idempotency-Key` (1 to 255 printable ASCII characters). Every publish sends
   * one; without this, a fresh UUID. Give the same key to send the same status again safely.
   */
  idempotencyKey?: string;
  /**
   * Hears how a call goes: for a `MediaStatus` made from a file (`fromBlob`, `fromBytes`),
   * `{ stage: "preparing", loaded, total }` as its bytes are encoded into the body (in slices
   * that yield to the page), then `{ stage: "sending" }` as each attempt starts. Browsers give
   * `fetch` no upload progress, so sending has no figures.
   */
  onProgress?: (progress: MediaProgress) => void;
}

/** What `onProgress` hears: `loaded` of `total` bytes of a file encoded, then sending. */
export type MediaProgress =
  | { stage: "preparing"; loaded: number; total: number }
  | { stage: "sending" };
"#;

#[wasm_bindgen]
extern "C" {
    /// `MediaOptions` in TypeScript: `{ caption, mimeType, mediaType }`.
    #[wasm_bindgen(typescript_type = "MediaOptions")]
    #[derive(Clone)]
    pub type MediaOptions;

    /// `WutsClientOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "WutsClientOptions")]
    pub type WutsClientOptions;

    /// `RequestOptions` in TypeScript: `{ signal, timeoutMs, idempotencyKey, onProgress }`.
    #[wasm_bindgen(typescript_type = "RequestOptions")]
    pub type RequestOptions;
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[allow(clippy::unwrap_used, clippy::panic)] // clippy sees only a plain cfg(test) as test code
mod tests {
    use super::TYPES;
    use crate::request::{MediaStatus, StatusPrivacy, TextStatus};
    use crate::{Published, StatusType};
    use serde::Serialize;

    /// The interface named `name` in the TypeScript section.
    fn interface(name: &str) -> &'static str {
        let start = TYPES
            .find(&format!("export interface {name} {{"))
            .unwrap_or_else(|| panic!("no interface {name}"));
        let rest = &TYPES[start..];
        &rest[..rest.find('}').unwrap_or(rest.len())]
    }

    fn assert_fields(name: &str, body: &impl Serialize) {
        let value = serde_json::to_value(body).unwrap();
        let declared = interface(name);
        for key in value.as_object().unwrap().keys() {
            assert!(
                declared.contains(&format!("\n  {key}?:"))
                    || declared.contains(&format!("\n  {key}:")),
                "{name} lacks the wire field {key}"
            );
        }
    }

    #[test]
    fn body_interfaces_name_every_wire_field() {
        assert_fields(
            "TextStatusBody",
            TextStatus::builder("x")
                .background_color("#000000")
                .font(1)
                .as_given(),
        );
        assert_fields(
            "MediaStatusBody",
            MediaStatus::from_base64("", "image/png")
                .caption("c")
                .media_type(crate::MediaType::Image)
                .as_given(),
        );
        assert_fields(
            "MediaStatusBody",
            MediaStatus::from_url("https://x").as_given(),
        );
        assert_fields(
            "StatusPrivacyBody",
            StatusPrivacy::whitelist(["1"]).as_given(),
        );
        let published = Published {
            message_id: String::new(),
            timestamp: String::new(),
            status_type: Some(StatusType::Text),
        };
        let fields = serde_json::to_value(published).unwrap();
        assert_eq!(
            fields.as_object().unwrap().len(),
            3,
            "Published grew a field"
        );
    }
}
