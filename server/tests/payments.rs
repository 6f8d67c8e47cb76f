//! Paying through the real router against a wiremock Midtrans that follows
//! the documented shapes: the buy form creates a Snap transaction at the
//! server's price and sends the member there; a notification is verified
//! (signature, status API, amount) and applied once, even as a storm of
//! concurrent copies; pending orders can be paid again or cancelled.
mod common;

use axum::{body::Body, http::Request};
use common::{get_with_cookie, spawn_with, verified_member, TestApp};
use domain::entities::{
    job,
    order::{self, OrderStatus},
    order_event, outbox_message, user_purchase,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use wiremock::{
    matchers::{body_partial_json, header, method, path},
    Mock, MockServer, ResponseTemplate,
};

const KEY: &str = "SB-Mid-server-uji";
/// A demo product: Rp 249.000, web access.
const SLUG: &str = "rangka-ui-kit-dashboard";
const PRICE: i64 = 249_000;

async fn app_with_midtrans() -> (TestApp, MockServer) {
    let midtrans = MockServer::start().await;
    let app = spawn_with(&[
        ("MIDTRANS_SERVER_KEY", KEY),
        ("MIDTRANS_CLIENT_KEY", "SB-Mid-client-uji"),
        ("MIDTRANS_SNAP_URL", &format!("{}/snap", midtrans.uri())),
        ("MIDTRANS_API_URL", &midtrans.uri()),
    ])
    .await;
    (app, midtrans)
}

/// Snap answers every create with a token and page for it.
async fn snap_answers(midtrans: &MockServer) {
    // Basic auth: base64("SB-Mid-server-uji:").
    Mock::given(method("POST"))
        .and(path("/snap/v1/transactions"))
        .and(header("authorization", "Basic U0ItTWlkLXNlcnZlci11amk6"))
        .and(body_partial_json(json!({
            "transaction_details": { "gross_amount": PRICE },
            "item_details": [{ "id": SLUG, "price": PRICE, "quantity": 1 }],
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "token": "tok-123",
            "redirect_url": "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-123",
        })))
        .mount(midtrans)
        .await;
}

/// The status API says `order_id` is `status` for `gross`.
async fn status_is(midtrans: &MockServer, order_id: &str, status: &str, gross: &str) {
    Mock::given(method("GET"))
        .and(path(format!("/v2/{order_id}/status")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status_code": "200",
            "status_message": "Success, transaction is found",
            "transaction_id": format!("tx-{order_id}"),
            "order_id": order_id,
            "gross_amount": gross,
            "payment_type": "bank_transfer",
            "transaction_status": status,
            "fraud_status": "accept",
        })))
        .mount(midtrans)
        .await;
}

fn buy(cookie: &str, slug: &str, method: &str) -> Request<Body> {
    Request::post(format!("/products/{slug}/buy"))
        .header("origin", common::SITE)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie)
        .body(Body::from(format!("method={method}")))
        .unwrap()
}

fn signed(order_id: &str, status: &str, gross: &str, key: &str) -> Value {
    let code = if status == "settlement" { "200" } else { "201" };
    json!({
        "transaction_status": status,
        "status_code": code,
        "gross_amount": gross,
        "order_id": order_id,
        "fraud_status": "accept",
        "signature_key": domain::payments::midtrans::signature(order_id, code, gross, key),
    })
}

