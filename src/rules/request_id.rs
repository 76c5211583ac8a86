//! Which incoming `X-Request-Id` values are kept: the edge proxy and `wuts-local` both echo a
//! sane one, log it and pass it on, and make a new one otherwise.

/// Longest incoming id kept.
pub const MAX_LEN: usize = 128;

/// Whether an incoming id can be echoed and logged as it is: short, and only characters that
/// need no escaping in a header, a log line or JSON, and cannot pass for markup (UUIDs and
/// base64-style ids fit).
pub fn is_sane(id: &str) -> bool {
    (1..=MAX_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:+/=".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

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
