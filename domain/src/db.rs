//! Database connections. SQLite is the embedded default; PostgreSQL is used
//! when `DATABASE_URL` starts with `postgres://`.
//!
//! On SQLite, reads use a pool while every write goes through a pool of
//! exactly one connection: SQLite allows one writer at a time, and a single
//! writer connection means concurrent writers queue in the pool instead of
//! failing with `SQLITE_BUSY` or deadlocking on lock upgrades.
use migration::{IntoSchemaManagerConnection, Migrator, MigratorTrait, SchemaManager};
use sea_orm::{
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
    ConnectOptions, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, Statement,
    TransactionTrait,
};
use std::{
    collections::HashSet,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

/// The advisory lock key migrations hold on PostgreSQL ("TIRANYX" in ASCII
/// hex digits, so it cannot collide with a small hand-picked number).
const MIGRATION_LOCK: i64 = 0x54_49_52_41_4e_59_58;

#[derive(Clone, Debug)]
pub struct Database {
    read: DatabaseConnection,
    write: DatabaseConnection,
    generation: crate::generation::ContentGeneration,
    /// The site settings every page shows (`content::settings::for_pages`).
    site_settings: std::sync::Arc<crate::generation::Kept<crate::content::settings::SiteSettings>>,
    /// The rest of what public pages show (`Database::kept_for_pages`).
    kept_for_pages: crate::generation::KeptForPages,
    /// Connections each pool has opened since start, for `/metrics`: a
    /// number that keeps rising means connections are dropped and reopened.
    opened: Opened,
}

#[derive(Clone, Debug, Default)]
struct Opened {
    read: Arc<AtomicU64>,
    write: Arc<AtomicU64>,
}

/// How to reach PostgreSQL; SQLite ignores it.
#[derive(Clone, Debug)]
pub struct PoolOptions {
    /// Connections per instance (`DATABASE_POOL_SIZE`): with N instances
    /// the server must allow N times this, plus room for `psql`.
    pub size: u32,
    /// A replica for reads (`DATABASE_READ_URL`).
    pub read_url: Option<String>,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            size: 16,
            read_url: None,
        }
    }
}

impl Database {
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        Self::connect_with(url, &PoolOptions::default()).await
    }

    pub async fn connect_with(url: &str, pool: &PoolOptions) -> Result<Self, DbErr> {
        let mut opened = Opened::default();
        if url.starts_with("sqlite:") {
            create_parent_dir(url)?;
            let read = sqlite_options(url, 8, opened.read.clone());
            let read = sea_orm::Database::connect(read).await?;
            let write = sqlite_options(url, 1, opened.write.clone());
            let write = sea_orm::Database::connect(write).await?;
            return Ok(Self::of(read, write, opened));
        }
        let write = postgres_options(url, pool.size, opened.write.clone());
        let write = sea_orm::Database::connect(write).await?;
        let read = match &pool.read_url {
            Some(read_url) => {
                let read = postgres_options(read_url, pool.size, opened.read.clone());
                sea_orm::Database::connect(read).await?
            }
            None => {
                // The reader is the writer's pool.
                opened.read = opened.write.clone();
                write.clone()
            }
        };
        Ok(Self::of(read, write, opened))
    }

    fn of(read: DatabaseConnection, write: DatabaseConnection, opened: Opened) -> Self {
        Self {
            read,
            write,
            generation: Default::default(),
            site_settings: Default::default(),
            kept_for_pages: Default::default(),
            opened,
        }
    }

    pub(crate) fn site_settings(
        &self,
    ) -> &crate::generation::Kept<crate::content::settings::SiteSettings> {
        &self.site_settings
    }

    pub(crate) fn kept_for_pages_store(&self) -> &crate::generation::KeptForPages {
        &self.kept_for_pages
    }

    /// How many values of the pages' data are kept now.
    pub fn kept_for_pages_entries(&self) -> u64 {
        self.kept_for_pages.entries()
    }

    pub(crate) fn generation(&self) -> &crate::generation::ContentGeneration {
        &self.generation
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

    /// PostgreSQL, where several instances may serve one database.
    pub fn is_postgres(&self) -> bool {
        self.backend() == DatabaseBackend::Postgres
    }

    /// Applies pending migrations. On PostgreSQL in one transaction holding
    /// an advisory lock, so instances started together on a fresh database
    /// take turns: the first applies them, the others then find nothing to
    /// do (and a failed migration leaves nothing half done).
    pub async fn migrate(&self) -> Result<(), DbErr> {
        if self.backend() != DatabaseBackend::Postgres {
            return migrate_on(&self.write).await;
        }
        let txn = self.write.begin().await?;
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
            .await?;
        migrate_on(&txn).await?;
        txn.commit().await
    }

    /// How many migrations this binary knows that the database lacks
    /// (`/readyz`, and `serve` with `MIGRATE_ON_START=false`).
    pub async fn pending_migrations(&self) -> Result<usize, DbErr> {
        let applied = applied_versions(&self.read).await?;
        Ok(known_versions().difference(&applied).count())
    }
    /// The time by the database's clock on PostgreSQL, which every
    /// instance shares; SQLite's file lives on this machine, so its clock.
    pub async fn now(&self) -> Result<chrono::DateTime<chrono::Utc>, DbErr> {
        if self.backend() != DatabaseBackend::Postgres {
            return Ok(chrono::Utc::now());
        }
        let sql = "SELECT CURRENT_TIMESTAMP AS now";
        let row = self
            .read
            .query_one_raw(Statement::from_string(self.backend(), sql))
            .await?
            .ok_or_else(|| DbErr::Custom("CURRENT_TIMESTAMP returned no row".into()))?;
        row.try_get("", "now")
    }

    /// Each pool's connections, for `/metrics`.
    pub fn pool_use(&self) -> Vec<PoolUse> {
        let postgres = self.is_postgres();
        [
            ("reader", &self.read, &self.opened.read),
            ("writer", &self.write, &self.opened.write),
        ]
        .into_iter()
        .map(|(name, conn, opened)| {
            let (size, idle) = if postgres {
                let pool = conn.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            } else {
                let pool = conn.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            };
            PoolUse {
                name,
                open: size,
                idle,
                opened: opened.load(Ordering::Relaxed),
            }
        })
        .collect()
    }

    /// Round-trips a trivial query; used by `/healthz`.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.read
            .query_one_raw(Statement::from_string(self.backend(), "SELECT 1"))
            .await
            .map(|_| ())
    }
}

