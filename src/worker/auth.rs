//! Tokens: the caller's bearer token, and the tenant it belongs to.
//!
//! Known tokens live in the `WUTS_TOKENS` KV namespace, keyed by the SHA-256 hex digest of the
//! token in lower case, so the store never holds a token in the clear and tokens are added or
//! revoked without a deploy (`scripts/ops/edge-token.mjs`). The value is a [`TenantRecord`]:
//!
//! ```json
//! {"tenant": "acme", "sha256": "<the key again>", "revoked": false}
//! ```
//!
//! The record repeats the digest, and the proxy compares it with the one it computed, in
//! constant time: a record filed under the wrong key does not authenticate anyone.

use crate::envelope::ApiCode;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::rc::Rc;
use subtle::ConstantTimeEq;
use wasm_bindgen::JsValue;
use worker::Env;

use super::config::EdgeConfig;
use super::io::{admit_token, BodyRead};
use super::ratelimit::{self, RATE_LIMITER_BINDING};
use super::reply::Reply;
use super::token_cache;
use crate::{Token, TokenError};

/// The KV binding that maps token digests to tenant records.
pub const TOKENS_BINDING: &str = "WUTS_TOKENS";

/// The `WWW-Authenticate` challenge of a 401 (RFC 6750).
const CHALLENGE: &str = r#"Bearer realm="wuts-status""#;

/// A token's entry in the KV namespace.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TenantRecord {
    /// Who the token belongs to; it names the caller in logs.
    pub tenant: String,
    /// The token's digest, the same as the key.
    pub sha256: String,
    /// Set when the token was revoked; the record stays so logs and audits can tell.
    #[serde(default)]
    pub revoked: bool,
}

/// A caller whose token is known and live.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The token, forwarded to the backend and used for nothing else.
    pub token: Token,
    /// The tenant of the token.
    pub tenant: String,
    /// The token's digest, which names the caller's store of idempotency keys.
    pub digest: String,
}

/// The SHA-256 hex digest of a token, in lower case so both spellings of a UUID are one key.
pub fn digest(token: &Token) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hash = Sha256::digest(token.expose().to_ascii_lowercase().as_bytes());
    let mut hex = String::with_capacity(64);
    for b in hash {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
}

/// Whether `record` is a live record for the token whose digest is `digest`.
pub fn accepts(record: &TenantRecord, digest: &str) -> bool {
    let same: bool = record.sha256.as_bytes().ct_eq(digest.as_bytes()).into();
    same && !record.revoked
}

/// The 401 for a missing or malformed token; the message never repeats the token.
pub fn unauthorized(err: TokenError) -> Reply {
    Reply::error(ApiCode::Unauthorized, err.message()).header("www-authenticate", CHALLENGE)
}

/// The 403 for a token the proxy does not know, or no longer honours.
pub fn forbidden() -> Reply {
    Reply::error(
        ApiCode::Forbidden,
        "this API token is not known or has been revoked",
    )
}

/// The caller behind an `Authorization` header, or the answer that refuses it: 401 for a
/// missing or malformed token, 403 for one the store does not know or has revoked, 429 when
/// the token is over its rate limit. The store, the limiter and the start of the body's read
/// (`body`, when the request is to be read) go in one call, in that order, each only when the
/// one before lets the request through; the record is judged here. The store is not asked when
/// the isolate has its answer from less than `WUTS_TOKEN_CACHE_S` ago ([`token_cache`]).
/// Returns the caller and the body's first read (see [`io::body`](super::io::body)).
pub async fn authenticate(
    authorization: Option<&str>,
    env: &Env,
    config: &EdgeConfig,
    body: Option<BodyRead<'_>>,
    now_ms: f64,
) -> Result<(Caller, JsValue), Reply> {
    let token = Token::from_authorization(authorization).map_err(unauthorized)?;
    let digest = digest(&token);
    // What the isolate last heard from the store: a token it did not know is refused at once;
    // a known record still goes through the limiter, as one read from the store does.
    let cached = token_cache::lookup(&digest, now_ms);
    if matches!(cached, Some(None)) {
        return Err(forbidden());
    }
    let admission = admit_token(
        env,
        TOKENS_BINDING,
        RATE_LIMITER_BINDING,
        &digest,
        cached.is_some(),
        body,
    )
    .await
    .map_err(|_| store_unavailable())?;
    let record = match cached {
        Some(record) => record,
        None => {
            // A record that does not parse is a broken entry, not a reason to let anyone in.
            let record = admission
                .record
                .and_then(|record| serde_json::from_str::<TenantRecord>(&record).ok())
                .map(Rc::new);
            token_cache::keep(
                &digest,
                record.clone(),
                now_ms,
                config.token_cache_ms as f64,
            );
            record
        }
    };
    let record = record
        .filter(|record| accepts(record, &digest))
        .ok_or_else(forbidden)?;
    if !admission.allowed {
        return Err(ratelimit::limited_now(config));
    }
    let caller = Caller {
        token,
        tenant: record.tenant.clone(),
        digest,
    };
    Ok((caller, admission.body))
}

fn store_unavailable() -> Reply {
    Reply::error(
        ApiCode::InternalError,
        "the token store is unavailable; try again",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71";

    #[test]
    fn digests_are_lower_case_hex_of_the_lower_case_token() {
        let lower = digest(&Token::parse(T).unwrap());
        let upper = digest(&Token::parse(&T.to_ascii_uppercase()).unwrap());
        assert_eq!(lower, upper);
        assert_eq!(lower.len(), 64);
        // printf %s 3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71 | sha256sum
        assert_eq!(
            lower,
            "a36adda56475fb0b702b42477677956a2b07f97b6da2fef30a8125995447f692"
        );
    }

    #[test]
    fn records_must_match_the_digest_and_be_live() {
        let digest = digest(&Token::parse(T).unwrap());
        let record = TenantRecord {
            tenant: "acme".into(),
            sha256: digest.clone(),
            revoked: false,
        };
        assert!(accepts(&record, &digest));
        assert!(!accepts(
            &TenantRecord {
                revoked: true,
                ..record.clone()
            },
            &digest
        ));
        assert!(!accepts(
            &TenantRecord {
                sha256: "0".repeat(64),
                ..record
            },
            &digest
        ));
    }

    #[test]
    fn refusals_never_echo_the_token() {
        let reply = unauthorized(TokenError::Malformed);
        assert_eq!(reply.status, 401);
        assert!(reply.get_header("www-authenticate").is_some());
        assert!(!String::from_utf8_lossy(&reply.body).contains(T));
        assert_eq!(forbidden().status, 403);
    }
}
