//! Media URL rules: absolute `http`/`https`, no user-info, and no internal host (the backend
//! downloads the URL, so an internal host would be server-side request forgery).
//!
//! The host is read the way WHATWG URL parsers (browsers, and the backend's HTTP client) read
//! it, so that every spelling of an address is seen as that address: `http://2130706433/`,
//! `http://0x7f.1/` and `http://[::ffff:127.0.0.1]/` all name 127.0.0.1. Anything this parser
//! cannot read with certainty (percent-encoded or non-ASCII hosts, backslashes, zone ids) is
//! rejected rather than guessed at. A native test checks it against the `url` crate.
//!
//! Punycode labels (`xn--...`) are otherwise taken as written: validating them needs the IDNA
//! tables, too large for the browser package. A current WHATWG parser rejects an invalid one,
//! so such a URL fails to download. One that encodes no international character at all is
//! rejected here, since older IDNA code reads it as its ASCII part (`xn--localhost-`).
//!
//! The check is on the URL as written. A public name that resolves to an internal address
//! (DNS rebinding), and a public URL that redirects to an internal one, can only be stopped by
//! the downloader itself: it must check each address it connects to, or refuse redirects.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::message::msg;
use crate::message::{Quoted, QuotedChar};
use crate::problem::{Problem, ProblemCode};

/// The host a URL names, as a WHATWG parser reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A domain name, lower-cased, without a trailing dot.
    Domain(String),
    /// An IPv4 address, in any of its spellings.
    Ipv4(Ipv4Addr),
    /// A bracketed IPv6 address.
    Ipv6(Ipv6Addr),
}

/// Checks a media URL: an absolute `http` or `https` URL with no user-info whose host is not
/// internal. Returns the host it names.
pub fn check_url(url: &str) -> Result<Host, Problem> {
    let host = parse(url).map_err(|(code, message)| Problem::new("url", code, message))?;
    if let Some(why) = internal(&host) {
        return Err(Problem::new(
            "url",
            ProblemCode::InternalHost,
            msg!(
                "names ",
                why,
                "; media must be downloadable from the public internet"
            ),
        ));
    }
    Ok(host)
}

type Failure = (ProblemCode, String);

fn invalid(message: impl Into<String>) -> Failure {
    (ProblemCode::Invalid, message.into())
}

