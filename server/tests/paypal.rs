//! PayPal Orders v2 through the real router against a wiremock PayPal that
//! follows the documented shapes: a cached OAuth2 token, create and capture
//! carrying a `PayPal-Request-Id` derived from our order (a retried capture
//! never charges twice), webhooks verified by PayPal and applied once per
//! event id, USD amounts checked.
mod common;

use axum::{body::Body, http::Request};
use common::{spawn_with, verified_member, TestApp};
use domain::entities::order::{self, OrderStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};
use wiremock::{
    matchers::{body_partial_json, header, header_exists, method, path},
    Mock, MockServer, ResponseTemplate,
};

/// Rp 249.000 or US$15.90.
const SLUG: &str = "rangka-ui-kit-dashboard";

async fn app_with_paypal() -> (TestApp, MockServer) {
    let paypal = MockServer::start().await;
    let app = spawn_with(&[
        ("PAYPAL_CLIENT_ID", "client-uji"),
        ("PAYPAL_CLIENT_SECRET", "rahasia-uji"),
        ("PAYPAL_API_URL", &paypal.uri()),
        ("PAYPAL_WEBHOOK_ID", "WH-ID-UJI"),
    ])
    .await;
    // One token for every call: `expect(1)` proves it is cached.
    Mock::given(method("POST"))
        .and(path("/v1/oauth2/token"))
        .and(header(
            "authorization",
            "Basic Y2xpZW50LXVqaTpyYWhhc2lhLXVqaQ==",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "A21-uji", "token_type": "Bearer", "expires_in": 32400,
        })))
        .expect(1)
        .mount(&paypal)
        .await;
    (app, paypal)
}

