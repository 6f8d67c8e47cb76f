//! Purchased files through the real router: `GET
//! /api/files/deliverables/{token}` sends the file as an attachment with its
//! length and ranges, refuses forged, expired and over-limit links (JSON for
//! programs, the downloads page for people), the dashboard signs fresh
//! links, and only an admin adds files to a product.
mod common;

use axum::{body::Body, http::Request};
use common::{
    admin_session, get_with_cookie, server_fn_call, spawn, user_id, verified_member, TestApp, SITE,
};
use domain::{
    deliverables,
    entities::{
        order::OrderItemKind, order::OrderStatus, product, product_file, user_purchase,
        DeliveryType,
    },
    testing,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The demo's file product (its guide is seeded as its file).
const SLUG: &str = "nusa-landing-template-umkm";

/// A member who bought the demo file product; their cookie and link.
async fn buyer(app: &TestApp, email: &str) -> (String, user_purchase::Model, String) {
    let cookie = verified_member(app, email).await;
    let uid = user_id(app, email).await;
    let now = chrono::Utc::now();
    let item = (OrderItemKind::Product, SLUG, "Nusa Landing", 149_000);
    let order = testing::order(
        &app.db,
        uid,
        &format!("TRX-{uid}-F"),
        item,
        OrderStatus::Paid,
        now,
    )
    .await;
    testing::purchase(
        &app.db,
        uid,
        order,
        (SLUG, "Nusa Landing"),
        DeliveryType::EmailFile,
        None,
        now,
    )
    .await;
    let purchase = user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let links = deliverables::links_of(app.db.reader(), &app.deliverables, &purchase, now)
        .await
        .unwrap();
    assert_eq!(links.len(), 1, "the demo product has its guide");
    (cookie, purchase, links[0].url.clone())
}

fn path_of(url: &str) -> String {
    url.trim_start_matches(SITE).to_owned()
}

fn get(path: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn a_signed_link_downloads_the_file_with_ranges_and_a_limit() {
    let app = spawn().await;
    let (_, purchase, url) = buyer(&app, "unduh@example.id").await;
    let path = path_of(&url);
    let product = product::Entity::find()
        .filter(product::Column::Slug.eq(SLUG))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let file = product_file::Entity::find()
        .filter(product_file::Column::ProductId.eq(product.id))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let stored = std::fs::read(app.deliverables.dir.join(&file.stored_name)).unwrap();

    let res = app.send(get(&path, &[])).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.bytes, stored, "the right bytes");
    assert_eq!(res.header("content-length"), stored.len().to_string());
    assert_eq!(
        res.header("content-disposition"),
        format!("attachment; filename=\"{SLUG}-panduan.md\"; filename*=UTF-8''{SLUG}-panduan.md")
    );
    assert_eq!(res.header("content-type"), "text/plain; charset=utf-8");
    assert_eq!(res.header("cache-control"), "private, no-store");
    assert_eq!(res.header("accept-ranges"), "bytes");

    // A resumed download: the rest, not counted again.
    let res = app.send(get(&path, &[("range", "bytes=10-")])).await;
    assert_eq!(res.status, 206);
    assert_eq!(res.bytes, stored[10..]);
    let count = |app: &TestApp| {
        let db = app.db.clone();
        let id = purchase.id;
        async move {
            user_purchase::Entity::find_by_id(id)
                .one(db.reader())
                .await
                .unwrap()
                .unwrap()
                .download_count
        }
    };
    assert_eq!(count(&app).await, 1);

    // Forged: a program gets JSON, a person the downloads page.
    let forged = format!("{path}0");
    let res = app
        .send(get(&forged, &[("accept", "application/json")]))
        .await;
    assert_eq!(res.status, 404);
    assert!(
        res.body.contains("\"error\":\"link_invalid\""),
        "{}",
        res.body
    );
    let res = app.send(get(&forged, &[("accept", "text/html")])).await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.header("location"),
        "/dashboard/downloads?gagal=link_invalid"
    );

    // Expired: signed honestly, but past its time.
    let old = deliverables::Link {
        purchase_id: purchase.id,
        file_id: file.id,
        expires_at: (chrono::Utc::now() - chrono::Duration::minutes(1)).timestamp(),
    };
    let expired = format!(
        "/api/files/deliverables/{}",
        app.deliverables.signer.token(&old)
    );
    let res = app.send(get(&expired, &[])).await;
    assert_eq!(res.status, 410);
    assert!(res.body.contains("link_expired"), "{}", res.body);

    // The limit (5 by default): four more, then refused.
    for _ in 0..4 {
        assert_eq!(app.send(get(&path, &[])).await.status, 200);
    }
    let res = app.send(get(&path, &[])).await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("download_limit_reached"), "{}", res.body);
    assert_eq!(count(&app).await, 5);
}

