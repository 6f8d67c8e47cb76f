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
    any::Any,
    future::Future,
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

/// What the public pages show, each value under a key naming its query and
/// parameters (`"blog/post kenapa-rust"`), kept while the content generation
/// stays the same. An uncached page then reads no database once its data
/// was read: the queries were most of a page's cost (bench/README).
///
/// Bounded in entries (any visitor chooses keys, e.g. a tag in a query
/// string) and in age: a post published with a time still ahead becomes
/// visible when that time passes, which changes no generation.
#[derive(Clone)]
pub(crate) struct KeptForPages(moka::sync::Cache<String, (u64, Arc<dyn Any + Send + Sync>)>);

impl Default for KeptForPages {
    fn default() -> Self {
        KeptForPages(
            moka::sync::Cache::builder()
                .max_capacity(KEPT_FOR_PAGES_ENTRIES)
                .time_to_live(KEPT_FOR_PAGES_AGE)
                .build(),
        )
    }
}

impl KeptForPages {
    /// After the cache's pending evictions, which it runs lazily.
    pub(crate) fn entries(&self) -> u64 {
        self.0.run_pending_tasks();
        self.0.entry_count()
    }
}

impl std::fmt::Debug for KeptForPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptForPages")
            .field("entries", &self.0.entry_count())
            .finish()
    }
}

/// Pages' data are a few KB each: 256 of them stay within a few MB.
pub const KEPT_FOR_PAGES_ENTRIES: u64 = 256;
/// At most as late as the scheduled publishing job (every minute).
pub const KEPT_FOR_PAGES_AGE: Duration = Duration::from_secs(60);

impl Database {
    /// The value under `key` read in this content generation, else what
    /// `load` reads (kept only if it is no error). The key must name
    /// everything the value depends on, and the value may depend on no
    /// visitor: it is shared by every request.
    pub async fn kept_for_pages<T, E>(
        &self,
        key: String,
        load: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E>
    where
        T: Clone + Send + Sync + 'static,
    {
        let generation = self.content_generation();
        if let Some(value) = self.kept_for_pages_in(generation, &key) {
            return Ok(value);
        }
        let value = load.await?;
        self.keep_in(generation, key, value.clone());
        Ok(value)
    }

    /// What `make` makes from pages' data read in `generation` (read by the
    /// caller before that data, e.g. the page's HTML drawn from it), kept
    /// under `key` like [`Database::kept_for_pages`]. Kept under that
    /// generation, not the current one: made from data a change has just
    /// replaced, it is never handed out after that change.
    pub fn kept_for_pages_from<T>(
        &self,
        generation: u64,
        key: String,
        make: impl FnOnce() -> T,
    ) -> T
    where
        T: Clone + Send + Sync + 'static,
    {
        if let Some(value) = self.kept_for_pages_in(generation, &key) {
            return value;
        }
        let value = make();
        self.keep_in(generation, key, value.clone());
        value
    }

    /// The value kept under `key` for `generation`, if there is one: what a
    /// page drew in this generation is found without reading its data.
    pub fn kept_for_pages_in<T: Clone + 'static>(&self, generation: u64, key: &str) -> Option<T> {
        let (kept_in, value) = self.kept_for_pages_store().0.get(key)?;
        (kept_in == generation)
            .then(|| value.downcast_ref::<T>().cloned())
            .flatten()
    }

    fn keep_in<T: Send + Sync + 'static>(&self, generation: u64, key: String, value: T) {
        // A newer generation's value stays: this one is already stale.
        if self.content_generation() == generation {
            self.kept_for_pages_store()
                .0
                .insert(key, (generation, Arc::new(value)));
        }
    }

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
