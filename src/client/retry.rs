//! [`Retry`]: how requests that may be sent again are retried.

use std::time::Duration;

/// How a request that may be sent again is retried: what [`Error::resend`](crate::Error::resend)
/// says to retry at once (for an idempotent request: no answer, a timeout, a gateway error),
/// up to `retries` more times, waiting `backoff` doubled on each attempt, at most `max_backoff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// How many times to send again after the first attempt.
    pub retries: u32,
    /// The wait before the first retry.
    pub backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
}

impl Retry {
    /// Never send again.
    pub const NONE: Self = Self {
        retries: 0,
        backoff: Duration::ZERO,
        max_backoff: Duration::ZERO,
    };

    /// The wait before retry number `attempt` (0 for the first).
    pub(crate) fn wait(&self, attempt: u32) -> Duration {
        let doubled = self
            .backoff
            .checked_mul(2u32.saturating_pow(attempt))
            .unwrap_or(Duration::MAX);
        doubled.min(self.max_backoff)
    }
}

/// Two retries, after 250 ms and 500 ms (never more than 5 s apart): the npm client's default.
impl Default for Retry {
    fn default() -> Self {
        Self {
            retries: 2,
            backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(5),
        }
    }
}
