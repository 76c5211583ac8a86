//! [`Call`]: the options of one request.

use std::time::Duration;

use web_sys::AbortSignal;

use crate::problem::ProblemCode;
use crate::rules::idempotency_key::check_idempotency_key;
use crate::rules::request_id::check_request_id;
use crate::Problems;

/// Options of one request, for [`Client::send`](super::Client::send). All are optional.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct Call {
    signal: Option<AbortSignal>,
    timeout: Option<Duration>,
    request_id: Option<String>,
    idempotency_key: Option<String>,
}

impl Call {
    /// No options: the client's deadline, no signal, no id, no key.
    pub fn new() -> Self {
        Self::default()
    }

    /// Ends the request with [`Error::Aborted`](crate::Error::Aborted) when `signal` aborts
    /// (from an `AbortController`, say when a page is left). An already aborted signal sends
    /// nothing.
    pub fn signal(mut self, signal: &AbortSignal) -> Self {
        self.signal = Some(signal.clone());
        self
    }

    /// The deadline of each attempt of this request, instead of the client's;
    /// [`Duration::ZERO`] for none.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sent as `X-Request-Id`, which the edge proxy and `wuts-local` log and echo: up to 128
    /// letters, digits and `-_.:+/=`. Without it the server makes one, which errors carry
    /// ([`Error::request_id`](crate::Error::request_id)).
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// Sent as `Idempotency-Key` with a publish: 1 to 255 printable ASCII characters. A server
    /// that honours it (the edge proxy) answers a repeat with the first answer instead of
    /// posting twice, which lets a client built with
    /// [`retry_publish`](super::ClientBuilder::retry_publish) retry the publish. Refused for a
    /// privacy update, which is idempotent by itself.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// The caller's signal, if any.
    pub(crate) fn abort_signal(&self) -> Option<&AbortSignal> {
        self.signal.as_ref()
    }

    pub(crate) fn deadline(&self) -> Option<Duration> {
        self.timeout
    }

    pub(crate) fn has_idempotency_key(&self) -> bool {
        self.idempotency_key.is_some()
    }

    /// The extra headers of this call, as `(name, value)`.
    pub(crate) fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let id = self.request_id.as_deref().map(|id| ("x-request-id", id));
        let key = self
            .idempotency_key
            .as_deref()
            .map(|key| ("idempotency-key", key));
        id.into_iter().chain(key)
    }

    /// Records every problem with these options for a request that is `idempotent` or not.
    pub(crate) fn check(&self, idempotent: bool, problems: &mut Problems) {
        if let Some(id) = &self.request_id {
            problems.extend(check_request_id("request_id", id).err());
        }
        if let Some(key) = &self.idempotency_key {
            if idempotent {
                problems.add(
                    "idempotency_key",
                    ProblemCode::Unsupported,
                    "applies to publishes only: a privacy update is idempotent by itself",
                );
            } else {
                problems.extend(check_idempotency_key("idempotency_key", key).err());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(call: &Call, idempotent: bool) -> Vec<(String, ProblemCode)> {
        let mut problems = Problems::new();
        call.check(idempotent, &mut problems);
        problems.into_iter().map(|p| (p.field, p.code)).collect()
    }

    #[test]
    fn sane_options_have_no_problems() {
        let call = Call::new()
            .request_id("req-1")
            .idempotency_key("menu 2026-06-15");
        assert!(problems(&call, false).is_empty());
        assert_eq!(
            call.headers().collect::<Vec<_>>(),
            [
                ("x-request-id", "req-1"),
                ("idempotency-key", "menu 2026-06-15")
            ]
        );
    }

    #[test]
    fn bad_ids_and_keys_are_named() {
        // The edge proxy's rule (`rules::idempotency_key`), with its codes.
        for (key, code) in [
            (String::new(), ProblemCode::Empty),
            ("é".into(), ProblemCode::Invalid),
            ("a\nb".into(), ProblemCode::Invalid),
            ("k".repeat(256), ProblemCode::TooLong),
        ] {
            let call = Call::new().idempotency_key(key.clone());
            assert_eq!(
                problems(&call, false),
                [("idempotency_key".to_owned(), code)],
                "{key:?}"
            );
        }
        let keyed_privacy = Call::new().idempotency_key("k");
        assert_eq!(
            problems(&keyed_privacy, true),
            [("idempotency_key".to_owned(), ProblemCode::Unsupported)]
        );
        let id = Call::new().request_id("has space");
        assert_eq!(
            problems(&id, true),
            [("request_id".to_owned(), ProblemCode::Invalid)]
        );
    }
}
