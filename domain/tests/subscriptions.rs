//! Subscriptions on SQLite and PostgreSQL, with an injected clock: paying
//! for a bundle creates the subscription and paying again extends it from
//! its expiry, one order extending once; the daily check warns once per
//! period (run twice, and four at once) and marks what ran out expired;
//! the admin's extend and cancel are audited, and bad input writes nothing.
mod common;
use common::member;

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::{
    audit::Actor,
    entities::{
        audit_entry,
        license::{self, LicenseStatus},
        order::{self, OrderItemKind, OrderStatus, PaymentProvider},
        outbox_message, product, saas_bundle,
        subscription::{self, BillingPeriod, SubscriptionStatus},
        subscription_period, user_purchase, DeliveryType,
    },
    orders::{self, Buyer, EventSource, PaidAmount, PaymentReport, Recorded, Site},
    subscriptions::{
        self,
        admin::{self, Extension, SubscriptionFilter},
    },
    Database, DomainError,
};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};

const PRICE: i64 = 99_000;

fn site() -> Site {
    Site {
        url: "https://tiranyx.test".parse().unwrap(),
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 10, 3, 0, 0).unwrap()
}

async fn bundle(db: &Database, slug: &str, period: BillingPeriod, usd: Option<i64>) {
    saas_bundle::Entity::insert(saas_bundle::ActiveModel {
        slug: Set(slug.to_owned()),
        name: Set(format!("Paket {slug}")),
        tagline: Set("Uji".into()),
        description_md: Set("Uji".into()),
        features: Set("Satu".into()),
        price_idr: Set(PRICE),
        price_usd_cents: Set(usd),
        github_repo: Set(None),
        period: Set(period),
        active: Set(true),
        sort_order: Set(0),
        created_at: Set(t0()),
        updated_at: Set(t0()),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .unwrap();
}

async fn buyer(db: &Database, email: &str) -> Buyer {
    Buyer {
        user_id: member(db, email).await,
        name: "Pembeli Uji".into(),
        email: email.into(),
        phone: None,
    }
}

/// Orders one period of `slug` and pays it at `now`; the order.
async fn buy_and_pay(db: &Database, b: &Buyer, slug: &str, now: DateTime<Utc>) -> order::Model {
    let o = subscriptions::order_bundle(
        db,
        b,
        slug,
        PaymentProvider::Midtrans,
        Duration::hours(24),
        now,
    )
    .await
    .unwrap();
    assert_eq!(o.item_kind, OrderItemKind::Saas);
    assert_eq!(o.amount_idr, PRICE);
    assert_eq!(pay(db, &o, now).await, Recorded::Moved(OrderStatus::Paid));
    // The subscription is the delivery: the order is fulfilled with it.
    let stored = order::Entity::find_by_id(o.id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, OrderStatus::Fulfilled);
    o
}

async fn pay(db: &Database, o: &order::Model, now: DateTime<Utc>) -> Recorded {
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(o.amount_idr),
        provider_ref: Some("tx-sub"),
        external_id: None,
        raw: "{}",
    };
    orders::record_payment(db, &site(), &o.order_code, &report, now)
        .await
        .unwrap()
}

async fn sub_of(db: &Database, user_id: i32, slug: &str) -> subscription::Model {
    subscription::Entity::find()
        .filter(subscription::Column::UserId.eq(user_id))
        .filter(subscription::Column::BundleSlug.eq(slug))
        .one(db.reader())
        .await
        .unwrap()
        .expect("a subscription")
}

async fn periods(db: &Database, sub_id: i32) -> u64 {
    subscription_period::Entity::find()
        .filter(subscription_period::Column::SubscriptionId.eq(sub_id))
        .count(db.reader())
        .await
        .unwrap()
}

async fn warnings_to(db: &Database, to: &str) -> u64 {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq("sub-expiry"))
        .filter(outbox_message::Column::ToEmail.eq(to))
        .count(db.reader())
        .await
        .unwrap()
}

fn month(t: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    t.checked_add_months(chrono::Months::new(n)).unwrap()
}

