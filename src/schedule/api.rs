//! A schedule as a client writes it ([`ScheduleBuilder`]) and reads it back ([`Schedule`]).

use serde::{Deserialize, Serialize};

use super::read::{prefixed, read_schedule};
use super::{NewSchedule, Publishing, Timestamp};
use crate::envelope::SuccessBody;
use crate::problem::Problems;
use crate::request::{MediaStatusBuilder, RequestBuilder, StatusRequest, TextStatusBuilder};
use crate::rules::limits::Limits;

/// A schedule being written: the status, then once [`at`](Self::at) an instant or repeating
/// ([`daily`](Self::daily), [`weekly`](Self::weekly), with [`until`](Self::until) and
/// [`count`](Self::count)). [`build`](Self::build) checks it by the rules the proxy applies.
///
/// ```
/// use wuts_status::schedule::ScheduleBuilder;
/// use wuts_status::{Limits, TextStatus};
///
/// let now = "2026-12-07T12:00:00Z".parse().unwrap();
/// let weekdays = ScheduleBuilder::text(TextStatus::builder("We are open today from 9am to 6pm"))
///     .weekly(&["mon", "tue", "wed", "thu", "fri"], "08:30", "Europe/Lisbon")
///     .count(10);
/// assert!(weekdays.build(&Limits::default(), now).is_ok());
///
/// let past = ScheduleBuilder::text(TextStatus::builder("Hi")).at("2026-12-01T09:00:00Z");
/// let problems = past.build(&Limits::default(), now).unwrap_err();
/// assert_eq!(problems.as_slice()[0].field, "at");
/// ```
#[derive(Debug, Clone)]
pub struct ScheduleBuilder {
    request: Publishing,
    status: Result<String, Problems>,
    timing: Timing,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
enum Timing {
    None,
    At(String),
    Repeat(RepeatBody),
}

#[derive(Debug, Clone, Serialize)]
struct RepeatBody {
    every: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    weekdays: Option<Vec<String>>,
    time: String,
    time_zone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<u32>,
}

impl ScheduleBuilder {
    /// A schedule of a text status.
    pub fn text(status: TextStatusBuilder) -> Self {
        Self::of(Publishing::Text, status)
    }

    /// A schedule of an image or video status.
    pub fn media(status: MediaStatusBuilder) -> Self {
        Self::of(Publishing::Media, status)
    }

    fn of<B: RequestBuilder>(request: Publishing, status: B) -> Self {
        // Built under the largest limits here; `build` judges it under the caller's.
        let status = status.build(&Limits::default()).map(|s| s.to_json());
        Self {
            request,
            status,
            timing: Timing::None,
        }
    }

    /// Once, at `instant` (RFC 3339 with its offset).
    pub fn at(mut self, instant: impl Into<String>) -> Self {
        self.timing = Timing::At(instant.into());
        self
    }

    /// Every day at the local `time` (`HH:MM`) in `time_zone` (an IANA name).
    pub fn daily(self, time: impl Into<String>, time_zone: impl Into<String>) -> Self {
        self.repeat("day", None, time.into(), time_zone.into())
    }

    /// On `weekdays` (`mon` ... `sun`) at the local `time` in `time_zone`.
    pub fn weekly(
        self,
        weekdays: &[&str],
        time: impl Into<String>,
        time_zone: impl Into<String>,
    ) -> Self {
        let days = weekdays.iter().map(|d| (*d).to_owned()).collect();
        self.repeat("week", Some(days), time.into(), time_zone.into())
    }

    fn repeat(
        mut self,
        every: &'static str,
        weekdays: Option<Vec<String>>,
        time: String,
        time_zone: String,
    ) -> Self {
        self.timing = Timing::Repeat(RepeatBody {
            every,
            weekdays,
            time,
            time_zone,
            until: None,
            count: None,
        });
        self
    }

    /// A repeating schedule makes no run after `instant` (RFC 3339 with its offset).
    pub fn until(mut self, instant: impl Into<String>) -> Self {
        if let Timing::Repeat(repeat) = &mut self.timing {
            repeat.until = Some(instant.into());
        }
        self
    }

    /// A repeating schedule makes at most `count` runs.
    pub fn count(mut self, count: u32) -> Self {
        if let Timing::Repeat(repeat) = &mut self.timing {
            repeat.count = Some(count);
        }
        self
    }

