//! The content scheduler (the seed's `cron/content-publish`): publishes
//! posts whose time has come, once at start (catching up on whatever fell
//! due while the server was down) and then every minute. The state lives
//! in the database, so nothing is lost across restarts.
use domain::Database;
use std::time::Duration;
use tokio::sync::watch;

pub async fn run_once(db: &Database) {
    match domain::cms::publish_due_posts(db, chrono::Utc::now()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(published = n, "scheduled posts published"),
        Err(e) => tracing::error!(error = %e, "publishing scheduled posts failed"),
    }
}

pub fn spawn(
    db: Database,
    every: Duration,
    mut stopped: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick fires at once; `run_once` already ran at start.
        tick.tick().await;
        loop {
            tokio::select! {
                _ = tick.tick() => run_once(&db).await,
                _ = stopped.changed() => break,
            }
        }
    })
}