/// Reads the host of an absolute http(s) URL, rejecting what is not one.
pub fn parse(url: &str) -> Result<Host, Failure> {
    if url.is_empty() {
        return Err((ProblemCode::Empty, "cannot be empty".into()));
    }
    if let Some(c) = url
        .chars()
        .find(|c| !c.is_ascii() || c.is_ascii_control() || *c == ' ')
    {
        return Err(invalid(msg!(
            "contains ",
            QuotedChar(c),
            ": percent-encode spaces and non-ASCII characters, and use the \
             xn-- form of international domain names"
        )));
    }
    if url.contains('\\') {
        return Err(invalid("contains a backslash"));
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err(invalid("is not an absolute URL: start it with https://"));
    };
    if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
        return Err((
            ProblemCode::Unsupported,
            msg!(
                "has scheme ",
                Quoted(scheme),
                ": only http and https URLs can be downloaded"
            ),
        ));
    }
    let Some(rest) = rest.strip_prefix("//") else {
        return Err(invalid(
            "is not an absolute URL: write it as https://host/path",
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(invalid(
            "carries a user name or password (user-info): put credentials elsewhere",
        ));
    }
    let (host, port) = split_port(authority)?;
    if let Some(port) = port {
        let number = port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok();
        if !port.is_empty() && !number {
            return Err(invalid(msg!(
                "has port ",
                Quoted(port),
                ", which is not a port number"
            )));
        }
    }
    read_host(host)
}

/// Splits `host[:port]` or `[v6][:port]`.
fn split_port(authority: &str) -> Result<(&str, Option<&str>), Failure> {
    if authority.starts_with('[') {
        let Some(end) = authority.find(']') else {
            return Err(invalid("has an IPv6 address without its closing ']'"));
        };
        let (host, after) = authority.split_at(end + 1);
        return match after {
            "" => Ok((host, None)),
            _ => match after.strip_prefix(':') {
                Some(port) => Ok((host, Some(port))),
                None => Err(invalid("has characters after the IPv6 address")),
            },
        };
    }
    Ok(match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

fn read_host(host: &str) -> Result<Host, Failure> {
    if host.is_empty() {
        return Err(invalid("has no host"));
    }
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').unwrap_or(inner);
        return inner
            .parse::<Ipv6Addr>()
            .map(Host::Ipv6)
            .map_err(|_| invalid(msg!("has [", inner, "], which is not an IPv6 address")));
    }
    if host.contains('%') {
        return Err(invalid(
            "has a percent-encoded host: write the host plainly",
        ));
    }
    let host = host.to_ascii_lowercase();
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err(invalid(msg!("has ", QuotedChar(c), " in its host name")));
    }
    if ends_in_number(&host) {
        return parse_ipv4(&host).map(Host::Ipv4).ok_or_else(|| {
            invalid(msg!(
                "has host ",
                Quoted(&host),
                ", which is not an IPv4 address"
            ))
        });
    }
    let name = host.strip_suffix('.').unwrap_or(&host);
    if name.len() > 253
        || name
            .split('.')
            .any(|label| label.is_empty() || label.len() > 63)
    {
        return Err(invalid(msg!(
            "has host ",
            Quoted(&host),
            ", which is not a domain name"
        )));
    }
    // An A-label must encode at least one non-ASCII character. One that encodes none
    // (`xn--254-`, `xn--localhost-`) is read by older IDNA code as its ASCII part, which
    // could name an internal host ("254", "localhost") behind a public-looking name.
    if let Some(label) = name.split('.').find(|label| {
        label
            .strip_prefix("xn--")
            .is_some_and(|encoded| encoded.is_empty() || encoded.ends_with('-'))
    }) {
        return Err(invalid(msg!(
            "has ",
            Quoted(label),
            ", a punycode label that encodes no international character"
        )));
    }
    Ok(Host::Domain(name.to_owned()))
}

/// WHATWG "ends in a number": the last label (ignoring one trailing dot) is all digits or a
/// `0x` hex number, so the whole host must parse as IPv4.
fn ends_in_number(host: &str) -> bool {
    let trimmed = host.strip_suffix('.').unwrap_or(host);
    let last = trimmed.rsplit('.').next().unwrap_or_default();
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    last.strip_prefix("0x")
        .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The WHATWG IPv4 parser: one to four parts, each decimal, octal (leading 0) or hex (0x); the
/// last part fills the remaining bytes.
fn parse_ipv4(host: &str) -> Option<Ipv4Addr> {
    let trimmed = host.strip_suffix('.').unwrap_or(host);
    let parts: Vec<&str> = trimmed.split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    let mut numbers = Vec::with_capacity(parts.len());
    for part in &parts {
        numbers.push(parse_ipv4_number(part)?);
    }
    let (last, init) = numbers.split_last()?;
    if init.iter().any(|&n| n > 255) {
        return None;
    }
    let remaining_bits = 8 * (4 - init.len() as u32);
    if remaining_bits < 64 && *last >= 1u64 << remaining_bits {
        return None;
    }
    let mut value = *last;
    for (i, &n) in init.iter().enumerate() {
        value += n << (8 * (3 - i as u32));
    }
    u32::try_from(value).ok().map(Ipv4Addr::from)
}

fn parse_ipv4_number(part: &str) -> Option<u64> {
    if part.is_empty() {
        return None;
    }
    let (digits, radix) = if let Some(hex) = part.strip_prefix("0x") {
        (hex, 16)
    } else if part.len() > 1 && part.starts_with('0') {
        (&part[1..], 8)
    } else {
        (part, 10)
    };
    if digits.is_empty() {
        return Some(0);
    }
    // Longer than any u32 in any radix, with leading zeros allowed: saturate instead of failing.
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Some(0);
    }
    if digits.len() > 16 {
        return digits
            .bytes()
            .all(|b| char::from(b).is_digit(radix))
            .then_some(u64::MAX);
    }
    u64::from_str_radix(digits, radix).ok()
}

/// Why `host` is internal, or `None` when it is public.
pub fn internal(host: &Host) -> Option<String> {
    match host {
        Host::Ipv4(ip) => internal_v4(*ip).map(|why| msg!(ip, ", ", why)),
        Host::Ipv6(ip) => internal_v6(*ip).map(|why| msg!("[", ip, "], ", why)),
        Host::Domain(name) => internal_name(name).map(|why| msg!(name, ", ", why)),
    }
}

fn internal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (0, ..) => "a \"this network\" address (0.0.0.0/8)",
        (10, ..) => "a private address (10.0.0.0/8)",
        (100, 64..=127, _) => "a carrier-grade NAT address (100.64.0.0/10)",
        (127, ..) => "a loopback address (127.0.0.0/8)",
        (169, 254, _) => "a link-local address (169.254.0.0/16)",
        (172, 16..=31, _) => "a private address (172.16.0.0/12)",
        (192, 0, 0) => "an IETF protocol address (192.0.0.0/24)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "a documentation address",
        (192, 88, 99) => "a 6to4 relay address (192.88.99.0/24)",
        (192, 168, _) => "a private address (192.168.0.0/16)",
        (198, 18..=19, _) => "a benchmarking address (198.18.0.0/15)",
        (224..=239, ..) => "a multicast address (224.0.0.0/4)",
        (240..=255, ..) => "a reserved or broadcast address (240.0.0.0/4)",
        _ => return None,
    })
}

