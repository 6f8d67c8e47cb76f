//! Orders as a state machine, on SQLite and PostgreSQL: every request is
//! recorded, only allowed moves happen, simultaneous copies of one
//! notification move an order once, and unpaid orders expire.
mod common;
use common::member;

use chrono::{Duration, Utc};
use domain::{
    entities::{
        order::{self, OrderItemKind, OrderStatus},
        order_event,
    },
    orders::{self, EventSource, Step},
    testing, Database,
};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait,
};

const ITEM: testing::Item<'static> = (OrderItemKind::Product, "rangka", "Rangka UI Kit", 150_000);

async fn status(db: &Database, id: i32) -> order::Model {
    order::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

async fn move_to(db: &Database, id: i32, to: OrderStatus, source: EventSource) -> Step {
    let txn = db.writer().begin().await.unwrap();
    let step = orders::transition(&txn, id, to, source, "{\"uji\":true}", Utc::now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    step
}

async fn events(db: &Database, id: i32) -> Vec<(String, String, String)> {
    order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(id))
        .order_by_asc(order_event::Column::Id)
        .all(db.reader())
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.outcome, e.from_status, e.to_status))
        .collect()
}

fn ev(outcome: &str, from: &str, to: &str) -> (String, String, String) {
    (outcome.into(), from.into(), to.into())
}

#[tokio::test]
async fn every_request_is_recorded_and_only_allowed_moves_happen() {
    for b in common::backends().await {
        let db = &b.db;
        let user = member(db, "urut@example.id").await;
        let id = testing::order(db, user, "TRX-1", ITEM, OrderStatus::Pending, Utc::now()).await;

        assert_eq!(
            move_to(db, id, OrderStatus::Paid, EventSource::Midtrans).await,
            Step::Changed
        );
        assert!(status(db, id).await.paid_at.is_some());
        // The same settlement again, then a late `pending`: nothing moves.
        assert_eq!(
            move_to(db, id, OrderStatus::Paid, EventSource::Midtrans).await,
            Step::Duplicate
        );
        assert_eq!(
            move_to(db, id, OrderStatus::Pending, EventSource::Midtrans).await,
            Step::Ignored
        );
        assert_eq!(status(db, id).await.status, OrderStatus::Paid, "{}", b.name);
        // Delivered, then refunded; a chargeback after a refund is ignored.
        assert_eq!(
            move_to(db, id, OrderStatus::Fulfilled, EventSource::System).await,
            Step::Changed
        );
        assert_eq!(
            move_to(db, id, OrderStatus::Refunded, EventSource::Admin).await,
            Step::Changed
        );
        assert_eq!(
            move_to(db, id, OrderStatus::Chargeback, EventSource::Midtrans).await,
            Step::Ignored
        );
        assert_eq!(
            events(db, id).await,
            [
                ev("changed", "pending", "paid"),
                ev("duplicate", "paid", "paid"),
                ev("ignored", "paid", "pending"),
                ev("changed", "paid", "fulfilled"),
                ev("changed", "fulfilled", "refunded"),
                ev("ignored", "refunded", "chargeback"),
            ],
            "{}",
            b.name
        );

        // The documented reversal: a settlement later denied.
        let id = testing::order(db, user, "TRX-2", ITEM, OrderStatus::Pending, Utc::now()).await;
        move_to(db, id, OrderStatus::Paid, EventSource::Midtrans).await;
        assert_eq!(
            move_to(db, id, OrderStatus::Denied, EventSource::Midtrans).await,
            Step::Changed
        );
        // An order that does not exist is NotFound, and nothing is written.
        let txn = db.writer().begin().await.unwrap();
        assert!(matches!(
            orders::transition(
                &txn,
                999_999,
                OrderStatus::Paid,
                EventSource::Midtrans,
                "",
                Utc::now()
            )
            .await,
            Err(domain::DomainError::NotFound)
        ));
    }
}

