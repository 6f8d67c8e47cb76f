//! Member accounts through the real router: register → e-mail → verify →
//! log in → dashboard → log out, and every rule around them.
mod common;

use axum::{body::Body, http::Request};
use common::{form_post, get_with_cookie, json_form_post, spawn, TestApp, TestResponse, SITE};
use domain::entities::{outbox_message, user, user_session};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// The test members' password ("kopi susu gula aren 2026"), form-encoded.
const PASSWORD_FORM: &str = "kopi%20susu%20gula%20aren%202026";

/// The token in the newest e-mail's link to `path`.
async fn token_from_mail(app: &TestApp, to: &str, path: &str) -> String {
    let mail = outbox_message::Entity::find()
        .filter(outbox_message::Column::ToEmail.eq(to))
        .order_by_desc(outbox_message::Column::Id)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no e-mail to {to}"));
    let marker = format!("{SITE}{path}?token=");
    let start = mail.body_text.find(&marker).expect("link in the e-mail") + marker.len();
    mail.body_text[start..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect()
}

fn session_cookie(res: &TestResponse) -> String {
    let set = res.header("set-cookie");
    set.split(';').next().unwrap().to_owned()
}

/// Registers, verifies and logs in; returns the session cookie pair.
async fn signed_in(app: &TestApp, email: &str, remember: bool) -> String {
    let res = app
        .send(form_post(
            "/register",
            &format!(
                "name=Dewi%20Lestari&email={email}&password={}",
                PASSWORD_FORM
            ),
        ))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let token = token_from_mail(app, email, "/verify-email").await;
    let res = app
        .send(form_post("/verify-email", &format!("token={token}")))
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/login?terverifikasi=1");
    let remember = if remember { "&remember=1" } else { "" };
    let res = app
        .send(form_post(
            "/login",
            &format!("email={email}&password={}{remember}", PASSWORD_FORM),
        ))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    session_cookie(&res)
}

#[tokio::test]
async fn full_flow_register_verify_login_dashboard_logout() {
    let app = spawn().await;
    let email = "dewi@example.id";
    let cookie = signed_in(&app, email, true).await;
    assert!(cookie.starts_with("trx_user="));

    let res = get_with_cookie(&app, "/dashboard", &cookie).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Halo, Dewi Lestari!"));
    assert_eq!(res.header("cache-control"), "no-store");
    // The member area hydrates: it loads the wasm bundle (with the CSP nonce).
    assert!(
        res.body.contains("/pkg/tiranyx.js"),
        "dashboard does not hydrate"
    );
    for page in [
        "/dashboard/profile",
        "/dashboard/orders",
        "/dashboard/downloads",
        "/dashboard/subscriptions",
        "/dashboard/services",
        "/dashboard/tools",
    ] {
        assert_eq!(
            get_with_cookie(&app, page, &cookie).await.status,
            200,
            "{page}"
        );
    }

    let res = app
        .send(
            Request::post("/logout")
                .header("cookie", &cookie)
                .header("origin", SITE)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 303);
    assert!(res.header("set-cookie").contains("Max-Age=0"));
    assert_eq!(
        user_session::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap(),
        0
    );
    let res = get_with_cookie(&app, "/dashboard", &cookie).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/login?next=/dashboard");
}

#[tokio::test]
async fn session_cookie_attributes() {
    let app = spawn().await;
    signed_in(&app, "a@example.id", true).await;
    let res = app
        .send(form_post(
            "/login",
            &format!("email=a@example.id&password={}&remember=1", PASSWORD_FORM),
        ))
        .await;
    let set = res.header("set-cookie").to_owned();
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Lax"), "{set}");
    assert!(set.contains("Path=/"), "{set}");
    assert!(
        set.contains("Max-Age=604800"),
        "remember me lasts USER_SESSION_TTL: {set}"
    );
    assert!(!set.contains("Secure"), "http site: {set}");
    let token = set
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("trx_user=");
    assert_eq!(token.len(), 64, "32 random bytes, hex");
    // Only the hash is stored.
    let rows = user_session::Entity::find()
        .all(app.db.reader())
        .await
        .unwrap();
    assert!(rows.iter().all(|r| r.token_hash != token));
    assert!(rows
        .iter()
        .any(|r| r.token_hash == domain::accounts::sha256_hex(token)));
    // Without "remember me": a browser-session cookie (no Max-Age).
    let res = app
        .send(form_post(
            "/login",
            &format!("email=a@example.id&password={}", PASSWORD_FORM),
        ))
        .await;
    assert!(!res.header("set-cookie").contains("Max-Age"));
    // Each login gets a new token.
    assert_ne!(session_cookie(&res), format!("trx_user={token}"));
}

#[tokio::test]
async fn registration_validates_and_does_not_reveal_existing_accounts() {
    let app = spawn().await;
    let res = app
        .send(form_post("/register", "name=D&email=bukan&password=123"))
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains(r#"aria-invalid="true""#));
    assert!(!res.body.contains("123"), "password echoed back");
    let res = app
        .send(form_post(
            "/register",
            "name=Dewi&email=d@example.id&password=password123",
        ))
        .await;
    assert_eq!(res.status, 422, "common password accepted");
    assert_eq!(
        user::Entity::find().count(app.db.reader()).await.unwrap(),
        0
    );

    let body = format!("name=Dewi&email=d@example.id&password={}", PASSWORD_FORM);
    let first = app.send(json_form_post("/register", &body)).await;
    let again = app.send(json_form_post("/register", &body)).await;
    assert_eq!(first.status, 200);
    assert_eq!(
        (first.status, &first.body),
        (again.status, &again.body),
        "duplicate answered differently"
    );
    assert_eq!(
        user::Entity::find().count(app.db.reader()).await.unwrap(),
        1
    );
}

#[tokio::test]
async fn login_rules() {
    let app = spawn().await;
    // Registered but not verified.
    app.send(form_post(
        "/register",
        &format!("name=Budi&email=budi@example.id&password={}", PASSWORD_FORM),
    ))
    .await;
    let res = app
        .send(json_form_post(
            "/login",
            &format!("email=budi@example.id&password={}", PASSWORD_FORM),
        ))
        .await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("email_not_verified"));
    // Wrong password and unknown e-mail answer the same.
    let wrong = app
        .send(json_form_post(
            "/login",
            "email=budi@example.id&password=salah%20sekali%20ini",
        ))
        .await;
    let unknown = app
        .send(json_form_post(
            "/login",
            "email=siapa@example.id&password=salah%20sekali%20ini",
        ))
        .await;
    assert_eq!(wrong.status, 401);
    assert_eq!((wrong.status, &wrong.body), (unknown.status, &unknown.body));
    // The page says it plainly without JavaScript.
    let res = app
        .send_from(
            "198.51.100.99",
            form_post(
                "/login",
                "email=siapa@example.id&password=salah%20sekali%20ini",
            ),
        )
        .await;
    assert!(res.body.contains("Email atau kata sandi salah."));
}

#[tokio::test]
async fn sixth_login_attempt_in_a_minute_is_rate_limited() {
    let app = spawn().await;
    for _ in 0..5 {
        let res = app
            .send_from(
                "203.0.113.50",
                json_form_post("/login", "email=x@example.id&password=apa%20saja%20deh"),
            )
            .await;
        assert_eq!(res.status, 401);
    }
    let res = app
        .send_from(
            "203.0.113.50",
            json_form_post("/login", "email=x@example.id&password=apa%20saja%20deh"),
        )
        .await;
    assert_eq!(res.status, 429);
    assert!(res.header("retry-after").parse::<u64>().unwrap() >= 1);
    let res = app
        .send_from(
            "203.0.113.50",
            form_post("/register", "name=X&email=x@example.id&password=x"),
        )
        .await;
    // Refused for its weak password, not for the login's spent budget.
    assert_eq!(res.status, 422, "each endpoint has its own budget");
    assert!(res.body.contains("Kata sandi minimal"), "{}", res.body);
    for path in ["/forgot-password", "/verify-email/resend"] {
        for _ in 0..5 {
            app.send_from("203.0.113.51", json_form_post(path, "email=x@example.id"))
                .await;
        }
        let res = app
            .send_from("203.0.113.51", form_post(path, "email=x@example.id"))
            .await;
        assert_eq!(res.status, 429, "{path}");
        assert!(res.body.contains("Terlalu banyak pengiriman"), "{path}");
    }
}

#[tokio::test]
async fn dashboard_refuses_guests_forged_and_expired_sessions() {
    let app = spawn().await;
    let res = app.get("/dashboard/profile?tab=1").await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.header("location"),
        "/login?next=/dashboard/profile%3Ftab%3D1"
    );
    let forged = format!("trx_user={}", "ab".repeat(32));
    let res = get_with_cookie(&app, "/dashboard", &forged).await;
    assert_eq!(res.status, 303);
    assert!(
        res.header("set-cookie").contains("Max-Age=0"),
        "forged cookie not cleared"
    );

    let cookie = signed_in(&app, "e@example.id", false).await;
    // Expire the session in the database.
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let row = user_session::Entity::find()
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let mut row: user_session::ActiveModel = row.into();
    row.expires_at = Set(chrono::Utc::now() - chrono::Duration::minutes(1));
    row.update(app.db.writer()).await.unwrap();
    assert_eq!(
        get_with_cookie(&app, "/dashboard", &cookie).await.status,
        303
    );

    // Server functions check the session too.
    for f in [
        "/api/account/me",
        "/api/account/overview",
        "/api/account/sessions",
    ] {
        let res = app
            .send(
                Request::post(f)
                    .header("origin", SITE)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status, 401, "{f}: {}", res.body);
    }
    // Members are not clients: the clients' login page tells them so.
    let cookie = signed_in(&app, "f@example.id", false).await;
    let res = get_with_cookie(&app, "/client", &cookie).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/client/login?bukan-klien=1");
    let res = get_with_cookie(&app, "/client/login?bukan-klien=1", &cookie).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(
        res.body.contains("belum terdaftar sebagai klien"),
        "{}",
        res.body
    );
    assert!(res.body.contains("href=\"/dashboard\""), "{}", res.body);
}

