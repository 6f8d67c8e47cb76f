//! Admin authentication through the real router: the separate `trx_admin`
//! cookie, two-factor, the guard, and server functions refusing strangers.
mod common;

use chrono::{Duration, Utc};
use common::{
    admin_password_login, admin_session, create_admin, form_post, get_with_cookie, server_fn_call,
    spawn, TestApp,
};
use domain::{
    admin::totp,
    audit::Actor,
    entities::{admin_session, audit_entry},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const DEV_SECRET: &str = "dev-only-secret-do-not-use-in-production-0123456789";

/// Every admin server function; each must refuse a request without an
/// active admin session.
/// Each with well-formed arguments, so only the session can be the reason.
pub const ADMIN_ENDPOINTS: &[(&str, &str)] = &[
    ("/api/admin/me", ""),
    ("/api/admin/2fa/begin", ""),
    ("/api/admin/2fa/confirm", "code=123456"),
    ("/api/admin/2fa/disable", "code=123456"),
    ("/api/admin/audit", "q=&page=1"),
];

async fn audit_count(app: &TestApp, action: &str) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .count(app.db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn password_login_opens_the_admin_with_a_strict_signed_cookie() {
    let app = spawn().await;
    // Guests are sent to the login page; the login page itself is open.
    let res = app.get("/admin").await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/admin/login");
    let res = app.get("/admin/posts").await;
    assert_eq!(res.header("location"), "/admin/login");
    let res = app.get("/admin/login").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Masuk admin"));
    assert_eq!(res.header("cache-control"), "no-store");

    create_admin(&app, "rina@tiranyx.test").await;
    let res = app
        .send(form_post(
            "/admin/login",
            "email=rina@tiranyx.test&password=salah%20sekali%20ini",
        ))
        .await;
    assert_eq!(res.status, 401);
    assert!(res.body.contains("Email atau kata sandi salah."));

    let res = app
        .send(form_post(
            "/admin/login",
            "email=rina@tiranyx.test&password=teh%20manis%20hangat%20sore",
        ))
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/admin");
    let set = res.header("set-cookie");
    assert!(set.starts_with("trx_admin="), "{set}");
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Strict"), "{set}");
    assert!(
        set.contains("Max-Age=86400") || set.contains("Max-Age=86399"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "http site: {set}");
    let cookie = set.split(';').next().unwrap().to_owned();
    // token.expiry.signature
    assert_eq!(cookie.split('.').count(), 3, "{cookie}");

    let res = get_with_cookie(&app, "/admin", &cookie).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.header("cache-control"), "no-store");
    assert!(res.body.contains("Menu admin"));
    assert_eq!(audit_count(&app, "admin.login").await, 1);

    // Logout ends the server-side session: the still-valid signed cookie
    // no longer opens anything.
    let mut req = form_post("/admin/logout", "");
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    let res = app.send(req).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), "/admin/login?keluar=1");
    assert!(res.header("set-cookie").contains("Max-Age=0"));
    assert_eq!(audit_count(&app, "admin.logout").await, 1);
    let res = get_with_cookie(&app, "/admin", &cookie).await;
    assert_eq!(res.header("location"), "/admin/login");
    assert_eq!(
        admin_session::Entity::find()
            .count(app.db.reader())
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn forged_tampered_and_expired_admin_cookies_are_refused() {
    let app = spawn().await;
    let cookie = admin_session(&app, "a@tiranyx.test").await;
    let value = cookie.trim_start_matches("trx_admin=");
    let (token, rest) = value.split_once('.').unwrap();
    let (expires, _sig) = rest.split_once('.').unwrap();

    let wrong_key = domain::admin::cookie::sign(
        b"another-secret-another-secret-another",
        token,
        Utc::now() + Duration::hours(1),
    );
    let expired = domain::admin::cookie::sign(
        DEV_SECRET.as_bytes(),
        token,
        Utc::now() - Duration::minutes(1),
    );
    let unknown = domain::admin::cookie::sign(
        DEV_SECRET.as_bytes(),
        &"ab".repeat(32),
        Utc::now() + Duration::hours(1),
    );
    let longer = format!("{token}.{}.{_sig}", expires.parse::<i64>().unwrap() + 3600);
    for bad in [
        wrong_key,
        expired,
        unknown,
        longer,
        token.to_owned(),
        format!("{token}.{expires}.00"),
    ] {
        let res = get_with_cookie(&app, "/admin", &format!("trx_admin={bad}")).await;
        assert_eq!(res.status, 303, "{bad}");
        assert_eq!(res.header("location"), "/admin/login");
        // The bad cookie is cleared.
        assert!(res.header("set-cookie").contains("Max-Age=0"), "{bad}");
    }
    // The genuine cookie still works.
    assert_eq!(get_with_cookie(&app, "/admin", &cookie).await.status, 200);
}

#[tokio::test]
async fn member_and_admin_sessions_never_open_each_other() {
    let app = spawn().await;
    let admin_cookie = admin_session(&app, "a@tiranyx.test").await;
    let admin_token = admin_cookie
        .trim_start_matches("trx_admin=")
        .split('.')
        .next()
        .unwrap()
        .to_owned();

    // A verified member with the same e-mail as the admin.
    let db = &app.db;
    let hasher = domain::accounts::PasswordHasher::new(1);
    let now = Utc::now();
    let input = domain::accounts::NewAccount {
        name: "Member".into(),
        email: "a@tiranyx.test".into(),
        password: common::ADMIN_PASSWORD.into(),
    };
    let domain::accounts::RegisterOutcome::Created { verify_token, .. } =
        domain::accounts::register(db, &hasher, &input, "http://127.0.0.1:3000", now)
            .await
            .unwrap()
    else {
        panic!("new member expected")
    };
    domain::accounts::verify_email(db, &verify_token, now)
        .await
        .unwrap();
    let login = domain::accounts::login(
        db,
        &hasher,
        "a@tiranyx.test",
        common::ADMIN_PASSWORD,
        false,
        None,
        None,
        Duration::days(7),
        now,
    )
    .await
    .unwrap();
    let member_cookie = format!("trx_user={}", login.session_token);
    assert_eq!(
        get_with_cookie(&app, "/dashboard", &member_cookie)
            .await
            .status,
        200
    );

    // The member's cookie, or its token in an admin cookie, opens no admin.
    assert_eq!(
        get_with_cookie(&app, "/admin", &member_cookie).await.status,
        303
    );
    let signed_member_token = domain::admin::cookie::sign(
        DEV_SECRET.as_bytes(),
        &login.session_token,
        now + Duration::hours(1),
    );
    let res = get_with_cookie(&app, "/admin", &format!("trx_admin={signed_member_token}")).await;
    assert_eq!(res.status, 303);
    let res = app
        .send(server_fn_call("/api/admin/me", Some(&member_cookie), ""))
        .await;
    assert_eq!(res.status, 401);

    // The admin's cookie, or its token as a member cookie, opens no dashboard.
    let res = get_with_cookie(&app, "/dashboard", &admin_cookie).await;
    assert_eq!(res.status, 303);
    assert!(res.header("location").starts_with("/login"));
    let res = get_with_cookie(&app, "/dashboard", &format!("trx_user={admin_token}")).await;
    assert_eq!(res.status, 303);
    let res = app
        .send(server_fn_call("/api/account/me", Some(&admin_cookie), ""))
        .await;
    assert_eq!(res.status, 401);
}

#[tokio::test]
async fn totp_is_required_once_enrolled_and_codes_are_single_use() {
    let app = spawn().await;
    let id = create_admin(&app, "t@tiranyx.test").await;
    let actor = Actor::system("test");
    let enrolment = domain::admin::begin_enrolment(&app.db, id).await.unwrap();
    assert!(enrolment.qr_svg.starts_with("<?xml") || enrolment.qr_svg.contains("<svg"));
    assert!(enrolment.otpauth_url.starts_with("otpauth://totp/"));
    let now = Utc::now();
    let first = totp::current_code(&enrolment.secret_base32, now).unwrap();
    let recovery = domain::admin::confirm_enrolment(&app.db, &actor, id, &first, now)
        .await
        .unwrap();
    assert_eq!(recovery.len(), 10);
    assert_eq!(audit_count(&app, "admin.2fa_enable").await, 1);

    // The password alone now leads to the code page, not the admin.
    let (pending, to) = admin_password_login(&app, "t@tiranyx.test").await;
    assert_eq!(to, "/admin/login/2fa");
    let res = get_with_cookie(&app, "/admin", &pending).await;
    assert_eq!(res.header("location"), "/admin/login/2fa");
    assert_eq!(
        app.send(server_fn_call("/api/admin/me", Some(&pending), ""))
            .await
            .status,
        401
    );
    assert_eq!(
        get_with_cookie(&app, "/admin/login/2fa", &pending)
            .await
            .status,
        200
    );

    let code_post = |code: &str| {
        let mut req = form_post("/admin/login/2fa", &format!("code={code}"));
        req.headers_mut().insert("cookie", pending.parse().unwrap());
        req
    };
    // Wrong code, and the code already used for enrolment (a replay).
    let res = app.send_from("198.51.100.8", code_post("000000")).await;
    assert_eq!(res.status, 401);
    assert!(res.body.contains("Kode verifikasi salah"));
    let res = app.send_from("198.51.100.8", code_post(&first)).await;
    assert_eq!(res.status, 401, "a used code must not work twice");

    // The next step's code works and re-signs the cookie for 24 hours.
    let next = totp::current_code(&enrolment.secret_base32, now + Duration::seconds(30)).unwrap();
    let res = app.send_from("198.51.100.8", code_post(&next)).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.header("location"), "/admin");
    let active = res
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(get_with_cookie(&app, "/admin", &active).await.status, 200);
    assert_eq!(
        app.send(server_fn_call("/api/admin/me", Some(&active), ""))
            .await
            .status,
        200
    );

    // A recovery code works once.
    let (pending, _) = admin_password_login(&app, "t@tiranyx.test").await;
    let use_recovery = |cookie: &str| {
        let mut req = form_post(
            "/admin/login/2fa",
            &format!("code={}", recovery[0].to_uppercase()),
        );
        req.headers_mut().insert("cookie", cookie.parse().unwrap());
        req
    };
    let ip = "198.51.100.9";
    assert_eq!(app.send_from(ip, use_recovery(&pending)).await.status, 303);
    let (pending, _) = admin_password_login(&app, "t@tiranyx.test").await;
    assert_eq!(app.send_from(ip, use_recovery(&pending)).await.status, 401);
}

#[tokio::test]
async fn admin_server_functions_refuse_without_an_admin_session() {
    let app = spawn().await;
    for (f, body) in ADMIN_ENDPOINTS {
        let res = app.send(server_fn_call(f, None, body)).await;
        assert_eq!(res.status, 401, "{f}: {}", res.body);
        assert!(res.body.contains("unauthorized"), "{f}: {}", res.body);
        let res = app
            .send(server_fn_call(f, Some("trx_admin=x.1.00"), body))
            .await;
        assert_eq!(res.status, 401, "{f}: {}", res.body);
    }
}

#[tokio::test]
async fn admin_login_is_rate_limited_per_ip() {
    let app = spawn().await;
    create_admin(&app, "r@tiranyx.test").await;
    for _ in 0..5 {
        let res = app
            .send_from(
                "203.0.113.9",
                form_post("/admin/login", "email=r@tiranyx.test&password=salah"),
            )
            .await;
        assert_eq!(res.status, 401);
    }
    let res = app
        .send_from(
            "203.0.113.9",
            form_post("/admin/login", "email=r@tiranyx.test&password=salah"),
        )
        .await;
    assert_eq!(res.status, 429);
    assert!(!res.header("retry-after").is_empty());
}

#[tokio::test]
async fn admin_pages_render_for_an_admin() {
    let app = spawn().await;
    let cookie = admin_session(&app, "p@tiranyx.test").await;
    for path in ["/admin", "/admin/security", "/admin/audit"] {
        let res = get_with_cookie(&app, path, &cookie).await;
        assert_eq!(res.status, 200, "{path}");
        common::assert_security_headers(&res);
    }
}
