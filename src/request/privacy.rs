//! `PUT /status/privacy`.

use serde::Serialize;

use super::fields::Fields;
use super::json::Json;
use super::{RequestBuilder, StatusRequest};
use crate::problem::Problems;
use crate::rules::limits::{Limits, MAX_PRIVACY_ENTRIES};
pub use crate::rules::privacy::Audience;
use crate::rules::privacy::{check_audience, check_list, check_privacy};

/// The most entries read from an untrusted list: the limit counts contacts after repeats are
/// dropped, so some repeats are allowed for, but not unbounded work.
const MAX_LIST_READ: usize = 4 * MAX_PRIVACY_ENTRIES;

/// Who may see statuses, validated: everyone in the contacts, only a list, or all but a list.
/// Made by a [`StatusPrivacyBuilder`] ([`StatusPrivacy::contacts`],
/// [`StatusPrivacy::whitelist`], [`StatusPrivacy::blacklist`], [`StatusPrivacy::builder`]), or
/// read from a body ([`StatusRequest::from_json`]).
///
/// Entries are phone numbers or user JIDs; [`build`](RequestBuilder::build) turns each into the
/// JID and drops repeats, keeping the first order seen.
///
/// ```
/// use wuts_status::{Audience, Limits, RequestBuilder, StatusPrivacy, StatusRequest};
///
/// let privacy = StatusPrivacy::whitelist(["+55 11 99999-9999", "5511999999999@s.whatsapp.net"])
///     .build(&Limits::default())?;
/// assert_eq!(privacy.audience(), Audience::Whitelist);
/// assert_eq!(privacy.list(), ["5511999999999@s.whatsapp.net"]);
/// assert_eq!(privacy.to_json(), r#"{"type":"whitelist","list":["5511999999999@s.whatsapp.net"]}"#);
/// let everyone = StatusPrivacy::contacts().build(&Limits::default())?;
/// assert_eq!(everyone.to_json(), r#"{"type":"contacts"}"#);
/// # Ok::<(), wuts_status::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusPrivacy {
    #[serde(rename = "type")]
    audience: Audience,
    #[serde(skip_serializing_if = "Option::is_none")]
    list: Option<Vec<String>>,
}

/// A privacy rule being built: one of [`StatusPrivacy`]'s constructors, then
/// [`build`](RequestBuilder::build).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct StatusPrivacyBuilder(StatusPrivacy);

impl StatusPrivacy {
    /// All contacts may see statuses.
    pub fn contacts() -> StatusPrivacyBuilder {
        StatusPrivacyBuilder(Self {
            audience: Audience::Contacts,
            list: None,
        })
    }

    /// Only the listed contacts may see statuses.
    pub fn whitelist<I, S>(entries: I) -> StatusPrivacyBuilder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::builder(Audience::Whitelist, entries)
    }

    /// All contacts except the listed ones may see statuses.
    pub fn blacklist<I, S>(entries: I) -> StatusPrivacyBuilder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::builder(Audience::Blacklist, entries)
    }

    /// A rule for `audience` with `entries` (ignored for [`Audience::Contacts`]).
    pub fn builder<I, S>(audience: Audience, entries: I) -> StatusPrivacyBuilder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let list = match audience {
            Audience::Contacts => None,
            _ => Some(entries.into_iter().map(Into::into).collect()),
        };
        StatusPrivacyBuilder(Self { audience, list })
    }

    /// Who may see statuses.
    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// The listed contacts as JIDs, without repeats; empty for `contacts`.
    pub fn list(&self) -> &[String] {
        self.list.as_deref().unwrap_or_default()
    }

    /// The wire's `list`: `None` when the body has none (`contacts`).
    #[cfg(feature = "browser")]
    pub(crate) fn wire_list(&self) -> Option<&[String]> {
        self.list.as_deref()
    }

    /// The rule for `audience` with its checked list, `jids`; `contacts` keeps no list.
    fn checked(audience: Audience, jids: Vec<String>) -> Self {
        let list = (audience != Audience::Contacts).then_some(jids);
        Self { audience, list }
    }
}

impl RequestBuilder for StatusPrivacyBuilder {
    type Request = StatusPrivacy;

    fn problems(&self, _limits: &Limits) -> Problems {
        check_list(self.0.audience, self.0.list())
            .err()
            .unwrap_or_default()
    }

    fn build(self, limits: &Limits) -> Result<StatusPrivacy, Problems> {
        StatusPrivacyBuilder::build(self, limits)
    }
}

impl StatusPrivacyBuilder {
    /// The request as it goes on the wire: every rule checked, then in canonical form; or
    /// every problem at once.
    pub fn build(self, _limits: &Limits) -> Result<StatusPrivacy, Problems> {
        let rule = self.0;
        check_list(rule.audience, rule.list())
            .map(|jids| StatusPrivacy::checked(rule.audience, jids))
    }

    /// The rule as given so far, not validated.
    #[cfg(feature = "browser")]
    pub(crate) fn as_given(&self) -> &StatusPrivacy {
        &self.0
    }
}

/// A rule already built, to build again.
impl From<StatusPrivacy> for StatusPrivacyBuilder {
    fn from(rule: StatusPrivacy) -> Self {
        Self(rule)
    }
}

impl StatusRequest for StatusPrivacy {
    const METHOD: &'static str = "PUT";
    const PATH: &'static str = "/status/privacy";
    type Builder = StatusPrivacyBuilder;

    fn from_json<J: Json>(body: J, _limits: &Limits) -> Result<Self, Problems> {
        let mut fields = Fields::new(body, &["type", "list"])?;
        let audience = fields
            .string("type")
            .and_then(|name| fields.check(check_audience(name.as_ref())));
        // For contacts the list is ignored, as the backend does: not read, not forwarded.
        let list = match audience {
            Some(Audience::Contacts) | None => None,
            Some(_) => fields.strings("list", MAX_LIST_READ),
        };
        // One pass over the list both checks and normalizes it.
        match check_privacy(audience, list.as_deref()) {
            Ok((audience, jids)) => fields
                .merge(Problems::new())
                .into_result(Self::checked(audience, jids)),
            Err(rules) => Err(fields.merge(rules)),
        }
    }
}
