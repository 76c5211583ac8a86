//! Strict standard base64 (RFC 4648 §4, padded, no white space), checked without allocating.
//!
//! A 16 MiB video is 22 MB of base64; checking it should not cost another 16 MiB. [`inspect`]
//! keeps only what the rules need: the decoded length and the first bytes, for sniffing. Every
//! whole unpadded quantum of alphabet characters decodes to three bytes, so past the alphabet
//! and padding scans only the head and the last quantum (padding, canonical trailing bits)
//! are decoded: the same verdict as a full decode, at the cost of two byte scans.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::message::msg;
use crate::message::QuotedChar;
use crate::problem::{Problem, ProblemCode};

/// How many leading decoded bytes [`Decoded`] keeps: enough for every signature in
/// [`super::sniff`].
pub const HEAD_LEN: usize = super::sniff::SNIFF_LEN;

/// Characters decoded for the head: whole quanta covering [`HEAD_LEN`] bytes.
const HEAD_CHARS: usize = HEAD_LEN.div_ceil(3) * 4;

/// The standard alphabet and `=`, as a table: one load per byte in the scan.
const ALPHABET: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=');
        b += 1;
    }
    table
};

/// What [`inspect`] learns about valid base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded size in bytes.
    pub len: usize,
    head: [u8; HEAD_LEN],
}

impl Decoded {
    /// The first decoded bytes (fewer when the data is shorter).
    pub fn head(&self) -> &[u8] {
        &self.head[..self.len.min(HEAD_LEN)]
    }
}

/// Checks that `data` is strict standard base64 and returns its decoded size and first bytes,
/// or the problem with the `data` field.
pub fn inspect(data: &str) -> Result<Decoded, Problem> {
    scan(data).map_err(|message| Problem::new("data", ProblemCode::Invalid, message))
}

/// [`inspect`], the problem's message as the error.
fn scan(data: &str) -> Result<Decoded, String> {
    let bytes = data.as_bytes();
    if bytes.starts_with(b"data:") {
        return Err(
            "is a data URL: send the base64 after the comma as data and the type as \
                    mime_type (the builders split data URLs for you)"
                .into(),
        );
    }
    // Whole blocks of symbols first, at vector speed; the rest (the last block, or the block
    // with a stray byte or the padding) byte by byte, which also finds the first bad byte.
    let clean = symbol_blocks(bytes);
    let rest = bytes.get(clean..).unwrap_or_default();
    if let Some(pos) = rest.iter().position(|&b| !ALPHABET[usize::from(b)]) {
        return Err(bad_byte(clean + pos, rest[pos]));
    }
    if !bytes.len().is_multiple_of(4) {
        return Err(msg!(
            "is ",
            bytes.len(),
            " characters long, not a multiple of 4: standard base64 is padded with '='"
        ));
    }
    // Padding only ends the data, as one or two '=': everything before the last quantum
    // decodes unchecked, and only its trailing bits are left to check.
    if let Some(pos) = rest.iter().position(|&b| b == b'=').map(|pos| clean + pos) {
        if pos + 2 < bytes.len() || !bytes.ends_with(b"=") {
            return Err(msg!(
                "has padding ('=') at position ",
                pos,
                ", before the end"
            ));
        }
    }

    let mut out = Decoded {
        len: 0,
        head: [0; HEAD_LEN],
    };
    let mut buf = [0u8; HEAD_CHARS / 4 * 3];
    if bytes.len() <= HEAD_CHARS {
        let n = decode(bytes, 0, &mut buf)?;
        out.head[..n.min(HEAD_LEN)].copy_from_slice(&buf[..n.min(HEAD_LEN)]);
        out.len = n;
        return Ok(out);
    }
    // Longer: the head's quanta hold no padding (checked above) and decode in full.
    decode(&bytes[..HEAD_CHARS], 0, &mut buf)?;
    out.head.copy_from_slice(&buf[..HEAD_LEN]);
    let last = bytes.len() - 4;
    let tail = decode(&bytes[last..], last, &mut buf)?;
    out.len = last / 4 * 3 + tail;
    Ok(out)
}

/// Bytes per block of [`symbol_blocks`]: four 16-byte vectors.
const BLOCK: usize = 64;

/// Whether `b` is a symbol of the standard alphabet (not padding), without a table or a
/// branch, so that a loop of it becomes vector compares.
#[cfg(any(test, not(target_arch = "wasm32")))]
fn is_symbol(b: u8) -> bool {
    (b.wrapping_sub(b'A') < 26)
        | (b.wrapping_sub(b'a') < 26)
        | (b.wrapping_sub(b'0') < 10)
        | (b == b'+')
        | (b == b'/')
}

