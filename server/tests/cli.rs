//! The real binary as an operator runs it: `admin create` (the password on
//! stdin, never in argv), `migrate`, `seed-demo`, and `serve` with demo
//! content in production and stopped by SIGTERM.
mod common;

use common::process::{self, Server};
use std::{
    io::Write,
    process::{Command, Stdio},
};

fn admin_create(db_url: &str, email: &str, password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tiranyx"))
        .args(["admin", "create", "--email", email, "--name", "Operator"])
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn admin_create_reads_the_password_from_stdin_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());

    let out = admin_create(&url, "ops@tiranyx.test", "password");
    assert!(!out.status.success(), "a common password must be refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"));

    let out = admin_create(&url, "ops@tiranyx.test", "kopi tubruk tanpa gula");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("/admin/login"));

    let out = admin_create(&url, "ops@tiranyx.test", "kopi tubruk tanpa gula");
    assert!(!out.status.success(), "the same e-mail twice");

    let db = domain::Database::connect(&url).await.unwrap();
    let admin = domain::admin::find_by_email(&db, "ops@tiranyx.test")
        .await
        .unwrap()
        .expect("created");
    assert!(domain::accounts::verify_password(
        &admin.password_hash,
        "kopi tubruk tanpa gula"
    ));
}

// ---------------------------------------------------------------------------
// `migrate`, `seed-demo` and `serve` as an operator runs them: the real
// binary, a temporary SQLite file, and none of the caller's environment.

const SECRET: &str = "test-only-secret-0123456789-0123456789-abcdef";

fn sqlite_url(dir: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("ops.db").display())
}

/// The binary in `dir` on its SQLite file (see `common::process`).
fn tiranyx(dir: &std::path::Path, args: &[&str]) -> Command {
    process::command(dir, &sqlite_url(dir), args)
}

