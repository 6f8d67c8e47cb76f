//! The admin's orders on SQLite and PostgreSQL: the filtered listing, one
//! order with its timeline, cancel / refund / resend (each audited, and a
//! refusal writes nothing), and revenue per Jakarta day.
mod common;
use common::{backends, member};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::{
    analytics::{revenue, DateRange},
    audit::Actor,
    backoffice::orders::{self, OrderFilter},
    entities::{
        audit_entry,
        order::{self, OrderItemKind, OrderStatus, PaymentProvider},
        order_event, outbox_message,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    orders::Site,
    testing, Database, DomainError, Refusal,
};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const ITEM: testing::Item<'static> = (OrderItemKind::Product, "rangka", "Rangka UI Kit", 150_000);

fn admin() -> Actor {
    Actor::admin(1, "admin@tiranyx.id", Some("203.0.113.7".into()))
}

fn site() -> Site {
    Site {
        url: "https://tiranyx.test".parse().unwrap(),
    }
}

/// `h` o'clock on 2026-11-`day`, Jakarta time.
fn wib(day: u32, h: u32) -> DateTime<Utc> {
    chrono::FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, day, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

async fn get(db: &Database, id: i32) -> order::Model {
    order::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

async fn set(db: &Database, id: i32, col: order::Column, value: sea_orm::Value) {
    order::Entity::update_many()
        .col_expr(col, Expr::value(value))
        .filter(order::Column::Id.eq(id))
        .exec(db.writer())
        .await
        .unwrap();
}

async fn audit_actions(db: &Database) -> Vec<(String, Option<i32>, String)> {
    audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Id)
        .all(db.reader())
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.action, a.target_id, a.summary))
        .collect()
}

async fn event_count(db: &Database, id: i32) -> u64 {
    order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(id))
        .count(db.reader())
        .await
        .unwrap()
}

async fn outbox(db: &Database) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .order_by_asc(outbox_message::Column::Id)
        .all(db.reader())
        .await
        .unwrap()
}

fn field_of(e: DomainError) -> Vec<&'static str> {
    match e {
        DomainError::Invalid(f) => f.0.keys().copied().collect(),
        other => panic!("field error expected, got {other:?}"),
    }
}

fn codes(p: &domain::content::Page<order::Model>) -> Vec<&str> {
    p.items.iter().map(|o| o.order_code.as_str()).collect()
}

