//! Privacy-list entries: phone numbers and user JIDs, normalized to the JID.

use super::limits::{MAX_PHONE_DIGITS, MIN_PHONE_DIGITS};
use crate::message::msg;
use crate::message::{Quoted, QuotedChar};
use crate::problem::{Problem, ProblemCode};

/// The server part of a WhatsApp user JID.
pub const USER_SERVER: &str = "s.whatsapp.net";

/// Entry `index` of a privacy list: a phone number (`+55 11 99999-9999`, `(555) 123.4567`) or
/// a user JID (`5511999999999@s.whatsapp.net`), normalized to the JID. Groups, broadcasts and
/// anything else are a problem with `list[index]`.
pub fn check_entry(index: usize, entry: &str) -> Result<String, Problem> {
    normalize(entry)
        .map_err(|(code, message)| Problem::new(msg!("list[", index, "]"), code, message))
}

/// [`check_entry`], the problem without its field.
fn normalize(entry: &str) -> Result<String, (ProblemCode, String)> {
    let entry = entry.trim();
    if entry.is_empty() {
        return Err((ProblemCode::Empty, "cannot be empty".into()));
    }
    match entry.split_once('@') {
        Some((user, server)) => normalize_jid(entry, user, server),
        None => normalize_phone(entry),
    }
}

fn normalize_jid(entry: &str, user: &str, server: &str) -> Result<String, (ProblemCode, String)> {
    let server = server.to_ascii_lowercase();
    match server.as_str() {
        USER_SERVER => {}
        "g.us" => {
            return Err((
                ProblemCode::Unsupported,
                msg!(
                    Quoted(entry),
                    " is a group: privacy lists take contacts only"
                ),
            ))
        }
        "broadcast" => {
            return Err((
                ProblemCode::Unsupported,
                msg!(
                    Quoted(entry),
                    " is a broadcast list: privacy lists take contacts only"
                ),
            ))
        }
        "c.us" => {
            return Err((
                ProblemCode::Invalid,
                msg!(
                    Quoted(entry),
                    " uses the old c.us server: write ",
                    user,
                    "@",
                    USER_SERVER
                ),
            ))
        }
        _ => {
            return Err((
                ProblemCode::Invalid,
                msg!(
                    Quoted(entry),
                    " is not a phone number or a user JID (digits@",
                    USER_SERVER,
                    ")"
                ),
            ))
        }
    }
    if !user.bytes().all(|b| b.is_ascii_digit()) {
        return Err((
            ProblemCode::Invalid,
            msg!(
                Quoted(entry),
                " is not a user JID: the part before @ must be digits only"
            ),
        ));
    }
    check_digit_count(entry, user.len())?;
    Ok(msg!(user, "@", USER_SERVER))
}

fn normalize_phone(entry: &str) -> Result<String, (ProblemCode, String)> {
    let body = entry.strip_prefix('+').unwrap_or(entry);
    if let Some(c) = body
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')')))
    {
        return Err((
            ProblemCode::Invalid,
            msg!(
                Quoted(entry),
                " is not a phone number: ",
                QuotedChar(c),
                " is not allowed (use digits, an optional \
                 leading +, spaces, dashes, dots and parentheses)"
            ),
        ));
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    check_digit_count(entry, digits.len())?;
    Ok(msg!(digits, "@", USER_SERVER))
}

fn check_digit_count(entry: &str, count: usize) -> Result<(), (ProblemCode, String)> {
    if (MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&count) {
        Ok(())
    } else {
        Err((
            ProblemCode::Invalid,
            msg!(
                Quoted(entry),
                " has ",
                count,
                " digits; a phone number with its country code has \
                 ",
                MIN_PHONE_DIGITS,
                " to ",
                MAX_PHONE_DIGITS
            ),
        ))
    }
}