fn post_json(path: &str, cookie: &str, body: Value) -> Request<Body> {
    Request::post(path)
        .header("origin", common::SITE)
        .header("content-type", "application/json")
        .header("cookie", cookie)
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn webhook(event: &Value, sig: &str) -> Request<Body> {
    Request::post("/api/payment/paypal/webhook")
        .header("content-type", "application/json")
        .header("paypal-auth-algo", "SHA256withRSA")
        .header(
            "paypal-cert-url",
            "https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT",
        )
        .header("paypal-transmission-id", "tx-1")
        .header("paypal-transmission-sig", sig)
        .header("paypal-transmission-time", "2026-11-30T10:00:00Z")
        .body(Body::from(event.to_string()))
        .unwrap()
}

async fn the_order(app: &TestApp, email: &str) -> order::Model {
    order::Entity::find()
        .filter(order::Column::CustomerEmail.eq(email))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn paypal_create_capture_and_webhooks() {
    let (app, paypal) = app_with_paypal().await;
    let cookie = verified_member(&app, "dunia@example.id").await;
    let res = app
        .send(post_json(
            "/api/orders/create",
            &cookie,
            json!({ "product": SLUG, "method": "paypal" }),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let o = the_order(&app, "dunia@example.id").await;
    assert_eq!(o.amount_usd_cents, Some(1590));

    Mock::given(method("POST"))
        .and(path("/v2/checkout/orders"))
        .and(header("authorization", "Bearer A21-uji"))
        .and(header("paypal-request-id", format!("{}-create", o.order_code).as_str()))
        .and(body_partial_json(json!({
            "intent": "CAPTURE",
            "purchase_units": [{ "custom_id": o.order_code, "amount": { "currency_code": "USD", "value": "15.90" } }],
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "5O190127TN364715T",
            "status": "PAYER_ACTION_REQUIRED",
            "links": [
                { "href": "https://api-m.sandbox.paypal.com/v2/checkout/orders/5O190127TN364715T", "rel": "self", "method": "GET" },
                { "href": "https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T", "rel": "payer-action", "method": "GET" },
            ],
        })))
        .expect(1)
        .mount(&paypal)
        .await;
    let body = json!({ "order_id": o.id });
    let res = app
        .send(post_json(
            "/api/payment/paypal/create-order",
            &cookie,
            body.clone(),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let created: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(created["id"], "5O190127TN364715T");
    // Asked again: the same PayPal order, no second create.
    let again = app
        .send(post_json(
            "/api/payment/paypal/create-order",
            &cookie,
            body.clone(),
        ))
        .await;
    assert_eq!(again.body, res.body);

    // Capture, twice (a retry): the same request id both times.
    Mock::given(method("POST"))
        .and(path("/v2/checkout/orders/5O190127TN364715T/capture"))
        .and(header(
            "paypal-request-id",
            format!("{}-capture", o.order_code).as_str(),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "5O190127TN364715T",
            "status": "COMPLETED",
            "purchase_units": [{ "payments": { "captures": [{
                "id": "3C679366HH908993F", "status": "COMPLETED",
                "amount": { "currency_code": "USD", "value": "15.90" },
            }]}}],
        })))
        .expect(2)
        .mount(&paypal)
        .await;
    for expected in ["moved", "duplicate"] {
        let res = app
            .send(post_json(
                "/api/payment/paypal/capture",
                &cookie,
                body.clone(),
            ))
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert!(res.body.contains(expected), "{}", res.body);
    }
    let paid = the_order(&app, "dunia@example.id").await;
    assert_eq!(paid.status, OrderStatus::Paid);
    assert_eq!(paid.provider_ref.as_deref(), Some("3C679366HH908993F"));

    // Webhooks: PayPal says whether the signature holds.
    Mock::given(method("POST"))
        .and(path("/v1/notifications/verify-webhook-signature"))
        .and(body_partial_json(
            json!({ "webhook_id": "WH-ID-UJI", "transmission_sig": "sah" }),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "verification_status": "SUCCESS" })),
        )
        .mount(&paypal)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/notifications/verify-webhook-signature"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "verification_status": "FAILURE" })),
        )
        .mount(&paypal)
        .await;
    let refund = json!({
        "id": "WH-REFUND-1",
        "event_type": "PAYMENT.CAPTURE.REFUNDED",
        "resource": {
            "id": "1Y107995YT783435V",
            "status": "COMPLETED",
            "amount": { "currency_code": "USD", "value": "15.90" },
            "links": [
                { "href": "https://api-m.paypal.com/v2/payments/refunds/1Y107995YT783435V", "rel": "self" },
                { "href": "https://api-m.paypal.com/v2/payments/captures/3C679366HH908993F", "rel": "up" },
            ],
        },
    });
    // A forged event: 401, nothing changes.
    let res = app.send(webhook(&refund, "palsu")).await;
    assert_eq!(res.status, 401, "{}", res.body);
    assert_eq!(
        the_order(&app, "dunia@example.id").await.status,
        OrderStatus::Paid
    );
    // The real one refunds (found through its capture); replayed: nothing more.
    let res = app.send(webhook(&refund, "sah")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        the_order(&app, "dunia@example.id").await.status,
        OrderStatus::Refunded
    );
    let res = app.send(webhook(&refund, "sah")).await;
    assert!(res.body.contains("replayed"), "{}", res.body);
    // An event type the site does not use: 200, ignored.
    let other = json!({ "id": "WH-X", "event_type": "CHECKOUT.ORDER.APPROVED", "resource": {} });
    assert!(app
        .send(webhook(&other, "sah"))
        .await
        .body
        .contains("not_used"));
}

#[tokio::test]
async fn a_completed_capture_webhook_with_the_wrong_amount_pays_nothing() {
    let (app, paypal) = app_with_paypal().await;
    let cookie = verified_member(&app, "hemat@example.id").await;
    app.send(post_json(
        "/api/orders/create",
        &cookie,
        json!({ "product": SLUG, "method": "paypal" }),
    ))
    .await;
    let o = the_order(&app, "hemat@example.id").await;
    Mock::given(method("POST"))
        .and(path("/v1/notifications/verify-webhook-signature"))
        .and(header_exists("authorization"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "verification_status": "SUCCESS" })),
        )
        .mount(&paypal)
        .await;
    let event = |id: &str, currency: &str, value: &str| {
        json!({
            "id": id,
            "event_type": "PAYMENT.CAPTURE.COMPLETED",
            "resource": {
                "id": "CAP-1", "status": "COMPLETED", "custom_id": o.order_code,
                "amount": { "currency_code": currency, "value": value },
            },
        })
    };
    for (id, currency, value) in [("WH-1", "USD", "1.00"), ("WH-2", "EUR", "15.90")] {
        let res = app.send(webhook(&event(id, currency, value), "sah")).await;
        assert_eq!(res.status, 422, "{}", res.body);
        assert!(res.body.contains("amount_mismatch"));
    }
    assert_eq!(
        the_order(&app, "hemat@example.id").await.status,
        OrderStatus::Pending
    );
    let res = app
        .send(webhook(&event("WH-3", "USD", "15.90"), "sah"))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        the_order(&app, "hemat@example.id").await.status,
        OrderStatus::Paid
    );
    // An unknown order: 404.
    let mut unknown = event("WH-4", "USD", "15.90");
    unknown["resource"]["custom_id"] = json!("TRX-0-NOPE00");
    assert_eq!(app.send(webhook(&unknown, "sah")).await.status, 404);
}

