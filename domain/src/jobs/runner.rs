//! The job runner: claims due jobs, runs each kind's handler, records the
//! outcome. One runner per process; any number of processes may share a
//! database.
use super::{enqueue_in, periodic_key, store, NewJob};
use crate::{entities::job, error::DomainResult, Database};
use chrono::{DateTime, Duration, Utc};
use serde::de::DeserializeOwned;
use std::{collections::HashMap, future::Future, pin::Pin, sync::Arc};
use tokio::{
    sync::{watch, Notify},
    task::JoinHandle,
};

/// One attempt of one job, as its handler sees it.
#[derive(Debug, Clone)]
pub struct JobRun {
    pub id: i32,
    pub kind: String,
    pub payload: String,
    /// 1 for the first attempt.
    pub attempt: i32,
    pub max_attempts: i32,
    /// The clock, read when this job started.
    pub now: DateTime<Utc>,
}

impl JobRun {
    pub fn payload<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_str(&self.payload)
            .map_err(|e| format!("malformed {} payload: {e}", self.kind))
    }

    /// Whether a failure now makes the job `failed`.
    pub fn is_last_attempt(&self) -> bool {
        self.attempt >= self.max_attempts
    }
}

/// Why an attempt failed, logged and kept on the job (it must not contain
/// secrets), and, when the handler knows it, when to try again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobError {
    pub reason: String,
    /// Not before this (an outside service's `Retry-After`, a rate limit's
    /// reset) instead of the usual [`super::backoff`].
    pub retry_at: Option<DateTime<Utc>>,
}

impl JobError {
    /// Try again at `at`, not after the usual backoff.
    pub fn retry_at(reason: impl Into<String>, at: DateTime<Utc>) -> Self {
        JobError {
            reason: reason.into(),
            retry_at: Some(at),
        }
    }
}

impl From<String> for JobError {
    fn from(reason: String) -> Self {
        JobError {
            reason,
            retry_at: None,
        }
    }
}

