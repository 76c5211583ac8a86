//! The inline-media path: `rules::base64::inspect`, the chunked decoder that never holds the
//! decoded media, against the `base64` crate's strict STANDARD engine; then sniffing and the
//! `data` rule on what it found.
//!
//! Checks, for the input as text: `inspect` accepts exactly what the reference decodes, with
//! the same decoded length and first bytes, and sniffing its head names the same type as
//! sniffing the whole decoded media. For the input as bytes: `inspect(encode(bytes))` reads
//! them back. The `data` rule reports a mismatch exactly when the signature disagrees.
#![no_main]

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use wuts_status::rules::base64::{encode, inspect, HEAD_LEN};
use wuts_status::rules::media::{check_data, MIME_TYPES};
use wuts_status::rules::sniff::{matches, sniff};
use wuts_status::{Limits, ProblemCode};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        against_reference(text);
    }
    let encoded = encode(data);
    let decoded = match inspect(&encoded) {
        Ok(decoded) => decoded,
        Err(why) => panic!("rejected its own encoding: {why}"),
    };
    assert_eq!(decoded.len, data.len());
    assert_eq!(decoded.head(), &data[..data.len().min(HEAD_LEN)]);
    data_rule(&encoded, decoded.head());
});

fn against_reference(text: &str) {
    let ours = inspect(text);
    match STANDARD.decode(text) {
        Ok(reference) => {
            let decoded = match ours {
                Ok(decoded) => decoded,
                Err(why) => panic!("rejected base64 the reference decodes: {why}"),
            };
            assert_eq!(decoded.len, reference.len());
            assert_eq!(decoded.head(), &reference[..reference.len().min(HEAD_LEN)]);
            assert_eq!(sniff(decoded.head()), sniff(&reference));
            data_rule(text, decoded.head());
        }
        Err(_) => {
            if let Ok(decoded) = ours {
                panic!("accepted what the reference rejects, as {decoded:?}");
            }
        }
    }
}

/// `data` is valid base64 whose decoded media starts with `head`.
fn data_rule(data: &str, head: &[u8]) {
    let limits = Limits::default();
    for mime in MIME_TYPES {
        let problems = check_data(data, Some(mime), &limits)
            .err()
            .unwrap_or_default();
        let mismatch = problems.iter().any(|p| p.code == ProblemCode::Mismatch);
        if head.is_empty() {
            assert_eq!(problems.len(), 1);
            assert_eq!(problems.as_slice()[0].code, ProblemCode::Empty);
        } else {
            assert_eq!(mismatch, !matches(mime, head), "{mime}: {problems:?}");
        }
        for problem in &problems {
            assert_eq!(problem.field, "data");
            assert!(!problem.message.is_empty());
        }
    }
}
