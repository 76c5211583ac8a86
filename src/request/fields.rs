//! Reading the fields of an untrusted JSON object, recording a problem for each wrong one.

use super::json::Json;
use crate::error::{Error, Problem, ProblemCode, Problems};
use crate::message::{msg, Joined};

/// Reads typed fields out of a JSON object. `null` counts as absent, as JavaScript callers
/// often send it for "not set".
pub(crate) struct Fields<J> {
    body: J,
    pub(crate) problems: Problems,
}

impl<J: Json> Fields<J> {
    /// The fields of `body`, which must be an object whose keys are all in `known`.
    pub(crate) fn new(body: J, known: &[&str]) -> Result<Self, Error> {
        let Some(keys) = body.keys() else {
            return Err(Error::Validation(
                Problem::new("body", ProblemCode::WrongType, "must be a JSON object").into(),
            ));
        };
        let mut unknown: Vec<String> = keys
            .into_iter()
            .filter(|k| !known.contains(&k.as_str()))
            .collect();
        // Sorted, so unknown fields are reported in the same order whatever read the body.
        unknown.sort_unstable();
        let mut problems = Problems::new();
        // Each problem is an allocation and a line of the answer: a body of a million unknown
        // keys gets a bounded answer.
        for key in unknown.iter().take(MAX_REPORTED_UNKNOWN) {
            // A problem must name a field; a key with no name is reported on the body.
            if key.is_empty() {
                problems.add(
                    "body",
                    ProblemCode::UnknownField,
                    msg!(
                        "has a field with an empty name (the request takes ",
                        Joined(known),
                        ")"
                    ),
                );
                continue;
            }
            let message = match known.iter().find(|k| same_words(k, key)) {
                Some(meant) => msg!("is not a field of this request: did you mean ", meant, "?"),
                None => msg!(
                    "is not a field of this request (it takes ",
                    Joined(known),
                    ")"
                ),
            };
            problems.add(key.as_str(), ProblemCode::UnknownField, message);
        }
        if unknown.len() > MAX_REPORTED_UNKNOWN {
            problems.add(
                "body",
                ProblemCode::UnknownField,
                msg!(
                    "has ",
                    unknown.len() - MAX_REPORTED_UNKNOWN,
                    " more fields that are not part of this request"
                ),
            );
        }
        Ok(Self { body, problems })
    }

    fn get(&self, name: &str) -> Option<J> {
        self.body.get(name).filter(|v| !v.is_null())
    }

    fn wrong_type(&mut self, name: &str, expected: &str) {
        self.problems
            .add(name, ProblemCode::WrongType, msg!("must be ", expected));
    }

    /// Whether a problem was already recorded for `field`, so a rule need not add another.
    pub(crate) fn has_problem(&self, field: &str) -> bool {
        self.problems.as_slice().iter().any(|p| p.field == field)
    }

    /// A string field, borrowed from the body where the reader allows it.
    pub(crate) fn string(&mut self, name: &str) -> Option<J::Str> {
        let s = self.get(name)?.string();
        if s.is_none() {
            self.wrong_type(name, "a string");
        }
        s
    }

    pub(crate) fn unsigned(&mut self, name: &str) -> Option<u64> {
        let n = self.get(name)?.unsigned();
        if n.is_none() {
            self.wrong_type(name, "a whole number, 0 or more");
        }
        n
    }

