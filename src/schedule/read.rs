//! Reading a schedule from an untrusted body (`POST /schedules`), with every problem named,
//! and reading back the timing a store kept.

use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json_borrow::Value;

use super::when::{Every, Repeat, Weekdays, When};
use super::{NewSchedule, Publishing, MAX_COUNT, MAX_DAYS_AHEAD};
use crate::problem::{Problem, ProblemCode, Problems};
use crate::request::{wire_within, StatusRequest, TextStatus, Wire};
use crate::rules::limits::Limits;
use crate::rules::schedule::{
    check_one_timing, check_request, check_schedule_fields, in_status, missing_status,
};
use crate::rules::shape::{check_known_fields, wrong_type};

const REPEAT_FIELDS: &[&str] = &["every", "weekdays", "time", "time_zone", "until", "count"];

/// Reads a `POST /schedules` body at `now`: the status by the rules of its publishing request
/// under `limits`, the time by the schedule's rules (see the crate's `schedule` module).
pub fn read_schedule(
    body: &[u8],
    limits: &Limits,
    now: Timestamp,
) -> Result<NewSchedule, Problems> {
    let value: Value<'_> = serde_json::from_slice(body).map_err(|e| {
        Problems::from(Problem::new(
            "body",
            ProblemCode::Invalid,
            format!("is not valid JSON: {e}"),
        ))
    })?;
    let mut problems = check_schedule_fields(&&value)?;
    let request = field(&value, "request").map(|r| match r {
        Value::Str(name) => Some(name.as_ref()),
        _ => None,
    });
    let request = check_request(request)
        .map_err(|problem| problems.push(problem))
        .ok()
        .and_then(Publishing::parse);
    let status = match (request, field(&value, "status")) {
        (_, None) => {
            problems.push(missing_status());
            None
        }
        (Some(request), Some(status)) => match status_wire(request, status, body, limits) {
            Ok(wire) => Some(wire),
            Err(found) => {
                problems.extend(found.into_iter().map(in_status));
                None
            }
        },
        // Without a known request the status cannot be judged; the request's problem says why.
        (None, Some(_)) => None,
    };
    let when = read_when(
        field(&value, "at"),
        field(&value, "repeat"),
        Some(now),
        &mut problems,
    );
    match (request, status, when) {
        (Some(request), Some((status, inline_media)), Some(when)) if problems.is_empty() => {
            Ok(NewSchedule {
                request,
                status,
                inline_media,
                when,
            })
        }
        _ => Err(problems),
    }
}

/// Reads back the timing a store kept (`When::to_json`'s object): no longer judged against
/// the present, which has moved on since it was accepted.
pub fn stored_when(json: &str) -> Result<When, Problems> {
    let value: Value<'_> = serde_json::from_str(json)
        .map_err(|_| Problems::from(Problem::new("when", ProblemCode::Invalid, "is not JSON")))?;
    let mut problems = Problems::new();
    let when = read_when(
        field(&value, "at"),
        field(&value, "repeat"),
        None,
        &mut problems,
    );
    when.filter(|_| problems.is_empty()).ok_or(problems)
}

/// The wire body of `status` for `request` (read from `body`, where inline media stay), and
/// whether it carries its media inline.
fn status_wire(
    request: Publishing,
    status: &Value<'_>,
    body: &[u8],
    limits: &Limits,
) -> Result<(Wire, bool), Problems> {
    match request {
        Publishing::Text => {
            TextStatus::from_json(status, limits).map(|s| (Wire::whole(s.to_json()), false))
        }
        Publishing::Media => wire_within(status, body, limits).map(|wire| {
            let inline = !wire.kept.is_empty() || wire.head.contains(r#""data":"#);
            (wire, inline)
        }),
    }
}

fn object_keys(value: &Value<'_>) -> Option<Vec<String>> {
    match value {
        Value::Object(object) => Some(object.keys().map(|k| k.to_string()).collect()),
        _ => None,
    }
}

/// A field of an object, `null` counting as absent.
fn field<'v, 'b>(value: &'v Value<'b>, name: &str) -> Option<&'v Value<'b>> {
    match value {
        Value::Object(object) => object.get(name).filter(|v| !matches!(v, Value::Null)),
        _ => None,
    }
}

/// `problems` with their fields under `parent` (`status.text`); the whole value's
/// (`body`) becomes `parent` itself.
pub(super) fn prefixed(parent: &str, problems: Problems) -> impl Iterator<Item = Problem> + '_ {
    problems.into_iter().map(move |mut p| {
        p.field = if p.field == "body" {
            parent.to_owned()
        } else {
            format!("{parent}.{}", p.field)
        };
        p
    })
}

