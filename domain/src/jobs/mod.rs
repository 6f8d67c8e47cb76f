//! Durable background jobs: the one way background work is done.
//!
//! A use case that needs work done later (an e-mail, a delivery, a payment
//! effect) calls [`enqueue_in`] with the connection of its own transaction,
//! so the job exists exactly when the change that caused it was committed.
//! A [`Runner`] claims due jobs in batches under a lease (one statement, on
//! SQLite and on PostgreSQL with `FOR UPDATE SKIP LOCKED`), runs the kind's
//! handler, and completes the job only if it still owns it. A failed attempt
//! is retried with [`backoff`]; after `max_attempts` the job is `failed` and
//! kept for an admin to retry. A handler that knows when to try again (an
//! outside service said so: `Retry-After`, a rate limit's reset) fails with
//! [`JobError::retry_at`], and the next attempt is then, not after the
//! backoff. A job whose runner died is taken again once its lease has
//! passed.
//!
//! Delivery is at least once: a runner can die after the effect and before
//! completion. Exactly-once effect is each handler's own business: it must
//! be idempotent, keyed on what it does (a mail handler checks whether its
//! message is already sent; a delivery checks its purchase's state).
//!
//! Periodic work (scheduled publishing, purges) is one permanent row per
//! kind, rescheduled after each run, so N instances run it once per period.
pub mod catalog;
mod runner;
pub mod stats;
mod store;

pub use runner::{Handler, JobError, JobFuture, JobRun, Runner};
pub use store::{claim, complete, fail, fail_until, list, purge_finished, release, retry};

use crate::entities::job::{self, JobStatus};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde::Serialize;

/// Attempts a job gets unless it says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 6;

/// `last_error` keeps at most this many characters.
pub const MAX_ERROR_CHARS: usize = 500;

/// How long to wait after the `attempts`-th failure: 1 min, 5 min, 30 min,
/// 2 h, then 6 h for every later one.
pub fn backoff(attempts: i32) -> Duration {
    match attempts {
        i32::MIN..=1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(30),
        4 => Duration::hours(2),
        _ => Duration::hours(6),
    }
}

/// A job to enqueue: its kind, JSON payload and options.
#[derive(Debug, Clone)]
pub struct NewJob {
    kind: &'static str,
    payload: String,
    run_after: Option<DateTime<Utc>>,
    dedupe_key: Option<String>,
    max_attempts: i32,
}

impl NewJob {
    pub fn new(kind: &'static str, payload: &impl Serialize) -> Self {
        Self {
            kind,
            // A payload type that cannot serialise is a programming error
            // caught by every test of its kind; `null` keeps it visible.
            payload: serde_json::to_string(payload).unwrap_or_else(|_| "null".into()),
            run_after: None,
            dedupe_key: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// Not before `t` (default: at once).
    pub fn after(mut self, t: DateTime<Utc>) -> Self {
        self.run_after = Some(t);
        self
    }

    /// At most one job with this key ever exists (until it is purged): a
    /// second enqueue with the same key adds nothing.
    pub fn dedupe(mut self, key: impl Into<String>) -> Self {
        self.dedupe_key = Some(key.into());
        self
    }

    pub fn max_attempts(mut self, n: i32) -> Self {
        self.max_attempts = n.max(1);
        self
    }
}

/// Adds `job` through `conn`: pass the caller's transaction so the job is
/// committed (or rolled back) with the change that needs it. The new job's
/// id, or None when a job with the same dedupe key already exists.
pub async fn enqueue_in(
    conn: &impl ConnectionTrait,
    job: NewJob,
    now: DateTime<Utc>,
) -> Result<Option<i32>, DbErr> {
    let row = job::ActiveModel {
        kind: Set(job.kind.to_owned()),
        payload: Set(job.payload),
        dedupe_key: Set(job.dedupe_key),
        status: Set(JobStatus::Pending),
        run_after: Set(job.run_after.unwrap_or(now)),
        attempts: Set(0),
        max_attempts: Set(job.max_attempts),
        last_error: Set(None),
        locked_by: Set(None),
        locked_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    };
    let res = job::Entity::insert(row)
        .on_conflict_do_nothing_on([job::Column::DedupeKey])
        .exec(conn)
        .await;
    match res {
        Ok(sea_orm::TryInsertResult::Inserted(r)) => Ok(Some(r.last_insert_id)),
        Ok(_) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Like [`enqueue_in`], and when the job's dedupe key already has a row
/// that is finished (`done` or `failed`), arms that row again: pending at
/// `now` with a fresh set of attempts. One row per key ever, run again when
/// its cause is renewed (a member gives a new GitHub username). A pending
/// or running row is left as it is: it will read the new state when it
/// runs. True when a job is (again) due.
pub async fn rearm_in(
    conn: &impl ConnectionTrait,
    job: NewJob,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use sea_orm::{sea_query::Expr, ColumnTrait, QueryFilter};
    let key = job.dedupe_key.clone();
    if enqueue_in(conn, job, now).await?.is_some() {
        return Ok(true);
    }
    let Some(key) = key else {
        return Ok(false);
    };
    let res = job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Pending))
        .col_expr(job::Column::RunAfter, Expr::value(now))
        .col_expr(job::Column::Attempts, Expr::value(0))
        .col_expr(job::Column::LastError, Expr::value(Option::<String>::None))
        .col_expr(
            job::Column::FinishedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::DedupeKey.eq(key))
        .filter(job::Column::Status.is_in([JobStatus::Done, JobStatus::Failed]))
        .exec(conn)
        .await?;
    Ok(res.rows_affected > 0)
}

/// The dedupe key of a periodic kind's one row.
pub fn periodic_key(kind: &str) -> String {
    format!("periodic:{kind}")
}

pub fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((end, _)) => s[..end].to_owned(),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_schedule() {
        let mins: Vec<_> = (1..=7).map(|a| backoff(a).num_minutes()).collect();
        assert_eq!(mins, [1, 5, 30, 120, 360, 360, 360]);
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate_chars("abc", 5), "abc");
        assert_eq!(truncate_chars("ééééé", 3), "ééé");
        assert_eq!(truncate_chars(&"x".repeat(600), 500).len(), 500);
    }
}
