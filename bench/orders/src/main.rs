//! Orders created per second (`orders::order_product`) and payment
//! notifications applied per second (`orders::record_payment`), each
//! against raw inserts of the same rows into the same database: the ratio
//! is what the rules (locks, state checks, events, effects in one
//! transaction) cost over writing the rows, comparable across machines.
//!
//!   cargo run --release -p orderbench            # SQLite in a temp dir
//!   DATABASE_URL=postgres://… cargo run --release -p orderbench
use chrono::{Duration, Utc};
use domain::{
    entities::{
        job,
        order::{self, OrderItemKind, OrderStatus, PaymentProvider},
        order_event,
        outbox_message::{self, OutboxStatus},
        user_purchase, DeliveryType,
    },
    orders::{self, Buyer, EventSource, PaidAmount, PaymentReport, Site},
    Database,
};
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use std::time::Instant;

const N: usize = 500;
const PRICE: i64 = 249_000;

async fn member(db: &Database, i: usize) -> i32 {
    let input = domain::accounts::NewAccount {
        name: format!("Pembeli {i}"),
        email: format!("bench{i}@example.id"),
        password: "kopi susu gula aren 2026".into(),
    };
    let hasher = domain::accounts::PasswordHasher::new(4);
    match domain::accounts::register(db, &hasher, &input, "http://bench", Utc::now()).await {
        Ok(domain::accounts::RegisterOutcome::Created { user_id, .. }) => user_id,
        other => panic!("member {i}: {other:?}"),
    }
}