#[tokio::test]
async fn listing_filters_by_status_provider_jakarta_days_and_search() {
    for b in backends().await {
        let db = &b.db;
        let user = member(db, "pembeli@example.id").await;
        // 00:30 WIB on the 2nd is still the 1st in UTC: it is a 2nd order.
        let a = testing::order(db, user, "TRX-A", ITEM, OrderStatus::Paid, wib(1, 12)).await;
        let c = testing::order(
            db,
            user,
            "TRX-C",
            ITEM,
            OrderStatus::Pending,
            wib(2, 0) + Duration::minutes(30),
        )
        .await;
        let e = testing::order(
            db,
            user,
            "TRX-E_50%",
            ITEM,
            OrderStatus::Cancelled,
            wib(3, 23),
        )
        .await;
        set(
            db,
            c,
            order::Column::PaymentProvider,
            PaymentProvider::Paypal.as_str().into(),
        )
        .await;
        set(
            db,
            e,
            order::Column::CustomerEmail,
            "Dewi.Lestari@Example.ID".into(),
        )
        .await;
        let _ = a;

        let all = orders::list(db, &OrderFilter::default(), 1).await.unwrap();
        assert_eq!(
            codes(&all),
            ["TRX-E_50%", "TRX-C", "TRX-A"],
            "{}: newest first",
            b.name
        );
        assert_eq!(all.total, 3);

        let f = |status: &str, provider: &str, from: &str, to: &str, q: &str| OrderFilter {
            status: status.into(),
            provider: provider.into(),
            from: from.into(),
            to: to.into(),
            q: q.into(),
        };
        let page = orders::list(db, &f("pending", "", "", "", ""), 1)
            .await
            .unwrap();
        assert_eq!(codes(&page), ["TRX-C"], "{}", b.name);
        let page = orders::list(db, &f("", "paypal", "", "", ""), 1)
            .await
            .unwrap();
        assert_eq!(codes(&page), ["TRX-C"], "{}", b.name);
        let page = orders::list(db, &f("", "midtrans", "", "", ""), 1)
            .await
            .unwrap();
        assert_eq!(codes(&page), ["TRX-E_50%", "TRX-A"], "{}", b.name);
        // Days are Jakarta days, both ends included.
        let page = orders::list(db, &f("", "", "2026-11-02", "2026-11-02", ""), 1)
            .await
            .unwrap();
        assert_eq!(codes(&page), ["TRX-C"], "{}", b.name);
        let page = orders::list(db, &f("", "", "2026-11-01", "2026-11-01", ""), 1)
            .await
            .unwrap();
        assert_eq!(codes(&page), ["TRX-A"], "{}", b.name);
        let page = orders::list(db, &f("", "", "2026-11-02", "", ""), 1)
            .await
            .unwrap();
        assert_eq!(codes(&page), ["TRX-E_50%", "TRX-C"], "{}", b.name);
        let page = orders::list(db, &f("", "", "", "2026-11-03", ""), 1)
            .await
            .unwrap();
        assert_eq!(page.total, 3, "{}: the last day is included", b.name);
        // Search: the code or the e-mail, case-insensitively, `%` and `_`
        // literally, blanks trimmed.
        let page = orders::list(db, &f("", "", "", "", "  trx-c "), 1)
            .await
            .unwrap();
        assert_eq!(codes(&page), ["TRX-C"], "{}", b.name);
        let page = orders::list(db, &f("", "", "", "", "dewi.lestari@example"), 1)
            .await
            .unwrap();
        assert_eq!(codes(&page), ["TRX-E_50%"], "{}", b.name);
        let page = orders::list(db, &f("", "", "", "", "_50%"), 1)
            .await
            .unwrap();
        assert_eq!(codes(&page), ["TRX-E_50%"], "{}", b.name);
        let page = orders::list(db, &f("", "", "", "", "%"), 1).await.unwrap();
        assert_eq!(codes(&page), ["TRX-E_50%"], "{}: % is no wildcard", b.name);
        let page = orders::list(db, &f("", "", "", "", "TRX_"), 1)
            .await
            .unwrap();
        assert!(page.items.is_empty(), "{}: _ is no wildcard", b.name);
        let page = orders::list(db, &f("paid", "", "", "", "TRX-C"), 1)
            .await
            .unwrap();
        assert!(page.items.is_empty(), "{}: filters combine", b.name);

        // Bad filters are field errors.
        let err = orders::list(db, &f("lunas", "", "", "", ""), 1)
            .await
            .unwrap_err();
        assert_eq!(field_of(err), ["status"]);
        let err = orders::list(db, &f("", "ovo", "", "", ""), 1)
            .await
            .unwrap_err();
        assert_eq!(field_of(err), ["provider"]);
        let err = orders::list(db, &f("", "", "kemarin", "2026-13-01", ""), 1)
            .await
            .unwrap_err();
        assert_eq!(field_of(err), ["from", "to"]);
        let err = orders::list(db, &f("", "", "2026-11-03", "2026-11-02", ""), 1)
            .await
            .unwrap_err();
        assert_eq!(field_of(err), ["from"]);
        let err = orders::list(db, &f("", "", "2026-01-01", "2027-01-02", ""), 1)
            .await
            .unwrap_err();
        assert_eq!(field_of(err), ["to"]);
        assert!(
            orders::list(db, &f("", "", "2026-01-01", "2027-01-01", ""), 1)
                .await
                .is_ok()
        );
    }
}

#[tokio::test]
async fn cancel_moves_only_pending_orders_and_is_audited() {
    for b in backends().await {
        let db = &b.db;
        let user = member(db, "pembeli@example.id").await;
        let now = Utc::now();
        let pending = testing::order(db, user, "TRX-P", ITEM, OrderStatus::Pending, now).await;
        let paid = testing::order(db, user, "TRX-L", ITEM, OrderStatus::Paid, now).await;

        let o = orders::cancel(db, &admin(), pending, now).await.unwrap();
        assert_eq!(o.status, OrderStatus::Cancelled, "{}", b.name);
        assert_eq!(get(db, pending).await.status, OrderStatus::Cancelled);
        let (_, events) = orders::detail(db, pending).await.unwrap();
        let last = events.last().unwrap();
        assert_eq!(
            (
                last.source.as_str(),
                last.outcome.as_str(),
                last.from_status.as_str(),
                last.to_status.as_str()
            ),
            ("admin", "changed", "pending", "cancelled"),
            "{}",
            b.name
        );
        assert!(last.detail.contains("admin@tiranyx.id"), "{}", last.detail);
        let audit = audit_actions(db).await;
        assert_eq!(audit.len(), 1, "{}", b.name);
        assert_eq!(
            (audit[0].0.as_str(), audit[0].1),
            ("order.cancel", Some(pending))
        );
        assert!(audit[0].2.contains("TRX-P"), "{}", audit[0].2);

        // Again, or a paid order: refused, nothing written.
        for id in [pending, paid] {
            let before = event_count(db, id).await;
            let err = orders::cancel(db, &admin(), id, now).await.unwrap_err();
            assert!(
                matches!(err, DomainError::Refused(Refusal::OrderClosed)),
                "{}: {err:?}",
                b.name
            );
            assert_eq!(event_count(db, id).await, before, "{}", b.name);
        }
        assert_eq!(get(db, paid).await.status, OrderStatus::Paid);
        assert_eq!(audit_actions(db).await.len(), 1, "{}", b.name);
        assert!(matches!(
            orders::cancel(db, &admin(), 9999, now).await,
            Err(DomainError::NotFound)
        ));
    }
}

