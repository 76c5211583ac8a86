//! Scheduled and recurring statuses: what a schedule is, the rules a new one must pass, and
//! when it runs.
//!
//! WUTS knows nothing of schedules: the edge proxy keeps them (`POST /schedules` and its
//! kin, docs/edge.md) and publishes each run through its keyed path. This module is the part
//! that needs no runtime: [`read_schedule`] judges a body (the status by the same rules as a
//! publish, the time by the rules below, every problem named) and [`When`] computes runs.
//!
//! A schedule runs once (`at`, an RFC 3339 instant with its offset, in the future and at most
//! [`MAX_DAYS_AHEAD`] days ahead) or repeats (`repeat`: every day, or on chosen weekdays, at a
//! local time in an IANA time zone, optionally `until` an instant or for a `count` of runs).
//! Local times follow the zone's rules: a time that does not exist that day (the clock jumped
//! over it) runs at the first instant after the jump, and a time that happens twice (the clock
//! was set back) runs once, at the first. The time-zone database is compiled in, so the rules
//! are the same natively and in WebAssembly.
//!
//! ```
//! use wuts_status::schedule::read_schedule;
//! use wuts_status::Limits;
//!
//! let body = br#"{"request": "text", "status": {"text": "We are open today from 9am to 6pm"},
//!   "repeat": {"every": "week", "weekdays": ["mon", "tue", "wed", "thu", "fri"],
//!              "time": "08:30", "time_zone": "Europe/Lisbon"}}"#;
//! let now = "2026-12-07T12:00:00Z".parse().unwrap();
//! let schedule = read_schedule(body, &Limits::default(), now).unwrap();
//! assert_eq!(schedule.first_run(now).unwrap().to_string(), "2026-12-08T08:30:00Z");
//! ```

mod api;
mod read;
mod when;

pub use api::{RunError, Schedule, ScheduleBuilder, ScheduleRun};
pub use jiff::Timestamp;
pub use read::{read_schedule, stored_when};
pub use when::{Every, Repeat, Weekdays, When};

use crate::request::{MediaStatus, StatusRequest, TextStatus};
use crate::Wire;

/// How far ahead `at` may be.
pub const MAX_DAYS_AHEAD: i64 = 366;
/// The largest `count` of a repeating schedule.
pub const MAX_COUNT: u64 = 1000;

/// Which publishing request a schedule makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publishing {
    /// `POST /status/text`.
    Text,
    /// `POST /status/media`.
    Media,
}

impl Publishing {
    /// The request named `name` (`text` or `media`).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "text" => Some(Self::Text),
            "media" => Some(Self::Media),
            _ => None,
        }
    }

    /// The wire name: `text` or `media`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Media => "media",
        }
    }

    /// The path of the publishing request.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Text => TextStatus::PATH,
            Self::Media => MediaStatus::PATH,
        }
    }
}

/// A schedule that passed every rule.
#[derive(Debug, Clone)]
pub struct NewSchedule {
    /// The request each run makes.
    pub request: Publishing,
    /// The status as its wire body, what each run sends, written over the body it was read
    /// from (see [`Wire`]): inline media are not copied.
    pub status: Wire,
    /// Whether the status carries its media inline (base64), rather than a URL.
    pub inline_media: bool,
    /// When it runs.
    pub when: When,
}

impl NewSchedule {
    /// Its first run after `now`.
    pub fn first_run(&self, now: Timestamp) -> Option<Timestamp> {
        self.when.next_after(now, 0)
    }
}

impl When {
    /// The timing as the API shows it and a store keeps it: `{"at": ...}` as given, or
    /// `{"repeat": {...}}` with its weekdays in order.
    pub fn to_json(&self) -> String {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        enum Timing<'a> {
            At(&'a str),
            Repeat {
                every: &'static str,
                #[serde(skip_serializing_if = "Option::is_none")]
                weekdays: Option<Vec<&'static str>>,
                time: String,
                time_zone: &'a str,
                #[serde(skip_serializing_if = "Option::is_none")]
                until: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                count: Option<u32>,
            },
        }
        let timing = match self {
            Self::At(_, text) => Timing::At(text),
            Self::Repeat(r) => Timing::Repeat {
                every: r.every.as_str(),
                weekdays: (r.every == Every::Week).then(|| r.weekdays.names().collect()),
                time: format!("{:02}:{:02}", r.time.hour(), r.time.minute()),
                time_zone: &r.time_zone,
                until: r.until.map(|u| u.to_string()),
                count: r.count,
            },
        };
        // Strings and small numbers only: serializing cannot fail.
        serde_json::to_string(&timing).unwrap_or_default()
    }
}
