//! The invariants the fuzz targets check, shared by the three request targets.

use std::fmt::Debug;

use wuts_status::{parse_body, Error, Limits, RequestBuilder, StatusRequest};

/// Limits small enough that a few bytes of inline media cross them, so the size rule runs
/// on inputs the fuzzer can reach; the defaults (5 MiB, 16 MiB) never trigger at `-max_len`.
pub const TINY_LIMITS: Limits = Limits {
    max_image_bytes: 12,
    max_video_bytes: 20,
};

/// Reads `body` as an `R` under the default limits and under [`TINY_LIMITS`], and checks:
///
/// - an accepted request's wire body (`to_json`) reads back as the same request, and
///   normalizing it again changes nothing: normalization is idempotent;
/// - a rejection is a validation error with at least one problem, each naming a field and
///   saying why.
///
/// Panicking anywhere, in the rules or here, is what the fuzzer reports.
pub fn check_request<R>(body: &[u8])
where
    R: StatusRequest + Clone + PartialEq + Debug,
{
    for limits in [Limits::default(), TINY_LIMITS] {
        agrees_with_the_oracle::<R>(body, &limits);
        match parse_body::<R>(body, &limits) {
            Ok(request) => check_accepted(&request, &limits),
            Err(problems) => {
                assert!(!problems.is_empty(), "rejected with no problem");
                for problem in &problems {
                    assert!(
                        !problem.field.is_empty(),
                        "problem without a field: {problem:?}"
                    );
                    assert!(
                        !problem.message.trim().is_empty(),
                        "problem without a message: {problem:?}"
                    );
                }
                // The 400 body the proxy builds from them must itself be a readable envelope.
                let answer = wuts_status::envelope::validation_error_body(&problems);
                let read = wuts_status::read_response::<serde_json::Value>(400, answer.as_bytes());
                match read {
                    Err(Error::Api {
                        problems: echoed, ..
                    }) => {
                        assert_eq!(echoed.as_slice(), problems.as_slice())
                    }
                    other => panic!("the 400 body did not read back as an envelope: {other:?}"),
                }
            }
        }
    }
}

/// The reader of untrusted bodies (a tree borrowing from the body, and the edge proxy's
/// wire body that keeps the body's own `data` string) agrees with the reader it replaced:
/// `serde_json::Value` read by `from_json`, then serialized whole.
fn agrees_with_the_oracle<R>(body: &[u8], limits: &Limits)
where
    R: StatusRequest + Clone + PartialEq + Debug,
{
    let read = parse_body::<R>(body, limits);
    let oracle = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => R::from_json(&value, limits),
        // Not JSON: one problem on `body`, with serde_json's own message.
        Err(e) => {
            match &read {
                Err(problems) => {
                    let [problem] = problems.as_slice() else {
                        panic!("not JSON, yet {problems:?}");
                    };
                    assert_eq!(problem.field, "body");
                    assert_eq!(problem.message, format!("is not valid JSON: {e}"));
                }
                other => panic!("a body serde_json refuses was read as {other:?}"),
            }
            return;
        }
    };
    assert_eq!(
        format!("{read:?}"),
        format!("{oracle:?}"),
        "the body reader and serde_json::Value disagree"
    );
    match (R::check_body(body, limits), &oracle) {
        (Ok(wire), Ok(request)) => assert_eq!(
            wire.to_vec(body),
            request.to_json().into_bytes(),
            "the forwarded wire body differs from the serialized request"
        ),
        (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
        (a, b) => panic!("check_body gave {a:?} where from_json gave {b:?}"),
    }
}

fn check_accepted<R>(request: &R, limits: &Limits)
where
    R: StatusRequest + Clone + PartialEq + Debug,
{
    let wire = request.to_json();
    let again = match parse_body::<R>(wire.as_bytes(), limits) {
        Ok(again) => again,
        Err(err) => panic!("the normalized body {wire} was rejected: {err}"),
    };
    assert_eq!(&again, request, "reading the normalized body changed it");
    assert_eq!(again.to_json(), wire, "the wire body is not stable");
    match R::Builder::from(request.clone()).build(limits) {
        Ok(built) => assert_eq!(&built, request, "building is not idempotent"),
        Err(err) => panic!("the builder path rejected an accepted request {wire}: {err}"),
    }
}
