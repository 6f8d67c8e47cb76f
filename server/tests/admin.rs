//! Admin authentication through the real router: the separate `trx_admin`
//! cookie, two-factor, the guard, and server functions refusing strangers.
mod common;

use chrono::{Duration, Utc};
use common::{
    admin_password_login, admin_session, admin_with_totp, cookie_pair, create_admin, enrol_admin,
    form_post, fresh_ip, get_with_cookie, second_factor, server_fn_call, spawn, TestApp,
};
use domain::{
    admin::totp,
    entities::{admin, admin_session, audit_entry},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const DEV_SECRET: &str = "dev-only-secret-do-not-use-in-production-0123456789";

/// Every admin server function; each must refuse a request without an
/// active admin session.
/// Each with well-formed arguments, so only the session can be the reason.
pub const ADMIN_ENDPOINTS: &[(&str, &str)] = &[
    ("/api/admin/me", ""),
    ("/api/admin/2fa/begin", "password=&code="),
    ("/api/admin/2fa/confirm", "code=123456&password="),
    ("/api/admin/2fa/disable", "password=x&code=123456"),
    ("/api/admin/sessions", ""),
    ("/api/admin/sessions/revoke", "id=1"),
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

    let id = create_admin(&app, "rina@tiranyx.test").await;
    let (secret, _) = enrol_admin(&app, id).await;
    let res = app
        .send(form_post(
            "/admin/login",
            "email=rina@tiranyx.test&password=salah%20sekali%20ini",
        ))
        .await;
    assert_eq!(res.status, 401);
    assert!(res.body.contains("Email atau kata sandi salah."));

    let (pending, to) = admin_password_login(&app, "rina@tiranyx.test").await;
    assert_eq!(to, "/admin/login/2fa");
    let code = totp::current_code(&secret, Utc::now() + Duration::seconds(30)).unwrap();
    let res = second_factor(&app, &pending, &code).await;
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
    let (secret, recovery) = enrol_admin(&app, id).await;
    assert_eq!(recovery.len(), 10);
    assert_eq!(audit_count(&app, "admin.2fa_enable").await, 1);
    // The seed is sealed at rest: the database never holds it in the clear.
    let stored = admin::Entity::find_by_id(id)
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let sealed = stored.totp_secret.unwrap();
    assert!(
        sealed.starts_with("v1:") && !sealed.contains(&secret),
        "{sealed}"
    );

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

    // Wrong code, and the code already used for enrolment (a replay).
    let now = Utc::now();
    let res = second_factor(&app, &pending, "000000").await;
    assert_eq!(res.status, 401);
    assert!(res.body.contains("Kode verifikasi salah"));
    let first = totp::current_code(&secret, now).unwrap();
    let res = second_factor(&app, &pending, &first).await;
    assert_eq!(res.status, 401, "a used code must not work twice");

    // The next step's code works and gives a new session: the pre-2FA
    // token is never promoted.
    let next = totp::current_code(&secret, now + Duration::seconds(30)).unwrap();
    let res = second_factor(&app, &pending, &next).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.header("location"), "/admin");
    let active = cookie_pair(&res);
    let token = |c: &str| {
        c.split('=')
            .nth(1)
            .unwrap()
            .split('.')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_ne!(token(&active), token(&pending));
    assert_eq!(get_with_cookie(&app, "/admin", &active).await.status, 200);
    assert_eq!(
        get_with_cookie(&app, "/admin", &pending)
            .await
            .header("location"),
        "/admin/login"
    );
    assert_eq!(
        app.send(server_fn_call("/api/admin/me", Some(&active), ""))
            .await
            .status,
        200
    );

    // A recovery code works once.
    let (pending, _) = admin_password_login(&app, "t@tiranyx.test").await;
    let res = second_factor(&app, &pending, &recovery[0].to_uppercase()).await;
    assert_eq!(res.status, 303);
    let (pending, _) = admin_password_login(&app, "t@tiranyx.test").await;
    let res = second_factor(&app, &pending, &recovery[0]).await;
    assert_eq!(res.status, 401);
}

/// Point 1 of the hardening issue: before, a correct password cleared the
/// counter, so "4 wrong codes, log in again, repeat" never locked.
#[tokio::test]
async fn second_factor_guesses_end_the_session_and_lock_the_account() {
    let app = spawn().await;
    let id = create_admin(&app, "g@tiranyx.test").await;
    let (secret, _) = enrol_admin(&app, id).await;
    let failures = || async {
        admin::Entity::find_by_id(id)
            .one(app.db.reader())
            .await
            .unwrap()
            .unwrap()
            .failed_logins
    };

    // Three wrong codes end the waiting session: the password is needed again.
    let (pending, _) = admin_password_login(&app, "g@tiranyx.test").await;
    for _ in 0..2 {
        assert_eq!(second_factor(&app, &pending, "111111").await.status, 401);
    }
    let res = second_factor(&app, &pending, "111111").await;
    assert_eq!(res.status, 401);
    assert!(
        res.body.contains("Sesi masuk sudah berakhir"),
        "{}",
        res.body
    );
    assert!(res.header("set-cookie").contains("Max-Age=0"));
    assert_eq!(
        get_with_cookie(&app, "/admin/login/2fa", &pending)
            .await
            .header("location"),
        "/admin/login"
    );
    assert_eq!(failures().await, 3);

    // A correct password does not clear the count; two more wrong codes
    // lock the second factor for the account.
    let (pending, _) = admin_password_login(&app, "g@tiranyx.test").await;
    assert_eq!(failures().await, 3, "the password must not clear it");
    assert_eq!(second_factor(&app, &pending, "222222").await.status, 401);
    assert_eq!(second_factor(&app, &pending, "333333").await.status, 401);
    assert_eq!(failures().await, 5);
    // Locked: even the right code is refused, from any client.
    let (pending, _) = admin_password_login(&app, "g@tiranyx.test").await;
    let good = totp::current_code(&secret, Utc::now() + Duration::seconds(30)).unwrap();
    let res = second_factor(&app, &pending, &good).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert!(!res.header("retry-after").is_empty());

    // `tiranyx admin unlock` lifts it; then the right code works and clears
    // the count.
    let actor = domain::audit::Actor::system("test");
    assert!(
        domain::admin::accounts::unlock(&app.db, &actor, "G@tiranyx.test", Utc::now())
            .await
            .unwrap()
    );
    assert_eq!(audit_count(&app, "admin.unlock").await, 1);
    let res = second_factor(&app, &pending, &good).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(failures().await, 0);
    assert!(
        !domain::admin::accounts::unlock(&app.db, &actor, "x@y.id", Utc::now())
            .await
            .unwrap()
    );
}

/// Point 2: with a stolen (active) session alone, two-factor can be
/// neither moved to another app nor switched off, nor can the stolen
/// session keep guessing (it ends after three wrong proofs).
#[tokio::test]
async fn changing_two_factor_needs_the_password_and_a_code() {
    let app = spawn().await;
    let (cookie, _secret, recovery) = admin_with_totp(&app, "c@tiranyx.test").await;
    let call = |path: &'static str, body: String| {
        let cookie = cookie.clone();
        let app = &app;
        async move { app.send(server_fn_call(path, Some(&cookie), &body)).await }
    };
    let pw = common::ADMIN_PASSWORD.replace(' ', "%20");
    let row = || async {
        admin::Entity::find()
            .filter(admin::Column::Email.eq("c@tiranyx.test"))
            .one(app.db.reader())
            .await
            .unwrap()
            .unwrap()
    };

    // Without the password, or with a wrong code: field errors, counted.
    let res = call("/api/admin/2fa/begin", "password=&code=".into()).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("\"password\""), "{}", res.body);
    let res = call("/api/admin/2fa/begin", format!("password={pw}&code=000000")).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("\"code\""), "{}", res.body);
    assert_eq!(row().await.failed_logins, 2);
    assert!(row().await.totp_pending_secret.is_none());

    // With the password and a recovery code, a new app can be set up (and
    // the count is cleared); confirming asks for the password again.
    let res = call(
        "/api/admin/2fa/begin",
        format!("password={pw}&code={}", recovery[0]),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(row().await.failed_logins, 0);
    let setup: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let new_secret = setup["secret"].as_str().unwrap().to_owned();
    let code = totp::current_code(&new_secret, Utc::now()).unwrap();
    let res = call(
        "/api/admin/2fa/confirm",
        format!("code={code}&password=salah"),
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
    let res = call(
        "/api/admin/2fa/confirm",
        format!("code={code}&password={pw}"),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let codes: Vec<String> = serde_json::from_str(&res.body).unwrap();
    // Recovery codes carry at least 112 bits: 24 characters of 31.
    assert!(
        codes.iter().all(|c| c.replace('-', "").len() == 24),
        "{codes:?}"
    );
    // The same code again (a double submit) does not enable it twice.
    let res = call(
        "/api/admin/2fa/confirm",
        format!("code={code}&password={pw}"),
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);

    // Switching off is refused: every admin must use two-factor.
    let res = call(
        "/api/admin/2fa/disable",
        format!("password={pw}&code={}", codes[0]),
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("wajib"), "{}", res.body);
    assert!(row().await.totp_secret.is_some());

    // A stolen session that keeps guessing ends after its third wrong
    // proof (the wrong password at confirmation was the first), before it
    // can lock the owner's second factor.
    let res = call("/api/admin/2fa/begin", "password=tebak&code=000000".into()).await;
    assert_eq!(res.status, 422, "{}", res.body);
    let res = call("/api/admin/2fa/begin", "password=tebak&code=000000".into()).await;
    assert_eq!(res.status, 401, "{}", res.body);
    assert_eq!(
        get_with_cookie(&app, "/admin", &cookie)
            .await
            .header("location"),
        "/admin/login"
    );
    assert!(
        row().await.locked_until.is_none(),
        "the owner is not locked out"
    );
}

/// The demo admin (development only) may switch two-factor off, with the
/// password and a current code.
#[tokio::test]
async fn the_demo_admin_may_switch_two_factor_off_with_proof() {
    let app = spawn().await;
    let (cookie, _, recovery) = admin_with_totp(&app, domain::demo::DEMO_ADMIN_EMAIL).await;
    let pw = common::ADMIN_PASSWORD.replace(' ', "%20");
    let res = app
        .send(server_fn_call(
            "/api/admin/2fa/disable",
            Some(&cookie),
            &format!("password={pw}&code=000000"),
        ))
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    let res = app
        .send(server_fn_call(
            "/api/admin/2fa/disable",
            Some(&cookie),
            &format!("password={pw}&code={}", recovery[1]),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(audit_count(&app, "admin.2fa_disable").await, 1);
}

/// Point 3: an admin without two-factor reaches only the enrolment page
/// until it is confirmed; the demo admin is the exception outside
/// production.
#[tokio::test]
async fn admins_without_two_factor_can_only_enrol() {
    let app = spawn().await;
    create_admin(&app, "e@tiranyx.test").await;
    let (enrolling, to) = admin_password_login(&app, "e@tiranyx.test").await;
    assert_eq!(to, "/admin/login/enrol");
    for path in [
        "/admin",
        "/admin/users",
        "/admin/security",
        "/admin/login/2fa",
    ] {
        let res = get_with_cookie(&app, path, &enrolling).await;
        assert_eq!(res.status, 303, "{path}");
        assert_eq!(res.header("location"), "/admin/login/enrol", "{path}");
    }
    let res = get_with_cookie(&app, "/admin/login/enrol", &enrolling).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Aktifkan verifikasi dua langkah"));
    for (f, body) in [("/api/admin/me", ""), ("/api/admin/audit", "q=&page=1")] {
        let res = app.send(server_fn_call(f, Some(&enrolling), body)).await;
        assert_eq!(res.status, 401, "{f}");
    }

    // Enrolment from that session: begin, then confirm with a code, which
    // replaces the session with a new, active one.
    let res = app
        .send(server_fn_call(
            "/api/admin/2fa/begin",
            Some(&enrolling),
            "password=&code=",
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let setup: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let code = totp::current_code(setup["secret"].as_str().unwrap(), Utc::now()).unwrap();
    let res = app
        .send(server_fn_call(
            "/api/admin/2fa/confirm",
            Some(&enrolling),
            &format!("code={code}&password="),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let active = cookie_pair(&res);
    assert!(active.starts_with("trx_admin="), "{active}");
    assert_eq!(get_with_cookie(&app, "/admin", &active).await.status, 200);
    assert_eq!(
        get_with_cookie(&app, "/admin/login/enrol", &enrolling)
            .await
            .header("location"),
        "/admin/login"
    );

    // The demo admin (development only) goes straight in.
    create_admin(&app, domain::demo::DEMO_ADMIN_EMAIL).await;
    let (_, to) = admin_password_login(&app, domain::demo::DEMO_ADMIN_EMAIL).await;
    assert_eq!(to, "/admin");
}

/// Point 7: sessions end after 30 idle minutes; an admin sees their own
/// sessions and can end the others.
#[tokio::test]
async fn admin_sessions_idle_out_and_can_be_listed_and_revoked() {
    let app = spawn().await;
    let (first, _, recovery) = admin_with_totp(&app, "s@tiranyx.test").await;
    // A second browser (with a recovery code: this step's code is used up).
    let (pending, _) = admin_password_login(&app, "s@tiranyx.test").await;
    let second = cookie_pair(&second_factor(&app, &pending, &recovery[0]).await);

    let res = app
        .send(server_fn_call("/api/admin/sessions", Some(&first), ""))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    let other = list.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_i64()
        .unwrap();
    let res = app
        .send(server_fn_call(
            "/api/admin/sessions/revoke",
            Some(&first),
            &format!("id={other}"),
        ))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        get_with_cookie(&app, "/admin", &second)
            .await
            .header("location"),
        "/admin/login"
    );
    // Someone else's (or an unknown) session cannot be ended.
    let res = app
        .send(server_fn_call(
            "/api/admin/sessions/revoke",
            Some(&first),
            "id=99999",
        ))
        .await;
    assert_eq!(res.status, 404, "{}", res.body);

    // 31 minutes without a request: the session has ended.
    use sea_orm::sea_query::Expr;
    admin_session::Entity::update_many()
        .col_expr(
            admin_session::Column::LastSeenAt,
            Expr::value(Utc::now() - Duration::minutes(31)),
        )
        .exec(app.db.writer())
        .await
        .unwrap();
    assert_eq!(
        get_with_cookie(&app, "/admin", &first)
            .await
            .header("location"),
        "/admin/login"
    );
}

/// Disabling an admin ends the sessions they have open: the next request
/// goes back to the login page (the session row and its admin are read
/// together, so neither check can be skipped).
#[tokio::test]
async fn a_disabled_admin_is_signed_out_of_open_sessions() {
    let app = spawn().await;
    let id = create_admin(&app, domain::demo::DEMO_ADMIN_EMAIL).await;
    let (cookie, _) = admin_password_login(&app, domain::demo::DEMO_ADMIN_EMAIL).await;
    assert_eq!(get_with_cookie(&app, "/admin", &cookie).await.status, 200);
    use sea_orm::sea_query::Expr;
    admin::Entity::update_many()
        .col_expr(admin::Column::DisabledAt, Expr::value(Some(Utc::now())))
        .filter(admin::Column::Id.eq(id))
        .exec(app.db.writer())
        .await
        .unwrap();
    assert_eq!(
        get_with_cookie(&app, "/admin", &cookie)
            .await
            .header("location"),
        "/admin/login"
    );
    let res = app
        .send(server_fn_call("/api/admin/sessions", Some(&cookie), ""))
        .await;
    assert_eq!(res.status, 401, "{}", res.body);
}

/// The second step spends the same per-client budget as the password.
#[tokio::test]
async fn the_second_factor_shares_the_admin_login_budget() {
    let app = spawn().await;
    let id = create_admin(&app, "b@tiranyx.test").await;
    enrol_admin(&app, id).await;
    let (pending, _) = admin_password_login(&app, "b@tiranyx.test").await;
    let ip = fresh_ip();
    for _ in 0..5 {
        let res = app
            .send_from(
                &ip,
                form_post("/admin/login", "email=b@tiranyx.test&password=salah"),
            )
            .await;
        assert_eq!(res.status, 401);
    }
    let mut req = form_post("/admin/login/2fa", "code=123456");
    req.headers_mut().insert("cookie", pending.parse().unwrap());
    let res = app.send_from(&ip, req).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert!(!res.header("retry-after").is_empty());
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
