//! What each answer is stamped with: message ids, request ids and timestamps.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Hands out ids that are unique within the process and differ between runs.
#[derive(Debug)]
pub(crate) struct Stamper {
    run: u64,
    messages: AtomicU64,
    requests: AtomicU64,
}

impl Stamper {
    pub(crate) fn new() -> Self {
        // RandomState is seeded from the OS: no extra dependency for a per-run key.
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        Self {
            run: hasher.finish(),
            messages: AtomicU64::new(0),
            requests: AtomicU64::new(0),
        }
    }

    /// `3EB0` and 20 upper-case hex digits, the shape of WhatsApp's ids. The last 16 digits are
    /// a bijection of a counter, so no two ids of one run are equal.
    pub(crate) fn message_id(&self) -> String {
        let n = self.messages.fetch_add(1, Ordering::Relaxed);
        format!(
            "3EB0{:04X}{:016X}",
            self.run >> 48,
            mix(n ^ self.run.rotate_left(17))
        )
    }

    /// 16 lower-case hex digits, for answers whose request brought no usable `X-Request-Id`.
    pub(crate) fn request_id(&self) -> String {
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        format!("{:016x}", mix(n.wrapping_add(self.run)))
    }
}

/// The splitmix64 finalizer: a bijection on `u64` that scatters consecutive inputs.
const fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn now() -> SystemTime {
    // The formatter rejects times before 1970; a clock set that far back is clamped instead.
    SystemTime::now().max(UNIX_EPOCH)
}

/// Now in RFC 3339 with a numeric offset (`2026-06-15T14:32:05+00:00`), as in the documented
/// success body, so clients meet an offset rather than only `Z`.
pub(crate) fn timestamp_with_offset() -> String {
    let mut stamp = humantime::format_rfc3339_seconds(now()).to_string();
    if stamp.ends_with('Z') {
        stamp.pop();
        stamp.push_str("+00:00");
    }
    stamp
}

/// Now in RFC 3339 UTC (`2026-06-15T12:00:00Z`), as in the documented flat error envelope.
pub(crate) fn timestamp_utc() -> String {
    humantime::format_rfc3339_seconds(now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn message_ids_have_the_documented_shape_and_never_repeat() {
        let stamper = Stamper::new();
        let mut seen = HashSet::new();
        for _ in 0..10_000 {
            let id = stamper.message_id();
            assert_eq!(id.len(), 24, "{id}");
            assert!(id.starts_with("3EB0"), "{id}");
            assert!(id[4..]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)));
            assert!(seen.insert(id));
        }
    }

    #[test]
    fn timestamps_are_rfc3339() {
        let with_offset = timestamp_with_offset();
        assert_eq!(with_offset.len(), "2026-06-15T14:32:05+00:00".len());
        assert!(with_offset.ends_with("+00:00"), "{with_offset}");
        assert!(humantime::parse_rfc3339(&timestamp_utc()).is_ok());
    }
}
