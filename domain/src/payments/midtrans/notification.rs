//! Midtrans HTTP notifications (seed 4.2; Midtrans docs "HTTP(S)
//! Notification / Webhooks"): the signature, the meaning of a status and
//! the amount, each checked exactly as received.
use crate::entities::order::OrderStatus;
use serde::Deserialize;
use sha2::{Digest, Sha512};

/// The fields of a notification this site uses, as strings exactly as
/// received (the signature is computed over the received text).
#[derive(Debug, Clone, Deserialize)]
pub struct Notification {
    pub order_id: String,
    pub status_code: String,
    pub gross_amount: String,
    pub signature_key: String,
    /// Not trusted: the status is asked of Midtrans' API before it counts.
    #[serde(default)]
    pub transaction_status: Option<String>,
    #[serde(default)]
    pub fraud_status: Option<String>,
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default)]
    pub payment_type: Option<String>,
}

/// `SHA512(order_id + status_code + gross_amount + server_key)` in hex:
/// what Midtrans sends as `signature_key`.
pub fn signature(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &str,
) -> String {
    let mut hash = Sha512::new();
    for part in [order_id, status_code, gross_amount, server_key] {
        hash.update(part.as_bytes());
    }
    hex::encode(hash.finalize())
}

/// Whether the notification's `signature_key` is [`signature`] over its
/// fields exactly as received, compared in constant time.
pub fn signature_valid(n: &Notification, server_key: &str) -> bool {
    let expected = signature(&n.order_id, &n.status_code, &n.gross_amount, server_key);
    let given = n.signature_key.trim().to_ascii_lowercase();
    crate::accounts::tokens::constant_time_eq(expected.as_bytes(), given.as_bytes())
}

/// Where a Midtrans status moves the order; None for a status that moves
/// nothing (`pending`, `authorize`, a `capture` under fraud review) or is
/// unknown. Paid only on `settlement`, or `capture` with `fraud_status`
/// `accept`.
pub fn target_status(transaction_status: &str, fraud_status: Option<&str>) -> Option<OrderStatus> {
    match transaction_status {
        "settlement" => Some(OrderStatus::Paid),
        "capture" => match fraud_status {
            Some("accept") => Some(OrderStatus::Paid),
            Some("deny") => Some(OrderStatus::Denied),
            _ => None,
        },
        "deny" | "failure" => Some(OrderStatus::Denied),
        "cancel" => Some(OrderStatus::Cancelled),
        "expire" => Some(OrderStatus::Expired),
        "refund" | "partial_refund" => Some(OrderStatus::Refunded),
        "chargeback" | "partial_chargeback" => Some(OrderStatus::Chargeback),
        _ => None,
    }
}

/// Midtrans' `gross_amount` ("150000.00") in whole rupiah: digits, and at
/// most a fraction of zeros; None for anything else.
pub fn parse_gross_amount(gross_amount: &str) -> Option<i64> {
    let (whole, fraction) = gross_amount.split_once('.').unwrap_or((gross_amount, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b == b'0')
    {
        return None;
    }
    whole.parse::<i64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notification(signature: &str) -> Notification {
        Notification {
            order_id: "TRX-1-ABC".into(),
            status_code: "200".into(),
            gross_amount: "150000.00".into(),
            signature_key: signature.into(),
            transaction_status: Some("settlement".into()),
            fraud_status: None,
            transaction_id: None,
            payment_type: None,
        }
    }

    /// Computed independently (Python's hashlib.sha512 over the same
    /// concatenation), so the test does not check the code against itself.
    const VECTOR: &str = "6f66ec101c6df7e4b0f50a83b943d15d9657dacd80297d3ce1a29b1e6caa27a8ccd2f66f997aa18b8c6d11514c946a581f0c5728629635fbd23b27b997638e09";

    #[test]
    fn signature_over_the_fields_as_received() {
        assert!(signature_valid(&notification(VECTOR), "SB-Mid-server-uji"));
        assert!(signature_valid(
            &notification(&VECTOR.to_uppercase()),
            "SB-Mid-server-uji"
        ));
        assert!(!signature_valid(&notification(VECTOR), "another-key"));
        assert!(!signature_valid(&notification(""), "SB-Mid-server-uji"));
        assert!(!signature_valid(
            &notification(&VECTOR[..64]),
            "SB-Mid-server-uji"
        ));
        // "150000" is not the text that was signed.
        let mut n = notification(VECTOR);
        n.gross_amount = "150000".into();
        assert!(!signature_valid(&n, "SB-Mid-server-uji"));
    }

    #[test]
    fn statuses_move_orders_as_documented() {
        assert_eq!(target_status("settlement", None), Some(OrderStatus::Paid));
        assert_eq!(
            target_status("capture", Some("accept")),
            Some(OrderStatus::Paid)
        );
        assert_eq!(target_status("capture", Some("challenge")), None);
        assert_eq!(target_status("capture", None), None);
        assert_eq!(
            target_status("capture", Some("deny")),
            Some(OrderStatus::Denied)
        );
        assert_eq!(target_status("pending", None), None);
        assert_eq!(target_status("deny", None), Some(OrderStatus::Denied));
        assert_eq!(target_status("cancel", None), Some(OrderStatus::Cancelled));
        assert_eq!(target_status("expire", None), Some(OrderStatus::Expired));
        assert_eq!(target_status("refund", None), Some(OrderStatus::Refunded));
        assert_eq!(
            target_status("partial_chargeback", None),
            Some(OrderStatus::Chargeback)
        );
        assert_eq!(target_status("something-new", None), None);
    }

    #[test]
    fn gross_amount_is_read_exactly() {
        assert_eq!(parse_gross_amount("150000.00"), Some(150_000));
        assert_eq!(parse_gross_amount("150000"), Some(150_000));
        assert_eq!(parse_gross_amount("150000.01"), None);
        assert_eq!(parse_gross_amount("-150000"), None);
        assert_eq!(parse_gross_amount("1.5e5"), None);
        assert_eq!(parse_gross_amount(""), None);
        assert_eq!(parse_gross_amount(".00"), None);
        assert_eq!(parse_gross_amount("99999999999999999999999"), None);
    }
}