#[tokio::test]
async fn next_is_kept_only_for_paths_on_this_site() {
    let app = spawn().await;
    signed_in(&app, "g@example.id", false).await;
    let login = |next: &str| format!("email=g@example.id&password={}&next={next}", PASSWORD_FORM);
    let res = app
        .send_from(
            "192.0.2.1",
            form_post("/login", &login("%2Fdashboard%2Fprofile")),
        )
        .await;
    assert_eq!(res.header("location"), "/dashboard/profile");
    for (i, evil) in [
        "https%3A%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "%2F%5Cevil.example",
        "javascript%3Aalert(1)",
    ]
    .iter()
    .enumerate()
    {
        let res = app
            .send_from(
                &format!("192.0.2.{}", i + 2),
                form_post("/login", &login(evil)),
            )
            .await;
        assert_eq!(res.header("location"), "/dashboard", "{evil}");
    }
}

#[tokio::test]
async fn verification_tokens_are_single_use() {
    let app = spawn().await;
    app.send(form_post(
        "/register",
        &format!("name=Hana&email=h@example.id&password={}", PASSWORD_FORM),
    ))
    .await;
    let token = token_from_mail(&app, "h@example.id", "/verify-email").await;
    // Following the link only shows a button; it does not use the token.
    let page = app.get(&format!("/verify-email?token={token}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Verifikasi email saya"));
    assert_eq!(
        app.send(form_post("/verify-email", &format!("token={token}")))
            .await
            .status,
        303
    );
    let again = app
        .send(form_post("/verify-email", &format!("token={token}")))
        .await;
    assert_eq!(again.status, 400);
    assert!(again.body.contains("tidak valid atau sudah kedaluwarsa"));
}

