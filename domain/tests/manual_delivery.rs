//! Manual delivery: the admin is told the purchase waits for the team's
//! hand, marks it delivered once with a note the member reads, and the
//! order is fulfilled, audited, in one transaction. SQLite and PostgreSQL.
mod common;

use chrono::{Duration, Utc};
use common::{backends, member};
use domain::{
    audit::Actor,
    entities::{
        audit_entry,
        order::{self, OrderStatus, PaymentProvider},
        outbox_message,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    orders::{self, Buyer, EventSource, PaidAmount, PaymentReport, Site},
    testing, Database, DomainError, Refusal,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn admin() -> Actor {
    Actor::admin(1, "admin@tiranyx.test", None)
}

async fn ordered(db: &Database, email: &str) -> order::Model {
    let user_id = member(db, email).await;
    let buyer = Buyer {
        user_id,
        name: "Pembeli Jasa".into(),
        email: email.into(),
        phone: None,
    };
    orders::order_product(
        db,
        &buyer,
        "paket-manual",
        PaymentProvider::Midtrans,
        Duration::hours(24),
        Utc::now(),
    )
    .await
    .unwrap()
}

async fn pay(db: &Database, o: &order::Model) {
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(500_000),
        provider_ref: Some("tx-m"),
        external_id: None,
        raw: "{}",
    };
    let site = Site {
        url: "https://tiranyx.test".parse().unwrap(),
    };
    orders::record_payment(db, &site, &o.order_code, &report, Utc::now())
        .await
        .unwrap();
}

async fn mails(db: &Database, template: &str) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq(template))
        .all(db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_admin_hands_over_a_manual_purchase_once_with_a_note() {
    for b in backends().await {
        let db = &b.db;
        testing::product(
            db,
            ("paket-manual", "Paket Aset Desain"),
            500_000,
            None,
            DeliveryType::Manual,
        )
        .await;
        domain::admin::create_admin(
            db,
            &domain::accounts::PasswordHasher::new(1),
            &admin(),
            "admin@tiranyx.test",
            "Admin Uji",
            "kopi tubruk tanpa gula 2026",
            Utc::now(),
        )
        .await
        .unwrap();
        let page = "https://tiranyx.test/dashboard/downloads";

        // Not paid yet: nothing to hand over.
        let unpaid = ordered(db, "belum@example.id").await;
        let err = orders::mark_delivered_by_hand(
            db,
            &admin(),
            unpaid.id,
            "Sudah dikirim.",
            Utc::now(),
            page,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, DomainError::Refused(Refusal::OrderNotPaid)),
            "{err:?}"
        );

        let o = ordered(db, "jasa@example.id").await;
        pay(db, &o).await;
        let notice = mails(db, "admin-new-order").await;
        assert!(
            notice.last().unwrap().body_text.contains("dikirim manual"),
            "{}",
            b.name
        );
        let d = testing::deliverables(&std::env::temp_dir(), 5);
        assert_eq!(
            orders::deliver(db, &d, o.id, Utc::now()).await.unwrap(),
            orders::Delivered::Waiting
        );
        assert!(orders::awaiting_hand_delivery(db, o.id).await.unwrap());

        for bad in ["", "  ok ", &"x".repeat(1001)] {
            let err = orders::mark_delivered_by_hand(db, &admin(), o.id, bad, Utc::now(), page)
                .await
                .unwrap_err();
            assert!(err.fields().unwrap().get("note").is_some(), "{bad:?}");
        }
        let note = "File master dan panduan warna sudah kami kirim lewat Google Drive ke emailmu.";
        orders::mark_delivered_by_hand(db, &admin(), o.id, note, Utc::now(), page)
            .await
            .unwrap();
        let p = user_purchase::Entity::find()
            .filter(user_purchase::Column::OrderId.eq(o.id))
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.delivery_status, DeliveryStatus::Delivered);
        assert_eq!(p.delivery_note.as_deref(), Some(note));
        let order = order::Entity::find_by_id(o.id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(order.status, OrderStatus::Fulfilled);
        let told = mails(db, "delivered-by-hand").await;
        assert_eq!(told.len(), 1);
        assert!(told[0].body_text.contains(note) && told[0].to_email == "jasa@example.id");
        let audits = audit_entry::Entity::find()
            .filter(audit_entry::Column::Action.eq("order.deliver_manual"))
            .count(db.reader())
            .await
            .unwrap();
        assert_eq!(audits, 1);

        // Once: a second mark is refused and changes nothing.
        let again =
            orders::mark_delivered_by_hand(db, &admin(), o.id, "Lagi.", Utc::now(), page).await;
        assert!(again.is_err(), "{}", b.name);
        assert_eq!(mails(db, "delivered-by-hand").await.len(), 1);
        assert!(!orders::awaiting_hand_delivery(db, o.id).await.unwrap());
    }
}
