//! The back office through the real router: the contact inbox, the
//! waitlists and their CSV export, member accounts and analytics.
mod common;

use app::ssr::{ClientIp, ServerState};
use axum::{
    extract::{FromRequestParts, Query, State},
    response::Response,
    Extension,
};
use chrono::{Duration, Utc};
use common::{admin_session, form_post, get_with_cookie, server_fn_call, spawn, TestApp, SITE};
use domain::entities::{audit_entry, contact_message, page_view_daily};
use http_body_util::BodyExt;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;
use std::sync::Arc;
use tiranyx_server::{
    admin_export::{waitlist_csv, ExportQuery},
    AppState,
};

/// Every back-office server function, with well-formed arguments.
const ENDPOINTS: &[(&str, &str)] = &[
    ("/api/admin/contacts", "status=&q=&page=1"),
    ("/api/admin/contacts/open", "id=1"),
    ("/api/admin/contacts/status", "id=1&status=read"),
    ("/api/admin/waitlist/products", ""),
    ("/api/admin/waitlist", "product=&q=&page=1"),
    ("/api/admin/members", "q=&filter=all&page=1"),
    ("/api/admin/members/get", "id=1"),
    ("/api/admin/members/verify", "id=1"),
    ("/api/admin/members/disable", "id=1"),
    ("/api/admin/members/enable", "id=1"),
    (
        "/api/admin/members/make-client",
        "id=1&ixonomic_client_id=CL-1",
    ),
    ("/api/admin/members/end-client", "id=1"),
    ("/api/admin/client-messages", ""),
    (
        "/api/admin/client-messages/thread",
        "user_id=1&project_id=P-1",
    ),
    ("/api/admin/analytics", "from=&to="),
    ("/api/admin/counts", ""),
];

const PRODUCT: &str = "nusa-landing-template-umkm";

async fn audit_count(app: &TestApp, action: &str) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .count(app.db.reader())
        .await
        .unwrap()
}

/// A member account; verified and signed in when `login`. Returns the id
/// and, when signed in, the `trx_user=…` cookie pair.
async fn member(app: &TestApp, email: &str, login: bool) -> (i32, Option<String>) {
    let hasher = domain::accounts::PasswordHasher::new(1);
    let now = Utc::now();
    let input = domain::accounts::NewAccount {
        name: "Member Uji".into(),
        email: email.into(),
        password: common::ADMIN_PASSWORD.into(),
    };
    let domain::accounts::RegisterOutcome::Created {
        user_id,
        verify_token,
    } = domain::accounts::register(&app.db, &hasher, &input, "http://127.0.0.1:3000", now)
        .await
        .unwrap()
    else {
        panic!("new member expected")
    };
    if !login {
        return (user_id, None);
    }
    domain::accounts::verify_email(&app.db, &verify_token, now)
        .await
        .unwrap();
    let session = domain::accounts::login(
        &app.db,
        &hasher,
        email,
        common::ADMIN_PASSWORD,
        false,
        None,
        None,
        Duration::days(7),
        now,
    )
    .await
    .unwrap();
    (user_id, Some(format!("trx_user={}", session.session_token)))
}

/// Calls a server function as the admin; asserts the status and returns
/// the JSON answer.
async fn call(app: &TestApp, cookie: &str, path: &str, body: &str, status: u16) -> Value {
    let res = app.send(server_fn_call(path, Some(cookie), body)).await;
    assert_eq!(res.status, status, "{path} {body}: {}", res.body);
    serde_json::from_str(&res.body).unwrap_or_else(|_| panic!("{path}: {}", res.body))
}