    /// The body of `POST /schedules`, and the schedule it makes, checked at `now` under
    /// `limits`: every problem at once, the status's named `status.<field>`.
    pub fn build(
        &self,
        limits: &Limits,
        now: Timestamp,
    ) -> Result<(String, NewSchedule), Problems> {
        let body = self.body();
        let Err(status) = &self.status else {
            return read_schedule(body.as_bytes(), limits, now).map(|schedule| (body, schedule));
        };
        let mut problems = Problems::new();
        problems.extend(prefixed("status", status.clone()));
        // The time's problems too, judged beside a status that passes.
        let stand_in = Self {
            request: Publishing::Text,
            status: Ok(r#"{"text":"-"}"#.to_owned()),
            timing: self.timing.clone(),
        };
        if let Err(found) = read_schedule(stand_in.body().as_bytes(), limits, now) {
            problems.extend(found);
        }
        Err(problems)
    }

    /// The body as written; without the status when it did not build.
    fn body(&self) -> String {
        #[derive(Serialize)]
        struct Body<'a> {
            request: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            status: Option<serde_json::Value>,
            #[serde(flatten)]
            timing: &'a Timing,
        }
        let body = Body {
            request: self.request.as_str(),
            status: self
                .status
                .as_ref()
                .ok()
                .and_then(|s| serde_json::from_str(s).ok()),
            timing: &self.timing,
        };
        // Strings, numbers and JSON values only: serializing cannot fail.
        serde_json::to_string(&body).unwrap_or_default()
    }

    /// The status's problems, when it did not build.
    pub fn status_problems(&self) -> Option<&Problems> {
        self.status.as_ref().err()
    }
}

/// A schedule as the proxy answers with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// Its id.
    pub id: String,
    /// `text` or `media`.
    pub request: String,
    /// `active`, `ended` or `cancelled`.
    pub state: String,
    /// When it was made, RFC 3339.
    pub created_at: String,
    /// Its next run, RFC 3339 in UTC; `None` once no run is to come.
    pub next_run: Option<String>,
    /// Its one run's instant, as given, for a schedule that runs once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// How it repeats, as given, for a repeating schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<serde_json::Value>,
    /// Its newest runs, newest first (the last one only in a list).
    #[serde(default)]
    pub runs: Vec<ScheduleRun>,
}

/// One run of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleRun {
    /// The run's time, RFC 3339.
    pub at: String,
    /// `published`, `failed`, `missed` or `refused`.
    pub outcome: String,
    /// The published status's message id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// Why it failed or was refused: the WUTS error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<RunError>,
}

/// The error of a run that failed or was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunError {
    /// The WUTS error code.
    pub code: String,
    /// Its message.
    pub message: String,
}

impl SuccessBody<&serde_json::Value> for Schedule {
    fn from_success(body: &&serde_json::Value) -> Option<Self> {
        serde_json::from_value(body.get("schedule")?.clone()).ok()
    }
}

impl SuccessBody<&serde_json::Value> for Vec<Schedule> {
    fn from_success(body: &&serde_json::Value) -> Option<Self> {
        serde_json::from_value(body.get("schedules")?.clone()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TextStatus;

    #[test]
    fn a_builder_writes_the_body_the_proxy_reads() {
        let now: Timestamp = "2026-12-07T12:00:00Z".parse().unwrap();
        let (body, schedule) = ScheduleBuilder::text(TextStatus::builder("Hi").font(1))
            .daily("09:00", "Europe/Paris")
            .until("2027-01-01T00:00:00Z")
            .build(&Limits::default(), now)
            .unwrap();
        assert_eq!(
            body,
            r#"{"request":"text","status":{"font":1,"text":"Hi"},"repeat":{"every":"day","time":"09:00","time_zone":"Europe/Paris","until":"2027-01-01T00:00:00Z"}}"#
        );
        assert_eq!(
            schedule.first_run(now).unwrap().to_string(),
            "2026-12-08T08:00:00Z"
        );
        let bad = ScheduleBuilder::text(TextStatus::builder("")).at("soon");
        let fields: Vec<_> = bad
            .build(&Limits::default(), now)
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["status.text", "at"]);
        assert_eq!(bad.status_problems().unwrap().as_slice()[0].field, "text");
    }

    #[test]
    fn answers_read_as_schedules() {
        let body: serde_json::Value = serde_json::from_str(
            r#"{"success":true,"schedule":{"id":"s_1","request":"text","state":"ended","created_at":"2026-12-07T12:00:00Z",
               "next_run":null,"at":"2026-12-07T13:00:00+01:00","runs":[{"at":"2026-12-07T12:00:00Z","outcome":"published","message_id":"m1"}]}}"#,
        )
        .unwrap();
        let schedule = Schedule::from_success(&&body).unwrap();
        assert_eq!(schedule.runs[0].message_id.as_deref(), Some("m1"));
        assert_eq!(schedule.next_run, None);
    }
}
