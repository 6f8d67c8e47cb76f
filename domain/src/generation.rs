//! The content generation: a number that changes whenever something the
//! public pages show may have changed. The server's render cache keeps a
//! page only for the generation it was rendered in, so one bump makes every
//! cached page stale at once.
//!
//! Each instance holds the number in memory (a page hit reads no database).
//! On PostgreSQL, where several instances share one database, a change is
//! also announced with `NOTIFY`, and every instance follows the others with
//! `LISTEN` ([`follow_other_instances`]); SQLite has one instance only.
use crate::Database;
use sea_orm::{sqlx::postgres::PgListener, ConnectionTrait};
use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

/// The `LISTEN`/`NOTIFY` channel instances announce changes on.
const CHANNEL: &str = "tiranyx_content";

#[derive(Clone, Debug, Default)]
pub struct ContentGeneration(Arc<AtomicU64>);

impl ContentGeneration {
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    fn bump(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// A value read from the database for the pages, kept while the content
/// generation stays the same. The generation is read before the value, so a
/// value read during a change is kept under the older generation only.
#[derive(Debug)]
pub(crate) struct Kept<T>(std::sync::Mutex<Option<(u64, T)>>);

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept(std::sync::Mutex::new(None))
    }
}

impl<T: Clone> Kept<T> {
    pub(crate) async fn get_or_load<F>(
        &self,
        db: &Database,
        load: F,
    ) -> crate::error::DomainResult<T>
    where
        F: AsyncFnOnce(&Database) -> crate::error::DomainResult<T>,
    {
        let generation = db.content_generation();
        if let Some((_, value)) = self.lock().as_ref().filter(|(kept, _)| *kept == generation) {
            return Ok(value.clone());
        }
        let value = load(db).await?;
        *self.lock() = Some((generation, value.clone()));
        Ok(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(u64, T)>> {
        // A panic while holding the lock cannot leave a half-written value.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Database {
    /// The generation of this instance's view of the content.
    pub fn content_generation(&self) -> u64 {
        self.generation().current()
    }

    /// Called after a change was committed: this instance's pages are stale
    /// from now on, and (on PostgreSQL) every other instance's as soon as the
    /// notification reaches it. Never fails: an unsent notification is
    /// logged, and the other instances catch up when their listener
    /// reconnects.
    pub async fn content_changed(&self) {
        self.generation().bump();
        if self.is_postgres() {
            if let Err(e) = self
                .writer()
                .execute_unprepared(&format!("NOTIFY {CHANNEL}"))
                .await
            {
                tracing::warn!(error = %e, "could not announce a content change");
            }
        }
    }
}

/// Follows the changes other instances announce, for as long as the process
/// runs (PostgreSQL only; returns at once on SQLite). A lost connection may
/// have missed announcements, so it counts as a change.
pub async fn follow_other_instances(db: Database) {
    if !db.is_postgres() {
        return;
    }
    let generation = db.generation().clone();
    loop {
        let mut listener =
            match PgListener::connect_with(db.writer().get_postgres_connection_pool()).await {
                Ok(listener) => listener,
                Err(e) => {
                    tracing::warn!(error = %e, "content listener: could not connect");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "content listener: could not listen");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        generation.bump();
        loop {
            match listener.try_recv().await {
                Ok(Some(_)) => generation.bump(),
                // Reconnected: whatever was announced meanwhile is lost.
                Ok(None) => generation.bump(),
                Err(e) => {
                    tracing::warn!(error = %e, "content listener: connection lost");
                    break;
                }
            }
        }
        generation.bump();
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
