//! Which `Idempotency-Key` values a publish may carry: the edge proxy refuses any other with
//! 400, and the clients refuse to send one.

use crate::problem::{Problem, ProblemCode};

/// Longest key, in characters.
pub const MAX_LEN: usize = 255;

/// An `Idempotency-Key` given as `field` (the header, or a client's option): 1 to 255
/// printable ASCII characters.
pub fn check_idempotency_key<'k>(field: &str, key: &'k str) -> Result<&'k str, Problem> {
    let (code, message) = if key.is_empty() {
        (ProblemCode::Empty, "cannot be empty")
    } else if key.len() > MAX_LEN {
        (ProblemCode::TooLong, "must be at most 255 characters")
    } else if !key.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
        (
            ProblemCode::Invalid,
            "must be printable ASCII characters (a UUID is a good key)",
        )
    } else {
        return Ok(key);
    };
    Err(Problem::new(field, code, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_one_to_255_printable_ascii_characters() {
        for good in [
            "a",
            "8e03978e-40d5-43e8-bc93-6894a57f9324",
            "with space ~!",
            &"k".repeat(255),
        ] {
            assert_eq!(check_idempotency_key("key", good), Ok(good), "{good:?}");
        }
        for (bad, code) in [
            ("", ProblemCode::Empty),
            (&"k".repeat(256) as &str, ProblemCode::TooLong),
            ("tab\there", ProblemCode::Invalid),
            ("é", ProblemCode::Invalid),
        ] {
            assert_eq!(
                check_idempotency_key("key", bad).map_err(|p| p.code),
                Err(code),
                "{bad:?}"
            );
        }
    }
}