/// The export handler called directly, without the guard in front of it.
async fn export_directly(app: &TestApp, cookie: Option<&str>) -> (u16, String) {
    let config = domain::Config::from_lookup(|k| match k {
        "SITE_URL" => Some(SITE.to_owned()),
        _ => None,
    })
    .unwrap();
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("tiranyx")
        .site_root(app.dir.path().to_string_lossy().to_string())
        .build();
    let state = AppState::new(
        options,
        ServerState::new(
            app.db.clone(),
            Arc::new(config),
            domain::accounts::PasswordHasher::new(1),
            domain::storage::Storage {
                uploads: domain::storage::Area::local(&app.dir.path().join("uploads")).unwrap(),
                private: domain::storage::Area::local(&app.dir.path().join("private")).unwrap(),
            },
        ),
    );
    let mut req = axum::http::Request::get("/admin/waitlist.csv");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let (mut parts, ()) = req.body(()).unwrap().into_parts();
    let admin = app::ssr::session::CurrentAdmin::from_request_parts(&mut parts, &state).await;
    let res: Response = waitlist_csv(
        State(state),
        admin,
        Some(Extension(ClientIp(None))),
        Query(ExportQuery::default()),
    )
    .await;
    let status = res.status().as_u16();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn back_office_server_functions_refuse_without_an_admin_session() {
    let app = spawn().await;
    let (_, member_cookie) = member(&app, "m@example.id", true).await;
    let member_cookie = member_cookie.unwrap();
    for (f, body) in ENDPOINTS {
        let res = app.send(server_fn_call(f, None, body)).await;
        assert_eq!(res.status, 401, "{f}: {}", res.body);
        assert!(res.body.contains("unauthorized"), "{f}: {}", res.body);
        let res = app
            .send(server_fn_call(f, Some(&member_cookie), body))
            .await;
        assert_eq!(res.status, 401, "{f}: {}", res.body);
        let res = app
            .send(server_fn_call(f, Some("trx_admin=x.1.00"), body))
            .await;
        assert_eq!(res.status, 401, "{f}: {}", res.body);
    }
    assert_eq!(audit_count(&app, "contact.read").await, 0);
    for path in [
        "/admin/contacts",
        "/admin/waitlist",
        "/admin/users",
        "/admin/analytics",
    ] {
        let res = get_with_cookie(&app, path, &member_cookie).await;
        assert_eq!(res.status, 303, "{path}");
        assert_eq!(res.header("location"), "/admin/login");
    }
}

#[tokio::test]
async fn contact_messages_are_data_never_markup() {
    let app = spawn().await;
    let admin = admin_session(&app, "c@tiranyx.test").await;
    let hostile = "Halo <script>alert(1)</script> dan <img src=x onerror=alert(1)>\nbaris kedua";
    let body = serde_urlencoded::to_string([
        ("name", "Peretas <b>Jahat</b>"),
        ("email", "peretas@example.id"),
        ("phone", "0812 0000 1111"),
        ("message", hostile),
        ("website", ""),
    ])
    .unwrap();
    let res = app.send(form_post("/contact", &body)).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let stored = contact_message::Entity::find()
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.message, hostile);

    // The listing carries the text as JSON data, unchanged.
    let res = app
        .send(server_fn_call(
            "/api/admin/contacts",
            Some(&admin),
            "status=unread&q=&page=1",
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.header("content-type").starts_with("application/json"));
    let inbox: Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(inbox["counts"]["unread"], 1);
    assert_eq!(inbox["total"], 1);
    let row = &inbox["rows"][0];
    assert_eq!(row["id"], stored.id);
    assert_eq!(row["status"], "unread");
    assert!(row["preview"]
        .as_str()
        .unwrap()
        .contains("<script>alert(1)</script>"));
    // Search finds it; another status does not.
    let found = call(
        &app,
        &admin,
        "/api/admin/contacts",
        "status=&q=onerror&page=1",
        200,
    )
    .await;
    assert_eq!(found["total"], 1);
    let none = call(
        &app,
        &admin,
        "/api/admin/contacts",
        "status=archived&q=&page=1",
        200,
    )
    .await;
    assert_eq!(none["total"], 0);

    // The page renders it escaped, in the table and in the hydration data.
    let page = get_with_cookie(&app, "/admin/contacts", &admin).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Pesan kontak"));
    assert!(!page.body.contains("<script>alert(1)"), "raw script tag");
    assert!(!page.body.contains("<img src=x"), "raw img tag");
    assert!(!page.body.contains("<b>Jahat"), "raw name markup");
    assert!(page.body.contains("&lt;script&gt;alert(1)"), "escaped text");

    // Opening marks it read, once, with an audit row.
    let opened = call(
        &app,
        &admin,
        "/api/admin/contacts/open",
        &format!("id={}", stored.id),
        200,
    )
    .await;
    assert_eq!(opened["message"], hostile);
    assert_eq!(opened["status"], "read");
    assert_eq!(opened["phone"], "0812 0000 1111");
    assert_eq!(opened["email"], "peretas@example.id");
    assert_eq!(audit_count(&app, "contact.read").await, 1);
    call(
        &app,
        &admin,
        "/api/admin/contacts/open",
        &format!("id={}", stored.id),
        200,
    )
    .await;
    assert_eq!(audit_count(&app, "contact.read").await, 1);

    // Archive, then the counts follow.
    let archived = call(
        &app,
        &admin,
        "/api/admin/contacts/status",
        &format!("id={}&status=archived", stored.id),
        200,
    )
    .await;
    assert_eq!(archived["status"], "archived");
    assert_eq!(audit_count(&app, "contact.status").await, 1);
    let inbox = call(
        &app,
        &admin,
        "/api/admin/contacts",
        "status=&q=&page=1",
        200,
    )
    .await;
    assert_eq!(inbox["counts"]["archived"], 1);
    assert_eq!(inbox["counts"]["unread"], 0);
    // Back to unread.
    let unread = call(
        &app,
        &admin,
        "/api/admin/contacts/status",
        &format!("id={}&status=unread", stored.id),
        200,
    )
    .await;
    assert_eq!(unread["status"], "unread");

    // Unknown status and unknown message.
    let err = call(
        &app,
        &admin,
        "/api/admin/contacts/status",
        &format!("id={}&status=dihapus", stored.id),
        422,
    )
    .await;
    assert_eq!(err["error"], "invalid_input");
    call(&app, &admin, "/api/admin/contacts/open", "id=999999", 404).await;
}

#[tokio::test]
async fn waitlist_listing_and_csv_export() {
    let app = spawn().await;
    let admin = admin_session(&app, "w@tiranyx.test").await;
    let path = format!("/waitlist/{PRODUCT}");
    for body in [
        "email=siti%40example.id&name=Siti%2C%20%22Nusa%22",
        "email=andi%40example.id&name=%3DHYPERLINK(%22http%3A%2F%2Fx%22)",
    ] {
        let res = app.send(form_post(&path, body)).await;
        assert_eq!(res.status, 303, "{}", res.body);
    }

    let products = call(&app, &admin, "/api/admin/waitlist/products", "", 200).await;
    assert_eq!(
        products,
        serde_json::json!([{ "slug": PRODUCT, "count": 2 }])
    );
    let list = call(
        &app,
        &admin,
        "/api/admin/waitlist",
        &format!("product={PRODUCT}&q=siti&page=1"),
        200,
    )
    .await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["email"], "siti@example.id");
    assert_eq!(list["rows"][0]["name"], "Siti, \"Nusa\"");
    let other = call(
        &app,
        &admin,
        "/api/admin/waitlist",
        "product=produk-lain&q=&page=1",
        200,
    )
    .await;
    assert_eq!(other["total"], 0);

    let res = get_with_cookie(&app, "/admin/waitlist", &admin).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Unduh CSV"));
    assert!(res.body.contains("/admin/waitlist.csv"));

    // One product.
    let today = Utc::now().format("%Y%m%d").to_string();
    let res = get_with_cookie(
        &app,
        &format!("/admin/waitlist.csv?product={PRODUCT}"),
        &admin,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        res.header("content-disposition"),
        format!("attachment; filename=\"waitlist-{PRODUCT}-{today}.csv\"")
    );
    assert_eq!(res.header("cache-control"), "no-store");
    let mut lines = res.body.lines();
    assert_eq!(lines.next(), Some("product,email,name,joined_at"));
    assert!(res.body.contains(&format!(
        "{PRODUCT},siti@example.id,\"Siti, \"\"Nusa\"\"\","
    )));
    // A formula is defused and quoted.
    assert!(
        res.body.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "{}",
        res.body
    );
    assert_eq!(audit_count(&app, "waitlist.export").await, 1);

    // Every product.
    let res = get_with_cookie(&app, "/admin/waitlist.csv", &admin).await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.header("content-disposition"),
        format!("attachment; filename=\"waitlist-semua-{today}.csv\"")
    );
    assert_eq!(res.body.lines().count(), 3);
    assert_eq!(audit_count(&app, "waitlist.export").await, 2);

    // Not a slug.
    for bad in ["Nusa", "a%22b", "..%2Fx"] {
        let res =
            get_with_cookie(&app, &format!("/admin/waitlist.csv?product={bad}"), &admin).await;
        assert_eq!(res.status, 400, "{bad}");
        let body: Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(body["error"], "invalid_input");
    }
    let long = "a".repeat(161);
    let res = get_with_cookie(&app, &format!("/admin/waitlist.csv?product={long}"), &admin).await;
    assert_eq!(res.status, 400);

    // Strangers and members get no file: the guard sends them to the login,
    // and the handler itself answers 401.
    let (_, member_cookie) = member(&app, "m@example.id", true).await;
    let member_cookie = member_cookie.unwrap();
    let res = app.get("/admin/waitlist.csv").await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/admin/login");
    assert!(!res.body.contains("siti@example.id"));
    let res = get_with_cookie(&app, "/admin/waitlist.csv", &member_cookie).await;
    assert_eq!(res.status, 303);
    for cookie in [None, Some(member_cookie.as_str()), Some("trx_admin=x.1.00")] {
        let (status, body) = export_directly(&app, cookie).await;
        assert_eq!(status, 401, "{cookie:?}");
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["error"], "unauthorized");
    }
    let (status, body) = export_directly(&app, Some(&admin)).await;
    assert_eq!(status, 200);
    assert!(body.contains("siti@example.id"));
    assert_eq!(audit_count(&app, "waitlist.export").await, 3);
}