#[tokio::test]
async fn paying_creates_then_extends_from_the_expiry_and_an_order_extends_once() {
    for b in common::backends().await {
        let db = &b.db;
        bundle(db, "bulanan", BillingPeriod::Monthly, None).await;
        bundle(db, "tahunan", BillingPeriod::Yearly, Some(700)).await;
        let m = buyer(db, "langganan@example.id").await;

        let first = buy_and_pay(db, &m, "bulanan", t0()).await;
        let s = sub_of(db, m.user_id, "bulanan").await;
        assert_eq!(s.status, SubscriptionStatus::Active, "{}", b.name);
        assert_eq!(s.starts_at, t0());
        assert_eq!(s.expires_at, month(t0(), 1), "{}", b.name);
        assert_eq!(s.order_id, Some(first.id));
        assert_eq!(periods(db, s.id).await, 1);

        // The same payment reported again (the order is fulfilled by now,
        // so the report is ignored), and the effect applied again to the
        // same order: one extension.
        assert_eq!(pay(db, &first, t0()).await, Recorded::Ignored);
        let txn = db.writer().begin().await.unwrap();
        assert!(
            !subscriptions::on_paid(&txn, &first, t0() + Duration::days(1))
                .await
                .unwrap()
        );
        txn.commit().await.unwrap();
        let s = sub_of(db, m.user_id, "bulanan").await;
        assert_eq!(s.expires_at, month(t0(), 1), "{}", b.name);
        assert_eq!(periods(db, s.id).await, 1);

        // Renewing early adds the period to the expiry, not to today.
        let renewal = buy_and_pay(db, &m, "bulanan", t0() + Duration::days(10)).await;
        assert_ne!(renewal.id, first.id);
        let s = sub_of(db, m.user_id, "bulanan").await;
        assert_eq!(s.expires_at, month(t0(), 2), "{}", b.name);
        assert_eq!(s.starts_at, t0());
        assert_eq!(periods(db, s.id).await, 2);

        // Once it ran out, a payment starts a new period today.
        let later = month(t0(), 3);
        let checked = subscriptions::check(db, &site(), later).await.unwrap();
        assert_eq!(checked.expired, 1, "{}", b.name);
        buy_and_pay(db, &m, "bulanan", later).await;
        let s = sub_of(db, m.user_id, "bulanan").await;
        assert_eq!(s.status, SubscriptionStatus::Active);
        assert_eq!((s.starts_at, s.expires_at), (later, month(later, 1)));

        // A yearly bundle adds a year, paid in dollars too.
        let o = subscriptions::order_bundle(
            db,
            &m,
            "tahunan",
            PaymentProvider::Paypal,
            Duration::hours(24),
            t0(),
        )
        .await
        .unwrap();
        assert_eq!(o.amount_usd_cents, Some(700));
        let report = PaymentReport {
            source: EventSource::Paypal,
            target: Some(OrderStatus::Paid),
            amount: PaidAmount::UsdCents(700),
            provider_ref: Some("cap-1"),
            external_id: None,
            raw: "{}",
        };
        orders::record_payment(db, &site(), &o.order_code, &report, t0())
            .await
            .unwrap();
        let y = sub_of(db, m.user_id, "tahunan").await;
        assert_eq!(
            (y.period, y.expires_at),
            (BillingPeriod::Yearly, month(t0(), 12))
        );

        // Dollars need a dollar price; an unknown bundle is not found.
        let refused = subscriptions::order_bundle(
            db,
            &m,
            "bulanan",
            PaymentProvider::Paypal,
            Duration::hours(24),
            t0(),
        )
        .await;
        assert!(
            matches!(refused, Err(DomainError::Invalid(_))),
            "{refused:?}"
        );
        let missing = subscriptions::order_bundle(
            db,
            &m,
            "tidak-ada",
            PaymentProvider::Midtrans,
            Duration::hours(24),
            t0(),
        )
        .await;
        assert!(matches!(missing, Err(DomainError::NotFound)), "{missing:?}");
    }
}

