//! The request id: the caller's `X-Request-Id` when it is sane, else a fresh UUID. It goes to
//! the backend, back to the caller, and into the log line, so one id follows a request.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// WebCrypto's random UUID v4: random enough for ids, and no extra dependency.
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> String;
}

/// Longest incoming id kept.
pub const MAX_LEN: usize = 128;

/// The id for this request.
pub fn pick(incoming: Option<&str>) -> String {
    match incoming.map(str::trim) {
        Some(id) if is_sane(id) => id.to_owned(),
        _ => random_uuid(),
    }
}

/// Whether an incoming id can be echoed and logged as it is: short, and only characters that
/// cannot split a header or a log line or pass for markup.
pub fn is_sane(id: &str) -> bool {
    (1..=MAX_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_sane_ids() {
        assert!(is_sane("req-123_abc.def:9"));
        assert!(is_sane("3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71"));
        assert!(!is_sane(""));
        assert!(!is_sane("has space"));
        assert!(!is_sane("quote\"s"));
        assert!(!is_sane("<script>"));
        assert!(!is_sane(&"a".repeat(MAX_LEN + 1)));
    }
}
