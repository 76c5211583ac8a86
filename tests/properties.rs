//! Property tests of the rules that take arbitrary input: base64 inspection, phone/JID
//! normalization, and the URL host parser (checked against the `url` crate, which follows the
//! WHATWG URL standard as browsers and the backend's HTTP client do).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use proptest::prelude::*;
use wuts_status::rules::base64::{encode, inspect, HEAD_LEN};
use wuts_status::rules::contact;
use wuts_status::rules::url::{parse, Host};
use wuts_status::{Limits, StatusPrivacy, StatusPrivacyBuilder, StatusRequest};

const SUFFIX: &str = "@s.whatsapp.net";

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ---- base64 ------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    /// Lengths cross the 4096-character chunk boundary of `inspect` several times.
    #[test]
    fn inspect_reads_back_what_encode_wrote(bytes in prop::collection::vec(any::<u8>(), 0..10_000)) {
        let decoded = inspect(&encode(&bytes)).map_err(|p| TestCaseError::fail(p.to_string()))?;
        prop_assert_eq!(decoded.len, bytes.len());
        prop_assert_eq!(decoded.head(), &bytes[..bytes.len().min(HEAD_LEN)]);
    }

    /// Changing one character of valid base64 is either rejected, or gives what a strict
    /// reference decoder reads from the same text: `inspect` is never looser or different.
    #[test]
    fn one_changed_character_is_rejected_or_decoded_consistently(
        bytes in prop::collection::vec(any::<u8>(), 1..6_200),
        at in any::<prop::sample::Index>(),
        replacement in 0u8..0x80,
    ) {
        let mut text = encode(&bytes).into_bytes();
        let at = at.index(text.len());
        text[at] = replacement;
        let text = String::from_utf8(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let ours = inspect(&text);
        match STANDARD.decode(&text) {
            Ok(reference) => {
                let decoded = ours.map_err(|e| TestCaseError::fail(format!("rejected valid base64: {e}")))?;
                prop_assert_eq!(decoded.len, reference.len());
                prop_assert_eq!(decoded.head(), &reference[..reference.len().min(HEAD_LEN)]);
            }
            Err(_) => prop_assert!(ours.is_err(), "accepted {:?}, which is not strict base64", text),
        }
    }
}

// ---- phone numbers and JIDs --------------------------------------------------------------

/// A phone number's digits, and the same number written with formatting characters.
fn formatted_phone() -> impl Strategy<Value = (String, String)> {
    "[0-9]{7,15}".prop_flat_map(|digits| {
        let n = digits.len();
        (
            Just(digits),
            any::<bool>(),
            prop::collection::vec(
                prop::sample::select(vec!["", "", " ", "-", ".", "(", ")", " - "]),
                n,
            ),
            "[ \t]{0,2}",
            "[ \t]{0,2}",
        )
            .prop_map(|(digits, plus, seps, before, after)| {
                let mut written = before;
                if plus {
                    written.push('+');
                }
                for (digit, sep) in digits.chars().zip(seps) {
                    written.push(digit);
                    written.push_str(sep);
                }
                written.push_str(&after);
                (digits, written)
            })
    })
}

fn is_user_jid(s: &str) -> bool {
    s.strip_suffix(SUFFIX).is_some_and(|user| {
        (7..=15).contains(&user.len()) && user.bytes().all(|b| b.is_ascii_digit())
    })
}

