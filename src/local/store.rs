//! What was published, by whom, and each token's current privacy rule, kept in memory.

use std::collections::{HashMap, VecDeque};

use serde::Serialize;
use serde_json::Value;

/// Which endpoint a record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Media,
    Privacy,
}

impl Kind {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Media => "media",
            Self::Privacy => "privacy",
        }
    }
}

/// Most bytes of stored bodies: about ten of the largest inline videos.
const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;

/// One accepted request.
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) token: String,
    pub(crate) kind: Kind,
    /// The normalized request body as JSON text: kept as text so that storing costs one
    /// allocation, and parsed only when listed.
    pub(crate) body: String,
    /// `None` for privacy updates, which publish no message.
    pub(crate) message_id: Option<String>,
    pub(crate) timestamp: String,
    pub(crate) request_id: String,
    /// The request's `Idempotency-Key`, recorded (WUTS itself ignores it) so tests can see
    /// what a client sent.
    pub(crate) idempotency_key: Option<String>,
}

/// Published records in order, and the privacy rule in force per token. Tokens are kept in
/// lower case: they are UUIDs, which compare case-insensitively.
#[derive(Debug)]
pub(crate) struct Store {
    records: VecDeque<(u64, Record)>,
    last_seq: u64,
    max_records: usize,
    /// The sum of the stored bodies' lengths, to bound memory when media is inline.
    body_bytes: usize,
    privacy: HashMap<String, (String, Vec<String>)>,
}

impl Store {
    pub(crate) fn new(max_records: usize) -> Self {
        Self {
            records: VecDeque::new(),
            last_seq: 0,
            max_records: max_records.max(1),
            body_bytes: 0,
            privacy: HashMap::new(),
        }
    }

    /// Keeps `record`, dropping the oldest when there are too many records or too many bytes
    /// of bodies, and returns its sequence number.
    pub(crate) fn publish(&mut self, record: Record) -> u64 {
        self.body_bytes += record.body.len();
        self.last_seq += 1;
        self.records.push_back((self.last_seq, record));
        while self.records.len() > self.max_records
            || (self.body_bytes > MAX_BODY_BYTES && self.records.len() > 1)
        {
            if let Some((_, old)) = self.records.pop_front() {
                self.body_bytes -= old.body.len();
            }
        }
        self.last_seq
    }

    /// Records the privacy rule now in force for `token`.
    pub(crate) fn set_privacy(&mut self, token: &str, audience: &str, list: &[String]) {
        self.privacy
            .insert(token.to_owned(), (audience.to_owned(), list.to_vec()));
    }

    /// `{"items": [...]}`: the records, oldest first, of `token` or of everyone.
    pub(crate) fn published(&self, token: Option<&str>) -> String {
        let items: Vec<_> = self
            .records
            .iter()
            .filter(|(_, r)| token.is_none_or(|t| t.eq_ignore_ascii_case(&r.token)))
            .map(|(seq, r)| PublishedItem {
                seq: *seq,
                token: &r.token,
                kind: r.kind.as_str(),
                body: serde_json::from_str(&r.body).unwrap_or(Value::Null),
                message_id: r.message_id.as_deref(),
                timestamp: &r.timestamp,
                request_id: &r.request_id,
                idempotency_key: r.idempotency_key.as_deref(),
            })
            .collect();
        to_json(&Items { items })
    }

    /// `{"items": [{"token", "type", "list"}]}`: the rule in force, per token, sorted by token.
    pub(crate) fn privacy(&self, token: Option<&str>) -> String {
        let mut items: Vec<_> = self
            .privacy
            .iter()
            .filter(|(t, _)| token.is_none_or(|wanted| wanted.eq_ignore_ascii_case(t)))
            .map(|(token, (audience, list))| PrivacyItem {
                token,
                audience,
                list,
            })
            .collect();
        items.sort_by(|a, b| a.token.cmp(b.token));
        to_json(&Items { items })
    }

    /// Forgets everything; sequence numbers start again at 1.
    pub(crate) fn clear(&mut self) {
        self.records.clear();
        self.body_bytes = 0;
        self.last_seq = 0;
        self.privacy.clear();
    }
}

#[derive(Serialize)]
struct Items<T> {
    items: Vec<T>,
}

#[derive(Serialize)]
struct PublishedItem<'a> {
    seq: u64,
    token: &'a str,
    kind: &'static str,
    body: Value,
    message_id: Option<&'a str>,
    timestamp: &'a str,
    request_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    idempotency_key: Option<&'a str>,
}

#[derive(Serialize)]
struct PrivacyItem<'a> {
    token: &'a str,
    #[serde(rename = "type")]
    audience: &'a str,
    list: &'a [String],
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Strings, numbers and parsed JSON only: serializing cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(token: &str) -> Record {
        Record {
            token: token.into(),
            kind: Kind::Text,
            body: r#"{"text":"hi"}"#.into(),
            message_id: Some("3EB0".into()),
            timestamp: "t".into(),
            request_id: "r".into(),
            idempotency_key: None,
        }
    }

    #[test]
    fn keeps_the_newest_when_full_and_numbers_in_order() {
        let mut store = Store::new(2);
        for token in ["a", "b", "c"] {
            store.publish(record(token));
        }
        let listed: Value = serde_json::from_str(&store.published(None)).unwrap();
        let items = &listed["items"];
        assert_eq!(items[0]["seq"], 2);
        assert_eq!(items[1]["token"], "c");
        assert_eq!(items[1]["body"]["text"], "hi");
        store.clear();
        assert_eq!(store.publish(record("a")), 1);
    }
}
