//! Reading a request body under a size limit.

use http_body_util::BodyExt;
use hyper::body::{Body as _, Incoming};

use super::reply::{self, Reply};
use super::routes::Dropped;

/// After refusing a body as too large, this much more of it is read and thrown away, so that
/// the close that follows the answer is not a reset that could destroy the answer in transit.
const LINGER_BYTES: usize = 1024 * 1024;

/// The body, `413 payload_too_large` when it is over `limit`, or [`Dropped`] when the client
/// went away while sending it.
pub(crate) async fn read(
    mut body: Incoming,
    limit: usize,
) -> Result<Result<Vec<u8>, Reply>, Dropped> {
    let declared = body.size_hint().lower();
    // A declared length over the limit is refused before a byte of it is read.
    if declared > limit as u64 {
        return Ok(Err(reply::too_large(limit)));
    }
    // Only a little is taken before bytes arrive: a stalled upload holds no large buffer.
    let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(limit).min(64 * 1024));
    while let Some(frame) = body.frame().await {
        let Ok(chunk) = frame.map_err(|_| Dropped)?.into_data() else {
            continue; // trailers
        };
        if bytes.len() + chunk.len() > limit {
            discard(body, LINGER_BYTES).await;
            return Ok(Err(reply::too_large(limit)));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Ok(bytes))
}

/// Reads and throws away the body, up to `limit` bytes, so the connection closes (or stays
/// open) cleanly after an answer that did not need it.
pub(crate) async fn discard(mut body: Incoming, limit: usize) {
    let mut seen = 0;
    while seen <= limit {
        match body.frame().await {
            Some(Ok(frame)) => seen += frame.data_ref().map_or(0, |chunk| chunk.len()),
            _ => return,
        }
    }
}
