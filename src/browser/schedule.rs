//! Scheduled statuses (`POST /schedules` and the calls on `/schedules/{id}`, which only the
//! edge proxy serves): the body `createSchedule` sends, and the answers it and the other
//! schedule calls read.
//!
//! The status is checked here by the very rules of `publishText` and `publishMedia`, its
//! problems named `status.<field>` as the proxy names them; the body's own shape is checked
//! too (the request kind, exactly one of `at` and `repeat`). What the time means (RFC 3339, in
//! the future, a time zone that exists) is the proxy's to judge: a date-time library would be
//! most of this package's size.
//!
//! Schedules come back as the proxy sends them, wire field names and all: a schedule repeats
//! its `at` or `repeat` as given, so one `Repeat` type reads the same both ways.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use super::error::invalid;
use super::json::parse_json;
use super::wire::{checked_body, WireBody};
use crate::envelope::{read_json, SuccessBody};
use crate::message::msg;
use crate::problem::{ProblemCode, Problems};
use crate::request::Json;
use crate::rules::schedule::{check_one_timing, check_request, in_status, missing_status, FIELDS};
use crate::rules::shape::{check_known_fields, not_an_object};
use crate::{Error, MediaStatus, TextStatus};

/// The wire body of `POST /schedules` from `json` (what `from_js` made of the caller's value,
/// a copy): the status normalized as a publish sends it, the rest as given. Every problem at
/// once otherwise.
pub(crate) fn schedule_body(json: JsValue) -> Result<JsValue, Problems> {
    let Some(keys) = json.keys() else {
        return Err(not_an_object().into());
    };
    let mut problems = check_known_fields(keys, &FIELDS).err().unwrap_or_default();
    let field = |name: &str| json.get(name).filter(|v| !v.is_null());
    let request = field("request").map(|r| r.as_string());
    let kind = check_request(request.as_ref().map(Option::as_deref))
        .map_err(|problem| problems.push(problem))
        .ok();
    match (kind, field("status")) {
        (_, None) => problems.push(missing_status()),
        (Some("text"), Some(status)) => check::<TextStatus>(&json, status, &mut problems),
        (Some(_), Some(status)) => check::<MediaStatus>(&json, status, &mut problems),
        // Which rules apply is not known: the request's problem says why.
        (None, Some(_)) => {}
    }
    if let Err(problem) = check_one_timing(field("at").is_some(), field("repeat").is_some()) {
        problems.push(problem);
    }
    problems.into_result(json)
}

/// Checks `status` by the rules of `R`: the normalized wire body takes its place in `body` (a
/// copy of the caller's), or its problems are added to `problems`.
fn check<R: WireBody>(body: &JsValue, status: JsValue, problems: &mut Problems) {
    match checked_body::<R>(status) {
        // Setting a data property on a plain object cannot fail.
        Ok(status) => {
            let _ = Reflect::set(body, &JsValue::from_str("status"), &status);
        }
        Err(found) => {
            for problem in found {
                problems.push(in_status(problem));
            }
        }
    }
}

/// What a schedule call's answer carries: `schedule` (one), or `schedules` (the list), as sent.
struct Answer(JsValue);

impl SuccessBody<JsValue> for Answer {
    fn from_success(body: &JsValue) -> Option<Self> {
        body.get("schedule")
            .or_else(|| body.get("schedules"))
            .filter(JsValue::is_object)
            .map(Answer)
    }
}

/// Reads the answer of a schedule call: the schedule, or the list from `listSchedules`. An
/// answer with neither is not the proxy's.
pub(crate) fn read_schedules(status: u16, body: &str) -> Result<JsValue, Error> {
    read_json(status, body, parse_json(body)).map(|Answer(value)| value)
}

/// The path of one schedule: its id percent-encoded, so any id names one path segment.
pub(crate) fn schedule_path(id: &JsValue) -> Result<String, Error> {
    match id.as_string().filter(|id| !id.is_empty()) {
        Some(id) => Ok(msg!(
            "/schedules/",
            String::from(js_sys::encode_uri_component(&id))
        )),
        None => Err(invalid(
            "id",
            ProblemCode::Required,
            "must be a schedule's id, as createSchedule or listSchedules gave it",
        )),
    }
}
