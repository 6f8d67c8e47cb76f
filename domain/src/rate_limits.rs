//! Rate limits every instance shares, counted in the database: a sliding
//! window estimated from two fixed windows (this one's hits plus the last
//! one's, weighted by how much of it still overlaps), as one atomic upsert
//! and one read. Used on PostgreSQL, where N instances serve; one SQLite
//! process keeps its limits in memory (`server::rate_limit`).
use crate::{error::DomainResult, Database};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

/// How long counts are kept: past the longest window any limit uses.
pub const KEEP: Duration = Duration::hours(2);

/// Counts a hit on `key` and says whether it is within `limit` per
/// `period`; `Err(wait)` when the client must wait. Refused hits count
/// too, so a flood keeps its sender waiting.
pub async fn hit(
    db: &Database,
    key: &str,
    limit: u32,
    period: Duration,
    now: DateTime<Utc>,
) -> DomainResult<Result<(), std::time::Duration>> {
    let p = period.num_milliseconds().max(1);
    let t = now.timestamp_millis();
    let window = t - t.rem_euclid(p);
    let backend = db.backend();
    let (upsert, read) = match backend {
        DatabaseBackend::Postgres => (
            "INSERT INTO rate_limit_hits (key, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1 \
             RETURNING hits",
            "SELECT hits FROM rate_limit_hits WHERE key = $1 AND window_start = $2",
        ),
        _ => (
            "INSERT INTO rate_limit_hits (key, window_start, hits) VALUES (?, ?, 1) \
             ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1 \
             RETURNING hits",
            "SELECT hits FROM rate_limit_hits WHERE key = ? AND window_start = ?",
        ),
    };
    let values = |w: i64| -> Vec<Value> { vec![key.into(), w.into()] };
    let hits = |row: Option<sea_orm::QueryResult>| -> DomainResult<i64> {
        Ok(match row {
            Some(r) => i64::from(r.try_get::<i32>("", "hits")?),
            None => 0,
        })
    };
    let w = db.writer();
    let current = hits(
        w.query_one_raw(Statement::from_sql_and_values(
            backend,
            upsert,
            values(window),
        ))
        .await?,
    )?;
    let previous = hits(
        w.query_one_raw(Statement::from_sql_and_values(
            backend,
            read,
            values(window - p),
        ))
        .await?,
    )?;
    let through = (t - window) as f64 / p as f64;
    let estimate = previous as f64 * (1.0 - through) + current as f64;
    if estimate <= f64::from(limit) {
        return Ok(Ok(()));
    }
    let wait_ms = (window + p - t).max(1000);
    Ok(Err(std::time::Duration::from_millis(wait_ms as u64)))
}

/// Deletes the counts of windows long past (the `upkeep.purge` job).
pub async fn purge(db: &Database, now: DateTime<Utc>) -> DomainResult<u64> {
    let before = (now - KEEP).timestamp_millis();
    let sql = match db.backend() {
        DatabaseBackend::Postgres => "DELETE FROM rate_limit_hits WHERE window_start < $1",
        _ => "DELETE FROM rate_limit_hits WHERE window_start < ?",
    };
    let res = db
        .writer()
        .execute_raw(Statement::from_sql_and_values(
            db.backend(),
            sql,
            [before.into()],
        ))
        .await?;
    Ok(res.rows_affected())
}
