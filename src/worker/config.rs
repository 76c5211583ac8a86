//! The Worker's configuration: `[vars]` in `wrangler.toml` (or `--var` / dashboard values).
//!
//! | var | default | meaning |
//! |---|---|---|
//! | `WUTS_BACKEND_URL` | none (every API call answers 502) | base URL of the WUTS backend |
//! | `WUTS_BACKEND_TIMEOUT_MS` | 15000 | deadline for the backend's whole answer |
//! | `WUTS_MAX_IMAGE_BYTES` | 5 MiB | largest decoded image |
//! | `WUTS_MAX_VIDEO_BYTES` | 16 MiB | largest decoded video |
//! | `WUTS_MAX_BODY_BYTES` | `Limits::max_body_bytes()` of the two above | largest request body |
//! | `WUTS_ALLOWED_ORIGINS` | none | comma-separated origins the browser widget may call from |
//! | `WUTS_RATE_LIMIT_PERIOD_S` | 60 | the rate limit binding's `period`, for `Retry-After` |
//! | `WUTS_IDEMPOTENCY_TTL_S` | 86400 (24 h) | how long an `Idempotency-Key` is kept from its first use |
//! | `WUTS_TOKEN_CACHE_S` | 30 | how long a token's record is kept in the isolate; 0 turns the cache off |
//! | `WUTS_REQUEST_LOG` | `all` | which requests get a log line: `all`, `errors` (400 and above) or `none` |
//!
//! A value that does not parse falls back to the default, so a typo cannot take the proxy down;
//! numbers may be given as TOML strings or numbers. Vars cannot change while an isolate lives,
//! so they are read once per isolate ([`get`]).

use std::cell::OnceCell;
use std::rc::Rc;

use worker::Env;

use super::io;
use super::log::LogPolicy;
use crate::Limits;

/// Default deadline for the backend's answer.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;
/// Default rate-limit window, matching the binding's usual `period = 60`.
pub const DEFAULT_RATE_LIMIT_PERIOD_S: u64 = 60;

/// The edge proxy's settings: everything its vars say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeConfig {
    /// Base URL of the backend, without a trailing slash.
    pub backend_url: Option<String>,
    /// Deadline for the backend call, in milliseconds.
    pub timeout_ms: u32,
    /// Media limits for validation.
    pub limits: Limits,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Origins allowed to call from a browser, exactly as browsers send them.
    pub allowed_origins: Vec<String>,
    /// The rate limit window, in seconds.
    pub rate_limit_period_s: u64,
    /// How long an `Idempotency-Key` is kept, in milliseconds.
    pub idempotency_ttl_ms: u64,
    /// How long a token's record is kept in the isolate, in milliseconds; 0 for never.
    pub token_cache_ms: u64,
    /// Which requests get a log line.
    pub request_log: LogPolicy,
    /// The secret the tokens of schedules are sealed with (`WUTS_SCHEDULE_SECRET`); without
    /// it the schedule endpoints refuse to work.
    pub schedule_secret: Option<String>,
    /// The most active schedules a caller may have (`WUTS_MAX_SCHEDULES`).
    pub max_schedules: u32,
}

thread_local! {
    static CONFIG: OnceCell<Rc<EdgeConfig>> = const { OnceCell::new() };
}

/// The isolate's configuration, read from `env` by its first request.
pub fn get(env: &Env) -> Rc<EdgeConfig> {
    CONFIG.with(|config| {
        Rc::clone(
            config.get_or_init(|| Rc::new(EdgeConfig::from_lookup(|name| io::var(env, name)))),
        )
    })
}