proptest! {
    #![proptest_config(config(512))]

    /// Formatting characters never change the JID, and a number, its plain digits and its JID
    /// all normalize alike.
    #[test]
    fn formatting_never_changes_the_jid((digits, written) in formatted_phone()) {
        let jid = format!("{digits}{SUFFIX}");
        prop_assert_eq!(contact::check_entry(0, &written), Ok(jid.clone()));
        prop_assert_eq!(contact::check_entry(0, &digits), Ok(jid.clone()));
        prop_assert_eq!(contact::check_entry(0, &jid), Ok(jid));
    }

    /// Whatever goes in, what comes out is digits@s.whatsapp.net, and normalizing it again
    /// changes nothing.
    #[test]
    fn output_is_a_user_jid_and_normalizing_is_idempotent(
        entry in "[0-9 +().@a-z:\\-]{0,24}|[0-9]{0,17}@(s\\.whatsapp\\.net|S\\.WHATSAPP\\.NET|g\\.us|broadcast|c\\.us)",
    ) {
        if let Ok(jid) = contact::check_entry(0, &entry) {
            prop_assert!(is_user_jid(&jid), "{:?} gave {:?}", entry, jid);
            prop_assert_eq!(contact::check_entry(0, &jid), Ok(jid));
        }
    }

    /// A number with too few or too many digits is rejected however it is written.
    #[test]
    fn digit_counts_outside_7_to_15_are_rejected(digits in "[0-9]{0,6}|[0-9]{16,20}", plus in any::<bool>()) {
        let written = if plus { format!("+{digits}") } else { digits.clone() };
        prop_assert!(contact::check_entry(0, &written).is_err());
        let jid = format!("{digits}{SUFFIX}");
        prop_assert!(contact::check_entry(0, &jid).is_err());
    }

    /// A list keeps each contact once, at its first place, whichever spelling came first; the
    /// builder and the wire path agree, and the result is a fixed point.
    #[test]
    fn dedup_keeps_the_first_order(
        picks in prop::collection::vec((0usize..6, 0usize..3), 1..40),
        pool in prop::collection::vec(formatted_phone(), 6),
    ) {
        let entries: Vec<String> = picks
            .iter()
            .map(|&(n, spelling)| {
                let (digits, written) = &pool[n];
                match spelling {
                    0 => written.clone(),
                    1 => digits.clone(),
                    _ => format!("{digits}{SUFFIX}"),
                }
            })
            .collect();
        let mut expected: Vec<String> = Vec::new();
        for &(n, _) in &picks {
            let jid = format!("{}{SUFFIX}", pool[n].0);
            if !expected.contains(&jid) {
                expected.push(jid);
            }
        }
        let limits = Limits::default();
        let built = StatusPrivacy::whitelist(entries.clone())
            .build(&limits)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(built.list(), expected.as_slice());
        let body = serde_json::json!({"type": "whitelist", "list": entries});
        let read = StatusPrivacy::from_json(&body, &limits)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&read, &built);
        let again = StatusPrivacyBuilder::from(built.clone())
            .build(&limits)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again, built);
    }
}

// ---- URL hosts against the url crate -----------------------------------------------------

/// One dot-separated part of a host: the numbers WHATWG reads as IPv4 parts in every radix,
/// near-misses of them, and small words.
fn host_part() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..300).prop_map(|n| n.to_string()),
        any::<u32>().prop_map(|n| n.to_string()),
        (0u64..=0x1_0000_0000 + 5).prop_map(|n| n.to_string()),
        (any::<u32>(), any::<bool>()).prop_map(|(n, upper)| if upper {
            format!("0X{n:X}")
        } else {
            format!("0x{n:x}")
        }),
        (0u32..0o777).prop_map(|n| format!("0{n:o}")),
        any::<u32>().prop_map(|n| format!("0{n:o}")),
        "0{1,25}[0-9a-f]{0,3}",
        "0x[0-9a-fA-Fg]{0,10}",
        "0[0-9]{1,4}",
        "[0-9]{1,12}",
        "[a-z0-9_-]{0,8}",
        Just(String::new()),
    ]
}

fn dotted_host() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(host_part(), 1..6),
        prop::sample::select(vec!["", "", "", "."]),
    )
        .prop_map(|(parts, end)| parts.join(".") + end)
}