fn raw_order(user_id: i32, code: String) -> order::ActiveModel {
    let now = Utc::now();
    order::ActiveModel {
        order_code: Set(code),
        user_id: Set(user_id),
        item_kind: Set(OrderItemKind::Product),
        item_slug: Set("kit".into()),
        item_name: Set("Rangka UI Kit".into()),
        amount_idr: Set(PRICE),
        amount_usd_cents: Set(None),
        payment_provider: Set(PaymentProvider::Midtrans),
        provider_ref: Set(None),
        status: Set(OrderStatus::Pending),
        customer_name: Set("Pembeli".into()),
        customer_email: Set("bench@example.id".into()),
        customer_phone: Set(None),
        paid_at: Set(None),
        expires_at: Set(Some(now + Duration::hours(24))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

fn per_sec(n: usize, t: std::time::Duration) -> f64 {
    n as f64 / t.as_secs_f64()
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        )
    });
    let db = Database::connect(&url).await.expect("database");
    db.migrate().await.expect("migrations");
    domain::testing::product(
        &db,
        ("kit", "Rangka UI Kit"),
        PRICE,
        None,
        DeliveryType::WebAccess,
    )
    .await;
    let users: Vec<i32> = {
        let mut v = Vec::new();
        for i in 0..N {
            v.push(member(&db, i).await);
        }
        v
    };

    // Orders: the use case (one per member) against inserting the order and
    // its `created` event in a transaction.
    let t = Instant::now();
    let mut codes = Vec::with_capacity(N);
    for (i, user_id) in users.iter().enumerate() {
        let buyer = Buyer {
            user_id: *user_id,
            name: "Pembeli".into(),
            email: format!("bench{i}@example.id"),
            phone: None,
        };
        let o = orders::order_product(
            &db,
            &buyer,
            "kit",
            PaymentProvider::Midtrans,
            Duration::hours(24),
            Utc::now(),
        )
        .await
        .expect("order");
        codes.push(o.order_code);
    }
    let use_case = t.elapsed();
    let t = Instant::now();
    for (i, user_id) in users.iter().enumerate() {
        let txn = db.writer().begin().await.expect("txn");
        let o = order::Entity::insert(raw_order(*user_id, format!("RAW-{i}")))
            .exec_with_returning(&txn)
            .await
            .expect("raw order");
        order_event::Entity::insert(order_event::ActiveModel {
            order_id: Set(o.id),
            source: Set("member".into()),
            outcome: Set("created".into()),
            from_status: Set(String::new()),
            to_status: Set("pending".into()),
            detail: Set("Rangka UI Kit Rp249000".into()),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await
        .expect("raw event");
        txn.commit().await.expect("commit");
    }
    let raw = t.elapsed();
    report("orders created", use_case, raw);

    // Notifications: the use case (event, conditional move, invoice number,
    // purchase, delivery job, three e-mails) against writing the same rows.
    let site = Site {
        url: "http://bench".parse().expect("url"),
    };
    let t = Instant::now();
    for code in &codes {
        let report = PaymentReport {
            source: EventSource::Midtrans,
            target: Some(OrderStatus::Paid),
            amount: PaidAmount::Idr(PRICE),
            provider_ref: Some("tx"),
            external_id: None,
            raw: "{\"transaction_status\":\"settlement\"}",
        };
        orders::record_payment(&db, &site, code, &report, Utc::now())
            .await
            .expect("payment");
    }
    let use_case = t.elapsed();
    let raw_ids: Vec<i32> = order::Entity::find()
        .all(db.reader())
        .await
        .expect("orders")
        .into_iter()
        .filter(|o| o.order_code.starts_with("RAW-"))
        .map(|o| o.id)
        .collect();
    let t = Instant::now();
    for (i, id) in raw_ids.iter().enumerate() {
        let now = Utc::now();
        let txn = db.writer().begin().await.expect("txn");
        order::Entity::update(order::ActiveModel {
            id: Set(*id),
            status: Set(OrderStatus::Paid),
            paid_at: Set(Some(now)),
            invoice_number: Set(Some(format!("RAW/{i:06}"))),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .expect("raw paid");
        order_event::Entity::insert(order_event::ActiveModel {
            order_id: Set(*id),
            source: Set("midtrans".into()),
            outcome: Set("changed".into()),
            from_status: Set("pending".into()),
            to_status: Set("paid".into()),
            detail: Set("{\"transaction_status\":\"settlement\"}".into()),
            created_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await
        .expect("raw event");
        user_purchase::Entity::insert(user_purchase::ActiveModel {
            user_id: Set(users[i]),
            order_id: Set(*id),
            product_slug: Set("kit".into()),
            product_name: Set("Rangka UI Kit".into()),
            delivery_type: Set(DeliveryType::WebAccess),
            delivery_status: Set(user_purchase::DeliveryStatus::Pending),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await
        .expect("raw purchase");
        for k in 0..4 {
            job::Entity::insert(job::ActiveModel {
                kind: Set("raw".into()),
                payload: Set(format!("{{\"order_id\":{id}}}")),
                dedupe_key: Set(Some(format!("raw:{id}:{k}"))),
                status: Set(job::JobStatus::Pending),
                run_after: Set(now),
                attempts: Set(0),
                max_attempts: Set(6),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec_without_returning(&txn)
            .await
            .expect("raw job");
        }
        for _ in 0..3 {
            outbox_message::Entity::insert(outbox_message::ActiveModel {
                to_email: Set("bench@example.id".into()),
                subject: Set("Pembayaran diterima".into()),
                body_text: Set("x".repeat(600)),
                body_html: Set("x".repeat(3000)),
                template: Set("raw".into()),
                status: Set(OutboxStatus::Pending),
                attempts: Set(0),
                created_at: Set(now),
                ..Default::default()
            })
            .exec_without_returning(&txn)
            .await
            .expect("raw mail");
        }
        txn.commit().await.expect("commit");
    }
    let raw = t.elapsed();
    report("notifications applied", use_case, raw);
}

fn report(what: &str, use_case: std::time::Duration, raw: std::time::Duration) {
    let (a, b) = (per_sec(N, use_case), per_sec(N, raw));
    println!("{what:>24}: {a:>8.0}/s  raw {b:>8.0}/s  ratio {:.2}", a / b);
}