#[tokio::test]
async fn password_reset_revokes_sessions_and_is_enumeration_safe() {
    let app = spawn().await;
    let cookie = signed_in(&app, "i@example.id", true).await;
    let known = app
        .send(json_form_post("/forgot-password", "email=i@example.id"))
        .await;
    let unknown = app
        .send(json_form_post(
            "/forgot-password",
            "email=tidakada@example.id",
        ))
        .await;
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    let token = token_from_mail(&app, "i@example.id", "/reset-password").await;
    let res = app
        .send(form_post(
            "/reset-password",
            &format!("token={token}&password=pendek"),
        ))
        .await;
    assert_eq!(res.status, 422);
    let res = app
        .send(form_post(
            "/reset-password",
            &format!("token={token}&password=teh%20tarik%20tanpa%20gula"),
        ))
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/login?diatur-ulang=1");
    // Every session is gone; the old cookie no longer opens the dashboard.
    assert_eq!(
        get_with_cookie(&app, "/dashboard", &cookie).await.status,
        303
    );
    let res = app
        .send(form_post(
            "/reset-password",
            &format!("token={token}&password=teh%20tarik%20tanpa%20gula"),
        ))
        .await;
    assert_eq!(res.status, 400, "reset token reused");
    let res = app
        .send(form_post(
            "/login",
            "email=i@example.id&password=teh%20tarik%20tanpa%20gula",
        ))
        .await;
    assert_eq!(res.status, 303);
}

