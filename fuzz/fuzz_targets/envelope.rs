//! `read_response` on an arbitrary HTTP status and body (the first two bytes are the status,
//! big-endian; the rest is the body), read as each success type a client asks for.
//!
//! Checks: never panics; a success came from a JSON object with `success: true`; an API error
//! from one with `success: false` and keeps the status; anything else is
//! `UnexpectedResponse` with the status and exactly the lossy text of the body's first
//! `BODY_PREFIX_LEN` bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use wuts_status::envelope::SuccessBody;
use wuts_status::{read_response, Error, PrivacyUpdated, Published, BODY_PREFIX_LEN};

fuzz_target!(|data: &[u8]| {
    let [hi, lo, body @ ..] = data else {
        return;
    };
    let status = u16::from_be_bytes([*hi, *lo]);
    check::<Published>(status, body);
    check::<PrivacyUpdated>(status, body);
    check::<Value>(status, body);
});

fn check<T: for<'a> SuccessBody<&'a Value>>(status: u16, body: &[u8]) {
    let success = || {
        serde_json::from_slice::<Value>(body)
            .ok()
            .map(|v| v["success"].clone())
    };
    match read_response::<T>(status, body) {
        Ok(_) => assert_eq!(success(), Some(Value::Bool(true))),
        Err(err @ Error::Api { .. }) => {
            assert_eq!(err.status(), status);
            assert_eq!(success(), Some(Value::Bool(false)));
            // Everything a caller does with an error must hold for any envelope.
            let _ = (
                err.code(),
                err.to_string(),
                err.is_retryable(true),
                err.resend(),
                err.problems(),
            );
        }
        Err(Error::UnexpectedResponse {
            status: kept,
            body_prefix,
            request_id,
        }) => {
            assert_eq!(kept, status);
            // Only a client that read the answer's headers adds one.
            assert_eq!(request_id, None);
            let cut = &body[..body.len().min(BODY_PREFIX_LEN)];
            assert_eq!(body_prefix, String::from_utf8_lossy(cut));
            assert!(body_prefix.chars().count() <= BODY_PREFIX_LEN);
        }
        Err(other) => panic!("read_response gave {other:?}"),
    }
}
