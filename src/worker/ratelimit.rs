//! The per-token rate limit, through the Workers Rate Limiting binding `WUTS_RATE_LIMITER`
//! (`[[ratelimits]]` in `wrangler.toml`; workerd and Miniflare implement it locally).
//!
//! The key is the token's digest, never the token; `edge.js` asks the binding in the same call
//! that reads the token's record, and only for a token that has one. The binding only says
//! yes or no; its windows are aligned to the wall clock (`floor(now / period)`), so
//! `Retry-After` is the time left in the current window, at least one second. Without the binding there is no limit,
//! and a binding that fails lets the request through (with a warning in the log): the limit
//! protects the backend, and an outage of the limiter should not become an outage of the API.
//! The binding is looked up by name, not through the SDK's typed getter, whose JavaScript class
//! check differs between the platform and the local runtime; `limit()` is the same on both.

use crate::envelope::ApiCode;
use worker::js_sys;

use super::config::EdgeConfig;
use super::reply::Reply;

/// The rate limit binding's name.
pub const RATE_LIMITER_BINDING: &str = "WUTS_RATE_LIMITER";

/// Seconds until the window that holds `now_ms` ends; at least 1.
pub fn retry_after(now_ms: f64, period_s: u64) -> u64 {
    let period_s = period_s.max(1);
    // Whole seconds since the epoch; the clock is far from overflowing u64.
    let now_s = (now_ms.max(0.0) / 1000.0).floor() as u64;
    (period_s - now_s % period_s).max(1)
}

/// The 429 with its `Retry-After`.
pub fn limited(retry_after_s: u64) -> Reply {
    Reply::error(
        ApiCode::RateLimited,
        &format!("too many requests for this token; retry in {retry_after_s} s"),
    )
    .header("retry-after", &retry_after_s.to_string())
}

/// The 429 for a request refused now.
pub fn limited_now(config: &EdgeConfig) -> Reply {
    limited(retry_after(js_sys::Date::now(), config.rate_limit_period_s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_the_rest_of_the_window() {
        assert_eq!(retry_after(120_000.0, 60), 60);
        assert_eq!(retry_after(120_999.0, 60), 60);
        assert_eq!(retry_after(179_500.0, 60), 1);
        assert_eq!(retry_after(125_000.0, 10), 5);
        assert_eq!(retry_after(1_000.0, 0), 1);
    }

    #[test]
    fn the_429_says_when_to_come_back() {
        let reply = limited(7);
        assert_eq!(reply.status, 429);
        assert_eq!(reply.get_header("retry-after"), Some("7"));
    }
}