/// For each of `jids`, the index of the first one equal to it (its own index when it is the
/// first). Sorting indices keeps lists of thousands at O(n log n) without a hasher, which would
/// add SipHash and a hash table to the npm package.
pub fn first_occurrences(jids: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..jids.len()).collect();
    // Ties by index, so each run of equal JIDs starts at the first one.
    order.sort_unstable_by(|&a, &b| (&jids[a], a).cmp(&(&jids[b], b)));
    let mut first = vec![0; jids.len()];
    let mut run = 0;
    for (k, &i) in order.iter().enumerate() {
        if k == 0 || jids[i] != jids[order[k - 1]] {
            run = i;
        }
        first[i] = run;
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_occurrences_point_at_the_earliest_equal_entry() {
        let jids: Vec<String> = ["b", "a", "b", "c", "a", "b"].map(String::from).into();
        assert_eq!(first_occurrences(&jids), [0, 1, 0, 3, 1, 0]);
        assert!(first_occurrences(&[]).is_empty());
    }

    #[test]
    fn first_occurrences_agree_with_a_linear_search() {
        for n in 0..200usize {
            // A small alphabet, so lists of every length have repeats in every arrangement.
            let jids: Vec<String> = (0..n).map(|i| ((i * 7919 + n) % 13).to_string()).collect();
            let expected: Vec<usize> = (0..n)
                .map(|i| jids.iter().position(|j| *j == jids[i]).unwrap_or(i))
                .collect();
            assert_eq!(first_occurrences(&jids), expected, "{jids:?}");
        }
    }

    #[test]
    fn first_occurrences_of_a_long_list_are_quick() {
        // 20,000 entries, every one repeated once, in reverse for the second half.
        let mut jids: Vec<String> = (0..10_000).map(|n| format!("{n}@{USER_SERVER}")).collect();
        jids.extend(jids.clone().into_iter().rev());
        let started = std::time::Instant::now();
        let first = first_occurrences(&jids);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert!((0..10_000).all(|i| first[i] == i && first[19_999 - i] == i));
    }

    #[test]
    fn phone_numbers_become_jids() {
        for (input, jid) in [
            ("+55 11 99999-9999", "5511999999999@s.whatsapp.net"),
            ("(555) 123.4567", "5551234567@s.whatsapp.net"),
            ("  4915112345678 ", "4915112345678@s.whatsapp.net"),
            (
                "5511888887777@s.whatsapp.net",
                "5511888887777@s.whatsapp.net",
            ),
            (
                "5511888887777@S.WhatsApp.NET",
                "5511888887777@s.whatsapp.net",
            ),
            ("1234567", "1234567@s.whatsapp.net"),
            ("123456789012345", "123456789012345@s.whatsapp.net"),
        ] {
            assert_eq!(normalize(input).as_deref(), Ok(jid), "{input}");
        }
    }

    #[test]
    fn everything_else_is_rejected_with_a_reason() {
        for (input, code, words) in [
            ("", ProblemCode::Empty, "empty"),
            ("123456", ProblemCode::Invalid, "6 digits"),
            ("1234567890123456", ProblemCode::Invalid, "16 digits"),
            (
                "55 11 9999+9999",
                ProblemCode::Invalid,
                "'+' is not allowed",
            ),
            (
                "++5511999999999",
                ProblemCode::Invalid,
                "'+' is not allowed",
            ),
            ("call me", ProblemCode::Invalid, "not a phone number"),
            ("120363041234567890@g.us", ProblemCode::Unsupported, "group"),
            ("status@broadcast", ProblemCode::Unsupported, "broadcast"),
            ("5511999999999@c.us", ProblemCode::Invalid, "c.us"),
            (
                "5511999999999:12@s.whatsapp.net",
                ProblemCode::Invalid,
                "digits only",
            ),
            (
                "5511999999999@lid",
                ProblemCode::Invalid,
                "not a phone number or a user JID",
            ),
            ("١٢٣٤٥٦٧٨", ProblemCode::Invalid, "not allowed"),
        ] {
            let (got, message) = normalize(input).unwrap_err();
            assert_eq!(got, code, "{input}");
            assert!(message.contains(words), "{input}: {message}");
        }
    }
}