/// `at` or `repeat`, exactly one. With `now`, an instant must be ahead of it, and not too far.
fn read_when(
    at: Option<&Value<'_>>,
    repeat: Option<&Value<'_>>,
    now: Option<Timestamp>,
    problems: &mut Problems,
) -> Option<When> {
    if let Err(problem) = check_one_timing(at.is_some(), repeat.is_some()) {
        problems.push(problem);
        return None;
    }
    match (at, repeat) {
        (Some(at), None) => {
            let (instant, text) = instant("at", at, problems)?;
            if let Some(now) = now {
                if !ahead("at", instant, now, problems) {
                    return None;
                }
            }
            Some(When::At(instant, text))
        }
        (None, Some(repeat)) => {
            let repeat = read_repeat(repeat, now, problems)?;
            let when = When::Repeat(repeat);
            // An end before the first run leaves nothing to run.
            if let Some(now) = now {
                if when.next_after(now, 0).is_none() {
                    problems.add(
                        "repeat.until",
                        ProblemCode::Invalid,
                        "comes before the first run",
                    );
                    return None;
                }
            }
            Some(when)
        }
        // Refused above.
        _ => None,
    }
}

/// An RFC 3339 instant with its offset, and the text as given.
fn instant(name: &str, value: &Value<'_>, problems: &mut Problems) -> Option<(Timestamp, String)> {
    let Value::Str(text) = value else {
        problems.push(wrong_type(name, "a string"));
        return None;
    };
    match text.parse::<Timestamp>() {
        Ok(at) if text.len() <= 64 => Some((at, text.to_string())),
        _ => {
            problems.add(
                name,
                ProblemCode::Invalid,
                "must be a date and time with its offset (RFC 3339), as in 2026-12-24T09:00:00+01:00",
            );
            None
        }
    }
}

/// Whether `at` is after `now` and within the schedule's horizon; the problem when not.
fn ahead(name: &str, at: Timestamp, now: Timestamp, problems: &mut Problems) -> bool {
    let horizon = now
        .checked_add(SignedDuration::from_hours(24 * MAX_DAYS_AHEAD))
        .unwrap_or(Timestamp::MAX);
    if at <= now {
        problems.add(name, ProblemCode::Invalid, "is in the past");
        false
    } else if at > horizon {
        problems.add(
            name,
            ProblemCode::Invalid,
            format!("is more than {MAX_DAYS_AHEAD} days ahead"),
        );
        false
    } else {
        true
    }
}

