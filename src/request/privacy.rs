//! `PUT /status/privacy`.

use serde::Serialize;

use super::fields::Fields;
use super::json::Json;
use super::StatusRequest;
use crate::problem::Problems;
use crate::rules::limits::{Limits, MAX_PRIVACY_ENTRIES};
pub use crate::rules::privacy::Audience;
use crate::rules::privacy::{check_audience, check_list, check_privacy};

/// The most entries read from an untrusted list: the limit counts contacts after repeats are
/// dropped, so some repeats are allowed for, but not unbounded work.
const MAX_LIST_READ: usize = 4 * MAX_PRIVACY_ENTRIES;

/// Who may see statuses: everyone in the contacts, only a list, or all but a list.
///
/// Entries are phone numbers or user JIDs; [`normalize`](StatusRequest::normalize) turns each
/// into the JID and drops repeats, keeping the first order seen.
///
/// ```
/// use wuts_status::{Limits, StatusPrivacy, StatusRequest};
///
/// let privacy = StatusPrivacy::whitelist(["+55 11 99999-9999", "5511999999999@s.whatsapp.net"])
///     .normalize(&Limits::default())?;
/// assert_eq!(privacy.to_json(), r#"{"type":"whitelist","list":["5511999999999@s.whatsapp.net"]}"#);
/// assert_eq!(StatusPrivacy::contacts().to_json(), r#"{"type":"contacts"}"#);
/// # Ok::<(), wuts_status::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[must_use]
pub struct StatusPrivacy {
    #[serde(rename = "type")]
    audience: Audience,
    #[serde(skip_serializing_if = "Option::is_none")]
    list: Option<Vec<String>>,
}

impl StatusPrivacy {
    /// All contacts may see statuses.
    pub fn contacts() -> Self {
        Self {
            audience: Audience::Contacts,
            list: None,
        }
    }

    /// Only the listed contacts may see statuses.
    pub fn whitelist<I, S>(entries: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new(Audience::Whitelist, entries)
    }

    /// All contacts except the listed ones may see statuses.
    pub fn blacklist<I, S>(entries: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new(Audience::Blacklist, entries)
    }

    /// A rule for `audience` with `entries` (ignored for [`Audience::Contacts`]).
    pub fn new<I, S>(audience: Audience, entries: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let list = match audience {
            Audience::Contacts => None,
            _ => Some(entries.into_iter().map(Into::into).collect()),
        };
        Self { audience, list }
    }

    /// Who may see statuses.
    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// The entries as given (or as normalized, after [`normalize`](StatusRequest::normalize)).
    pub fn list(&self) -> &[String] {
        self.list.as_deref().unwrap_or_default()
    }

    /// The wire's `list`: `None` when the body has none (`contacts`).
    #[cfg(feature = "browser")]
    pub(crate) fn wire_list(&self) -> Option<&[String]> {
        self.list.as_deref()
    }

    /// This rule with its list replaced by `jids`; `contacts` keeps no list.
    fn with_list(self, jids: Vec<String>) -> Self {
        let list = (self.audience != Audience::Contacts).then_some(jids);
        Self {
            audience: self.audience,
            list,
        }
    }
}

impl StatusRequest for StatusPrivacy {
    const METHOD: &'static str = "PUT";
    const PATH: &'static str = "/status/privacy";

    fn problems(&self, _limits: &Limits) -> Problems {
        check_list(self.audience, self.list())
            .err()
            .unwrap_or_default()
    }

    fn normalize(self, _limits: &Limits) -> Result<Self, Problems> {
        check_list(self.audience, self.list()).map(|jids| self.with_list(jids))
    }

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
            Ok(jids) => {
                let status = match audience {
                    Some(audience) => Self::new(audience, jids),
                    None => Self::contacts(),
                };
                fields.merge(Problems::new()).into_result(status)
            }
            Err(rules) => Err(fields.merge(rules)),
        }
    }
}