/// Bracketed IPv6 hosts and near-misses: groups around an optional `::`, a dotted IPv4 tail
/// (with leading zeros or too few parts at times), zone ids, a missing `]`.
fn bracketed_host() -> impl Strategy<Value = String> {
    let group = || {
        prop_oneof![
            3 => "[0-9a-fA-F]{1,4}",
            1 => Just("0".to_owned()),
            1 => Just("ffff".to_owned()),
            1 => "[0-9a-fA-F]{5}|[g-z]",
        ]
    };
    let tail = prop_oneof![
        4 => Just(String::new()),
        2 => (any::<[u8; 4]>()).prop_map(|[a, b, c, d]| format!("{a}.{b}.{c}.{d}")),
        1 => "0[0-9]{1,2}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|[0-9]{1,3}\\.[0-9]{1,3}|0x7f\\.0\\.0\\.1",
    ];
    (
        prop::collection::vec(group(), 0..5),
        prop::collection::vec(group(), 0..5),
        any::<bool>(),
        tail,
        prop::sample::select(vec!["", "", "", "", "%25eth0", "%"]),
        prop::sample::select(vec!["]", "]", "]", "]", ""]),
    )
        .prop_map(|(head, rest, compressed, tail, zone, close)| {
            let mut inner = head.join(":");
            if compressed {
                inner.push_str("::");
                inner.push_str(&rest.join(":"));
            }
            if !tail.is_empty() {
                if !inner.is_empty() && !inner.ends_with(':') {
                    inner.push(':');
                }
                inner.push_str(&tail);
            }
            format!("[{inner}{zone}{close}")
        })
}

fn any_host() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => dotted_host(),
        2 => bracketed_host(),
        1 => "[0-9a-zA-Z.:\\[\\]%@_-]{0,20}",
    ]
}

fn url_around(host: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["http", "https", "HTTP"]),
        host,
        prop_oneof![
            Just(String::new()),
            Just(":".to_owned()),
            (0u32..70_000).prop_map(|p| format!(":{p}")),
        ],
        prop::sample::select(vec!["", "/", "/a.png", "?x=1", "#f"]),
    )
        .prop_map(|(scheme, host, port, rest)| format!("{scheme}://{host}{port}{rest}"))
}

/// Whether our reading of a host is the `url` crate's. Its domains keep a trailing dot, which
/// ours drop (`localhost.` is `localhost`).
fn same_host(ours: &Host, theirs: &url::Host<&str>) -> bool {
    match (ours, theirs) {
        (Host::Domain(a), url::Host::Domain(b)) => a == b.strip_suffix('.').unwrap_or(b),
        (Host::Ipv4(a), url::Host::Ipv4(b)) => a == b,
        (Host::Ipv6(a), url::Host::Ipv6(b)) => a == b,
        _ => false,
    }
}

proptest! {
    #![proptest_config(config(2048))]

    /// Whenever our parser accepts a URL, a WHATWG parser accepts it too and names the same
    /// host: no spelling of an address can slip past the internal-host check as another.
    #[test]
    fn accepted_hosts_are_the_hosts_whatwg_reads(url in url_around(any_host())) {
        if let Ok(ours) = parse(&url) {
            let theirs = url::Url::parse(&url)
                .map_err(|e| TestCaseError::fail(format!("{url:?}: we read {ours:?}, url rejects it: {e}")))?;
            let host = theirs.host()
                .ok_or_else(|| TestCaseError::fail(format!("{url:?}: url reads no host")))?;
            prop_assert!(same_host(&ours, &host), "{:?}: we read {:?}, url reads {:?}", url, ours, host);
        }
    }

    /// Every host WHATWG reads as an IPv4 address in any spelling is read by ours as the same
    /// address, or rejected; never as a domain name.
    #[test]
    fn ipv4_spellings_are_never_domains(url in url_around(dotted_host())) {
        if let Ok(theirs) = url::Url::parse(&url) {
            if let (Some(url::Host::Ipv4(ip)), Ok(ours)) = (theirs.host(), parse(&url)) {
                prop_assert_eq!(ours, Host::Ipv4(ip), "{}", url);
            }
        }
    }
}
