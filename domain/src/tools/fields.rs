//! A tool's input as named text fields, the same from a form post
//! (`a=1&fitur=x&fitur=y`) and from JSON (`{"a": "1", "fitur": ["x", "y"]}`).
use serde_json::Value;

/// The longest value read from any field; longer ones are cut (each tool
/// then checks its own, smaller limits).
const MAX_VALUE_CHARS: usize = 4000;
/// At most this many fields are read.
const MAX_FIELDS: usize = 64;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Fields(
            pairs
                .into_iter()
                .take(MAX_FIELDS)
                .map(|(k, v)| (k, v.chars().take(MAX_VALUE_CHARS).collect()))
                .collect(),
        )
    }

    /// From a JSON object: strings, numbers and booleans as text, arrays as
    /// repeated fields; anything else (nested objects, null) is left out.
    pub fn from_json(value: &Value) -> Self {
        let mut pairs = Vec::new();
        if let Value::Object(map) = value {
            for (k, v) in map {
                match v {
                    Value::Array(items) => {
                        pairs.extend(items.iter().filter_map(scalar).map(|s| (k.clone(), s)))
                    }
                    other => pairs.extend(scalar(other).map(|s| (k.clone(), s))),
                }
            }
        }
        Self::new(pairs)
    }

    /// The first value of `name`, trimmed; "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Every non-empty value of `name`, trimmed.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_form_read_alike() {
        let json = Fields::from_json(&serde_json::json!({
            "halaman": 12, "fitur": ["blog", "seo", {"x": 1}], "catatan": null, "nama": " Ani "
        }));
        assert_eq!(json.get("halaman"), "12");
        assert_eq!(json.all("fitur"), vec!["blog", "seo"]);
        assert_eq!(json.get("catatan"), "");
        assert_eq!(json.get("nama"), "Ani");
        assert!(Fields::from_json(&serde_json::json!([1, 2]))
            .pairs()
            .is_empty());
    }
}