/// How many leading bytes of `bytes` are whole blocks of alphabet symbols. In wasm each block
/// is four 16-byte vectors, classified with `simd128` compares and tested once: several bytes
/// per cycle, where a table lookup per byte gives about one. Written out, because the package
/// is built for size, where LLVM does not vectorize the plain loop. Every engine the package
/// supports has `simd128` (V8, workerd, SpiderMonkey, JavaScriptCore since Safari 16.4).
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
fn symbol_blocks(bytes: &[u8]) -> usize {
    use core::arch::wasm32::{u64x2, u8x16_all_true, u8x16_splat, v128_and};

    // Each vector from two 8-byte loads: `v128_load` takes a raw pointer, which the crate forbids.
    let word = |b: Option<&[u8; 8]>| u64::from_le_bytes(b.copied().unwrap_or_default());
    let mut clean = 0;
    for block in bytes.chunks_exact(BLOCK) {
        let mut all = u8x16_splat(0xff);
        for v in block.chunks_exact(16) {
            all = v128_and(
                all,
                symbols(u64x2(word(v.first_chunk()), word(v.last_chunk()))),
            );
        }
        if !u8x16_all_true(all) {
            break;
        }
        clean += BLOCK;
    }
    clean
}

/// Each lane of `v`: all ones when it holds a symbol of the alphabet, else zero. `| 0x20` folds
/// the upper-case letters onto the lower-case ones and moves no other byte into `a..=z`.
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
fn symbols(v: core::arch::wasm32::v128) -> core::arch::wasm32::v128 {
    use core::arch::wasm32::{u8x16_eq, u8x16_lt, u8x16_splat, u8x16_sub, v128_or};

    let within =
        |from: u8, count: u8, v| u8x16_lt(u8x16_sub(v, u8x16_splat(from)), u8x16_splat(count));
    let letter = within(b'a', 26, v128_or(v, u8x16_splat(0x20)));
    let digit = within(b'0', 10, v);
    let sign = v128_or(
        u8x16_eq(v, u8x16_splat(b'+')),
        u8x16_eq(v, u8x16_splat(b'/')),
    );
    v128_or(v128_or(letter, digit), sign)
}

/// [`symbol_blocks`] natively, where the compiler vectorizes the plain loop with the baseline
/// vectors (SSE2, NEON): each block is checked without an early exit.
#[cfg(not(target_arch = "wasm32"))]
fn symbol_blocks(bytes: &[u8]) -> usize {
    let mut clean = 0;
    for block in bytes.chunks_exact(BLOCK) {
        if !block.iter().fold(true, |all, &b| all & is_symbol(b)) {
            break;
        }
        clean += BLOCK;
    }
    clean
}

/// Decodes `quanta` (found at `start` in the data, and past the alphabet and padding scans)
/// into `buf`: the number of bytes, or why the last quantum is not canonical.
fn decode(quanta: &[u8], start: usize, buf: &mut [u8]) -> Result<usize, String> {
    match STANDARD.decode_slice(quanta, buf) {
        Ok(len) => Ok(len),
        // The scans leave one way to fail: bits set past the data in the last symbol ("QR==").
        Err(_) => match quanta.iter().rposition(|&b| b != b'=') {
            Some(pos) => Err(msg!(
                "is not canonical base64: the symbol at position ",
                start + pos,
                " has bits set past the data"
            )),
            None => Err("could not be decoded".into()),
        },
    }
}

/// Standard padded base64 of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

