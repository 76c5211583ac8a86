//! The caller's bearer token, kept out of logs and error messages.

use std::fmt;

use crate::rules::token::{is_uuid_v4, NOT_A_TOKEN};

/// A per-user API token: a UUID v4. Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Token(String);

/// Why an `Authorization` header holds no usable token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    /// No `Authorization` header, or not the `Bearer` scheme.
    Missing,
    /// A bearer token that is not a UUID v4.
    Malformed,
}

impl TokenError {
    /// Words for the caller, naming no part of the token.
    pub const fn message(self) -> &'static str {
        match self {
            Self::Missing => "send the API token as Authorization: Bearer <token>",
            Self::Malformed => NOT_A_TOKEN,
        }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for TokenError {}

impl Token {
    /// A token from its text, which must be a hyphenated UUID v4 (either case).
    pub fn parse(token: &str) -> Result<Self, TokenError> {
        if is_uuid_v4(token) {
            Ok(Self(token.to_owned()))
        } else {
            Err(TokenError::Malformed)
        }
    }

    /// A token a client was given as its option `field`: [`Token::parse`], refused as a
    /// [`Problem`](crate::Problem) on that field.
    #[cfg(any(feature = "browser", feature = "client"))]
    pub(crate) fn from_option(field: &str, token: &str) -> Result<Self, crate::Problem> {
        crate::rules::token::check_token(field, token).map(|token| Self(token.to_owned()))
    }

    /// The token in an `Authorization` header value (`Bearer <token>`, scheme in any case).
    pub fn from_authorization(header: Option<&str>) -> Result<Self, TokenError> {
        let header = header.map(str::trim).unwrap_or_default();
        let (scheme, token) = header.split_once(' ').ok_or(TokenError::Missing)?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(TokenError::Missing);
        }
        Self::parse(token.trim_start())
    }

    /// The token itself, for the `Authorization` header and for hashing. Handle with care.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The `Authorization` header value for this token.
    pub fn authorization(&self) -> String {
        ["Bearer ", &self.0].concat()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71";

    #[test]
    fn reads_bearer_headers() {
        let bearer = format!("Bearer {T}");
        assert_eq!(
            Token::from_authorization(Some(&bearer)).unwrap().expose(),
            T
        );
        let lower = format!("bearer  {T}");
        assert!(Token::from_authorization(Some(&lower)).is_ok());
        assert_eq!(Token::from_authorization(None), Err(TokenError::Missing));
        assert_eq!(Token::from_authorization(Some(T)), Err(TokenError::Missing));
        let basic = format!("Basic {T}");
        assert_eq!(
            Token::from_authorization(Some(&basic)),
            Err(TokenError::Missing)
        );
        assert_eq!(
            Token::from_authorization(Some("Bearer not-a-uuid")),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn never_prints_the_secret() {
        let token = Token::parse(T).unwrap();
        assert!(!format!("{token:?} {token}").contains("3f2b"));
    }
}
