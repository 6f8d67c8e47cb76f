//! Subscriptions through the real router: the bundle page's buy form and
//! the dashboard's "Perpanjang" post to `/saas/{slug}/buy`, which orders at
//! the server's price and sends the member to Midtrans (a guest to login);
//! a paid order shows on the dashboard; the admin's subscription functions
//! and pages refuse anyone but an admin, and extend / cancel are audited.
mod common;

use axum::{body::Body, http::Request};
use chrono::Utc;
use common::{
    admin_session, get_with_cookie, server_fn_call, spawn_with, verified_member, TestApp,
};
use domain::{
    entities::{
        audit_entry,
        order::{self, OrderItemKind, OrderStatus},
        subscription::{self, SubscriptionStatus},
        user,
    },
    orders::{EventSource, PaidAmount, PaymentReport, Site},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use wiremock::{
    matchers::{body_partial_json, method, path},
    Mock, MockServer, ResponseTemplate,
};

/// A demo bundle: Rp 4.500.000 a month.
const SLUG: &str = "tiranyx-commerce-white-label";
const PRICE: i64 = 4_500_000;

const ENDPOINTS: &[(&str, &str)] = &[
    ("/api/admin/subscriptions", "status=&bundle=&q=&page=1"),
    ("/api/admin/subscriptions/bundles", ""),
    ("/api/admin/subscriptions/get", "id=1"),
    (
        "/api/admin/subscriptions/extend",
        "id=1&days=10&reason=kompensasi",
    ),
    ("/api/admin/subscriptions/cancel", "id=1&reason=permintaan"),
];

async fn app_with_midtrans() -> (TestApp, MockServer) {
    let midtrans = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/snap/v1/transactions"))
        .and(body_partial_json(json!({
            "transaction_details": { "gross_amount": PRICE },
            "item_details": [{ "id": SLUG, "price": PRICE, "quantity": 1 }],
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "token": "tok-sub",
            "redirect_url": "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-sub",
        })))
        .mount(&midtrans)
        .await;
    let app = spawn_with(&[
        ("MIDTRANS_SERVER_KEY", "SB-Mid-server-uji"),
        ("MIDTRANS_CLIENT_KEY", "SB-Mid-client-uji"),
        ("MIDTRANS_SNAP_URL", &format!("{}/snap", midtrans.uri())),
        ("MIDTRANS_API_URL", &midtrans.uri()),
    ])
    .await;
    (app, midtrans)
}

fn buy(cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut req = Request::post(format!("/saas/{SLUG}/buy"))
        .header("origin", common::SITE)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.body(Body::from(body.to_owned())).unwrap()
}

async fn orders_of(app: &TestApp, email: &str) -> Vec<order::Model> {
    order::Entity::find()
        .filter(order::Column::CustomerEmail.eq(email))
        .all(app.db.reader())
        .await
        .unwrap()
}

/// Records Midtrans' word that `o` is paid (the webhook's own tests cover
/// how that word is checked).
async fn paid(app: &TestApp, o: &order::Model) {
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(o.amount_idr),
        provider_ref: Some("tx-sub"),
        external_id: None,
        raw: "{}",
    };
    let site = Site {
        url: common::SITE.parse().unwrap(),
    };
    domain::orders::record_payment(&app.db, &site, &o.order_code, &report, Utc::now())
        .await
        .unwrap();
}

