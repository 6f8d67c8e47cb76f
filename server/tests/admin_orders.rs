//! The admin's orders through the real router: the guard, the filters,
//! the pages rendered on the server (no JavaScript needed), and cancel /
//! refund / resend with their audit rows and refusals.
mod common;

use chrono::{Duration, Utc};
use common::{
    admin_session, get_with_cookie, server_fn_call, spawn_with, verified_member, TestApp,
};
use domain::{
    entities::{
        audit_entry,
        order::{self, OrderItemKind, OrderStatus},
        order_event, outbox_message, user,
    },
    testing,
};
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

/// Every orders server function, with well-formed arguments.
const ENDPOINTS: &[(&str, &str)] = &[
    ("/api/admin/orders", "status=&provider=&from=&to=&q=&page=1"),
    ("/api/admin/orders/get", "id=1"),
    ("/api/admin/orders/cancel", "id=1"),
    ("/api/admin/orders/refund", "id=1&reason=uang+kembali"),
    ("/api/admin/orders/resend", "id=1"),
    ("/api/admin/orders/reissue-downloads", "id=1"),
    (
        "/api/admin/orders/deliver-by-hand",
        "id=1&note=sudah+diserahkan",
    ),
];

const ITEM: testing::Item<'static> = (OrderItemKind::Product, "rangka", "Rangka UI Kit", 150_000);

async fn spawn() -> TestApp {
    spawn_with(&[("WA_NOTIF_NUMBER", "0812-3456-7890")]).await
}

async fn audit_count(app: &TestApp, action: &str) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .count(app.db.reader())
        .await
        .unwrap()
}

async fn all_audit(app: &TestApp) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.starts_with("order."))
        .count(app.db.reader())
        .await
        .unwrap()
}

async fn status_of(app: &TestApp, id: i32) -> OrderStatus {
    order::Entity::find_by_id(id)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .status
}

async fn events(app: &TestApp, id: i32) -> u64 {
    order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(id))
        .count(app.db.reader())
        .await
        .unwrap()
}

async fn outbox(app: &TestApp) -> u64 {
    outbox_message::Entity::find()
        .count(app.db.reader())
        .await
        .unwrap()
}

/// A member with a session; their id and cookie.
async fn buyer(app: &TestApp, email: &str) -> (i32, String) {
    let cookie = verified_member(app, email).await;
    let id = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .id;
    (id, cookie)
}

async fn call(app: &TestApp, cookie: &str, path: &str, body: &str, status: u16) -> Value {
    let res = app.send(server_fn_call(path, Some(cookie), body)).await;
    assert_eq!(res.status, status, "{path} {body}: {}", res.body);
    serde_json::from_str(&res.body).unwrap_or_else(|_| panic!("{path}: {}", res.body))
}

#[tokio::test]
async fn order_functions_and_pages_refuse_without_an_admin_session() {
    let app = spawn().await;
    let (user_id, member_cookie) = buyer(&app, "m@example.id").await;
    let id = testing::order(
        &app.db,
        user_id,
        "TRX-P",
        ITEM,
        OrderStatus::Pending,
        Utc::now(),
    )
    .await;
    assert_eq!(id, 1, "the endpoints above name order 1");
    for (f, body) in ENDPOINTS {
        for cookie in [None, Some(member_cookie.as_str()), Some("trx_admin=x.1.00")] {
            let res = app.send(server_fn_call(f, cookie, body)).await;
            assert_eq!(res.status, 401, "{f} {cookie:?}: {}", res.body);
            let err: Value = serde_json::from_str(&res.body).unwrap();
            assert_eq!(err["error"], "unauthorized", "{f}");
        }
    }
    assert_eq!(status_of(&app, id).await, OrderStatus::Pending);
    assert_eq!(all_audit(&app).await, 0);
    for path in [
        "/admin/orders",
        "/admin/orders/1",
        "/admin/orders?status=paid",
    ] {
        let res = get_with_cookie(&app, path, &member_cookie).await;
        assert_eq!(res.status, 303, "{path}");
        assert_eq!(res.header("location"), "/admin/login");
        let res = app.get(path).await;
        assert_eq!(res.status, 303, "{path}");
    }
}

