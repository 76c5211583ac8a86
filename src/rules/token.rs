//! The bearer token: a UUID v4 in its hyphenated form, hex in either case.

use crate::problem::{Problem, ProblemCode};

/// What a token that is not one is told, naming no part of it.
pub const NOT_A_TOKEN: &str = "the bearer token is not an API token (a UUID v4)";

/// A token given as `field`: a hyphenated UUID v4
/// (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
pub fn check_token<'t>(field: &str, token: &'t str) -> Result<&'t str, Problem> {
    if is_uuid_v4(token) {
        return Ok(token);
    }
    Err(Problem::new(field, ProblemCode::Invalid, NOT_A_TOKEN))
}

/// Whether `token` is a hyphenated UUID v4: [`check_token`] as a yes or no, for readers that
/// report a bad token in their own words (an `Authorization` header).
pub fn is_uuid_v4(token: &str) -> bool {
    let b = token.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b' | b'A' | b'B')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_v4_in_either_case() {
        assert!(is_uuid_v4("3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71"));
        assert!(is_uuid_v4("3F2B8C1E-9D4A-4C7B-BE21-5A6F0D9C3B71"));
    }

    #[test]
    fn rejects_other_versions_variants_and_forms() {
        for bad in [
            "",
            "3f2b8c1e-9d4a-1c7b-8e21-5a6f0d9c3b71", // version 1
            "3f2b8c1e-9d4a-4c7b-7e21-5a6f0d9c3b71", // NCS variant
            "3f2b8c1e-9d4a-4c7b-ce21-5a6f0d9c3b71", // Microsoft variant
            "3f2b8c1e9d4a4c7b8e215a6f0d9c3b71",     // simple form
            "{3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71}", // braced
            "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b7g",
            "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71 ",
            "3f2b8c1e_9d4a-4c7b-8e21-5a6f0d9c3b71",
            "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b7é",
        ] {
            assert!(!is_uuid_v4(bad), "{bad}");
        }
    }
}