impl From<&str> for JobError {
    fn from(reason: &str) -> Self {
        reason.to_owned().into()
    }
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.retry_at {
            Some(at) => write!(f, "{} (retry at {at})", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

pub type JobFuture = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;
/// What a job kind does. `Err` is the reason, logged and kept on the job
/// (see [`JobError`]).
pub type Handler = Arc<dyn Fn(JobRun) -> JobFuture + Send + Sync>;

/// A test's clock; without one the runner asks the database for the time,
/// so instances whose clocks disagree still agree on what is due.
type Clock = Option<Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>>;

#[derive(Clone)]
pub struct Runner {
    db: Database,
    id: String,
    handlers: HashMap<&'static str, Handler>,
    periodic: HashMap<&'static str, Duration>,
    lease: Duration,
    batch: u64,
    clock: Clock,
}

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("id", &self.id)
            .field("kinds", &self.handlers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Runner {
    /// A runner with a random id, a 10-minute lease and batches of 10.
    pub fn new(db: Database) -> Self {
        let mut bytes = [0u8; 6];
        // Uniqueness only matters between live runners; the pid keeps ids
        // readable and distinct even if the generator failed.
        let _ = getrandom::fill(&mut bytes);
        Self {
            db,
            id: format!("{}-{}", std::process::id(), hex::encode(bytes)),
            handlers: HashMap::new(),
            periodic: HashMap::new(),
            lease: Duration::minutes(10),
            batch: 10,
            clock: None,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Names the runner after its instance (`INSTANCE_ID`), so the jobs
    /// table says which instance holds a job.
    pub fn instance(mut self, instance: &str) -> Self {
        if let Some((_, random)) = self.id.rsplit_once('-') {
            self.id = format!("{instance}-{random}");
        }
        self
    }

    async fn now(&self) -> DomainResult<DateTime<Utc>> {
        match &self.clock {
            Some(clock) => Ok(clock()),
            None => Ok(self.db.now().await?),
        }
    }

    /// Registers the handler of `kind`.
    pub fn handle<F, Fut>(mut self, kind: &'static str, handler: F) -> Self
    where
        F: Fn(JobRun) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        self.handlers.insert(
            kind,
            Arc::new(move |run| Box::pin(handler(run)) as JobFuture),
        );
        self
    }

    /// Registers `kind` as periodic: one row, run every `period` by one
    /// runner among all that share the database.
    pub fn every<F, Fut>(mut self, kind: &'static str, period: Duration, handler: F) -> Self
    where
        F: Fn(JobRun) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        self.periodic.insert(kind, period);
        self.handle(kind, handler)
    }

    /// How long a claimed job is reserved; a handler running longer is cut
    /// off, so no two runners ever run one job at once.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// A fixed or stepping clock, for tests.
    pub fn clock(mut self, clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Creates the row of every periodic kind that has none, due at once
    /// (catching up on whatever fell due while no runner was up).
    pub async fn install_periodic(&self) -> DomainResult<()> {
        let now = self.now().await?;
        for kind in self.periodic.keys() {
            let job = NewJob::new(kind, &()).dedupe(periodic_key(kind));
            enqueue_in(self.db.writer(), job, now).await?;
        }
        Ok(())
    }

    /// Claims one batch of due jobs and runs them one by one; stops between
    /// jobs once `stop` is true and gives the unstarted ones back. Returns
    /// how many jobs ran.
    pub async fn run_due(&self, stop: Option<&watch::Receiver<bool>>) -> DomainResult<usize> {
        let now = self.now().await?;
        let claimed = store::claim(&self.db, &self.id, now, self.lease, self.batch).await?;
        let mut ran = 0;
        let mut jobs = claimed.into_iter();
        for job in jobs.by_ref() {
            if stop.is_some_and(|s| *s.borrow()) {
                store::release(&self.db, &job, &self.id, self.now().await?).await?;
                break;
            }
            self.run_one(job).await?;
            ran += 1;
        }
        for job in jobs {
            store::release(&self.db, &job, &self.id, self.now().await?).await?;
        }
        Ok(ran)
    }

    async fn run_one(&self, job: job::Model) -> DomainResult<()> {
        let started = self.now().await?;
        let run = JobRun {
            id: job.id,
            kind: job.kind.clone(),
            payload: job.payload.clone(),
            attempt: job.attempts,
            max_attempts: job.max_attempts,
            now: started,
        };
        let outcome = match self.handlers.get(job.kind.as_str()) {
            None => Err(format!("no handler for job kind {:?}", job.kind).into()),
            Some(handler) => {
                // Its own task, so a panicking handler fails its job instead
                // of the runner; cut off at the lease.
                let task = tokio::spawn(handler(run));
                let limit = self.lease.to_std().unwrap_or_default();
                match tokio::time::timeout(limit, task).await {
                    Ok(Ok(result)) => result,
                    Ok(Err(e)) if e.is_panic() => Err("the handler panicked".into()),
                    Ok(Err(e)) => Err(format!("the handler was cancelled: {e}").into()),
                    Err(_) => Err("the handler ran past its lease".into()),
                }
            }
        };
        let now = self.now().await?;
        let held = match (self.periodic.get(job.kind.as_str()), &outcome) {
            (Some(period), result) => {
                let error = result.as_ref().err().map(|e| e.reason.as_str());
                store::reschedule(&self.db, &job, &self.id, now + *period, error, now).await?
            }
            (None, Ok(())) => store::complete(&self.db, &job, &self.id, now).await?,
            (None, Err(e)) => {
                store::fail_until(&self.db, &job, &self.id, &e.reason, e.retry_at, now).await?
            }
        };
        match outcome {
            Ok(()) => tracing::debug!(id = job.id, kind = %job.kind, "job done"),
            Err(error) => tracing::warn!(
                id = job.id,
                kind = %job.kind,
                attempt = job.attempts,
                max_attempts = job.max_attempts,
                %error,
                "job attempt failed"
            ),
        }
        if !held {
            tracing::warn!(id = job.id, kind = %job.kind, "job lease lost before completion");
        }
        Ok(())
    }

    /// Runs in the background: installs the periodic rows, then runs due
    /// jobs at once, every `poll`, and whenever the returned [`Notify`] is
    /// poked (after a request enqueued something). Stops between jobs when
    /// `shutdown` becomes true or its sender is dropped.
    pub fn spawn(
        self,
        poll: std::time::Duration,
        mut shutdown: watch::Receiver<bool>,
    ) -> (JoinHandle<()>, Arc<Notify>) {
        let notify = Arc::new(Notify::new());
        let poke = notify.clone();
        let handle = tokio::spawn(async move {
            if let Err(e) = self.install_periodic().await {
                tracing::error!(error = %e, "jobs: installing periodic jobs failed");
            }
            loop {
                if *shutdown.borrow() {
                    break;
                }
                // A full batch means more may be due: go again at once.
                let full = match self.run_due(Some(&shutdown)).await {
                    Ok(n) => n as u64 >= self.batch,
                    Err(e) => {
                        tracing::error!(error = %e, "jobs: database error");
                        false
                    }
                };
                if full {
                    continue;
                }
                tokio::select! {
                    _ = tokio::time::sleep(poll) => {}
                    _ = poke.notified() => {}
                    changed = shutdown.changed() => {
                        if changed.is_err() {
                            break;
                        }
                    }
                }
            }
            tracing::debug!(runner = %self.id, "job runner stopped");
        });
        (handle, notify)
    }
}