fn read_repeat(
    value: &Value<'_>,
    now: Option<Timestamp>,
    problems: &mut Problems,
) -> Option<Repeat> {
    let Some(keys) = object_keys(value) else {
        problems.push(wrong_type("repeat", "an object"));
        return None;
    };
    let mut found = check_known_fields(keys, REPEAT_FIELDS)
        .err()
        .unwrap_or_default();
    let before = problems.len();

    let every = match field(value, "every") {
        None => {
            found.add(
                "every",
                ProblemCode::Required,
                "is required: \"day\" or \"week\"",
            );
            None
        }
        Some(Value::Str(s)) if *s == "day" => Some(Every::Day),
        Some(Value::Str(s)) if *s == "week" => Some(Every::Week),
        Some(Value::Str(_)) => {
            found.add(
                "every",
                ProblemCode::Unsupported,
                "must be \"day\" or \"week\"",
            );
            None
        }
        Some(_) => {
            found.push(wrong_type("every", "a string"));
            None
        }
    };
    let weekdays = match (every, field(value, "weekdays")) {
        (Some(Every::Day), Some(_)) => {
            found.add(
                "weekdays",
                ProblemCode::Conflict,
                "is only for `every: \"week\"`",
            );
            None
        }
        (Some(Every::Day), None) => Some(Weekdays::ALL),
        (Some(Every::Week), None) => {
            found.add("weekdays", ProblemCode::Required, "is required with `every: \"week\"`: at least one of mon, tue, wed, thu, fri, sat, sun");
            None
        }
        (_, Some(days)) => weekdays(days, &mut found),
        (None, None) => None,
    };
    let time = match field(value, "time") {
        None => {
            found.add(
                "time",
                ProblemCode::Required,
                "is required: the local time, as HH:MM",
            );
            None
        }
        Some(Value::Str(text)) => {
            let time = local_time(text);
            if time.is_none() {
                found.add(
                    "time",
                    ProblemCode::Invalid,
                    "must be a local time as HH:MM, from 00:00 to 23:59",
                );
            }
            time
        }
        Some(_) => {
            found.push(wrong_type("time", "a string"));
            None
        }
    };
    let zone = match field(value, "time_zone") {
        None => {
            found.add(
                "time_zone",
                ProblemCode::Required,
                "is required: an IANA time zone, as in Europe/Paris",
            );
            None
        }
        Some(Value::Str(name)) => match TimeZone::get(name) {
            Ok(zone) if name.len() <= 64 => Some((name.to_string(), zone)),
            _ => {
                found.add(
                    "time_zone",
                    ProblemCode::Unsupported,
                    "is not a known IANA time zone (as in Europe/Paris or America/Sao_Paulo)",
                );
                None
            }
        },
        Some(_) => {
            found.push(wrong_type("time_zone", "a string"));
            None
        }
    };
    let mut until = None;
    if let Some(value) = field(value, "until") {
        let mut own = Problems::new();
        if let Some((at, _)) = instant("until", value, &mut own) {
            if now.is_none_or(|now| at > now) {
                until = Some(at);
            } else {
                own.add("until", ProblemCode::Invalid, "is in the past");
            }
        }
        found.extend(own);
    }
    let count = match field(value, "count") {
        None => None,
        Some(Value::Number(n)) => match n.as_u64().filter(|c| (1..=MAX_COUNT).contains(c)) {
            Some(c) => u32::try_from(c).ok(),
            None => {
                found.add(
                    "count",
                    ProblemCode::Invalid,
                    format!("must be a whole number from 1 to {MAX_COUNT}"),
                );
                None
            }
        },
        Some(_) => {
            found.push(wrong_type("count", "a number"));
            None
        }
    };
    problems.extend(prefixed("repeat", found));
    let (every, weekdays, time, (time_zone, zone)) = (every?, weekdays?, time?, zone?);
    (problems.len() == before).then_some(Repeat {
        every,
        weekdays,
        time,
        time_zone,
        zone,
        until,
        count,
    })
}

fn weekdays(value: &Value<'_>, problems: &mut Problems) -> Option<Weekdays> {
    let Value::Array(items) = value else {
        problems.push(wrong_type("weekdays", "an array"));
        return None;
    };
    let mut set = Weekdays::default();
    let mut ok = true;
    for (i, item) in items.iter().enumerate().take(Weekdays::NAMES.len() + 1) {
        match item {
            Value::Str(name) => match Weekdays::parse(name) {
                Some(day) => set = set.union(day),
                None => {
                    ok = false;
                    problems.add(
                        format!("weekdays[{i}]"),
                        ProblemCode::Unsupported,
                        "must be one of mon, tue, wed, thu, fri, sat, sun",
                    );
                }
            },
            _ => {
                ok = false;
                problems.push(wrong_type(&format!("weekdays[{i}]"), "a string"));
            }
        }
    }
    if items.len() > Weekdays::NAMES.len() {
        problems.add("weekdays", ProblemCode::TooLong, "has more than seven days");
        ok = false;
    } else if ok && set.is_empty() {
        problems.add("weekdays", ProblemCode::Empty, "needs at least one day");
        ok = false;
    }
    ok.then_some(set)
}