/// PayPal verifies the bytes it sent: the event reaches the verification
/// call exactly as received, keys in PayPal's order and spacing kept.
#[tokio::test]
async fn the_webhook_event_is_verified_byte_for_byte() {
    let (app, paypal) = app_with_paypal().await;
    let raw =
        r#"{"id":"WH-RAW-1", "event_type":"CHECKOUT.ORDER.APPROVED","resource":{"z":1,"a":2}}"#;
    Mock::given(method("POST"))
        .and(path("/v1/notifications/verify-webhook-signature"))
        .and(wiremock::matchers::body_string_contains(format!(
            "\"webhook_event\":{raw}}}"
        )))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "verification_status": "SUCCESS" })),
        )
        .expect(1)
        .mount(&paypal)
        .await;
    let req = Request::post("/api/payment/paypal/webhook")
        .header("content-type", "application/json")
        .header("paypal-transmission-id", "tx-raw")
        .header("paypal-transmission-sig", "sig")
        .body(Body::from(raw))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("not_used"));
}

/// PayPal may revoke a bearer token before its `expires_in`: the 401 drops
/// the cached token, a new one is fetched and the call sent once more (with
/// the same request id, so it is the same call).
#[tokio::test]
async fn a_revoked_token_is_replaced_and_the_call_sent_again() {
    let paypal = MockServer::start().await;
    let app = spawn_with(&[
        ("PAYPAL_CLIENT_ID", "client-uji"),
        ("PAYPAL_CLIENT_SECRET", "rahasia-uji"),
        ("PAYPAL_API_URL", &paypal.uri()),
        ("PAYPAL_WEBHOOK_ID", "WH-ID-UJI"),
    ])
    .await;
    for token in ["A21-lama", "A21-baru"] {
        Mock::given(method("POST"))
            .and(path("/v1/oauth2/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": token, "token_type": "Bearer", "expires_in": 32400,
            })))
            .up_to_n_times(1)
            .expect(1)
            .mount(&paypal)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/v2/checkout/orders"))
        .and(header("authorization", "Bearer A21-lama"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": "invalid_token", "error_description": "Token signature verification failed",
        })))
        .expect(1)
        .mount(&paypal)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/checkout/orders"))
        .and(header("authorization", "Bearer A21-baru"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "7XY12345AB678901C",
            "status": "PAYER_ACTION_REQUIRED",
            "links": [
                { "href": "https://www.sandbox.paypal.com/checkoutnow?token=7XY12345AB678901C", "rel": "payer-action", "method": "GET" },
            ],
        })))
        .expect(1)
        .mount(&paypal)
        .await;
    let cookie = verified_member(&app, "token@example.id").await;
    let res = app
        .send(post_json(
            "/api/orders/create",
            &cookie,
            json!({ "product": SLUG, "method": "paypal" }),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let o = the_order(&app, "token@example.id").await;
    let res = app
        .send(post_json(
            "/api/payment/paypal/create-order",
            &cookie,
            json!({ "order_id": o.id }),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let created: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(created["id"], "7XY12345AB678901C");
}

/// With JavaScript, PayPal's own button pays in dollars: the product page
/// loads PayPal's JS SDK with the public client id (never the secret), and
/// that page alone allows PayPal's hosts. Guests get neither.
#[tokio::test]
async fn the_product_page_loads_paypals_sdk_for_members_only() {
    let app = spawn_with(&[
        ("PAYPAL_CLIENT_ID", "client-uji"),
        ("PAYPAL_CLIENT_SECRET", "rahasia-uji"),
        ("PAYPAL_API_URL", "http://127.0.0.1:9"),
    ])
    .await;
    let page = format!("/products/{SLUG}");
    let guest = app.get(&page).await;
    assert!(!guest.body.contains("sdk/js"), "guest page loads no SDK");
    assert!(!guest.header("content-security-policy").contains("paypal"));

    let cookie = verified_member(&app, "tombol@example.id").await;
    let res = common::get_with_cookie(&app, &page, &cookie).await;
    assert_eq!(res.status, 200);
    assert!(
        res.body.contains(
            "https://www.paypal.com/sdk/js?client-id=client-uji&amp;currency=USD&amp;intent=capture"
        ),
        "the SDK with the client id"
    );
    assert!(!res.body.contains("rahasia-uji"), "no secret in the page");
    assert!(res.body.contains("data-paypal-buttons"));
    let csp = res.header("content-security-policy");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-")
            && csp.contains("https://www.paypal.com https://*.paypal.com"),
        "{csp}"
    );
    // Another page keeps the strict policy.
    let home = common::get_with_cookie(&app, "/", &cookie).await;
    assert!(!home.header("content-security-policy").contains("paypal"));
}
