//! The member dashboard's commerce queries, on SQLite and PostgreSQL: each
//! member sees only their own rows, split the way the pages need them.
mod common;
use common::member;

use chrono::Utc;
use domain::{entities::order::OrderItemKind, purchases, testing};

#[tokio::test]
async fn each_member_sees_only_their_own_commerce_rows() {
    for b in common::backends().await {
        let db = &b.db;
        let now = Utc::now();
        let (a, other) = (
            member(db, "a@example.id").await,
            member(db, "b@example.id").await,
        );
        let empty = member(db, "c@example.id").await;
        let key = testing::member_purchases(db, a, "A", now).await;
        testing::member_purchases(db, other, "B", now).await;

        let orders = purchases::orders_of(db, a, None).await.unwrap();
        assert_eq!(orders.len(), 3, "{}", b.name);
        assert!(orders
            .iter()
            .all(|o| o.user_id == a && o.order_code.starts_with("TRX-A-")));
        let services = purchases::orders_of(db, a, Some(OrderItemKind::Service))
            .await
            .unwrap();
        assert_eq!(services.len(), 1);
        assert_eq!(services[0].item_name, "Website Company Profile");

        let deliveries = purchases::deliveries_of(db, a).await.unwrap();
        assert_eq!(deliveries.len(), 1, "web access is a tool, not a download");
        // The key itself is never stored: the licence has its hash.
        assert_eq!(deliveries[0].license_key, None);
        let licenses = domain::licenses::licenses_of(db, a, now).await.unwrap();
        assert_eq!(licenses.len(), 1);
        assert_eq!(licenses[0].license.key_suffix, key.suffix());
        assert_eq!(licenses[0].license.key_hash, key.hash());

        let tools = purchases::tools_of(db, a).await.unwrap();
        assert_eq!(tools.len(), 1);
        assert_eq!(tools[0].product_slug, "cek-seo");

        let subs = purchases::subscriptions_of(db, a).await.unwrap();
        assert_eq!(subs.len(), 1);
        assert_eq!(subs[0].bundle_slug, "paket-umkm");

        assert!(purchases::orders_of(db, empty, None)
            .await
            .unwrap()
            .is_empty());
        assert!(purchases::deliveries_of(db, empty)
            .await
            .unwrap()
            .is_empty());
        assert!(purchases::tools_of(db, empty).await.unwrap().is_empty());
        assert!(purchases::subscriptions_of(db, empty)
            .await
            .unwrap()
            .is_empty());
    }
}
