//! `POST /api/orders/create` and `GET /api/orders/{id}` through the real
//! router: members only, the price from the database, one pending order per
//! double click, owners only.
mod common;

use axum::{body::Body, http::Request};
use common::{spawn, verified_member as member, TestApp, SITE};
use domain::entities::{order, order_event, product};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn post(cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut req = Request::post("/api/orders/create")
        .header("origin", SITE)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/json")
        .header("accept", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.body(Body::from(body.to_owned())).unwrap()
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::get(path).header("accept", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.body(Body::empty()).unwrap()
}

async fn orders(app: &TestApp) -> u64 {
    order::Entity::find().count(app.db.reader()).await.unwrap()
}

/// An active product with a USD price and one without (made so).
async fn products(app: &TestApp) -> (product::Model, product::Model) {
    let all = product::Entity::find()
        .filter(product::Column::Active.eq(true))
        .all(app.db.reader())
        .await
        .unwrap();
    assert!(all.len() >= 2, "demo products");
    let (with_usd, idr_only) = (all[0].clone(), all[1].clone());
    product::Entity::update_many()
        .col_expr(
            product::Column::PriceUsdCents,
            sea_orm::sea_query::Expr::value(Some(1_900i64)),
        )
        .filter(product::Column::Id.eq(with_usd.id))
        .exec(app.db.writer())
        .await
        .unwrap();
    product::Entity::update_many()
        .col_expr(
            product::Column::PriceUsdCents,
            sea_orm::sea_query::Expr::value(Option::<i64>::None),
        )
        .filter(product::Column::Id.eq(idr_only.id))
        .exec(app.db.writer())
        .await
        .unwrap();
    (with_usd, idr_only)
}

#[tokio::test]
async fn a_member_orders_a_product_at_the_database_price() {
    let app = spawn().await;
    let (with_usd, idr_only) = products(&app).await;
    let body = |slug: &str, method: &str| format!(r#"{{"product":"{slug}","method":"{method}"}}"#);

    // Guests are refused and nothing is written.
    let res = app
        .send(post(None, &body(&with_usd.slug, "midtrans")))
        .await;
    assert_eq!(res.status, 401, "{}", res.body);
    assert!(res.body.contains(r#""error":"unauthorized""#));
    assert_eq!(orders(&app).await, 0);

    let cookie = member(&app, "beli@example.id").await;
    let res = app
        .send(post(Some(&cookie), &body(&with_usd.slug, "midtrans")))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let created: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(created["amount_idr"], with_usd.price_idr);
    assert_eq!(created["amount_usd_cents"], serde_json::Value::Null);
    assert_eq!(created["status"], "pending");
    assert!(created["order_code"].as_str().unwrap().starts_with("TRX-"));
    assert!(created["expires_at"].is_string());
    let id = created["id"].as_i64().unwrap();

    // A double click gives the same order, not a second one.
    let again = app
        .send(post(Some(&cookie), &body(&with_usd.slug, "midtrans")))
        .await;
    let again: serde_json::Value = serde_json::from_str(&again.body).unwrap();
    assert_eq!(again["id"], id);
    assert_eq!(orders(&app).await, 1);
    assert_eq!(
        order_event::Entity::find()
            .filter(order_event::Column::OrderId.eq(id as i32))
            .count(app.db.reader())
            .await
            .unwrap(),
        1,
        "the creation is in the order's timeline"
    );

    // PayPal charges the USD price, and only where there is one.
    let res = app
        .send(post(Some(&cookie), &body(&with_usd.slug, "paypal")))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let paypal: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(paypal["amount_usd_cents"], 1_900);
    assert_eq!(paypal["payment_provider"], "paypal");
    let res = app
        .send(post(Some(&cookie), &body(&idr_only.slug, "paypal")))
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains(r#""method""#), "{}", res.body);

    // Bad input: a clear error and nothing written.
    let before = orders(&app).await;
    for (input, status) in [
        (body("tidak-ada", "midtrans"), 404),
        (body(&with_usd.slug, "bitcoin"), 422),
        // The price is never taken from the request.
        (
            format!(
                r#"{{"product":"{}","method":"midtrans","amount_idr":1}}"#,
                with_usd.slug
            ),
            400,
        ),
        ("{not json".to_owned(), 400),
    ] {
        let res = app.send(post(Some(&cookie), &input)).await;
        assert_eq!(res.status, status, "{input}: {}", res.body);
        assert!(
            res.body.starts_with(r#"{"error":"#),
            "{input}: {}",
            res.body
        );
    }
    assert_eq!(orders(&app).await, before);

    // Only the owner sees an order; anyone else gets a plain 404.
    let path = format!("/api/orders/{id}");
    let res = app.send(get(&path, Some(&cookie))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains(&with_usd.name));
    let stranger = member(&app, "lain@example.id").await;
    assert_eq!(app.send(get(&path, Some(&stranger))).await.status, 404);
    assert_eq!(app.send(get(&path, None)).await.status, 401);
    assert_eq!(
        app.send(get("/api/orders/abc", Some(&cookie))).await.status,
        404
    );
}
