//! A provider's report applied to an order, on SQLite and PostgreSQL:
//! a payment's effects (invoice number, purchase, delivery job, e-mails)
//! exist exactly once however many copies arrive at once; wrong amounts,
//! late and replayed reports change nothing; delivery fulfils once.
mod common;
use common::member;

use chrono::Utc;
use domain::{
    entities::{
        job,
        order::{self, OrderStatus, PaymentProvider},
        order_event, outbox_message,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    orders::{self, Buyer, EventSource, PaidAmount, PaymentReport, Recorded, Site},
    testing, Database,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn site() -> Site {
    Site {
        url: "https://tiranyx.test".parse().unwrap(),
    }
}

fn settlement(amount: i64) -> PaymentReport<'static> {
    PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(amount),
        provider_ref: Some("tx-1"),
        external_id: None,
        raw: "{\"transaction_status\":\"settlement\"}",
    }
}

async fn buy(db: &Database, email: &str, slug: &str) -> order::Model {
    let user_id = member(db, email).await;
    let buyer = Buyer {
        user_id,
        name: "Pembeli Uji".into(),
        email: email.into(),
        phone: None,
    };
    orders::order_product(
        db,
        &buyer,
        slug,
        PaymentProvider::Midtrans,
        chrono::Duration::hours(24),
        Utc::now(),
    )
    .await
    .unwrap()
}

async fn count_jobs(db: &Database, kind: &str) -> u64 {
    job::Entity::find()
        .filter(job::Column::Kind.eq(kind))
        .count(db.reader())
        .await
        .unwrap()
}

async fn mails(db: &Database, template: &str, to: &str) -> u64 {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq(template))
        .filter(outbox_message::Column::ToEmail.eq(to))
        .count(db.reader())
        .await
        .unwrap()
}

