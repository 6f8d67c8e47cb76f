//! Test harness: the real router on a temporary SQLite file with the demo
//! content, driven in-process with `tower::ServiceExt::oneshot`.
#![allow(dead_code)]
pub mod process;
use app::ssr::ServerState;
use axum::{
    body::Body,
    http::{HeaderMap, Request, StatusCode},
    Router,
};
use domain::{Config, Database};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;
use tiranyx_server::{build_app, AppState};
use tower::ServiceExt;

pub const SITE: &str = "http://127.0.0.1:3000";

pub struct TestApp {
    pub router: Router,
    pub page_views: domain::analytics::PageViewRecorder,
    pub db: Database,
    /// Private files, links and the download limit, as the server has them.
    pub deliverables: domain::deliverables::Deliverables,
    /// Tells the app a stop signal arrived (`/readyz`).
    pub lifecycle: tiranyx_server::health::Lifecycle,
    /// The public pages kept for anonymous visitors.
    pub render_cache: tiranyx_server::render_cache::RenderCache,
    pub dir: tempfile::TempDir,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as received (PDFs, images).
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("missing header {name}"))
    }
}

pub async fn spawn() -> TestApp {
    spawn_with(&[]).await
}

/// [`spawn`] with more configuration (e.g. a payment provider's URL).
pub async fn spawn_with(extra: &[(&str, &str)]) -> TestApp {
    let extra: Vec<(String, String)> = extra
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let (url, db) = test_database(&dir).await;
    domain::demo::load(&db, chrono::Utc::now()).await.unwrap();
    let uploads = dir.path().join("uploads").to_string_lossy().to_string();
    let private = dir.path().join("private").to_string_lossy().to_string();
    // As `serve` makes them at start.
    std::fs::create_dir_all(&uploads).unwrap();
    std::fs::create_dir_all(&private).unwrap();
    let config = Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        "UPLOADS_DIR" => Some(uploads.clone()),
        "PRIVATE_FILES_DIR" => Some(private.clone()),
        "SITE_URL" => Some(SITE.to_owned()),
        k => extra.iter().find(|(e, _)| e == k).map(|(_, v)| v.clone()),
    })
    .unwrap();
    let storage = domain::storage::Storage::from_config(&config).unwrap();
    let deliverables =
        domain::deliverables::Deliverables::from_config(&config, storage.private.clone());
    domain::deliverables::seed_demo_files(&db, &deliverables, chrono::Utc::now())
        .await
        .unwrap();
    let leptos_options = LeptosOptions::builder()
        .output_name("tiranyx")
        .site_root(dir.path().to_string_lossy().to_string())
        .build();
    let state = AppState::new(
        leptos_options,
        ServerState::new(
            db.clone(),
            Arc::new(config),
            domain::accounts::PasswordHasher::new(2),
            storage,
        ),
    );
    let (page_views, lifecycle) = (state.page_views.clone(), state.lifecycle.clone());
    let render_cache = state.render_cache.clone();
    let router = build_app(state);
    TestApp {
        router,
        page_views,
        db,
        deliverables,
        lifecycle,
        render_cache,
        dir,
    }
}

impl TestApp {
    pub async fn send(&self, req: Request<Body>) -> TestResponse {
        self.send_from("198.51.100.7", req).await
    }

    /// Sends as if from `ip`, which the rate limits key on.
    pub async fn send_from(&self, ip: &str, mut req: Request<Body>) -> TestResponse {
        let addr: std::net::SocketAddr = format!("{ip}:40000").parse().unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        // A stalled render fails the test fast instead of hanging CI.
        let limit = std::time::Duration::from_secs(30);
        let uri = req.uri().clone();
        let exchange = async {
            let res = self.router.clone().oneshot(req).await.unwrap();
            let status = res.status();
            let headers = res.headers().clone();
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            (status, headers, bytes)
        };
        let (status, headers, bytes) = tokio::time::timeout(limit, exchange)
            .await
            .unwrap_or_else(|_| panic!("{uri}: no answer within {limit:?}"));
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }
}

