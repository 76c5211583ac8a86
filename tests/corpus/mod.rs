//! The shared fixture corpus runner: every case of `tests/fixtures/*.json` against the core.
//!
//! Pure Rust with no I/O (the fixtures are embedded with `include_str!`), so the same runner
//! is included by the native, Node and browser suites. `tests/fixtures/README.md` documents the
//! format. A file with no cases, a malformed case or a duplicate name is a failure too: a corpus
//! that silently runs nothing must not pass.

use std::collections::HashSet;
use std::fmt::Debug;

use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};
use wuts_status::rules::base64;
use wuts_status::rules::url::{check_url, parse, Host};
use wuts_status::{
    parse_body, read_response, Error, Limits, MediaStatus, PrivacyUpdated, Problems, Published,
    StatusPrivacy, StatusRequest, TextStatus, Token, TokenError, BODY_PREFIX_LEN,
};

/// One test per part of the corpus, each marked with the given test attribute: `test` natively,
/// `wasm_bindgen_test` in Node and in browsers. Every entry runs the same list.
macro_rules! corpus_tests {
    ($attr:path) => {
        #[$attr]
        fn text_requests() {
            corpus::check(corpus::Part::Text);
        }

        #[$attr]
        fn media_requests() {
            corpus::check(corpus::Part::Media);
        }

        #[$attr]
        fn privacy_requests() {
            corpus::check(corpus::Part::Privacy);
        }

        #[$attr]
        fn tokens() {
            corpus::check(corpus::Part::Tokens);
        }

        #[$attr]
        fn media_urls() {
            corpus::check(corpus::Part::MediaUrls);
        }

        #[$attr]
        fn responses() {
            corpus::check(corpus::Part::Responses);
        }

        #[$attr]
        fn generated_limits() {
            corpus::check(corpus::Part::Generated);
        }
    };
}

/// One part of the corpus: a fixture file, or the cases too big to keep in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `text.json`: `POST /status/text` bodies.
    Text,
    /// `media.json`: `POST /status/media` bodies.
    Media,
    /// `privacy.json`: `PUT /status/privacy` bodies.
    Privacy,
    /// `tokens.json`: tokens and `Authorization` headers.
    Tokens,
    /// `media_urls.json`: the SSRF corpus.
    MediaUrls,
    /// `responses.json`: answers in both envelope shapes, and the rest.
    Responses,
    /// Cases generated here: the 10,000-entry list limit and the default media size limits.
    Generated,
}

/// Runs one part and panics with every failure, naming each case.
pub fn check(part: Part) {
    match run(part) {
        Ok(_) => {}
        Err(failures) => panic!(
            "{part:?} corpus: {} failure(s):\n  {}",
            failures.len(),
            failures.join("\n  ")
        ),
    }
}

/// Runs one part: the number of cases that ran, or every failure.
pub fn run(part: Part) -> Result<usize, Vec<String>> {
    let outcome = match part {
        Part::Text => requests::<TextStatus>(include_str!("../fixtures/text.json")),
        Part::Media => requests::<MediaStatus>(include_str!("../fixtures/media.json")),
        Part::Privacy => requests::<StatusPrivacy>(include_str!("../fixtures/privacy.json")),
        Part::Tokens => file(include_str!("../fixtures/tokens.json"), token_case),
        Part::MediaUrls => file(include_str!("../fixtures/media_urls.json"), url_case),
        Part::Responses => file(include_str!("../fixtures/responses.json"), response_case),
        Part::Generated => generated(),
    };
    match outcome {
        Ok((0, _)) => Err(vec!["no cases ran: an empty corpus proves nothing".into()]),
        Ok((count, failures)) if failures.is_empty() => Ok(count),
        Ok((_, failures)) => Err(failures),
        Err(why) => Err(vec![why]),
    }
}

/// How many cases ran and which failed; `Err` when the file itself is unusable.
type Outcome = Result<(usize, Vec<String>), String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File<C> {
    #[allow(dead_code)]
    description: String,
    cases: Vec<C>,
}

/// Parses a fixture file and runs `each` on every case, keyed by its name.
fn file<C>(text: &str, each: fn(&C) -> Result<(), String>) -> Outcome
where
    C: for<'de> Deserialize<'de> + Named,
{
    let file: File<C> =
        serde_json::from_str(text).map_err(|e| format!("the fixture file does not parse: {e}"))?;
    Ok(run_cases(&file.cases, each))
}

