//! Public forms (contact, waitlist): validation with Indonesian messages for
//! the visitor, and the writes they lead to. Everything is validated before
//! anything is written, so an invalid submission leaves no trace.
pub mod contact;
pub mod validate;
pub mod waitlist;

use std::collections::BTreeMap;

/// Per-field validation errors, in Indonesian, keyed by the form field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<&'static str, String>);

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// Keeps the first error of a field: it is the most basic one (e.g.
    /// "required" before "too long"), and one message per field is enough.
    pub fn add(&mut self, field: &'static str, msg: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| msg.into());
    }

    /// Records `result`'s error under `field` and returns its value, so a
    /// form can validate every field and report all errors at once.
    pub(crate) fn check<T>(&mut self, field: &'static str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(msg) => {
                self.add(field, msg);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_keep_the_first_message() {
        let mut e = FieldErrors::default();
        assert!(e.is_empty());
        e.add("email", "pertama");
        e.add("email", "kedua");
        assert_eq!(e.get("email"), Some("pertama"));
        assert_eq!(e.get("name"), None);
        assert!(!e.is_empty());
    }

    #[test]
    fn check_collects_errors() {
        let mut e = FieldErrors::default();
        assert_eq!(e.check("a", Ok::<_, String>(1)), Some(1));
        assert_eq!(e.check::<i32>("b", Err("salah".into())), None);
        assert_eq!(e.get("b"), Some("salah"));
        assert_eq!(e.get("a"), None);
    }
}
