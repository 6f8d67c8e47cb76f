//! What several instances share through the database. Migrations on a
//! fresh database: instances started together on PostgreSQL all come up
//! (the advisory lock makes them take turns), and a database already
//! migrated by a newer release is served as it is, so an older instance
//! keeps running during a rolling deploy or a rollback. The clock periodic
//! jobs go by is the database's.
mod common;

use domain::Database;
use sea_orm::{ConnectionTrait, Statement};

async fn empty_databases() -> Vec<(&'static str, String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}?mode=rwc", dir.path().join("m.db").display());
    let mut all = vec![("sqlite", sqlite, Some(dir))];
    if let Some(url) = common::empty_postgres().await {
        all.push(("postgres", url, None));
    }
    all
}

/// PostgreSQL only: SQLite is the one-instance embedded database.
#[tokio::test]
async fn instances_started_together_all_come_up() {
    for (name, url, _dir) in empty_databases().await {
        if name == "sqlite" {
            continue;
        }
        let mut dbs = Vec::new();
        for _ in 0..4 {
            dbs.push(Database::connect(&url).await.unwrap());
        }
        assert!(dbs[0].pending_migrations().await.unwrap() > 0, "{name}");
        let mut starts = tokio::task::JoinSet::new();
        for db in dbs.clone() {
            starts.spawn(async move { db.migrate().await });
        }
        while let Some(r) = starts.join_next().await {
            r.unwrap().unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert_eq!(dbs[0].pending_migrations().await.unwrap(), 0, "{name}");
        // Applied once each.
        let row = dbs[0]
            .reader()
            .query_one_raw(Statement::from_string(
                dbs[0].backend(),
                "SELECT COUNT(*) AS n, COUNT(DISTINCT version) AS d FROM seaql_migrations",
            ))
            .await
            .unwrap()
            .unwrap();
        let (n, d): (i64, i64) = (row.try_get("", "n").unwrap(), row.try_get("", "d").unwrap());
        assert_eq!(n, d, "{name}");
    }
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_release_is_served_as_it_is() {
    for (name, url, _dir) in empty_databases().await {
        let db = Database::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        db.writer()
            .execute_unprepared(
                "INSERT INTO seaql_migrations (version, applied_at) \
                 VALUES ('m20991231_000999_from_the_future', 0)",
            )
            .await
            .unwrap();
        db.migrate().await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(db.pending_migrations().await.unwrap(), 0, "{name}");
    }
}

#[tokio::test]
async fn the_database_tells_the_time() {
    for b in common::backends().await {
        let before = chrono::Utc::now();
        let now = b.db.now().await.unwrap();
        let after = chrono::Utc::now();
        // Same machine here: within the round trip, give or take a second.
        let slack = chrono::Duration::seconds(1);
        assert!(
            now >= before - slack && now <= after + slack,
            "{}: {now}",
            b.name
        );
    }
}