#[tokio::test]
async fn members_buy_and_renew_a_bundle_through_the_checkout() {
    let (app, _midtrans) = app_with_midtrans().await;
    // A guest sees the price per month and is sent to login, and back.
    let page = app.get(&format!("/saas/{SLUG}")).await;
    assert!(page.body.contains("per bulan"), "{}", page.body);
    assert!(page.body.contains("Masuk untuk membeli"));
    let res = app.send(buy(None, "method=midtrans")).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), format!("/login?next=/saas/{SLUG}"));

    let email = "langganan@example.id";
    let cookie = verified_member(&app, email).await;
    let page = get_with_cookie(&app, &format!("/saas/{SLUG}"), &cookie).await;
    assert!(
        page.body.contains(&format!("action=\"/saas/{SLUG}/buy\"")),
        "{}",
        page.body
    );
    // No provider scripts on the bundle page: the plain form is the path.
    assert!(!page.body.contains("checkout.js"));

    let res = app.send(buy(Some(&cookie), "method=midtrans")).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert!(res.header("location").ends_with("/tok-sub"));
    let first = orders_of(&app, email).await;
    assert_eq!(first.len(), 1);
    assert_eq!(
        (first[0].item_kind, first[0].amount_idr),
        (OrderItemKind::Saas, PRICE)
    );
    paid(&app, &first[0]).await;

    // The dashboard shows it with "Perpanjang", a plain form to the same
    // checkout; renewing makes a second order.
    let dash = get_with_cookie(&app, "/dashboard/subscriptions", &cookie).await;
    assert_eq!(dash.status, 200);
    assert!(dash.body.contains("Aktif"), "{}", dash.body);
    assert!(
        dash.body.contains(&format!("data-renew=\"{SLUG}\"")),
        "{}",
        dash.body
    );
    assert!(dash.body.contains("Perpanjang"));
    let res = app
        .send(buy(Some(&cookie), "method=midtrans&from=dashboard"))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let orders = orders_of(&app, email).await;
    assert_eq!(orders.len(), 2, "the renewal is a new order");
    assert!(orders
        .iter()
        .any(|o| o.status == OrderStatus::Pending && o.item_slug == SLUG));

    // One past its expiry that the daily check has not marked yet reads
    // as ended already.
    let user_id = orders[0].user_id;
    let month_ago = Utc::now() - chrono::Duration::days(31);
    domain::testing::subscription(&app.db, user_id, ("lama", "Paket Lama"), month_ago).await;
    let dash = get_with_cookie(&app, "/dashboard/subscriptions", &cookie).await;
    let old = dash
        .body
        .split("data-subscription=\"lama\"")
        .nth(1)
        .unwrap();
    let old = old.split("</li>").next().unwrap();
    assert!(old.contains("Berakhir"), "{old}");

    // A refused renewal goes back to the dashboard with the reason.
    let res = app
        .send(buy(Some(&cookie), "method=bitcoin&from=dashboard"))
        .await;
    assert_eq!(res.status, 303);
    assert!(res
        .header("location")
        .starts_with("/dashboard/subscriptions?gagal="));
    // An unknown bundle is not found.
    let res = app
        .send(
            Request::post("/saas/tidak-ada/buy")
                .header("origin", common::SITE)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", &cookie)
                .body(Body::from("method=midtrans"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 404);
}

async fn audits(app: &TestApp, action: &str) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .count(app.db.reader())
        .await
        .unwrap()
}

async fn subscribed(app: &TestApp, email: &str) -> (String, subscription::Model) {
    let cookie = verified_member(app, email).await;
    let user_id = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .id;
    domain::testing::subscription(&app.db, user_id, (SLUG, "Tiranyx Commerce"), Utc::now()).await;
    let sub = subscription::Entity::find()
        .filter(subscription::Column::UserId.eq(user_id))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    (cookie, sub)
}

