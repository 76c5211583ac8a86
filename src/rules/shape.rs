//! The shape of a request body: a JSON object, its fields among the known ones, each of the
//! JSON type its rule reads.

use crate::message::{msg, Joined};
use crate::problem::{Problem, ProblemCode, Problems};

/// The most unknown fields reported one by one; the rest are counted in one problem.
const MAX_REPORTED_UNKNOWN: usize = 20;

/// A body that is not a JSON object.
pub fn not_an_object() -> Problem {
    Problem::new("body", ProblemCode::WrongType, "must be a JSON object")
}

/// A field of the wrong JSON type: `expected` says which, as in `a string`.
pub fn wrong_type(field: &str, expected: &str) -> Problem {
    Problem::new(field, ProblemCode::WrongType, msg!("must be ", expected))
}

/// An array field of `len` entries, of which a reader reads at most `max`.
pub fn check_entries_read(field: &str, len: usize, max: usize) -> Result<(), Problem> {
    if len <= max {
        return Ok(());
    }
    Err(Problem::new(
        field,
        ProblemCode::TooLong,
        msg!(
            "has ",
            len,
            " entries, more than the ",
            max,
            " this API reads"
        ),
    ))
}

/// The `keys` of a body are all `known` fields: each other is a problem, in key order, with
/// the field it may have meant; past 20, one problem counts the rest.
pub fn check_known_fields(keys: Vec<String>, known: &[&str]) -> Result<(), Problems> {
    let mut unknown: Vec<String> = keys
        .into_iter()
        .filter(|k| !known.contains(&k.as_str()))
        .collect();
    // Sorted, so unknown fields are reported in the same order whatever read the body.
    unknown.sort_unstable();
    let mut problems = Problems::new();
    // Each problem is an allocation and a line of the answer: a body of a million unknown
    // keys gets a bounded answer.
    for key in unknown.iter().take(MAX_REPORTED_UNKNOWN) {
        // A problem must name a field; a key with no name is reported on the body.
        if key.is_empty() {
            problems.add(
                "body",
                ProblemCode::UnknownField,
                msg!(
                    "has a field with an empty name (the request takes ",
                    Joined(known),
                    ")"
                ),
            );
            continue;
        }
        let message = match known.iter().find(|k| same_words(k, key)) {
            Some(meant) => msg!("is not a field of this request: did you mean ", meant, "?"),
            None => msg!(
                "is not a field of this request (it takes ",
                Joined(known),
                ")"
            ),
        };
        problems.add(key.as_str(), ProblemCode::UnknownField, message);
    }
    if unknown.len() > MAX_REPORTED_UNKNOWN {
        problems.add(
            "body",
            ProblemCode::UnknownField,
            msg!(
                "has ",
                unknown.len() - MAX_REPORTED_UNKNOWN,
                " more fields that are not part of this request"
            ),
        );
    }
    problems.into_result(())
}

/// `backgroundColor` and `background_color` name the same field.
fn same_words(a: &str, b: &str) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    squash(a) == squash(b)
}