/// Every response, page or not, carries the security headers.
pub fn assert_security_headers(res: &TestResponse) {
    assert!(res.header("strict-transport-security").contains("max-age="));
    assert_eq!(res.header("x-content-type-options"), "nosniff");
    assert_eq!(
        res.header("referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    let csp = res.header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(!res.header("x-request-id").is_empty());
}

/// A form post as a browser without JavaScript sends it.
pub fn form_post(path: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header("origin", SITE)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// A form post by the holder of session `cookie`.
pub fn form_post_as(path: &str, body: &str, cookie: &str) -> Request<Body> {
    let mut req = form_post(path, body);
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    req
}

/// The same post sent by forms.js.
pub fn json_form_post(path: &str, body: &str) -> Request<Body> {
    let mut req = form_post(path, body);
    req.headers_mut()
        .insert("accept", "application/json".parse().unwrap());
    req
}

/// The test admins' password.
pub const ADMIN_PASSWORD: &str = "teh manis hangat sore";

/// Creates an admin with `ADMIN_PASSWORD`; returns its id.
pub async fn create_admin(app: &TestApp, email: &str) -> i32 {
    domain::admin::create_admin(
        &app.db,
        &domain::accounts::PasswordHasher::new(1),
        &domain::audit::Actor::system("test"),
        email,
        "Admin Uji",
        ADMIN_PASSWORD,
        chrono::Utc::now(),
    )
    .await
    .unwrap()
}

/// Logs in with the password; returns the `trx_admin=…` cookie pair and
/// where the response redirects.
pub async fn admin_password_login(app: &TestApp, email: &str) -> (String, String) {
    let body = format!(
        "email={email}&password={}",
        ADMIN_PASSWORD.replace(' ', "%20")
    );
    let res = app
        .send_from(&fresh_ip(), form_post("/admin/login", &body))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let cookie = res
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    (cookie, res.header("location").to_owned())
}

/// Turns two-factor on for the admin (as the enrolment page does); returns
/// the TOTP secret and the recovery codes. The enrolment uses the current
/// step's code, so the next code to work is the following step's.
pub async fn enrol_admin(app: &TestApp, id: i32) -> (String, Vec<String>) {
    let (keys, hasher) = (
        domain::admin::SealKeys::development(),
        domain::accounts::PasswordHasher::new(1),
    );
    let now = chrono::Utc::now();
    let e = domain::admin::begin_enrolment(
        &app.db,
        &hasher,
        &keys,
        id,
        domain::admin::Proof::default(),
        domain::admin::RequestSession::default(),
        now,
    )
    .await
    .unwrap();
    let code = domain::admin::totp::current_code(&e.secret_base32, now).unwrap();
    let enrolled = domain::admin::confirm_enrolment(
        &app.db,
        &hasher,
        &keys,
        &domain::audit::Actor::system("test"),
        id,
        &code,
        "",
        domain::admin::RequestSession::default(),
        domain::admin::Client::default(),
        now,
    )
    .await
    .unwrap();
    (e.secret_base32, enrolled.recovery_codes)
}

/// A client address of its own for each call, so helpers never use up a
/// test's per-IP login budget.
pub fn fresh_ip() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("198.18.{}.{}", (n >> 8) & 0xff, n & 0xff)
}

/// Sends the second-factor `code` with the pre-2FA `cookie`.
pub async fn second_factor(app: &TestApp, cookie: &str, code: &str) -> TestResponse {
    let mut req = form_post("/admin/login/2fa", &format!("code={code}"));
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    app.send_from(&fresh_ip(), req).await
}

/// The `name=value` part of a response's `Set-Cookie`.
pub fn cookie_pair(res: &TestResponse) -> String {
    res.header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// A fully signed-in admin with two-factor (password, then the next
/// step's code); returns the cookie pair, the TOTP secret and the
/// recovery codes.
pub async fn admin_with_totp(app: &TestApp, email: &str) -> (String, String, Vec<String>) {
    let id = create_admin(app, email).await;
    let (secret, recovery) = enrol_admin(app, id).await;
    let (pending, to) = admin_password_login(app, email).await;
    assert_eq!(to, "/admin/login/2fa");
    let code = domain::admin::totp::current_code(
        &secret,
        chrono::Utc::now() + chrono::Duration::seconds(30),
    )
    .unwrap();
    let res = second_factor(app, &pending, &code).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.header("location"), "/admin");
    (cookie_pair(&res), secret, recovery)
}

/// A fully signed-in admin (with two-factor, as every admin must);
/// returns the cookie pair.
pub async fn admin_session(app: &TestApp, email: &str) -> String {
    admin_with_totp(app, email).await.0
}

/// A server function call as the hydrated admin sends it.
pub fn server_fn_call(path: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut req = Request::post(path)
        .header("origin", SITE)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.body(Body::from(body.to_owned())).unwrap()
}

/// A JSON-encoded server function call.
pub fn server_fn_json(path: &str, cookie: Option<&str>, body: serde_json::Value) -> Request<Body> {
    let mut req = server_fn_call(path, cookie, "");
    req.headers_mut()
        .insert("content-type", "application/json".parse().unwrap());
    *req.body_mut() = Body::from(body.to_string());
    req
}

pub async fn get_with_cookie(app: &TestApp, path: &str, cookie: &str) -> TestResponse {
    app.send(
        Request::get(path)
            .header("cookie", cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// Set to `postgres` (the second server pass of `scripts/test.sh`) to run
/// the router tests on PostgreSQL instead of SQLite.
pub const SERVER_DB_VAR: &str = "TIRANYX_TEST_SERVER_DB";

/// One test's database, migrated: a fresh SQLite file in `dir`, or with
/// `TIRANYX_TEST_SERVER_DB=postgres` a fresh database on the server at
/// `TIRANYX_TEST_POSTGRES_URL`, so tests never share rows.
pub async fn test_database(dir: &tempfile::TempDir) -> (String, Database) {
    let url = if std::env::var(SERVER_DB_VAR).as_deref() == Ok("postgres") {
        fresh_postgres_database().await
    } else {
        announce_postgres_skipped();
        format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display())
    };
    let db = Database::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    (url, db)
}

async fn fresh_postgres_database() -> String {
    use sea_orm::ConnectionTrait;
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let admin_url = std::env::var("TIRANYX_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!("{SERVER_DB_VAR}=postgres needs TIRANYX_TEST_POSTGRES_URL (see scripts/pg.sh)")
    });
    let name = format!(
        "tiranyx_router_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let admin = Database::connect(&admin_url).await.unwrap();
    admin
        .writer()
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let base = admin_url.rsplit_once('/').unwrap().0;
    format!("{base}/{name}")
}

/// Once per test process, past the test harness's output capture: these
/// router tests ran on SQLite only because no PostgreSQL was given.
fn announce_postgres_skipped() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("TIRANYX_TEST_POSTGRES_URL").is_some() {
        return;
    }
    ONCE.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** router tests ran on SQLite only: the PostgreSQL pass was SKIPPED \
             (scripts/test.sh runs it; by hand: source scripts/pg.sh, then \
             {SERVER_DB_VAR}=postgres cargo test -p server) ***"
        );
    });
}