fn succeeds(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn count<E: sea_orm::EntityTrait>(db: &domain::Database) -> u64
where
    E::Model: Sync,
{
    use sea_orm::PaginatorTrait;
    E::find().count(db.reader()).await.unwrap()
}

#[tokio::test]
async fn migrate_and_seed_demo_work_and_running_them_twice_changes_nothing() {
    use domain::entities::{admin, post, product, service, user};
    let dir = tempfile::tempdir().unwrap();
    succeeds(&mut tiranyx(dir.path(), &["migrate"]));
    succeeds(&mut tiranyx(dir.path(), &["migrate"]));
    let db = domain::Database::connect(&sqlite_url(dir.path()))
        .await
        .unwrap();
    // The tables exist (a query on a missing one fails) and are empty.
    assert_eq!(count::<service::Entity>(&db).await, 0);
    assert_eq!(count::<user::Entity>(&db).await, 0);

    succeeds(&mut tiranyx(dir.path(), &["seed-demo"]));
    let seeded = (
        count::<service::Entity>(&db).await,
        count::<post::Entity>(&db).await,
        count::<product::Entity>(&db).await,
    );
    assert!(seeded.0 > 0 && seeded.1 > 0 && seeded.2 > 0, "{seeded:?}");
    succeeds(&mut tiranyx(dir.path(), &["seed-demo"]));
    let again = (
        count::<service::Entity>(&db).await,
        count::<post::Entity>(&db).await,
        count::<product::Entity>(&db).await,
    );
    assert_eq!(again, seeded, "a second seed-demo added rows");
    // Seeding content never creates an admin.
    assert_eq!(count::<admin::Entity>(&db).await, 0);
}

fn production_env(secret: &str) -> [(&str, &str); 8] {
    [
        (
            "TOTP_ENCRYPTION_KEY",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ),
        ("APP_ENV", "production"),
        ("DEMO_CONTENT", "true"),
        // Never contacted: no mail is sent during this test.
        ("SMTP_HOST", "127.0.0.1"),
        ("SMTP_PORT", "9"),
        ("USER_COOKIE_SECRET", secret),
        ("ADMIN_COOKIE_SECRET", secret),
        ("DOWNLOAD_SIGNING_SECRET", secret),
    ]
}

async fn demo_admins(dir: &std::path::Path) -> u64 {
    use domain::entities::admin;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let db = domain::Database::connect(&sqlite_url(dir)).await.unwrap();
    admin::Entity::find()
        .filter(admin::Column::Email.eq(domain::demo::DEMO_ADMIN_EMAIL))
        .count(db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn demo_content_in_production_never_creates_the_demo_admin() {
    // Development with the demo: the known admin exists (so the check
    // below can see one).
    let dev = tempfile::tempdir().unwrap();
    let server = Server::start(
        dev.path(),
        &sqlite_url(dev.path()),
        &[("DEMO_CONTENT", "true")],
    );
    assert!(server.terminate().success());
    assert_eq!(demo_admins(dev.path()).await, 1);

    let prod = tempfile::tempdir().unwrap();
    let server = Server::start(
        prod.path(),
        &sqlite_url(prod.path()),
        &production_env(SECRET),
    );
    // The demo content itself is loaded ...
    assert!(server
        .get("/")
        .contains("Pengembangan Website &amp; Aplikasi Web"));
    assert!(server.terminate().success());
    // ... but no admin with a published password.
    assert_eq!(demo_admins(prod.path()).await, 0);
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_and_flushes_page_views() {
    use domain::entities::{contact_message, page_view_daily};
    use sea_orm::EntityTrait;
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &sqlite_url(dir.path()),
        &[("DEMO_CONTENT", "true")],
    );
    let db = domain::Database::connect(&sqlite_url(dir.path()))
        .await
        .unwrap();

    // A counted page view, held in memory (the periodic flush is 30 s away).
    assert!(server.get("/").starts_with("HTTP/1.1 200"));
    assert_eq!(count::<page_view_daily::Entity>(&db).await, 0);

    // A form post whose body has not arrived yet: in flight.
    let body = "name=Budi&email=budi%40example.id&message=Pesan%20yang%20cukup%20panjang";
    let mut in_flight = server.connect().unwrap();
    write!(
        in_flight,
        "POST /contact HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1:{port}\r\n\
         Sec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {len}\r\nConnection: close\r\n\r\n",
        port = server.port,
        len = body.len()
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));

    let port = server.port;
    let pid = server.child.id();
    let exit = std::thread::spawn(move || server.terminate());
    // Shutdown has begun once new connections are refused.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "pid {pid} still accepts connections after SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    in_flight.write_all(body.as_bytes()).unwrap();
    let mut res = String::new();
    in_flight.read_to_string(&mut res).unwrap();
    assert!(res.starts_with("HTTP/1.1 303"), "{res}");
    assert!(res.contains("location: /contact?terkirim=1"), "{res}");

    let status = exit.join().unwrap();
    assert!(status.success(), "{status:?}");
    assert_eq!(count::<contact_message::Entity>(&db).await, 1);
    let views = page_view_daily::Entity::find()
        .all(db.reader())
        .await
        .unwrap();
    assert!(
        views.iter().any(|v| v.path == "/" && v.views >= 1),
        "{views:?}"
    );
}

/// SIGTERM with a drain pause: `/readyz` answers 503 at once while pages
/// are still served, and the page views held in memory are already saved
/// before the drain begins.
#[tokio::test]
async fn sigterm_makes_the_instance_unready_and_saves_page_views_before_draining() {
    use domain::entities::page_view_daily;
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &sqlite_url(dir.path()),
        &[("DEMO_CONTENT", "true"), ("SHUTDOWN_DRAIN_SECS", "3")],
    );
    let db = domain::Database::connect(&sqlite_url(dir.path()))
        .await
        .unwrap();
    assert!(server.get("/readyz").starts_with("HTTP/1.1 200"));
    assert!(server.get("/").starts_with("HTTP/1.1 200"));
    assert_eq!(count::<page_view_daily::Entity>(&db).await, 0);

    let sent = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let res = server.get("/readyz");
        if res.starts_with("HTTP/1.1 503") {
            assert!(res.contains(r#""draining":true"#), "{res}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "still ready: {res}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Still serving during the pause, with the views already saved.
    assert!(server.get("/livez").starts_with("HTTP/1.1 200"));
    let saved = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while count::<page_view_daily::Entity>(&db).await == 0 {
        assert!(
            std::time::Instant::now() < saved,
            "page views not saved before draining"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(server.connect().is_ok(), "the drain began before its pause");
    let status = server.terminate();
    assert!(status.success(), "{status:?}");
}

/// `MIGRATE_ON_START=false`: `serve` refuses a database that lacks
/// migrations and says what to run; after `tiranyx migrate` it starts.
#[tokio::test]
async fn with_migrations_off_at_start_serve_waits_for_tiranyx_migrate() {
    let dir = tempfile::tempdir().unwrap();
    let out = tiranyx(dir.path(), &["serve"])
        .env("MIGRATE_ON_START", "false")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tiranyx migrate"), "{err}");
    succeeds(&mut tiranyx(dir.path(), &["migrate"]));
    let server = Server::start(
        dir.path(),
        &sqlite_url(dir.path()),
        &[("MIGRATE_ON_START", "false")],
    );
    assert!(server.get("/readyz").starts_with("HTTP/1.1 200"));
}