fn run_cases<C: Named>(cases: &[C], each: fn(&C) -> Result<(), String>) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut names = HashSet::new();
    for case in cases {
        let name = case.name();
        if !names.insert(name.to_owned()) {
            failures.push(format!("{name:?}: the name is used twice"));
        }
        if let Err(why) = each(case) {
            failures.push(format!("{name:?}: {why}"));
        }
    }
    (cases.len(), failures)
}

trait Named {
    fn name(&self) -> &str;
}

/// `null` must stay distinguishable from a missing key: a body of `null` is a case of its own.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

// ---- requests ----------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestCase {
    name: String,
    #[serde(default, deserialize_with = "present")]
    body: Option<Value>,
    #[serde(default)]
    raw: Option<String>,
    #[serde(default)]
    valid: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    normalized: Option<Value>,
    #[serde(default)]
    problems: Option<Vec<ExpectedProblem>>,
    #[serde(default)]
    limits: Option<LimitsSpec>,
}

impl Named for RequestCase {
    fn name(&self) -> &str {
        &self.name
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedProblem {
    field: String,
    code: String,
    #[serde(default)]
    message_contains: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsSpec {
    max_image_bytes: Option<usize>,
    max_video_bytes: Option<usize>,
}

impl LimitsSpec {
    fn limits(&self) -> Limits {
        let default = Limits::default();
        Limits {
            max_image_bytes: self.max_image_bytes.unwrap_or(default.max_image_bytes),
            max_video_bytes: self.max_video_bytes.unwrap_or(default.max_video_bytes),
        }
    }
}

fn requests<R: StatusRequest>(text: &str) -> Outcome {
    let file: File<RequestCase> =
        serde_json::from_str(text).map_err(|e| format!("the fixture file does not parse: {e}"))?;
    Ok(run_cases(&file.cases, request_case::<R>))
}

/// A request case: the body read from JSON and from bytes must agree, and match the expectation.
fn request_case<R: StatusRequest>(case: &RequestCase) -> Result<(), String> {
    let limits = case
        .limits
        .as_ref()
        .map(LimitsSpec::limits)
        .unwrap_or_default();
    let (bytes, value) = match (&case.body, &case.raw) {
        (Some(body), None) => (body.to_string(), Some(body)),
        (None, Some(raw)) => (raw.clone(), None),
        _ => return Err("give exactly one of body and raw".into()),
    };
    let from_bytes = outcome(parse_body::<R>(bytes.as_bytes(), &limits));
    // What the edge proxy forwards is the same wire body, byte for byte, with the same problems.
    let checked = R::check_body(bytes.as_bytes(), &limits)
        .map(|wire| String::from_utf8_lossy(&wire.to_vec(bytes.as_bytes())).into_owned());
    let checked = match checked {
        Ok(wire) => Ok(wire),
        Err(err) => outcome::<R>(Err(err)),
    };
    if checked != from_bytes {
        return Err(format!(
            "check_body gave {checked:?} but parse_body {from_bytes:?}"
        ));
    }
    if let Some(value) = value {
        let from_value = outcome(R::from_json(value, &limits));
        if from_value != from_bytes {
            return Err(format!(
                "reading the body as JSON gave {from_value:?} but as bytes {from_bytes:?}"
            ));
        }
    }
    match (case.valid, &case.problems) {
        (Some(true), None) => {
            let wire = from_bytes.map_err(|got| format!("expected valid, got {got:?}"))?;
            let expected = match (&case.normalized, value) {
                (Some(normalized), _) => normalized.clone(),
                (None, Some(body)) => body.clone(),
                (None, None) => serde_json::from_str(&bytes)
                    .map_err(|e| format!("a valid raw body must be JSON: {e}"))?,
            };
            let got: Value = serde_json::from_str(&wire).map_err(|e| e.to_string())?;
            if got != expected {
                return Err(format!("normalized to {got}, expected {expected}"));
            }
            // Normalizing is idempotent: the wire body is itself valid and unchanged.
            let again = outcome(R::from_json(&got, &limits));
            if again.as_ref() != Ok(&wire) {
                return Err(format!(
                    "normalizing {wire} again gave {again:?}: not idempotent"
                ));
            }
            Ok(())
        }
        (None, Some(expected)) if !expected.is_empty() && case.normalized.is_none() => {
            match from_bytes {
                Ok(wire) => Err(format!("expected problems, got valid {wire}")),
                Err(got) => compare_problems(&got, expected),
            }
        }
        _ => {
            Err("give either \"valid\": true (and maybe normalized) or a non-empty problems".into())
        }
    }
}

/// The wire body of a valid request, or its problems as `(field, code, message)`.
fn outcome<R: StatusRequest>(result: Result<R, Problems>) -> Result<String, Vec<[String; 3]>> {
    match result {
        Ok(request) => Ok(request.to_json()),
        Err(problems) => Err(problems
            .as_slice()
            .iter()
            .map(|p| {
                [
                    p.field.clone(),
                    p.code.as_str().to_owned(),
                    p.message.clone(),
                ]
            })
            .collect()),
    }
}

fn compare_problems(got: &[[String; 3]], expected: &[ExpectedProblem]) -> Result<(), String> {
    let got_pairs: Vec<_> = got.iter().map(|[f, c, _]| format!("{f}:{c}")).collect();
    let want_pairs: Vec<_> = expected
        .iter()
        .map(|p| format!("{}:{}", p.field, p.code))
        .collect();
    if got_pairs != want_pairs {
        return Err(format!(
            "problems {got_pairs:?}, expected {want_pairs:?} (messages: {:?})",
            got.iter().map(|[_, _, m]| m).collect::<Vec<_>>()
        ));
    }
    for ([field, _, message], want) in got.iter().zip(expected) {
        if let Some(part) = &want.message_contains {
            if !message.contains(part.as_str()) {
                return Err(format!(
                    "{field}: message {message:?} does not contain {part:?}"
                ));
            }
        }
    }
    Ok(())
}

// ---- tokens ------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenCase {
    name: String,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    valid: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    authorization: Option<Value>,
    #[serde(default)]
    expect: Option<String>,
}

impl Named for TokenCase {
    fn name(&self) -> &str {
        &self.name
    }
}

fn token_case(case: &TokenCase) -> Result<(), String> {
    match (&case.token, case.valid, &case.authorization, &case.expect) {
        (Some(token), Some(valid), None, None) => {
            let got = Token::parse(token);
            let rule = wuts_status::rules::token::check_token("token", token).is_ok();
            if got.is_ok() != valid || rule != valid {
                return Err(format!("Token::parse gave {got:?}, check_token {rule}"));
            }
            Ok(())
        }
        (None, None, Some(header), Some(expect)) => {
            let header = match header {
                Value::Null => None,
                Value::String(s) => Some(s.as_str()),
                other => return Err(format!("authorization must be a string or null: {other}")),
            };
            let got = match Token::from_authorization(header) {
                Ok(_) => "ok",
                Err(TokenError::Missing) => "missing",
                Err(TokenError::Malformed) => "malformed",
                Err(other) => return Err(format!("an unknown token error {other:?}")),
            };
            expect_eq("outcome", got, expect.as_str())
        }
        _ => Err("give token and valid, or authorization and expect".into()),
    }
}

// ---- media URLs --------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UrlCase {
    url: String,
    expect: String,
    #[serde(default)]
    host: Option<String>,
}

impl Named for UrlCase {
    fn name(&self) -> &str {
        &self.url
    }
}

fn url_case(case: &UrlCase) -> Result<(), String> {
    let got = match check_url(&case.url) {
        Ok(_) => "ok".to_owned(),
        Err(problem) => {
            expect_eq("field", problem.field.as_str(), "url")?;
            problem.code.as_str().to_owned()
        }
    };
    expect_eq("outcome", got.as_str(), case.expect.as_str())?;
    if let Some(host) = &case.host {
        let parsed = parse(&case.url).map_err(|(code, why)| format!("parse: {code}: {why}"))?;
        expect_eq("host", whatwg_host(&parsed).as_str(), host.as_str())?;
    }
    // The same URL inside a request, as the edge and wuts-local see it.
    let body = json!({"url": case.url, "media_type": "image"});
    let in_request = match MediaStatus::from_json(&body, &Limits::default()) {
        Ok(_) => "ok".to_owned(),
        Err(err) => match err.as_slice() {
            [only] if only.field == "url" => only.code.as_str().to_owned(),
            other => return Err(format!("inside a request: {other:?}")),
        },
    };
    expect_eq(
        "outcome inside a request",
        in_request.as_str(),
        case.expect.as_str(),
    )
}

/// The host as WHATWG URL serializers (and so `new URL(..).hostname`) write it, without a
/// domain's trailing dot. Rust's `Ipv6Addr` display differs only for IPv4-mapped addresses.
fn whatwg_host(host: &Host) -> String {
    match host {
        Host::Domain(name) => name.clone(),
        Host::Ipv4(ip) => ip.to_string(),
        Host::Ipv6(ip) => match ip.segments() {
            [0, 0, 0, 0, 0, 0xffff, hi, lo] => format!("[::ffff:{hi:x}:{lo:x}]"),
            _ => format!("[{ip}]"),
        },
    }
}

// ---- responses ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseCase {
    name: String,
    endpoint: String,
    status: u16,
    body: String,
    expect: ExpectedResponse,
}

