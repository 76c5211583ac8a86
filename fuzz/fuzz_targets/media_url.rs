//! The media URL check, against the `url` crate (a WHATWG URL parser, as browsers and the
//! backend's HTTP client read URLs).
//!
//! Checks: never panics; `check_url` is `parse` plus the internal-host rule; a URL it accepts
//! is one the `url` crate parses as http(s) with no user-info and the very same host, so the
//! host the SSRF rule judged is the host that gets downloaded from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wuts_status::rules::url::{check_url, internal, parse, Host};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let checked = check_url(text);
    match parse(text) {
        Ok(host) => match &checked {
            Ok(accepted) => {
                assert_eq!(accepted, &host);
                assert!(internal(&host).is_none());
            }
            Err(problem) => {
                assert!(internal(&host).is_some(), "{problem:?}");
                assert_eq!(problem.field, "url");
            }
        },
        Err((code, message)) => {
            let problem = checked.as_ref().err();
            assert_eq!(problem.map(|p| p.code), Some(code));
            assert!(!message.is_empty());
        }
    }
    let Ok(host) = checked else {
        return;
    };
    let theirs = match url::Url::parse(text) {
        Ok(theirs) => theirs,
        // Known and documented in rules::url: punycode labels are taken as written, without
        // the IDNA tables that would validate them. WHATWG rejects an invalid one, so the
        // download fails; it can never name another host.
        Err(url::ParseError::IdnaError) if has_punycode_label(&host) => return,
        Err(err) => panic!("accepted a URL the WHATWG parser rejects: {err}"),
    };
    assert!(matches!(theirs.scheme(), "http" | "https"), "{theirs}");
    assert!(
        theirs.username().is_empty() && theirs.password().is_none(),
        "{theirs}"
    );
    let same = match (&host, theirs.host()) {
        (Host::Domain(ours), Some(url::Host::Domain(name))) => {
            ours == name.strip_suffix('.').unwrap_or(name)
        }
        (Host::Ipv4(ours), Some(url::Host::Ipv4(ip))) => *ours == ip,
        (Host::Ipv6(ours), Some(url::Host::Ipv6(ip))) => *ours == ip,
        _ => false,
    };
    assert!(
        same,
        "read the host as {host:?}, WHATWG reads {:?}",
        theirs.host()
    );
});

fn has_punycode_label(host: &Host) -> bool {
    match host {
        Host::Domain(name) => name.split('.').any(|label| label.starts_with("xn--")),
        _ => false,
    }
}