async fn reload(db: &Database, id: i32) -> order::Model {
    order::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

/// 50 copies of one settlement and 50 settlements of other orders, all at
/// once: every order paid once with one invoice number (1..=51, no gap),
/// one purchase, one delivery job and one of each e-mail.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_storm_of_settlements_pays_each_order_once() {
    for b in common::backends().await {
        let db = &b.db;
        testing::product(
            db,
            ("kit", "Rangka UI Kit"),
            249_000,
            None,
            DeliveryType::LicenseKey,
        )
        .await;
        let first = buy(db, "badai@example.id", "kit").await;
        let mut others = Vec::new();
        for i in 0..50 {
            others.push(buy(db, &format!("lain{i}@example.id"), "kit").await);
        }
        let mut tasks = Vec::new();
        for o in std::iter::repeat_n(first.clone(), 50).chain(others.iter().cloned()) {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                orders::record_payment(
                    &db,
                    &site(),
                    &o.order_code,
                    &settlement(249_000),
                    Utc::now(),
                )
                .await
                .unwrap()
            }));
        }
        let mut moved = 0;
        for t in tasks {
            match t.await.unwrap() {
                Recorded::Moved(OrderStatus::Paid) => moved += 1,
                Recorded::Duplicate => {}
                other => panic!("{}: {other:?}", b.name),
            }
        }
        assert_eq!(moved, 51, "{}", b.name);
        assert_eq!(count_jobs(db, orders::DELIVER_JOB).await, 51, "{}", b.name);
        assert_eq!(
            user_purchase::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            51,
            "{}",
            b.name
        );
        assert_eq!(mails(db, "order-confirmed", "badai@example.id").await, 1);
        assert_eq!(mails(db, "invoice", "badai@example.id").await, 1);
        let mut numbers: Vec<String> = order::Entity::find()
            .all(db.reader())
            .await
            .unwrap()
            .into_iter()
            .map(|o| {
                o.invoice_number
                    .expect("every order has its invoice number")
            })
            .collect();
        numbers.sort();
        let year = domain::jakarta::date(Utc::now()).format("%Y").to_string();
        let expected: Vec<String> = (1..=51).map(|n| format!("INV/{year}/{n:06}")).collect();
        assert_eq!(numbers, expected, "{}: gapless and unique", b.name);
        let first = reload(db, first.id).await;
        assert_eq!(first.status, OrderStatus::Paid);
        assert_eq!(first.provider_ref.as_deref(), Some("tx-1"));

        // Delivery, twice: the key is made once, the order fulfilled once.
        assert_eq!(
            orders::deliver(
                db,
                &testing::deliverables(&std::env::temp_dir(), 5),
                first.id,
                Utc::now()
            )
            .await
            .unwrap(),
            orders::Delivered::Now
        );
        assert_eq!(
            orders::deliver(
                db,
                &testing::deliverables(&std::env::temp_dir(), 5),
                first.id,
                Utc::now()
            )
            .await
            .unwrap(),
            orders::Delivered::Already
        );
        let purchase = user_purchase::Entity::find()
            .filter(user_purchase::Column::OrderId.eq(first.id))
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        // The licence is a row of its own (domain/tests/licenses.rs); the
        // purchase keeps no key.
        assert!(purchase.license_key.is_none());
        assert_eq!(mails(db, "license-key", &first.customer_email).await, 1);
        assert_eq!(reload(db, first.id).await.status, OrderStatus::Fulfilled);

        // Refunded before its delivery ran: nothing is delivered.
        let early = &others[0];
        let refund_now = PaymentReport {
            target: Some(OrderStatus::Refunded),
            ..settlement(249_000)
        };
        orders::record_payment(db, &site(), &early.order_code, &refund_now, Utc::now())
            .await
            .unwrap();
        assert_eq!(
            orders::deliver(
                db,
                &testing::deliverables(&std::env::temp_dir(), 5),
                early.id,
                Utc::now()
            )
            .await
            .unwrap(),
            orders::Delivered::OrderNotPaid
        );
        let undelivered = user_purchase::Entity::find()
            .filter(user_purchase::Column::OrderId.eq(early.id))
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(undelivered.delivery_status, DeliveryStatus::Revoked);
        assert_eq!(mails(db, "license-key", &early.customer_email).await, 0);

        // A refund after fulfilment moves it; a late settlement does not.
        let refund = PaymentReport {
            target: Some(OrderStatus::Refunded),
            ..settlement(249_000)
        };
        assert_eq!(
            orders::record_payment(db, &site(), &first.order_code, &refund, Utc::now())
                .await
                .unwrap(),
            Recorded::Moved(OrderStatus::Refunded)
        );
        // ...and takes the purchase back in the same transaction.
        let taken_back = user_purchase::Entity::find()
            .filter(user_purchase::Column::OrderId.eq(first.id))
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(taken_back.delivery_status, DeliveryStatus::Revoked);
        assert_eq!(
            orders::deliver(
                db,
                &testing::deliverables(&std::env::temp_dir(), 5),
                first.id,
                Utc::now()
            )
            .await
            .unwrap(),
            orders::Delivered::OrderNotPaid
        );
        assert_eq!(
            orders::record_payment(
                db,
                &site(),
                &first.order_code,
                &settlement(249_000),
                Utc::now()
            )
            .await
            .unwrap(),
            Recorded::Ignored
        );
        assert_eq!(count_jobs(db, orders::DELIVER_JOB).await, 51, "{}", b.name);
    }
}