fn internal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    // Addresses that carry an IPv4 address are as internal as the address they carry.
    let embedded = match s {
        [0, 0, 0, 0, 0, 0xffff, hi, lo] => Some((hi, lo)), // IPv4-mapped
        [0, 0, 0, 0, 0xffff, 0, hi, lo] => Some((hi, lo)), // IPv4-translated (RFC 2765)
        [0, 0, 0, 0, 0, 0, hi, lo] if (hi, lo) > (0, 1) => Some((hi, lo)), // IPv4-compatible
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => Some((hi, lo)), // NAT64
        [0x2002, hi, lo, ..] => Some((hi, lo)),            // 6to4
        _ => None,
    };
    if let Some((hi, lo)) = embedded {
        let v4 = Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
        return internal_v4(v4).map(|_| "an IPv6 address that embeds an internal IPv4 address");
    }
    Some(match s {
        [0, 0, 0, 0, 0, 0, 0, 0] => "the unspecified address (::)",
        [0, 0, 0, 0, 0, 0, 0, 1] => "the loopback address (::1)",
        [0x100, 0, 0, 0, ..] => "a discard-only address (100::/64)",
        [0x2001, 0, ..] => "a Teredo tunnel address (2001::/32)",
        [0x2001, 0xdb8, ..] => "a documentation address (2001:db8::/32)",
        [0x64, 0xff9b, 1, ..] => "a local-use NAT64 address (64:ff9b:1::/48)",
        [x, ..] if x & 0xfe00 == 0xfc00 => "a unique local address (fc00::/7)",
        [x, ..] if x & 0xffc0 == 0xfe80 => "a link-local address (fe80::/10)",
        [x, ..] if x & 0xffc0 == 0xfec0 => "a site-local address (fec0::/10)",
        [x, ..] if x & 0xff00 == 0xff00 => "a multicast address (ff00::/8)",
        _ => return None,
    })
}

