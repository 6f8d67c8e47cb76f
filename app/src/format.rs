//! Formatting shared by server and browser.

/// `149000` → `"Rp 149.000"` (Indonesian thousands separator).
pub fn rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if amount < 0 {
        format!("-Rp {out}")
    } else {
        format!("Rp {out}")
    }
}

/// `990` → `"US$9.90"`.
pub fn usd_cents(cents: i64) -> String {
    format!("US${}.{:02}", cents / 100, (cents % 100).abs())
}

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
    fn rupiah_groups_thousands_with_dots() {
        assert_eq!(rupiah(0), "Rp 0");
        assert_eq!(rupiah(999), "Rp 999");
        assert_eq!(rupiah(149_000), "Rp 149.000");
        assert_eq!(rupiah(2_500_000), "Rp 2.500.000");
        assert_eq!(rupiah(-1_000), "-Rp 1.000");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(query_value("AI & Otomasi"), "AI%20%26%20Otomasi");
        assert_eq!(
            query_path("/dashboard/profile?tab=1"),
            "/dashboard/profile%3Ftab%3D1"
        );
    }

    #[test]
    fn usd_and_dates() {
        assert_eq!(usd_cents(990), "US$9.90");
        assert_eq!(usd_cents(29_900), "US$299.00");
    }
}
