//! Reading the fields of an untrusted JSON object, recording a problem for each wrong one.

use serde_json::{Map, Value};

use crate::error::{Error, Problem, ProblemCode, Problems};

/// Reads typed fields out of a JSON object. `null` counts as absent, as JavaScript callers
/// often send it for "not set".
pub(crate) struct Fields<'a> {
    map: &'a Map<String, Value>,
    pub(crate) problems: Problems,
}

impl<'a> Fields<'a> {
    /// The fields of `body`, which must be an object whose keys are all in `known`.
    pub(crate) fn new(body: &'a Value, known: &[&str]) -> Result<Self, Error> {
        let Value::Object(map) = body else {
            return Err(Error::Validation(
                Problem::new("body", ProblemCode::WrongType, "must be a JSON object").into(),
            ));
        };
        let mut problems = Problems::new();
        for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
            let message = match known.iter().find(|k| same_words(k, key)) {
                Some(meant) => format!("is not a field of this request: did you mean {meant}?"),
                None => format!(
                    "is not a field of this request (it takes {})",
                    known.join(", ")
                ),
            };
            problems.add(key.as_str(), ProblemCode::UnknownField, message);
        }
        Ok(Self { map, problems })
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    fn wrong_type(&mut self, name: &str, expected: &str) {
        self.problems
            .add(name, ProblemCode::WrongType, format!("must be {expected}"));
    }

    /// Whether a problem was already recorded for `field`, so a rule need not add another.
    pub(crate) fn has_problem(&self, field: &str) -> bool {
        self.problems.as_slice().iter().any(|p| p.field == field)
    }

    pub(crate) fn string(&mut self, name: &str) -> Option<&'a str> {
        match self.get(name)? {
            Value::String(s) => Some(s),
            _ => {
                self.wrong_type(name, "a string");
                None
            }
        }
    }

    pub(crate) fn unsigned(&mut self, name: &str) -> Option<u64> {
        let value = self.get(name)?;
        let n = value.as_u64();
        if n.is_none() {
            self.wrong_type(name, "a whole number, 0 or more");
        }
        n
    }

    /// An array of strings; each entry that is not a string is a problem of its own.
    pub(crate) fn strings(&mut self, name: &str) -> Option<Vec<String>> {
        let Value::Array(items) = self.get(name)? else {
            self.wrong_type(name, "an array of strings");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => out.push(s.clone()),
                // The placeholder keeps later entries at their own index; its problem is
                // already recorded, so no rule reports it again.
                _ => {
                    self.wrong_type(&format!("{name}[{i}]"), "a string");
                    out.push(String::new());
                }
            }
        }
        Some(out)
    }

    /// Adds the rule problems of the built request, skipping fields whose value was already
    /// rejected (a wrong type would otherwise also read as "required").
    pub(crate) fn merge(mut self, rules: Problems) -> Problems {
        // Only the fields rejected while reading count: a field may break several rules, and
        // each of those is reported.
        let rejected: Vec<String> = self
            .problems
            .as_slice()
            .iter()
            .map(|p| p.field.clone())
            .collect();
        let rejected = |field: &str| rejected.iter().any(|f| f == field);
        for problem in rules {
            let base = problem.field.split('[').next().unwrap_or_default();
            if !rejected(&problem.field) && !rejected(base) {
                self.problems.push(problem);
            }
        }
        self.problems
    }
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