    /// An array of at most `max` strings; each entry that is not a string is a problem of its
    /// own. A longer array is one problem, found before any entry is read.
    pub(crate) fn strings(&mut self, name: &str, max: usize) -> Option<Vec<String>> {
        let Some(items) = self.get(name)?.items() else {
            self.wrong_type(name, "an array of strings");
            return None;
        };
        if items.len() > max {
            self.problems.add(
                name,
                ProblemCode::TooLong,
                msg!(
                    "has ",
                    items.len(),
                    " entries, more than the ",
                    max,
                    " this API reads"
                ),
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.string() {
                Some(s) => out.push(s.into()),
                // The placeholder keeps later entries at their own index; its problem is
                // already recorded, so no rule reports it again.
                None => {
                    self.wrong_type(&msg!(name, "[", i, "]"), "a string");
                    out.push(String::new());
                }
            }
        }
        Some(out)
    }

    /// Adds the rule problems of the built request, skipping fields whose value was already
    /// rejected (a wrong type would otherwise also read as "required").
    ///
    /// Linear in the number of problems: list entries rejected while reading are marked by
    /// index, and the other rejected fields are few (the known fields plus a bounded number of
    /// unknown ones).
    pub(crate) fn merge(mut self, rules: Problems) -> Problems {
        // Only the fields rejected while reading count: a field may break several rules, and
        // each of those is reported.
        let mut named: Vec<String> = Vec::new();
        let mut entries: Vec<bool> = Vec::new();
        for problem in self.problems.as_slice() {
            match entry_index(&problem.field) {
                Some(i) => {
                    if entries.len() <= i {
                        entries.resize(i + 1, false);
                    }
                    if let Some(slot) = entries.get_mut(i) {
                        *slot = true;
                    }
                }
                None => named.push(problem.field.clone()),
            }
        }
        for problem in rules {
            let base = problem.field.split('[').next().unwrap_or_default();
            let entry_rejected = entry_index(&problem.field)
                .is_some_and(|i| entries.get(i).copied().unwrap_or(false));
            let field_rejected = named.iter().any(|f| *f == problem.field || *f == base);
            if !entry_rejected && !field_rejected {
                self.problems.push(problem);
            }
        }
        self.problems
    }
}

/// The most unknown fields reported one by one; the rest are counted in one problem.
const MAX_REPORTED_UNKNOWN: usize = 20;

/// The index of a list entry's field: 3 for `list[3]`.
fn entry_index(field: &str) -> Option<usize> {
    let (_, rest) = field.split_once('[')?;
    rest.strip_suffix(']')?.parse().ok()
}

/// `backgroundColor` and `background_color` name the same field.
fn same_words(a: &str, b: &str) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    squash(a) == squash(b)
}

#[cfg(test)]
mod tests {
    use crate::request::{parse_body, MediaStatus, StatusPrivacy, StatusRequest, TextStatus};
    use crate::{Limits, ProblemCode};

    fn problems<R: StatusRequest>(body: &str) -> Vec<(String, ProblemCode)> {
        match parse_body::<R>(body.as_bytes(), &Limits::default()) {
            Ok(_) => Vec::new(),
            Err(err) => err
                .problems()
                .iter()
                .map(|p| (p.field.clone(), p.code))
                .collect(),
        }
    }

    #[test]
    fn answers_stay_bounded_for_hostile_bodies() {
        let keys: Vec<String> = (0..1000).map(|i| format!("\"k{i:04}\": 1")).collect();
        let body = format!("{{\"text\": \"hi\", {}}}", keys.join(", "));
        let found = problems::<TextStatus>(&body);
        assert_eq!(found.len(), 21, "20 named, then one that counts the rest");
        assert_eq!(found[20], ("body".to_owned(), ProblemCode::UnknownField));

        let zeros = vec!["0"; 40_001].join(",");
        let body = format!("{{\"type\": \"whitelist\", \"list\": [{zeros}]}}");
        assert_eq!(
            problems::<StatusPrivacy>(&body),
            vec![("list".to_owned(), ProblemCode::TooLong)]
        );

        // Every entry of the wrong type is one problem, and no rule repeats it.
        let zeros = vec!["0"; 20_000].join(",");
        let body = format!("{{\"type\": \"whitelist\", \"list\": [{zeros}]}}");
        let found = problems::<StatusPrivacy>(&body);
        assert_eq!(found.len(), 20_000);
        assert!(found
            .iter()
            .all(|(_, code)| *code == ProblemCode::WrongType));
    }

    /// Found by fuzzing (`fuzz/fuzz_targets/request_text.rs`): a key with an empty name gave
    /// a problem whose field was empty, which no caller can show or act on.
    #[test]
    fn a_key_with_no_name_is_a_problem_of_the_body() {
        let unknown = || vec![("body".to_owned(), ProblemCode::UnknownField)];
        assert_eq!(
            problems::<TextStatus>(r#"{"": "hi", "text": "hi"}"#),
            unknown()
        );
        assert_eq!(
            problems::<MediaStatus>(
                r#"{"": 1, "url": "https://example.com/a.png", "media_type": "image"}"#
            ),
            unknown()
        );
        assert_eq!(
            problems::<StatusPrivacy>(r#"{"": null, "type": "contacts"}"#),
            unknown()
        );
    }
}
