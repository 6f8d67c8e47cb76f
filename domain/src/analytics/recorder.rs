//! Counts page views in memory and writes them to `page_views_daily` in
//! batches, so serving a page never waits for the database.
use crate::{entities::page_view_daily, error::DomainResult, Database};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait as _, OnConflict},
    ActiveValue::Set,
    EntityTrait, TransactionTrait,
};
use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

/// The `path` column holds 255 characters.
const PATH_MAX_CHARS: usize = 255;
/// Rows per INSERT: 3 parameters each stays far below SQLite's limit.
const ROWS_PER_INSERT: usize = 300;

/// Views not yet written, by (UTC day `YYYY-MM-DD`, path).
/// Ordered by (day, path): every instance's upsert then locks the rows in
/// the same order, so two instances flushing together on PostgreSQL cannot
/// deadlock.
type Counts = BTreeMap<(String, String), u64>;

/// Cheap to clone: every clone shares the same counters.
#[derive(Clone)]
pub struct PageViewRecorder {
    inner: Arc<Inner>,
}

struct Inner {
    db: Database,
    pending: Mutex<Counts>,
}

impl std::fmt::Debug for PageViewRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageViewRecorder")
            .field("pending_views", &self.pending_views())
            .finish()
    }
}

/// The path as counted: no query string or fragment, at most 255
/// characters, `/` when nothing is left.
pub fn normalize_path(path: &str) -> String {
    let end = path.find(['?', '#']).unwrap_or(path.len());
    let path = path[..end].trim();
    if path.is_empty() {
        return "/".to_owned();
    }
    path.chars().take(PATH_MAX_CHARS).collect()
}

impl PageViewRecorder {
    pub fn new(db: Database) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                pending: Mutex::new(Counts::new()),
            }),
        }
    }

    /// A poisoned lock only means another thread panicked while adding a
    /// number; the counts are still usable.
    fn lock(&self) -> MutexGuard<'_, Counts> {
        self.inner
            .pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts one view of `path` on `now`'s Jakarta day. Never waits for the
    /// database; call [`PageViewRecorder::flush`] to write.
    pub fn record(&self, path: &str, now: DateTime<Utc>) {
        let day = crate::jakarta::date(now).format("%Y-%m-%d").to_string();
        let key = (day, normalize_path(path));
        *self.lock().entry(key).or_insert(0) += 1;
    }

    /// Views counted but not written yet.
    pub fn pending_views(&self) -> u64 {
        self.lock().values().sum()
    }

    /// Adds the pending counts to `page_views_daily` in one transaction.
    /// On error the counts are put back, to be written by the next flush.
    pub async fn flush(&self) -> DomainResult<()> {
        let batch = std::mem::take(&mut *self.lock());
        if batch.is_empty() {
            return Ok(());
        }
        if let Err(e) = write(&self.inner.db, &batch).await {
            let mut pending = self.lock();
            for (key, n) in batch {
                *pending.entry(key).or_insert(0) += n;
            }
            return Err(e.into());
        }
        Ok(())
    }

    /// Flushes every `every` until the task is aborted. Errors are logged
    /// and the counts kept for the next round. Flush once more on shutdown.
    pub fn spawn_flusher(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let recorder = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // The first tick completes at once.
            ticks.tick().await;
            loop {
                ticks.tick().await;
                if let Err(e) = recorder.flush().await {
                    tracing::warn!(error = %e, "page views not written; kept for the next flush");
                }
            }
        })
    }
}

/// `INSERT ... ON CONFLICT (day, path) DO UPDATE SET views = views +
/// excluded.views`: the database adds, so several server processes can
/// flush at the same time without losing counts.
async fn write(db: &Database, batch: &Counts) -> Result<(), sea_orm::DbErr> {
    let rows: Vec<page_view_daily::ActiveModel> = batch
        .iter()
        .map(|((day, path), n)| page_view_daily::ActiveModel {
            day: Set(day.clone()),
            path: Set(path.clone()),
            views: Set(i64::try_from(*n).unwrap_or(i64::MAX)),
        })
        .collect();
    let txn = db.writer().begin().await?;
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        page_view_daily::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([page_view_daily::Column::Day, page_view_daily::Column::Path])
                    .value(
                        page_view_daily::Column::Views,
                        Expr::col((page_view_daily::Entity, page_view_daily::Column::Views))
                            .add(Expr::col(("excluded", page_view_daily::Column::Views))),
                    )
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await
}

#[cfg(test)]
mod tests {
    use super::normalize_path;

    #[test]
    fn paths_lose_query_and_fragment_and_are_capped() {
        assert_eq!(normalize_path("/blog?page=2"), "/blog");
        assert_eq!(normalize_path("/produk#harga"), "/produk");
        assert_eq!(normalize_path("?utm_source=x"), "/");
        assert_eq!(normalize_path(""), "/");
        let long = format!("/{}", "é".repeat(400));
        assert_eq!(normalize_path(&long).chars().count(), 255);
    }
}