#[tokio::test]
async fn the_dashboard_signs_fresh_links_for_the_owner() {
    let app = spawn().await;
    let (cookie, _, _) = buyer(&app, "dasbor@example.id").await;
    let res = app
        .send(server_fn_call("/api/account/deliveries", Some(&cookie), ""))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(
        res.body.contains("/api/files/deliverables/"),
        "{}",
        res.body
    );
    assert!(
        res.body.contains("0 dari 5 unduhan terpakai"),
        "{}",
        res.body
    );
    // Another member sees none of it.
    let other = verified_member(&app, "lain@example.id").await;
    let res = app
        .send(server_fn_call("/api/account/deliveries", Some(&other), ""))
        .await;
    assert!(
        !res.body.contains("/api/files/deliverables/"),
        "{}",
        res.body
    );
    // The downloads page says why a link was refused.
    let page = get_with_cookie(&app, "/dashboard/downloads?gagal=link_expired", &cookie).await;
    assert!(page.body.contains("sudah kedaluwarsa"), "{}", page.status);
}

fn upload(product_id: i32, cookie: Option<&str>, name: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "----tiranyx-uji";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = Request::post(format!("/admin/products/{product_id}/files"))
        .header("origin", SITE)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        );
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn only_admins_add_files_and_only_allowed_ones() {
    let app = spawn().await;
    let product = product::Entity::find()
        .filter(product::Column::Slug.eq(SLUG))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let files = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            product_file::Entity::find()
                .filter(product_file::Column::ProductId.eq(product.id))
                .all(db.reader())
                .await
                .unwrap()
                .len()
        }
    };
    let before = files(&app).await;

    // A guest and a member are sent to the admin login; nothing is kept.
    let member = verified_member(&app, "bukan-admin@example.id").await;
    for cookie in [None, Some(member.as_str())] {
        let res = app
            .send(upload(product.id, cookie, "kit.zip", b"PK\x03\x04"))
            .await;
        assert!(res.status.is_redirection(), "{}", res.status);
        assert!(
            res.header("location").starts_with("/admin/login"),
            "{}",
            res.header("location")
        );
    }
    assert_eq!(files(&app).await, before);

    let admin = admin_session(&app, "admin.file@tiranyx.id").await;
    let res = app
        .send(upload(product.id, Some(&admin), "alat.exe", b"MZ"))
        .await;
    assert_eq!(
        res.header("location"),
        format!("/admin/products/{}?berkas=ditolak#file-produk", product.id)
    );
    assert_eq!(files(&app).await, before);
    let res = app
        .send(upload(
            product.id,
            Some(&admin),
            "kit.zip",
            b"PK\x03\x04isi",
        ))
        .await;
    assert_eq!(
        res.header("location"),
        format!("/admin/products/{}?berkas=ditambah#file-produk", product.id)
    );
    assert_eq!(files(&app).await, before + 1);
    let page = get_with_cookie(&app, &format!("/admin/products/{}", product.id), &admin).await;
    assert!(page.body.contains("kit.zip"), "the edit page lists it");
}