#[tokio::test]
async fn the_check_warns_once_per_period_and_expires_what_ran_out() {
    for b in common::backends().await {
        let db = &b.db;
        bundle(db, "bulanan", BillingPeriod::Monthly, None).await;
        let m = buyer(db, "peringatan@example.id").await;
        buy_and_pay(db, &m, "bulanan", t0()).await;
        let expiry = month(t0(), 1);

        // Eight days ahead: too early.
        let early = subscriptions::check(db, &site(), expiry - Duration::days(8))
            .await
            .unwrap();
        assert_eq!(early.warned, 0, "{}", b.name);
        assert_eq!(warnings_to(db, &m.email).await, 0);

        // Seven days ahead, four checks at once: one warning.
        let now = expiry - Duration::days(7) + Duration::hours(1);
        let here = site();
        let (a, b2, c, d) = tokio::join!(
            subscriptions::check(db, &here, now),
            subscriptions::check(db, &here, now),
            subscriptions::check(db, &here, now),
            subscriptions::check(db, &here, now),
        );
        let warned: u64 = [a, b2, c, d].into_iter().map(|r| r.unwrap().warned).sum();
        assert_eq!(warned, 1, "{}", b.name);
        assert_eq!(warnings_to(db, &m.email).await, 1, "{}", b.name);
        let s = sub_of(db, m.user_id, "bulanan").await;
        assert_eq!(s.warned_for, Some(expiry));
        // And the next day's run: nothing new.
        let again = subscriptions::check(db, &site(), now + Duration::days(1))
            .await
            .unwrap();
        assert_eq!(again, subscriptions::Checked::default());
        assert_eq!(warnings_to(db, &m.email).await, 1);
        let mail = outbox_message::Entity::find()
            .filter(outbox_message::Column::Template.eq("sub-expiry"))
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert!(mail
            .body_text
            .contains("https://tiranyx.test/dashboard/subscriptions"));
        assert!(
            mail.subject.contains("10 Februari 2026"),
            "{}",
            mail.subject
        );

        // Renewed: the new period is warned about once, in its turn.
        buy_and_pay(db, &m, "bulanan", now + Duration::days(2)).await;
        let next = month(t0(), 2);
        assert_eq!(sub_of(db, m.user_id, "bulanan").await.expires_at, next);
        for _ in 0..2 {
            subscriptions::check(db, &site(), next - Duration::days(6))
                .await
                .unwrap();
        }
        assert_eq!(warnings_to(db, &m.email).await, 2, "{}", b.name);

        // Not yet at the expiry: still active; at it: expired, once.
        let before = subscriptions::check(db, &site(), next - Duration::seconds(1))
            .await
            .unwrap();
        assert_eq!(before.expired, 0);
        let at = subscriptions::check(db, &site(), next).await.unwrap();
        assert_eq!(at.expired, 1, "{}", b.name);
        let s = sub_of(db, m.user_id, "bulanan").await;
        assert_eq!(s.status, SubscriptionStatus::Expired);
        let after = subscriptions::check(db, &site(), next + Duration::days(1))
            .await
            .unwrap();
        assert_eq!(after, subscriptions::Checked::default());
        assert_eq!(warnings_to(db, &m.email).await, 2);
    }
}