#[tokio::test]
async fn members_can_be_verified_disabled_and_enabled() {
    let app = spawn().await;
    let admin = admin_session(&app, "u@tiranyx.test").await;
    let (pending, _) = member(&app, "baru@example.id", false).await;
    let (active, cookie) = member(&app, "aktif@example.id", true).await;
    let cookie = cookie.unwrap();
    assert_eq!(
        get_with_cookie(&app, "/dashboard", &cookie).await.status,
        200
    );

    let list = call(
        &app,
        &admin,
        "/api/admin/members",
        "q=example.id&filter=unverified&page=1",
        200,
    )
    .await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["id"], pending);
    assert_eq!(list["rows"][0]["verified"], false);

    // Verify by hand.
    let m = call(
        &app,
        &admin,
        "/api/admin/members/verify",
        &format!("id={pending}"),
        200,
    )
    .await;
    assert_eq!(m["verified"], true);
    assert_eq!(audit_count(&app, "user.verify").await, 1);
    let list = call(
        &app,
        &admin,
        "/api/admin/members",
        "q=example.id&filter=unverified&page=1",
        200,
    )
    .await;
    assert_eq!(list["total"], 0);

    // Disable: the member's session ends at once.
    let m = call(
        &app,
        &admin,
        "/api/admin/members/get",
        &format!("id={active}"),
        200,
    )
    .await;
    assert_eq!(m["active_sessions"], 1);
    assert_eq!(m["disabled"], false);
    let ended = call(
        &app,
        &admin,
        "/api/admin/members/disable",
        &format!("id={active}"),
        200,
    )
    .await;
    assert_eq!(ended, 1);
    assert_eq!(audit_count(&app, "user.disable").await, 1);
    let res = get_with_cookie(&app, "/dashboard", &cookie).await;
    assert_eq!(res.status, 303);
    assert!(res.header("location").starts_with("/login"));
    let m = call(
        &app,
        &admin,
        "/api/admin/members/get",
        &format!("id={active}"),
        200,
    )
    .await;
    assert_eq!(m["disabled"], true);
    assert_eq!(m["active_sessions"], 0);
    let list = call(
        &app,
        &admin,
        "/api/admin/members",
        "q=aktif%40example.id&filter=disabled&page=1",
        200,
    )
    .await;
    assert_eq!(list["total"], 1);

    // Enable.
    let m = call(
        &app,
        &admin,
        "/api/admin/members/enable",
        &format!("id={active}"),
        200,
    )
    .await;
    assert_eq!(m["disabled"], false);
    assert_eq!(audit_count(&app, "user.enable").await, 1);

    call(&app, &admin, "/api/admin/members/get", "id=999999", 404).await;
    call(&app, &admin, "/api/admin/members/disable", "id=999999", 404).await;

    let res = get_with_cookie(&app, "/admin/users", &admin).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("aktif@example.id"));
}

