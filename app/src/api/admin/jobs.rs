//! The background job queue as the admin sees it: what failed (with a
//! retry button) and what is waiting.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRow {
    pub id: i32,
    pub kind: String,
    pub attempts: String,
    /// When it runs next (pending) or last changed (failed).
    pub when: String,
    pub last_error: String,
}

/// Jobs with `status` ("failed" or "pending"), newest first, at most 100.
#[server(endpoint = "admin/jobs")]
pub async fn get_jobs(status: String) -> Result<Vec<JobRow>, AppError> {
    use domain::entities::job::JobStatus;
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let status = match status.as_str() {
        "failed" => JobStatus::Failed,
        "pending" => JobStatus::Pending,
        _ => return Err(AppError::not_found()),
    };
    let rows = domain::jobs::list(&st.db, status, 100).await?;
    Ok(rows
        .into_iter()
        .map(|j| JobRow {
            id: j.id,
            kind: j.kind,
            attempts: format!("{} / {}", j.attempts, j.max_attempts),
            when: super::wib(if status == JobStatus::Pending {
                j.run_after
            } else {
                j.updated_at
            }),
            last_error: j.last_error.unwrap_or_else(|| "-".into()),
        })
        .collect())
}

/// Runs a failed job again from its first attempt (audited).
#[server(endpoint = "admin/jobs/retry")]
pub async fn retry_job(id: i32) -> Result<(), AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::jobs::retry(&st.db, &actor, id, chrono::Utc::now()).await?;
    Ok(())
}
