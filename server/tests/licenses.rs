//! The licence API through the real router: Lemon Squeezy's shapes for
//! activate, validate and deactivate (JSON and form-encoded), the stable
//! error codes, no cross-site refusal, the per-key and per-client limits;
//! and the dashboard, where a member frees only their own activations.
mod common;

use axum::{body::Body, http::Request};
use common::{spawn, verified_member, TestApp, TestResponse};
use domain::{
    entities::{
        order::{OrderItemKind, OrderStatus},
        user, DeliveryType,
    },
    licenses::LicenseKey,
    testing,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::{json, Value};

/// A demo product whose licence allows two activations.
const PRODUCT: (&str, &str) = ("faktur-kilat-aplikasi-invoice", "Faktur Kilat");

/// A verified member who bought the licence product: their cookie, the
/// order id and the key.
async fn licensee(app: &TestApp, email: &str, code: &str) -> (String, i32, LicenseKey) {
    let cookie = verified_member(app, email).await;
    let user_id = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .id;
    let now = chrono::Utc::now();
    let item = (OrderItemKind::Product, PRODUCT.0, PRODUCT.1, 199_000);
    let order = testing::order(&app.db, user_id, code, item, OrderStatus::Paid, now).await;
    testing::purchase(
        &app.db,
        user_id,
        order,
        PRODUCT,
        DeliveryType::LicenseKey,
        None,
        now,
    )
    .await;
    let key = testing::license_for_order(&app.db, order, now).await;
    (cookie, order, key)
}

/// A call as outside software makes it: JSON, no cookie, no browser
/// headers.
fn api(call: &str, body: Value) -> Request<Body> {
    Request::post(format!("/api/licenses/{call}"))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn json_of(res: &TestResponse) -> Value {
    serde_json::from_str(&res.body).unwrap_or_else(|_| panic!("not JSON: {}", res.body))
}

#[tokio::test]
async fn activate_validate_and_deactivate_answer_in_lemon_squeezy_shape() {
    let app = spawn().await;
    let (_, _, key) = licensee(&app, "api@example.id", "TRX-API-1").await;
    let written = key.to_string();

    // Typed in lower case without dashes: the same key.
    let typed: String = written.to_lowercase().replace('-', "");
    let res = app
        .send(api(
            "activate",
            json!({"license_key": typed, "instance_name": "Laptop Kantor"}),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v = json_of(&res);
    assert_eq!(v["activated"], true);
    assert_eq!(v["error"], Value::Null);
    let lk = &v["license_key"];
    assert_eq!(lk["status"], "active");
    assert_eq!(lk["key"], written);
    assert_eq!(lk["activation_limit"], 2);
    assert_eq!(lk["activation_usage"], 1);
    assert_eq!(lk["expires_at"], Value::Null);
    assert!(lk["id"].is_i64() && lk["created_at"].is_string());
    let instance = v["instance"]["id"].as_str().unwrap().to_owned();
    assert_eq!(v["instance"]["name"], "Laptop Kantor");
    assert!(v["instance"]["created_at"].is_string());
    assert_eq!(v["meta"]["product_slug"], PRODUCT.0);

    // Form-encoded, as Lemon Squeezy's clients send it; and from a web page
    // of another site: no cross-site refusal here.
    let form = Request::post("/api/licenses/validate")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://aplikasi-pelanggan.example")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(format!(
            "license_key={written}&instance_id={instance}"
        )))
        .unwrap();
    let res = app.send(form).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v = json_of(&res);
    assert_eq!(
        (&v["valid"], &v["error"], &v["instance"]["id"]),
        (&json!(true), &Value::Null, &json!(instance))
    );

    // The second seat, then none left.
    let second = app
        .send(api(
            "activate",
            json!({"license_key": written, "instance_name": "PC Rumah"}),
        ))
        .await;
    assert_eq!(second.status, 200, "{}", second.body);
    let full = app
        .send(api(
            "activate",
            json!({"license_key": written, "instance_name": "Laptop Ketiga"}),
        ))
        .await;
    assert_eq!(full.status, 409, "{}", full.body);
    let v = json_of(&full);
    assert_eq!(v["error"], "activation_limit_reached");
    assert!(v["message"].as_str().unwrap().contains("Batas aktivasi"));

    let res = app
        .send(api(
            "deactivate",
            json!({"license_key": written, "instance_id": instance}),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v = json_of(&res);
    assert_eq!(v["deactivated"], true);
    assert_eq!(v["license_key"]["activation_usage"], 1);
    let again = app
        .send(api(
            "deactivate",
            json!({"license_key": written, "instance_id": instance}),
        ))
        .await;
    assert_eq!(again.status, 404);
    assert_eq!(json_of(&again)["error"], "instance_not_found");
}

#[tokio::test]
async fn unknown_malformed_missing_and_disabled_keys_have_stable_codes() {
    let app = spawn().await;
    let (_, order, key) = licensee(&app, "kode@example.id", "TRX-KODE-1").await;
    let unknown = LicenseKey::generate().to_string();
    for k in [unknown.as_str(), "TRX-BUKAN-KUNCI"] {
        let res = app.send(api("validate", json!({"license_key": k}))).await;
        assert_eq!(res.status, 404, "{k}: {}", res.body);
        assert_eq!(json_of(&res)["error"], "license_not_found");
    }
    let res = app
        .send(api("activate", json!({"instance_name": "Laptop"})))
        .await;
    assert_eq!(res.status, 422);
    let v = json_of(&res);
    assert_eq!(v["error"], "invalid_input");
    assert!(v["fields"]["license_key"].is_string());
    let res = app
        .send(api("deactivate", json!({"license_key": key.to_string()})))
        .await;
    assert_eq!(
        (
            res.status.as_u16(),
            json_of(&res)["fields"]["instance_id"].is_string()
        ),
        (422, true)
    );
    let res = app
        .send(
            Request::post("/api/licenses/validate")
                .header("content-type", "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(
        (res.status.as_u16(), json_of(&res)["error"].clone()),
        (400, json!("bad_request"))
    );

    // Refunded: disabled. Activation is refused, validation says why.
    let txn = app.db.writer().begin().await.unwrap();
    domain::licenses::disable_for_order(&txn, order, chrono::Utc::now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let res = app
        .send(api(
            "activate",
            json!({"license_key": key.to_string(), "instance_name": "Laptop"}),
        ))
        .await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(json_of(&res)["error"], "license_disabled");
    let res = app
        .send(api("validate", json!({"license_key": key.to_string()})))
        .await;
    assert_eq!(res.status, 200);
    let v = json_of(&res);
    assert_eq!(
        (&v["valid"], &v["error"], &v["license_key"]["status"]),
        (
            &json!(false),
            &json!("license_disabled"),
            &json!("disabled")
        )
    );
}

#[tokio::test]
async fn the_api_is_limited_per_key_and_per_client() {
    let app = spawn().await;
    let (_, _, key) = licensee(&app, "batas@example.id", "TRX-BATAS-1").await;
    // One key, ten calls a minute, wherever they come from.
    for i in 0..10 {
        let res = app
            .send_from(
                &common::fresh_ip(),
                api("validate", json!({"license_key": key.to_string()})),
            )
            .await;
        assert_eq!(res.status, 200, "call {i}: {}", res.body);
    }
    let res = app
        .send_from(
            &common::fresh_ip(),
            api("validate", json!({"license_key": key.to_string()})),
        )
        .await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(json_of(&res)["error"], "rate_limited");
    assert!(res.header("retry-after").parse::<u64>().unwrap() >= 1);

    // One client, sixty calls a minute, whatever keys it tries.
    let ip = common::fresh_ip();
    for _ in 0..60 {
        let guess = LicenseKey::generate().to_string();
        let res = app
            .send_from(&ip, api("validate", json!({"license_key": guess})))
            .await;
        assert_eq!(res.status, 404);
    }
    let res = app
        .send_from(
            &ip,
            api(
                "validate",
                json!({"license_key": LicenseKey::generate().to_string()}),
            ),
        )
        .await;
    assert_eq!(res.status, 429);
    assert_eq!(json_of(&res)["error"], "rate_limited");
}

/// The dashboard release form as the member's browser posts it.
fn release(cookie: Option<&str>, instance_id: &str) -> Request<Body> {
    let mut req = common::form_post(
        "/dashboard/licenses/release",
        &format!("instance_id={instance_id}"),
    );
    if let Some(c) = cookie {
        req.headers_mut().insert("cookie", c.parse().unwrap());
    }
    req
}

#[tokio::test]
async fn members_see_their_licences_and_free_only_their_own_activations() {
    let app = spawn().await;
    let (owner, _, key) = licensee(&app, "pemilik@example.id", "TRX-MILIK-1").await;
    let (intruder, _, _) = licensee(&app, "penyusup@example.id", "TRX-LAIN-1").await;
    let res = app
        .send(api(
            "activate",
            json!({"license_key": key.to_string(), "instance_name": "Laptop Kerja"}),
        ))
        .await;
    let instance = json_of(&res)["instance"]["id"].as_str().unwrap().to_owned();

    let page = common::get_with_cookie(&app, "/dashboard/downloads", &owner).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("TRX-…-{}", key.suffix())));
    assert!(
        !page.body.contains(&key.to_string()),
        "the whole key is never shown"
    );
    assert!(page.body.contains("Laptop Kerja") && page.body.contains("1 dari 2 aktivasi"));
    let theirs = common::get_with_cookie(&app, "/dashboard/downloads", &intruder).await;
    assert!(!theirs.body.contains("Laptop Kerja"));

    // Another member, a guest, another site: the activation stays.
    let res = app.send(release(Some(&intruder), &instance)).await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.header("location"),
        "/dashboard/downloads?gagal=not_found"
    );
    let res = app.send(release(None, &instance)).await;
    assert!(res.header("location").starts_with("/login?next="));
    let mut cross = release(Some(&owner), &instance);
    cross
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    cross
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(app.send(cross).await.status, 403);
    let v = json_of(
        &app.send(api(
            "validate",
            json!({"license_key": key.to_string(), "instance_id": instance}),
        ))
        .await,
    );
    assert_eq!(v["license_key"]["activation_usage"], 1);

    // The owner frees it.
    let res = app.send(release(Some(&owner), &instance)).await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.header("location"),
        "/dashboard/downloads?dilepas=1#lisensi"
    );
    let page = common::get_with_cookie(&app, "/dashboard/downloads?dilepas=1", &owner).await;
    assert!(page.body.contains("Aktivasi dilepas"));
    assert!(!page.body.contains("Laptop Kerja"));
    assert!(page.body.contains("0 dari 2 aktivasi"));
}