/// `HH:MM`, two digits each.
fn local_time(text: &str) -> Option<Time> {
    let bytes = text.as_bytes();
    if bytes.len() != 5 || bytes[2] != b':' {
        return None;
    }
    let two = |i: usize| -> Option<i8> {
        let (a, b) = (bytes[i], bytes[i + 1]);
        (a.is_ascii_digit() && b.is_ascii_digit()).then(|| ((a - b'0') * 10 + (b - b'0')) as i8)
    };
    Time::new(two(0)?, two(3)?, 0, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-12-07T10:00:00Z";

    fn read(body: &str) -> Result<NewSchedule, Problems> {
        read_schedule(body.as_bytes(), &Limits::default(), NOW.parse().unwrap())
    }

    fn fields(body: &str) -> Vec<(String, ProblemCode)> {
        read(body)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.field, p.code))
            .collect()
    }

    #[test]
    fn a_schedule_once_and_a_repeating_one() {
        let once = read(r#"{"request":"text","status":{"text":"Open 9-6","font":1},"at":"2026-12-08T09:00:00+01:00"}"#).unwrap();
        assert_eq!(once.request, Publishing::Text);
        assert_eq!(
            once.status,
            Wire::whole(r#"{"text":"Open 9-6","font":1}"#.into())
        );
        assert_eq!(once.when.to_json(), r#"{"at":"2026-12-08T09:00:00+01:00"}"#);
        assert_eq!(
            once.first_run(NOW.parse().unwrap()).unwrap().to_string(),
            "2026-12-08T08:00:00Z"
        );

        let weekly = read(r#"{"request":"media","status":{"url":"https://cdn.example.com/a.png","mime_type":"image/png"},
            "repeat":{"every":"week","weekdays":["fri","mon"],"time":"09:00","time_zone":"Europe/Paris","count":3}}"#).unwrap();
        assert!(!weekly.inline_media);
        assert_eq!(
            weekly.when.to_json(),
            r#"{"repeat":{"every":"week","weekdays":["mon","fri"],"time":"09:00","time_zone":"Europe/Paris","count":3}}"#
        );
        let back = stored_when(&weekly.when.to_json()).unwrap();
        assert_eq!(back.to_json(), weekly.when.to_json());
        let body = r#"{"request":"media","status":{"data":"iVBORw0KGgoAAAANSUhEUgAAAAE=","mime_type":"IMAGE/PNG"},"at":"2026-12-08T09:00:00Z"}"#;
        let inline = read(body).unwrap();
        assert!(inline.inline_media);
        // The data stays where it lies in the body; the rest is written anew.
        assert_eq!(
            &body[inline.status.kept.clone()],
            r#""iVBORw0KGgoAAAANSUhEUgAAAAE=""#
        );
        assert_eq!(
            inline.status.to_vec(body.as_bytes()),
            br#"{"data":"iVBORw0KGgoAAAANSUhEUgAAAAE=","mime_type":"image/png"}"#
        );
    }

    #[test]
    fn every_problem_is_named() {
        assert_eq!(
            fields(r#"{"request":"text","status":{"text":""},"at":"2026-12-01T09:00:00Z","x":1}"#),
            [
                ("x".into(), ProblemCode::UnknownField),
                ("status.text".into(), ProblemCode::Empty),
                ("at".into(), ProblemCode::Invalid),
            ]
        );
        assert_eq!(
            fields(
                r#"{"request":"text","status":{"text":"hi"},"repeat":{"every":"week","weekdays":["mon","someday"],"time":"24:00","time_zone":"Mars/Olympus","count":0}}"#
            ),
            [
                ("repeat.weekdays[1]".into(), ProblemCode::Unsupported),
                ("repeat.time".into(), ProblemCode::Invalid),
                ("repeat.time_zone".into(), ProblemCode::Unsupported),
                ("repeat.count".into(), ProblemCode::Invalid),
            ]
        );
        assert_eq!(
            fields(r#"{"request":"audio","status":{}}"#),
            [
                ("request".into(), ProblemCode::Unsupported),
                ("at".into(), ProblemCode::Required)
            ]
        );
        assert_eq!(
            fields(
                r#"{"request":"text","status":{"text":"hi"},"at":"2026-12-08T09:00:00","repeat":{}}"#
            ),
            [("repeat".into(), ProblemCode::Conflict)]
        );
        // No offset: not an instant.
        assert_eq!(
            fields(r#"{"request":"text","status":{"text":"hi"},"at":"2026-12-08T09:00:00"}"#),
            [("at".into(), ProblemCode::Invalid)]
        );
        assert_eq!(
            fields(r#"{"request":"text","status":{"text":"hi"},"at":"2028-01-01T09:00:00Z"}"#),
            [("at".into(), ProblemCode::Invalid)]
        );
        assert_eq!(
            fields(
                r#"{"request":"text","status":{"text":"hi"},"repeat":{"every":"day","weekdays":["mon"],"time":"9:00"}}"#
            ),
            [
                ("repeat.weekdays".into(), ProblemCode::Conflict),
                ("repeat.time".into(), ProblemCode::Invalid),
                ("repeat.time_zone".into(), ProblemCode::Required),
            ]
        );
        assert_eq!(
            fields(
                r#"{"request":"text","status":{"text":"hi"},"repeat":{"every":"day","time":"09:00","time_zone":"UTC","until":"2026-12-07T10:30:00Z"}}"#
            ),
            [("repeat.until".into(), ProblemCode::Invalid)]
        );
        assert_eq!(fields("[]"), [("body".into(), ProblemCode::WrongType)]);
        assert_eq!(
            fields(r#"{"request":"text","status":"hi","at":"2026-12-08T09:00:00Z"}"#),
            [("status".into(), ProblemCode::WrongType)]
        );
    }
}