fn notify(body: &Value) -> Request<Body> {
    // As Midtrans sends it: no Origin, no cookie.
    Request::post("/api/payment/midtrans/notification")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn order_of(app: &TestApp, email: &str) -> order::Model {
    order::Entity::find()
        .filter(order::Column::CustomerEmail.eq(email))
        .one(app.db.reader())
        .await
        .unwrap()
        .expect("the member has an order")
}

async fn count<E: EntityTrait>(app: &TestApp, filter: sea_orm::Condition) -> u64
where
    E::Model: Sync,
{
    E::find()
        .filter(filter)
        .count(app.db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn buying_goes_to_snap_and_a_verified_notification_pays_once() {
    let (app, midtrans) = app_with_midtrans().await;
    snap_answers(&midtrans).await;
    let cookie = verified_member(&app, "beli@example.id").await;

    // A guest sees the price and is sent to login, and back.
    let page = app.get(&format!("/products/{SLUG}")).await;
    assert!(page.body.contains("Masuk untuk membeli"), "{}", page.body);
    let res = app
        .send(
            Request::post(format!("/products/{SLUG}/buy"))
                .header("origin", common::SITE)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("method=midtrans"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.header("location"),
        format!("/login?next=/products/{SLUG}")
    );
    // A member sees the form.
    let page = get_with_cookie(&app, &format!("/products/{SLUG}"), &cookie).await;
    assert!(page.body.contains("data-buy=\"form\""), "{}", page.body);

    let res = app.send(buy(&cookie, SLUG, "midtrans")).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(
        res.header("location"),
        "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-123"
    );
    let o = order_of(&app, "beli@example.id").await;
    assert_eq!((o.amount_idr, o.status), (PRICE, OrderStatus::Pending));
    assert_eq!(o.payment_token.as_deref(), Some("tok-123"));
    // Paying again reuses the transaction: no second create.
    let res = app
        .send(
            Request::post(format!("/dashboard/orders/{}/pay", o.id))
                .header("origin", common::SITE)
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 303);
    assert!(res.header("location").ends_with("/tok-123"));
    assert_eq!(midtrans.received_requests().await.unwrap().len(), 1);

    let events = || {
        count::<order_event::Entity>(
            &app,
            sea_orm::Condition::all().add(order_event::Column::OrderId.eq(o.id)),
        )
    };
    let before = events().await;
    // A bad signature: 401 and nothing written.
    let forged = signed(&o.order_code, "settlement", "249000.00", "another-key");
    let res = app.send(notify(&forged)).await;
    assert_eq!(res.status, 401);
    assert!(res.body.contains("signature_invalid"), "{}", res.body);
    assert_eq!(events().await, before);
    // Unknown order, well signed: 404.
    let res = app
        .send(notify(&signed(
            "TRX-1-NOPE00",
            "settlement",
            "249000.00",
            KEY,
        )))
        .await;
    assert_eq!(res.status, 404);
    // Malformed body: 400.
    let res = app
        .send(
            Request::post("/api/payment/midtrans/notification")
                .header("content-type", "application/json")
                .body(Body::from("{\"order_id\":"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 400);

    // The notification claims settlement; the status API confirms it.
    status_is(&midtrans, &o.order_code, "settlement", "249000.00").await;
    let good = signed(&o.order_code, "settlement", "249000.00", KEY);
    let res = app.send(notify(&good)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let paid = order_of(&app, "beli@example.id").await;
    assert_eq!(paid.status, OrderStatus::Paid);
    assert!(paid.invoice_number.as_deref().unwrap().starts_with("INV/"));
    assert_eq!(
        paid.provider_ref.as_deref(),
        Some(format!("tx-{}", o.order_code).as_str())
    );
    // The same notification again: 200, nothing more.
    let res = app.send(notify(&good)).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("duplicate"), "{}", res.body);
    let purchases = count::<user_purchase::Entity>(
        &app,
        sea_orm::Condition::all().add(user_purchase::Column::OrderId.eq(o.id)),
    )
    .await;
    assert_eq!(purchases, 1);
    let confirmations = count::<outbox_message::Entity>(
        &app,
        sea_orm::Condition::all()
            .add(outbox_message::Column::ToEmail.eq("beli@example.id"))
            .add(outbox_message::Column::Template.eq("order-confirmed")),
    )
    .await;
    assert_eq!(confirmations, 1);

    // The orders page shows it paid, with its invoice number.
    let page = get_with_cookie(&app, "/dashboard/orders", &cookie).await;
    assert!(
        page.body.contains("Lunas") && page.body.contains(paid.invoice_number.as_deref().unwrap())
    );
    // The invoice: the owner and admins download it, nobody else.
    let number = paid.invoice_number.clone().unwrap();
    let pdf_path = format!("/dashboard/orders/{}/invoice.pdf", o.id);
    let res = get_with_cookie(&app, &pdf_path, &cookie).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), "application/pdf");
    assert!(res.header("content-disposition").contains("faktur-INV-"));
    let text = domain::invoices::text_of(&res.bytes).join(" ");
    assert!(
        text.contains(&number) && text.contains("Rp 249.000") && text.contains("LUNAS"),
        "{text}"
    );
    let stranger = verified_member(&app, "lain@example.id").await;
    assert_eq!(
        get_with_cookie(&app, &pdf_path, &stranger).await.status,
        404
    );
    assert_ne!(app.get(&pdf_path).await.status, 200);
    let admin_path = format!("/admin/orders/{}/invoice.pdf", o.id);
    assert_ne!(
        get_with_cookie(&app, &admin_path, &cookie).await.status,
        200
    );
    let admin = common::admin_session(&app, "kasir@tiranyx.co.id").await;
    let res = get_with_cookie(&app, &admin_path, &admin).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        res.bytes,
        get_with_cookie(&app, &pdf_path, &cookie).await.bytes
    );

    // Cancelling a paid order is refused and changes nothing.
    let res = app
        .send(
            Request::post(format!("/dashboard/orders/{}/cancel", o.id))
                .header("origin", common::SITE)
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 303);
    assert!(res.header("location").contains("gagal=order_closed"));
    assert_eq!(
        order_of(&app, "beli@example.id").await.status,
        OrderStatus::Paid
    );
}

#[tokio::test]
async fn wrong_amounts_and_returns_from_snap_are_checked_with_midtrans() {
    let (app, midtrans) = app_with_midtrans().await;
    snap_answers(&midtrans).await;
    let cookie = verified_member(&app, "teliti@example.id").await;
    app.send(buy(&cookie, SLUG, "midtrans")).await;
    let o = order_of(&app, "teliti@example.id").await;

    // Signed for another amount, and the status API agrees with it: the
    // order does not move.
    status_is(&midtrans, &o.order_code, "settlement", "1000.00").await;
    let res = app
        .send(notify(&signed(&o.order_code, "settlement", "1000.00", KEY)))
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("amount_mismatch"));
    assert_eq!(
        order_of(&app, "teliti@example.id").await.status,
        OrderStatus::Pending
    );

    // The member comes back from Snap claiming success; Midtrans says
    // pending (a fresh mock wins over the older one).
    midtrans.reset().await;
    status_is(&midtrans, &o.order_code, "pending", "249000.00").await;
    let page = get_with_cookie(
        &app,
        &format!(
            "/dashboard/orders?status=success&order_id={}&transaction_status=settlement",
            o.order_code
        ),
        &cookie,
    )
    .await;
    assert!(page.body.contains("belum kami terima"), "{}", page.body);
    assert_eq!(
        order_of(&app, "teliti@example.id").await.status,
        OrderStatus::Pending
    );
    // A pending order can be cancelled by its owner.
    let res = app
        .send(
            Request::post(format!("/dashboard/orders/{}/cancel", o.id))
                .header("origin", common::SITE)
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.header("location"), "/dashboard/orders?dibatalkan=1");
    assert_eq!(
        order_of(&app, "teliti@example.id").await.status,
        OrderStatus::Cancelled
    );
    // Another member cannot touch it.
    let other = verified_member(&app, "asing@example.id").await;
    let res = app
        .send(
            Request::post(format!("/dashboard/orders/{}/pay", o.id))
                .header("origin", common::SITE)
                .header("cookie", &other)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(res.header("location").contains("gagal=not_found"));
}

/// 50 concurrent copies of one settlement and 50 settlements of other
/// orders through the router: each order paid once, one purchase, one
/// delivery job and one confirmation e-mail each.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_webhook_storm_pays_each_order_exactly_once() {
    let (app, midtrans) = app_with_midtrans().await;
    snap_answers(&midtrans).await;
    let mut codes = Vec::new();
    for i in 0..51 {
        let email = format!("badai{i}@example.id");
        let cookie = verified_member(&app, &email).await;
        app.send(buy(&cookie, SLUG, "midtrans")).await;
        let o = order_of(&app, &email).await;
        status_is(&midtrans, &o.order_code, "settlement", "249000.00").await;
        codes.push(o.order_code);
    }
    let app = std::sync::Arc::new(app);
    let storm = std::iter::repeat_n(codes[0].clone(), 50).chain(codes[1..].iter().cloned());
    let tasks: Vec<_> = storm
        .map(|code| {
            let app = app.clone();
            tokio::spawn(async move {
                app.send(notify(&signed(&code, "settlement", "249000.00", KEY)))
                    .await
                    .status
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let paid = count::<order::Entity>(
        &app,
        sea_orm::Condition::all().add(order::Column::Status.eq(OrderStatus::Paid)),
    )
    .await;
    assert_eq!(paid, 51);
    let all = sea_orm::Condition::all();
    assert_eq!(count::<user_purchase::Entity>(&app, all.clone()).await, 51);
    assert_eq!(
        count::<job::Entity>(
            &app,
            all.clone()
                .add(job::Column::Kind.eq(domain::orders::DELIVER_JOB))
        )
        .await,
        51
    );
    assert_eq!(
        count::<outbox_message::Entity>(
            &app,
            all.add(outbox_message::Column::Template.eq("order-confirmed"))
        )
        .await,
        51
    );
}

/// The price is read on the server when the order is made: a price changed
/// between the page and the click is the price charged, and what the form
/// sends besides the method is ignored.
#[tokio::test]
async fn a_price_changed_after_the_page_was_shown_is_the_price_charged() {
    use domain::entities::product;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let (app, midtrans) = app_with_midtrans().await;
    Mock::given(method("POST"))
        .and(path("/snap/v1/transactions"))
        .and(body_partial_json(
            json!({ "transaction_details": { "gross_amount": 199_000 } }),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "token": "tok-baru",
            "redirect_url": "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-baru",
        })))
        .expect(1)
        .mount(&midtrans)
        .await;
    let cookie = verified_member(&app, "harga@example.id").await;
    let page = get_with_cookie(&app, &format!("/products/{SLUG}"), &cookie).await;
    assert!(page.body.contains("Rp 249.000"));

    let p = product::Entity::find()
        .filter(product::Column::Slug.eq(SLUG))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let mut cheaper: product::ActiveModel = p.into();
    cheaper.price_idr = Set(199_000);
    cheaper.update(app.db.writer()).await.unwrap();

    let res = app
        .send(
            Request::post(format!("/products/{SLUG}/buy"))
                .header("origin", common::SITE)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", &cookie)
                .body(Body::from("method=midtrans&amount_idr=1&price_idr=1"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert!(res.header("location").ends_with("/tok-baru"));
    assert_eq!(order_of(&app, "harga@example.id").await.amount_idr, 199_000);
}
