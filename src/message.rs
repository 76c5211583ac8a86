//! Messages assembled from their pieces without `core::fmt`.
//!
//! Every problem message is built on the request path, and `format!` would put the formatting
//! machinery (argument tables, padding, the number and address printers) into the npm
//! package's wasm. [`msg!`] appends each piece to a `String` instead: text, characters,
//! integers (printed by `itoa`), and the quoting helpers of the error module. clippy refuses
//! `format!`, `write!` and their kin in the library (clippy.toml, src/lib.rs); what they would
//! cost is in docs/benchmarks.md.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A piece of a message.
pub(crate) trait Piece {
    /// Appends this piece to `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

impl Piece for u64 {
    fn push_to(&self, out: &mut String) {
        out.push_str(itoa::Buffer::new().format(*self));
    }
}

// Narrower integers widen to u64: one printer in the wasm instead of one per type.
macro_rules! widened_pieces {
    ($($int:ty),*) => {$(
        impl Piece for $int {
            fn push_to(&self, out: &mut String) {
                (*self as u64).push_to(out);
            }
        }
    )*};
}
widened_pieces!(u8, u16, u32, usize);

/// Words separated by `, `: `Joined(&["a", "b"])` is `a, b`.
pub(crate) struct Joined<'a>(pub(crate) &'a [&'a str]);

impl Piece for Joined<'_> {
    fn push_to(&self, out: &mut String) {
        for (i, word) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(word);
        }
    }
}

/// A number in lowercase hexadecimal, without leading zeros.
pub(crate) struct Hex(pub(crate) u32);

impl Piece for Hex {
    fn push_to(&self, out: &mut String) {
        let digits = (32 - self.0.leading_zeros()).div_ceil(4).max(1);
        for shift in (0..digits).rev() {
            let nibble = (self.0 >> (shift * 4)) & 0xf;
            out.extend(char::from_digit(nibble, 16));
        }
    }
}

/// Dotted decimal: `127.0.0.1`.
impl Piece for Ipv4Addr {
    fn push_to(&self, out: &mut String) {
        for (i, octet) in self.octets().into_iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            octet.push_to(out);
        }
    }
}

/// As the WHATWG URL standard serializes an IPv6 host (without its brackets): lowercase hex
/// pieces, the first longest run of two or more zero pieces written `::`. This is Rust's
/// form too, except for IPv4-mapped addresses, which Rust writes `::ffff:1.2.3.4`.
impl Piece for Ipv6Addr {
    fn push_to(&self, out: &mut String) {
        let pieces = self.segments();
        // (start, length) of the first longest run of zeros.
        let (mut zeros, mut run) = ((0, 0), None);
        for (i, &piece) in pieces.iter().enumerate() {
            if piece != 0 {
                run = None;
                continue;
            }
            let start = *run.get_or_insert(i);
            if i + 1 - start > zeros.1 {
                zeros = (start, i + 1 - start);
            }
        }
        let mut i = 0;
        while i < pieces.len() {
            if zeros.1 > 1 && i == zeros.0 {
                out.push_str(if i == 0 { "::" } else { ":" });
                i += zeros.1;
                continue;
            }
            Hex(u32::from(pieces[i])).push_to(out);
            if i + 1 < pieces.len() {
                out.push(':');
            }
            i += 1;
        }
    }
}

/// A value in double quotes for a message, escaped as `{:?}` escapes it: quotes, backslashes,
/// control and invisible characters. Not `{:?}` itself: the browser package is built without
/// `Debug` output (`-Zfmt-debug=none`), and without the Unicode tables it reads.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

/// A character in single quotes for a message, escaped like [`Quoted`].
pub(crate) struct QuotedChar(pub(crate) char);

/// The most characters of a value a message quotes: a value can be as long as the body, and
/// every message is copied into the answer twice.
const MAX_QUOTED_CHARS: usize = 80;

impl Piece for Quoted<'_> {
    fn push_to(&self, out: &mut String) {
        out.push('"');
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(MAX_QUOTED_CHARS) {
            escape(out, c, '"');
        }
        if chars.next().is_some() {
            out.push_str("...");
        }
        out.push('"');
    }
}

impl Piece for QuotedChar {
    fn push_to(&self, out: &mut String) {
        out.push('\'');
        escape(out, self.0, '\'');
        out.push('\'');
    }
}

fn escape(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c if c == quote => msg!(in out; '\\', c),
        c if invisible(c) => msg!(in out; "\\u{", Hex(u32::from(c)), '}'),
        c => out.push(c),
    }
}

/// Control characters, and the format characters that print as nothing (zero-width spaces and
/// joiners, direction marks and overrides, the soft hyphen, the byte order mark).
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// The pieces joined into a `String`: `msg!(Quoted(&name), " is not a media type")`; or,
/// as `msg!(in out; pieces...)`, appended to the `String` `out`.
macro_rules! msg {
    (in $out:expr; $($piece:expr),+ $(,)?) => {{
        $( $crate::message::Piece::push_to(&$piece, $out); )+
    }};
    ($($piece:expr),+ $(,)?) => {{
        let mut out = ::std::string::String::new();
        $crate::message::msg!(in &mut out; $($piece),+);
        out
    }};
}
pub(crate) use msg;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_print_as_format_would() {
        let name = String::from("list");
        assert_eq!(
            msg!(name, '[', 3usize, "] is ", u64::MAX),
            format!("list[3] is {}", u64::MAX)
        );
        assert_eq!(
            msg!(0u8, ' ', 65_535u16, ' ', u32::MAX),
            "0 65535 4294967295"
        );
        for n in [
            0,
            1,
            0xf,
            0x10,
            0xff,
            0xfff,
            0x1_0000,
            0xdead_beef,
            u32::MAX,
        ] {
            assert_eq!(msg!(Hex(n)), format!("{n:x}"));
        }
    }

    #[test]
    fn quoting_matches_debug_for_realistic_values() {
        for value in [
            "",
            "plain",
            "with \"quotes\" and 'apostrophes'",
            "back\\slash",
            "line\nbreak\ttab\r\0",
            "\u{7}bell \u{1b}escape \u{7f}del \u{85}next-line",
            "zero\u{200b}width \u{202e}override \u{feff}bom \u{ad}soft",
            "accents é ü ñ, CJK 中文, emoji 🎉",
        ] {
            assert_eq!(msg!(Quoted(value)), format!("{value:?}"));
            for c in value.chars() {
                assert_eq!(msg!(QuotedChar(c)), format!("{c:?}"));
            }
        }
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(10_000);
        let quoted = msg!(Quoted(&long));
        assert_eq!(quoted, format!("\"{}...\"", "x".repeat(MAX_QUOTED_CHARS)));
        let exact = "y".repeat(MAX_QUOTED_CHARS);
        assert_eq!(msg!(Quoted(&exact)), format!("{exact:?}"));
    }
}