#[tokio::test]
async fn stored_password_hash_is_argon2id_with_the_required_cost() {
    let app = spawn().await;
    signed_in(&app, "j@example.id", false).await;
    let u = user::Entity::find()
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    assert!(u.password_hash.starts_with("$argon2id$"));
    let p = domain::accounts::hash_params(&u.password_hash).unwrap();
    assert!(
        p.m_cost_kib >= 19456 && p.t_cost >= 2 && p.p_cost >= 1,
        "{p:?}"
    );
}

fn multipart(cookie: &str, file_name: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "XyZzYboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"{file_name}\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::post("/dashboard/profile/avatar")
        .header("cookie", cookie)
        .header("origin", SITE)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

fn avatars(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.dir.path().join("uploads/avatars"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn avatar_upload_checks_type_size_and_names() {
    let app = spawn().await;
    let cookie = signed_in(&app, "k@example.id", false).await;
    let png = [
        &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..],
        &[0u8; 100],
    ]
    .concat();

    // Wrong type renamed to .png: refused, nothing on disk.
    let res = app
        .send(multipart(
            &cookie,
            "foto.png",
            b"<html><script>alert(1)</script>",
        ))
        .await;
    assert_eq!(
        res.header("location"),
        "/dashboard/profile?foto=not_an_image"
    );
    assert!(avatars(&app).is_empty());
    // Too large: refused, nothing on disk.
    let big = [&png[..], &vec![0u8; 3 * 1024 * 1024]].concat();
    let res = app.send(multipart(&cookie, "besar.png", &big)).await;
    assert_eq!(res.header("location"), "/dashboard/profile?foto=too_large");
    assert!(avatars(&app).is_empty());
    // A path-traversal name is irrelevant: the stored name is random.
    let res = app
        .send(multipart(&cookie, "../../../etc/evil.png", &png))
        .await;
    assert_eq!(res.header("location"), "/dashboard/profile?foto=ok");
    let files = avatars(&app);
    assert_eq!(files.len(), 1);
    assert!(files[0].ends_with(".png") && !files[0].contains("evil"));
    assert!(!app.dir.path().join("etc").exists());
    // Served with a long cache; a new upload replaces the old file.
    let res = app.get(&format!("/uploads/avatars/{}", files[0])).await;
    assert_eq!(res.status, 200);
    assert!(res.header("cache-control").contains("immutable"));
    assert_eq!(res.header("x-content-type-options"), "nosniff");
    app.send(multipart(&cookie, "baru.png", &png)).await;
    let now = avatars(&app);
    assert_eq!(now.len(), 1);
    assert_ne!(now[0], files[0]);
    // The profile page shows it.
    let page = get_with_cookie(&app, "/dashboard/profile", &cookie).await;
    assert!(page.body.contains(&format!("/uploads/avatars/{}", now[0])));
    // Guests cannot upload.
    let res = app.send(multipart("trx_user=bogus", "a.png", &png)).await;
    assert_eq!(res.status, 303);
    assert!(res.header("location").starts_with("/login"));
}

#[tokio::test]
async fn sessions_can_be_listed_and_revoked_from_the_profile() {
    let app = spawn().await;
    let first = signed_in(&app, "l@example.id", false).await;
    let res = app
        .send_from(
            "192.0.2.77",
            form_post(
                "/login",
                &format!("email=l@example.id&password={}", PASSWORD_FORM),
            ),
        )
        .await;
    let second = session_cookie(&res);
    let call = |cookie: &str, f: &str, body: &str| {
        Request::post(f)
            .header("cookie", cookie)
            .header("origin", SITE)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let res = app.send(call(&second, "/api/account/sessions", "")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let other = list.iter().find(|s| s["current"] == false).unwrap();
    assert_eq!(other["ip"], "198.51.100.7");
    // Revoke the first session from the second.
    let res = app
        .send(call(
            &second,
            "/api/account/sessions/revoke",
            &format!("id={}", other["id"]),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        get_with_cookie(&app, "/dashboard", &first).await.status,
        303
    );
    assert_eq!(
        get_with_cookie(&app, "/dashboard", &second).await.status,
        200
    );
    // Another member's session id cannot be revoked.
    let third = signed_in(&app, "m@example.id", false).await;
    let mine = user_session::Entity::find()
        .order_by_desc(user_session::Column::Id)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let res = app
        .send(call(
            &second,
            "/api/account/sessions/revoke",
            &format!("id={}", mine.id),
        ))
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(
        get_with_cookie(&app, "/dashboard", &third).await.status,
        200
    );
    // Changing the password keeps this session and ends the others.
    let again = app
        .send_from(
            "192.0.2.78",
            form_post(
                "/login",
                &format!("email=l@example.id&password={}", PASSWORD_FORM),
            ),
        )
        .await;
    let again = session_cookie(&again);
    let res = app
        .send(call(
            &second,
            "/api/account/password",
            &format!(
                "current={}&new_password=es%20teler%20dingin%20sekali",
                PASSWORD_FORM
            ),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        get_with_cookie(&app, "/dashboard", &second).await.status,
        200
    );
    assert_eq!(
        get_with_cookie(&app, "/dashboard", &again).await.status,
        303
    );
}

#[tokio::test]
async fn dashboard_commerce_pages_show_the_members_own_rows_or_an_empty_state() {
    let app = spawn().await;
    let cookie = signed_in(&app, "pembeli@example.id", false).await;
    let pages = [
        ("/dashboard/orders", "Belum ada pesanan"),
        ("/dashboard/services", "Belum ada layanan"),
        ("/dashboard/subscriptions", "belum berlangganan"),
        ("/dashboard/downloads", "Belum ada file"),
        ("/dashboard/tools", "Belum ada tools atau akses web"),
    ];
    for (path, empty) in pages {
        let res = get_with_cookie(&app, path, &cookie).await;
        assert_eq!(res.status, 200, "{path}: {}", res.body);
        assert!(res.body.contains(empty), "{path}");
    }

    let id_of = |email: &'static str| {
        let db = app.db.clone();
        async move {
            user::Entity::find()
                .filter(user::Column::Email.eq(email))
                .one(db.reader())
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    let me = id_of("pembeli@example.id").await;
    signed_in(&app, "lain@example.id", false).await;
    let other = id_of("lain@example.id").await;
    let now = chrono::Utc::now();
    let key = domain::testing::member_purchases(&app.db, me, "SAYA", now).await;
    domain::testing::member_purchases(&app.db, other, "LAIN", now).await;

    let orders = get_with_cookie(&app, "/dashboard/orders", &cookie)
        .await
        .body;
    for expected in [
        "TRX-SAYA-1",
        "TRX-SAYA-2",
        "TRX-SAYA-3",
        "Rp 249.000",
        "Lunas",
        "Menunggu pembayaran",
    ] {
        assert!(orders.contains(expected), "orders: {expected}");
    }
    assert!(
        !orders.contains("TRX-LAIN"),
        "another member's order leaked"
    );
    let services = get_with_cookie(&app, "/dashboard/services", &cookie)
        .await
        .body;
    assert!(services.contains("Website Company Profile") && !services.contains("TRX-SAYA-1"));
    let subs = get_with_cookie(&app, "/dashboard/subscriptions", &cookie)
        .await
        .body;
    assert!(subs.contains("Paket UMKM") && subs.contains("Aktif"));
    let downloads = get_with_cookie(&app, "/dashboard/downloads", &cookie)
        .await
        .body;
    // The licence by its last characters; the whole key is only e-mailed.
    assert!(downloads.contains("Faktur Kilat") && downloads.contains(key.suffix()));
    assert!(
        !downloads.contains("Cek SEO Instan"),
        "a tool is not a download"
    );
    let tools = get_with_cookie(&app, "/dashboard/tools", &cookie)
        .await
        .body;
    // What was bought, and each public tool with today's use on the plan.
    assert!(tools.contains("Cek SEO Instan") && tools.contains("Aktif sejak"));
    assert!(tools.contains("Hari ini dipakai 0 dari 30 kali"), "{tools}");

    // The server functions refuse strangers.
    for f in [
        "/api/account/orders",
        "/api/account/subscriptions",
        "/api/account/deliveries",
        "/api/account/licenses",
        "/api/account/tools",
        "/api/account/service-orders",
    ] {
        let res = app.send(common::server_fn_call(f, None, "kind=")).await;
        assert_eq!(res.status, 401, "{f}");
    }
    let one = common::server_fn_call("/api/account/service-order", None, "id=1");
    assert_eq!(app.send(one).await.status, 401);
}

#[tokio::test]
async fn sixth_registration_in_a_minute_is_refused_with_retry_after() {
    let app = spawn().await;
    let ip = "203.0.113.60";
    let register = |n: usize| {
        json_form_post(
            "/register",
            &format!("name=Budi&email=budi{n}@example.id&password={PASSWORD_FORM}"),
        )
    };
    for n in 0..5 {
        let res = app.send_from(ip, register(n)).await;
        assert_eq!(res.status, 200, "{n}: {}", res.body);
    }
    let res = app.send_from(ip, register(5)).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert!(res.header("retry-after").parse::<u64>().unwrap() >= 1);
    assert!(
        res.body.contains(r#""error":"rate_limited""#),
        "{}",
        res.body
    );
    // The refused one created nothing; another address still registers.
    let users = || user::Entity::find().count(app.db.reader());
    assert_eq!(users().await.unwrap(), 5);
    let res = app.send_from("203.0.113.61", register(6)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(users().await.unwrap(), 6);
}

/// The member server functions that change something, each with arguments
/// that would work for the member's own session.
fn member_writes(own_session: i32) -> [(&'static str, String); 4] {
    [
        (
            "/api/account/profile",
            "name=Diganti%20Orang&phone=081234567890".into(),
        ),
        (
            "/api/account/password",
            format!("current={PASSWORD_FORM}&new_password=es%20teler%20dingin%20sekali"),
        ),
        ("/api/account/sessions/revoke", format!("id={own_session}")),
        ("/api/account/sessions/revoke-others", String::new()),
    ]
}

#[tokio::test]
async fn member_writes_refuse_without_a_session_and_change_nothing() {
    let app = spawn().await;
    let cookie = signed_in(&app, "n@example.id", false).await;
    // A second session for revoke-others to end.
    app.send_from(
        "192.0.2.80",
        form_post(
            "/login",
            &format!("email=n@example.id&password={PASSWORD_FORM}"),
        ),
    )
    .await;
    let before = user::Entity::find().one(app.db.reader()).await.unwrap();
    let sessions = user_session::Entity::find()
        .all(app.db.reader())
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2);
    let forged = format!("trx_user={}", "ab".repeat(32));
    for (f, body) in member_writes(sessions[0].id) {
        for cookie in [None, Some(forged.as_str())] {
            let res = app.send(common::server_fn_call(f, cookie, &body)).await;
            assert_eq!(res.status, 401, "{f} {cookie:?}: {}", res.body);
            let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
            assert_eq!(v["error"], "unauthorized", "{f}: {}", res.body);
        }
    }
    // Name, phone and password hash as they were; both sessions alive.
    let after = user::Entity::find().one(app.db.reader()).await.unwrap();
    assert_eq!(after, before);
    assert_eq!(
        user_session::Entity::find()
            .all(app.db.reader())
            .await
            .unwrap(),
        sessions
    );
    assert_eq!(
        get_with_cookie(&app, "/dashboard", &cookie).await.status,
        200
    );
}

#[tokio::test]
async fn client_guard_lets_a_client_through_and_tells_a_member_they_are_not_one() {
    use domain::accounts::UserType;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let app = spawn().await;
    let member = signed_in(&app, "anggota@example.id", false).await;
    let client = signed_in(&app, "klien@example.id", false).await;
    let row = user::Entity::find()
        .filter(user::Column::Email.eq("klien@example.id"))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let mut row: user::ActiveModel = row.into();
    row.user_type = Set(UserType::Client);
    row.update(app.db.writer()).await.unwrap();

    let res = get_with_cookie(&app, "/client", &member).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/client/login?bukan-klien=1");
    // A guest asking for the portal goes to the clients' login, next kept.
    let res = app.get("/client/invoices").await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.header("location"),
        "/client/login?next=/client/invoices"
    );
    let login = app.get("/client/login?next=/client/invoices").await;
    assert_eq!(login.status, 200);
    assert!(login.body.contains("Portal Klien"), "{}", login.body);
    assert!(
        login
            .body
            .contains("name=\"next\" value=\"/client/invoices\""),
        "{}",
        login.body
    );
    let res = get_with_cookie(&app, "/client", &client).await;
    // Past the guard (no redirect; it marks what it lets through no-store)
    // to the portal, whose data refuses a client not yet linked to
    // Ixonomic with a clear message (403), not a 500 or a loop.
    assert_eq!(res.status, 403, "{}", res.body);
    assert!(
        res.body.contains("belum terdaftar sebagai klien"),
        "{}",
        res.body
    );
    assert!(res.headers.get("location").is_none());
    assert_eq!(res.header("cache-control"), "no-store");
}

/// A visitor can find the member area from every public page: the navbar
/// offers "Masuk" and "Daftar" to a guest and the member's own area to a
/// member, whose name is shown escaped.
#[tokio::test]
async fn the_navbar_leads_guests_to_login_and_members_to_their_area() {
    let app = spawn().await;
    for path in ["/", "/products", "/blog", "/contact"] {
        let res = app.get(path).await;
        assert_eq!(res.status, 200, "{path}");
        assert!(res.body.contains(r#"href="/login""#), "{path}");
        assert!(res.body.contains(r#"href="/register""#), "{path}");
        assert!(!res.body.contains(r#"data-account="member""#), "{path}");
    }
    let cookie = signed_in(&app, "navbar@example.com", false).await;
    user::Entity::update_many()
        .col_expr(
            user::Column::Name,
            sea_orm::sea_query::Expr::value("Dewi <b>Lestari</b>"),
        )
        .filter(user::Column::Email.eq("navbar@example.com"))
        .exec(app.db.writer())
        .await
        .unwrap();
    for path in ["/", "/products"] {
        let res = get_with_cookie(&app, path, &cookie).await;
        assert_eq!(res.status, 200, "{path}");
        assert!(res.body.contains(r#"data-account="member""#), "{path}");
        assert!(res.body.contains(r#"href="/dashboard""#), "{path}");
        assert!(
            res.body.contains("Dewi &lt;b&gt;Lestari&lt;/b&gt;"),
            "{path}"
        );
        assert!(!res.body.contains(r#"data-account="guest""#), "{path}");
    }
    // A stale cookie is simply a guest on public pages (no 401, no error).
    let res = get_with_cookie(&app, "/", &format!("trx_user={}", "ab".repeat(32))).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains(r#"data-account="guest""#));
}
