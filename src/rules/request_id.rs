//! Which incoming `X-Request-Id` values are kept: the edge proxy and `wuts-local` both echo a
//! sane one, log it and pass it on, and make a new one otherwise.

use crate::problem::{Problem, ProblemCode};

/// Longest incoming id kept.
pub const MAX_LEN: usize = 128;

/// A request id given as `field` that can be echoed and logged as it is: short, and only
/// characters that need no escaping in a header, a log line or JSON, and cannot pass for markup
/// (UUIDs and base64-style ids fit). The proxy and `wuts-local` replace an incoming id that is
/// not one; the clients refuse to send it.
pub fn check_request_id<'i>(field: &str, id: &'i str) -> Result<&'i str, Problem> {
    let sane = (1..=MAX_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:+/=".contains(&b));
    if sane {
        return Ok(id);
    }
    Err(Problem::new(
        field,
        ProblemCode::Invalid,
        "must be 1 to 128 letters, digits or -_.:+/= characters",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_sane(id: &str) -> bool {
        check_request_id("id", id).is_ok()
    }

    #[test]
    fn keeps_only_sane_ids() {
        assert!(is_sane("req-123_abc.def:9"));
        assert!(is_sane("3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71"));
        assert!(is_sane("aGVsbG8+d29ybGQ/=="));
        assert!(!is_sane(""));
        assert!(!is_sane("has space"));
        assert!(!is_sane("quote\"s"));
        assert!(!is_sane("<script>"));
        assert!(!is_sane("line\nbreak"));
        assert!(!is_sane(&"a".repeat(MAX_LEN + 1)));
    }
}