#[tokio::test]
async fn only_admins_reach_subscriptions_and_their_changes_are_audited() {
    let app = spawn_with(&[]).await;
    let (member_cookie, sub) = subscribed(&app, "m@example.id").await;
    assert_eq!(sub.id, 1, "the endpoints above name subscription 1");
    for (f, body) in ENDPOINTS {
        for cookie in [None, Some(member_cookie.as_str()), Some("trx_admin=x.1.00")] {
            let res = app.send(server_fn_call(f, cookie, body)).await;
            assert_eq!(res.status, 401, "{f} {cookie:?}: {}", res.body);
            let err: Value = serde_json::from_str(&res.body).unwrap();
            assert_eq!(err["error"], "unauthorized", "{f}");
        }
    }
    for path in [
        "/admin/subscriptions",
        "/admin/subscriptions/1",
        "/admin/subscriptions?status=active",
    ] {
        let res = get_with_cookie(&app, path, &member_cookie).await;
        assert_eq!(res.status, 303, "{path}");
        assert_eq!(res.header("location"), "/admin/login");
    }
    assert_eq!(audits(&app, "subscription.extend").await, 0);
    assert_eq!(audits(&app, "subscription.cancel").await, 0);

    let admin = admin_session(&app, "admin@tiranyx.test").await;
    // The pages render on the server, filters from the query string.
    let list = get_with_cookie(&app, "/admin/subscriptions?q=m%40example", &admin).await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains("data-subscription=\"1\""),
        "{}",
        list.body
    );
    let none = get_with_cookie(&app, "/admin/subscriptions?status=cancelled", &admin).await;
    assert!(none.body.contains("Tidak ada langganan yang cocok."));
    let bad = get_with_cookie(&app, "/admin/subscriptions?status=lunas", &admin).await;
    assert!(
        bad.body.contains("Status langganan tidak dikenal."),
        "{}",
        bad.body
    );
    let detail = get_with_cookie(&app, "/admin/subscriptions/1", &admin).await;
    assert!(detail.body.contains("Perpanjang"), "{}", detail.body);
    let nav = get_with_cookie(&app, "/admin", &admin).await;
    assert!(nav.body.contains("href=\"/admin/subscriptions\""));

    // Bad input is refused with the field named, and nothing is audited.
    let call =
        |path: &'static str, body: &'static str| app.send(server_fn_call(path, Some(&admin), body));
    let res = call(
        "/api/admin/subscriptions/extend",
        "id=1&days=0&reason=kompensasi",
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
    let err: Value = serde_json::from_str(&res.body).unwrap();
    assert!(err["fields"]["days"].is_string(), "{err}");
    let res = call("/api/admin/subscriptions/extend", "id=1&days=5&reason=").await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(audits(&app, "subscription.extend").await, 0);

    let res = call(
        "/api/admin/subscriptions/extend",
        "id=1&days=10&reason=kompensasi",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let after = subscription::Entity::find_by_id(1)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        after.expires_at,
        sub.expires_at + chrono::Duration::days(10)
    );
    assert_eq!(audits(&app, "subscription.extend").await, 1);

    let res = call("/api/admin/subscriptions/cancel", "id=1&reason=permintaan").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(v["row"]["status"], "cancelled");
    assert_eq!(audits(&app, "subscription.cancel").await, 1);
    let again = call("/api/admin/subscriptions/cancel", "id=1&reason=permintaan").await;
    assert_eq!(again.status, 422, "{}", again.body);
    assert_eq!(audits(&app, "subscription.cancel").await, 1);
    let cancelled = subscription::Entity::find_by_id(1)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cancelled.status, SubscriptionStatus::Cancelled);
}

#[tokio::test]
async fn a_yearly_licence_is_renewed_from_the_dashboard_through_its_product_checkout() {
    const LICENCE: &str = "rapor-seo-lisensi-tahunan";
    let (app, midtrans) = app_with_midtrans().await;
    Mock::given(method("POST"))
        .and(path("/snap/v1/transactions"))
        .and(body_partial_json(json!({
            "transaction_details": { "gross_amount": 349_000 },
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "token": "tok-lisensi",
            "redirect_url": "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-lisensi",
        })))
        .mount(&midtrans)
        .await;
    let page = app.get(&format!("/products/{LICENCE}")).await;
    assert!(page.body.contains("per tahun"), "{}", page.body);
    assert!(page.body.contains("Lisensi berlangganan"));

    let email = "rapor@example.id";
    let cookie = verified_member(&app, email).await;
    let post = |body: &str| {
        Request::post(format!("/products/{LICENCE}/buy"))
            .header("origin", common::SITE)
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &cookie)
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let res = app.send(post("method=midtrans")).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert!(res.header("location").ends_with("/tok-lisensi"));
    let first = orders_of(&app, email).await;
    paid(&app, &first[0]).await;

    let dash = get_with_cookie(&app, "/dashboard/subscriptions", &cookie).await;
    assert!(
        dash.body
            .contains(&format!("action=\"/products/{LICENCE}/buy\"")),
        "{}",
        dash.body
    );
    assert!(dash.body.contains("per tahun"));
    // A refused renewal comes back to the dashboard; a good one orders.
    let res = app.send(post("method=bitcoin&from=dashboard")).await;
    assert!(res
        .header("location")
        .starts_with("/dashboard/subscriptions?gagal="));
    let res = app.send(post("method=midtrans&from=dashboard")).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(orders_of(&app, email).await.len(), 2);
}
