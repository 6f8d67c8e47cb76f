//! How Tiranyx writes amounts of money, in one place for the browser
//! (`app`, compiled to wasm) and the server-only `domain` (e-mails,
//! invoices). No dependencies, so it costs nothing to either side.

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

/// `990` → `"US$9.90"`; `-50` → `"-US$0.50"`.
pub fn usd_cents(cents: i64) -> String {
    let abs = cents.unsigned_abs();
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}US${}.{:02}", abs / 100, abs % 100)
}

/// An amount in the currency it was charged in: rupiah through Midtrans,
/// US cents through PayPal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Amount {
    /// Whole rupiah.
    Idr(i64),
    /// US cents.
    UsdCents(i64),
}

impl Amount {
    /// `"Rp 249.000"` or `"US$19.00"`.
    pub fn display(&self) -> String {
        match *self {
            Amount::Idr(rp) => rupiah(rp),
            Amount::UsdCents(cents) => usd_cents(cents),
        }
    }

    /// The ISO 4217 code: `"IDR"` or `"USD"`.
    pub fn currency(&self) -> &'static str {
        match self {
            Amount::Idr(_) => "IDR",
            Amount::UsdCents(_) => "USD",
        }
    }
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
        assert_eq!(rupiah(i64::MIN), "-Rp 9.223.372.036.854.775.808");
    }

    #[test]
    fn usd_cents_have_two_decimals() {
        assert_eq!(usd_cents(990), "US$9.90");
        assert_eq!(usd_cents(29_900), "US$299.00");
        assert_eq!(usd_cents(5), "US$0.05");
        assert_eq!(usd_cents(-50), "-US$0.50");
        assert_eq!(usd_cents(-1_250), "-US$12.50");
    }

    #[test]
    fn amounts_show_and_name_their_currency() {
        assert_eq!(Amount::Idr(249_000).display(), "Rp 249.000");
        assert_eq!(Amount::Idr(249_000).currency(), "IDR");
        assert_eq!(Amount::UsdCents(1_900).display(), "US$19.00");
        assert_eq!(Amount::UsdCents(1_900).currency(), "USD");
    }
}
