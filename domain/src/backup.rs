//! Backups of the embedded SQLite database and the uploaded files.
//! `VACUUM INTO` writes a consistent copy while the site keeps writing; the
//! daily backup (02:00 WIB, like the seed's) puts it beside a copy of the
//! upload folders, in a folder renamed into place only when complete, and
//! keeps 30 days. PostgreSQL is backed up by its own tools (`pg_dump`, or
//! base backups with WAL archiving for point-in-time recovery; README).
use crate::{jakarta, Database};
use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use sea_orm::{ConnectionTrait, Statement};
use std::path::{Path, PathBuf};

/// The database file inside a daily backup folder.
pub const DB_FILE: &str = "db.sqlite";
/// Copies of the upload folders inside a daily backup folder.
pub const FILES_DIR: &str = "files";
const DAILY_PREFIX: &str = "tiranyx-";
const DAILY_HOUR_WIB: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "PostgreSQL is backed up with pg_dump or base backups (see the README), not by tiranyx"
    )]
    Postgres,
    #[error("{0} already exists; choose a new file")]
    Exists(PathBuf),
    #[error("{0} is not a Tiranyx SQLite backup")]
    NotABackup(PathBuf),
    #[error("the database of DATABASE_URL already holds data; add --force to overwrite it")]
    NotEmpty,
    #[error("restore writes a SQLite database: DATABASE_URL must be sqlite://…")]
    NotSqliteTarget,
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
}

/// Writes a consistent copy of the database to `file` (which must not
/// exist), while writes go on.
pub async fn backup(db: &Database, file: &Path) -> Result<(), BackupError> {
    if db.is_postgres() {
        return Err(BackupError::Postgres);
    }
    if file.exists() {
        return Err(BackupError::Exists(file.to_owned()));
    }
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let path = file.to_string_lossy().replace('\'', "''");
    db.writer()
        .execute_raw(Statement::from_string(
            db.backend(),
            format!("VACUUM INTO '{path}'"),
        ))
        .await?;
    Ok(())
}

/// The daily backup into `dir`, once per Jakarta day from 02:00: the
/// database and the `folders` (uploads, private files); then folders older
/// than `keep_days` go. Running it again the same day changes nothing; a
/// run cut short leaves only a temporary folder, replaced by the next.
/// Returns the folder written, if any.
pub async fn daily(
    db: &Database,
    dir: &Path,
    folders: &[(&str, &Path)],
    keep_days: i64,
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>, BackupError> {
    if db.is_postgres() || jakarta::local(now).hour() < DAILY_HOUR_WIB {
        return Ok(None);
    }
    let day = jakarta::date(now);
    let done = dir.join(format!("{DAILY_PREFIX}{day}"));
    let written = if done.exists() {
        None
    } else {
        let partial = dir.join(format!(".partial-{DAILY_PREFIX}{day}"));
        if partial.exists() {
            std::fs::remove_dir_all(&partial)?;
        }
        std::fs::create_dir_all(&partial)?;
        backup(db, &partial.join(DB_FILE)).await?;
        for (name, from) in folders {
            if from.is_dir() {
                copy_dir(from, &partial.join(FILES_DIR).join(name))?;
            }
        }
        std::fs::rename(&partial, &done)?;
        Some(done)
    };
    prune(dir, day - Duration::days(keep_days))?;
    Ok(written)
}

/// Deletes daily folders of days before `oldest`.
fn prune(dir: &Path, oldest: NaiveDate) -> Result<(), BackupError> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let day = name
            .strip_prefix(DAILY_PREFIX)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        if day.is_some_and(|d| d < oldest) {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Restores `from` — a file from `tiranyx backup`, or a daily folder — into
/// the SQLite database at `target_url` (the server stopped), and a daily
/// folder's files into `folders`. Refuses a database that holds data
/// unless `force`.
pub async fn restore(
    from: &Path,
    target_url: &str,
    folders: &[(&str, &Path)],
    force: bool,
) -> Result<(), BackupError> {
    let Some(target) = sqlite_path(target_url) else {
        return Err(BackupError::NotSqliteTarget);
    };
    let (db_file, files) = if from.is_dir() {
        (from.join(DB_FILE), Some(from.join(FILES_DIR)))
    } else {
        (from.to_owned(), None)
    };
    if !is_sqlite(&db_file) {
        return Err(BackupError::NotABackup(from.to_owned()));
    }
    if target.exists() && !force && holds_data(target_url).await? {
        return Err(BackupError::NotEmpty);
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    // Copied beside the target, then renamed over it: never half a file.
    let incoming = target.with_extension("restoring");
    std::fs::copy(&db_file, &incoming)?;
    for stale in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{stale}", target.display()));
    }
    std::fs::rename(&incoming, &target)?;
    if let Some(files) = files.filter(|f| f.is_dir()) {
        for (name, to) in folders {
            let saved = files.join(name);
            if saved.is_dir() {
                copy_dir(&saved, to)?;
            }
        }
    }
    Ok(())
}

fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn is_sqlite(file: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    std::fs::File::open(file)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && &header == b"SQLite format 3\0"
}

/// Whether the database has any member, admin, order or post.
async fn holds_data(url: &str) -> Result<bool, BackupError> {
    let db = Database::connect(url).await?;
    for table in ["users", "admins", "orders", "posts"] {
        let sql = format!("SELECT 1 AS one FROM {table} LIMIT 1");
        // A fresh file has no tables yet: an error is "no rows" here.
        let row = db
            .reader()
            .query_one_raw(Statement::from_string(db.backend(), sql))
            .await;
        if let Ok(Some(_)) = row {
            return Ok(true);
        }
    }
    Ok(false)
}
