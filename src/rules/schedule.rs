//! The shape of a `POST /schedules` body: its fields, which publishing request it makes, that
//! a status is there, and exactly one of `at` and `repeat`. What the time means (an instant in
//! the future, a time zone that exists) is [`crate::schedule`]'s, with its time-zone database;
//! the browser package checks only this shape, in the same words.

use crate::message::msg;
use crate::problem::{Problem, ProblemCode, Problems};
use crate::request::Json;
use crate::rules::shape::{check_known_fields, not_an_object, wrong_type};

/// The fields of a schedule's body.
pub const FIELDS: [&str; 4] = ["request", "status", "at", "repeat"];

/// The body's fields, when it is an object: its unknown fields are problems.
pub fn check_schedule_fields<J: Json>(body: &J) -> Result<Problems, Problem> {
    let keys = body.keys().ok_or_else(not_an_object)?;
    Ok(check_known_fields(keys, &FIELDS).err().unwrap_or_default())
}

/// `request`: `text` or `media`. `given` is the field: absent (or
/// `null`), not a string (`Some(None)`), or a string.
pub fn check_request(given: Option<Option<&str>>) -> Result<&'static str, Problem> {
    match given {
        None => Err(Problem::new(
            "request",
            ProblemCode::Required,
            "is required: \"text\" or \"media\"",
        )),
        Some(None) => Err(wrong_type("request", "a string")),
        Some(Some("text")) => Ok("text"),
        Some(Some("media")) => Ok("media"),
        Some(Some(_)) => Err(Problem::new(
            "request",
            ProblemCode::Unsupported,
            "must be \"text\" or \"media\"",
        )),
    }
}

/// The problem of a body without its `status`.
pub fn missing_status() -> Problem {
    Problem::new(
        "status",
        ProblemCode::Required,
        "is required: the status to publish",
    )
}

/// A problem of the status, as a problem of the schedule: `text` is `status.text`; the status
/// itself (not an object, say) is `status`.
pub fn in_status(mut problem: Problem) -> Problem {
    problem.field = if problem.field == "body" {
        "status".into()
    } else {
        msg!("status.", problem.field)
    };
    problem
}

/// Exactly one of `at` and `repeat` is given (`null` counting as absent).
pub fn check_one_timing(at: bool, repeat: bool) -> Result<(), Problem> {
    match (at, repeat) {
        (false, false) => Err(Problem::new(
            "at",
            ProblemCode::Required,
            "or `repeat` is required: when to publish",
        )),
        (true, true) => Err(Problem::new(
            "repeat",
            ProblemCode::Conflict,
            "cannot be given with `at`: give one of the two",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_and_the_timing() {
        assert_eq!(check_request(Some(Some("media"))), Ok("media"));
        for (given, code) in [
            (None, ProblemCode::Required),
            (Some(None), ProblemCode::WrongType),
            (Some(Some("audio")), ProblemCode::Unsupported),
        ] {
            assert_eq!(check_request(given).unwrap_err().code, code);
        }
        assert_eq!(check_one_timing(true, false), Ok(()));
        assert_eq!(check_one_timing(false, false).unwrap_err().field, "at");
        assert_eq!(check_one_timing(true, true).unwrap_err().field, "repeat");
        assert_eq!(in_status(not_an_object()).field, "status");
        assert_eq!(
            in_status(Problem::new("text", ProblemCode::Empty, "")).field,
            "status.text"
        );
    }
}
