//! The request body: JSON only, and never more than the configured limit in memory.

use futures_util::StreamExt;
use worker::{Headers, Request};

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
pub fn check_content_type(headers: &Headers) -> Result<(), Reply> {
    match headers.get("content-type").ok().flatten() {
        Some(value) if is_json(&value) => Ok(()),
        _ => Err(Reply::error(
            "unsupported_media_type",
            "send the body as Content-Type: application/json",
        )),
    }
}

/// The 413 for a body over `limit` bytes.
pub fn too_large(limit: usize) -> Reply {
    Reply::error(
        "payload_too_large",
        &format!("the body is larger than this proxy's limit of {limit} bytes"),
    )
}

/// Whether a declared `Content-Length` is over the limit. A length that does not parse is
/// left to the counting read.
pub fn declared_too_large(content_length: Option<&str>, limit: usize) -> bool {
    content_length
        .and_then(|v| v.trim().parse::<u64>().ok())
        .is_some_and(|n| n > limit as u64)
}

/// The most memory taken for a body before any of it has arrived.
const RESERVE_UP_FRONT: usize = 64 * 1024;

/// Reads the body, refusing it from `Content-Length` before reading when it is declared too
/// large, and counting while reading otherwise (chunked bodies, or a length that lies).
pub async fn read_limited(req: &mut Request, limit: usize) -> Result<Vec<u8>, Reply> {
    let declared = req.headers().get("content-length").ok().flatten();
    if declared_too_large(declared.as_deref(), limit) {
        return Err(too_large(limit));
    }
    // No body at all is an empty one; validation then says what is missing.
    let Ok(mut stream) = req.stream() else {
        return Ok(Vec::new());
    };
    // Sized from the declared length (already known to be within the limit), so a 22 MB media
    // body is not grown by doubling and copied several times over; but only the first
    // RESERVE_UP_FRONT is taken before bytes arrive, so a caller who declares a large body and
    // then stalls holds no more than that.
    let declared = declared
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map_or(0, |n| n.min(limit));
    let mut body = Vec::with_capacity(declared.min(RESERVE_UP_FRONT));
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|_| Reply::error("invalid_request", "the request body could not be read"))?;
        if body.len() + chunk.len() > limit {
            // Dropping the stream cancels the rest of the upload.
            return Err(too_large(limit));
        }
        if body.len() + chunk.len() > body.capacity() && declared > body.len() {
            body.reserve_exact(declared - body.len());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
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
        assert!(declared_too_large(Some("101"), 100));
        assert!(!declared_too_large(Some("100"), 100));
        assert!(!declared_too_large(Some("lots"), 100));
        assert!(!declared_too_large(None, 100));
    }
}
