//! Text status rules: the text itself, the background colour and the font id, and the
//! length rule every text field shares.

use super::char_count;
use super::limits::MAX_TEXT_CHARS;
use crate::message::msg;
use crate::message::Quoted;
use crate::problem::{Problem, ProblemCode, Problems};

/// WhatsApp's font ids for text statuses.
pub const FONTS: [u8; 8] = [0, 1, 2, 6, 7, 8, 9, 10];

/// `text` must hold a character other than white space and at most [`MAX_TEXT_CHARS`].
pub fn check_text(text: &str) -> Result<(), Problem> {
    if text.chars().all(char::is_whitespace) {
        return Err(Problem::new(
            "text",
            ProblemCode::Empty,
            "cannot be empty or only white space",
        ));
    }
    check_length("text", text, MAX_TEXT_CHARS)
}

/// `value` may hold at most `max` Unicode scalar values.
pub fn check_length(field: &str, value: &str, max: usize) -> Result<(), Problem> {
    let count = char_count(value);
    if count > max {
        return Err(Problem::new(
            field,
            ProblemCode::TooLong,
            msg!("is ", count, " characters long; the limit is ", max),
        ));
    }
    Ok(())
}

/// `background_color` is `#RRGGBB` or `#AARRGGBB`, hex digits in either case.
pub fn check_color(color: &str) -> Result<(), Problem> {
    let valid = color.strip_prefix('#').is_some_and(|hex| {
        matches!(hex.len(), 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    });
    if !valid {
        return Err(Problem::new(
            "background_color",
            ProblemCode::Invalid,
            msg!(Quoted(color), " is not a colour: use #RRGGBB or #AARRGGBB"),
        ));
    }
    Ok(())
}

/// `font` is one of WhatsApp's font ids, [`FONTS`].
pub fn check_font(font: u64) -> Result<(), Problem> {
    if u8::try_from(font).is_ok_and(|f| FONTS.contains(&f)) {
        return Ok(());
    }
    Err(Problem::new(
        "font",
        ProblemCode::Invalid,
        msg!(
            font,
            " is not a font id: use one of 0, 1, 2, 6, 7, 8, 9, 10"
        ),
    ))
}

/// A text status: a `text` ([`check_text`]), then the colour and the font when given.
pub fn check_text_status(
    text: Option<&str>,
    background_color: Option<&str>,
    font: Option<u64>,
) -> Result<(), Problems> {
    let mut problems = Problems::new();
    match text {
        Some(text) => problems.extend(check_text(text).err()),
        None => problems.add("text", ProblemCode::Required, "is required"),
    }
    problems.extend(background_color.map(check_color).and_then(Result::err));
    problems.extend(font.map(check_font).and_then(Result::err));
    problems.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(p: Result<(), Problem>) -> Option<ProblemCode> {
        p.err().map(|p| p.code)
    }

    #[test]
    fn text_needs_a_visible_character() {
        assert_eq!(code(check_text("")), Some(ProblemCode::Empty));
        assert_eq!(code(check_text(" \t\n\u{3000}")), Some(ProblemCode::Empty));
        assert_eq!(code(check_text(" a ")), None);
    }

    #[test]
    fn text_length_counts_scalar_values_not_bytes() {
        assert_eq!(code(check_text(&"é".repeat(700))), None);
        assert_eq!(code(check_text(&"😀".repeat(700))), None);
        assert_eq!(
            code(check_text(&"a".repeat(701))),
            Some(ProblemCode::TooLong)
        );
        let msg = check_text(&"😀".repeat(701)).unwrap_err().message;
        assert_eq!(msg, "is 701 characters long; the limit is 700");
    }

    #[test]
    fn colours_take_six_or_eight_hex_digits() {
        for ok in ["#25D366", "#25d366", "#FF25D366"] {
            assert_eq!(code(check_color(ok)), None, "{ok}");
        }
        for bad in [
            "25D366", "#25D36", "#25D3667", "#GGGGGG", "#", "", "#25D366 ", "red",
        ] {
            assert_eq!(code(check_color(bad)), Some(ProblemCode::Invalid), "{bad}");
        }
    }

    #[test]
    fn fonts_are_whatsapps_ids() {
        for ok in FONTS {
            assert_eq!(code(check_font(ok.into())), None);
        }
        for bad in [3, 4, 5, 11, 255, 256, u64::MAX] {
            assert_eq!(code(check_font(bad)), Some(ProblemCode::Invalid), "{bad}");
        }
    }
}