async fn audits(db: &Database, action: &str, id: i32) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .filter(audit_entry::Column::TargetId.eq(id))
        .count(db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn admins_extend_and_cancel_audited_and_bad_input_changes_nothing() {
    for b in common::backends().await {
        let db = &b.db;
        bundle(db, "bulanan", BillingPeriod::Monthly, None).await;
        bundle(db, "lain", BillingPeriod::Monthly, None).await;
        let m = buyer(db, "admin-sub@example.id").await;
        let other = buyer(db, "orang-lain@example.id").await;
        buy_and_pay(db, &m, "bulanan", t0()).await;
        buy_and_pay(db, &other, "lain", t0()).await;
        let s = sub_of(db, m.user_id, "bulanan").await;
        let admin = Actor::system("uji");
        let now = t0() + Duration::days(3);

        // Bad input: nothing extended, nothing audited.
        for days in ["0", "367", "-5", "dua"] {
            assert!(Extension::parse(days).is_err(), "{days}");
        }
        assert_eq!(Extension::parse(" ").unwrap(), Extension::Period);
        let no_reason = admin::extend(db, &admin, s.id, Extension::Days(5), " ", now).await;
        assert!(matches!(no_reason, Err(DomainError::Invalid(_))));
        let missing =
            admin::extend(db, &admin, 999_999, Extension::Days(5), "kompensasi", now).await;
        assert!(matches!(missing, Err(DomainError::NotFound)));
        assert_eq!(audits(db, "subscription.extend", s.id).await, 0);
        assert_eq!(
            sub_of(db, m.user_id, "bulanan").await.expires_at,
            s.expires_at
        );

        let extended = admin::extend(
            db,
            &admin,
            s.id,
            Extension::Days(10),
            "kompensasi gangguan",
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            extended.expires_at,
            s.expires_at + Duration::days(10),
            "{}",
            b.name
        );
        let one_period = admin::extend(db, &admin, s.id, Extension::Period, "bonus", now)
            .await
            .unwrap();
        assert_eq!(one_period.expires_at, month(extended.expires_at, 1));
        assert_eq!(audits(db, "subscription.extend", s.id).await, 2);
        let (detail, ledger) = admin::detail(db, s.id).await.unwrap();
        assert_eq!(detail.email, m.email);
        assert_eq!(ledger.len(), 3);
        assert_eq!(ledger[1].source, "admin");
        assert_eq!(ledger[1].note, "kompensasi gangguan");

        let cancelled = admin::cancel(db, &admin, s.id, "permintaan pelanggan", now)
            .await
            .unwrap();
        assert_eq!(cancelled.status, SubscriptionStatus::Cancelled);
        assert_eq!(audits(db, "subscription.cancel", s.id).await, 1);
        let twice = admin::cancel(db, &admin, s.id, "lagi", now).await;
        assert!(matches!(twice, Err(DomainError::Invalid(_))), "{twice:?}");
        assert_eq!(audits(db, "subscription.cancel", s.id).await, 1);
        // A cancelled subscription is not warned about nor expired.
        let checked = subscriptions::check(db, &site(), cancelled.expires_at)
            .await
            .unwrap();
        assert_eq!(checked.expired, 1, "only the other member's");
        assert_eq!(warnings_to(db, &m.email).await, 0);

        // The listing's filters.
        let filter = |status: &str, bundle: &str, q: &str| SubscriptionFilter {
            status: status.into(),
            bundle: bundle.into(),
            q: q.into(),
        };
        let all = admin::list(db, &filter("", "", ""), 1).await.unwrap();
        assert_eq!(all.total, 2);
        let only = admin::list(db, &filter("cancelled", "", ""), 1)
            .await
            .unwrap();
        assert_eq!(only.items.len(), 1);
        assert_eq!(only.items[0].email, m.email);
        let by_bundle = admin::list(db, &filter("", "lain", ""), 1).await.unwrap();
        assert_eq!(by_bundle.items[0].email, other.email);
        let by_mail = admin::list(db, &filter("", "", "ADMIN-SUB"), 1).await;
        assert_eq!(by_mail.unwrap().items[0].sub.id, s.id);
        let bad = admin::list(db, &filter("lunas", "", ""), 1).await;
        assert!(matches!(bad, Err(DomainError::Invalid(_))));
        assert_eq!(admin::bundles(db).await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn money_going_back_takes_the_order_s_period_off_once() {
    for b in common::backends().await {
        let db = &b.db;
        bundle(db, "bulanan", BillingPeriod::Monthly, None).await;
        let m = buyer(db, "refund-sub@example.id").await;
        let first = buy_and_pay(db, &m, "bulanan", t0()).await;
        let renewal = buy_and_pay(db, &m, "bulanan", t0() + Duration::days(1)).await;
        assert_eq!(
            sub_of(db, m.user_id, "bulanan").await.expires_at,
            month(t0(), 2)
        );

        let admin = Actor::system("uji");
        let now = t0() + Duration::days(2);
        domain::backoffice::orders::mark_refunded(db, &admin, renewal.id, "batal perpanjang", now)
            .await
            .unwrap();
        let s = sub_of(db, m.user_id, "bulanan").await;
        assert_eq!(
            (s.status, s.expires_at),
            (SubscriptionStatus::Active, month(t0(), 1)),
            "{}",
            b.name
        );
        // The same order again (a chargeback after the refund): nothing more.
        let txn = db.writer().begin().await.unwrap();
        assert!(!subscriptions::extend::take_back(&txn, renewal.id, now)
            .await
            .unwrap());
        txn.commit().await.unwrap();
        assert_eq!(
            sub_of(db, m.user_id, "bulanan").await.expires_at,
            month(t0(), 1)
        );

        // The first order's money back too: nothing is left, it expires now.
        domain::backoffice::orders::mark_refunded(db, &admin, first.id, "batal semua", now)
            .await
            .unwrap();
        let s = sub_of(db, m.user_id, "bulanan").await;
        assert_eq!(
            (s.status, s.expires_at),
            (SubscriptionStatus::Expired, t0()),
            "{}",
            b.name
        );
    }
}

/// The check is a registered periodic job: the platform's runner, its clock
/// fixed, runs it when due.
#[tokio::test]
async fn the_runner_runs_the_daily_check() {
    use domain::{jobs::catalog, mail::Mailer};
    use std::sync::{Arc, Mutex};
    for b in common::backends().await {
        let db = &b.db;
        bundle(db, "bulanan", BillingPeriod::Monthly, None).await;
        let m = buyer(db, "jadwal@example.id").await;
        buy_and_pay(db, &m, "bulanan", t0()).await;
        let outbox = tempfile::tempdir().unwrap();
        let setup = catalog::MailSetup {
            mailer: Arc::new(Mailer::Files {
                dir: outbox.path().to_owned(),
            }),
            from: "Tiranyx <noreply@tiranyx.test>".into(),
            site: site(),
        };
        let clock = Arc::new(Mutex::new(month(t0(), 1) - Duration::days(6)));
        let at = clock.clone();
        let files = domain::testing::deliverables(outbox.path(), 5);
        let runner =
            catalog::runner(db.clone(), setup, files, None).clock(move || *at.lock().unwrap());
        runner.install_periodic().await.unwrap();
        runner.run_due(None).await.unwrap();
        assert_eq!(warnings_to(db, &m.email).await, 1, "{}", b.name);
        // Renewed: the next period is warned about by a later run, once
        // however often the runner is asked.
        let renewed_at = *clock.lock().unwrap();
        buy_and_pay(db, &m, "bulanan", renewed_at).await;
        *clock.lock().unwrap() = month(t0(), 2) - Duration::days(6);
        runner.run_due(None).await.unwrap();
        runner.run_due(None).await.unwrap();
        assert_eq!(warnings_to(db, &m.email).await, 2, "{}", b.name);
        *clock.lock().unwrap() = month(t0(), 2) + Duration::hours(1);
        runner.run_due(None).await.unwrap();
        assert_eq!(
            sub_of(db, m.user_id, "bulanan").await.status,
            SubscriptionStatus::Expired,
            "{}",
            b.name
        );
    }
}

/// A licence product sold per year, paid at `now`; the order.
async fn buy_licence(db: &Database, b: &Buyer, now: DateTime<Utc>) -> order::Model {
    let o = orders::order_product(
        db,
        b,
        "rapor-uji",
        PaymentProvider::Midtrans,
        Duration::hours(24),
        now,
    )
    .await
    .unwrap();
    assert_eq!(pay(db, &o, now).await, Recorded::Moved(OrderStatus::Paid));
    o
}

async fn licences_of(db: &Database, user_id: i32) -> Vec<license::Model> {
    license::Entity::find()
        .filter(license::Column::UserId.eq(user_id))
        .all(db.reader())
        .await
        .unwrap()
}

async fn status_of(db: &Database, id: i32) -> OrderStatus {
    order::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
        .status
}

#[tokio::test]
async fn a_licence_sold_per_year_expires_with_its_subscription_and_renewals_extend_it() {
    for b in common::backends().await {
        let db = &b.db;
        let files = tempfile::tempdir().unwrap();
        let files = domain::testing::deliverables(files.path(), 5);
        let id = domain::testing::product(
            db,
            ("rapor-uji", "Rapor Uji"),
            349_000,
            None,
            DeliveryType::LicenseKey,
        )
        .await;
        product::Entity::update_many()
            .col_expr(product::Column::Period, Expr::value(BillingPeriod::Yearly))
            .filter(product::Column::Id.eq(id))
            .exec(db.writer())
            .await
            .unwrap();
        let m = buyer(db, "lisensi-tahunan@example.id").await;

        // The first year: delivered as usual, the licence expiring with it.
        let first = buy_licence(db, &m, t0()).await;
        let s = sub_of(db, m.user_id, "rapor-uji").await;
        assert_eq!(s.item_kind, OrderItemKind::Product, "{}", b.name);
        assert_eq!(s.expires_at, month(t0(), 12));
        assert_eq!(status_of(db, first.id).await, OrderStatus::Paid);
        orders::deliver(db, &files, first.id, t0()).await.unwrap();
        assert_eq!(status_of(db, first.id).await, OrderStatus::Fulfilled);
        let l = licences_of(db, m.user_id).await;
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].expires_at, Some(month(t0(), 12)), "{}", b.name);

        // Renewing early: a second year from the expiry, on the same
        // licence; the order is fulfilled at once, nothing new delivered.
        let renewal = buy_licence(db, &m, t0() + Duration::days(300)).await;
        assert_eq!(status_of(db, renewal.id).await, OrderStatus::Fulfilled);
        let l = licences_of(db, m.user_id).await;
        assert_eq!(l.len(), 1, "{}: one licence, extended", b.name);
        assert_eq!(l[0].expires_at, Some(month(t0(), 24)));
        let purchases = user_purchase::Entity::find()
            .filter(user_purchase::Column::UserId.eq(m.user_id))
            .count(db.reader())
            .await
            .unwrap();
        assert_eq!(purchases, 1);
        let later = month(t0(), 13);
        assert_eq!(
            domain::licenses::status_at(&l[0], later),
            LicenseStatus::Inactive
        );

        // The renewal's money goes back: the licence's expiry with it, so
        // a year and a month in it reads as expired.
        let admin = Actor::system("uji");
        domain::backoffice::orders::mark_refunded(db, &admin, renewal.id, "batal", later)
            .await
            .unwrap();
        let l = licences_of(db, m.user_id).await;
        assert_eq!(l[0].expires_at, Some(month(t0(), 12)), "{}", b.name);
        assert_eq!(
            domain::licenses::status_at(&l[0], later),
            LicenseStatus::Expired
        );
        // The daily check marks the subscription expired too.
        subscriptions::check(db, &site(), later).await.unwrap();
        let s = sub_of(db, m.user_id, "rapor-uji").await;
        assert_eq!(s.status, SubscriptionStatus::Expired);

        // Cancelled by an admin while active again: the licence ends now.
        let back = buy_licence(db, &m, later).await;
        assert_eq!(status_of(db, back.id).await, OrderStatus::Fulfilled);
        assert_eq!(
            licences_of(db, m.user_id).await[0].expires_at,
            Some(month(later, 12))
        );
        let s = sub_of(db, m.user_id, "rapor-uji").await;
        let cancelled_at = later + Duration::days(1);
        admin::cancel(db, &admin, s.id, "pelanggaran lisensi", cancelled_at)
            .await
            .unwrap();
        assert_eq!(
            licences_of(db, m.user_id).await[0].expires_at,
            Some(cancelled_at),
            "{}",
            b.name
        );
    }
}

#[tokio::test]
async fn a_product_bought_once_has_no_subscription() {
    for b in common::backends().await {
        let db = &b.db;
        domain::testing::product(
            db,
            ("rapor-uji", "Rapor Uji"),
            349_000,
            None,
            DeliveryType::LicenseKey,
        )
        .await;
        let m = buyer(db, "sekali@example.id").await;
        let o = buy_licence(db, &m, t0()).await;
        assert_eq!(status_of(db, o.id).await, OrderStatus::Paid, "{}", b.name);
        let subs = subscription::Entity::find()
            .filter(subscription::Column::UserId.eq(m.user_id))
            .count(db.reader())
            .await
            .unwrap();
        assert_eq!(subs, 0);
    }
}
