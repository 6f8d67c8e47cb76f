//! The queue's health as the operator's metrics show it (`/metrics`):
//! read from the `jobs` table, so every instance reports the same numbers.
use super::periodic_key;
use crate::{
    entities::job::{self, JobStatus},
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

#[derive(Debug, Clone, PartialEq)]
pub struct JobStats {
    /// Due and waiting for a runner (periodic rows included once due).
    pub due: u64,
    /// Gave up after their last attempt.
    pub failed: u64,
    /// How long the oldest due job has waited, in seconds (0 when none).
    pub oldest_due_secs: f64,
    pub periodic: Vec<PeriodicRun>,
}

/// The last run of one periodic kind.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodicRun {
    pub kind: String,
    pub last_run: Option<DateTime<Utc>>,
    pub last_failed: bool,
}

pub async fn stats(db: &Database, now: DateTime<Utc>) -> DomainResult<JobStats> {
    let due = || {
        job::Entity::find()
            .filter(job::Column::Status.eq(JobStatus::Pending))
            .filter(job::Column::RunAfter.lte(now))
    };
    let oldest = due()
        .order_by_asc(job::Column::RunAfter)
        .one(db.reader())
        .await?;
    let periodic = job::Entity::find()
        .filter(job::Column::DedupeKey.starts_with(periodic_key("")))
        .order_by_asc(job::Column::Kind)
        .all(db.reader())
        .await?
        .into_iter()
        .map(|j| PeriodicRun {
            last_failed: j.last_error.is_some(),
            last_run: j.finished_at,
            kind: j.kind,
        })
        .collect();
    Ok(JobStats {
        due: due().count(db.reader()).await?,
        failed: job::Entity::find()
            .filter(job::Column::Status.eq(JobStatus::Failed))
            .count(db.reader())
            .await?,
        oldest_due_secs: oldest.map_or(0.0, |j| {
            (now - j.run_after).num_milliseconds().max(0) as f64 / 1000.0
        }),
        periodic,
    })
}
