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

/** A day of the week, as `repeat.weekdays` names it. */
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** How a schedule repeats: every day, or every week on `weekdays`, at `time` in `time_zone`. */
export interface Repeat {
  /** `day`, or `week` with `weekdays`. */
  every: "day" | "week";
  /** The days of a weekly schedule (at least one); only with `every: "week"`. */
  weekdays?: Weekday[];
  /** The local time of each run, `HH:MM` (24-hour). */
  time: string;
  /** The IANA time zone `time` is in, such as `America/Sao_Paulo`. */
  time_zone: string;
  /** RFC 3339: no run after this instant. */
  until?: string;
  /** How many runs at most, 1 to 1000. */
  count?: number;
}

/** The wire body of `POST /schedules` (the edge proxy): a status, and `at` or `repeat`. */
export type ScheduleBody = ScheduledStatus & ScheduleTime;

/**
 * What a schedule publishes: a text status or a media status, each as `publishText` or
 * `publishMedia` takes it (a media status made from a file is sent whole, without progress).
 */
export type ScheduledStatus =
  | { request: "text"; status: TextStatus | TextStatusBody }
  | { request: "media"; status: MediaStatus | MediaStatusBody };

/**
 * When a schedule runs: once `at` (RFC 3339 with an offset, such as
 * `2026-06-15T09:00:00-03:00`, in the future, at most 366 days ahead), or as `repeat` says.
 */
export type ScheduleTime = { at: string; repeat?: undefined } | { at?: undefined; repeat: Repeat };

/** What became of one run of a schedule. */
export type RunOutcome = "published" | "failed" | "missed" | "refused";

/** One run of a schedule, as the proxy sends it. */
export interface ScheduleRun {
  /** When it ran (or was due), RFC 3339. */
  at: string;
  outcome: RunOutcome;
  /** The published status's id, for `published`. */
  message_id?: string;
  /** Why it failed or was refused: the WUTS error. */
  error?: { code: string; message: string };
}

/** A schedule, as the proxy sends it (wire field names, like the bodies). */
export interface Schedule {
  /** Opaque: give it to `getSchedule` and `cancelSchedule`. */
  id: string;
  request: "text" | "media";
  state: "active" | "ended" | "cancelled";
  /** RFC 3339. */
  created_at: string;
  /** The next run, RFC 3339 in UTC; `null` once none is left. */
  next_run: string | null;
  /** As given, for a schedule that runs once. */
  at?: string;
  /** As given, for a repeating schedule. */
  repeat?: Repeat;
  /** Newest first: the last 50 from `getSchedule`, the last one from `listSchedules`. */
  runs: ScheduleRun[];
}

/** Options of the media constructors; they set the same fields as the setters. */
export interface MediaOptions {
  caption?: string;
  mimeType?: string;
  mediaType?: MediaType;
}

/** How `updatePrivacy` and the schedule reads and cancels (and, with `retryPublish`, the publishes) retry network errors and HTTP 502, 503 and 504. */
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
  /** Retries of `updatePrivacy`, `listSchedules`, `getSchedule` and `cancelSchedule`; `false` turns them off. */
  retry?: boolean | RetryOptions;
  /**
   * Retry publishes and `createSchedule` too (network errors, timeouts, HTTP 502-504 and 409
   * while the first attempt is in flight), each attempt with the same `Idempotency-Key`. Only against a
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
   * A publish's or `createSchedule`'s `Idempotency-Key` (1 to 255 printable ASCII characters).
   * Every one sends a key; without this, a fresh UUID. Give the same key to send the same
   * request again safely.
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

    /// The schedule types name every field the core's schedule types have on the wire: the
    /// body the Rust client's builder writes, and the schedule the proxy answers with.
    #[cfg(feature = "schedule")]
    #[test]
    fn schedule_interfaces_name_every_wire_field() {
        use crate::schedule::{RunError, Schedule, ScheduleBuilder, ScheduleRun};
        use crate::{Limits, TextStatus};

        let now = "2026-06-15T12:00:00Z".parse().unwrap();
        let weekly = ScheduleBuilder::text(TextStatus::builder("hi"))
            .weekly(&["mon"], "09:00", "Europe/Lisbon")
            .until("2026-12-31T00:00:00Z")
            .count(3);
        let (body, _) = weekly.build(&Limits::default(), now).unwrap();
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_fields("Repeat", &body["repeat"]);
        for key in body.as_object().unwrap().keys() {
            assert!(
                TYPES.contains(&format!("{{ {key}: ")) || TYPES.contains(&format!("; {key}: ")),
                "ScheduleBody lacks the wire field {key}"
            );
        }
        let run = ScheduleRun {
            at: String::new(),
            outcome: "failed".into(),
            message_id: Some(String::new()),
            error: Some(RunError {
                code: String::new(),
                message: String::new(),
            }),
        };
        assert_fields("ScheduleRun", &run);
        assert_fields(
            "Schedule",
            &Schedule {
                id: String::new(),
                request: "text".into(),
                state: "active".into(),
                created_at: String::new(),
                next_run: Some(String::new()),
                at: Some(String::new()),
                repeat: Some(body["repeat"].clone()),
                runs: vec![run],
            },
        );
    }
}