#[tokio::test]
async fn filters_select_orders_and_pages_render_on_the_server() {
    let app = spawn().await;
    let admin = admin_session(&app, "o@tiranyx.test").await;
    let (user_id, _) = buyer(&app, "m@example.id").await;
    let now = Utc::now();
    let pending = testing::order(
        &app.db,
        user_id,
        "TRX-PENDING",
        ITEM,
        OrderStatus::Pending,
        now,
    )
    .await;
    let paid = testing::order(
        &app.db,
        user_id,
        "TRX-PAID",
        ITEM,
        OrderStatus::Paid,
        now - Duration::days(3),
    )
    .await;
    order::Entity::update_many()
        .col_expr(order::Column::CustomerEmail, Expr::value("Sari@Contoh.ID"))
        .col_expr(order::Column::InvoiceNumber, Expr::value("INV/2026/000007"))
        .filter(order::Column::Id.eq(paid))
        .exec(app.db.writer())
        .await
        .unwrap();

    let list = |q: &'static str| {
        let app = &app;
        let admin = &admin;
        async move { call(app, admin, "/api/admin/orders", q, 200).await }
    };
    let all = list("status=&provider=&from=&to=&q=&page=1").await;
    assert_eq!(all["total"], 2);
    assert_eq!(all["rows"][0]["code"], "TRX-PENDING", "newest first");
    assert_eq!(all["rows"][1]["amount"], "Rp 150.000");
    let p = list("status=pending&provider=&from=&to=&q=&page=1").await;
    assert_eq!(p["total"], 1);
    assert_eq!(p["rows"][0]["status_label"], "Menunggu pembayaran");
    let p = list("status=&provider=paypal&from=&to=&q=&page=1").await;
    assert_eq!(p["total"], 0);
    let p = list("status=&provider=&from=&to=&q=sari%40contoh&page=1").await;
    assert_eq!(p["rows"][0]["code"], "TRX-PAID");
    assert_eq!(p["total"], 1);
    let today = domain::jakarta::date(now).format("%Y-%m-%d").to_string();
    let body = format!("status=&provider=&from={today}&to={today}&q=&page=1");
    let p = call(&app, &admin, "/api/admin/orders", &body, 200).await;
    assert_eq!(p["total"], 1);
    assert_eq!(p["rows"][0]["id"], pending);

    // Bad filters: 422 with the field named.
    for (body, field) in [
        ("status=lunas&provider=&from=&to=&q=&page=1", "status"),
        ("status=&provider=ovo&from=&to=&q=&page=1", "provider"),
        ("status=&provider=&from=kemarin&to=&q=&page=1", "from"),
        (
            "status=&provider=&from=2026-11-05&to=2026-11-01&q=&page=1",
            "from",
        ),
        (
            "status=&provider=&from=2025-01-01&to=2026-06-01&q=&page=1",
            "to",
        ),
    ] {
        let err = call(&app, &admin, "/api/admin/orders", body, 422).await;
        assert_eq!(err["error"], "invalid_input", "{body}");
        assert!(err["fields"][field].is_string(), "{body}: {err}");
    }

    // The list page, server-rendered with the filters from the query.
    let page = get_with_cookie(&app, "/admin/orders?status=pending", &admin).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("TRX-PENDING"), "{}", page.body);
    assert!(!page.body.contains("TRX-PAID"));
    assert!(page
        .body
        .contains(r#"<form method="get" action="/admin/orders""#));
    assert!(page.body.contains(r#"href="/admin/orders""#), "nav link");
    assert!(page.body.contains(">Pesanan<"));
    let page = get_with_cookie(&app, "/admin/orders?status=lunas", &admin).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Status pesanan tidak dikenal."),
        "field error shown"
    );

    // A paid order: facts, invoice link, WhatsApp link, refund form.
    let page = get_with_cookie(&app, &format!("/admin/orders/{paid}"), &admin).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Pesanan TRX-PAID"));
    assert!(page.body.contains("INV/2026/000007"));
    assert!(page
        .body
        .contains(&format!(r#"href="/admin/orders/{paid}/invoice.pdf""#)));
    assert!(
        page.body
            .contains("https://wa.me/6281234567890?text=Pesanan%20TRX-PAID"),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"name="reason""#));
    assert!(page.body.contains(r#"action="/api/admin/orders/resend""#));
    assert!(!page.body.contains(r#"action="/api/admin/orders/cancel""#));

    // A pending order: no invoice link, a cancel button.
    let page = get_with_cookie(&app, &format!("/admin/orders/{pending}"), &admin).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("invoice.pdf"));
    assert!(page.body.contains(r#"action="/api/admin/orders/cancel""#));
    assert!(!page.body.contains(r#"name="reason""#));
}

#[tokio::test]
async fn cancel_refund_and_resend_change_what_they_should_and_are_audited() {
    let app = spawn().await;
    let admin = admin_session(&app, "o@tiranyx.test").await;
    let (user_id, _) = buyer(&app, "m@example.id").await;
    let now = Utc::now();
    let pending = testing::order(&app.db, user_id, "TRX-P", ITEM, OrderStatus::Pending, now).await;
    let other = testing::order(&app.db, user_id, "TRX-Q", ITEM, OrderStatus::Pending, now).await;
    let paid = testing::order(&app.db, user_id, "TRX-L", ITEM, OrderStatus::Paid, now).await;

    // Cancel a pending order.
    let o = call(
        &app,
        &admin,
        "/api/admin/orders/cancel",
        &format!("id={pending}"),
        200,
    )
    .await;
    assert_eq!(o["status"], "cancelled");
    assert_eq!(o["events"][0]["source"], "admin");
    assert_eq!(status_of(&app, pending).await, OrderStatus::Cancelled);
    assert_eq!(audit_count(&app, "order.cancel").await, 1);
    // Again, or a paid order: 409 order_closed, nothing changes.
    for id in [pending, paid] {
        let before = events(&app, id).await;
        let err = call(
            &app,
            &admin,
            "/api/admin/orders/cancel",
            &format!("id={id}"),
            409,
        )
        .await;
        assert_eq!(err["error"], "order_closed");
        assert_eq!(events(&app, id).await, before);
    }
    assert_eq!(status_of(&app, paid).await, OrderStatus::Paid);
    assert_eq!(audit_count(&app, "order.cancel").await, 1);

    // Refund: the reason is required, the order must be paid.
    for body in [
        format!("id={paid}&reason="),
        format!("id={paid}&reason=++"),
        format!("id={paid}&reason=ok"),
    ] {
        let err = call(&app, &admin, "/api/admin/orders/refund", &body, 422).await;
        assert_eq!(err["error"], "invalid_input", "{body}");
        assert!(err["fields"]["reason"].is_string(), "{body}: {err}");
    }
    let body = format!("id={other}&reason=Pembeli+minta+batal");
    let err = call(&app, &admin, "/api/admin/orders/refund", &body, 409).await;
    assert_eq!(err["error"], "order_not_paid");
    assert_eq!(status_of(&app, other).await, OrderStatus::Pending);
    assert_eq!(events(&app, other).await, 0);
    assert_eq!(status_of(&app, paid).await, OrderStatus::Paid);
    assert_eq!(audit_count(&app, "order.refund").await, 0);

    // Resend the e-mails of a paid order; a pending one is refused.
    let mails = outbox(&app).await;
    let err = call(
        &app,
        &admin,
        "/api/admin/orders/resend",
        &format!("id={other}"),
        409,
    )
    .await;
    assert_eq!(err["error"], "order_not_paid");
    assert_eq!(outbox(&app).await, mails);
    let o = call(
        &app,
        &admin,
        "/api/admin/orders/resend",
        &format!("id={paid}"),
        200,
    )
    .await;
    assert_eq!(o["status"], "paid");
    assert_eq!(outbox(&app).await, mails + 2);
    assert_eq!(audit_count(&app, "order.resend_emails").await, 1);

    let body = format!("id={paid}&reason=Produk+tidak+sesuai+deskripsi");
    let o = call(&app, &admin, "/api/admin/orders/refund", &body, 200).await;
    assert_eq!(o["status"], "refunded");
    assert_eq!(status_of(&app, paid).await, OrderStatus::Refunded);
    assert_eq!(audit_count(&app, "order.refund").await, 1);
    let refund_event = o["events"].as_array().unwrap().last().unwrap().clone();
    assert!(
        refund_event["detail"]
            .as_str()
            .unwrap()
            .contains("Produk tidak sesuai deskripsi"),
        "{refund_event}"
    );
    // Refunded: nothing more to refund, no receipt to resend.
    let err = call(&app, &admin, "/api/admin/orders/refund", &body, 409).await;
    assert_eq!(err["error"], "order_not_paid");
    let err = call(
        &app,
        &admin,
        "/api/admin/orders/resend",
        &format!("id={paid}"),
        409,
    )
    .await;
    assert_eq!(err["error"], "order_not_paid");
    call(&app, &admin, "/api/admin/orders/get", "id=99999", 404).await;
    assert_eq!(all_audit(&app).await, 3);
}

#[tokio::test]
async fn analytics_shows_paid_orders_and_revenue_per_day() {
    let app = spawn().await;
    let admin = admin_session(&app, "a@tiranyx.test").await;
    let (user_id, _) = buyer(&app, "m@example.id").await;
    let now = Utc::now();
    testing::order(&app.db, user_id, "TRX-1", ITEM, OrderStatus::Paid, now).await;
    testing::order(&app.db, user_id, "TRX-2", ITEM, OrderStatus::Paid, now).await;
    testing::order(&app.db, user_id, "TRX-3", ITEM, OrderStatus::Pending, now).await;
    let today = domain::jakarta::date(now).format("%Y-%m-%d").to_string();
    let a = call(
        &app,
        &admin,
        "/api/admin/analytics",
        &format!("from={today}&to={today}"),
        200,
    )
    .await;
    let sales = a["sales"].as_array().unwrap();
    let by_key = |k: &str| sales.iter().find(|s| s["key"] == k).unwrap().clone();
    assert_eq!(by_key("orders_idr")["total"], 2);
    assert_eq!(by_key("revenue_idr")["total_text"], "Rp 300.000");
    assert_eq!(by_key("orders_usd")["total"], 0);
    assert_eq!(a["sales_days"][0]["day"], today);
    assert_eq!(a["sales_days"][0]["orders_idr"], 2);
    let page = get_with_cookie(
        &app,
        &format!("/admin/analytics?from={today}&to={today}"),
        &admin,
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Rp 300.000"), "{}", page.body);
    assert!(page.body.contains(&format!(r#"data-sales-day="{today}""#)));
}

#[tokio::test]
async fn the_action_forms_work_without_javascript() {
    let app = spawn().await;
    let admin = admin_session(&app, "o@tiranyx.test").await;
    let (user_id, _) = buyer(&app, "m@example.id").await;
    let id = testing::order(
        &app.db,
        user_id,
        "TRX-P",
        ITEM,
        OrderStatus::Pending,
        Utc::now(),
    )
    .await;
    let page = format!("{}/admin/orders/{id}", common::SITE);
    // As a browser without JavaScript posts the cancel form.
    let mut req = common::form_post("/api/admin/orders/cancel", &format!("id={id}"));
    req.headers_mut().insert("cookie", admin.parse().unwrap());
    req.headers_mut()
        .insert("accept", "text/html,application/xhtml+xml".parse().unwrap());
    req.headers_mut().insert("referer", page.parse().unwrap());
    let res = app.send(req).await;
    assert!(res.status.is_redirection(), "{}: {}", res.status, res.body);
    // Back to the page (Leptos adds an empty query, or the error).
    assert!(
        res.header("location").starts_with(&page),
        "{}",
        res.header("location")
    );
    assert_eq!(status_of(&app, id).await, OrderStatus::Cancelled);
    assert_eq!(audit_count(&app, "order.cancel").await, 1);
}

/// A manual delivery: the admin's form appears on the order, the note is
/// checked, the order fulfilled, and the member reads the note.
#[tokio::test]
async fn a_manual_delivery_is_handed_over_with_a_note_the_member_reads() {
    let app = spawn().await;
    let (user_id, member_cookie) = buyer(&app, "jasa@example.id").await;
    let now = Utc::now();
    let item = (
        OrderItemKind::Product,
        "paket-manual",
        "Paket Aset Desain",
        500_000,
    );
    let id = testing::order(
        &app.db,
        user_id,
        "TRX-MANUAL-1",
        item,
        OrderStatus::Paid,
        now,
    )
    .await;
    let purchase = domain::entities::user_purchase::ActiveModel {
        user_id: sea_orm::ActiveValue::Set(user_id),
        order_id: sea_orm::ActiveValue::Set(id),
        product_slug: sea_orm::ActiveValue::Set("paket-manual".into()),
        product_name: sea_orm::ActiveValue::Set("Paket Aset Desain".into()),
        delivery_type: sea_orm::ActiveValue::Set(domain::entities::DeliveryType::Manual),
        delivery_status: sea_orm::ActiveValue::Set(
            domain::entities::user_purchase::DeliveryStatus::Pending,
        ),
        created_at: sea_orm::ActiveValue::Set(now),
        updated_at: sea_orm::ActiveValue::Set(now),
        ..Default::default()
    };
    domain::entities::user_purchase::Entity::insert(purchase)
        .exec_without_returning(app.db.writer())
        .await
        .unwrap();
    let admin = admin_session(&app, "admin.manual@tiranyx.id").await;
    let detail = call(
        &app,
        &admin,
        "/api/admin/orders/get",
        &format!("id={id}"),
        200,
    )
    .await;
    assert_eq!(detail["awaits_hand_delivery"], true);

    let err = call(
        &app,
        &admin,
        "/api/admin/orders/deliver-by-hand",
        &format!("id={id}&note=ok"),
        422,
    )
    .await;
    assert!(err["fields"]["note"].is_string(), "{err}");
    assert_eq!(status_of(&app, id).await, OrderStatus::Paid);
    let note = "Aset sudah kami kirim lewat Google Drive ke emailmu.";
    let body = format!("id={id}&note={}", note.replace(' ', "+"));
    let o = call(
        &app,
        &admin,
        "/api/admin/orders/deliver-by-hand",
        &body,
        200,
    )
    .await;
    assert_eq!(o["awaits_hand_delivery"], false);
    assert_eq!(status_of(&app, id).await, OrderStatus::Fulfilled);
    assert_eq!(audit_count(&app, "order.deliver_manual").await, 1);
    call(
        &app,
        &admin,
        "/api/admin/orders/deliver-by-hand",
        &body,
        409,
    )
    .await;

    let mine = call(&app, &member_cookie, "/api/account/deliveries", "", 200).await;
    assert_eq!(mine[0]["note"], note);
    // Members cannot mark anything delivered.
    let res = app
        .send(server_fn_call(
            "/api/admin/orders/deliver-by-hand",
            Some(&member_cookie),
            &body,
        ))
        .await;
    assert_eq!(res.status, 401);
}
