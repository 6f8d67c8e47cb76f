//! A GitHub username as GitHub allows it, checked in this one place.
use serde::{Deserialize, Serialize};
use std::fmt;

/// At most this many characters (GitHub's limit).
pub const MAX_LEN: usize = 39;

/// 1 to 39 ASCII letters, digits or single hyphens, neither first nor
/// last. Kept as typed (GitHub shows it so), compared without regard to
/// case (GitHub treats `Octocat` and `octocat` as one account).
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GithubUsername(String);

impl GithubUsername {
    /// The username in `raw`, trimmed, with an optional leading `@`; None
    /// when GitHub would not allow it.
    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim();
        let s = s.strip_prefix('@').unwrap_or(s);
        let allowed = !s.is_empty()
            && s.len() <= MAX_LEN
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        allowed.then(|| GithubUsername(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form compared and keyed on (lower case).
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl PartialEq for GithubUsername {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl fmt::Display for GithubUsername {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for GithubUsername {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        GithubUsername::parse(&s).ok_or_else(|| format!("not a GitHub username: {s:?}"))
    }
}

impl From<GithubUsername> for String {
    fn from(u: GithubUsername) -> String {
        u.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn githubs_rules() {
        for ok in [
            "a",
            "octocat",
            "Octo-Cat",
            "a1-b2-c3",
            &"x".repeat(39),
            " @dev-99 ",
        ] {
            assert!(GithubUsername::parse(ok).is_some(), "{ok:?}");
        }
        for bad in [
            "",
            " ",
            "@",
            "-octo",
            "octo-",
            "oc--to",
            "octo_cat",
            "octo.cat",
            "octo cat",
            "októ",
            &"x".repeat(40),
        ] {
            assert!(GithubUsername::parse(bad).is_none(), "{bad:?}");
        }
        let u = GithubUsername::parse(" @Octo-Cat ").unwrap();
        assert_eq!(u.as_str(), "Octo-Cat");
        assert_eq!(u.key(), "octo-cat");
        assert_eq!(u, GithubUsername::parse("octo-cat").unwrap());
    }
}
