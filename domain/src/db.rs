//! Database connections. SQLite is the embedded default; PostgreSQL is used
//! when `DATABASE_URL` starts with `postgres://`.
//!
//! On SQLite, reads use a pool while every write goes through a pool of
//! exactly one connection: SQLite allows one writer at a time, and a single
//! writer connection means concurrent writers queue in the pool instead of
//! failing with `SQLITE_BUSY` or deadlocking on lock upgrades.
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
    ConnectOptions, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, Statement,
};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Database {
    read: DatabaseConnection,
    write: DatabaseConnection,
}

impl Database {
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        if url.starts_with("sqlite:") {
            create_parent_dir(url)?;
            let read = sea_orm::Database::connect(sqlite_options(url, 8)).await?;
            let write = sea_orm::Database::connect(sqlite_options(url, 1)).await?;
            Ok(Self { read, write })
        } else {
            let mut opts = ConnectOptions::new(url);
            opts.max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .sqlx_logging(false);
            let conn = sea_orm::Database::connect(opts).await?;
            Ok(Self {
                read: conn.clone(),
                write: conn,
            })
        }
    }

    /// For queries that only read.
    pub fn reader(&self) -> &DatabaseConnection {
        &self.read
    }

    /// For anything that writes, including transactions that read first.
    pub fn writer(&self) -> &DatabaseConnection {
        &self.write
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.write.get_database_backend()
    }

    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.write, None).await
    }

    /// Round-trips a trivial query; used by `/healthz`.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.read
            .query_one_raw(Statement::from_string(self.backend(), "SELECT 1"))
            .await
            .map(|_| ())
    }
}

fn sqlite_options(url: &str, max_connections: u32) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        });
    opts
}

/// `sqlite://data/tiranyx.db` should work on a fresh checkout, so the folder
/// holding the file is created.
fn create_parent_dir(url: &str) -> Result<(), DbErr> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)
                .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
        }
    }
    Ok(())
}