impl EdgeConfig {
    /// Reads the vars through `lookup`, which returns a var's text.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let number = |name: &str| lookup(name).and_then(|v| v.trim().parse::<u64>().ok());
        let size = |name: &str, default: usize| {
            number(name)
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| *n > 0)
                .unwrap_or(default)
        };
        let defaults = Limits::default();
        let limits = Limits {
            max_image_bytes: size("WUTS_MAX_IMAGE_BYTES", defaults.max_image_bytes),
            max_video_bytes: size("WUTS_MAX_VIDEO_BYTES", defaults.max_video_bytes),
        };
        Self {
            backend_url: lookup("WUTS_BACKEND_URL")
                .map(|url| url.trim().trim_end_matches('/').to_owned())
                .filter(|url| !url.is_empty()),
            timeout_ms: number("WUTS_BACKEND_TIMEOUT_MS")
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n > 0)
                .unwrap_or(DEFAULT_TIMEOUT_MS),
            max_body_bytes: size("WUTS_MAX_BODY_BYTES", limits.max_body_bytes()),
            limits,
            allowed_origins: lookup("WUTS_ALLOWED_ORIGINS")
                .unwrap_or_default()
                .split(',')
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
            rate_limit_period_s: number("WUTS_RATE_LIMIT_PERIOD_S")
                .filter(|n| *n > 0)
                .unwrap_or(DEFAULT_RATE_LIMIT_PERIOD_S),
            idempotency_ttl_ms: number("WUTS_IDEMPOTENCY_TTL_S")
                .filter(|n| *n > 0)
                .unwrap_or(super::idempotency::DEFAULT_TTL_S)
                .saturating_mul(1000),
            // 0 is a value here: it turns the cache off.
            token_cache_ms: number("WUTS_TOKEN_CACHE_S")
                .unwrap_or(super::token_cache::DEFAULT_TTL_S)
                .saturating_mul(1000),
            request_log: LogPolicy::parse(lookup("WUTS_REQUEST_LOG").as_deref()),
            schedule_secret: lookup("WUTS_SCHEDULE_SECRET").filter(|s| !s.trim().is_empty()),
            max_schedules: number("WUTS_MAX_SCHEDULES")
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n > 0)
                .unwrap_or(super::schedules::DEFAULT_MAX_SCHEDULES),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> EdgeConfig {
        EdgeConfig::from_lookup(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn defaults_follow_the_contract() {
        let c = config(&[]);
        assert_eq!(c.backend_url, None);
        assert_eq!(c.timeout_ms, DEFAULT_TIMEOUT_MS);
        assert_eq!(c.max_body_bytes, Limits::default().max_body_bytes());
        assert!(c.allowed_origins.is_empty());
        assert_eq!(c.idempotency_ttl_ms, 24 * 60 * 60 * 1000);
        assert_eq!(c.token_cache_ms, 30_000);
        assert_eq!(c.request_log, LogPolicy::All);
    }

    #[test]
    fn the_token_cache_can_be_turned_off() {
        assert_eq!(config(&[("WUTS_TOKEN_CACHE_S", "0")]).token_cache_ms, 0);
        assert_eq!(config(&[("WUTS_TOKEN_CACHE_S", "2")]).token_cache_ms, 2_000);
        assert_eq!(
            config(&[("WUTS_TOKEN_CACHE_S", "-1")]).token_cache_ms,
            30_000
        );
    }

    #[test]
    fn reads_and_tidies_values() {
        let c = config(&[
            ("WUTS_BACKEND_URL", " http://127.0.0.1:8788/ "),
            ("WUTS_BACKEND_TIMEOUT_MS", "1500"),
            ("WUTS_MAX_VIDEO_BYTES", "1048576"),
            (
                "WUTS_ALLOWED_ORIGINS",
                "https://a.example, https://b.example/,",
            ),
            ("WUTS_IDEMPOTENCY_TTL_S", "5"),
        ]);
        assert_eq!(c.idempotency_ttl_ms, 5000);
        assert_eq!(c.backend_url.as_deref(), Some("http://127.0.0.1:8788"));
        assert_eq!(c.timeout_ms, 1500);
        // The body limit follows the largest media limit when not set itself.
        assert_eq!(
            c.max_body_bytes,
            (5 * 1024 * 1024usize).div_ceil(3) * 4 + 65_536
        );
        assert_eq!(
            c.allowed_origins,
            ["https://a.example", "https://b.example"]
        );
    }

    #[test]
    fn a_bad_value_falls_back_to_the_default() {
        let c = config(&[
            ("WUTS_BACKEND_TIMEOUT_MS", "soon"),
            ("WUTS_MAX_BODY_BYTES", "0"),
        ]);
        assert_eq!(c.timeout_ms, DEFAULT_TIMEOUT_MS);
        assert_eq!(c.max_body_bytes, Limits::default().max_body_bytes());
    }
}