#[tokio::test]
async fn refunds_need_a_reason_and_a_paid_order() {
    for b in backends().await {
        let db = &b.db;
        let user = member(db, "pembeli@example.id").await;
        let now = Utc::now();
        let pending = testing::order(db, user, "TRX-P", ITEM, OrderStatus::Pending, now).await;
        let paid = testing::order(db, user, "TRX-L", ITEM, OrderStatus::Paid, now).await;
        let done = testing::order(db, user, "TRX-F", ITEM, OrderStatus::Fulfilled, now).await;
        testing::purchase(
            db,
            user,
            done,
            (ITEM.1, ITEM.2),
            DeliveryType::WebAccess,
            None,
            now,
        )
        .await;

        for reason in ["", "   ", "ab", &"x".repeat(501)] {
            let err = orders::mark_refunded(db, &admin(), paid, reason, now)
                .await
                .unwrap_err();
            assert_eq!(field_of(err), ["reason"], "{}: {reason:?}", b.name);
        }
        let err = orders::mark_refunded(db, &admin(), pending, "Pembeli minta batal", now)
            .await
            .unwrap_err();
        assert!(
            matches!(err, DomainError::Refused(Refusal::OrderNotPaid)),
            "{err:?}"
        );
        assert_eq!(get(db, pending).await.status, OrderStatus::Pending);
        assert_eq!(event_count(db, pending).await, 0, "{}", b.name);
        assert_eq!(get(db, paid).await.status, OrderStatus::Paid);
        assert!(audit_actions(db).await.is_empty(), "{}", b.name);

        let reason = &"y".repeat(500);
        for id in [paid, done] {
            let o = orders::mark_refunded(db, &admin(), id, reason, now)
                .await
                .unwrap();
            assert_eq!(o.status, OrderStatus::Refunded, "{}", b.name);
        }
        // What the fulfilled order gave is taken back with the refund.
        let taken_back = user_purchase::Entity::find()
            .filter(user_purchase::Column::OrderId.eq(done))
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(taken_back.delivery_status, DeliveryStatus::Revoked);
        let o = orders::mark_refunded(db, &admin(), paid, "  Produk tidak sesuai  ", now).await;
        assert!(
            matches!(o, Err(DomainError::Refused(Refusal::OrderNotPaid))),
            "{}: once",
            b.name
        );
        let (_, events) = orders::detail(db, done).await.unwrap();
        let last = events.last().unwrap();
        assert_eq!(
            (last.from_status.as_str(), last.to_status.as_str()),
            ("fulfilled", "refunded")
        );
        assert!(last.detail.contains(reason.as_str()), "{}", b.name);
        let audit = audit_actions(db).await;
        let actions: Vec<_> = audit.iter().map(|(a, id, _)| (a.as_str(), *id)).collect();
        assert_eq!(
            actions,
            [("order.refund", Some(paid)), ("order.refund", Some(done))],
            "{}",
            b.name
        );
        assert!(
            audit[0].2.contains("TRX-L") && audit[0].2.contains("Rp"),
            "{}",
            audit[0].2
        );
    }
}

