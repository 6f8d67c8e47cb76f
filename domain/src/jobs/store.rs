//! The `jobs` table's state changes. Every change a runner makes is
//! conditional on it still holding the job (`locked_by`, `status`), so a
//! runner whose lease ran out can never overwrite the work of the runner
//! that took the job over.
use super::{backoff, truncate_chars, MAX_ERROR_CHARS};
use crate::{
    audit::{self, Actor},
    entities::job::{self, Column, Entity as Jobs, JobStatus},
    error::{DomainError, DomainResult},
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, DatabaseBackend, EntityTrait, ExprTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement, TransactionTrait, Value,
};

/// Claims up to `limit` due jobs for `runner` until `now + lease`, in one
/// statement: pending jobs whose time has come, and running jobs whose
/// lease has passed (their runner died). Each claim counts as an attempt.
///
/// On PostgreSQL the candidate rows are locked with `FOR UPDATE SKIP
/// LOCKED`, so concurrent runners take disjoint batches without waiting;
/// the outer condition is checked again on the locked rows. SQLite has one
/// writer connection, so the statement is atomic there by construction.
pub async fn claim(
    db: &Database,
    runner: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> DomainResult<Vec<job::Model>> {
    let backend = db.backend();
    let (lock, mut n) = match backend {
        DatabaseBackend::Postgres => (" FOR UPDATE SKIP LOCKED", 0),
        _ => ("", -1),
    };
    // `$1, $2 …` on PostgreSQL, `?` elsewhere.
    let mut p = || {
        if n < 0 {
            "?".to_owned()
        } else {
            n += 1;
            format!("${n}")
        }
    };
    let due = |p: &mut dyn FnMut() -> String| {
        format!(
            "((status = 'pending' AND run_after <= {}) OR (status = 'running' AND locked_until <= {}))",
            p(),
            p()
        )
    };
    let set = format!(
        "UPDATE jobs SET status = 'running', locked_by = {}, locked_until = {}, \
         attempts = attempts + 1, updated_at = {}",
        p(),
        p(),
        p()
    );
    let inner = due(&mut p);
    let limit_p = p();
    let outer = due(&mut p);
    let sql = format!(
        "{set} WHERE id IN (SELECT id FROM jobs WHERE {inner} ORDER BY run_after, id \
         LIMIT {limit_p}{lock}) AND {outer} RETURNING *"
    );
    let t = Value::from(now);
    let values: Vec<Value> = vec![
        runner.into(),
        (now + lease).into(),
        t.clone(),
        t.clone(),
        t.clone(),
        (limit as i64).into(),
        t.clone(),
        t,
    ];
    let mut rows = Jobs::find()
        .from_raw_sql(Statement::from_sql_and_values(backend, sql, values))
        .all(db.writer())
        .await?;
    rows.sort_by_key(|j| (j.run_after, j.id));
    Ok(rows)
}

/// Marks a job `runner` holds as done. False when it no longer holds it
/// (its lease ran out and another runner took it).
pub async fn complete(
    db: &Database,
    job: &job::Model,
    runner: &str,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let res = let_go(job.id, runner, now)
        .col_expr(Column::Status, Expr::value(JobStatus::Done))
        .col_expr(Column::FinishedAt, Expr::value(Some(now)))
        .exec(db.writer())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Puts a periodic job back to pending, due at `next`. A failed run keeps
/// its error and attempt count; a successful one clears both.
pub async fn reschedule(
    db: &Database,
    job: &job::Model,
    runner: &str,
    next: DateTime<Utc>,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let (attempts, error) = match error {
        Some(e) => (
            Expr::col(Column::Attempts),
            Some(truncate_chars(e, MAX_ERROR_CHARS)),
        ),
        None => (Expr::value(0), None),
    };
    let res = let_go(job.id, runner, now)
        .col_expr(Column::Status, Expr::value(JobStatus::Pending))
        .col_expr(Column::RunAfter, Expr::value(next))
        .col_expr(Column::Attempts, attempts)
        .col_expr(Column::LastError, Expr::value(error))
        .col_expr(Column::FinishedAt, Expr::value(Some(now)))
        .exec(db.writer())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records a failed attempt: pending again after [`backoff`], or `failed`
/// once the job has used `max_attempts`. The error must hold no secret.
/// False when `runner` no longer holds the job.
pub async fn fail(
    db: &Database,
    job: &job::Model,
    runner: &str,
    error: &str,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    fail_until(db, job, runner, error, None, now).await
}

/// [`fail`], with the next attempt at `retry_at` (never before `now`)
/// instead of after the backoff, when the handler was told when to retry.
pub async fn fail_until(
    db: &Database,
    job: &job::Model,
    runner: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let (status, run_after) = if job.attempts >= job.max_attempts {
        (JobStatus::Failed, now)
    } else {
        let next = retry_at.map_or_else(|| now + backoff(job.attempts), |t| Ord::max(t, now));
        (JobStatus::Pending, next)
    };
    let res = let_go(job.id, runner, now)
        .col_expr(Column::Status, Expr::value(status))
        .col_expr(Column::RunAfter, Expr::value(run_after))
        .col_expr(
            Column::LastError,
            Expr::value(Some(truncate_chars(error, MAX_ERROR_CHARS))),
        )
        .col_expr(
            Column::FinishedAt,
            Expr::value((status == JobStatus::Failed).then_some(now)),
        )
        .exec(db.writer())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Gives back a claimed job that was not started (the runner is stopping):
/// pending at once, and the claim does not count as an attempt.
pub async fn release(
    db: &Database,
    job: &job::Model,
    runner: &str,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let res = let_go(job.id, runner, now)
        .col_expr(Column::Status, Expr::value(JobStatus::Pending))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).sub(1))
        .exec(db.writer())
        .await?;
    Ok(res.rows_affected == 1)
}

/// An update of job `id` at `now` that applies only while `runner` holds
/// it, and lets go of it (clears the lock).
fn let_go(id: i32, runner: &str, now: DateTime<Utc>) -> sea_orm::UpdateMany<Jobs> {
    Jobs::update_many()
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(Column::Id.eq(id))
        .filter(Column::LockedBy.eq(runner))
        .filter(Column::Status.eq(JobStatus::Running))
}

/// An admin retries a failed job: pending at once with a fresh set of
/// attempts, audited in the same transaction. Only `failed` jobs qualify.
pub async fn retry(db: &Database, actor: &Actor, id: i32, now: DateTime<Utc>) -> DomainResult<()> {
    let txn = db.writer().begin().await?;
    let res = Jobs::update_many()
        .col_expr(Column::Status, Expr::value(JobStatus::Pending))
        .col_expr(Column::RunAfter, Expr::value(now))
        .col_expr(Column::Attempts, Expr::value(0))
        .col_expr(
            Column::FinishedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(JobStatus::Failed))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    let kind: Option<String> = Jobs::find_by_id(id)
        .select_only()
        .column(Column::Kind)
        .into_tuple()
        .one(&txn)
        .await?;
    let summary = format!("tugas {} diulang", kind.unwrap_or_default());
    audit::record(&txn, actor, "job.retry", "job", Some(id), &summary, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Jobs with `status`, newest first (for the admin's job screen).
pub async fn list(db: &Database, status: JobStatus, limit: u64) -> DomainResult<Vec<job::Model>> {
    Ok(Jobs::find()
        .filter(Column::Status.eq(status))
        .order_by_desc(Column::UpdatedAt)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(db.reader())
        .await?)
}

/// Deletes done jobs finished before `before` (periodic rows are never
/// done, so they stay). Returns how many.
pub async fn purge_finished(db: &Database, before: DateTime<Utc>) -> DomainResult<u64> {
    let res = Jobs::delete_many()
        .filter(Column::Status.eq(JobStatus::Done))
        .filter(Column::FinishedAt.lt(before))
        .exec(db.writer())
        .await?;
    Ok(res.rows_affected)
}
