//! The words for commerce statuses and the colour of their badges, one
//! place for the member's dashboard and the admin (server and browser).

/// Every order status by its API name, in the order of the filter list.
pub const ORDER_STATUSES: &[(&str, &str)] = &[
    ("pending", "Menunggu pembayaran"),
    ("paid", "Lunas"),
    ("fulfilled", "Selesai"),
    ("expired", "Kedaluwarsa"),
    ("cancelled", "Dibatalkan"),
    ("denied", "Ditolak"),
    ("refunded", "Dikembalikan"),
    ("chargeback", "Dibatalkan bank (chargeback)"),
];

/// The label of an order status's API name (the name itself if unknown).
pub fn order_status_label(name: &str) -> &str {
    ORDER_STATUSES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, label)| label)
}

/// Every subscription status by its API name, in the order of the filter
/// list.
pub const SUBSCRIPTION_STATUSES: &[(&str, &str)] = &[
    ("active", "Aktif"),
    ("expired", "Berakhir"),
    ("cancelled", "Dibatalkan"),
];

/// The badge class of any status (order, delivery, subscription): done is
/// green, what needs someone's attention is amber, the rest plain.
pub fn badge(status: &str) -> &'static str {
    match status {
        "paid" | "fulfilled" | "active" | "delivered" => "badge badge-ok",
        "pending" | "refunded" | "chargeback" | "denied" | "failed" | "revoked" => {
            "badge badge-warn"
        }
        _ => "badge",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_order_status_has_a_label() {
        // Each name is a status, and all eight are here.
        #[cfg(feature = "ssr")]
        for (name, _) in super::ORDER_STATUSES {
            assert!(domain::entities::order::OrderStatus::parse(name).is_some());
        }
        assert_eq!(super::ORDER_STATUSES.len(), 8);
        assert_eq!(super::order_status_label("paid"), "Lunas");
    }
}
