//! The validation vocabulary: which field is wrong, a stable code, and words a person can act
//! on. Every rule and every reader of a request reports in these terms.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::message::{msg, Piece};

/// Why a field was rejected. The string form (`as_str`) is stable: programs branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemCode {
    /// A required field is missing.
    Required,
    /// The field has the wrong JSON type (a number where a string belongs, say).
    WrongType,
    /// The field is present but empty, or holds only white space.
    Empty,
    /// The field is longer than its limit.
    TooLong,
    /// The field is not in the expected format (colour, base64, URL, phone number, token...).
    Invalid,
    /// The value is well formed but not one this API accepts (a mime type, a URL scheme...).
    Unsupported,
    /// Two fields that exclude each other were both given.
    Conflict,
    /// Two facts disagree: `media_type` against `mime_type`, or the bytes against `mime_type`.
    Mismatch,
    /// Decoded media is larger than its limit.
    TooLarge,
    /// A media URL names a loopback, private, link-local or otherwise internal host.
    InternalHost,
    /// The field is not part of the request.
    UnknownField,
}

impl ProblemCode {
    /// Every code, in declaration order.
    pub const ALL: [Self; 11] = [
        Self::Required,
        Self::WrongType,
        Self::Empty,
        Self::TooLong,
        Self::Invalid,
        Self::Unsupported,
        Self::Conflict,
        Self::Mismatch,
        Self::TooLarge,
        Self::InternalHost,
        Self::UnknownField,
    ];

    /// The code with this wire name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|code| code.as_str() == name)
    }

    /// The stable wire name of this code, as in `"too_long"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::WrongType => "wrong_type",
            Self::Empty => "empty",
            Self::TooLong => "too_long",
            Self::Invalid => "invalid",
            Self::Unsupported => "unsupported",
            Self::Conflict => "conflict",
            Self::Mismatch => "mismatch",
            Self::TooLarge => "too_large",
            Self::InternalHost => "internal_host",
            Self::UnknownField => "unknown_field",
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason a request is invalid: which field, a stable code, and words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The wire name of the field, with an index for list entries: `text`, `list[3]`.
    pub field: String,
    /// Why, as a stable code.
    pub code: ProblemCode,
    /// Why, in words, without the field name: `cannot be empty`.
    pub message: String,
}

impl Problem {
    /// A problem with `field`, `code` and `message`.
    // Not inlined: problems are made in many places, none of them hot.
    #[inline(never)]
    pub fn new(field: impl Into<String>, code: ProblemCode, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

impl Piece for Problem {
    fn push_to(&self, out: &mut String) {
        out.push_str(&self.field);
        out.push_str(": ");
        out.push_str(&self.message);
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&msg!(self))
    }
}

/// Every problem found in one request, in the order found. Never empty when it is an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// No problems yet.
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// Records a problem.
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// Records a problem built from its parts.
    pub fn add(&mut self, field: impl Into<String>, code: ProblemCode, message: impl Into<String>) {
        self.push(Problem::new(field, code, message));
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order found.
    pub fn as_slice(&self) -> &[Problem] {
        &self.0
    }

    /// The problems, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }

    /// `Ok(value)` when nothing was found, else the problems.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Problem> for Problems {
    #[inline(never)]
    fn from(problem: Problem) -> Self {
        Self(vec![problem])
    }
}

impl From<Vec<Problem>> for Problems {
    fn from(problems: Vec<Problem>) -> Self {
        Self(problems)
    }
}

impl Extend<Problem> for Problems {
    fn extend<I: IntoIterator<Item = Problem>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Every problem as `field: message`, separated by `; `.
impl Piece for Problems {
    fn push_to(&self, out: &mut String) {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            problem.push_to(out);
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&msg!(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_display_names_each_field() {
        let mut problems = Problems::new();
        problems.add("text", ProblemCode::Empty, "cannot be empty");
        problems.add(
            "font",
            ProblemCode::Invalid,
            "must be one of 0, 1, 2, 6, 7, 8, 9, 10",
        );
        assert_eq!(
            problems.to_string(),
            "text: cannot be empty; font: must be one of 0, 1, 2, 6, 7, 8, 9, 10"
        );
    }

    #[test]
    fn codes_serialize_as_their_stable_names() {
        for code in [
            ProblemCode::Required,
            ProblemCode::InternalHost,
            ProblemCode::TooLong,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn every_code_parses_from_its_name() {
        for code in ProblemCode::ALL {
            assert_eq!(ProblemCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ProblemCode::parse("nope"), None);
    }
}
