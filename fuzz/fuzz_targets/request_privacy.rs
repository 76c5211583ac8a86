//! `parse_body::<StatusPrivacy>` on arbitrary bytes: never panics, accepted bodies normalize
//! idempotently, rejections name a field and a reason.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wuts_status::StatusPrivacy;
use wuts_status_fuzz::check_request;

fuzz_target!(|body: &[u8]| check_request::<StatusPrivacy>(body));