/// Names that resolve only inside a network: `localhost`, single labels (resolved through
/// search domains), and the special-use and private-use suffixes.
fn internal_name(name: &str) -> Option<&'static str> {
    const SUFFIXES: [(&str, &str); 6] = [
        ("localhost", "a loopback name"),
        ("local", "a multicast DNS name (.local)"),
        ("internal", "a private-use name (.internal)"),
        ("localdomain", "a local name (.localdomain)"),
        ("home.arpa", "a home network name (.home.arpa)"),
        ("arpa", "a reverse-lookup name (.arpa)"),
    ];
    for (suffix, why) in SUFFIXES {
        let is_or_under = name == suffix
            || name
                .strip_suffix(suffix)
                .is_some_and(|head| head.ends_with('.'));
        if is_or_under {
            return Some(why);
        }
    }
    (!name.contains('.')).then_some("a single-label name, resolved only inside a network")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(url: &str) -> Option<ProblemCode> {
        check_url(url).err().map(|p| p.code)
    }

    #[test]
    fn public_http_urls_pass() {
        for url in [
            "https://cdn.example.com/a.mp4",
            "http://example.com",
            "HTTPS://Example.COM:8443/x?y=1#z",
            "https://example.com./a",
            "https://8.8.8.8/a.png",
            "https://[2606:4700::1111]/a.png",
            "https://1.1.1.1:443/",
            "https://example.com:/a",
            "https://xn--mnchen-3ya.de/a.png",
        ] {
            assert_eq!(code(url), None, "{url}");
        }
    }

    #[test]
    fn every_spelling_of_loopback_is_internal() {
        for url in [
            "http://127.0.0.1/",
            "http://127.1/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0x7f000001/",
            "http://0177.0.0.1/",
            "http://017700000001/",
            "http://127.0.0.1./",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[0:0:0:0:0:ffff:7f00:1]/",
            "http://[::ffff:0:7f00:1]/",
            "http://[::ffff:0:127.0.0.1]/",
            "http://[64:ff9b::7f00:1]/",
            "http://[2002:7f00:1::]/",
            "http://localhost/",
            "http://LOCALHOST:8080/",
            "http://api.localhost/",
            "http://localhost./",
            "http://0/",
            "http://0.0.0.0/",
        ] {
            assert_eq!(code(url), Some(ProblemCode::InternalHost), "{url}");
        }
    }

    #[test]
    fn private_link_local_and_special_ranges_are_internal() {
        for url in [
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://172.31.255.255/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://100.127.255.255/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://[fc00::1]/",
            "http://[fd12:3456::1]/",
            "http://[fe80::1]/",
            "http://[ff02::1]/",
            "http://[::]/",
            "http://[::ffff:10.0.0.1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:0:a9fe:a9fe]/",
            "http://[64:ff9b:1::a00:1]/",
            "http://metadata.google.internal/",
            "http://printer.local/",
            "http://router.home.arpa/",
            "http://intranet/",
        ] {
            assert_eq!(code(url), Some(ProblemCode::InternalHost), "{url}");
        }
        for url in [
            "http://172.15.0.1/",
            "http://172.32.0.1/",
            "http://100.63.0.1/",
            "http://100.128.0.1/",
        ] {
            assert_eq!(code(url), None, "{url}");
        }
    }

    #[test]
    fn malformed_or_ambiguous_urls_are_invalid() {
        for url in [
            "example.com/a.png",
            "//example.com/a.png",
            "https:example.com",
            "https:/example.com",
            "https://",
            "https:///a",
            "https://user:pass@example.com/",
            "https://user@example.com/",
            "https://example.com\\@127.0.0.1/",
            "https://exa mple.com/",
            " https://example.com/",
            "https://%6c%6fcalhost/",
            "https://ex\u{e4}mple.com/",
            "https://example.com:99999/",
            "https://example.com:80a/",
            "https://[::1/",
            "https://[fe80::1%25eth0]/",
            "https://256.0.0.1/",
            "https://1.2.3.4.5/",
            "https://0x100000000/",
            "https://08.0.0.1/",
            "https://a..b/",
            "http://169.254.169.xn--254-/",
            "http://xn--localhost-/",
            "http://xn--.example.com/",
        ] {
            assert_eq!(code(url), Some(ProblemCode::Invalid), "{url}");
        }
        assert_eq!(code(""), Some(ProblemCode::Empty));
    }

    #[test]
    fn other_schemes_are_unsupported() {
        for url in [
            "ftp://example.com/a",
            "file:///etc/passwd",
            "gopher://x/",
            "javascript:alert(1)",
            "data:image/png;base64,QQ==",
        ] {
            assert_eq!(code(url), Some(ProblemCode::Unsupported), "{url}");
        }
    }

    #[test]
    fn ipv4_numbers_follow_whatwg() {
        assert_eq!(parse_ipv4("1.2.3.4"), Some(Ipv4Addr::new(1, 2, 3, 4)));
        assert_eq!(parse_ipv4("1.2.772"), Some(Ipv4Addr::new(1, 2, 3, 4)));
        assert_eq!(
            parse_ipv4("0x1.0x2.0x3.0x4"),
            Some(Ipv4Addr::new(1, 2, 3, 4))
        );
        assert_eq!(parse_ipv4("0x"), Some(Ipv4Addr::new(0, 0, 0, 0)));
        assert_eq!(parse_ipv4("4294967295"), Some(Ipv4Addr::BROADCAST));
        assert_eq!(parse_ipv4("4294967296"), None);
        assert_eq!(parse_ipv4("1.2.3.256"), None);
        assert_eq!(parse_ipv4("09"), None);
    }

    #[test]
    fn the_message_says_what_the_host_is() {
        let p = check_url("http://0x7f.1/").unwrap_err();
        assert_eq!(p.field, "url");
        assert!(
            p.message.starts_with("names 127.0.0.1, a loopback address"),
            "{}",
            p.message
        );
    }
}