#[tokio::test]
async fn wrong_amounts_pending_reports_and_replayed_events_change_nothing() {
    for b in common::backends().await {
        let db = &b.db;
        testing::product(
            db,
            ("kit", "Rangka UI Kit"),
            249_000,
            Some(1900),
            DeliveryType::WebAccess,
        )
        .await;
        let o = buy(db, "teliti@example.id", "kit").await;

        for amount in [
            PaidAmount::Idr(1_000),
            PaidAmount::Unreadable,
            PaidAmount::UsdCents(249_000),
        ] {
            let report = PaymentReport {
                amount,
                ..settlement(0)
            };
            assert_eq!(
                orders::record_payment(db, &site(), &o.order_code, &report, Utc::now())
                    .await
                    .unwrap(),
                Recorded::AmountMismatch,
                "{}",
                b.name
            );
        }
        let waiting = PaymentReport {
            target: None,
            ..settlement(249_000)
        };
        assert_eq!(
            orders::record_payment(db, &site(), &o.order_code, &waiting, Utc::now())
                .await
                .unwrap(),
            Recorded::Waiting
        );
        let o2 = reload(db, o.id).await;
        assert_eq!((o2.status, o2.invoice_number), (OrderStatus::Pending, None));
        assert_eq!(count_jobs(db, orders::DELIVER_JOB).await, 0);
        assert_eq!(mails(db, "order-confirmed", "teliti@example.id").await, 0);
        let kept = order_event::Entity::find()
            .filter(order_event::Column::OrderId.eq(o.id))
            .all(db.reader())
            .await
            .unwrap();
        // created + 3 mismatches + 1 waiting, each with what was received.
        assert_eq!(kept.len(), 5, "{}", b.name);
        assert!(kept[1].detail.contains("settlement"));

        // An event id seen before is a replay, even after the order moved.
        let paid = PaymentReport {
            external_id: Some("WH-1"),
            ..settlement(249_000)
        };
        assert_eq!(
            orders::record_payment(db, &site(), &o.order_code, &paid, Utc::now())
                .await
                .unwrap(),
            Recorded::Moved(OrderStatus::Paid)
        );
        let refund = PaymentReport {
            target: Some(OrderStatus::Refunded),
            ..paid.clone()
        };
        assert_eq!(
            orders::record_payment(db, &site(), &o.order_code, &refund, Utc::now())
                .await
                .unwrap(),
            Recorded::Replayed,
            "{}",
            b.name
        );
        assert_eq!(reload(db, o.id).await.status, OrderStatus::Paid);

        // An unknown order is NotFound.
        assert!(matches!(
            orders::record_payment(db, &site(), "TRX-0-NOPE", &settlement(1), Utc::now()).await,
            Err(domain::DomainError::NotFound)
        ));
    }
}

/// The paid order's invoice: a PDF with its number and amount, attached to
/// the `invoice` e-mail when the runner sends it; and the delivery job
/// fulfils the order.
#[tokio::test]
async fn a_paid_order_mails_its_invoice_pdf_and_is_delivered_by_its_job() {
    use domain::{jobs::catalog, mail::Mailer};
    use std::sync::Arc;
    let b = common::sqlite().await;
    let db = &b.db;
    testing::product(
        db,
        ("kit", "Rangka UI Kit"),
        249_000,
        None,
        DeliveryType::WebAccess,
    )
    .await;
    let o = buy(db, "faktur@example.id", "kit").await;
    orders::record_payment(db, &site(), &o.order_code, &settlement(249_000), Utc::now())
        .await
        .unwrap();
    let paid = reload(db, o.id).await;
    let number = paid.invoice_number.clone().unwrap();

    let pdf = domain::invoices::for_order(db, &paid).await.unwrap();
    let text = domain::invoices::text_of(&pdf).join(" ");
    for expected in [
        number.as_str(),
        "Rp 249.000",
        "LUNAS",
        "Rangka UI Kit",
        &o.order_code,
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let unpaid = buy(db, "belum@example.id", "kit").await;
    assert!(matches!(
        domain::invoices::for_order(db, &unpaid).await,
        Err(domain::DomainError::NotFound)
    ));

    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::from_config(
        None,
        dir.path().to_path_buf(),
        domain::mail::SmtpTls::StartTls,
    )
    .unwrap();
    let setup = catalog::MailSetup {
        mailer: Arc::new(mailer),
        from: "Tiranyx <noreply@tiranyx.co.id>".into(),
        site: site(),
    };
    let runner = catalog::runner(
        db.clone(),
        setup,
        domain::testing::deliverables(&std::env::temp_dir(), 5),
        None,
    );
    runner.run_due(None).await.unwrap();
    let invoice_mail = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("invoice.eml"))
        .expect("the invoice e-mail was sent");
    let eml = std::fs::read_to_string(invoice_mail).unwrap();
    assert!(eml.contains("application/pdf"), "{eml}");
    assert!(eml.contains(&domain::invoices::file_name(&number)));
    assert_eq!(
        reload(db, o.id).await.status,
        OrderStatus::Fulfilled,
        "delivered by the job"
    );
}
