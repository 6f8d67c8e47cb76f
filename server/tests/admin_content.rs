//! The CMS through the real router: content server functions, the
//! scheduler, uploads and page-view counting.
mod common;

use axum::{body::Body, http::Request};
use chrono::{Duration, Utc};
use common::{
    admin_session, get_with_cookie, media_upload as multipart, server_fn_call, server_fn_json,
    spawn, TestApp, PNG,
};
use domain::entities::{audit_entry, page_view_daily, product};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

async fn call(app: &TestApp, cookie: &str, path: &str, body: Value) -> (u16, Value) {
    let res = app.send(server_fn_json(path, Some(cookie), body)).await;
    let v = serde_json::from_str(&res.body).unwrap_or(Value::Null);
    (res.status.as_u16(), v)
}

fn media_files(app: &TestApp) -> Vec<String> {
    let dir = app.dir.path().join("uploads").join("media");
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn post_values(title: &str, status: &str, publish_at: &str) -> Value {
    json!({
        "title": title,
        "slug": "",
        "excerpt": "Ringkasan artikel uji.",
        "body_md": "# Halo\n\nIsi artikel <script>alert('x')</script> **tebal**.",
        "category": "Teknologi",
        "tags": "rust, leptos",
        "author_name": "Tim Tiranyx",
        "status": status,
        "publish_at": publish_at,
    })
}

#[tokio::test]
async fn content_server_functions_refuse_without_an_admin_session() {
    let app = spawn().await;
    let member_like = "trx_user=abc";
    let form_calls = [
        ("/api/admin/content/list", "kind=posts&q=&status=&page=1"),
        ("/api/admin/content/form", "kind=posts"),
        ("/api/admin/content/delete", "kind=posts&id=1"),
        (
            "/api/admin/content/publish",
            "kind=posts&id=1&published=true",
        ),
        ("/api/admin/settings", ""),
    ];
    for (path, body) in form_calls {
        for cookie in [None, Some(member_like)] {
            let res = app.send(server_fn_call(path, cookie, body)).await;
            assert_eq!(res.status, 401, "{path}: {}", res.body);
        }
    }
    let json_calls = [
        (
            "/api/admin/content/save",
            json!({"kind": "posts", "id": null, "values": {"title": "x"}}),
        ),
        ("/api/admin/markdown/preview", json!({"markdown": "# x"})),
        ("/api/admin/settings/save", json!({"values": {}})),
    ];
    for (path, body) in json_calls {
        let res = app.send(server_fn_json(path, None, body)).await;
        assert_eq!(res.status, 401, "{path}: {}", res.body);
    }
    let res = app.send(multipart("a.png", PNG, None)).await;
    assert_eq!(res.status, 401, "{}", res.body);
    assert!(media_files(&app).is_empty());
    // Nothing was written.
    assert_eq!(
        audit_entry::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn admin_writes_a_post_schedules_it_and_the_scheduler_publishes_it() {
    let app = spawn().await;
    let cookie = admin_session(&app, "e@tiranyx.test").await;

    // Invalid: every problem reported, nothing written.
    let (status, out) = call(
        &app,
        &cookie,
        "/api/admin/content/save",
        json!({"kind": "posts", "id": null, "values": {"title": "", "status": "scheduled"}}),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    let errors = &out["Invalid"]["errors"];
    for field in ["title", "excerpt", "body_md", "publish_at"] {
        assert!(errors[field].is_string(), "{field}: {out}");
    }

    // Scheduled an hour ahead (Jakarta time in the form).
    let at = (Utc::now() + Duration::hours(1)).with_timezone(&domain::jakarta::offset());
    let values = post_values(
        "Rilis Tiranyx Baru",
        "scheduled",
        &at.format("%Y-%m-%dT%H:%M").to_string(),
    );
    let (status, out) = call(
        &app,
        &cookie,
        "/api/admin/content/save",
        json!({"kind": "posts", "id": null, "values": values}),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    let id = out["Saved"]["id"].as_i64().expect("saved") as i32;
    assert_eq!(app.get("/blog/rilis-tiranyx-baru").await.status, 404);

    // A second post with the same title clashes on the slug.
    let (_, out) = call(
        &app,
        &cookie,
        "/api/admin/content/save",
        json!({"kind": "posts", "id": null, "values": post_values("Rilis Tiranyx Baru", "draft", "")}),
    )
    .await;
    assert!(
        out["Invalid"]["errors"]["slug"]
            .as_str()
            .unwrap()
            .contains("Slug"),
        "{out}"
    );

    // The listing shows it as scheduled.
    let res = app
        .send(server_fn_call(
            "/api/admin/content/list",
            Some(&cookie),
            "kind=posts&q=rilis&status=scheduled&page=1",
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["rows"][0]["id"], id);

    // Not yet due: the scheduler leaves it alone.
    assert_eq!(
        domain::cms::publish_due_posts(&app.db, Utc::now())
            .await
            .unwrap(),
        0
    );
    // Time passes while the server is down: the post fell due ten minutes ago.
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        let row = domain::entities::post::Entity::find_by_id(id)
            .one(app.db.reader())
            .await
            .unwrap()
            .unwrap();
        let mut row: domain::entities::post::ActiveModel = row.into();
        row.published_at = Set(Some(Utc::now() - Duration::minutes(10)));
        row.update(app.db.writer()).await.unwrap();
    }
    assert_eq!(app.get("/blog/rilis-tiranyx-baru").await.status, 404);
    // On start the scheduler catches up.
    let mail = domain::jobs::catalog::MailSetup {
        mailer: std::sync::Arc::new(domain::mail::Mailer::Files {
            dir: std::env::temp_dir().join("tiranyx-test-outbox"),
        }),
        from: "Tiranyx <noreply@tiranyx.test>".into(),
        site: domain::orders::Site {
            url: "https://tiranyx.test".parse().unwrap(),
        },
    };
    let runner = domain::jobs::catalog::runner(
        app.db.clone(),
        mail,
        domain::testing::deliverables(&std::env::temp_dir(), 5),
        None,
    );
    runner.install_periodic().await.unwrap();
    runner.run_due(None).await.unwrap();
    let res = app.get("/blog/rilis-tiranyx-baru").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Rilis Tiranyx Baru"));
    // The markdown is sanitized on the public page and in the preview.
    assert!(!res.body.contains("<script>alert"), "script survived");
    assert!(res.body.contains("<strong>tebal</strong>"));
    let (status, html) = call(
        &app,
        &cookie,
        "/api/admin/markdown/preview",
        json!({"markdown": "**a** <script>alert(1)</script> <img src=x onerror=alert(1)>"}),
    )
    .await;
    assert_eq!(status, 200);
    let html = html.as_str().unwrap();
    assert!(html.contains("<strong>a</strong>"), "{html}");
    assert!(
        !html.contains("<script") && !html.contains("onerror"),
        "{html}"
    );

    // Unpublish hides it again; delete removes it.
    let res = app
        .send(server_fn_call(
            "/api/admin/content/publish",
            Some(&cookie),
            &format!("kind=posts&id={id}&published=false"),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(app.get("/blog/rilis-tiranyx-baru").await.status, 404);
    let res = app
        .send(server_fn_call(
            "/api/admin/content/delete",
            Some(&cookie),
            &format!("kind=posts&id={id}"),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = app
        .send(server_fn_call(
            "/api/admin/content/form",
            Some(&cookie),
            &format!("kind=posts&id={id}"),
        ))
        .await;
    assert_eq!(res.status, 404);
    // A new post's form starts as a draft, not with a blank status.
    let res = app
        .send(server_fn_call(
            "/api/admin/content/form",
            Some(&cookie),
            "kind=posts",
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains(r#""status":"draft""#), "{}", res.body);

    let actions: Vec<String> = audit_entry::Entity::find()
        .filter(audit_entry::Column::TargetType.eq("posts"))
        .order_by_asc(audit_entry::Column::Id)
        .all(app.db.reader())
        .await
        .unwrap()
        .into_iter()
        .map(|a| format!("{}:{}", a.actor, a.action))
        .collect();
    assert_eq!(
        actions,
        [
            "e@tiranyx.test:posts.create",
            "scheduler:posts.publish",
            "e@tiranyx.test:posts.unpublish",
            "e@tiranyx.test:posts.delete",
        ]
    );
}

#[tokio::test]
async fn a_new_product_price_shows_on_the_public_page_at_once() {
    let app = spawn().await;
    let cookie = admin_session(&app, "p@tiranyx.test").await;
    let p = product::Entity::find()
        .filter(product::Column::Active.eq(true))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let res = app
        .send(server_fn_call(
            "/api/admin/content/form",
            Some(&cookie),
            &format!("kind=products&id={}", p.id),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let form: Value = serde_json::from_str(&res.body).unwrap();
    let mut values = form["values"].clone();
    values["price_idr"] = json!("1750000");
    let (status, out) = call(
        &app,
        &cookie,
        "/api/admin/content/save",
        json!({"kind": "products", "id": p.id, "values": values}),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["Saved"]["id"], p.id);
    let page = app.get(&format!("/products/{}", p.slug)).await;
    assert!(page.body.contains("Rp 1.750.000"), "new price missing");
    let audit = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("products.update"))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    assert!(audit.summary.contains("price_idr"), "{}", audit.summary);
    assert!(audit.summary.contains("1750000"), "{}", audit.summary);

    // An unknown kind is a 404, not a crash.
    let res = app
        .send(server_fn_call(
            "/api/admin/content/list",
            Some(&cookie),
            "kind=../users&q=&status=&page=1",
        ))
        .await;
    assert_eq!(res.status, 404);
}

#[tokio::test]
async fn uploads_accept_real_images_only_and_leave_nothing_when_refused() {
    let app = spawn().await;
    let cookie = admin_session(&app, "u@tiranyx.test").await;

    // Refused: HTML renamed to .png, GIF renamed to .png, a PNG named .gif,
    // an empty file, and one over 5 MB.
    let mut too_big = PNG.to_vec();
    too_big.resize(5 * 1024 * 1024 + 1, 0);
    let refused: [(&str, &[u8]); 5] = [
        ("evil.png", b"<html><script>alert(1)</script></html>"),
        ("anim.png", b"GIF89a\x01\x00\x01\x00"),
        ("real.gif", PNG),
        ("empty.png", b""),
        ("big.png", &too_big),
    ];
    for (name, bytes) in refused {
        let res = app.send(multipart(name, bytes, Some(&cookie))).await;
        assert_eq!(res.status, 422, "{name}: {}", res.body);
        assert!(res.body.contains("invalid"), "{name}: {}", res.body);
    }
    assert!(media_files(&app).is_empty(), "{:?}", media_files(&app));

    // A path-traversal name: stored under a random name inside media/.
    let res = app
        .send(multipart("../../../etc/passwd.png", PNG, Some(&cookie)))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let url: String = serde_json::from_str(&res.body).unwrap();
    assert!(
        url.starts_with("/uploads/media/") && url.ends_with(".png"),
        "{url}"
    );
    assert!(!url.contains("passwd") && !url.contains(".."));
    assert_eq!(media_files(&app).len(), 1);
    assert!(!app.dir.path().join("etc").exists());

    let res = app.get(&url).await;
    assert_eq!(res.status, 200);
    assert!(res.header("cache-control").contains("immutable"));
    assert_eq!(
        audit_entry::Entity::find()
            .filter(audit_entry::Column::Action.eq("media.upload"))
            .count(app.db.reader())
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn public_page_views_are_counted_but_not_bots_or_admin_pages() {
    let app = spawn().await;
    let cookie = admin_session(&app, "v@tiranyx.test").await;
    let browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
    let get = |path: &str, ua: &str| {
        Request::get(path)
            .header("user-agent", ua)
            .body(Body::empty())
            .unwrap()
    };
    app.send(get("/", browser)).await;
    app.send(get("/blog?page=1", browser)).await;
    app.send(get("/", "Googlebot/2.1 (+http://www.google.com/bot.html)"))
        .await;
    app.send(get("/halaman-yang-tidak-ada", browser)).await;
    let mut admin_req = get("/admin", browser);
    admin_req
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    assert_eq!(app.send(admin_req).await.status, 200);
    let _ = get_with_cookie(&app, "/admin/posts", &cookie).await;

    app.page_views.flush().await.unwrap();
    let mut rows: Vec<(String, i64)> = page_view_daily::Entity::find()
        .all(app.db.reader())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.path, r.views))
        .collect();
    rows.sort();
    assert_eq!(rows, [("/".to_owned(), 1), ("/blog".to_owned(), 1)]);
}
