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
use std::{collections::HashSet, time::Duration};

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
        if url.starts_with("sqlite:") {
            create_parent_dir(url)?;
            let read = sea_orm::Database::connect(sqlite_options(url, 8)).await?;
            let write = sea_orm::Database::connect(sqlite_options(url, 1)).await?;
            return Ok(Self::of(read, write));
        }
        let write = sea_orm::Database::connect(postgres_options(url, pool.size)).await?;
        let read = match &pool.read_url {
            Some(read_url) => {
                sea_orm::Database::connect(postgres_options(read_url, pool.size)).await?
            }
            None => write.clone(),
        };
        Ok(Self::of(read, write))
    }

    fn of(read: DatabaseConnection, write: DatabaseConnection) -> Self {
        Self {
            read,
            write,
            generation: Default::default(),
            site_settings: Default::default(),
        }
    }

    pub(crate) fn site_settings(
        &self,
    ) -> &crate::generation::Kept<crate::content::settings::SiteSettings> {
        &self.site_settings
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

    /// Each pool's connections: (pool, open, idle), for `/metrics`.
    pub fn pool_use(&self) -> Vec<(&'static str, u32, usize)> {
        let postgres = self.is_postgres();
        [("reader", &self.read), ("writer", &self.write)]
            .into_iter()
            .map(|(name, conn)| {
                let (size, idle) = if postgres {
                    let pool = conn.get_postgres_connection_pool();
                    (pool.size(), pool.num_idle())
                } else {
                    let pool = conn.get_sqlite_connection_pool();
                    (pool.size(), pool.num_idle())
                };
                (name, size, idle)
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

fn postgres_options(url: &str, size: u32) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(size.max(1))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    opts
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