impl Named for ResponseCase {
    fn name(&self) -> &str {
        &self.name
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedResponse {
    kind: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    problems: Option<Vec<ExpectedProblem>>,
    #[serde(default)]
    retryable: Option<bool>,
    #[serde(default)]
    message_id: Option<String>,
    #[serde(default)]
    status_type: Option<String>,
    #[serde(rename = "type", default)]
    audience: Option<String>,
    #[serde(default)]
    list: Option<Vec<String>>,
}

fn response_case(case: &ResponseCase) -> Result<(), String> {
    let body = case.body.as_bytes();
    let want = &case.expect;
    let result: Result<Value, Error> = match case.endpoint.as_str() {
        "text" | "media" => read_response::<Published>(case.status, body)
            .map(|p| json!({"message_id": p.message_id, "status_type": p.status_type})),
        "privacy" => read_response::<PrivacyUpdated>(case.status, body)
            .map(|p| json!({"type": p.audience, "list": p.list})),
        other => return Err(format!("unknown endpoint {other:?}")),
    };
    match (want.kind.as_str(), result) {
        ("success", Ok(value)) => {
            let fields = [
                ("message_id", want.message_id.as_ref().map(|s| json!(s))),
                ("status_type", want.status_type.as_ref().map(|s| json!(s))),
                ("type", want.audience.as_ref().map(|s| json!(s))),
                ("list", want.list.as_ref().map(|l| json!(l))),
            ];
            for (key, expected) in fields {
                if let Some(expected) = expected {
                    if value.get(key) != Some(&expected) {
                        return Err(format!("{key}: got {value}, expected {expected}"));
                    }
                }
            }
            Ok(())
        }
        ("success", Err(err)) => Err(format!("expected success, got {err:?}")),
        (kind @ ("api" | "unexpected_response"), Err(err)) => {
            let got_kind = match &err {
                Error::Api { .. } => "api",
                Error::UnexpectedResponse { .. } => "unexpected_response",
                _ => "another error",
            };
            expect_eq("kind", got_kind, kind)?;
            expect_eq("status", &err.status(), &want.status.unwrap_or(case.status))?;
            if let Error::UnexpectedResponse { body_prefix, .. } = &err {
                expect_eq("code", err.code(), "unexpected_response")?;
                let prefix = String::from_utf8_lossy(&body[..body.len().min(BODY_PREFIX_LEN)]);
                expect_eq("body prefix", body_prefix.as_str(), prefix.as_ref())?;
            }
            if let Some(code) = &want.code {
                expect_eq("code", err.code(), code.as_str())?;
            }
            if let (Some(message), Error::Api { message: got, .. }) = (&want.message, &err) {
                expect_eq("message", got.as_str(), message.as_str())?;
            }
            if let Some(retryable) = want.retryable {
                expect_eq("retryable", &err.is_retryable(true), &retryable)?;
            }
            let problems: Vec<[String; 3]> = err
                .problems()
                .iter()
                .map(|p| {
                    [
                        p.field.clone(),
                        p.code.as_str().to_owned(),
                        p.message.clone(),
                    ]
                })
                .collect();
            compare_problems(&problems, want.problems.as_deref().unwrap_or_default())
        }
        (kind, Ok(value)) => Err(format!("expected {kind}, got success {value}")),
        (kind, Err(_)) => Err(format!("unknown expect.kind {kind:?}")),
    }
}

fn expect_eq<T: PartialEq + Debug + ?Sized>(
    what: &str,
    got: &T,
    expected: &T,
) -> Result<(), String> {
    if got == expected {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, expected {expected:?}"))
    }
}

// ---- generated ---------------------------------------------------------------------------

/// Cases too big for a JSON file, built here and run like the fixture cases.
fn generated() -> Outcome {
    let mib = 1024 * 1024;
    let phones = |n: usize| -> Vec<String> { (0..n).map(|i| format!("+55 11 9{i:08}")).collect() };
    let jids = |n: usize| -> Vec<String> {
        (0..n)
            .map(|i| format!("55119{i:08}@s.whatsapp.net"))
            .collect()
    };
    let valid = |name: &str, body: Value, normalized: Option<Value>| RequestCase {
        name: name.into(),
        body: Some(body),
        raw: None,
        valid: Some(true),
        normalized,
        problems: None,
        limits: None,
    };
    let invalid = |name: &str, body: Value, field: &str, code: &str, contains: &str| RequestCase {
        name: name.into(),
        body: Some(body),
        raw: None,
        valid: None,
        normalized: None,
        problems: Some(vec![ExpectedProblem {
            field: field.into(),
            code: code.into(),
            message_contains: Some(contains.into()),
        }]),
        limits: None,
    };

    let mut with_repeat = phones(10_000);
    with_repeat.push(with_repeat[0].clone());
    let privacy = [
        valid(
            "whitelist of 10,000 contacts, the most",
            json!({"type": "whitelist", "list": phones(10_000)}),
            Some(json!({"type": "whitelist", "list": jids(10_000)})),
        ),
        invalid(
            "whitelist of 10,001 contacts",
            json!({"type": "whitelist", "list": phones(10_001)}),
            "list",
            "too_long",
            "has 10001 contacts; the limit is 10000",
        ),
        invalid(
            "blacklist of 10,001 JIDs",
            json!({"type": "blacklist", "list": jids(10_001)}),
            "list",
            "too_long",
            "the limit is 10000",
        ),
        valid(
            "10,001 entries that are 10,000 contacts once repeats are dropped",
            json!({"type": "whitelist", "list": with_repeat}),
            Some(json!({"type": "whitelist", "list": jids(10_000)})),
        ),
        valid(
            "contacts ignores a list of 10,001 entries",
            json!({"type": "contacts", "list": phones(10_001)}),
            Some(json!({"type": "contacts"})),
        ),
    ];

    // Real signatures followed by zeros, at and just over the default limits. Read once from
    // JSON: serializing and parsing 22 MB bodies three times would dominate the wasm runs, and
    // the small cases already cover the bytes path and idempotence.
    let media = |head: &[u8], len: usize| {
        let mut bytes = vec![0u8; len];
        bytes[..head.len()].copy_from_slice(head);
        base64::encode(&bytes)
    };
    let png: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mp4: &[u8] = b"\0\0\0\x20ftypisom";
    let media_cases = [
        (
            "a PNG of exactly 5 MiB, the default image limit",
            png,
            "image/png",
            5 * mib,
            None,
        ),
        (
            "a PNG of 5 MiB and one byte",
            png,
            "image/png",
            5 * mib + 1,
            Some("the image limit is 5 MiB"),
        ),
        (
            "an MP4 of 5 MiB and one byte: the video limit is another",
            mp4,
            "video/mp4",
            5 * mib + 1,
            None,
        ),
        (
            "an MP4 of exactly 16 MiB, the default video limit",
            mp4,
            "video/mp4",
            16 * mib,
            None,
        ),
        (
            "an MP4 of 16 MiB and one byte",
            mp4,
            "video/mp4",
            16 * mib + 1,
            Some("the video limit is 16 MiB"),
        ),
    ];
    let mut media_failures = Vec::new();
    for (name, head, mime, len, too_large) in media_cases {
        let body = json!({"data": media(head, len), "mime_type": mime});
        // Not `outcome`: serializing a valid 22 MB body back would cost more than checking it.
        let got = match MediaStatus::from_json(&body, &Limits::default()) {
            Ok(_) => Ok(()),
            Err(err) => outcome::<MediaStatus>(Err(err)).map(|_| ()),
        };
        let verdict = match (too_large, got) {
            (None, Ok(())) => Ok(()),
            (Some(contains), Err(problems)) => compare_problems(
                &problems,
                &[ExpectedProblem {
                    field: "data".into(),
                    code: "too_large".into(),
                    message_contains: Some(contains.into()),
                }],
            ),
            (None, Err(problems)) => Err(format!("expected valid, got {problems:?}")),
            (Some(_), Ok(())) => Err("expected data: too_large, got valid".into()),
        };
        if let Err(why) = verdict {
            media_failures.push(format!("{name:?}: {why}"));
        }
    }

    let (count, mut failures) = run_cases(&privacy, request_case::<StatusPrivacy>);
    failures.extend(media_failures);
    Ok((count + media_cases.len(), failures))
}
