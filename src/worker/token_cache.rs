//! Token records kept in the isolate for a short while, so a busy caller's requests do not each
//! read the token store.
//!
//! A record read from KV is kept for `WUTS_TOKEN_CACHE_S` seconds (30 by default, 0 turns the
//! cache off); the answer "no such token" for at most [`MISS_MS`], so a token added a moment
//! after a caller first tried it works within seconds. KV itself is read with a `cacheTtl` of
//! [`KV_CACHE_TTL_S`], so a revoked token is refused everywhere within the sum of the two
//! (60 s by default: docs/edge.md). The cache holds at most [`CAPACITY`] tokens; when it is
//! full, the entry stored first goes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::auth::TenantRecord;

/// How long the answer "no such token" is kept at the most, in milliseconds.
pub const MISS_MS: f64 = 5_000.0;
/// The `cacheTtl` of the token store's reads, in seconds: the least KV accepts.
pub const KV_CACHE_TTL_S: u32 = 30;
/// Default time a record is kept in the isolate, in seconds.
pub const DEFAULT_TTL_S: u64 = 30;
/// The most tokens kept at once.
pub const CAPACITY: usize = 1024;

/// What the store said about a token, and until when that is believed.
#[derive(Debug, Clone)]
struct Entry {
    record: Option<Rc<TenantRecord>>,
    stored_ms: f64,
    until_ms: f64,
}

/// Token digests and what the store said about them.
#[derive(Debug)]
pub struct TokenCache {
    entries: HashMap<String, Entry>,
    capacity: usize,
}

impl TokenCache {
    /// An empty cache holding at most `capacity` tokens.
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: HashMap::new(),
            capacity,
        }
    }

    /// What the store said about `digest`, when that is still believed at `now_ms`: `Some(None)`
    /// for a token the store did not know.
    pub fn get(&self, digest: &str, now_ms: f64) -> Option<Option<Rc<TenantRecord>>> {
        self.entries
            .get(digest)
            .filter(|entry| now_ms < entry.until_ms)
            .map(|entry| entry.record.clone())
    }

    /// Keeps what the store said about `digest` at `now_ms`: a record for `ttl_ms`, no record
    /// for at most [`MISS_MS`]. Nothing is kept when `ttl_ms` is 0.
    pub fn put(
        &mut self,
        digest: &str,
        record: Option<Rc<TenantRecord>>,
        now_ms: f64,
        ttl_ms: f64,
    ) {
        let keep_ms = if record.is_some() {
            ttl_ms
        } else {
            ttl_ms.min(MISS_MS)
        };
        if keep_ms <= 0.0 || self.capacity == 0 {
            return;
        }
        if !self.entries.contains_key(digest) && self.entries.len() >= self.capacity {
            self.make_room(now_ms);
        }
        self.entries.insert(
            digest.to_owned(),
            Entry {
                record,
                stored_ms: now_ms,
                until_ms: now_ms + keep_ms,
            },
        );
    }

    /// Frees one place at least: the expired entries go, or else the one stored first.
    fn make_room(&mut self, now_ms: f64) {
        self.entries.retain(|_, entry| now_ms < entry.until_ms);
        if self.entries.len() < self.capacity {
            return;
        }
        let oldest = self
            .entries
            .iter()
            .min_by(|a, b| a.1.stored_ms.total_cmp(&b.1.stored_ms))
            .map(|(digest, _)| digest.clone());
        if let Some(digest) = oldest {
            self.entries.remove(&digest);
        }
    }

    /// How many tokens are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no token is kept.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

thread_local! {
    static CACHE: RefCell<TokenCache> = RefCell::new(TokenCache::new(CAPACITY));
}

/// The isolate's cached answer for `digest` at `now_ms` (see [`TokenCache::get`]).
pub fn lookup(digest: &str, now_ms: f64) -> Option<Option<Rc<TenantRecord>>> {
    CACHE.with(|cache| cache.borrow().get(digest, now_ms))
}

/// Keeps the store's answer for `digest` in the isolate (see [`TokenCache::put`]).
pub fn keep(digest: &str, record: Option<Rc<TenantRecord>>, now_ms: f64, ttl_ms: f64) {
    CACHE.with(|cache| cache.borrow_mut().put(digest, record, now_ms, ttl_ms));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(tenant: &str) -> Option<Rc<TenantRecord>> {
        Some(Rc::new(TenantRecord {
            tenant: tenant.into(),
            sha256: "d".repeat(64),
            revoked: false,
        }))
    }

    #[test]
    fn a_record_is_kept_for_its_time_and_no_longer() {
        let mut cache = TokenCache::new(8);
        cache.put("a", record("acme"), 1_000.0, 30_000.0);
        assert_eq!(cache.get("a", 1_000.0), Some(record("acme")));
        assert_eq!(cache.get("a", 30_999.0), Some(record("acme")));
        assert_eq!(cache.get("a", 31_000.0), None);
        assert_eq!(cache.get("b", 1_000.0), None);
    }

    #[test]
    fn an_unknown_token_is_kept_five_seconds_at_most() {
        let mut cache = TokenCache::new(8);
        cache.put("a", None, 0.0, 30_000.0);
        assert_eq!(cache.get("a", 4_999.0), Some(None));
        assert_eq!(cache.get("a", 5_000.0), None);
        cache.put("b", None, 0.0, 2_000.0);
        assert_eq!(cache.get("b", 2_000.0), None, "never longer than records");
    }

    #[test]
    fn a_time_of_zero_keeps_nothing() {
        let mut cache = TokenCache::new(8);
        cache.put("a", record("acme"), 0.0, 0.0);
        cache.put("b", None, 0.0, 0.0);
        assert!(cache.is_empty());
    }

    #[test]
    fn a_full_cache_lets_the_expired_go_then_the_oldest() {
        let mut cache = TokenCache::new(3);
        cache.put("a", record("a"), 0.0, 1_000.0);
        cache.put("b", record("b"), 10.0, 30_000.0);
        cache.put("c", record("c"), 20.0, 30_000.0);
        // "a" has expired: it goes, the others stay.
        cache.put("d", record("d"), 2_000.0, 30_000.0);
        assert_eq!(cache.len(), 3);
        assert!(cache.get("b", 2_000.0).is_some() && cache.get("d", 2_000.0).is_some());
        // None has expired: the one stored first goes.
        cache.put("e", record("e"), 3_000.0, 30_000.0);
        assert_eq!(cache.len(), 3);
        assert_eq!(cache.get("b", 3_000.0), None);
        assert!(cache.get("c", 3_000.0).is_some() && cache.get("e", 3_000.0).is_some());
    }

    #[test]
    fn storing_a_token_again_refreshes_it_without_growing() {
        let mut cache = TokenCache::new(2);
        cache.put("a", record("a"), 0.0, 1_000.0);
        cache.put("a", record("a2"), 5_000.0, 1_000.0);
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get("a", 5_500.0), Some(record("a2")));
    }

    #[test]
    fn the_cache_never_holds_more_than_its_capacity() {
        let mut cache = TokenCache::new(16);
        for i in 0..1_000u32 {
            cache.put(&i.to_string(), record("t"), f64::from(i), 60_000.0);
            assert!(cache.len() <= 16);
        }
        assert!(cache.get("999", 1_000.0).is_some());
        assert_eq!(cache.get("0", 1_000.0), None);
    }
}
