//! Exactly once across a crash: the real binary takes a storm of Midtrans
//! notifications (50 copies of one settlement and 50 of others), then is
//! killed with SIGKILL in the middle of a second storm, restarted, and the
//! notifications are replayed as Midtrans retries any that got no 2xx.
//! Every order ends paid once, with one purchase, one delivery job, one
//! confirmation e-mail and an invoice number, numbers without gaps. Runs on
//! SQLite, and on PostgreSQL in the second server pass of `scripts/test.sh`.
mod common;

use chrono::Utc;
use common::process::Server;
use domain::entities::{
    job,
    order::{self, OrderItemKind, OrderStatus},
    order_event, outbox_message, user_purchase,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use wiremock::{
    matchers::{method, path_regex},
    Mock, MockServer, Request, Respond, ResponseTemplate,
};

const KEY: &str = "SB-Mid-server-crash";
const PRICE: i64 = 249_000;

/// Midtrans' status API: every transaction it is asked about is settled.
/// Answers take 0–360 ms by order number, so a storm's notifications
/// finish over a spread of time and a kill lands in the middle of it.
struct Settled;

impl Respond for Settled {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let order_id = req
            .url
            .path()
            .split('/')
            .nth(2)
            .unwrap_or_default()
            .to_owned();
        let n: u64 = order_id
            .split('-')
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let delay = std::time::Duration::from_millis((n % 10) * 40);
        ResponseTemplate::new(200)
            .set_delay(delay)
            .set_body_json(json!({
                "status_code": "200",
                "transaction_id": format!("tx-{order_id}"),
                "order_id": order_id,
                "gross_amount": "249000.00",
                "transaction_status": "settlement",
                "fraud_status": "accept",
            }))
    }
}

fn notification(code: &str) -> serde_json::Value {
    json!({
        "transaction_status": "settlement",
        "status_code": "200",
        "gross_amount": "249000.00",
        "order_id": code,
        "fraud_status": "accept",
        "signature_key": domain::payments::midtrans::signature(code, "200", "249000.00", KEY),
    })
}

/// Sends every code's notification at once; the statuses (None: no answer).
async fn storm(base: &str, codes: &[String]) -> Vec<Option<u16>> {
    let http = domain::payments::http_client();
    let tasks: Vec<_> = codes
        .iter()
        .map(|code| {
            let (http, url, body) = (
                http.clone(),
                format!("{base}/api/payment/midtrans/notification"),
                notification(code),
            );
            tokio::spawn(async move {
                http.post(url)
                    .json(&body)
                    .send()
                    .await
                    .ok()
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// 50 copies of the first code, then each other code once.
fn storm_of(codes: &[String]) -> Vec<String> {
    std::iter::repeat_n(codes[0].clone(), 50)
        .chain(codes[1..].iter().cloned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_in_a_webhook_storm_then_replay_pays_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let (url, db) = common::test_database(&dir).await;
    let midtrans = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/v2/[A-Za-z0-9-]+/status$"))
        .respond_with(Settled)
        .mount(&midtrans)
        .await;

    let user = {
        let input = domain::accounts::NewAccount {
            name: "Pembeli Badai".into(),
            email: "badai@example.id".into(),
            password: "kopi susu gula aren 2026".into(),
        };
        match domain::accounts::register(
            &db,
            &domain::accounts::PasswordHasher::new(1),
            &input,
            common::SITE,
            Utc::now(),
        )
        .await
        .unwrap()
        {
            domain::accounts::RegisterOutcome::Created { user_id, .. } => user_id,
            _ => panic!("not created"),
        }
    };
    let item = (
        OrderItemKind::Product,
        "rangka-ui-kit-dashboard",
        "Rangka UI Kit",
        PRICE,
    );
    let mut codes = Vec::new();
    for i in 0..102 {
        let code = format!("TRX-{i}-CRASH{i:03}");
        domain::testing::order(&db, user, &code, item, OrderStatus::Pending, Utc::now()).await;
        codes.push(code);
    }
    let fake = midtrans.uri();
    let env = [
        ("MIDTRANS_SERVER_KEY", KEY),
        ("MIDTRANS_API_URL", fake.as_str()),
        ("MIDTRANS_SNAP_URL", fake.as_str()),
    ];

    // First storm: all answered 200.
    let server = Server::start(dir.path(), &url, &env);
    let first = storm_of(&codes[..51]);
    assert!(storm(&server.base(), &first)
        .await
        .iter()
        .all(|s| *s == Some(200)));

    // Second storm, cut by SIGKILL while it is under way.
    let second = storm_of(&codes[51..]);
    let base = server.base();
    let sending = tokio::spawn({
        let second = second.clone();
        async move { storm(&base, &second).await }
    });
    // Killed once some of the second storm's orders are paid.
    let second_paid = || {
        order::Entity::find()
            .filter(order::Column::OrderCode.is_in(codes[51..].iter().cloned()))
            .filter(order::Column::Status.ne(OrderStatus::Pending))
            .count(db.reader())
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while second_paid().await.unwrap() < 5 {
        assert!(
            std::time::Instant::now() < deadline,
            "the second storm paid nothing"
        );
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    server.kill_9();
    let answered = sending.await.unwrap();
    let lost = answered.iter().filter(|s| **s != Some(200)).count();
    let paid_before = second_paid().await.unwrap();
    eprintln!(
        "crash test: killed with {paid_before} of 51 orders paid; {lost} of {} notifications got no 200",
        answered.len()
    );
    assert!(
        lost > 0 && paid_before < 51,
        "the kill came after the storm"
    );

    // Restarted, every notification is delivered again (Midtrans retries).
    let server = Server::start(dir.path(), &url, &env);
    assert!(storm(&server.base(), &second)
        .await
        .iter()
        .all(|s| *s == Some(200)));
    // Let the runner deliver the jobs the storms enqueued.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    server.kill_9();

    let n = codes.len() as u64;
    let paid_moves = order_event::Entity::find()
        .filter(order_event::Column::Outcome.eq("changed"))
        .filter(order_event::Column::ToStatus.eq("paid"))
        .count(db.reader())
        .await
        .unwrap();
    assert_eq!(paid_moves, n, "each order moved to paid exactly once");
    let orders = order::Entity::find().all(db.reader()).await.unwrap();
    assert!(orders
        .iter()
        .all(|o| matches!(o.status, OrderStatus::Paid | OrderStatus::Fulfilled)));
    assert_eq!(
        user_purchase::Entity::find()
            .count(db.reader())
            .await
            .unwrap(),
        n
    );
    let deliveries = job::Entity::find()
        .filter(job::Column::Kind.eq(domain::orders::DELIVER_JOB))
        .count(db.reader())
        .await
        .unwrap();
    assert_eq!(deliveries, n);
    let confirmations = outbox_message::Entity::find()
        .filter(outbox_message::Column::Template.eq("order-confirmed"))
        .count(db.reader())
        .await
        .unwrap();
    assert_eq!(confirmations, n);
    let mut numbers: Vec<String> = orders
        .into_iter()
        .map(|o| o.invoice_number.unwrap())
        .collect();
    numbers.sort();
    let year = domain::jakarta::date(Utc::now()).format("%Y").to_string();
    let expected: Vec<String> = (1..=n).map(|i| format!("INV/{year}/{i:06}")).collect();
    assert_eq!(numbers, expected, "invoice numbers without gaps or repeats");
}