/// Twenty copies of one settlement at once: the order is paid once, and
/// an effect written on `Changed` in the same transaction exists once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_copies_of_a_settlement_move_the_order_once() {
    for b in common::backends().await {
        let db = &b.db;
        let user = member(db, "serbu@example.id").await;
        let id = testing::order(
            db,
            user,
            "TRX-STORM",
            ITEM,
            OrderStatus::Pending,
            Utc::now(),
        )
        .await;
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move {
                    let txn = db.writer().begin().await.unwrap();
                    let step = orders::transition(
                        &txn,
                        id,
                        OrderStatus::Paid,
                        EventSource::Midtrans,
                        "settlement",
                        Utc::now(),
                    )
                    .await
                    .unwrap();
                    if step == Step::Changed {
                        // Stands for the paid order's effects (purchase,
                        // delivery job, e-mails): a job with a dedupe key.
                        domain::jobs::enqueue_in(
                            &txn,
                            domain::jobs::NewJob::new("uji.efek", &id),
                            Utc::now(),
                        )
                        .await
                        .unwrap();
                    }
                    txn.commit().await.unwrap();
                    step
                })
            })
            .collect();
        let mut changed = 0;
        for t in tasks {
            if t.await.unwrap() == Step::Changed {
                changed += 1;
            }
        }
        assert_eq!(changed, 1, "{}", b.name);
        let effects = domain::entities::job::Entity::find()
            .filter(domain::entities::job::Column::Kind.eq("uji.efek"))
            .count(db.reader())
            .await
            .unwrap();
        assert_eq!(effects, 1, "{}", b.name);
        let recorded = events(db, id).await;
        assert_eq!(recorded.len(), 20, "{}", b.name);
        assert_eq!(recorded.iter().filter(|e| e.0 == "changed").count(), 1);
        assert_eq!(status(db, id).await.status, OrderStatus::Paid);
    }
}

#[tokio::test]
async fn unpaid_orders_expire_and_a_late_payment_still_counts() {
    for b in common::backends().await {
        let db = &b.db;
        let user = member(db, "kedaluwarsa@example.id").await;
        let t0 = Utc::now() - Duration::hours(30);
        let due = testing::order(db, user, "TRX-DUE", ITEM, OrderStatus::Pending, t0).await;
        let fresh =
            testing::order(db, user, "TRX-NEW", ITEM, OrderStatus::Pending, Utc::now()).await;
        let paid = testing::order(db, user, "TRX-PAID", ITEM, OrderStatus::Paid, t0).await;

        assert_eq!(
            orders::expire_due(db, Utc::now()).await.unwrap(),
            1,
            "{}",
            b.name
        );
        assert_eq!(status(db, due).await.status, OrderStatus::Expired);
        assert_eq!(status(db, fresh).await.status, OrderStatus::Pending);
        assert_eq!(status(db, paid).await.status, OrderStatus::Paid);
        // A second run finds nothing more.
        assert_eq!(orders::expire_due(db, Utc::now()).await.unwrap(), 0);
        // The provider confirms a payment after our timeout: the money was
        // taken, so the order is paid.
        assert_eq!(
            move_to(db, due, OrderStatus::Paid, EventSource::Midtrans).await,
            Step::Changed
        );
        assert_eq!(
            events(db, due).await,
            [
                ev("changed", "pending", "expired"),
                ev("changed", "expired", "paid")
            ]
        );
    }
}

/// Ten simultaneous clicks on "buy": one pending order.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_checkouts_of_one_product_make_one_order() {
    for b in common::backends().await {
        let db = &b.db;
        domain::demo::load(db, Utc::now()).await.unwrap();
        let slug = domain::entities::product::Entity::find()
            .one(db.reader())
            .await
            .unwrap()
            .unwrap()
            .slug;
        let buyer = orders::Buyer {
            user_id: member(db, "klik@example.id").await,
            name: "Pembeli Uji".into(),
            email: "klik@example.id".into(),
            phone: None,
        };
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let (db, buyer, slug) = (db.clone(), buyer.clone(), slug.clone());
                tokio::spawn(async move {
                    orders::order_product(
                        &db,
                        &buyer,
                        &slug,
                        domain::entities::order::PaymentProvider::Midtrans,
                        Duration::hours(24),
                        Utc::now(),
                    )
                    .await
                    .unwrap()
                    .id
                })
            })
            .collect();
        let mut ids = Vec::new();
        for t in tasks {
            ids.push(t.await.unwrap());
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "{}: {ids:?}", b.name);
        assert_eq!(
            order::Entity::find().count(db.reader()).await.unwrap(),
            1,
            "{}",
            b.name
        );
    }
}