#[tokio::test]
async fn resend_queues_both_emails_for_paid_orders_only() {
    for b in backends().await {
        let db = &b.db;
        let user = member(db, "pembeli@example.id").await;
        let now = Utc::now();
        let pending = testing::order(db, user, "TRX-P", ITEM, OrderStatus::Pending, now).await;
        let paid = testing::order(db, user, "TRX-L", ITEM, OrderStatus::Paid, now).await;
        set(
            db,
            paid,
            order::Column::InvoiceNumber,
            Some("INV/2026/000001".to_owned()).into(),
        )
        .await;
        let before = outbox(db).await.len();

        let err = orders::resend_emails(db, &admin(), pending, &site(), now)
            .await
            .unwrap_err();
        assert!(
            matches!(err, DomainError::Refused(Refusal::OrderNotPaid)),
            "{err:?}"
        );
        assert_eq!(outbox(db).await.len(), before, "{}", b.name);
        assert!(audit_actions(db).await.is_empty());

        orders::resend_emails(db, &admin(), paid, &site(), now)
            .await
            .unwrap();
        let mail = outbox(db).await;
        let sent: Vec<_> = mail[before..]
            .iter()
            .map(|m| (m.to_email.as_str(), m.template.as_str()))
            .collect();
        assert_eq!(sent.len(), 2, "{}: {sent:?}", b.name);
        assert!(
            sent.iter().all(|(to, _)| *to == "pembeli@example.id"),
            "{sent:?}"
        );
        assert!(mail[before..].iter().all(|m| m.body_text.contains("TRX-L")));
        assert!(mail[before..].iter().any(|m| m
            .body_text
            .contains("https://tiranyx.test/dashboard/orders")));
        let audit = audit_actions(db).await;
        assert_eq!(
            (audit[0].0.as_str(), audit[0].1),
            ("order.resend_emails", Some(paid))
        );
        let (o, events) = orders::detail(db, paid).await.unwrap();
        assert_eq!(o.status, OrderStatus::Paid, "{}: status unchanged", b.name);
        let last = events.last().unwrap();
        assert_eq!(
            (last.source.as_str(), last.outcome.as_str()),
            ("admin", "resent")
        );
    }
}

#[tokio::test]
async fn detail_shows_the_timeline_oldest_first() {
    for b in backends().await {
        let db = &b.db;
        let user = member(db, "pembeli@example.id").await;
        let now = Utc::now();
        let id = testing::order(db, user, "TRX-P", ITEM, OrderStatus::Pending, now).await;
        orders::cancel(db, &admin(), id, now + Duration::minutes(1))
            .await
            .unwrap();
        let (o, events) = orders::detail(db, id).await.unwrap();
        assert_eq!(o.order_code, "TRX-P");
        assert_eq!(events.len(), 1, "{}", b.name);
        assert!(matches!(
            orders::detail(db, id + 100).await,
            Err(DomainError::NotFound)
        ));
    }
}

#[tokio::test]
async fn revenue_counts_paid_orders_per_jakarta_day_in_each_currency() {
    for b in backends().await {
        let db = &b.db;
        let user = member(db, "pembeli@example.id").await;
        let mk = |code: &'static str, status, amount| {
            let item = (OrderItemKind::Product, "rangka", "Rangka UI Kit", amount);
            testing::order(db, user, code, item, status, wib(1, 9))
        };
        let a = mk("TRX-1", OrderStatus::Paid, 100_000).await;
        let c = mk("TRX-2", OrderStatus::Fulfilled, 250_000).await;
        let u = mk("TRX-3", OrderStatus::Paid, 300_000).await;
        let r = mk("TRX-4", OrderStatus::Refunded, 999_000).await;
        let p = mk("TRX-5", OrderStatus::Pending, 999_000).await;
        let x = mk("TRX-6", OrderStatus::Paid, 999_000).await;
        // Paid at 00:30 WIB on the 2nd (the 1st in UTC): counts on the 2nd.
        set(
            db,
            a,
            order::Column::PaidAt,
            Some(wib(2, 0) + Duration::minutes(30)).into(),
        )
        .await;
        // Fulfilled orders count on their payment day.
        set(db, c, order::Column::PaidAt, Some(wib(2, 20)).into()).await;
        set(db, u, order::Column::PaidAt, Some(wib(3, 10)).into()).await;
        set(
            db,
            u,
            order::Column::PaymentProvider,
            PaymentProvider::Paypal.as_str().into(),
        )
        .await;
        set(db, u, order::Column::AmountUsdCents, Some(1_999i64).into()).await;
        set(db, r, order::Column::PaidAt, Some(wib(2, 10)).into()).await;
        set(db, p, order::Column::PaidAt, Some(wib(2, 10)).into()).await;
        // Outside the range.
        set(db, x, order::Column::PaidAt, Some(wib(4, 0)).into()).await;

        let range = DateRange::new(d(1), d(3)).unwrap();
        let rev = revenue(db, range).await.unwrap();
        let values =
            |s: &[domain::analytics::DailyPoint]| s.iter().map(|p| p.value).collect::<Vec<_>>();
        assert_eq!(values(&rev.orders_idr), [0, 2, 0], "{}", b.name);
        assert_eq!(values(&rev.revenue_idr), [0, 350_000, 0], "{}", b.name);
        assert_eq!(values(&rev.orders_usd), [0, 0, 1], "{}", b.name);
        assert_eq!(values(&rev.revenue_usd_cents), [0, 0, 1_999], "{}", b.name);
        assert_eq!(rev.orders_idr[1].day, d(2));
    }
}
