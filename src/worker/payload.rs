//! The request's payload: declared as JSON (415), not declared larger than the configured limit
//! (413), and read without ever holding more than that limit in memory.

use crate::envelope::ApiCode;
use wasm_bindgen::JsValue;

use super::io::{self, BodyError};
use super::reply::Reply;

/// Whether a `Content-Type` value is JSON: `application/json`, any case, with parameters
/// such as `charset=utf-8` allowed.
pub fn is_json(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// The 415 for a body that is not declared as JSON.
pub fn check_content_type(content_type: Option<&str>) -> Result<(), Reply> {
    match content_type {
        Some(value) if is_json(value) => Ok(()),
        _ => Err(Reply::error(
            ApiCode::UnsupportedMediaType,
            "send the body as Content-Type: application/json",
        )),
    }
}

/// The 413 for a body over `limit` bytes.
pub fn too_large(limit: usize) -> Reply {
    Reply::error(
        ApiCode::PayloadTooLarge,
        &format!("the body is larger than this proxy's limit of {limit} bytes"),
    )
}

/// The body's declared length, or the 413 when it is over the limit. A length that does not
/// parse is left to the counting read.
pub fn declared_length(content_length: Option<&str>, limit: usize) -> Result<Option<usize>, Reply> {
    match content_length.and_then(|v| v.trim().parse::<u64>().ok()) {
        Some(n) if n > limit as u64 => Err(too_large(limit)),
        // Within the limit, so within usize.
        declared => Ok(declared.and_then(|n| usize::try_from(n).ok())),
    }
}

/// The body's framing, checked before it is read: the 415 when it is not declared as JSON,
/// then the 413 when its declared length is over `limit`; else that length, if any.
pub fn framing(
    content_type: Option<&str>,
    content_length: Option<&str>,
    limit: usize,
) -> Result<Option<usize>, Reply> {
    check_content_type(content_type)?;
    declared_length(content_length, limit)
}

/// Finishes reading the body whose read `first` started (see [`io::body`]): counted while
/// read, so a chunked body over the limit is refused without reading the rest. A body of over
/// 64 KiB takes its memory only once its first bytes have arrived, so a caller who declares a
/// large body and then stalls holds no more than that.
pub async fn read_limited(
    first: JsValue,
    declared: Option<usize>,
    limit: usize,
) -> Result<Vec<u8>, Reply> {
    io::body(first, declared, limit)
        .await
        .map_err(|err| match err {
            BodyError::TooLarge => too_large(limit),
            BodyError::Unreadable => Reply::error(
                ApiCode::InvalidRequest,
                "the request body could not be read",
            ),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/json-patch+json"));
        assert!(!is_json(""));
    }

    #[test]
    fn declared_lengths() {
        assert_eq!(declared_length(Some("101"), 100).unwrap_err().status, 413);
        assert_eq!(declared_length(Some(" 100 "), 100), Ok(Some(100)));
        assert_eq!(declared_length(Some("lots"), 100), Ok(None));
        assert_eq!(declared_length(None, 100), Ok(None));
    }

    #[test]
    fn framing_refuses_the_type_before_the_length() {
        let json = Some("application/json");
        assert_eq!(
            framing(Some("text/plain"), Some("101"), 100)
                .unwrap_err()
                .status,
            415
        );
        assert_eq!(framing(None, None, 100).unwrap_err().status, 415);
        assert_eq!(framing(json, Some("101"), 100).unwrap_err().status, 413);
        assert_eq!(framing(json, Some("7"), 100), Ok(Some(7)));
    }
}
