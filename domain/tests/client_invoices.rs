//! A client pays an Ixonomic invoice through the checkout: the order is
//! priced from the invoice, a second click reuses it, the payment fulfils
//! it at once and the portal sees the invoice paid; another client's,
//! a void or an already paid invoice is refused and writes nothing;
//! simultaneous clicks make one order. SQLite and PostgreSQL.
mod common;
use common::{backends, member};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::{
    clients::{
        self,
        invoices::{self, checkout_slug},
        ixonomic::contract::{Invoice, InvoiceItem, InvoiceStatus},
        ClientAccount,
    },
    entities::{
        audit_entry,
        order::{self, OrderItemKind, OrderStatus},
        user::{self, UserType},
    },
    orders::{self, Buyer, EventSource, PaidAmount, PaymentReport, Site},
    Database, DomainError, Refusal,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 3, 0, 0).unwrap()
}

async fn client(db: &Database, email: &str, ixonomic_id: &str) -> (ClientAccount, Buyer) {
    let id = member(db, email).await;
    let row = user::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap();
    let mut row: user::ActiveModel = row.into();
    row.user_type = Set(UserType::Client);
    row.ixonomic_client_id = Set(Some(ixonomic_id.to_owned()));
    row.update(db.writer()).await.unwrap();
    let account = clients::client_of(db, id).await.unwrap();
    let buyer = Buyer {
        user_id: id,
        name: account.name.clone(),
        email: account.email.clone(),
        phone: None,
    };
    (account, buyer)
}

fn invoice(client_id: &str, id: &str, status: InvoiceStatus) -> Invoice {
    Invoice {
        id: id.to_owned(),
        client_id: client_id.to_owned(),
        project_id: Some("PRJ-1".into()),
        number: format!("IXN/2026/{id}"),
        status,
        currency: "IDR".into(),
        amount: 12_500_000,
        issued_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        due_on: NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(),
        paid_at: None,
        items: vec![InvoiceItem {
            description: "Desain ulang halaman toko".into(),
            quantity: 1,
            unit_price: 12_500_000,
            total: 12_500_000,
        }],
    }
}

async fn orders_count(db: &Database) -> u64 {
    order::Entity::find().count(db.reader()).await.unwrap()
}

#[tokio::test]
async fn a_client_pays_an_invoice_once_and_sees_it_paid() {
    for b in backends().await {
        let db = &b.db;
        let (acct, buyer) = client(db, "klien-bayar@example.id", "CL-A").await;
        let inv = invoice("CL-A", "INV-7", InvoiceStatus::Unpaid);
        let ttl = Duration::hours(24);
        let o = invoices::pay(db, &acct, &buyer, &inv, ttl, t0())
            .await
            .unwrap();
        assert_eq!(
            (o.item_kind, o.item_slug.as_str(), o.amount_idr, o.status),
            (
                OrderItemKind::Invoice,
                "ixonomic-invoice-INV-7",
                12_500_000,
                OrderStatus::Pending
            ),
            "{}",
            b.name
        );
        assert_eq!(o.item_name, "Tagihan IXN/2026/INV-7");
        // A second click: the same order, one audit row.
        let again = invoices::pay(db, &acct, &buyer, &inv, ttl, t0() + Duration::minutes(1))
            .await
            .unwrap();
        assert_eq!(again.id, o.id);
        assert_eq!(
            audit_entry::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            invoices::pending_order(db, acct.user_id, "INV-7", t0())
                .await
                .unwrap()
                .map(|p| p.id),
            Some(o.id)
        );

        let report = PaymentReport {
            source: EventSource::Midtrans,
            target: Some(OrderStatus::Paid),
            amount: PaidAmount::Idr(o.amount_idr),
            provider_ref: Some("tx-tagihan"),
            external_id: None,
            raw: "{}",
        };
        let site = Site {
            url: "https://tiranyx.test".parse().unwrap(),
        };
        let paid_at = t0() + Duration::minutes(5);
        orders::record_payment(db, &site, &o.order_code, &report, paid_at)
            .await
            .unwrap();
        let stored = order::Entity::find_by_id(o.id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.status, OrderStatus::Fulfilled, "{}", b.name);
        assert!(stored.invoice_number.is_some());
        let paid = invoices::paid_here(db, acct.user_id).await.unwrap();
        assert_eq!(paid.get("INV-7"), Some(&paid_at));

        // Paid here: paying again is refused, nothing new.
        let before = orders_count(db).await;
        match invoices::pay(db, &acct, &buyer, &inv, ttl, paid_at).await {
            Err(DomainError::Refused(Refusal::InvoiceNotPayable)) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(orders_count(db).await, before);
    }
}

#[tokio::test]
async fn refused_invoices_write_nothing() {
    for b in backends().await {
        let db = &b.db;
        let (acct, buyer) = client(db, "klien-tolak@example.id", "CL-B").await;
        let ttl = Duration::hours(24);
        let cases = [
            (
                invoice("CL-LAIN", "INV-1", InvoiceStatus::Unpaid),
                "another client's",
            ),
            (
                invoice("CL-B", "INV-2", InvoiceStatus::Paid),
                "paid in Ixonomic",
            ),
            (invoice("CL-B", "INV-3", InvoiceStatus::Void), "void"),
            (
                Invoice {
                    currency: "USD".into(),
                    ..invoice("CL-B", "INV-4", InvoiceStatus::Unpaid)
                },
                "not rupiah",
            ),
            (
                Invoice {
                    amount: 0,
                    ..invoice("CL-B", "INV-5", InvoiceStatus::Overdue)
                },
                "nothing to pay",
            ),
        ];
        for (inv, why) in cases {
            let refused = invoices::pay(db, &acct, &buyer, &inv, ttl, t0()).await;
            let expected = if inv.client_id == "CL-B" {
                matches!(
                    refused,
                    Err(DomainError::Refused(Refusal::InvoiceNotPayable))
                )
            } else {
                matches!(refused, Err(DomainError::NotFound))
            };
            assert!(expected, "{why} on {}: {refused:?}", b.name);
        }
        assert_eq!(orders_count(db).await, 0);
        assert_eq!(
            audit_entry::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            0
        );
        // An overdue invoice is still payable.
        let overdue = invoice("CL-B", "INV-6", InvoiceStatus::Overdue);
        assert!(invoices::pay(db, &acct, &buyer, &overdue, ttl, t0())
            .await
            .is_ok());
        // A member who is not a client is not one.
        let plain = member(db, "bukan-klien@example.id").await;
        assert!(matches!(
            clients::client_of(db, plain).await,
            Err(DomainError::Refused(Refusal::NotAClient))
        ));
    }
}

#[tokio::test]
async fn simultaneous_clicks_make_one_order() {
    for b in backends().await {
        let db = &b.db;
        let (acct, buyer) = client(db, "klien-ganda@example.id", "CL-C").await;
        let inv = invoice("CL-C", "INV-9", InvoiceStatus::Unpaid);
        let clicks = (0..8).map(|_| {
            let (db, acct, buyer, inv) = (db.clone(), acct.clone(), buyer.clone(), inv.clone());
            tokio::spawn(async move {
                invoices::pay(&db, &acct, &buyer, &inv, Duration::hours(24), t0()).await
            })
        });
        let mut ids = Vec::new();
        for c in clicks {
            ids.push(c.await.unwrap().unwrap().id);
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "{}: {ids:?}", b.name);
        assert_eq!(orders_count(db).await, 1);
        assert_eq!(checkout_slug("INV-9"), "ixonomic-invoice-INV-9");
    }
}
