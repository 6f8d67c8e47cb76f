//! Formatting shared by server and browser.

// Money is written by the `money` crate, which the server-only `domain`
// shares; re-exported so `crate::format::rupiah` stays the call.
pub use money::{rupiah, usd_cents};

fn percent_encode(value: &str, keep_slash: bool) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b'/' if keep_slash => "/".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Percent-encodes a query value (categories contain spaces and `&`).
pub fn query_value(value: &str) -> String {
    percent_encode(value, false)
}

/// Like [`query_value`] but keeps `/`, for a path carried in a query
/// parameter (`/login?next=/dashboard/profile`), which stays readable.
pub fn query_path(value: &str) -> String {
    percent_encode(value, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(query_value("AI & Otomasi"), "AI%20%26%20Otomasi");
        assert_eq!(
            query_path("/dashboard/profile?tab=1"),
            "/dashboard/profile%3Ftab%3D1"
        );
    }
}