/// A verified member with a session; the cookie pair.
pub async fn verified_member(app: &TestApp, email: &str) -> String {
    let hasher = domain::accounts::PasswordHasher::new(1);
    let input = domain::accounts::NewAccount {
        name: "Pembeli Uji".into(),
        email: email.into(),
        password: "kopi susu gula aren 2026".into(),
    };
    let domain::accounts::RegisterOutcome::Created { verify_token, .. } =
        domain::accounts::register(&app.db, &hasher, &input, SITE, chrono::Utc::now())
            .await
            .unwrap()
    else {
        panic!("not created")
    };
    domain::accounts::verify_email(&app.db, &verify_token, chrono::Utc::now())
        .await
        .unwrap();
    let login = domain::accounts::login(
        &app.db,
        &hasher,
        email,
        &input.password,
        false,
        None,
        None,
        chrono::Duration::days(30),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    format!("trx_user={}", login.session_token)
}

/// The id of the member with `email`.
pub async fn user_id(app: &TestApp, email: &str) -> i32 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    domain::entities::user::Entity::find()
        .filter(domain::entities::user::Column::Email.eq(email))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The test site, as the domain's links need it.
pub fn site() -> domain::orders::Site {
    domain::orders::Site {
        url: SITE.parse().unwrap(),
    }
}

/// A 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// The admin editor's image upload (a server function taking multipart).
pub fn media_upload(file_name: &str, bytes: &[u8], cookie: Option<&str>) -> Request<Body> {
    let boundary = "----tiranyxtestboundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = Request::post("/api/admin/media/upload")
        .header("origin", SITE)
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        );
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.body(Body::from(body)).unwrap()
}
