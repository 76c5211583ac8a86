//! Times `StatusRequest::check_body`, the edge proxy's validation, natively: a text body and a
//! 1 MiB inline image. Build both commits with the Worker's opt-level to compare them:
//!
//!     CARGO_PROFILE_RELEASE_OPT_LEVEL=3 cargo run --release --example check_body

use std::hint::black_box;
use std::time::Instant;
use wuts_status::{Limits, MediaStatus, StatusRequest, TextStatus};

fn main() {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.resize(1 << 20, 7);
    let b64 = wuts_status::rules::base64::encode(&bytes);
    let body = format!(r#"{{"data":"{b64}","mime_type":"image/png","caption":"menu"}}"#);
    let text =
        br##"{"text":"We are open today from 9am to 6pm.","background_color":"#25D366","font":1}"##;
    let limits = Limits::default();
    for round in 0..3 {
        let t = Instant::now();
        for _ in 0..300 {
            black_box(MediaStatus::check_body(black_box(body.as_bytes()), &limits).is_ok());
        }
        let media = t.elapsed().as_micros() as f64 / 300.0;
        let t = Instant::now();
        for _ in 0..200_000 {
            black_box(TextStatus::check_body(black_box(text), &limits).is_ok());
        }
        let text_us = t.elapsed().as_nanos() as f64 / 200_000.0 / 1000.0;
        println!("round {round}: 1 MiB image check_body {media:.1} us, text {text_us:.2} us");
    }
}