/// The migrations this binary carries.
fn known_versions() -> HashSet<String> {
    Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect()
}

/// The migrations the database has applied (none on a fresh one).
async fn applied_versions<C>(conn: &C) -> Result<HashSet<String>, DbErr>
where
    C: ConnectionTrait,
    for<'a> &'a C: IntoSchemaManagerConnection<'a>,
{
    let table = Migrator::migration_table_name().to_string();
    if !SchemaManager::new(conn).has_table(&table).await? {
        return Ok(HashSet::new());
    }
    let sql = format!("SELECT version FROM {table}");
    conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "version"))
        .collect()
}

/// Applies what the database lacks. A database already migrated by a newer
/// release (expand/contract: its extra migrations only added) is served as
/// it is, so an older instance keeps running during a rolling deploy or a
/// rollback; the migrator itself would refuse it.
async fn migrate_on<C>(conn: &C) -> Result<(), DbErr>
where
    C: ConnectionTrait,
    for<'a> &'a C: IntoSchemaManagerConnection<'a>,
{
    let (known, applied) = (known_versions(), applied_versions(conn).await?);
    let newer: Vec<_> = applied.difference(&known).collect();
    if newer.is_empty() {
        return Migrator::up(conn, None).await;
    }
    if known.is_subset(&applied) {
        tracing::warn!(
            ?newer,
            "the database has migrations newer than this binary; serving it as it is"
        );
        return Ok(());
    }
    Err(DbErr::Custom(format!(
        "the database has migrations this binary does not know ({newer:?}) and lacks some it knows"
    )))
}

/// One pool's connections (`Database::pool_use`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolUse {
    pub name: &'static str,
    pub open: u32,
    pub idle: usize,
    /// Opened since start.
    pub opened: u64,
}

fn postgres_options(url: &str, size: u32, opened: Arc<AtomicU64>) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(size.max(1))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_postgres_pool_opts(move |o| {
            let opened = opened.clone();
            o.after_connect(move |_, _| {
                opened.fetch_add(1, Ordering::Relaxed);
                Box::pin(async { Ok(()) })
            })
        });
    opts
}

fn sqlite_options(url: &str, max_connections: u32, opened: Arc<AtomicU64>) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url);
    // No ping before each use: a local file cannot lose its connection, and
    // every ping is a round trip to the connection's worker thread.
    opts.max_connections(max_connections)
        .min_connections(1)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        })
        .map_sqlx_sqlite_pool_opts(move |o| {
            let opened = opened.clone();
            o.after_connect(move |conn, _| {
                opened.fetch_add(1, Ordering::Relaxed);
                Box::pin(async move { stable_query_plans(conn).await })
            })
        });
    opts
}

/// Turns on SQLite's query planner stability guarantee for a new connection.
///
/// Without it SQLite plans some statements for the values bound to them (a
/// `LIMIT ?`, which every `.one()` has, a `LIKE ?`) and prepares them again
/// whenever a new value is bound, so the statement cache never helped them:
/// a tenth of a blog post's render went to re-parsing its one query
/// (`bench/README.md`, "Profile").
async fn stable_query_plans(
    conn: &mut sea_orm::sqlx::SqliteConnection,
) -> Result<(), sea_orm::sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    // SAFETY: `db` is the live connection `handle` keeps locked for this
    // call; the option takes an int and an optional int* for the old value.
    let rc = unsafe {
        libsqlite3_sys::sqlite3_db_config(
            db,
            libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as std::ffi::c_int,
            std::ptr::null_mut::<std::ffi::c_int>(),
        )
    };
    if rc != libsqlite3_sys::SQLITE_OK {
        return Err(sea_orm::sqlx::Error::Protocol(format!(
            "sqlite3_db_config(ENABLE_QPSG) returned {rc}"
        )));
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::c_int;

    /// Reads the planner option back from a pooled connection of each pool.
    #[tokio::test]
    async fn sqlite_connections_plan_once_whatever_is_bound() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/plans.db?mode=rwc", dir.path().display());
        let db = Database::connect(&url).await.unwrap();
        for pool in [db.reader(), db.writer()] {
            let mut conn = pool.get_sqlite_connection_pool().acquire().await.unwrap();
            let mut handle = conn.lock_handle().await.unwrap();
            let mut on: c_int = -1;
            // SAFETY: a live, locked connection; -1 only reads the option.
            let rc = unsafe {
                libsqlite3_sys::sqlite3_db_config(
                    handle.as_raw_handle().as_ptr(),
                    libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
                    -1 as c_int,
                    &mut on as *mut c_int,
                )
            };
            assert_eq!(rc, libsqlite3_sys::SQLITE_OK);
            assert_eq!(on, 1);
        }
    }
}