fn bad_byte(pos: usize, byte: u8) -> String {
    match byte {
        b if b.is_ascii_whitespace() => {
            msg!(
                "has white space at position ",
                pos,
                ": remove line breaks and spaces"
            )
        }
        b'-' | b'_' => msg!(
            "uses the URL-safe alphabet (",
            QuotedChar(char::from(byte)),
            " at position ",
            pos,
            "): use standard base64 with '+' \
             and '/'"
        ),
        _ => msg!("has a character that is not base64 at position ", pos),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_size_and_head() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let d = inspect(&encode(&bytes)).unwrap();
        assert_eq!(d.len, 10_000);
        assert_eq!(d.head(), &bytes[..HEAD_LEN]);
        assert_eq!(inspect("").unwrap().len, 0);
        assert_eq!(inspect("QQ==").unwrap().head(), b"A");
    }

    #[test]
    fn rejects_everything_but_strict_standard_base64() {
        let cases = [
            ("QQ", "multiple of 4"),
            ("QQ=", "multiple of 4"),
            ("QUJD\nREVG", "white space at position 4"),
            ("QUJD REVG", "white space at position 4"),
            ("QUJD-_==", "URL-safe"),
            ("QQ==QUJD", "padding ('=') at position 2"),
            ("QR==", "not canonical"),
            ("QUJ=", "symbol at position 2 has bits set"),
            ("QQ=A", "padding ('=') at position 2"),
            ("QUJ*", "not base64 at position 3"),
            ("QUJDé===", "not base64"),
            ("data:image/png;base64,QQ==", "data URL"),
        ];
        for (input, expected) in cases {
            let err = inspect(input).unwrap_err();
            assert_eq!(
                (err.field.as_str(), err.code),
                ("data", ProblemCode::Invalid)
            );
            assert!(err.message.contains(expected), "{input:?}: {err}");
        }
    }

    #[test]
    fn the_block_scan_knows_the_alphabet_and_stops_at_the_first_bad_block() {
        for b in 0..=255u8 {
            assert_eq!(is_symbol(b), ALPHABET[usize::from(b)] && b != b'=', "{b}");
        }
        let mut data = "QUJD".repeat(100).into_bytes();
        assert_eq!(symbol_blocks(&data), 384);
        data[200] = b'=';
        assert_eq!(symbol_blocks(&data), 192);
        // Every position of a bad byte, in every block, is reported exactly.
        for pos in (0..400).step_by(7) {
            let mut data = "QUJD".repeat(100).into_bytes();
            data[pos] = b'*';
            let err = inspect(std::str::from_utf8(&data).unwrap()).unwrap_err();
            assert!(err.message.ends_with(&format!("position {pos}")), "{err}");
        }
    }

    /// The block scan against the table, for every byte value at positions spread over the
    /// lanes, vectors and blocks. In wasm (the wasm suites run it) this is the `simd128` scan.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_block_scan_agrees_with_the_table_for_every_byte() {
        let plain = |bytes: &[u8]| {
            let symbol = |&c: &u8| ALPHABET[usize::from(c)] && c != b'=';
            BLOCK
                * bytes
                    .chunks_exact(BLOCK)
                    .take_while(|b| b.iter().all(symbol))
                    .count()
        };
        let mut data = "QUJD".repeat(66).into_bytes();
        for pos in [
            0, 1, 7, 8, 9, 15, 16, 31, 32, 47, 48, 63, 64, 100, 127, 200, 255, 256, 263,
        ] {
            for b in 0..=255u8 {
                let kept = data[pos];
                data[pos] = b;
                assert_eq!(symbol_blocks(&data), plain(&data), "byte {b} at {pos}");
                data[pos] = kept;
            }
        }
    }

    #[test]
    fn padding_after_the_head_but_before_the_end_is_caught() {
        // "QQ==" ending the head would decode alone; followed by more data it is invalid.
        let data = format!("{}QQ==QUJD", "QUJD".repeat(HEAD_CHARS / 4 - 1));
        assert!(inspect(&data).unwrap_err().message.contains("padding"));
    }

    #[test]
    fn positions_are_absolute() {
        let data = format!("{}QU*D", "QUJD".repeat(3000));
        let err = inspect(&data).unwrap_err();
        assert!(
            err.message.contains(&format!("position {}", 3000 * 4 + 2)),
            "{err}"
        );
        let data = format!("{}QR==", "QUJD".repeat(3000));
        let err = inspect(&data).unwrap_err();
        assert!(
            err.message.contains(&format!("position {}", 3000 * 4 + 1)),
            "{err}"
        );
    }

    #[test]
    fn agrees_with_a_full_decode() {
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let data = encode(&bytes);
            assert_eq!(data, STANDARD.encode(&bytes));
            let d = inspect(&data).unwrap();
            assert_eq!(d.len, len, "{data}");
            assert_eq!(d.head(), &bytes[..len.min(HEAD_LEN)]);
            // Endings, canonical or not, get the verdict of a full decode.
            for tail in ["QR==", "QUI=", "QUJ=", "Q===", "QQ=A", "===="] {
                let input = format!("{}{tail}", "QUJD".repeat(len / 4));
                let full = STANDARD.decode(&input).is_ok();
                assert_eq!(inspect(&input).is_ok(), full, "{input}");
            }
        }
    }
}
