//! Privacy rules: who may see statuses, and the list a whitelist or blacklist names.

use serde::{Deserialize, Serialize};

use super::contact;
use super::limits::MAX_PRIVACY_ENTRIES;
use crate::message::{msg, Quoted};
use crate::problem::{Problem, ProblemCode, Problems};

/// Who may see statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// All contacts.
    Contacts,
    /// Only the listed contacts.
    Whitelist,
    /// All contacts except the listed ones.
    Blacklist,
}

impl Audience {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Contacts => "contacts",
            Self::Whitelist => "whitelist",
            Self::Blacklist => "blacklist",
        }
    }

    /// The wire name parsed; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "contacts" => Some(Self::Contacts),
            "whitelist" => Some(Self::Whitelist),
            "blacklist" => Some(Self::Blacklist),
            _ => None,
        }
    }
}

/// The `type` of a privacy rule, by its wire name.
pub fn check_audience(name: &str) -> Result<Audience, Problem> {
    Audience::parse(name).ok_or_else(|| {
        Problem::new(
            "type",
            ProblemCode::Invalid,
            msg!(
                Quoted(name),
                " is not a privacy type: use contacts, whitelist or blacklist"
            ),
        )
    })
}

/// A privacy rule as read from a body: a `type`, and a `list` unless the type is `contacts`;
/// then [`check_list`]. The type, with the list as [`check_list`] gives it.
pub fn check_privacy(
    audience: Option<Audience>,
    list: Option<&[String]>,
) -> Result<(Audience, Vec<String>), Problems> {
    match (audience, list) {
        (None, _) => Err(Problem::new(
            "type",
            ProblemCode::Required,
            "is required: contacts, whitelist or blacklist",
        )
        .into()),
        (Some(Audience::Contacts), _) => Ok((Audience::Contacts, Vec::new())),
        (Some(audience), None) => Err(Problem::new(
            "list",
            ProblemCode::Required,
            msg!("is required for ", audience.as_str()),
        )
        .into()),
        (Some(audience), Some(list)) => check_list(audience, list).map(|jids| (audience, jids)),
    }
}

/// The list of a privacy rule: for `contacts` nothing (any list is ignored, as the backend
/// does); otherwise at least one entry, each a contact ([`contact::check_entry`]), at most
/// [`MAX_PRIVACY_ENTRIES`] once repeats are dropped. The list as JIDs without repeats, first
/// order kept.
pub fn check_list(audience: Audience, list: &[String]) -> Result<Vec<String>, Problems> {
    if audience == Audience::Contacts {
        return Ok(Vec::new());
    }
    let mut problems = Problems::new();
    let mut jids = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        match contact::check_entry(i, entry) {
            Ok(jid) => jids.push(jid),
            Err(problem) => problems.push(problem),
        }
    }
    let first = contact::first_occurrences(&jids);
    let jids: Vec<String> = jids
        .into_iter()
        .enumerate()
        .filter_map(|(i, jid)| (first[i] == i).then_some(jid))
        .collect();
    if list.is_empty() {
        let message = match audience {
            Audience::Blacklist => {
                "is empty: an empty blacklist shares with all contacts, so send type \
                 \"contacts\" instead"
            }
            _ => "must name at least one contact to share with",
        };
        problems.add("list", ProblemCode::Empty, message);
    } else if jids.len() > MAX_PRIVACY_ENTRIES {
        problems.add(
            "list",
            ProblemCode::TooLong,
            msg!(
                "has ",
                jids.len(),
                " contacts; the limit is ",
                MAX_PRIVACY_ENTRIES
            ),
        );
    }
    problems.into_result(jids)
}