#[tokio::test]
async fn analytics_series_are_zero_filled_and_ranges_checked() {
    let app = spawn().await;
    let admin = admin_session(&app, "an@tiranyx.test").await;
    page_view_daily::Entity::insert(page_view_daily::ActiveModel {
        day: Set("2020-01-03".into()),
        path: Set("/blog".into()),
        views: Set(5),
    })
    .exec(app.db.writer())
    .await
    .unwrap();

    let a = call(
        &app,
        &admin,
        "/api/admin/analytics",
        "from=2020-01-01&to=2020-01-07",
        200,
    )
    .await;
    assert_eq!(a["from"], "2020-01-01");
    assert_eq!(a["to"], "2020-01-07");
    assert_eq!(a["days"], 7);
    let series = a["series"].as_array().unwrap();
    assert_eq!(series.len(), 4);
    for s in series {
        let svg = s["svg"].as_str().unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        // One bar per day, zeros included.
        assert_eq!(svg.matches("class=\"bar\"").count(), 7, "{}", s["key"]);
        assert!(svg.contains("2020-01-07"), "{}", s["key"]);
    }
    assert_eq!(series[0]["key"], "page_views");
    assert_eq!(series[0]["total"], 5);
    for s in &series[1..] {
        assert_eq!(s["total"], 0, "{}", s["key"]);
    }
    assert_eq!(
        a["top_paths"],
        serde_json::json!([{ "path": "/blog", "views": 5 }])
    );
    // Tool usage: one series over the range, each tool listed (none used).
    assert_eq!(a["tool_uses"]["key"], "tool_uses");
    assert_eq!(a["tool_uses"]["total"], 0);
    let svg = a["tool_uses"]["svg"].as_str().unwrap();
    assert_eq!(svg.matches("class=\"bar\"").count(), 7);
    assert_eq!(a["tool_totals"].as_array().unwrap().len(), 4);

    // Empty means the last 30 days.
    let a = call(&app, &admin, "/api/admin/analytics", "from=&to=", 200).await;
    assert_eq!(a["days"], 30);
    let today = domain::jakarta::date(Utc::now());
    assert_eq!(a["to"], today.format("%Y-%m-%d").to_string());

    // From after to, a malformed date, a range too long.
    let err = call(
        &app,
        &admin,
        "/api/admin/analytics",
        "from=2020-01-07&to=2020-01-01",
        422,
    )
    .await;
    // The field error keeps its field all the way to the JSON.
    assert_eq!(err["error"], "invalid_input");
    assert_eq!(
        err["fields"]["from"],
        "Tanggal awal tidak boleh setelah tanggal akhir."
    );
    call(
        &app,
        &admin,
        "/api/admin/analytics",
        "from=kemarin&to=",
        422,
    )
    .await;
    call(
        &app,
        &admin,
        "/api/admin/analytics",
        "from=2020-01-01&to=2022-01-01",
        422,
    )
    .await;

    // The overview counts.
    let counts = call(&app, &admin, "/api/admin/counts", "", 200).await;
    assert_eq!(counts["unread_contacts"], 0);
    assert_eq!(counts["waitlist_entries"], 0);
    assert!(counts["members"].is_u64());
    assert_eq!(counts["page_views_7d"], 0);

    for path in [
        "/admin",
        "/admin/analytics",
        "/admin/analytics?from=2020-01-01&to=2020-01-07",
        "/admin/analytics?from=2020-01-07&to=2020-01-01",
        "/admin/contacts",
        "/admin/waitlist",
        "/admin/users",
    ] {
        let res = get_with_cookie(&app, path, &admin).await;
        assert_eq!(res.status, 200, "{path}");
        common::assert_security_headers(&res);
    }
    let res = get_with_cookie(
        &app,
        "/admin/analytics?from=2020-01-01&to=2020-01-07",
        &admin,
    )
    .await;
    assert!(res.body.contains("Halaman teratas"));
    assert!(res.body.contains(r#"value="2020-01-01""#));
    assert!(res.body.contains("<svg"));
    let res = get_with_cookie(&app, "/admin", &admin).await;
    assert!(res.body.contains("Kunjungan 7 hari terakhir"));
}
