//! The data-layer test harness: every test runs against a fresh SQLite file
//! and, when `TIRANYX_TEST_POSTGRES_URL` is set (always in CI), a fresh
//! PostgreSQL database with the same migrations.
#![allow(dead_code)]
use chrono::Utc;
use domain::Database;
use sea_orm::{ConnectionTrait, Statement};

pub struct Backend {
    pub name: &'static str,
    pub db: Database,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> Backend {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
    let db = Database::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    Backend {
        name: "sqlite",
        db,
        _dir: Some(dir),
    }
}

/// The URL of a new, empty database on the test PostgreSQL server (None
/// when there is none outside CI).
pub async fn empty_postgres() -> Option<String> {
    let Ok(admin_url) = std::env::var("TIRANYX_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run the PostgreSQL tests: TIRANYX_TEST_POSTGRES_URL is not set"
        );
        announce_postgres_skipped();
        return None;
    };
    let admin = Database::connect(&admin_url).await.unwrap();
    // Tests of one process start together: the clock alone gave two of them
    // the same name.
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "tiranyx_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        Utc::now().timestamp_nanos_opt().unwrap()
    );
    admin
        .writer()
        .execute_raw(Statement::from_string(
            admin.backend(),
            format!("CREATE DATABASE {name}"),
        ))
        .await
        .unwrap();
    let base = admin_url.rsplit_once('/').unwrap().0;
    Some(format!("{base}/{name}"))
}

/// A fresh database on the test PostgreSQL server, so tests never share rows.
pub async fn postgres() -> Option<Backend> {
    let url = empty_postgres().await?;
    let db = Database::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    Some(Backend {
        name: "postgres",
        db,
        _dir: None,
    })
}

pub async fn backends() -> Vec<Backend> {
    let mut all = vec![sqlite().await];
    all.extend(postgres().await);
    all
}

/// Once per test process, past the test harness's output capture (which
/// swallowed the old per-test line).
fn announce_postgres_skipped() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** TIRANYX_TEST_POSTGRES_URL not set: the PostgreSQL half of these \
             data-layer tests was SKIPPED (source scripts/pg.sh to run it) ***"
        );
    });
}

/// A registered member (unverified, which the commerce queries do not
/// mind); their id.
pub async fn member(db: &Database, email: &str) -> i32 {
    use domain::accounts::{self, NewAccount, PasswordHasher, RegisterOutcome};
    let input = NewAccount {
        name: "Pembeli Uji".into(),
        email: email.into(),
        password: "kopi susu gula aren 2026".into(),
    };
    match accounts::register(
        db,
        &PasswordHasher::new(1),
        &input,
        "https://tiranyx.test",
        Utc::now(),
    )
    .await
    .unwrap()
    {
        RegisterOutcome::Created { user_id, .. } => user_id,
        other => panic!("{other:?}"),
    }
}
